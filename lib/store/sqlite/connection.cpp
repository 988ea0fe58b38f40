// The SQLite store's connection: one file, WAL, synchronous=FULL, foreign
// keys on, a busy timeout, every write transaction BEGIN IMMEDIATE (a nested
// one a savepoint), every statement parameterised. Also the settings, audit
// log and sequences, the checks of a file before it is opened or migrated,
// and the start-up (init_sqlite, open_sqlite).

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "store/sqlite/internal.hpp"
#include "store/sqlite/sqlite.hpp"
#include "store/sqlite/test_hooks.hpp"
#include "store/open.hpp"

namespace fs = std::filesystem;

namespace soas::store {

using sqlite::Connection;
using sqlite::count_capped;
using sqlite::guarded;
using sqlite::migrations;
using sqlite::Query;
using sqlite::sql_limit;

namespace {

constexpr int k_application_id = 0x534F4153;  // "SOAS", in the SQLite header
constexpr int k_busy_timeout_ms = 10000;

[[noreturn]] void fail(const char* code, const std::string& zh, const std::string& en) {
  throw Failure(code, Text{zh, en});
}

// Reads the first 16 bytes: a non-empty file that is not SQLite is refused
// before SQLite touches it, so it stays byte for byte as it was.
void check_header(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return;
  // A FIFO, a device or a directory named as the database is refused before
  // SQLite opens it (a FIFO would hang the open).
  const int fd = open_regular_file(path, Text{"資料庫", "the database"});
  char header[16] = {};
  ssize_t got = 0;
  while (got < 16) {
    const ssize_t n = ::read(fd, header + got, sizeof header - static_cast<std::size_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += n;
  }
  ::close(fd);
  if (got == 0) return;  // an empty file: init makes it a database
  if (got != 16 || std::string(header, 16) != std::string("SQLite format 3\0", 16)) {
    fail("database-corrupt", "不是 soas 資料庫，或檔案已損毀（未做任何變更）：" + path,
         "not a soas database, or the file is damaged (left untouched): " + path);
  }
}

int pragma_int(SQLite::Database& db, const char* pragma) {
  return db.execAndGet(std::string("PRAGMA ") + pragma).getInt();
}

void connection_settings(SQLite::Database& db) {
  db.setBusyTimeout(k_busy_timeout_ms);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA synchronous = FULL");
  // Savepoints' statement journals and sorts stay in memory: a batch's
  // savepoint per row otherwise wrote page images (personal data) to
  // /var/tmp, ~40 writes a row.
  db.exec("PRAGMA temp_store = MEMORY");
}

// Refuses a SQLite file that belongs to another program or to a newer soas.
void check_identity(SQLite::Database& db, const std::string& path) {
  const int app = pragma_int(db, "application_id");
  const int version = pragma_int(db, "user_version");
  const int tables = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
  if (app != k_application_id && (app != 0 || version != 0 || tables != 0)) {
    fail("database-foreign", "這是其他程式的 SQLite 資料庫，不是 soas 的：" + path,
         "this SQLite database belongs to another program, not soas: " + path);
  }
  if (version > current_schema_version()) {
    fail("schema-newer",
         "資料庫結構版本 " + std::to_string(version) + " 比此版 soas 支援的 " +
             std::to_string(current_schema_version()) + " 新，請使用較新的 soas：" + path,
         "the database schema (v" + std::to_string(version) + ") is newer than this soas supports (v" +
             std::to_string(current_schema_version()) + "); use a newer soas: " + path);
  }
}

class SqliteStore;

class SqliteSettings final : public Settings {
 public:
  SqliteSettings(Connection& db, const Clock& clock, const std::string& path)
      : m_db(db), m_clock(clock), m_path(path) {}
  std::optional<std::string> get(const std::string& key) override {
    return guarded(m_path, [&]() -> std::optional<std::string> {
      Query q(m_db, "SELECT value FROM settings WHERE key = ?");
      q.bind(1, key);
      if (!q.executeStep()) return std::nullopt;
      return q.getColumn(0).getString();
    });
  }
  void put(const std::string& key, const std::string& value) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
              "updated_at = excluded.updated_at");
      q.bind(1, key);
      q.bind(2, value);
      q.bind(3, iso_taipei(m_clock.now()));
      q.exec();
    });
  }
  std::vector<std::pair<std::string, std::string>> all() override {
    return guarded(m_path, [&] {
      std::vector<std::pair<std::string, std::string>> out;
      Query q(m_db, "SELECT key, value FROM settings ORDER BY key");
      while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
      return out;
    });
  }

 private:
  Connection& m_db;
  const Clock& m_clock;
  const std::string& m_path;
};

