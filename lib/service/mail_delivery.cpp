#include "service/mail_delivery.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "domain/application.hpp"
#include "security/secrets.hpp"

namespace soas::service {

std::int64_t queue_case_mail(const Env& env, const domain::CaseRecord& c, const domain::Account& applicant,
                             const char* kind, mail::Params params) {
  struct To {
    std::int64_t account_id;
    std::string address;
  };
  std::vector<To> to;
  if (!c.proxy) {
    to.push_back({applicant.id, applicant.email});
  } else {
    const auto fields = env.store.cases().fields(c.receipt_no);
    params["account"] = domain::display_name(fields);
    if (const auto school = env.store.schools().find(c.school_code)) params["filed_by_school"] = school->name;
    if (const auto staff = env.store.accounts().by_id(c.filed_by)) to.push_back({staff->id, staff->email});
    std::string own = applicant.email;
    if (applicant.is_proxy()) {
      const auto it = fields.find("email");
      own = it == fields.end() ? "" : it->second;
    }
    to.push_back({applicant.id, own});
  }
  const std::string encoded = mail::encode_params(params);
  std::vector<std::string> sent;
  std::int64_t first = 0;
  for (const auto& t : to) {
    if (t.address.empty() || std::find(sent.begin(), sent.end(), t.address) != sent.end()) continue;
    sent.push_back(t.address);
    const auto id = env.store.outbox().enqueue(domain::OutboxItem{0, kind, t.account_id, t.address, encoded,
                                                                  domain::OutboxStatus::pending, 0, "",
                                                                  env.clock.now(), std::nullopt, ""});
    if (first == 0) first = id;
  }
  return first;
}

DeliveryReport deliver_pending(const Env& env, const Caller& caller, mail::Mailer& mailer, int limit) {
  require_role(caller, {domain::Role::admin});
  DeliveryReport report;
  const auto& sec = env.config.security;
  for (const auto& item : env.store.outbox().list(domain::OutboxStatus::pending, limit)) {
    mail::Envelope envelope;
    // Mint the token (if the mail carries one) and compose, in one transaction.
    env.store.write([&] {
      std::string token;
      int hours = 0;
      if (mail::needs_token(item.kind)) {
        const bool verify = item.kind == mail::k_verify;
        const auto purpose = verify ? domain::TokenPurpose::verify : domain::TokenPurpose::reset;
        hours = verify ? sec.verify_token_hours : sec.reset_token_hours;
        token = security::new_token();
        // A newer mail of the same purpose replaces the older codes.
        env.store.tokens().revoke(item.account_id, purpose, env.clock.now());
        env.store.tokens().insert(
            security::token_hash(token),
            domain::TokenRecord{item.account_id, purpose, env.clock.now() + hours * 3600LL, {}});
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
      env.store.outbox().mark_sent(item.id, env.clock.now(), mailer.written_to(envelope));
      env.store.audit().append(domain::AuditEntry{0, "", caller.name, "mail.sent", "outbox",
                                                  std::to_string(item.id), item.kind + " to " + item.to});
    });
    ++report.delivered;
  }
  return report;
}

std::vector<domain::OutboxItem> list_outbox(const Env& env, const Caller& caller,
                                            std::optional<domain::OutboxStatus> status, int limit) {
  require_role(caller, {domain::Role::admin});
  return env.store.outbox().list(status, limit);
}

MailView show_mail(const Env& env, const Caller& caller, std::int64_t id) {
  require_role(caller, {domain::Role::admin});
  const auto item = env.store.outbox().find(id);
  if (!item) {
    throw Refusal("mail-not-found", Text{"查無此郵件：" + std::to_string(id), "no such mail: " + std::to_string(id)});
  }
  MailView v;
  v.item = *item;
  if (!item->exported_to.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(item->exported_to, ec))) {
      const std::string data = read_small_file(item->exported_to, 1 << 20, Text{"匯出的郵件檔", "the exported mail file"},
                                               "mail-unreadable");
      v.message = mail::read_message(data);
      v.from_file = true;
      return v;
    }
  }
  // Pending, sent over SMTP, or its file gone: what it says, from the outbox.
  // A verification or reset code exists only in the mail delivered.
  const bool token = mail::needs_token(item->kind);
  const auto& sec = env.config.security;
  const int hours = !token ? 0 : item->kind == mail::k_verify ? sec.verify_token_hours : sec.reset_token_hours;
  const auto content = mail::render(item->kind, mail::decode_params(item->params),
                                    token ? "<" +
                                                std::string(item->status == domain::OutboxStatus::pending
                                                                ? "code made when delivered"
                                                                : "code only in the delivered mail") +
                                                ">"
                                          : "",
                                    hours);
  v.message.from = env.config.mail.from;
  v.message.to = item->to;
  v.message.subject = content.subject;
  v.message.body = content.body;
  return v;
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
