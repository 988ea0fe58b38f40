// soas case list|show: the progress query (案件進度查詢) and a case's details.

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include "app.hpp"
#include "cmd_case.hpp"
#include "core/error.hpp"
#include "core/files.hpp"

#include <iostream>

#include "config/form_file.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"

namespace soas::cli {

namespace cmd_case {

std::string day_of(std::int64_t unix) {
  return to_taipei(unix).date.slashed();
}

int run_list(Output& io, Services& sv, const ListOptions& o) {
  store::CaseQuery q;
  q.group_no = o.group;
  q.receipt_no = o.receipt;
  if (o.status) q.state = domain::parse_case_state(*o.status);
  if (o.from) q.from = from_taipei(parse_date_option("--from", *o.from));
  if (o.to) q.to = from_taipei(parse_date_option("--to", *o.to).add_days(1));
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  using Row = service::CaseListRow;
  return print_paged<Row>(
      io, o.page, "cases",
      [&](const std::optional<std::string>& after, std::size_t limit) {
        store::CaseQuery page_query = q;
        page_query.after = after;
        return service::case_list_page(env, caller, page_query, limit);
      },
      [&](const Row& r) {
        const auto& [c, applicant] = r;
        return Json{{"group_no", c.group_no},
                    {"applicant", applicant},
                    {"kind", domain::key(c.kind)},
                    {"receipt_no", c.receipt_no},
                    {"state", domain::key(c.state)},
                    {"state_label", io.tr(domain::label(c.state))},
                    {"applicants", 1},
                    {"submitted_on", to_taipei(c.submitted_at).date.iso()}};
      },
      {io.tr({"團號/批次號", "group"}), io.tr({"申請人", "applicant"}), io.tr({"申辦項目", "kind"}),
       io.tr({"收件號", "receipt"}), io.tr({"辦理階段", "state"}), io.tr({"申請人數", "applicants"}),
       io.tr({"申請日期", "submitted"})},
      [&](const Row& r) {
        const auto& [c, applicant] = r;
        return std::vector<std::string>{c.group_no,
                                        applicant,
                                        io.tr(domain::label(c.kind)),
                                        c.receipt_no,
                                        io.tr(domain::label(c.state)),
                                        "1",
                                        day_of(c.submitted_at)};
      });
}

// Writes each document of a case as ITEM-SEQ-FILE into dir (created 0700).
void write_documents(Services& sv, const std::string& receipt, const std::string& dir) {
  const auto files = service::case_document_files(sv.service_env(), sv.caller(), receipt);
  ensure_private_directory(dir, "docs-out-unwritable");  // made 0700 when missing, else left as it is
  for (const auto& f : files) write_private_atomically(dir + "/" + f.name, f.bytes);
}

int run_case_show(Output& io, Services& sv, const std::string& receipt, const std::string& docs_out) {
  const auto env = sv.service_env();
  const auto detail = service::case_detail(env, sv.caller(), receipt);
  const auto& [c, fields, docs, history] = detail;
  if (!docs_out.empty()) write_documents(sv, receipt, docs_out);
  if (io.json()) {
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
      h.push_back({{"action", domain::key(e.action)},
                   {"from", e.from ? domain::key(*e.from) : std::string_view()},
                   {"to", domain::key(e.to)},
                   {"actor", e.actor},
                   {"at", iso_taipei(e.at)},
                   {"note", e.note}});
    }
    io.print_json({{"receipt_no", c.receipt_no},
                   {"group_no", c.group_no},
                   {"kind", domain::key(c.kind)},
                   {"permit_no", c.permit_no.empty() ? Json() : Json(c.permit_no)},
                   {"state", domain::key(c.state)},
                   {"fee", c.fee},
                   {"submitted_at", iso_taipei(c.submitted_at)},
                   {"decision_due", c.decision_due},
                   {"opinion", c.opinion},
                   {"reply", c.reply},
                   {"proxy", c.proxy},
                   {"unrecorded", c.unrecorded},
                   {"fields", fields},
                   {"documents", d},
                   {"history", h}});
    return 0;
  }
  std::vector<std::vector<std::string>> about = {
      {io.tr({"收件號", "receipt"}), c.receipt_no},
      {io.tr({"團號/批次號", "group"}), c.group_no},
      {io.tr({"申辦項目", "kind"}), io.tr(domain::label(c.kind))},
      {io.tr({"許可證號", "permit"}), c.permit_no.empty() ? "-" : c.permit_no},
      {io.tr({"辦理階段", "state"}), io.tr(domain::label(c.state))},
      {io.tr({"規費", "fee"}), "NT$" + std::to_string(c.fee)},
      {io.tr({"送件時間", "submitted"}), iso_taipei(c.submitted_at)},
      {io.tr({"預計審核完成", "decision expected"}), c.decision_due},
      {io.tr({"審核意見", "opinion"}), c.opinion.empty() ? "-" : c.opinion},
      {io.tr({"審核意見回覆", "reply"}), c.reply.empty() ? "-" : c.reply}};
  if (c.proxy || c.unrecorded)
    about.insert(about.begin() + 4, {io.tr({"辦理方式", "filed as"}), io.tr(service::filed_as(c))});
  io.print_table({io.tr({"項目", "item"}), io.tr({"內容", "value"})}, about);
  io.out() << '\n';
  std::vector<std::vector<std::string>> rows;
  for (const auto& [k, v] : fields) rows.push_back({k, v});
  io.print_table({io.tr({"欄位", "field"}), io.tr({"內容", "value"})}, rows);
  io.out() << '\n';
  rows.clear();
  for (const auto& x : docs) {
    rows.push_back(
        {x.item + "/" + std::to_string(x.seq), x.file_name, x.format, std::to_string(x.size), x.sha256});
  }
  io.print_table({io.tr({"應檢附文件", "document"}), io.tr({"檔名", "file"}), io.tr({"格式", "format"}),
                  io.tr({"大小", "bytes"}), "sha256"},
                 rows);
  io.out() << '\n';
  rows.clear();
  for (const auto& e : history) {
    rows.push_back(
        {iso_taipei(e.at), e.actor, std::string(domain::key(e.action)),
         std::string(e.from ? domain::key(*e.from) : "-") + " -> " + std::string(domain::key(e.to)), e.note});
  }
  io.print_table({io.tr({"時間", "at"}), io.tr({"執行者", "actor"}), io.tr({"動作", "action"}),
                  io.tr({"狀態", "state"}), io.tr({"說明", "note"})},
                 rows);
  return 0;
}

const Text k_withdraw_declaration{"案件撤銷聲明事項：撤銷後本案即終止辦理，已繳規費依規定辦理，且無法回復。",
                                  "Withdrawal: once withdrawn the case ends and cannot be restored."};

int run_withdraw(Output& io, Services& sv, const WithdrawOptions& o) {
  bool agreed = o.agree && o.yes;
  if (!agreed && isatty(STDIN_FILENO) == 1) {
    io.err() << io.tr(k_withdraw_declaration) << '\n';
    agreed =
        io.confirm({"我同意上述聲明事項 (y/N)：", "I agree (y/N): "}) &&
        io.confirm({"確定要撤銷案件 " + o.receipt + "？(y/N)：", "Withdraw case " + o.receipt + "? (y/N): "});
  }
  if (!agreed) {
    throw Refusal(msg::withdraw_failed.code,
                  Text{msg::withdraw_failed.zh + std::string("：須同意聲明事項並確認（--agree --yes）"),
                       msg::withdraw_failed.en + std::string(": agree and confirm (--agree --yes)")});
  }
  const auto c = service::act_on_case(sv.service_env(), sv.caller(), o.receipt, domain::CaseAction::withdraw);
  if (io.json()) {
    io.print_json({{"receipt_no", c.receipt_no},
                   {"state", domain::key(c.state)},
                   {"message", io.tr(msg::withdrawn.text())}});
  } else {
    io.out() << io.tr(msg::withdrawn.text()) << '\n';
  }
  return 0;
}

int run_correct(Output& io, Services& sv, const CorrectOptions& o) {
  service::Correction c;
  c.receipt_no = o.receipt;
  if (o.form_file) c.changes = config::load_form_file(*o.form_file);
  config::apply_settings(c.changes, o.settings);
  c.add_docs = parse_doc_options(o.docs);

  for (const auto& r : o.remove) {
    const auto slash = r.find('/');
    int seq = 0;
    if (slash != std::string::npos) {
      try {
        seq = std::stoi(r.substr(slash + 1));
      } catch (const std::exception&) {
        seq = 0;
      }
    }
    if (slash == std::string::npos || seq < 1) {
      throw UsageError("bad-remove-doc",
                       Text{"--remove-doc 須為 項目/序號，而非 " + r, "--remove-doc takes ITEM/N, not " + r});
    }
    c.remove_docs.emplace_back(r.substr(0, slash), seq);
  }
  c.reply = o.reply;
  const auto done = service::correct_case(sv.service_env(), sv.caller(), std::move(c));
  if (io.json()) {
    io.print_json({{"receipt_no", done.receipt_no},
                   {"state", domain::key(done.state)},
                   {"message", io.tr(msg::corrected.text())}});
  } else {
    io.out() << io.tr(msg::corrected.text()) << '\n';
  }
  return 0;
}

int run_todo(Output& io, Services& sv, const PageOptions& o) {
  static const std::pair<service::TodoSection, Text> k_sections[] = {
      {service::TodoSection::new_cases, {"新申請案件", "new cases"}},
      {service::TodoSection::awaiting_correction, {"待補件案件", "awaiting correction"}},
      {service::TodoSection::awaiting_payment, {"待繳費案件", "awaiting payment"}},
      {service::TodoSection::group_refused, {"整團不受理/不核准案件", "groups not accepted or rejected"}},
      {service::TodoSection::refused, {"不受理/不核准案件", "not accepted or rejected"}}};
  const auto section_key = [](service::TodoSection s) {
    switch (s) {
      case service::TodoSection::new_cases: return "new";
      case service::TodoSection::awaiting_correction: return "awaiting-correction";
      case service::TodoSection::awaiting_payment: return "awaiting-payment";
      case service::TodoSection::group_refused: return "group-refused";
      case service::TodoSection::refused: return "refused";
    }
    return "?";
  };
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  const auto fetch = [&](const std::optional<std::string>& after, std::size_t limit) {
    return service::todo_page(env, caller, after, limit);
  };
  const auto json_of = [&](const service::TodoRow& r) {
    return Json{{"tab", domain::key(r.c.kind)},
                {"section", section_key(r.section)},
                {"applicant", r.applicant},
                {"receipt_no", r.c.receipt_no},
                {"applicants", 1},
                {"state", domain::key(r.c.state)},
                {"submitted_on", to_taipei(r.c.submitted_at).date.iso()}};
  };
  if (io.json()) {
    if (o.all) {
      JsonArrayStream stream(io, "todo");
      for_each_page<service::TodoRow>(fetch, [&](const std::vector<service::TodoRow>& rows) {
        for (const auto& r : rows) stream.add(json_of(r));
      });
      stream.finish();
      return 0;
    }
    const auto page = fetch(o.after, o.limit);
    Json a = Json::array();
    for (const auto& r : page.rows) a.push_back(json_of(r));
    Json doc{{"todo", a}};
    add_more_json(doc, page);
    io.print_json(doc);
    return 0;
  }
  // The rows of one page by tab (kind) and section; with --all, each page
  // of 1,000 in turn.
  bool first = true;
  const auto print_rows = [&](const std::vector<service::TodoRow>& rows) {
    for (auto kind : domain::k_application_kinds) {
      const bool any = std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r.c.kind == kind; });
      if (!any) continue;
      if (!first) io.out() << '\n';
      first = false;
      io.out() << "[" << io.tr(domain::label(kind)) << "]\n";
      for (const auto& [section, title] : k_sections) {
        std::vector<std::vector<std::string>> table;
        int n = 0;
        for (const auto& r : rows) {
          if (r.c.kind != kind || r.section != section) continue;
          table.push_back({std::to_string(++n), r.applicant, r.c.receipt_no, "1",
                           io.tr(domain::label(r.c.state)), to_taipei(r.c.submitted_at).date.slashed()});
        }
        if (table.empty()) continue;
        io.out() << io.tr(title) << '\n';
        io.print_table(
            {io.tr({"項次", "no."}), io.tr({"申請名稱", "name"}), io.tr({"收件號", "receipt"}),
             io.tr({"申請人數", "applicants"}), io.tr({"狀態", "state"}), io.tr({"送件日期", "submitted"})},
            table);
      }
    }
  };
  if (o.all) {
    for_each_page<service::TodoRow>(fetch, print_rows);
  } else {
    const auto page = fetch(o.after, o.limit);
    print_rows(page.rows);
    if (page.next) io.out() << '\n';
    print_more(io, page);
  }
  if (first) io.out() << io.tr({"目前沒有待辦事項", "Nothing to do"}) << '\n';
  return 0;
}

}  // namespace cmd_case

