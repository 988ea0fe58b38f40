#pragma once
// Delivering the outbox. A verification or reset token is minted when its
// mail is delivered, stored hashed, and exists in clear only in that mail.

#include <string>
#include <vector>

#include "mail/mail.hpp"
#include "service/accounts.hpp"

namespace soas::service {

struct DeliveryReport {
  int delivered = 0;
  int failed = 0;
  std::vector<std::string> errors;  // "outbox 3: <reason>"
};

// Delivers up to `limit` pending mails through `mailer`, oldest first; a mail
// that fails stays pending with its error recorded, to be retried. Admin only.
DeliveryReport deliver_pending(const Env& env, const Caller& caller, mail::Mailer& mailer, int limit = 1000);

std::vector<store::OutboxItem> list_outbox(const Env& env, const Caller& caller,
                                           std::optional<store::OutboxStatus> status, int limit);

// The SMTP password named by the config (mail.password_file or the variable
// mail.password_env), never the config's own text.
std::string smtp_password(const config::MailSettings& mail, const config::EnvLookup& env);

}  // namespace soas::service
