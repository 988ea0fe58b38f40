#pragma once
// Shared by the SQLite implementation files of lib/store only.

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace soas::store::sqlite {

// SQLite's exceptions as soas errors naming the file.
Failure translate(const SQLite::Exception& e, const std::string& path);

template <typename Fn>
auto guarded(const std::string& path, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    throw translate(e, path);
  }
}

// Binds text, or NULL for an empty string (optional columns).
inline void bind_text_or_null(SQLite::Statement& q, int i, const std::string& v) {
  if (v.empty()) {
    q.bind(i);
  } else {
    q.bind(i, v);
  }
}

std::unique_ptr<Schools> make_schools(SQLite::Database& db, const std::string& path);
std::unique_ptr<Records> make_records(SQLite::Database& db, const std::string& path);
std::unique_ptr<Accounts> make_accounts(SQLite::Database& db, const std::string& path);
std::unique_ptr<Tokens> make_tokens(SQLite::Database& db, const std::string& path);
std::unique_ptr<Sessions> make_sessions(SQLite::Database& db, const std::string& path);
std::unique_ptr<LoginThrottle> make_throttle(SQLite::Database& db, const std::string& path);
std::unique_ptr<Outbox> make_outbox(SQLite::Database& db, const std::string& path);
std::unique_ptr<Cases> make_cases(SQLite::Database& db, const std::string& path);
std::unique_ptr<Payments> make_payments(SQLite::Database& db, const std::string& path);
std::unique_ptr<Batches> make_batches(SQLite::Database& db, const std::string& path);

}  // namespace soas::store::sqlite