using namespace cmd_case;  // its runners and options

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
  add_page_options(list, o->page);
  list->footer(std::string(k_paging_help) +
               "Examples:\n  soas case list\n  soas case list --group 000000001\n"
               "  soas case list --status pending-review --from 2026-11-01 --to 2026-11-30\n"
               "  soas case list --after 115000000100\n  soas --json case list --all > cases.json");
  commands.add(list, [o](Context& ctx) { return run_list(ctx, ctx, *o); });
  auto receipt = std::make_shared<std::string>();
  auto docs_out = std::make_shared<std::string>();
  CLI::App* show = group->add_subcommand("show", "Every field, document and state change of a case");
  show->add_option("receipt", *receipt, "The receipt number (收件號)")->required();
  show->add_option("--docs-out", *docs_out, "Also write the documents into this directory (0700)");
  show->footer(
      "Someone else's case answers as a case that does not exist.\n\n"
      "Examples:\n  soas case show 115000000001\n  soas case show 115000000001 --docs-out docs");
  commands.add(show,
               [receipt, docs_out](Context& ctx) { return run_case_show(ctx, ctx, *receipt, *docs_out); });

  auto w = std::make_shared<WithdrawOptions>();
  CLI::App* wd = group->add_subcommand("withdraw", "Withdraw a case still under review (案件撤銷)");
  wd->add_option("receipt", w->receipt, "The receipt number")->required();
  wd->add_flag("--agree", w->agree, "Agree to the withdrawal declaration");
  wd->add_flag("--yes", w->yes, "Confirm (with --agree); asked twice on a terminal otherwise");
  wd->footer(
      "Prints 撤銷成功, or 撤銷失敗 with the reason (exit 4).\n\n"
      "Example:\n  soas case withdraw 115000000001 --agree --yes");
  commands.add(wd, [w](Context& ctx) { return run_withdraw(ctx, ctx, *w); });

  auto c = std::make_shared<CorrectOptions>();
  CLI::App* cr =
      group->add_subcommand("correct", "Answer a return: 補正 (fields and documents) or 補件 (documents)");
  cr->add_option("receipt", c->receipt, "The receipt number")->required();
  cr->add_option("--form", c->form_file, "Changed fields as YAML (補正 only)");
  cr->add_option("--set", c->settings, "field=value (補正 only; repeatable)");
  cr->add_option("--doc", c->docs, "ITEM=FILE: add a document (repeatable)");
  cr->add_option("--remove-doc", c->remove,
                 "ITEM/N: remove a document, as case show numbers it (repeatable)");
  cr->add_option("--reply", c->reply, "A reply to the reviewer's opinion (optional)");
  cr->footer(
      "On success prints 補正(件)完成 and the case is back under review.\n\n"
      "Examples:\n  soas case correct 115000000001 --set grade=3 --reply \"已更正\"\n"
      "  soas case correct 115000000001 --remove-doc photo/1 --doc photo=me.jpg");
  commands.add(cr, [c](Context& ctx) { return run_correct(ctx, ctx, *c); });
}

void register_todo(CLI::App& app, Commands& commands) {
  CLI::App* t = app.add_subcommand("todo", "The dashboard (待辦事項): your cases by business and section");
  auto page = std::make_shared<PageOptions>();
  add_page_options(t, *page);
  t->footer(
      "Your open cases in receipt-number order, 100 at a time, by business (tab) and section: the\n"
      "last line says how many more there are and the --after that shows the next page (with --json:\n"
      "\"next\" and \"more\"). --all shows every case, each 1,000 by tab and section in turn.\n\n"
      "Examples:\n  soas todo\n  soas --json todo\n  soas todo --after 115000000100");
  commands.add(t, [page](Context& ctx) { return run_todo(ctx, ctx, *page); });
}

}  // namespace soas::cli
