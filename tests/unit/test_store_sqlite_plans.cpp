// The case list's queries use an index for their filter: the planner's own
// account (EXPLAIN QUERY PLAN) on a database at the current schema, so a
// query written so that SQLite cannot use the index fails here, not at
// national scale.

#include <catch2/catch.hpp>

#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "service_world.hpp"
#include "store/sqlite/sqlite.hpp"

using namespace soas;

namespace {

// The plan's lines ("SEARCH cases USING INDEX ...", "SCAN cases", ...).
std::string plan(test::World& w, const store::CaseQuery& q) {
  SQLite::Database db(w.dir.file("soas.db"), SQLite::OPEN_READONLY);
  SQLite::Statement s(db, "EXPLAIN QUERY PLAN " + store::sqlite::case_list_sql(q));
  std::string out;
  while (s.executeStep()) out += s.getColumn(3).getString() + "\n";
  return out;
}

bool scans_cases(const std::string& plan) {
  return plan.find("SCAN cases") != std::string::npos;
}

}  // namespace

TEST_CASE("the case list searches an index for each indexed filter, never scans every case", "[store]") {
  test::World w;
  store::CaseQuery q;
  SECTION("a student's own cases") {
    q.applicant_id = 7;
    const auto p = plan(w, q);
    INFO(p);
    CHECK(p.find("USING INDEX cases_by_applicant") != std::string::npos);
    CHECK_FALSE(scans_cases(p));
  }
  SECTION("a school's") {
    q.school_code = "NTUT";
    const auto p = plan(w, q);
    INFO(p);
    CHECK_FALSE(scans_cases(p));
  }
  SECTION("a group's") {
    q.group_no = "000000001";
    const auto p = plan(w, q);
    INFO(p);
    CHECK(p.find("USING INDEX cases_by_group") != std::string::npos);
    CHECK_FALSE(scans_cases(p));
  }
  SECTION("one receipt") {
    q.receipt_no = "115000000001";
    CHECK_FALSE(scans_cases(plan(w, q)));
  }
  SECTION("a student's, narrowed further") {
    q.applicant_id = 7;
    q.state = domain::CaseState::pending_review;
    q.from = 0;
    q.to = 1;
    CHECK_FALSE(scans_cases(plan(w, q)));
  }
  SECTION("a page's receipts (a batch status page's cases)") {
    q.receipt_nos = {"115000000001", "115000000007", "115000000009"};
    const auto p = plan(w, q);
    INFO(p);
    CHECK_FALSE(scans_cases(p));
  }
  SECTION("a school's awaiting payment (pay list)") {
    q.school_code = "NTUT";
    q.state = domain::CaseState::awaiting_payment;
    const auto p = plan(w, q);
    INFO(p);
    CHECK_FALSE(scans_cases(p));
  }
  SECTION("paid in a period (the receipts' reconciliation)") {
    q.paid_from = 0;
    q.paid_to = 1;
    CHECK_FALSE(scans_cases(plan(w, q)));
  }
}

TEST_CASE("the case list's SELECT has a parameter for each filter given, and only those", "[store]") {
  store::CaseQuery q;
  CHECK(store::sqlite::case_list_sql(q).find('?') == std::string::npos);
  q.applicant_id = 7;
  q.state = domain::CaseState::issued;
  const auto sql = store::sqlite::case_list_sql(q);
  CHECK(std::count(sql.begin(), sql.end(), '?') == 2);
  CHECK(sql.find("cases.applicant_id = ? AND cases.state = ?") != std::string::npos);
  q.after = "115000000100";
  q.limit = 101;
  const auto paged = store::sqlite::case_list_sql(q);
  CHECK(std::count(paged.begin(), paged.end(), '?') == 3);
  CHECK(paged.find("cases.receipt_no > ?") != std::string::npos);
  CHECK(paged.find("ORDER BY cases.receipt_no LIMIT 101") != std::string::npos);
}

TEST_CASE(
    "a page of the case list is a range of one index in receipt-number order, the account joined by key",
    "[store]") {
  test::World w;
  store::CaseQuery q;
  q.after = "115000000100";
  q.limit = 101;
  const auto sorted = [](const std::string& p) { return p.find("TEMP B-TREE") != std::string::npos; };
  // The form's name fields are the case's own row's (schema v12): the one
  // join is the account's, by its key, and nothing else is searched.
  const auto names_by_key = [](const std::string& p) {
    std::size_t searches = 0;
    for (auto at = p.find("SEARCH "); at != std::string::npos; at = p.find("SEARCH ", at + 1)) ++searches;
    return p.find("SEARCH a USING INTEGER PRIMARY KEY") != std::string::npos && searches == 2;
  };
  SECTION("everyone's (a reviewer's): the receipt numbers' own index, read in order from the cursor") {
    const auto p = plan(w, q);
    INFO(p);
    CHECK(p.find("SEARCH cases USING INDEX sqlite_autoindex_cases_1 (receipt_no>?)") != std::string::npos);
    CHECK_FALSE(sorted(p));
    CHECK(names_by_key(p));
  }
  SECTION("a school's") {
    q.school_code = "NTUT";
    const auto p = plan(w, q);
    INFO(p);
    CHECK(p.find("USING INDEX cases_by_school (school_code=? AND receipt_no>?)") != std::string::npos);
    CHECK_FALSE(sorted(p));
    CHECK(names_by_key(p));
  }
  SECTION("a group's") {
    q.group_no = "000000001";
    const auto p = plan(w, q);
    INFO(p);
    CHECK(p.find("USING INDEX cases_by_group (group_no=? AND receipt_no>?)") != std::string::npos);
    CHECK_FALSE(sorted(p));
  }
  SECTION("a state's (the review queue)") {
    q.state = domain::CaseState::pending_review;
    const auto p = plan(w, q);
    INFO(p);
    CHECK(p.find("USING INDEX cases_by_state (state=? AND receipt_no>?)") != std::string::npos);
    CHECK_FALSE(sorted(p));
  }
}

TEST_CASE("the review queue's page of two states reads each state's index range in order and merges them",
          "[store]") {
  test::World w;
  store::CaseQuery q;
  q.states = {domain::CaseState::pending_review, domain::CaseState::resubmitted};
  q.kind = domain::ApplicationKind::arc;
  q.after = "115000000100";
  q.limit = 101;
  const auto p = plan(w, q);
  INFO(p);
  std::size_t ranges = 0;
  for (std::size_t at = p.find("USING INDEX cases_by_state (state=? AND receipt_no>?)");
       at != std::string::npos;
       at = p.find("USING INDEX cases_by_state (state=? AND receipt_no>?)", at + 1)) {
    ++ranges;
  }
  CHECK(ranges == 2);
  CHECK_FALSE(scans_cases(p));
  // Each part comes in index order and stops at its LIMIT; a sort, if any, is
  // of a part's page (at most 101 rows) for the merge, never of a state's cases.
  std::istringstream lines(p);
  std::string line, before;
  while (std::getline(lines, line)) {
    if (line.find("TEMP B-TREE") != std::string::npos) CHECK(before.rfind("SCAN (subquery-", 0) == 0);
    before = line;
  }
}
