// soas case list|show: the progress query (案件進度查詢) and a case's details.

#include "app.hpp"
#include "core/error.hpp"
#include "service/applications.hpp"

namespace soas::cli {

namespace {

struct ListOptions {
  std::optional<std::string> group;
  std::optional<std::string> receipt;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> status;
};

std::string day_of(std::int64_t unix) {
  return to_taipei(unix).date.slashed();
}

std::string applicant_name(Context& ctx, std::int64_t id) {
  const auto a = ctx.store().accounts().by_id(id);
  if (!a) return "?";
  const auto it = a->profile.find("name_zh");
  return it != a->profile.end() && !it->second.empty() ? it->second : a->name;
}

int run_list(Context& ctx, const ListOptions& o) {
  store::CaseQuery q;
  q.group_no = o.group;
  q.receipt_no = o.receipt;
  if (o.status) q.state = domain::parse_case_state(*o.status);
  if (o.from) q.from = from_taipei(parse_date_option("--from", *o.from));
  if (o.to) q.to = from_taipei(parse_date_option("--to", *o.to).add_days(1));
  const auto cases = service::list_cases(ctx.service_env(), ctx.caller(), q);
  if (ctx.json()) {
    Json a = Json::array();
    for (const auto& c : cases) {
      a.push_back({{"group_no", c.group_no},
                   {"applicant", applicant_name(ctx, c.applicant_id)},
                   {"kind", domain::key(c.kind)},
                   {"receipt_no", c.receipt_no},
                   {"state", domain::key(c.state)},
                   {"state_label", ctx.tr(domain::label(c.state))},
                   {"applicants", 1},
                   {"submitted_on", to_taipei(c.submitted_at).date.iso()}});
    }
    ctx.print_json({{"cases", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : cases) {
    rows.push_back({c.group_no, applicant_name(ctx, c.applicant_id), ctx.tr(domain::label(c.kind)),
                    c.receipt_no, ctx.tr(domain::label(c.state)), "1", day_of(c.submitted_at)});
  }
  ctx.print_table({ctx.tr({"團號/批次號", "group"}), ctx.tr({"申請人", "applicant"}),
                   ctx.tr({"申辦項目", "kind"}), ctx.tr({"收件號", "receipt"}), ctx.tr({"辦理階段", "state"}),
                   ctx.tr({"申請人數", "applicants"}), ctx.tr({"申請日期", "submitted"})},
                  rows);
  return 0;
}

int run_show(Context& ctx, const std::string& receipt) {
  const auto env = ctx.service_env();
  const auto c = service::visible_case(env, ctx.caller(), receipt);
  const auto fields = ctx.store().cases().fields(receipt);
  const auto docs = ctx.store().cases().documents(receipt);
  const auto history = ctx.store().cases().history(receipt);
  if (ctx.json()) {
    Json d = Json::array();
    for (const auto& x : docs) {
      d.push_back({{"item", x.item},
                   {"seq", x.seq},
                   {"file", x.file_name},
                   {"format", x.format},
                   {"size", x.size},
                   {"sha256", x.sha256}});
    }
    Json h = Json::array();
    for (const auto& e : history) {
      h.push_back({{"action", e.action},
                   {"from", e.from_state},
                   {"to", e.to_state},
                   {"actor", e.actor},
                   {"at", iso_taipei(e.at)},
                   {"note", e.note}});
    }
    ctx.print_json({{"receipt_no", c.receipt_no},
                    {"group_no", c.group_no},
                    {"kind", domain::key(c.kind)},
                    {"permit_no", c.permit_no.empty() ? Json() : Json(c.permit_no)},
                    {"state", domain::key(c.state)},
                    {"fee", c.fee},
                    {"submitted_at", iso_taipei(c.submitted_at)},
                    {"decision_due", c.decision_due},
                    {"opinion", c.opinion},
                    {"reply", c.reply},
                    {"fields", fields},
                    {"documents", d},
                    {"history", h}});
    return 0;
  }
  ctx.print_table({ctx.tr({"項目", "item"}), ctx.tr({"內容", "value"})},
                  {{ctx.tr({"收件號", "receipt"}), c.receipt_no},
                   {ctx.tr({"團號/批次號", "group"}), c.group_no},
                   {ctx.tr({"申辦項目", "kind"}), ctx.tr(domain::label(c.kind))},
                   {ctx.tr({"許可證號", "permit"}), c.permit_no.empty() ? "-" : c.permit_no},
                   {ctx.tr({"辦理階段", "state"}), ctx.tr(domain::label(c.state))},
                   {ctx.tr({"規費", "fee"}), "NT$" + std::to_string(c.fee)},
                   {ctx.tr({"送件時間", "submitted"}), iso_taipei(c.submitted_at)},
                   {ctx.tr({"預計審核完成", "decision expected"}), c.decision_due},
                   {ctx.tr({"審核意見", "opinion"}), c.opinion.empty() ? "-" : c.opinion},
                   {ctx.tr({"審核意見回覆", "reply"}), c.reply.empty() ? "-" : c.reply}});
  ctx.out() << '\n';
  std::vector<std::vector<std::string>> rows;
  for (const auto& [k, v] : fields) rows.push_back({k, v});
  ctx.print_table({ctx.tr({"欄位", "field"}), ctx.tr({"內容", "value"})}, rows);
  ctx.out() << '\n';
  rows.clear();
  for (const auto& x : docs) {
    rows.push_back(
        {x.item + "/" + std::to_string(x.seq), x.file_name, x.format, std::to_string(x.size), x.sha256});
  }
  ctx.print_table({ctx.tr({"應檢附文件", "document"}), ctx.tr({"檔名", "file"}), ctx.tr({"格式", "format"}),
                   ctx.tr({"大小", "bytes"}), "sha256"},
                  rows);
  ctx.out() << '\n';
  rows.clear();
  for (const auto& e : history) {
    rows.push_back({iso_taipei(e.at), e.actor, e.action,
                    (e.from_state.empty() ? "-" : e.from_state) + " -> " + e.to_state, e.note});
  }
  ctx.print_table({ctx.tr({"時間", "at"}), ctx.tr({"執行者", "actor"}), ctx.tr({"動作", "action"}),
                   ctx.tr({"狀態", "state"}), ctx.tr({"說明", "note"})},
                  rows);
  return 0;
}

}  // namespace

void register_case(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("case", "Cases: the progress query and a case's details");
  group->require_subcommand(1);
  auto o = std::make_shared<ListOptions>();
  std::vector<std::string> states;
  for (auto s : domain::k_case_states) states.emplace_back(domain::key(s));
  CLI::App* list = group->add_subcommand("list", "The cases you may see (案件進度查詢)");
  list->add_option("--group", o->group, "By group number (團號/批次號)");
  list->add_option("--receipt", o->receipt, "By receipt number (收件號)");
  list->add_option("--from", o->from, "Submitted on or after this day");
  list->add_option("--to", o->to, "Submitted on or before this day");
  list->add_option("--status", o->status, "In this state")->check(CLI::IsMember(states));
  commands.add(list, [o](Context& ctx) { return run_list(ctx, *o); });
  auto receipt = std::make_shared<std::string>();
  CLI::App* show = group->add_subcommand("show", "Every field, document and state change of a case");
  show->add_option("receipt", *receipt, "The receipt number (收件號)")->required();
  show->footer("Someone else's case answers as a case that does not exist.");
  commands.add(show, [receipt](Context& ctx) { return run_show(ctx, *receipt); });
}

}  // namespace soas::cli
