// Which backend a database URL names, and its start-up.

#include "store/open.hpp"

#include "core/database_url.hpp"
#include "core/error.hpp"
#include "store/sqlite/sqlite.hpp"

namespace soas::store {

namespace {

// The SQLite file the URL names, or the Failure saying why there is none.
std::string sqlite_file_or_refuse(const std::string& url) {
  const DatabaseUrl u = parse_database_url(url);
  switch (u.backend) {
    case DatabaseBackend::sqlite:
      if (u.file.empty() && !u.scheme.empty()) {
        throw Failure("db-url-invalid", Text{"「sqlite:」之後須接資料庫檔案路徑（sqlite:檔案）",
                                             "'sqlite:' needs the database file after it (sqlite:FILE)"});
      }
      return u.file;
    case DatabaseBackend::postgresql:
      // The URL itself is not repeated: it may hold a password.
      throw Failure(
          "db-backend-unavailable",
          Text{"此版 soas 尚無 PostgreSQL 後端（" + u.scheme + "://）；請使用 SQLite 資料庫檔案（--db 檔案）",
               "this build of soas has no PostgreSQL backend yet (" + u.scheme +
                   "://); use a SQLite database file (--db FILE)"});
    case DatabaseBackend::unknown: break;
  }
  throw Failure(
      "db-backend-unknown",
      Text{"不支援的資料庫種類（" + u.scheme + "://）；請使用 SQLite 資料庫檔案（--db 檔案，或 sqlite:檔案）",
           "unknown kind of database (" + u.scheme +
               "://); use a SQLite database file (--db FILE, or sqlite:FILE)"});
}

}  // namespace

InitReport init_store(const std::string& url, const Clock& clock, const std::string& actor) {
  return init_sqlite(sqlite_file_or_refuse(url), clock, actor);
}

std::unique_ptr<Store> open_store(const std::string& url, const Clock& clock) {
  return open_sqlite(sqlite_file_or_refuse(url), clock);
}

}  // namespace soas::store
