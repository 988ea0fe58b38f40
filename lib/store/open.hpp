#pragma once
// The one door to a database: open_store and init_store take the database as
// the user named it (core/database_url.hpp: a file path, "sqlite:FILE", or a
// URL of another backend) and give a Store whatever the backend. Only SQLite
// is built in (store/sqlite/); a PostgreSQL URL is refused as unavailable.

#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace soas {
class Clock;
}

namespace soas::store {

// The schema version this build reads and writes (SQLite: PRAGMA user_version).
int current_schema_version();

struct Migration {
  int version;
  std::string name;
};

// What init_store did.
struct InitReport {
  std::string path;                // the database as messages name it: a SQLite database's file
  bool created = false;            // the database did not exist (a SQLite file: missing or empty)
  int from_version = 0;            // the schema it had (0: none)
  int to_version = 0;              // the schema it has now: current_schema_version()
  std::vector<Migration> applied;  // in order, each in its own transaction
};

// Creates the database or migrates it to current_schema_version(); running it
// again changes nothing. Refuses, leaving the database untouched, what the
// backend refuses (SQLite: store/sqlite/sqlite.hpp, init_sqlite). The audit
// log records each migration as done by `actor`.
InitReport init_store(const std::string& url, const Clock& clock, const std::string& actor);

// Opens an existing database at the current schema (SQLite: open_sqlite).
std::unique_ptr<Store> open_store(const std::string& url, const Clock& clock);

// Both refuse, as a Failure, a database they cannot reach:
//   "db-backend-unavailable"  postgresql:// or postgres://: no such backend in this build yet
//   "db-backend-unknown"      any other scheme://
//   "db-url-invalid"          "sqlite:" with no file

}  // namespace soas::store