class SqliteAuditLog final : public AuditLog {
 public:
  SqliteAuditLog(Connection& db, const Clock& clock, const std::string& path)
      : m_db(db), m_clock(clock), m_path(path) {}
  std::int64_t append(AuditEntry e) override {
    return guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) "
              "VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(1, iso_taipei(m_clock.now()));
      q.bind(2, e.actor);
      q.bind(3, e.action);
      q.bind(4, e.entity);
      q.bind(5, e.entity_id);
      q.bind(6, e.detail);
      q.exec();
      return static_cast<std::int64_t>(m_db.getLastInsertRowid());
    });
  }
  std::vector<AuditEntry> list(const AuditQuery& query) override {
    return guarded(m_path, [&] {
      Query q(m_db,
              "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log "
              "WHERE " +
                  where(query) + " ORDER BY id DESC LIMIT ?" + std::to_string(slots(query) + 1));
      bind(q, query);
      q.bind(slots(query) + 1, sql_limit(query.limit));
      std::vector<AuditEntry> out;
      while (q.executeStep()) {
        out.push_back(AuditEntry{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                                 q.getColumn(2).getString(), q.getColumn(3).getString(),
                                 q.getColumn(4).getString(), q.getColumn(5).getString(),
                                 q.getColumn(6).getString()});
      }
      return out;
    });
  }
  std::int64_t count(const AuditQuery& query, std::int64_t cap) override {
    return guarded(m_path, [&] {
      return count_capped(m_db, "SELECT 1 FROM audit_log WHERE " + where(query) + " ORDER BY id DESC",
                          slots(query) + 1, cap, [&](Query& q) { bind(q, query); });
    });
  }

 private:
  // Only the filters given, so each query has one plan that uses its index
  // (the id order; entity and record through audit_log_by_entity).
  static int slots(const AuditQuery& query) {
    return (query.entity ? 1 : 0) + (query.entity_id ? 1 : 0) + (query.before ? 1 : 0);
  }
  static std::string where(const AuditQuery& query) {
    std::string w = "1";
    int i = 0;
    if (query.entity) w += " AND entity = ?" + std::to_string(++i);
    if (query.entity_id) w += " AND entity_id = ?" + std::to_string(++i);
    if (query.before) w += " AND id < ?" + std::to_string(++i);
    return w;
  }
  static void bind(Query& q, const AuditQuery& query) {
    int i = 0;
    if (query.entity) q.bind(++i, *query.entity);
    if (query.entity_id) q.bind(++i, *query.entity_id);
    if (query.before) q.bind(++i, *query.before);
  }
  Connection& m_db;
  const Clock& m_clock;
  const std::string& m_path;
};

class SqliteSequences final : public Sequences {
 public:
  SqliteSequences(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  long next(const std::string& name) override {
    if (sqlite3_get_autocommit(m_db.getHandle()) != 0) {
      throw std::logic_error("Sequences::next outside a write transaction");
    }
    return guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO sequences (name, value) VALUES (?, 1) "
              "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
      q.bind(1, name);
      q.executeStep();
      const long value = static_cast<long>(q.getColumn(0).getInt64());
      q.reset();
      return value;
    });
  }
  long current(const std::string& name) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT value FROM sequences WHERE name = ?");
      q.bind(1, name);
      return q.executeStep() ? static_cast<long>(q.getColumn(0).getInt64()) : 0L;
    });
  }

 private:
  Connection& m_db;
  const std::string& m_path;
};

