#pragma once
// Where the database is, as --db, SOAS_DB or database: in soas.yaml name it:
// a file path or "sqlite:FILE" (SQLite), or a URL whose scheme names another
// backend ("postgresql://..."). Only parsed here; store/open.hpp opens it.

#include <string>

namespace soas {

enum class DatabaseBackend { sqlite, postgresql, unknown };

struct DatabaseUrl {
  DatabaseBackend backend = DatabaseBackend::sqlite;
  std::string scheme;  // as written ("sqlite", "postgres", ...); empty for a plain path
  std::string file;    // SQLite: the database file; empty for another backend
};

// A plain path is SQLite's file as given ("C:\x.db" too: a one-letter scheme
// is a drive). "sqlite:" (any case) takes the rest as the file:
// "sqlite:rel.db", "sqlite:/abs/x.db"; "sqlite:///abs/x.db" is "/abs/x.db".
// "postgresql://" and "postgres://" are PostgreSQL; any other "scheme://" is
// unknown. A colon without "//" ("a:b.db") is a plain path.
DatabaseUrl parse_database_url(const std::string& url);

// The local file of a SQLite database: "x.db" for "x.db" and "sqlite:x.db";
// empty for another backend. The signing key's default path, the files kept
// from being overwritten, and the messages naming the database use it.
std::string database_file(const std::string& url);

}  // namespace soas
