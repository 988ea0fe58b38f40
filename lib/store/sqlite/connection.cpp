// The SQLite implementation of the store: one file, WAL, synchronous=FULL,
// foreign keys on, a busy timeout, every write transaction BEGIN IMMEDIATE,
// every statement parameterised.

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
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace soas::store {

using sqlite::Connection;
using sqlite::guarded;
using sqlite::Query;

namespace {

constexpr int k_application_id = 0x534F4153;  // "SOAS", in the SQLite header
constexpr int k_busy_timeout_ms = 10000;

struct MigrationStep {
  int version;
  const char* name;
  const char* sql;
};

// Append only: a released migration is never edited, a change is a new step.
const std::vector<MigrationStep>& migrations() {
  static const std::vector<MigrationStep> k_steps = {
      {1, "settings, audit log and number sequences", R"sql(
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE sequences (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL CHECK (value >= 0)
) STRICT;
)sql"},
      {2, "schools, agency records, accounts, tokens, sessions, login throttle, mail outbox", R"sql(
CREATE TABLE schools (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE persons (
  record_id        TEXT PRIMARY KEY,
  identity_type    TEXT NOT NULL,
  name_zh          TEXT NOT NULL,
  surname_en       TEXT NOT NULL,
  given_name_en    TEXT NOT NULL,
  birth_date       TEXT NOT NULL,
  sex              TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  nationality      TEXT NOT NULL,
  birthplace       TEXT NOT NULL,
  passport_no      TEXT NOT NULL,
  mainland_id      TEXT NOT NULL,
  travel_permit_no TEXT NOT NULL,
  ui_no            TEXT NOT NULL,
  school_code      TEXT REFERENCES schools (code),
  department       TEXT NOT NULL
) STRICT;
CREATE INDEX persons_by_mainland_id ON persons (mainland_id) WHERE mainland_id <> '';

CREATE TABLE permits (
  permit_no       TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('single-entry', 'multi-entry', 'arc')),
  record_id       TEXT NOT NULL REFERENCES persons (record_id),
  issue_date      TEXT NOT NULL,
  stay_expiry     TEXT NOT NULL,
  entry_inspected INTEGER NOT NULL CHECK (entry_inspected IN (0, 1))
) STRICT;
CREATE INDEX permits_by_holder ON permits (record_id);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('student', 'school', 'reviewer', 'admin')),
  identity_type TEXT,
  school_code   TEXT REFERENCES schools (code),
  email         TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('unverified', 'active', 'disabled')),
  person_key    TEXT,
  record_id     TEXT REFERENCES persons (record_id),
  created_at    INTEGER NOT NULL,
  UNIQUE (identity_type, person_key)
) STRICT;

CREATE TABLE account_fields (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (account_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  purpose    TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at   INTEGER
) STRICT;
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE login_throttle (
  name         TEXT PRIMARY KEY COLLATE NOCASE,
  failures     INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
) STRICT;

CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  to_addr    TEXT NOT NULL,
  params     TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at    INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (status, id);
)sql"},
      {3, "case groups, cases, their fields, documents by content hash, and history", R"sql(
CREATE TABLE case_groups (
  group_no   TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES accounts (id),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cases (
  receipt_no   TEXT PRIMARY KEY,
  group_no     TEXT NOT NULL REFERENCES case_groups (group_no),
  kind         TEXT NOT NULL,
  applicant_id INTEGER NOT NULL REFERENCES accounts (id),
  filed_by     INTEGER NOT NULL REFERENCES accounts (id),
  school_code  TEXT,
  permit_no    TEXT,
  state        TEXT NOT NULL,
  fee          INTEGER NOT NULL CHECK (fee >= 0),
  submitted_at INTEGER NOT NULL,
  decision_due TEXT NOT NULL,
  opinion      TEXT NOT NULL DEFAULT '',
  reply        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX cases_by_applicant ON cases (applicant_id, kind, state);
CREATE INDEX cases_by_group ON cases (group_no);
CREATE INDEX cases_by_school ON cases (school_code);

CREATE TABLE case_fields (
  receipt_no TEXT NOT NULL REFERENCES cases (receipt_no),
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (receipt_no, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE blobs (
  sha256  TEXT PRIMARY KEY,
  content BLOB NOT NULL
) STRICT;

CREATE TABLE case_documents (
  receipt_no TEXT NOT NULL REFERENCES cases (receipt_no),
  item       TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  file_name  TEXT NOT NULL,
  format     TEXT NOT NULL,
  size       INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  PRIMARY KEY (receipt_no, item, seq)
) STRICT;

CREATE TABLE case_history (
  id         INTEGER PRIMARY KEY,
  receipt_no TEXT NOT NULL REFERENCES cases (receipt_no),
  action     TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  actor      TEXT NOT NULL,
  at         INTEGER NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX case_history_by_case ON case_history (receipt_no, id);
)sql"},
      {4, "payment orders, their groups, settlement lines, and the issue of cases", R"sql(
CREATE TABLE payment_orders (
  order_no        TEXT PRIMARY KEY,
  method          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('live', 'cancelled', 'paid')),
  amount          INTEGER NOT NULL CHECK (amount > 0),
  handling_fee    INTEGER NOT NULL CHECK (handling_fee >= 0),
  charged         INTEGER NOT NULL CHECK (charged > 0),
  payer_id        INTEGER NOT NULL REFERENCES accounts (id),
  payer_name      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  deadline        TEXT,
  virtual_account TEXT UNIQUE,
  paid_at         INTEGER,
  channel         TEXT,
  reference       TEXT
) STRICT;

CREATE TABLE payment_order_groups (
  order_no TEXT NOT NULL REFERENCES payment_orders (order_no),
  group_no TEXT NOT NULL REFERENCES case_groups (group_no),
  amount   INTEGER NOT NULL,
  cases    INTEGER NOT NULL,
  PRIMARY KEY (order_no, group_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX payment_order_groups_by_group ON payment_order_groups (group_no);

CREATE TABLE settlements (
  id         INTEGER PRIMARY KEY,
  order_no   TEXT NOT NULL REFERENCES payment_orders (order_no),
  reference  TEXT NOT NULL,
  channel    TEXT NOT NULL,
  amount     INTEGER NOT NULL,
  paid_at    INTEGER NOT NULL,
  source     TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  UNIQUE (order_no, reference)
) STRICT;

ALTER TABLE cases ADD COLUMN paid_order TEXT REFERENCES payment_orders (order_no);
ALTER TABLE cases ADD COLUMN paid_at INTEGER;
ALTER TABLE cases ADD COLUMN issued_at INTEGER;
ALTER TABLE cases ADD COLUMN valid_until TEXT;
CREATE INDEX cases_by_paid_at ON cases (paid_at);
)sql"},
      {5, "school batches: a filed file's group", R"sql(
CREATE TABLE batches (
  school_code TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  group_no    TEXT NOT NULL REFERENCES case_groups (group_no),
  created_by  INTEGER NOT NULL REFERENCES accounts (id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (school_code, file_sha256)
) STRICT, WITHOUT ROWID;
)sql"},
      // A school's batch looks each row's student up by passport and record:
      // without these, every row scanned both tables (bench/batch).
      {6, "indexes: persons by passport, accounts by record", R"sql(
CREATE INDEX persons_by_passport ON persons (passport_no, identity_type);
CREATE INDEX accounts_by_record ON accounts (record_id) WHERE record_id IS NOT NULL;
)sql"},
      {7, "reminders: permits by stay expiry, reminders sent once per window", R"sql(
CREATE INDEX permits_by_expiry ON permits (stay_expiry);
CREATE TABLE reminders_sent (
  permit_no     TEXT NOT NULL,
  window_closes TEXT NOT NULL,
  outbox_id     INTEGER NOT NULL REFERENCES outbox (id),
  sent_at       INTEGER NOT NULL,
  PRIMARY KEY (permit_no, window_closes)
) STRICT, WITHOUT ROWID;
)sql"},
      {8, "office calendars imported per year (soas calendar import)", R"sql(
CREATE TABLE calendar_years (
  year        INTEGER PRIMARY KEY,
  source      TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  days        INTEGER NOT NULL,
  imported_at INTEGER NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;
CREATE TABLE calendar_days (
  date    TEXT PRIMARY KEY,
  year    INTEGER NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
  day_off INTEGER NOT NULL,
  note    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX calendar_days_by_year ON calendar_days (year);
)sql"},
      // A school files for students who have no account (proxy filing): the
      // case belongs to a proxy account of the person (proxy_key: "record:ID"
      // for a person in the agency's records, "row:PASSPORT:SCHOOL" for an ARC
      // applicant filed from the row's own data), which registration claims.
      // A batch keeps its rows, so status answers per row of the school's file.
      // A mail written to a file (soas mail export) keeps the file's name, so
      // soas mail show reads what was delivered.
      {9, "proxy filing: proxy accounts, proxy cases, the rows of a batch; exported mail's file", R"sql(
ALTER TABLE outbox ADD COLUMN exported_to TEXT;
ALTER TABLE accounts ADD COLUMN proxy_key TEXT;
CREATE UNIQUE INDEX accounts_by_proxy_key ON accounts (proxy_key) WHERE proxy_key IS NOT NULL;
ALTER TABLE cases ADD COLUMN proxy INTEGER NOT NULL DEFAULT 0 CHECK (proxy IN (0, 1));
ALTER TABLE cases ADD COLUMN unrecorded INTEGER NOT NULL DEFAULT 0 CHECK (unrecorded IN (0, 1));
ALTER TABLE batches ADD COLUMN header TEXT NOT NULL DEFAULT '[]';
CREATE TABLE batch_rows (
  group_no   TEXT NOT NULL REFERENCES case_groups (group_no),
  row_no     INTEGER NOT NULL,
  key        TEXT NOT NULL,
  name       TEXT NOT NULL,
  receipt_no TEXT REFERENCES cases (receipt_no),
  outcome    TEXT NOT NULL CHECK (outcome IN ('filed', 'skipped', 'failed')),
  problems   TEXT NOT NULL DEFAULT '',
  cells      TEXT NOT NULL,
  PRIMARY KEY (group_no, row_no)
) STRICT, WITHOUT ROWID;
)sql"},
  };
  return k_steps;
}

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
              "WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2) "
              "ORDER BY id DESC LIMIT ?3");
      if (query.entity) q.bind(1, *query.entity);
      if (query.entity_id) q.bind(2, *query.entity_id);
      q.bind(3, query.limit);
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

 private:
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

int current_schema_version() {
  return migrations().back().version;
}

namespace sqlite {

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
