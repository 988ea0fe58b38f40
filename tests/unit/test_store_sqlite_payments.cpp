// The SQLite repository of school batches: a group's header and rows.

#include <catch2/catch.hpp>

#include "service_world.hpp"
#include "store/store.hpp"

using namespace soas;

namespace {

// A group made by a batch of school NTUT, filed by the world's admin (id 1).
void batch_group(test::World& w, const std::string& group_no) {
  w.store->write([&] {
    w.store->cases().insert_group(group_no, domain::ApplicationKind::arc, 1, w.clock.now());
    w.store->batches().insert(domain::BatchRecord{"NTUT", "sha-" + group_no, group_no, 1, w.clock.now()});
  });
}

domain::BatchRow row(const std::string& group_no, std::int64_t n, domain::RowOutcome outcome) {
  domain::BatchRow r;
  r.group_no = group_no;
  r.row_no = n;
  r.key = "P" + std::to_string(n);
  r.name = "名" + std::to_string(n);
  r.outcome = outcome;
  r.cells = {"arc", r.key, "a \"quoted\", cell", ""};
  return r;
}

}  // namespace

TEST_CASE("batches: the header and rows of a group, in row order", "[store]") {
  test::World w;
  batch_group(w, "000000001");
  batch_group(w, "000000002");
  auto& b = w.store->batches();
  CHECK(b.header("000000001").empty());
  CHECK(b.rows("000000001", 0, 0).empty());
  w.store->write([&] {
    b.set_header("000000001", {"kind", "護照號碼 passport_no *", ""});
    auto failed = row("000000001", 5, domain::RowOutcome::failed);
    failed.problems = "passport_no not-school-student; birth_date date-invalid";
    b.put_row(failed);
    b.put_row(row("000000001", 2, domain::RowOutcome::skipped));
    b.put_row(row("000000002", 3, domain::RowOutcome::failed));
  });
  CHECK(b.header("000000001") == std::vector<std::string>{"kind", "護照號碼 passport_no *", ""});
  CHECK(b.header("000000002").empty());
  CHECK(b.header("no-such-group").empty());
  const auto rows = b.rows("000000001", 0, 0);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].row_no == 2);
  CHECK(rows[0].outcome == domain::RowOutcome::skipped);
  CHECK(rows[0].receipt_no.empty());
  CHECK(rows[0].cells == std::vector<std::string>{"arc", "P2", "a \"quoted\", cell", ""});
  CHECK(rows[1].row_no == 5);
  CHECK(rows[1].name == "名5");
  CHECK(rows[1].problems == "passport_no not-school-student; birth_date date-invalid");
  CHECK(b.rows("000000002", 0, 0).size() == 1);
  const auto of = b.of_group("000000001");
  REQUIRE(of);
  CHECK(of->school_code == "NTUT");
  CHECK_FALSE(b.of_group("000000009"));
}

TEST_CASE("batches: a row put again replaces what the earlier run decided", "[store]") {
  test::World w;
  batch_group(w, "000000001");
  auto& b = w.store->batches();
  w.store->write([&] {
    auto r = row("000000001", 2, domain::RowOutcome::failed);
    r.problems = "birth_date date-invalid";
    b.put_row(r);
  });
  w.store->write([&] {
    auto r = row("000000001", 2, domain::RowOutcome::skipped);
    r.name = "改名";
    r.cells = {"arc"};
    b.put_row(r);
  });
  const auto rows = b.rows("000000001", 0, 0);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].outcome == domain::RowOutcome::skipped);
  CHECK(rows[0].name == "改名");
  CHECK(rows[0].problems.empty());
  CHECK(rows[0].cells == std::vector<std::string>{"arc"});
}

TEST_CASE("batches: a rolled-back write leaves no row", "[store]") {
  test::World w;
  batch_group(w, "000000001");
  CHECK(test::code_of([&] {
          w.store->write([&] {
            w.store->batches().put_row(row("000000001", 2, domain::RowOutcome::failed));
            throw Failure("boom", Text{"x", "x"});
          });
        }) == "boom");
  CHECK(w.store->batches().rows("000000001", 0, 0).empty());
}
