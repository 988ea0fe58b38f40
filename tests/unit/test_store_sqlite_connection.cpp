#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "service_world.hpp"
#include "store/open.hpp"
#include "store/sqlite/sqlite.hpp"
#include "store/store.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using soas::test::TempDir;

namespace {

const FixedClock k_clock(*parse_instant("2026-11-21T10:00:00"));

// A database at the current schema in dir, as soas init leaves it.
std::string fresh_db(const TempDir& dir) {
  const auto path = dir.file("soas.db");
  store::init_sqlite(path, k_clock, "system");
  return path;
}

// Both entry points refuse the file with `code` and leave it byte for byte as it was.
void require_refused_untouched(const std::string& path, const std::string& code) {
  const std::string before = TempDir::read(path);
  CHECK(code_of([&] { store::init_sqlite(path, k_clock, "system"); }) == code);
  CHECK(code_of([&] { store::open_sqlite(path, k_clock); }) == code);
  CHECK(TempDir::read(path) == before);
}

}  // namespace

TEST_CASE("init creates the database and is idempotent", "[store]") {
  TempDir dir;
  const auto path = dir.file("soas.db");
  const auto first = store::init_sqlite(path, k_clock, "system");
  CHECK(first.created);
  CHECK(first.from_version == 0);
  CHECK(first.to_version == store::current_schema_version());
  CHECK(first.applied.size() == static_cast<std::size_t>(store::current_schema_version()));
  const auto second = store::init_sqlite(path, k_clock, "system");
  CHECK_FALSE(second.created);
  CHECK(second.applied.empty());
  CHECK(second.from_version == second.to_version);

  auto s = store::open_sqlite(path, k_clock);
  CHECK(s->schema_version() == store::current_schema_version());
  const auto audit = s->audit().list({});
  REQUIRE(audit.size() == first.applied.size());  // one entry per migration, none for the re-run
  CHECK(audit.back().action == "schema.migrate");
  CHECK(audit.back().actor == "system");
  CHECK(audit.back().at == "2026-11-21T10:00:00+08:00");

  SQLite::Database raw(path);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("a missing database is refused outside init", "[store]") {
  TempDir dir;
  CHECK(code_of([&] { store::open_sqlite(dir.file("none.db"), k_clock); }) == "no-database");
}

TEST_CASE("a file that is not SQLite is refused and left untouched", "[store]") {
  TempDir dir;
  const std::string junk = "this is a text file, not a database\n";
  require_refused_untouched(dir.write("junk.db", junk), "database-corrupt");
}

TEST_CASE("a damaged database fails its check and is left untouched", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  {
    auto s = store::open_sqlite(path, k_clock);
    s->write([&] {
      for (int i = 0; i < 400; ++i) s->settings().put("k" + std::to_string(i), std::string(100, 'x'));
    });
  }
  std::string bytes = TempDir::read(path);
  REQUIRE(bytes.size() > 4096 * 4);
  for (std::size_t i = 4096 * 2; i < 4096 * 3; ++i) bytes[i] = static_cast<char>(i * 7);
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes; }
  // Only init runs the integrity check (it reads the whole file); other
  // commands meet damage when a query touches it.
  CHECK(code_of([&] { store::init_sqlite(path, k_clock, "system"); }) == "database-corrupt");
  CHECK(TempDir::read(path) == bytes);
}

TEST_CASE("another program's SQLite database is refused", "[store]") {
  TempDir dir;
  const auto path = dir.file("other.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE t (x)");
  }
  require_refused_untouched(path, "database-foreign");
}

TEST_CASE("a newer schema is refused, an older one must be migrated", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  require_refused_untouched(path, "schema-newer");
  try {
    store::open_sqlite(path, k_clock);
  } catch (const Error& e) {
    CHECK(e.text().en.find("(v99) is newer than this soas supports") != std::string::npos);
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 0");
  }
  CHECK(code_of([&] { store::open_sqlite(path, k_clock); }) == "schema-older");
}

TEST_CASE("init migrates an older database step by step", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  {
    // Back to what a v1 soas left: the later tables gone, user_version 1.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    for (const char* t : {"batch_rows",
                          "calendar_days",
                          "calendar_years",
                          "reminders_sent",
                          "batches",
                          "settlements",
                          "payment_order_groups",
                          "payment_orders",
                          "case_history",
                          "case_documents",
                          "blobs",
                          "cases",
                          "case_groups",
                          "outbox",
                          "login_throttle",
                          "sessions",
                          "tokens",
                          "account_fields",
                          "accounts",
                          "permits",
                          "persons",
                          "schools"}) {
      db.exec(std::string("DROP TABLE ") + t);
    }
    db.exec("PRAGMA user_version = 1");
  }
  CHECK(code_of([&] { store::open_sqlite(path, k_clock); }) == "schema-older");
  const auto r = store::init_sqlite(path, k_clock, "system");
  CHECK(r.from_version == 1);
  CHECK(r.to_version == store::current_schema_version());
  std::vector<int> applied;
  for (const auto& m : r.applied) applied.push_back(m.version);
  CHECK(applied == std::vector<int>{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  auto s = store::open_sqlite(path, k_clock);
  CHECK(s->records().count_persons() == 0);
}

TEST_CASE("v12 moves each case's form from a row per field into the case's own row", "[store]") {
  test::SchoolWorld w;
  auto s = test::arc_submission();
  s.check_documents = false;
  const auto filed =
      service::file_submission(w.env(), w.staff, service::check_submission(w.env(), w.staff, std::move(s)));
  const auto form = w.store->cases().fields(filed.receipt_no);
  REQUIRE(form.size() > 20);
  store::CaseQuery q;
  q.receipt_no = filed.receipt_no;
  const std::string name = w.store->cases().lines(q).at(0).name;
  CHECK(name == "LEE ROSE");
  const auto path = w.dir.file("soas.db");
  w.store.reset();
  {
    // Back to v11: the fields a row each, the form column gone.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TABLE case_fields (receipt_no TEXT NOT NULL REFERENCES cases (receipt_no), field TEXT NOT "
        "NULL, "
        "value TEXT NOT NULL, PRIMARY KEY (receipt_no, field)) STRICT, WITHOUT ROWID");
    db.exec("INSERT INTO case_fields SELECT receipt_no, key, value FROM cases, json_each(cases.form)");
    CHECK(db.execAndGet("SELECT count(*) FROM case_fields").getInt() == static_cast<int>(form.size()));
    db.exec("ALTER TABLE cases DROP COLUMN form");
    db.exec("PRAGMA user_version = 11");
  }
  const auto r = store::init_sqlite(path, k_clock, "system");
  CHECK(r.from_version == 11);
  REQUIRE(r.applied.size() == 1);
  auto st = store::open_sqlite(path, k_clock);
  CHECK(st->cases().fields(filed.receipt_no) == form);
  CHECK(st->cases().lines(q).at(0).name == name);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'case_fields'").getInt() == 0);
  }
}

