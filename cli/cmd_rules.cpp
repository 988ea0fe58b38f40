// soas rules: look-ups of the domain rules — fees, quotes, the extension
// window, working days, holidays, required documents, case states, field
// checks and the message catalogue. Read-only; no database needed.

#include <iostream>

#include "app.hpp"
#include "cmd_rules.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/case_state.hpp"
#include "domain/documents.hpp"
#include "domain/extension_window.hpp"
#include "domain/fees.hpp"
#include "domain/types.hpp"
#include "domain/validators.hpp"
#include "service/calendar.hpp"
#include "service/documents.hpp"
#include "wording.hpp"

namespace soas::cli {

namespace cmd_rules {

template <typename Array>
std::vector<std::string> keys_of(const Array& all) {
  std::vector<std::string> out;
  for (auto v : all) out.emplace_back(domain::key(v));
  return out;
}

std::string money(long v) {
  return std::to_string(v);
}

// --- fees ------------------------------------------------------------------

int run_fees(Output& io, Services& sv) {
  const auto& cfg = sv.config();
  struct KindRow {
    domain::ApplicationKind kind;
    long fee;
    bool per_year;
  };
  const std::vector<KindRow> kinds = {
      {domain::ApplicationKind::arc, cfg.fees.arc_per_year, true},
      {domain::ApplicationKind::multi_entry, cfg.fees.multi_entry, false},
      {domain::ApplicationKind::extension, cfg.fees.extension, false},
      {domain::ApplicationKind::data_change, cfg.fees.data_change, false},
  };
  if (io.json()) {
    Json k = Json::array();
    for (const auto& r : kinds) {
      k.push_back({{"kind", domain::key(r.kind)},
                   {"label", io.tr(domain::label(r.kind))},
                   {"fee", r.fee},
                   {"per_year_of_validity", r.per_year}});
    }
    Json m = Json::array();
    for (auto method : domain::k_payment_methods) {
      Json row = {{"method", domain::key(method)}, {"label", io.tr(domain::label(method))}};
      if (method == domain::PaymentMethod::card) {
        row["included_basis_points"] = cfg.handling_fees.card_included_basis_points;
      } else {
        row["added"] = *domain::added_handling_fee(cfg.handling_fees, method);
      }
      m.push_back(row);
    }
    io.print_json({{"fees", k}, {"handling_fees", m}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : kinds) {
    rows.push_back({std::string(domain::key(r.kind)), io.tr(domain::label(r.kind)),
                    money(r.fee) + (r.per_year ? io.tr({" / 每年效期", " per year of validity"}) : "")});
  }
  io.print_table({io.tr({"申辦項目", "kind"}), io.tr({"名稱", "name"}), io.tr({"規費 (NT$)", "fee (NT$)"})},
                 rows);
  io.out() << '\n';
  rows.clear();
  for (auto method : domain::k_payment_methods) {
    std::string fee;
    if (method == domain::PaymentMethod::card) {
      fee = domain::percent_text(cfg.handling_fees.card_included_basis_points) +
            io.tr({"%（內含於刷卡金額）", "% (included in the amount charged)"});
    } else {
      fee = "+" + money(*domain::added_handling_fee(cfg.handling_fees, method)) +
            io.tr({" / 每筆", " per payment"});
    }
    rows.push_back({std::string(domain::key(method)), io.tr(domain::label(method)), fee});
  }
  io.print_table({io.tr({"繳費方式", "method"}), io.tr({"名稱", "name"}), io.tr({"手續費", "handling fee"})},
                 rows);
  return 0;
}

// --- quote -----------------------------------------------------------------

int run_quote(Output& io, Services& sv, const QuoteOptions& o) {
  const auto& cfg = sv.config();
  const auto method = *domain::parse_payment_method(o.method);
  long amount = 0;
  if (o.amount) {
    amount = *o.amount;
  } else if (o.kind) {
    amount = domain::case_fee(cfg.fees, *domain::parse_application_kind(*o.kind), o.years) * o.cases;
  } else {
    throw UsageError("usage", Text{"請給 --amount 或 --kind", "give --amount or --kind"});
  }
  const auto q = domain::quote_payment(cfg.handling_fees, method, amount);
  if (io.json()) {
    io.print_json({{"method", o.method},
                   {"amount", q.amount},
                   {"handling_fee", q.handling_fee},
                   {"handling_included", q.handling_included},
                   {"total", q.total},
                   {"notes", Json::array({io.tr(msg::no_refund.text())})}});
    return 0;
  }
  io.print_table({io.tr({"項目", "item"}), "NT$"},
                 {{io.tr({"繳費規費金額", "fees"}), money(q.amount)},
                  {io.tr({"手續費", "handling fee"}),
                   money(q.handling_fee) + (q.handling_included ? io.tr({"（內含）", " (included)"}) : "")},
                  {io.tr({"總繳費金額", "total"}), money(q.total)}});
  io.out() << io.tr(msg::no_refund.text()) << '\n';
  return 0;
}

// --- extension window ------------------------------------------------------

int run_window(Output& io, Services& sv, const WindowOptions& o) {
  const auto& cfg = sv.config();
  const util::Date expiry = parse_date_option("--expiry", o.expiry);
  const util::Date on = o.on ? parse_date_option("--on", *o.on) : sv.clock().today();
  const int months = cfg.timing.extension_window_months;
  if (o.require_open) domain::require_extension_window_open(expiry, on, months);
  const auto w = domain::extension_window(expiry, months);
  const auto status = w.status_on(on);
  const char* status_key = status == domain::WindowStatus::open      ? "open"
                           : status == domain::WindowStatus::expired ? "expired"
                                                                     : "not-yet-open";
  const Text status_text = status == domain::WindowStatus::open      ? Text{"可申請", "open"}
                           : status == domain::WindowStatus::expired ? Text{"已逾期", "expired"}
                                                                     : Text{"尚未開放", "not yet open"};
  if (io.json()) {
    io.print_json({{"expiry", expiry.iso()},
                   {"opens", w.opens.iso()},
                   {"closes", w.closes.iso()},
                   {"on", on.iso()},
                   {"status", status_key}});
    return 0;
  }
  io.print_table({io.tr({"項目", "item"}), io.tr({"日期", "date"})},
                 {{io.tr({"停留期限", "stay expiry"}), expiry.iso()},
                  {io.tr({"延期申請起日", "window opens"}), w.opens.iso()},
                  {io.tr({"延期申請迄日", "window closes"}), w.closes.iso()},
                  {io.tr({"查詢日", "on"}), on.iso()},
                  {io.tr({"狀態", "status"}), io.tr(status_text)}});
  return 0;
}

// --- working days ----------------------------------------------------------

int run_workdays(Output& io, Services& sv, const WorkdaysOptions& o) {
  const auto calendar = sv.working_calendar();
  const auto& cal = *calendar;
  const util::Date from = parse_date_option("--from", o.from);
  if (o.add.has_value() == o.to.has_value()) {
    throw UsageError("usage", Text{"請給 --add 或 --to 其中之一", "give exactly one of --add and --to"});
  }
  util::Date to;
  int days = 0;
  if (o.add) {
    days = *o.add;
    to = cal.add_working_days(from, days);
  } else {
    to = parse_date_option("--to", *o.to);
    if (to < from) throw UsageError("usage", Text{"--to 不可早於 --from", "--to may not be before --from"});
    days = cal.working_days_between(from, to);
  }
  const util::Date lo = std::min(from, to);
  const util::Date hi = std::max(from, to);
  std::vector<service::Warning> warnings;
  if (!cal.covers(lo, hi)) {
    warnings.push_back(service::Warning{
        msg::calendar_uncovered.code,
        Text{"行事曆未涵蓋 " + lo.iso() + " 至 " + hi.iso() + " 的全部年份，未涵蓋的年份只略過週末",
             "the holiday calendar does not cover every year from " + lo.iso() + " to " + hi.iso() +
                 "; in the years it lacks only weekends are skipped"}});
  }
  io.warn(warnings);
  std::vector<std::pair<util::Date, std::string>> skipped, made_up;
  for (util::Date d = lo.add_days(1); d <= hi; d = d.add_days(1)) {
    if (const auto* name = cal.holiday_name(d); name && !d.is_weekend()) skipped.emplace_back(d, *name);
    if (const auto* name = cal.make_up_name(d)) made_up.emplace_back(d, *name);
  }
  const auto day = [](const util::Date& d) { return d.iso() + " (" + util::weekday_name(d.weekday()) + ")"; };
  if (io.json()) {
    const auto list = [](const std::vector<std::pair<util::Date, std::string>>& v) {
      Json a = Json::array();
      for (const auto& [d, n] : v) a.push_back({{"date", d.iso()}, {"name", n}});
      return a;
    };
    io.print_json({{"from", from.iso()},
                   {"working_days", days},
                   {"to", to.iso()},
                   {"holidays_skipped", list(skipped)},
                   {"make_up_workdays", list(made_up)},
                   {"warnings", warnings_json(io, warnings)}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {{io.tr({"起算日", "from"}), day(from)},
                                                {io.tr({"工作天數", "working days"}), std::to_string(days)},
                                                {io.tr({"到期日", "to"}), day(to)}};
  for (const auto& [d, n] : skipped)
    rows.push_back({io.tr({"略過假日", "holiday skipped"}), day(d) + " " + n});
  for (const auto& [d, n] : made_up)
    rows.push_back({io.tr({"補行上班", "make-up working day"}), day(d) + " " + n});
  io.print_table({io.tr({"項目", "item"}), io.tr({"日期", "date"})}, rows);
  return 0;
}

// --- holidays --------------------------------------------------------------

// Where each covered year comes from: the database's imports when there is
// a database, and the config's YAML (or the built-in one).
std::vector<service::CalendarSource> sources_of(Services& sv) {
  if (sv.has_database()) return service::calendar_sources(sv.service_env());
  std::vector<service::CalendarSource> out;
  const bool built_in = sv.config().calendar_file.empty();
  for (int y : sv.config().calendar.covered_years()) {
    out.push_back(service::CalendarSource{y, built_in ? "built-in" : "config",
                                          built_in ? "holidays-tw.yaml" : sv.config().calendar_file, "", 0,
                                          "", false});
  }
  return out;
}

Text source_text(const service::CalendarSource& s) {
  if (s.kind == "imported") {
    const std::string when = iso_taipei(s.imported_at).substr(0, 10);
    const std::string sha = s.sha256.substr(0, 12);
    return {"匯入 " + s.source + "（sha256 " + sha + "…，" + when + " 由 " + s.imported_by + "）" +
                (s.overridden ? "，並以設定檔的行事曆覆寫" : ""),
            "imported from " + s.source + " (sha256 " + sha + "..., " + when + " by " + s.imported_by + ")" +
                (s.overridden ? ", with the config's calendar laid over it" : "")};
  }
  if (s.kind == "built-in") return {"內建 " + s.source, "built in: " + s.source};
  return {"設定檔 " + s.source, "config: " + s.source};
}

int run_holidays(Output& io, Services& sv, std::optional<int> year) {
  const auto calendar = sv.working_calendar();
  const auto& cal = *calendar;
  const auto sources = sources_of(sv);
  if (year && cal.covered_years().count(*year) == 0) {
    io.warn({"行事曆未涵蓋 " + std::to_string(*year) + " 年",
             "the calendar does not cover " + std::to_string(*year)});
  }
  struct Row {
    util::Date date;
    bool holiday;
    std::string name;
  };
  std::vector<Row> rows;
  for (const auto& [d, n] : cal.holidays()) {
    if (!year || d.year() == *year) rows.push_back({d, true, n});
  }
  for (const auto& [d, n] : cal.make_up_workdays()) {
    if (!year || d.year() == *year) rows.push_back({d, false, n});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.date < b.date; });
  if (io.json()) {
    Json a = Json::array();
    for (const auto& r : rows) {
      a.push_back(
          {{"date", r.date.iso()}, {"type", r.holiday ? "holiday" : "make-up-workday"}, {"name", r.name}});
    }
    Json years = Json::array();
    for (int y : cal.covered_years()) years.push_back(y);
    Json from = Json::array();
    for (const auto& s : sources) {
      if (year && s.year != *year) continue;
      Json j = {{"year", s.year}, {"kind", s.kind}, {"source", s.source}};
      if (s.kind == "imported") {
        j["sha256"] = s.sha256;
        j["imported_at"] = iso_taipei(s.imported_at);
        j["imported_by"] = s.imported_by;
        j["overridden_by_config"] = s.overridden;
      }
      from.push_back(j);
    }
    io.print_json({{"covered_years", years}, {"sources", from}, {"days", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& r : rows) {
    table.push_back({r.date.iso(), util::weekday_name(r.date.weekday()),
                     io.tr(r.holiday ? Text{"放假", "holiday"} : Text{"補行上班", "make-up working day"}),
                     r.name});
  }
  io.print_table(
      {io.tr({"日期", "date"}), io.tr({"星期", "day"}), io.tr({"類別", "type"}), io.tr({"名稱", "name"})},
      table);
  io.out() << '\n';
  std::vector<std::vector<std::string>> years;
  for (const auto& s : sources) {
    if (!year || s.year == *year) years.push_back({std::to_string(s.year), io.tr(source_text(s))});
  }
  io.print_table({io.tr({"年份", "year"}), io.tr({"來源", "source"})}, years);
  return 0;
}

// --- documents -------------------------------------------------------------

int run_documents(Output& io, const DocumentsOptions& o) {
  const auto type = *domain::parse_identity_type(o.type);
  const auto kind = *domain::parse_application_kind(o.kind);
  const auto items = domain::document_items(type, kind);
  const domain::DocumentFacts facts{o.resumed};
  const auto rule = [&](const domain::DocumentItem& i) -> Text {
    switch (i.required) {
      case domain::RequiredWhen::always: return {"必附", "required"};
      case domain::RequiredWhen::optional: return {"選附", "optional"};
      case domain::RequiredWhen::unless_resumed_student:
        return {"必附（復學之陸生免附）", "required unless a resumed student"};
    }
    return {"?", "?"};
  };
  const Text limits{"檔案格式為JPG|JPEG|PNG|BMP|PDF，每個檔案須小於512K（至多 524287 位元組）",
                    "Files: JPG, JPEG, PNG, BMP or PDF, each smaller than 512 KB (at most 524287 bytes)"};
  if (io.json()) {
    Json a = Json::array();
    for (const auto& i : items) {
      a.push_back({{"key", i.key},
                   {"label", io.tr(i.label)},
                   {"rule", io.tr(rule(i))},
                   {"required", domain::is_required(i, facts)}});
    }
    io.print_json({{"type", o.type},
                   {"kind", o.kind},
                   {"resumed_student", o.resumed},
                   {"items", a},
                   {"formats", Json::array({"jpeg", "png", "bmp", "pdf"})},
                   {"max_bytes", domain::k_document_size_limit - 1}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const auto& i : items) {
    rows.push_back({std::to_string(++n), (domain::is_required(i, facts) ? "*" : " ") + i.key, io.tr(rule(i)),
                    io.tr(i.label)});
  }
  io.print_table({io.tr({"項次", "no."}), io.tr({"項目鍵", "item"}), io.tr({"規則", "rule"}),
                  io.tr({"應檢附文件", "document"})},
                 rows);
  io.out() << io.tr(limits) << '\n';
  return 0;
}

// --- case states -----------------------------------------------------------

int run_states(Output& io) {
  const auto actor_key = [](domain::Actor a) {
    return a == domain::Actor::applicant ? "applicant" : a == domain::Actor::reviewer ? "reviewer" : "system";
  };
  if (io.json()) {
    Json a = Json::array();
    for (auto s : domain::k_case_states) {
      Json t = Json::array();
      for (auto act : domain::legal_actions(s)) {
        Json row = {{"action", domain::key(act)},
                    {"actor", actor_key(domain::actor_of(act))},
                    {"to", domain::key(*domain::next_state(s, act, 1))}};
        if (act == domain::CaseAction::approve)
          row["to_when_free"] = domain::key(*domain::next_state(s, act, 0));
        t.push_back(row);
      }
      a.push_back({{"state", domain::key(s)},
                   {"label", io.tr(domain::label(s))},
                   {"under_review", domain::is_under_review(s)},
                   {"final", domain::is_final(s)},
                   {"transitions", t}});
    }
    io.print_json({{"initial", domain::key(domain::transition(std::nullopt, domain::CaseAction::submit))},
                   {"states", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (auto s : domain::k_case_states) {
    const auto actions = domain::legal_actions(s);
    if (actions.empty()) {
      rows.push_back(
          {std::string(domain::key(s)), io.tr(domain::label(s)), "-", "", io.tr({"（結案）", "(final)"})});
    }
    bool first = true;
    for (auto act : actions) {
      std::string to(domain::key(*domain::next_state(s, act, 1)));
      if (act == domain::CaseAction::approve) {
        to += io.tr({"（規費為 0 時：", " (fee 0: "}) +
              std::string(domain::key(*domain::next_state(s, act, 0))) + io.tr({"）", ")"});
      }
      rows.push_back({first ? std::string(domain::key(s)) : "", first ? io.tr(domain::label(s)) : "",
                      std::string(domain::key(act)), actor_key(domain::actor_of(act)), to});
      first = false;
    }
  }
  io.print_table({io.tr({"狀態", "state"}), io.tr({"辦理階段", "label"}), io.tr({"動作", "action"}),
                  io.tr({"執行者", "actor"}), io.tr({"結果", "leads to"})},
                 rows);
  return 0;
}

// --- field checks ----------------------------------------------------------

int run_check(Output& io, Services& sv, const CheckOptions& o) {
  std::string value;
  if (o.what == "password") {
    if (o.value) {
      throw UsageError("secret-on-command-line",
                       Text{"密碼只從標準輸入讀取，不可寫在命令列上",
                            "passwords are read from standard input only, never from the command line"});
    }
    std::getline(std::cin, value);
    if (!value.empty() && value.back() == '\r') value.pop_back();
  } else if (o.value) {
    value = *o.value;
  } else {
    throw UsageError("usage", Text{"請給要檢查的值", "give the value to check"});
  }
  if (o.what == "document") {
    const auto info = service::inspect_document(value, value);
    if (io.json()) {
      io.print_json({{"check", o.what},
                     {"valid", true},
                     {"file", info.file_name},
                     {"format", domain::key(info.format)},
                     {"size", info.size},
                     {"sha256", info.sha256}});
    } else {
      io.out() << "ok " << domain::key(info.format) << ' ' << info.size << ' ' << info.sha256 << '\n';
    }
    return 0;
  }
  domain::Check problem;
  if (o.what == "password")
    problem = domain::check_password(value);
  else if (o.what == "email")
    problem = domain::check_email(value, sv.config().mail.mainland_domains);
  else if (o.what == "date")
    problem = domain::check_gregorian_date(value);
  else if (o.what == "birth-date")
    problem = domain::check_gregorian_date(value, sv.clock().today());
  else if (o.what == "mainland-id")
    problem = domain::check_mainland_id(value);
  else if (o.what == "ui-number")
    problem = domain::check_ui_number(value);
  else if (o.what == "passport")
    problem = domain::check_passport(value);
  else if (o.what == "phone")
    problem = domain::check_phone(value);
  if (problem) throw Refusal(problem->code, problem->message);
  if (io.json()) {
    io.print_json({{"check", o.what}, {"valid", true}});
  } else {
    io.out() << "ok\n";
  }
  return 0;
}

// --- messages --------------------------------------------------------------

int run_messages(Output& io) {
  if (io.json()) {
    Json a = Json::array();
    for (const auto* lib : all_messages()) {
      const Message* m = &worded(*lib);
      a.push_back(
          {{"code", m->code}, {"zh_tw", m->zh}, {"en", m->en}, {"source", m->from_seed ? "seed" : "soas"}});
    }
    io.print_json({{"messages", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto* lib : all_messages()) {
    const Message* m = &worded(*lib);
    rows.push_back({m->code, m->from_seed ? "seed" : "soas", io.lang() == Lang::en ? m->en : m->zh});
  }
  io.print_table({io.tr({"代碼", "code"}), io.tr({"出處", "source"}), io.tr({"訊息", "message"})}, rows);
  return 0;
}

}  // namespace cmd_rules

using namespace cmd_rules;  // its runners and options

void register_rules(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand(
      "rules", "Look up the domain rules: fees, windows, working days, documents, states, checks");
  group->require_subcommand(1);

  CLI::App* fees =
      group->add_subcommand("fees", "The fee schedule and the handling fee of each payment method");
  fees->footer("Example:\n  soas rules fees");
  commands.add(fees, run_fees);

  auto quote = std::make_shared<QuoteOptions>();
  CLI::App* q = group->add_subcommand("quote", "What one payment costs by a method");
  q->add_option("--method", quote->method, "Payment method")
      ->required()
      ->check(CLI::IsMember(keys_of(domain::k_payment_methods)));
  auto* amount =
      q->add_option("--amount", quote->amount, "The fees to pay (NT$)")->check(CLI::NonNegativeNumber);
  q->add_option("--kind", quote->kind, "Or: the kind of the cases")
      ->check(CLI::IsMember(keys_of(domain::k_application_kinds)))
      ->excludes(amount);
  q->add_option("--years", quote->years, "ARC validity in years (with --kind arc)")->check(CLI::Range(1, 10));
  q->add_option("--cases", quote->cases, "How many cases of that kind (with --kind)")
      ->check(CLI::Range(1, 100000));
  q->footer(
      "Examples:\n  soas rules quote --method store --kind multi-entry\n  soas rules quote --method card "
      "--amount 2000");
  commands.add(q, [quote](Context& ctx) { return run_quote(ctx, ctx, *quote); });

  auto window = std::make_shared<WindowOptions>();
  CLI::App* w = group->add_subcommand("window", "The extension window of a multi-entry permit's stay");
  w->add_option("--expiry", window->expiry, "The stay's last day (停留期限)")->required();
  w->add_option("--on", window->on, "The day to judge (default: today, or SOAS_NOW)");
  w->add_flag("--require-open", window->require_open,
              "Exit 4 with the seed's message unless the window is open");
  w->footer(
      "The window opens 3 calendar months before the stay ends (month-end clamped:\n"
      "2021-05-31 opens on 2021-02-28) and closes on the last day of the stay.\n\n"
      "Examples:\n  soas rules window --expiry 2027-05-31\n  soas rules window --expiry 2027-05-31 --on "
      "2027-02-27 --require-open");
  commands.add(w, [window](Context& ctx) { return run_window(ctx, ctx, *window); });

  auto workdays = std::make_shared<WorkdaysOptions>();
  CLI::App* wd =
      group->add_subcommand("workdays", "Add or count working days (weekends, holidays and make-up days)");
  wd->add_option("--from", workdays->from, "The first day (not counted)")->required();
  wd->add_option("--add", workdays->add, "Working days to add (negative counts back)");
  wd->add_option("--to", workdays->to, "Or: count the working days after --from up to this day");
  wd->footer(
      "Examples:\n  soas rules workdays --from 2026-11-23 --add 14     # the payment notice\n"
      "  soas rules workdays --from 2026-02-13 --add 3      # the receipt after a store payment");
  commands.add(wd, [workdays](Context& ctx) { return run_workdays(ctx, ctx, *workdays); });

  auto year = std::make_shared<std::optional<int>>();
  CLI::App* h = group->add_subcommand("holidays", "The holidays and make-up working days of the calendar");
  h->add_option("--year", *year, "Only this year");
  h->footer("Example:\n  soas rules holidays --year 2026");
  commands.add(h, [year](Context& ctx) { return run_holidays(ctx, ctx, *year); });

  auto docs = std::make_shared<DocumentsOptions>();
  CLI::App* d = group->add_subcommand("documents", "The documents an application needs (應檢附文件)");
  d->add_option("--type", docs->type, "Identity type")
      ->required()
      ->check(CLI::IsMember(keys_of(domain::k_identity_types)));
  d->add_option("--kind", docs->kind, "Application kind")
      ->required()
      ->check(CLI::IsMember(keys_of(domain::k_application_kinds)));
  d->add_flag("--resumed", docs->resumed, "A resumed mainland student (復學之陸生)");
  d->footer(
      "Examples:\n  soas rules documents --type foreign --kind arc\n  soas rules documents --type mainland "
      "--kind multi-entry --resumed");
  commands.add(d, [docs](Context& ctx) { return run_documents(ctx, *docs); });

  CLI::App* s = group->add_subcommand("states", "Case states (辦理階段) and the actions that move them");
  s->footer("Example:\n  soas rules states");
  commands.add(s, run_states);

  auto check = std::make_shared<CheckOptions>();
  CLI::App* c = group->add_subcommand(
      "check", "Check one field value the way forms do; exit 4 with the message if it fails");
  c->add_option("what", check->what, "What the value is")
      ->required()
      ->check(CLI::IsMember({"password", "email", "date", "birth-date", "mainland-id", "ui-number",
                             "passport", "phone", "document"}));
  c->add_option("value", check->value,
                "The value (a password is read from standard input instead; a document is a file)");
  c->footer(
      "Examples:\n  soas rules check mainland-id 11010519491231002X\n  soas rules check email "
      "someone@qq.com\n"
      "  printf 'secret12' | soas rules check password\n"
      "  soas rules check document passport.pdf      # prints: ok FORMAT SIZE SHA256");
  commands.add(c, [check](Context& ctx) { return run_check(ctx, ctx, *check); });

  CLI::App* m = group->add_subcommand(
      "messages", "Every message soas prints, with its code (seed = the seeds' own words)");
  m->footer("Example:\n  soas --lang en rules messages");
  commands.add(m, run_messages);
}

}  // namespace soas::cli