// The fault-test hook (arm_kill_after_statements).
std::size_t g_kill_after = 0;
std::size_t g_statements = 0;
int count_statement(unsigned, void*, void*, void*) {
  if (++g_statements >= g_kill_after) std::raise(SIGKILL);
  return 0;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, const Clock& clock)
      : m_path(std::move(path)),
        m_db(m_path, SQLite::OPEN_READWRITE),
        m_settings(m_db, clock, m_path),
        m_audit(m_db, clock, m_path),
        m_sequences(m_db, m_path),
        m_schools(sqlite::make_schools(m_db, m_path)),
        m_records(sqlite::make_records(m_db, m_path)),
        m_accounts(sqlite::make_accounts(m_db, m_path)),
        m_tokens(sqlite::make_tokens(m_db, m_path)),
        m_sessions(sqlite::make_sessions(m_db, m_path)),
        m_throttle(sqlite::make_throttle(m_db, m_path)),
        m_outbox(sqlite::make_outbox(m_db, m_path)),
        m_cases(sqlite::make_cases(m_db, m_path)),
        m_payments(sqlite::make_payments(m_db, m_path)),
        m_batches(sqlite::make_batches(m_db, m_path)),
        m_calendars(sqlite::make_calendars(m_db, m_path)) {
    connection_settings(m_db);
    if (g_kill_after > 0) sqlite3_trace_v2(m_db.getHandle(), SQLITE_TRACE_STMT, &count_statement, nullptr);
  }

  int schema_version() override {
    return guarded(m_path, [&] { return pragma_int(m_db, "user_version"); });
  }
  Settings& settings() override { return m_settings; }
  AuditLog& audit() override { return m_audit; }
  Sequences& sequences() override { return m_sequences; }
  Schools& schools() override { return *m_schools; }
  Records& records() override { return *m_records; }
  Accounts& accounts() override { return *m_accounts; }
  Tokens& tokens() override { return *m_tokens; }
  Sessions& sessions() override { return *m_sessions; }
  LoginThrottle& throttle() override { return *m_throttle; }
  Outbox& outbox() override { return *m_outbox; }
  Cases& cases() override { return *m_cases; }
  Payments& payments() override { return *m_payments; }
  Batches& batches() override { return *m_batches; }
  Calendars& calendars() override { return *m_calendars; }

  void write(const std::function<void()>& fn) override {
    if (m_reading) throw std::logic_error("store: write() inside read()");
    guarded(m_path, [&] {
      if (m_depth > 0) {
        // Nested: a savepoint, so an inner failure undoes only its own part.
        const std::string name = "soas_sp" + std::to_string(m_depth);
        m_db.exec("SAVEPOINT " + name);
        ++m_depth;
        try {
          fn();
        } catch (...) {
          --m_depth;
          m_db.exec("ROLLBACK TO " + name);
          m_db.exec("RELEASE " + name);
          throw;
        }
        --m_depth;
        m_db.exec("RELEASE " + name);
        return;
      }
      SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
      ++m_depth;
      try {
        fn();
      } catch (...) {
        --m_depth;
        throw;  // the transaction's destructor rolls back
      }
      --m_depth;
      tx.commit();
    });
  }

  void read(const std::function<void()>& fn) override {
    if (m_depth > 0 || m_reading) return fn();
    guarded(m_path, [&] { m_db.exec("BEGIN DEFERRED"); });
    m_reading = true;
    try {
      fn();
    } catch (...) {
      m_reading = false;
      try {
        m_db.exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
      }
      throw;
    }
    m_reading = false;
    guarded(m_path, [&] { m_db.exec("COMMIT"); });
  }

  const std::string& path() const { return m_path; }
  Connection& db() { return m_db; }

 private:
  std::string m_path;
  Connection m_db;
  bool m_reading = false;  // inside read()
  SqliteSettings m_settings;
  SqliteAuditLog m_audit;
  SqliteSequences m_sequences;
  std::unique_ptr<Schools> m_schools;
  std::unique_ptr<Records> m_records;
  std::unique_ptr<Accounts> m_accounts;
  std::unique_ptr<Tokens> m_tokens;
  std::unique_ptr<Sessions> m_sessions;
  std::unique_ptr<LoginThrottle> m_throttle;
  std::unique_ptr<Outbox> m_outbox;
  std::unique_ptr<Cases> m_cases;
  std::unique_ptr<Payments> m_payments;
  std::unique_ptr<Batches> m_batches;
  std::unique_ptr<Calendars> m_calendars;
  int m_depth = 0;
};

}  // namespace

