// soas mail list|send|export: the outbox (admin).

#include <algorithm>

#include "app.hpp"
#include "cmd_mail.hpp"
#include "core/error.hpp"
#include "service/mail_delivery.hpp"

namespace soas::cli {

namespace cmd_mail {

int report(Output& io, const service::DeliveryReport& r, const Text& verb) {
  if (io.json()) {
    io.print_json({{"delivered", r.delivered}, {"failed", r.failed}, {"errors", r.errors}});
  } else {
    io.out() << io.tr({verb.zh + " " + std::to_string(r.delivered) + " 封，失敗 " + std::to_string(r.failed) +
                           " 封",
                       verb.en + " " + std::to_string(r.delivered) + ", failed " + std::to_string(r.failed)})
             << '\n';
    for (const auto& e : r.errors) io.err() << "soas: warning: " << e << '\n';
  }
  if (r.failed == 0) return 0;
  return static_cast<int>(r.delivered > 0 ? Exit::partial : Exit::failure);
}

int run_send(Output& io, Services& sv, int limit) {
  const auto& caller = sv.caller();
  service::require_role(caller, {domain::Role::admin});
  const auto& mail = sv.config().mail;
  if (mail.smtp_url.empty()) {
    throw Failure("smtp-not-configured",
                  Text{"未設定 mail.smtp_url；沒有郵件伺服器時請用 soas mail export DIR",
                       "mail.smtp_url is not set; without a mail server use soas mail export DIR"});
  }
  mail::SmtpMailer mailer(mail.smtp_url, mail.user, service::smtp_password(mail, sv.env()));
  return report(io, service::deliver_pending(sv.service_env(), caller, mailer, limit), {"已寄出", "Sent"});
}

int run_export(Output& io, Services& sv, const std::string& dir, int limit) {
  const auto& caller = sv.caller();
  service::require_role(caller, {domain::Role::admin});
  mail::DirectoryMailer mailer(dir);
  return report(io, service::deliver_pending(sv.service_env(), caller, mailer, limit),
                {"已匯出", "Exported"});
}

// pending; sent (delivered over SMTP); exported (written to a file).
const char* status_key(const domain::OutboxItem& i) {
  if (i.status == domain::OutboxStatus::pending) return "pending";
  return i.exported_to.empty() ? "sent" : "exported";
}

int run_list(Output& io, Services& sv, const std::string& status, int limit) {
  std::optional<domain::OutboxStatus> s;
  if (status == "pending") s = domain::OutboxStatus::pending;
  if (status == "sent" || status == "exported") s = domain::OutboxStatus::sent;
  auto items = service::list_outbox(sv.service_env(), sv.caller(), s, limit);
  if (status == "sent" || status == "exported") {
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const domain::OutboxItem& i) { return status_key(i) != status; }),
                items.end());
  }
  if (io.json()) {
    Json a = Json::array();
    for (const auto& i : items) {
      a.push_back({{"id", i.id},
                   {"kind", i.kind},
                   {"to", i.to},
                   {"status", status_key(i)},
                   {"attempts", i.attempts},
                   {"last_error", i.last_error},
                   {"created_at", iso_taipei(i.created_at)},
                   {"sent_at", i.sent_at ? Json(iso_taipei(*i.sent_at)) : Json()}});
    }
    io.print_json({{"mail", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& i : items) {
    rows.push_back({std::to_string(i.id), i.kind, i.to, status_key(i), std::to_string(i.attempts),
                    iso_taipei(i.created_at), i.last_error});
  }
  io.print_table(
      {"id", io.tr({"種類", "kind"}), io.tr({"收件人", "to"}), io.tr({"狀態", "status"}),
       io.tr({"嘗試", "attempts"}), io.tr({"建立時間", "created"}), io.tr({"最近錯誤", "last error"})},
      rows);
  return 0;
}

int run_show(Output& io, Services& sv, std::int64_t id) {
  const auto v = service::show_mail(sv.service_env(), sv.caller(), id);
  const auto& m = v.message;
  if (io.json()) {
    io.print_json({{"id", v.item.id},
                   {"kind", v.item.kind},
                   {"status", status_key(v.item)},
                   {"file", v.item.exported_to.empty() ? Json() : Json(v.item.exported_to)},
                   {"read_from", v.from_file ? "file" : "outbox"},
                   {"date", m.date.empty() ? Json() : Json(m.date)},
                   {"from", m.from},
                   {"to", m.to},
                   {"subject", m.subject},
                   {"body", m.body}});
    return 0;
  }
  if (!m.date.empty()) io.out() << "Date: " << m.date << '\n';
  io.out() << "From: " << m.from << '\n'
           << "To: " << m.to << '\n'
           << "Subject: " << m.subject << "\n\n"
           << m.body;
  if (!m.body.empty() && m.body.back() != '\n') io.out() << '\n';
  if (!v.from_file) {
    io.err() << io.tr({v.item.status == domain::OutboxStatus::pending
                           ? "（尚未寄出：內容依寄件匣所存資料顯示）"
                           : "（匯出的郵件檔已不存在或已經由 SMTP 寄出：內容依寄件匣所存資料顯示）",
                       v.item.status == domain::OutboxStatus::pending
                           ? "(not delivered yet: shown from what the outbox holds)"
                           : "(sent over SMTP, or its file is gone: shown from what the outbox holds)"})
             << '\n';
  }
  return 0;
}

}  // namespace cmd_mail

using namespace cmd_mail;  // its runners and options

void register_mail(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("mail", "The outbox of mail to students and staff (admin)");
  group->require_subcommand(1);
  auto limit = std::make_shared<int>(1000);
  auto status = std::make_shared<std::string>("all");
  CLI::App* list = group->add_subcommand("list", "The outbox");
  list->add_option("--status", *status, "Only pending, sent (over SMTP) or exported (to files) mail")
      ->check(CLI::IsMember({"all", "pending", "sent", "exported"}));
  list->add_option("--limit", *limit, "At most this many")->check(CLI::Range(1, 1000000));
  list->footer("Examples:\n  soas mail list\n  soas mail list --status pending --limit 20");
  commands.add(list, [status, limit](Context& ctx) { return run_list(ctx, ctx, *status, *limit); });
  auto id = std::make_shared<std::int64_t>(0);
  CLI::App* show = group->add_subcommand("show", "One mail decoded: its headers and text");
  show->add_option("id", *id, "The mail's id (soas mail list)")->required()->check(CLI::PositiveNumber);
  show->footer(
      "A mail exported to a file is read back from that file, as delivered: a verification\n"
      "or reset code shows there. Any other mail is shown from what the outbox holds; its code,\n"
      "if it has one, exists only in the delivered mail.\n\n"
      "Example:\n  soas mail export outbox/ && soas mail show 1");
  commands.add(show, [id](Context& ctx) { return run_show(ctx, ctx, *id); });
  CLI::App* send = group->add_subcommand("send", "Deliver pending mail over SMTP (mail.smtp_url)");
  send->add_option("--limit", *limit, "At most this many")->check(CLI::Range(1, 1000000));
  send->footer(
      "A mail that fails stays pending with its error, and the next send retries it.\n"
      "Verification and reset codes are made when their mail is delivered and are stored\n"
      "only hashed. Exit 0 all delivered, 3 some failed, 1 all failed.\n\n"
      "Examples:\n  soas mail send\n  soas mail send --limit 100");
  commands.add(send, [limit](Context& ctx) { return run_send(ctx, ctx, *limit); });
  auto dir = std::make_shared<std::string>();
  CLI::App* exp = group->add_subcommand("export", "Write pending mail as .eml files instead of sending it");
  exp->add_option("dir", *dir, "The directory (created 0700)")->required();
  exp->add_option("--limit", *limit, "At most this many")->check(CLI::Range(1, 1000000));
  exp->footer(
      "For a demo or a site without a mail server. Each file is RFC 5322, UTF-8.\n\n"
      "Example:\n  soas mail export outbox/");
  commands.add(exp, [dir, limit](Context& ctx) { return run_export(ctx, ctx, *dir, *limit); });
}

}  // namespace soas::cli
