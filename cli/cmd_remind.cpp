// soas remind extensions: who should apply for an extension (or renew an
// ARC) soon, for agency admins and school staff, as a table, JSON or a
// workbook; --mail queues one reminder per student and window.

#include "cmd_remind.hpp"
#include "app.hpp"
#include "batch.hpp"
#include "core/files.hpp"
#include "service/reminders.hpp"

namespace soas::cli {

namespace cmd_remind {

Text status_text(const service::Reminder& r) {
  if (r.status == domain::WindowStatus::open) return {"可申請", "open"};
  return {std::to_string(r.days_to_open) + " 天後開始",
          "opens in " + std::to_string(r.days_to_open) + " days"};
}

std::string name_of(const domain::Person& p) {
  return !p.name_zh.empty() ? p.name_zh : p.surname_en + " " + p.given_name_en;
}

int run_remind(Output& io, Services& sv, const RemindOptions& o) {
  if (!o.output.empty()) require_not_protected(o.output);  // before any mail is queued
  service::ReminderQuery q;
  q.within_days = o.within;
  q.school = o.school;
  q.mail = o.mail;
  const auto reminders = service::extension_reminders(sv.service_env(), sv.caller(), q);
  const auto warnings = service::reminder_warnings(sv.service_env(), reminders);
  const auto mailed = [](const service::Reminder& r) {
    return r.mailed_now ? "queued" : r.reminded ? "before" : "-";
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : reminders) {
    rows.push_back({r.permit.permit_no, std::string(domain::key(r.permit.kind)), name_of(r.person),
                    r.person.school_code, r.window.opens.iso(), r.window.closes.iso(), io.tr(status_text(r)),
                    r.open_case.empty() ? "-" : r.open_case, r.account ? r.account->name : "-", mailed(r)});
  }
  const std::vector<std::string> headers = {
      io.tr({"許可證號", "permit"}),  io.tr({"種類", "kind"}),
      io.tr({"姓名", "name"}),        io.tr({"學校", "school"}),
      io.tr({"可申請起日", "opens"}), io.tr({"截止日", "closes"}),
      io.tr({"狀態", "status"}),      io.tr({"延期案件", "extension case"}),
      io.tr({"帳號", "account"}),     io.tr({"提醒信", "mail"})};
  if (!o.output.empty()) batch::write_table(o.output, "reminders", headers, rows);
  if (io.json()) {
    Json list = Json::array();
    for (const auto& r : reminders) {
      list.push_back({{"permit_no", r.permit.permit_no},
                      {"permit_kind", domain::key(r.permit.kind)},
                      {"record_id", r.person.record_id},
                      {"name", name_of(r.person)},
                      {"school", r.person.school_code},
                      {"stay_expiry", r.permit.stay_expiry.iso()},
                      {"window_opens", r.window.opens.iso()},
                      {"window_closes", r.window.closes.iso()},
                      {"open", r.status == domain::WindowStatus::open},
                      {"days_to_open", r.days_to_open},
                      {"open_case", r.open_case.empty() ? Json() : Json(r.open_case)},
                      {"account", r.account ? Json(r.account->name) : Json()},
                      {"reminded_before", r.reminded},
                      {"mail_queued", r.mailed_now}});
    }
    io.print_json({{"within_days", o.within},
                   {"reminders", list},
                   {"file", o.output.empty() ? Json() : Json(o.output)},
                   {"warnings", warnings_json(io, warnings)}});
    return 0;
  }
  io.warn(warnings);
  io.print_table(headers, rows);
  std::size_t queued = 0;
  for (const auto& r : reminders) queued += r.mailed_now ? 1 : 0;
  io.out() << io.tr(
      {"共 " + std::to_string(reminders.size()) + " 人", std::to_string(reminders.size()) + " students"});
  if (o.mail)
    io.out() << io.tr({"，已排入提醒信 " + std::to_string(queued) + " 封",
                       ", " + std::to_string(queued) + " reminders queued"});
  io.out() << '\n';
  if (!o.output.empty()) io.out() << io.tr({"活頁簿：", "workbook: "}) << o.output << '\n';
  return 0;
}

}  // namespace cmd_remind

using namespace cmd_remind;  // its runners and options

void register_remind(CLI::App& app, Commands& commands) {
  CLI::App* group =
      app.add_subcommand("remind", "Reminders: extension windows and ARCs near their end (admin, school)");
  group->require_subcommand(1);
  auto o = std::make_shared<RemindOptions>();
  CLI::App* ext = group->add_subcommand(
      "extensions", "Students whose extension window is open or opens soon, and ARCs near their end");
  ext->add_option("--within", o->within, "Windows opening within this many days (default 30)")
      ->check(CLI::Range(0, 366));
  ext->add_option("--school", o->school, "One school's students (admin; a school user sees its own)");
  ext->add_flag("--mail", o->mail, "Queue a reminder to each student not yet reminded of this window");
  ext->add_option("-o,--output", o->output, "Also write the list as an .xlsx workbook");
  ext->footer(
      "A multi-entry permit's window opens 3 months before its stay ends (timing.extension_window_months)\n"
      "and closes on that day; an ARC is listed on the same terms. --mail sends one reminder per permit\n"
      "and window, never to a student whose extension is already under review.\n\n"
      "Examples:\n  soas remind extensions\n"
      "  soas remind extensions --within 60 --school NTUT -o ntut-reminders.xlsx\n"
      "  soas remind extensions --mail && soas mail send");
  commands.add(ext, [o](Context& ctx) { return run_remind(ctx, ctx, *o); });
}

}  // namespace soas::cli
