// Where the database is: a file path, sqlite:FILE, or another backend's URL.

#include <catch2/catch.hpp>

#include "core/database_url.hpp"

using namespace soas;

TEST_CASE("a plain path is a SQLite file as given", "[database-url]") {
  for (const std::string p :
       {"soas.db", "./data/soas.db", "/srv/soas/soas.db", "C:\\soas\\soas.db", "a:b.db", "data/x:y.db", ""}) {
    const auto u = parse_database_url(p);
    CHECK(u.backend == DatabaseBackend::sqlite);
    CHECK(u.scheme.empty());
    CHECK(u.file == p);
    CHECK(database_file(p) == p);
  }
}

TEST_CASE("sqlite: names the file after it", "[database-url]") {
  CHECK(database_file("sqlite:x.db") == "x.db");
  CHECK(database_file("sqlite:data/x.db") == "data/x.db");
  CHECK(database_file("sqlite:/abs/path.db") == "/abs/path.db");
  CHECK(database_file("sqlite:///abs/path.db") == "/abs/path.db");
  CHECK(database_file("SQLite:x.db") == "x.db");
  CHECK(database_file("sqlite:") == "");
  const auto u = parse_database_url("sqlite:x.db");
  CHECK(u.backend == DatabaseBackend::sqlite);
  CHECK(u.scheme == "sqlite");
}

TEST_CASE("other schemes name other backends, with no local file", "[database-url]") {
  CHECK(parse_database_url("postgresql://h/db").backend == DatabaseBackend::postgresql);
  CHECK(parse_database_url("postgres://u:p@h:5432/db").backend == DatabaseBackend::postgresql);
  CHECK(parse_database_url("mysql://h/db").backend == DatabaseBackend::unknown);
  CHECK(parse_database_url("mysql://h/db").scheme == "mysql");
  CHECK(database_file("postgresql://h/db").empty());
  CHECK(database_file("mysql://h/db").empty());
}
