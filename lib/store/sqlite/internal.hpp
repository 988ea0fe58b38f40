#pragma once
// Shared by the SQLite implementation files of lib/store/sqlite only.

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "store/store.hpp"

namespace soas::store {

// The domain's records, by their short names in the SQLite code.
using domain::AuditEntry;
using domain::BatchRecord;
using domain::BatchRow;
using domain::CalendarYear;
using domain::CaseDocument;
using domain::CaseEvent;
using domain::CaseRecord;
using domain::OrderGroup;
using domain::OrderStatus;
using domain::OutboxItem;
using domain::OutboxStatus;
using domain::PaymentOrder;
using domain::RowOutcome;
using domain::School;
using domain::SessionRecord;
using domain::SettlementRecord;
using domain::Throttle;
using domain::TokenPurpose;
using domain::TokenRecord;

}  // namespace soas::store

namespace soas::store::sqlite {

// One schema version: the SQL that takes the database from the one before to
// this one (migrations.cpp).
struct MigrationStep {
  int version;
  const char* name;
  const char* sql;
};

// Every step, by version; the last is current_schema_version().
const std::vector<MigrationStep>& migrations();

// A database connection that keeps its prepared statements: preparing a
// statement costs more than running most of soas's queries (a batch of 1,000
// rows spent a third of its time in sqlite3_prepare_v2). The statements are
// finalized before the connection closes.
class Connection : public SQLite::Database {
 public:
  Connection(const std::string& path, int flags) : SQLite::Database(path, flags) {}
  ~Connection() { m_free.clear(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A statement for `sql`: a kept one, else a new one.
  std::unique_ptr<SQLite::Statement> take(const std::string& sql) {
    auto it = m_free.find(sql);
    if (it == m_free.end() || it->second.empty()) return std::make_unique<SQLite::Statement>(*this, sql);
    auto s = std::move(it->second.back());
    it->second.pop_back();
    return s;
  }
  // Back for the next use: reset (so no read transaction stays open) and
  // unbound; a statement that cannot be reset is dropped.
  void give(const std::string& sql, std::unique_ptr<SQLite::Statement> s) noexcept {
    if (s->tryReset() != SQLite::OK) return;
    try {
      s->clearBindings();
      m_free[sql].push_back(std::move(s));
    } catch (...) {
    }
  }

 private:
  std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>> m_free;
};

// One use of a kept statement, for the lifetime of this object; written as a
// SQLite::Statement would be (Query q(db, "SELECT ..."); q.bind(1, v); ...).
class Query {
 public:
  Query(Connection& db, std::string sql) : m_db(db), m_sql(std::move(sql)), m_s(m_db.take(m_sql)) {}
  ~Query() { m_db.give(m_sql, std::move(m_s)); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  operator SQLite::Statement&() { return *m_s; }
  template <typename... A>
  void bind(A&&... a) {
    m_s->bind(std::forward<A>(a)...);
  }
  // Binds without copying: `v` must live until the statement has run (give()
  // unbinds it before anyone else steps it). For the rows a filing writes.
  void bind_view(int i, const std::string& v) { m_s->bindNoCopy(i, v); }
  void bind_view(int i, const void* data, int size) { m_s->bindNoCopy(i, data, size); }
  bool executeStep() { return m_s->executeStep(); }
  int exec() { return m_s->exec(); }
  SQLite::Column getColumn(int i) { return m_s->getColumn(i); }
  void reset() { m_s->reset(); }

 private:
  Connection& m_db;
  std::string m_sql;
  std::unique_ptr<SQLite::Statement> m_s;
};

// SQLite's exceptions as soas errors naming the file.
Failure translate(const SQLite::Exception& e, const std::string& path);

// A column whose text is no value this version of soas writes (a state, a
// method, a date ...): the database was changed behind soas's back.
struct UnknownStoredValue : std::runtime_error {
  explicit UnknownStoredValue(const char* column) : std::runtime_error(column) {}
};
// The value read back through its domain parser, or UnknownStoredValue.
template <typename T>
T stored(std::optional<T> value, const char* column) {
  if (!value) throw UnknownStoredValue(column);
  return *std::move(value);
}
// UnknownStoredValue as "database-corrupt" naming the file and the column.
Failure unknown_value(const UnknownStoredValue& e, const std::string& path);

template <typename Fn>
auto guarded(const std::string& path, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    throw translate(e, path);
  } catch (const UnknownStoredValue& e) {
    throw unknown_value(e, path);
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

// A page's LIMIT as bound: the rows asked for, or -1 (SQLite: no limit) for 0.
inline std::int64_t sql_limit(std::size_t limit) {
  return limit == 0 ? -1 : static_cast<std::int64_t>(limit);
}

// "?, ?, ?" for an IN list of n values (n > 0).
inline std::string sql_marks(std::size_t n) {
  std::string marks = "?";
  for (std::size_t i = 1; i < n; ++i) marks += ", ?";
  return marks;
}

// An IN list of many values, run as few statements: `values` without
// repeats, in pieces of at most 512, each padded to a power of two by
// repeating its last value (a repeat in an IN list matches nothing more), so
// that a handful of kept statements serve every size. `each(marks, piece)`
// runs one piece: `marks` as sql_marks gives them, `piece` the values to bind
// to them in order. Nothing runs for no values.
template <typename T, typename Each>
void in_lists(std::vector<T> values, Each&& each) {
  constexpr std::size_t k_most = 512;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (std::size_t at = 0; at < values.size(); at += k_most) {
    const std::size_t n = std::min(k_most, values.size() - at);
    std::size_t padded = 1;
    while (padded < n) padded *= 2;
    std::vector<T> piece(values.begin() + static_cast<std::ptrdiff_t>(at),
                         values.begin() + static_cast<std::ptrdiff_t>(at + n));
    piece.resize(padded, piece.back());
    each(sql_marks(padded), piece);
  }
}

// Binds a piece of in_lists() from parameter `first` on (text without a
// copy: the piece outlives the Query that runs it).
inline void bind_piece(Query& q, const std::vector<std::string>& piece, int first = 1) {
  for (std::size_t i = 0; i < piece.size(); ++i) q.bind_view(first + static_cast<int>(i), piece[i]);
}
inline void bind_piece(Query& q, const std::vector<std::int64_t>& piece, int first = 1) {
  for (std::size_t i = 0; i < piece.size(); ++i) q.bind(first + static_cast<int>(i), piece[i]);
}

// How many rows a key-ordered SELECT of one column gives, to the cap: the
// SELECT counted inside a LIMIT, so the count stops at `cap` index steps.
// `bind` binds the SELECT's parameters; the cap is bound last, at `cap_index`.
template <typename Bind>
std::int64_t count_capped(Connection& db, const std::string& select, int cap_index, std::int64_t cap,
                          Bind&& bind) {
  Query q(db, "SELECT count(*) FROM (" + select + " LIMIT ?" + std::to_string(cap_index) + ")");
  bind(q);
  q.bind(cap_index, cap);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::unique_ptr<Schools> make_schools(Connection& db, const std::string& path);
std::unique_ptr<Records> make_records(Connection& db, const std::string& path);
std::unique_ptr<Accounts> make_accounts(Connection& db, const std::string& path);
std::unique_ptr<Tokens> make_tokens(Connection& db, const std::string& path);
std::unique_ptr<Sessions> make_sessions(Connection& db, const std::string& path);
std::unique_ptr<LoginThrottle> make_throttle(Connection& db, const std::string& path);
std::unique_ptr<Outbox> make_outbox(Connection& db, const std::string& path);
std::unique_ptr<Cases> make_cases(Connection& db, const std::string& path);
std::unique_ptr<Payments> make_payments(Connection& db, const std::string& path);
std::unique_ptr<Batches> make_batches(Connection& db, const std::string& path);
std::unique_ptr<Calendars> make_calendars(Connection& db, const std::string& path);

}  // namespace soas::store::sqlite
