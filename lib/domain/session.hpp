#pragma once
// What an account's sign-in leaves behind: one-time tokens (e-mail
// verification, password reset), sessions, and the failed logins counted per
// name typed. Only a hash of a token or session is ever kept, by whoever
// keeps these; times are Unix seconds.

#include <cstdint>
#include <optional>

namespace soas::domain {

enum class TokenPurpose { verify, reset };

struct TokenRecord {
  std::int64_t account_id = 0;
  TokenPurpose purpose = TokenPurpose::verify;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> used_at;
};

struct SessionRecord {
  std::int64_t account_id = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> ended_at;
};

// Failed logins for one name (whether or not such an account exists); a name
// never seen is {0, 0}: no failures, not locked (locked_until 0: unset).
struct Throttle {
  int failures = 0;
  std::int64_t locked_until = 0;
};

}  // namespace soas::domain
