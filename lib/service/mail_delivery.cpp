#include "service/mail_delivery.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "security/secrets.hpp"

namespace soas::service {

DeliveryReport deliver_pending(const Env& env, const Caller& caller, mail::Mailer& mailer, int limit) {
  require_role(caller, {domain::Role::admin});
  DeliveryReport report;
  const auto& sec = env.config.security;
  for (const auto& item : env.store.outbox().list(store::OutboxStatus::pending, limit)) {
    mail::Envelope envelope;
    // Mint the token (if the mail carries one) and compose, in one transaction.
    env.store.write([&] {
      std::string token;
      int hours = 0;
      if (mail::needs_token(item.kind)) {
        const bool verify = item.kind == mail::k_verify;
        const auto purpose = verify ? store::TokenPurpose::verify : store::TokenPurpose::reset;
        hours = verify ? sec.verify_token_hours : sec.reset_token_hours;
        token = security::new_token();
        // A newer mail of the same purpose replaces the older codes.
        env.store.tokens().revoke(item.account_id, purpose, env.clock.now());
        env.store.tokens().insert(
            security::token_hash(token),
            store::TokenRecord{item.account_id, purpose, env.clock.now() + hours * 3600LL, {}});
      }
      const auto content = mail::render(item.kind, mail::decode_params(item.params), token, hours);
      envelope = mail::compose(item.id, item.kind, env.config.mail.from, item.to, content, env.clock.now());
      security::wipe(token);
    });
    try {
      mailer.deliver(envelope);
    } catch (const Error& e) {
      env.store.write([&] { env.store.outbox().mark_failed(item.id, e.text().en); });
      ++report.failed;
      report.errors.push_back("outbox " + std::to_string(item.id) + ": " + e.text().en);
      continue;
    }
    env.store.write([&] {
      env.store.outbox().mark_sent(item.id, env.clock.now());
      env.store.audit().append(store::AuditEntry{0, "", caller.name, "mail.sent", "outbox",
                                                 std::to_string(item.id), item.kind + " to " + item.to});
    });
    ++report.delivered;
  }
  return report;
}

std::vector<store::OutboxItem> list_outbox(const Env& env, const Caller& caller,
                                           std::optional<store::OutboxStatus> status, int limit) {
  require_role(caller, {domain::Role::admin});
  return env.store.outbox().list(status, limit);
}

std::string smtp_password(const config::MailSettings& mail, const config::EnvLookup& env) {
  if (!mail.password_file.empty()) {
    const std::string text = read_small_file(mail.password_file, 4096, Text{"SMTP 密碼檔", "the SMTP password file"},
                                             "smtp-password-unreadable");
    std::string password = text.substr(0, text.find('\n'));
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
  }
  if (!mail.password_env.empty()) {
    if (const auto v = env(mail.password_env)) return *v;
    throw Failure("smtp-password-unset",
                  Text{"環境變數 " + mail.password_env + " 未設定 SMTP 密碼",
                       "the environment variable " + mail.password_env + " is not set"});
  }
  return "";
}

}  // namespace soas::service
