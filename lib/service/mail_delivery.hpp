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

// Queues a mail about a case inside the caller's write: to its applicant; for
// a case a school filed for a student without an account (CaseRecord::proxy),
// to the school staff who filed it and to the e-mail it was filed with (the
// account's once the student has registered), each once. The mail greets the
// applicant by the case's name (申請名稱) and says the school filed it.
// Returns the first mail's outbox id (0: no address to send to).
std::int64_t queue_case_mail(const Env& env, const domain::CaseRecord& c, const domain::Account& applicant,
                             const char* kind, mail::Params params);

std::vector<domain::OutboxItem> list_outbox(const Env& env, const Caller& caller,
                                            std::optional<domain::OutboxStatus> status, int limit);

// One mail of the outbox as a person reads it (admin): for a mail exported
// to a file, the file as delivered (its code included); otherwise what the
// outbox says it says, a verification or reset code shown as a placeholder
// (it exists only in the mail delivered). Refusal "mail-not-found".
struct MailView {
  domain::OutboxItem item;
  mail::Readable message;
  bool from_file = false;  // read back from the exported file
};
MailView show_mail(const Env& env, const Caller& caller, std::int64_t id);

// The SMTP password named by the config (mail.password_file or the variable
// mail.password_env), never the config's own text.
std::string smtp_password(const config::MailSettings& mail, const config::EnvLookup& env);

}  // namespace soas::service
