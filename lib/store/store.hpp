#pragma once
// The storage layer's narrow interfaces. Every SQL statement of soas lives
// behind them (today in sqlite_store.cpp), so that a server database can be
// added later without touching the domain or the CLI.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soas {
class Clock;
}

namespace soas::store {

// The schema version this build reads and writes (PRAGMA user_version).
int current_schema_version();

class Settings {
 public:
  virtual ~Settings() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const std::string& value) = 0;
  virtual std::vector<std::pair<std::string, std::string>> all() = 0;
};

// Who did what, when, on which record. Append-only: the database refuses
// updates and deletes of its rows.
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;         // ISO 8601, Asia/Taipei; filled in by append()
  std::string actor;      // an account name, or "system"
  std::string action;     // "schema.migrate", "case.approve", ...
  std::string entity;     // "database", "case", "account", ...
  std::string entity_id;  // the record's key
  std::string detail;     // free text or JSON, never a secret
};

struct AuditQuery {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  int limit = 100;  // newest first
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual std::int64_t append(AuditEntry entry) = 0;
  virtual std::vector<AuditEntry> list(const AuditQuery& query) = 0;
};

// Named counters for case numbers. next() must run inside write(), so that a
// rolled-back transaction gives its number back and users never see a gap.
class Sequences {
 public:
  virtual ~Sequences() = default;
  virtual long next(const std::string& name) = 0;
  virtual long current(const std::string& name) = 0;  // 0 before the first next()
};

class Store {
 public:
  virtual ~Store() = default;
  virtual int schema_version() = 0;
  virtual Settings& settings() = 0;
  virtual AuditLog& audit() = 0;
  virtual Sequences& sequences() = 0;
  // Runs fn in one write transaction (BEGIN IMMEDIATE): committed when fn
  // returns, rolled back when it throws (the exception goes on).
  virtual void write(const std::function<void()>& fn) = 0;
};

struct Migration {
  int version;
  std::string name;
};

struct InitReport {
  std::string path;
  bool created = false;  // the file did not exist (or was empty)
  int from_version = 0;
  int to_version = 0;
  std::vector<Migration> applied;
};

// Creates the database or migrates it to current_schema_version(); running
// it again changes nothing. Refuses, leaving the file untouched: a file that
// is not a SQLite database or fails its integrity check ("database-corrupt"),
// a SQLite database of another program ("database-foreign"), a schema newer
// than this build ("schema-newer").
InitReport init_sqlite(const std::string& path, const Clock& clock, const std::string& actor);

// Opens an existing database at the current schema. Refuses a missing file
// ("no-database"), an older schema ("schema-older": run soas init), and the
// cases init_sqlite refuses.
std::unique_ptr<Store> open_sqlite(const std::string& path, const Clock& clock);

}  // namespace soas::store
