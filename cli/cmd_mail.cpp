// soas mail list|send|export: the outbox (admin).

#include "app.hpp"
#include "core/error.hpp"
#include "service/mail_delivery.hpp"

namespace soas::cli {

namespace {

int report(Context& ctx, const service::DeliveryReport& r, const Text& verb) {
  if (ctx.json()) {
    ctx.print_json({{"delivered", r.delivered}, {"failed", r.failed}, {"errors", r.errors}});
  } else {
    ctx.out() << ctx.tr(
                     {verb.zh + " " + std::to_string(r.delivered) + " 封，失敗 " + std::to_string(r.failed) +
                          " 封",
                      verb.en + " " + std::to_string(r.delivered) + ", failed " + std::to_string(r.failed)})
              << '\n';
    for (const auto& e : r.errors) ctx.err() << "soas: warning: " << e << '\n';
  }
  if (r.failed == 0) return 0;
  return static_cast<int>(r.delivered > 0 ? Exit::partial : Exit::failure);
}

int run_send(Context& ctx, int limit) {
  const auto& caller = ctx.caller();
  service::require_role(caller, {domain::Role::admin});
  const auto& mail = ctx.config().mail;
  if (mail.smtp_url.empty()) {
    throw Failure("smtp-not-configured",
                  Text{"未設定 mail.smtp_url；沒有郵件伺服器時請用 soas mail export DIR",
                       "mail.smtp_url is not set; without a mail server use soas mail export DIR"});
  }
  mail::SmtpMailer mailer(mail.smtp_url, mail.user, service::smtp_password(mail, ctx.env()));
  return report(ctx, service::deliver_pending(ctx.service_env(), caller, mailer, limit), {"已寄出", "Sent"});
}

int run_export(Context& ctx, const std::string& dir, int limit) {
  const auto& caller = ctx.caller();
  service::require_role(caller, {domain::Role::admin});
  mail::DirectoryMailer mailer(dir);
  return report(ctx, service::deliver_pending(ctx.service_env(), caller, mailer, limit),
                {"已匯出", "Exported"});
}

int run_list(Context& ctx, const std::string& status, int limit) {
  std::optional<store::OutboxStatus> s;
  if (status == "pending") s = store::OutboxStatus::pending;
  if (status == "sent") s = store::OutboxStatus::sent;
  const auto items = service::list_outbox(ctx.service_env(), ctx.caller(), s, limit);
  const auto status_key = [](store::OutboxStatus st) {
    return st == store::OutboxStatus::sent ? "sent" : "pending";
  };
  if (ctx.json()) {
    Json a = Json::array();
    for (const auto& i : items) {
      a.push_back({{"id", i.id},
                   {"kind", i.kind},
                   {"to", i.to},
                   {"status", status_key(i.status)},
                   {"attempts", i.attempts},
                   {"last_error", i.last_error},
                   {"created_at", iso_taipei(i.created_at)},
                   {"sent_at", i.sent_at ? Json(iso_taipei(*i.sent_at)) : Json()}});
    }
    ctx.print_json({{"mail", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& i : items) {
    rows.push_back({std::to_string(i.id), i.kind, i.to, status_key(i.status), std::to_string(i.attempts),
                    iso_taipei(i.created_at), i.last_error});
  }
  ctx.print_table(
      {"id", ctx.tr({"種類", "kind"}), ctx.tr({"收件人", "to"}), ctx.tr({"狀態", "status"}),
       ctx.tr({"嘗試", "attempts"}), ctx.tr({"建立時間", "created"}), ctx.tr({"最近錯誤", "last error"})},
      rows);
  return 0;
}

}  // namespace

void register_mail(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("mail", "The outbox of mail to students and staff (admin)");
  group->require_subcommand(1);
  auto limit = std::make_shared<int>(1000);
  auto status = std::make_shared<std::string>("all");
  CLI::App* list = group->add_subcommand("list", "The outbox");
  list->add_option("--status", *status, "Only pending or sent mail")
      ->check(CLI::IsMember({"all", "pending", "sent"}));
  list->add_option("--limit", *limit, "At most this many")->check(CLI::Range(1, 1000000));
  list->footer("Examples:\n  soas mail list\n  soas mail list --status pending --limit 20");
  commands.add(list, [status, limit](Context& ctx) { return run_list(ctx, *status, *limit); });
  CLI::App* send = group->add_subcommand("send", "Deliver pending mail over SMTP (mail.smtp_url)");
  send->add_option("--limit", *limit, "At most this many")->check(CLI::Range(1, 1000000));
  send->footer(
      "A mail that fails stays pending with its error, and the next send retries it.\n"
      "Verification and reset codes are made when their mail is delivered and are stored\n"
      "only hashed. Exit 0 all delivered, 3 some failed, 1 all failed.\n\n"
      "Examples:\n  soas mail send\n  soas mail send --limit 100");
  commands.add(send, [limit](Context& ctx) { return run_send(ctx, *limit); });
  auto dir = std::make_shared<std::string>();
  CLI::App* exp = group->add_subcommand("export", "Write pending mail as .eml files instead of sending it");
  exp->add_option("dir", *dir, "The directory (created 0700)")->required();
  exp->add_option("--limit", *limit, "At most this many")->check(CLI::Range(1, 1000000));
  exp->footer(
      "For a demo or a site without a mail server. Each file is RFC 5322, UTF-8.\n\n"
      "Example:\n  soas mail export outbox/");
  commands.add(exp, [dir, limit](Context& ctx) { return run_export(ctx, *dir, *limit); });
}

}  // namespace soas::cli
