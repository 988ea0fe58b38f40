// The one door to a database: which backend a URL names, and the start-up
// through it.

#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "core/database_url.hpp"
#include "core/error.hpp"
#include "store/open.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using soas::test::TempDir;

namespace {

const FixedClock k_clock(*parse_instant("2026-11-21T10:00:00"));

}  // namespace

TEST_CASE("a plain path and sqlite: open the same file", "[store][open]") {
  TempDir dir;
  const auto path = dir.file("soas.db");
  const auto first = store::init_store("sqlite:" + path, k_clock, "system");
  CHECK(first.created);
  CHECK(first.path == path);  // messages name the file, not the URL
  {
    auto s = store::open_store("sqlite:" + path, k_clock);
    s->write([&] { s->settings().put("k", "from sqlite:"); });
  }
  auto plain = store::open_store(path, k_clock);
  CHECK(plain->settings().get("k") == "from sqlite:");
  CHECK(plain->schema_version() == store::current_schema_version());
}

TEST_CASE("init_store is idempotent", "[store][open]") {
  TempDir dir;
  const auto path = dir.file("soas.db");
  const auto first = store::init_store(path, k_clock, "system");
  CHECK(first.created);
  CHECK(first.from_version == 0);
  CHECK(first.to_version == store::current_schema_version());
  CHECK(first.applied.size() == static_cast<std::size_t>(store::current_schema_version()));
  const auto second = store::init_store("sqlite:" + path, k_clock, "system");
  CHECK_FALSE(second.created);
  CHECK(second.from_version == store::current_schema_version());
  CHECK(second.to_version == store::current_schema_version());
  CHECK(second.applied.empty());
}

TEST_CASE("a missing database is refused through either spelling", "[store][open]") {
  TempDir dir;
  CHECK(code_of([&] { store::open_store(dir.file("none.db"), k_clock); }) == "no-database");
  CHECK(code_of([&] { store::open_store("sqlite:" + dir.file("none.db"), k_clock); }) == "no-database");
}

TEST_CASE("PostgreSQL is refused as unavailable, an unknown scheme as unknown", "[store][open]") {
  for (const std::string url : {"postgresql://soas:pw@db.example/soas", "postgres://db.example/soas",
                                "PostgreSQL://db.example/soas"}) {
    CHECK(code_of([&] { store::open_store(url, k_clock); }) == "db-backend-unavailable");
    CHECK(code_of([&] { store::init_store(url, k_clock, "system"); }) == "db-backend-unavailable");
  }
  try {
    store::open_store("postgresql://soas:secret-pw@db.example/soas", k_clock);
    FAIL("not refused");
  } catch (const Failure& e) {
    CHECK(e.text().en.find("PostgreSQL") != std::string::npos);
    CHECK(e.text().zh.find("PostgreSQL") != std::string::npos);
    CHECK(e.text().en.find("secret-pw") == std::string::npos);  // the URL may hold a password
  }
  for (const std::string url : {"mysql://db.example/soas", "file://soas.db", "sqlite3://x.db"}) {
    CHECK(code_of([&] { store::open_store(url, k_clock); }) == "db-backend-unknown");
    CHECK(code_of([&] { store::init_store(url, k_clock, "system"); }) == "db-backend-unknown");
  }
  CHECK(code_of([&] { store::open_store("sqlite:", k_clock); }) == "db-url-invalid");
}