void arm_kill_after_statements(std::size_t n) {
  g_kill_after = n;
  g_statements = 0;
}

namespace sqlite {

Failure unknown_value(const UnknownStoredValue& e, const std::string& path) {
  const std::string column = e.what();
  return Failure("database-corrupt",
                 Text{"資料庫檔已損毀：" + path + "（" + column + " 的值無法辨識）",
                      "the database file is damaged: " + path + " (an unknown value in " + column + ")"});
}

Failure translate(const SQLite::Exception& e, const std::string& path) {
  const int rc = e.getErrorCode();
  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
    return Failure("database-corrupt", Text{"資料庫檔已損毀：" + path + "（" + e.what() + "）",
                                            "the database file is damaged: " + path + " (" + e.what() + ")"});
  }
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    return Failure("database-busy", Text{"資料庫忙碌中，請稍後再試：" + path,
                                         "the database is busy; try again shortly: " + path});
  }
  if (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN || rc == SQLITE_PERM) {
    return Failure("database-unwritable",
                   Text{"無法開啟或寫入資料庫：" + path + "（" + e.what() + "）",
                        "cannot open or write the database: " + path + " (" + e.what() + ")"});
  }
  return Failure("database-error", Text{"資料庫錯誤：" + path + "（" + e.what() + "）",
                                        "database error: " + path + " (" + e.what() + ")"});
}

}  // namespace sqlite

InitReport init_sqlite(const std::string& path, const Clock& clock, const std::string& actor) {
  InitReport report;
  report.path = path;
  std::error_code ec;
  report.created = !fs::exists(path, ec) || fs::file_size(path, ec) == 0;
  if (!report.created) check_header(path);

  if (!fs::exists(path, ec)) {
    // Created here at 0600 whatever the umask (it will hold password hashes,
    // passports and every scan); SQLite gives its -wal and -shm files the
    // mode of the database file.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      (void)::fchmod(fd, 0600);
      ::close(fd);
    }  // else SQLite's own open below reports why
  }
  return guarded(path, [&] {
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.setBusyTimeout(k_busy_timeout_ms);
      if (!report.created) {
        // Read-only checks first: nothing is written to a damaged or foreign file.
        const std::string result = db.execAndGet("PRAGMA quick_check").getString();
        if (result != "ok") {
          fail("database-corrupt", "資料庫檔未通過完整性檢查（未做任何變更）：" + path + "（" + result + "）",
               "the database file fails its integrity check (left untouched): " + path + " (" + result + ")");
        }
        check_identity(db, path);
      }
      // WAL is a property of the file; set once here, kept by every later open.
      db.exec("PRAGMA journal_mode = WAL");
    }
    SqliteStore store(path, clock);
    report.from_version = store.schema_version();
    for (const auto& step : migrations()) {
      if (step.version <= store.schema_version()) continue;
      store.write([&] {
        store.db().exec(step.sql);
        store.db().exec("PRAGMA application_id = " + std::to_string(k_application_id));
        store.db().exec("PRAGMA user_version = " + std::to_string(step.version));
        store.audit().append(
            AuditEntry{0, "", actor, "schema.migrate", "database", std::to_string(step.version), step.name});
      });
      report.applied.push_back(Migration{step.version, step.name});
    }
    report.to_version = store.schema_version();
    return report;
  });
}

std::unique_ptr<Store> open_sqlite(const std::string& path, const Clock& clock) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fail("no-database", "找不到資料庫 " + path + "，請先執行 soas init",
         "no database at " + path + "; run 'soas init' first");
  }
  check_header(path);
  return guarded(path, [&]() -> std::unique_ptr<Store> {
    auto store = std::make_unique<SqliteStore>(path, clock);
    check_identity(store->db(), path);
    const int version = store->schema_version();
    if (version < current_schema_version()) {
      fail("schema-older",
           "資料庫結構版本 " + std::to_string(version) + " 較舊，請執行 soas init 升級至 " +
               std::to_string(current_schema_version()) + "：" + path,
           "the database schema (v" + std::to_string(version) + ") is older than this soas (v" +
               std::to_string(current_schema_version()) + "); run 'soas init' to migrate: " + path);
    }
    return store;
  });
}

}  // namespace soas::store
