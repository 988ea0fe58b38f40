// soas review: the reviewer's list and decisions.

#include "cmd_review.hpp"
#include "app.hpp"
#include "cmd_case.hpp"
#include "core/error.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"

namespace soas::cli {

namespace cmd_review {

int report(Output& io, const std::vector<domain::CaseRecord>& cases) {
  if (io.json()) {
    Json a = Json::array();
    for (const auto& c : cases) a.push_back({{"receipt_no", c.receipt_no}, {"state", domain::key(c.state)}});
    io.print_json({{"cases", a}});
    return 0;
  }
  for (const auto& c : cases) io.out() << c.receipt_no << ' ' << io.tr(domain::label(c.state)) << '\n';
  return 0;
}

int decide(Output& io, Services& sv, const DecisionOptions& o, domain::CaseAction action) {
  if (o.receipt.empty() == o.group.empty()) {
    throw UsageError("usage",
                     Text{"請給收件號或 --group 其中之一", "give a receipt number or --group, not both"});
  }
  const auto env = sv.service_env();
  if (!o.group.empty()) return report(io, service::act_on_group(env, sv.caller(), o.group, action, o.text));
  return report(io, {service::act_on_case(env, sv.caller(), o.receipt, action, o.text)});
}

int run_list(Output& io, Services& sv, const ListOptions& o) {
  service::ReviewQuery q;
  if (o.status) q.state = domain::parse_case_state(*o.status);
  if (o.kind) q.kind = domain::parse_application_kind(*o.kind);
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  using Row = domain::CaseRecord;
  return print_paged<Row>(
      io, o.page, "cases",
      [&](const std::optional<std::string>& after, std::size_t limit) {
        service::ReviewQuery page_query = q;
        page_query.after = after;
        return service::review_queue(env, caller, page_query, limit);
      },
      [&](const Row& c) {
        return Json{{"receipt_no", c.receipt_no},
                    {"group_no", c.group_no},
                    {"kind", domain::key(c.kind)},
                    {"state", domain::key(c.state)},
                    {"submitted_on", to_taipei(c.submitted_at).date.iso()},
                    {"decision_due", c.decision_due}};
      },
      {io.tr({"收件號", "receipt"}), io.tr({"團號/批次號", "group"}), io.tr({"申辦項目", "kind"}),
       io.tr({"辦理階段", "state"}), io.tr({"送件日期", "submitted"}), io.tr({"預計完成", "due"})},
      [&](const Row& c) {
        return std::vector<std::string>{c.receipt_no,
                                        c.group_no,
                                        io.tr(domain::label(c.kind)),
                                        io.tr(domain::label(c.state)),
                                        to_taipei(c.submitted_at).date.slashed(),
                                        c.decision_due};
      });
}

}  // namespace cmd_review

using namespace cmd_review;  // its runners and options

void register_review(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand(
      "review", "Review cases: list, show, return, approve, reject, not accept (reviewer)");
  group->require_subcommand(1);
  std::vector<std::string> states, kinds;
  for (auto s : domain::k_case_states) states.emplace_back(domain::key(s));
  for (auto k : domain::k_application_kinds) kinds.emplace_back(domain::key(k));
  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = group->add_subcommand("list", "Cases to review (default: pending and resubmitted)");
  list->add_option("--status", list_options->status, "In this state instead")->check(CLI::IsMember(states));
  list->add_option("--kind", list_options->kind, "Of this kind")->check(CLI::IsMember(kinds));
  add_page_options(list, list_options->page);
  list->footer(std::string(k_paging_help) +
               "Examples:\n  soas review list\n  soas review list --status withdrawn --kind multi-entry\n"
               "  soas review list --after 115000000100");
  commands.add(list, [list_options](Context& ctx) { return run_list(ctx, ctx, *list_options); });

  auto receipt = std::make_shared<std::string>();
  CLI::App* show = group->add_subcommand("show", "A case with every field, document and state change");
  show->add_option("receipt", *receipt, "The receipt number")->required();
  show->footer("Example:\n  soas review show 115000000001");
  commands.add(show, [receipt](Context& ctx) {
    service::require_role(ctx.caller(), {domain::Role::reviewer});
    return cmd_case::run_case_show(ctx, ctx, *receipt, "");
  });

  const auto decision = [&](const char* name, const char* help, domain::CaseAction action,
                            const char* text_option, bool group_allowed) {
    auto o = std::make_shared<DecisionOptions>();
    CLI::App* cmd = group->add_subcommand(name, help);
    cmd->add_option("receipt", o->receipt, "The receipt number (收件號)");
    if (group_allowed) cmd->add_option("--group", o->group, "Every case of this group (整團)");
    if (text_option) cmd->add_option(text_option, o->text, "Shown to the applicant")->required();
    commands.add(cmd, [o, action](Context& ctx) { return decide(ctx, ctx, *o, action); });
    return std::make_pair(cmd, o);
  };
  auto ret = std::make_shared<DecisionOptions>();
  CLI::App* r = group->add_subcommand("return", "Return a case for correction (補正) or supplement (補件)");
  r->add_option("receipt", ret->receipt, "The receipt number (收件號)")->required();
  r->add_option("--mode", ret->mode, "correction: every field may change; supplement: documents only")
      ->required()
      ->check(CLI::IsMember({"correction", "supplement"}));
  r->add_option("--opinion", ret->text, "The reviewer's opinion (審核意見)")->required();
  r->footer(
      "Examples:\n  soas review return 115000000001 --mode correction --opinion \"英文姓名與護照不符\"\n"
      "  soas review return 115000000001 --mode supplement --opinion \"請補健康證明\"");
  commands.add(r, [ret](Context& ctx) {
    return decide(ctx, ctx, *ret,
                  ret->mode == "correction" ? domain::CaseAction::return_correction
                                            : domain::CaseAction::return_supplement);
  });
  decision("approve", "Approve (核准): awaiting payment, or issued at once when the fee is 0",
           domain::CaseAction::approve, nullptr, true)
      .first->footer("Examples:\n  soas review approve 115000000001\n  soas review approve --group 000000001");
  decision("reject", "Reject (不核准)", domain::CaseAction::reject, "--reason", true)
      .first->footer("Example:\n  soas review reject 115000000001 --reason \"不符合申請資格\"");
  decision("not-accept", "Not accept (不受理)", domain::CaseAction::not_accept, "--reason", true)
      .first->footer("Example:\n  soas review not-accept --group 000000001 --reason \"逾期申請\"");
}

}  // namespace soas::cli
