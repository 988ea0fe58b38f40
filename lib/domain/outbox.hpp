#pragma once
// Mail to send, kept in the transaction of the change that causes it. It
// holds what to say, never a secret: tokens are minted at delivery
// (lib/service/mail_delivery). A failed delivery stays pending, with its
// error and attempt count, and is retried by the next send.

#include <cstdint>
#include <optional>
#include <string>

namespace soas::domain {

enum class OutboxStatus { pending, sent };

struct OutboxItem {
  std::int64_t id = 0;
  std::string kind;  // verify, reset, ...
  std::int64_t account_id = 0;
  std::string to;
  std::string params;  // the template's parameters, encoded by lib/mail
  OutboxStatus status = OutboxStatus::pending;
  int attempts = 0;
  std::string last_error;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> sent_at;
  std::string exported_to;  // sent as a file (soas mail export): its path; empty when sent over SMTP
                            // ("": unset, stored as NULL)
};

}  // namespace soas::domain