TEST_CASE("a case's form that is not a JSON object of strings is refused as a damaged database", "[store]") {
  test::SchoolWorld w;
  auto s = test::arc_submission();
  s.check_documents = false;
  const auto filed =
      service::file_submission(w.env(), w.staff, service::check_submission(w.env(), w.staff, std::move(s)));
  for (const char* bad : {"not json", "[1, 2]", "{\"program\": 7}"}) {
    INFO(bad);
    {
      SQLite::Database db(w.dir.file("soas.db"), SQLite::OPEN_READWRITE);
      SQLite::Statement u(db, "UPDATE cases SET form = ? WHERE receipt_no = ?");
      u.bind(1, bad);
      u.bind(2, filed.receipt_no);
      u.exec();
    }
    CHECK(code_of([&] { w.store->cases().fields(filed.receipt_no); }) == "database-corrupt");
  }
}

TEST_CASE("read transactions: one snapshot, and no writing inside", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  auto a = store::open_sqlite(path, k_clock);
  auto b = store::open_sqlite(path, k_clock);
  a->settings().put("k", "1");
  a->read([&] {
    CHECK(a->settings().get("k") == std::optional<std::string>("1"));
    b->settings().put("k", "2");  // another connection writes meanwhile (WAL)
    CHECK(a->settings().get("k") == std::optional<std::string>("1"));                    // the same snapshot
    a->read([&] { CHECK(a->settings().get("k") == std::optional<std::string>("1")); });  // nested: runs
    CHECK_THROWS_AS(a->write([] {}), std::logic_error);
  });
  CHECK(a->settings().get("k") == std::optional<std::string>("2"));  // a new snapshot after
  // An exception rolls the read transaction back; the store is usable after.
  CHECK_THROWS(a->read([] { throw std::runtime_error("x"); }));
  a->write([&] { a->settings().put("k", "3"); });
  CHECK(b->settings().get("k") == std::optional<std::string>("3"));
}

TEST_CASE("write transactions commit or roll back whole", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  auto s = store::open_sqlite(path, k_clock);

  s->write([&] { CHECK(s->sequences().next("group") == 1); });
  CHECK_THROWS_AS(s->write([&] {
    CHECK(s->sequences().next("group") == 2);
    s->settings().put("half", "written");
    throw std::runtime_error("fails after the number was drawn");
  }),
                  std::runtime_error);
  CHECK(s->sequences().current("group") == 1);  // the number came back: no gap
  CHECK_FALSE(s->settings().get("half"));
  s->write([&] { CHECK(s->sequences().next("group") == 2); });

  CHECK_THROWS_AS(s->sequences().next("group"), std::logic_error);  // outside a transaction
}

TEST_CASE("nested writes are savepoints", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  auto s = store::open_sqlite(path, k_clock);
  s->write([&] {
    s->settings().put("outer", "1");
    try {
      s->write([&] {
        s->settings().put("inner-bad", "1");
        throw std::runtime_error("row fails");
      });
    } catch (const std::runtime_error&) {
    }
    s->write([&] { s->settings().put("inner-good", "1"); });
  });
  CHECK(s->settings().get("outer") == std::string("1"));
  CHECK_FALSE(s->settings().get("inner-bad"));
  CHECK(s->settings().get("inner-good") == std::string("1"));
}

TEST_CASE("the audit log is append-only", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  {
    auto s = store::open_sqlite(path, k_clock);
    s->write([&] {
      s->audit().append({0, "", "admin1", "school.add", "school", "NTUT", "國立臺北科技大學"});
    });
    const auto rows = s->audit().list({std::string("school"), std::string("NTUT"), 10, std::nullopt});
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].actor == "admin1");
    CHECK(rows[0].detail == "國立臺北科技大學");
  }
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  CHECK_THROWS(raw.exec("UPDATE audit_log SET actor = 'x'"));
  CHECK_THROWS(raw.exec("DELETE FROM audit_log"));
}

TEST_CASE("settings round-trip, parameterised", "[store]") {
  TempDir dir;
  const auto path = fresh_db(dir);
  auto s = store::open_sqlite(path, k_clock);
  const std::string tricky = "x'); DROP TABLE settings; --";
  s->write([&] { s->settings().put(tricky, "值"); });
  CHECK(s->settings().get(tricky) == std::string("值"));
  CHECK(s->settings().all().size() == 1);
}
