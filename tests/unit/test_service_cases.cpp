// lib/service/cases.cpp: what the progress query, case show and the dashboard
// read through the service: a case's detail, its document files, the list with
// 申請名稱, and who may see them.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"
#include "service/records.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using test::World;

namespace {

// A school, a student in the records, the school's staff and a case filed
// for the student with every document an ARC needs.
struct Filed {
  test::SchoolWorld w;
  service::Caller& staff = w.staff;
  service::Caller other_staff;
  std::string receipt;
  Filed() {
    const auto admin = w.admin();
    service::add_school(w.env(), admin, {"NTU", "國立臺灣大學"});
    service::add_user(w.env(), admin, {"ntu.office", domain::Role::school, "NTU", "intl@ntu.example", "staff-pass2"});
    other_staff = w.login("ntu.office", "staff-pass2");
    receipt = service::submit_application(w.env(), staff, test::arc_with_documents()).receipt_no;
  }
  // A copy of the filed case as 1150000001NN in `state`, straight into the
  // store (a page of many cases without filing each); its receipt number.
  std::string copy(int n, domain::CaseState state = domain::CaseState::pending_review) {
    domain::CaseRecord c = *w.store->cases().find(receipt);
    c.receipt_no = "1150000001" + std::string(n < 10 ? "0" : "") + std::to_string(n);
    c.state = state;
    w.store->cases().insert(c, w.store->cases().fields(receipt));
    return c.receipt_no;
  }
};

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a case's detail: the case, its fields, its documents in the order added, its history",
          "[cases]") {
  Filed f;
  const auto d = service::case_detail(f.w.env(), f.staff, f.receipt);
  CHECK(d.c.receipt_no == f.receipt);
  CHECK(d.c.school_code == "NTUT");
  CHECK(d.fields.at("passport_no") == "P19990601");
  REQUIRE(d.documents.size() == 5);
  CHECK(d.documents[0].item == "photo");
  CHECK(d.documents[4].item == "residence-proof");
  REQUIRE(!d.history.empty());
  CHECK(d.history.front().action == domain::CaseAction::submit);
  CHECK_FALSE(d.history.front().from);
  CHECK(d.history.front().to == domain::CaseState::pending_review);
}

TEST_CASE("a case another school may not see answers exactly as one that does not exist", "[cases]") {
  Filed f;
  CHECK(code_of([&] { service::case_detail(f.w.env(), f.other_staff, f.receipt); }) == "case-not-found");
  CHECK(code_of([&] { service::case_detail(f.w.env(), f.staff, "115999999999"); }) == "case-not-found");
  CHECK(code_of([&] { service::case_document_files(f.w.env(), f.other_staff, f.receipt); }) ==
        "case-not-found");
  CHECK(service::case_list(f.w.env(), f.other_staff, {}).empty());
}

TEST_CASE("a case's document files: the bytes uploaded, each named ITEM-SEQ-FILE", "[cases]") {
  Filed f;
  const auto files = service::case_document_files(f.w.env(), f.staff, f.receipt);
  REQUIRE(files.size() == 5);
  CHECK(files[0].name == "photo-1-good.jpg");
  CHECK(files[0].bytes == bytes_of(std::string(SOAS_TESTS_DIR) + "/documents/good.jpg"));
  CHECK(files[1].name == "enrolment-1-good.pdf");
}

TEST_CASE("the list and the dashboard give 申請名稱 with each case", "[cases]") {
  Filed f;
  const auto rows = service::case_list(f.w.env(), f.staff, {});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].c.receipt_no == f.receipt);
  CHECK(rows[0].applicant == service::applicant_name(f.w.env(), rows[0].c));
  CHECK(rows[0].applicant == "LEE ROSE");
  const auto todo = service::todo(f.w.env(), f.staff);
  REQUIRE(todo.size() == 1);
  CHECK(todo[0].applicant == "LEE ROSE");
  CHECK(todo[0].section == service::TodoSection::new_cases);
}

TEST_CASE("the case list a page at a time: a key cursor, how many more, each name from the same query",
          "[cases]") {
  Filed f;
  // Twenty-five more of the school's cases, copies of the first under new numbers.
  for (int i = 1; i <= 25; ++i) f.copy(i);
  const auto page1 = service::case_list_page(f.w.env(), f.staff, {}, 10);
  REQUIRE(page1.rows.size() == 10);
  CHECK(page1.rows[0].c.receipt_no == f.receipt);
  REQUIRE(page1.next);
  CHECK(*page1.next == page1.rows.back().c.receipt_no);
  CHECK(page1.more == 16);
  CHECK_FALSE(page1.more_capped());
  for (const auto& r : page1.rows) CHECK(r.applicant == service::applicant_name(f.w.env(), r.c));

  store::CaseQuery rest;
  rest.after = page1.next;
  const auto page2 = service::case_list_page(f.w.env(), f.staff, rest, 10);
  REQUIRE(page2.rows.size() == 10);
  CHECK(page2.rows[0].c.receipt_no > *page1.next);
  CHECK(page2.more == 6);
  rest.after = page2.next;
  const auto page3 = service::case_list_page(f.w.env(), f.staff, rest, 10);
  CHECK(page3.rows.size() == 6);
  CHECK_FALSE(page3.next);
  CHECK(page3.more == 0);
  CHECK(page3.rows.back().c.receipt_no == "115000000125");

  // Pages cover the whole list once, in order; another school's staff page over nothing.
  CHECK(service::case_list(f.w.env(), f.staff, {}).size() == 26);
  const auto none = service::case_list_page(f.w.env(), f.other_staff, {}, 10);
  CHECK(none.rows.empty());
  CHECK_FALSE(none.next);

  // How many more is counted no further than the cap asked for.
  CHECK(f.w.store->cases().count({}, 5) == 5);
  CHECK(f.w.store->cases().count({}, 1000) == 26);

  CHECK(code_of([&] { service::case_list_page(f.w.env(), f.staff, {}, 0); }) == "limit-invalid");
  CHECK(code_of([&] { service::case_list_page(f.w.env(), f.staff, {}, service::k_page_max + 1); }) ==
        "limit-invalid");
}

TEST_CASE("the review queue a page at a time: pending and resubmitted by default, reviewers only",
          "[cases]") {
  Filed f;
  for (int i = 1; i <= 12; ++i) {
    auto state = domain::CaseState::pending_review;
    if (i % 3 == 0) state = domain::CaseState::resubmitted;
    if (i % 4 == 0) state = domain::CaseState::returned_correction;  // not in the queue
    f.copy(i, state);
  }
  service::add_user(f.w.env(), f.w.admin(),
                    {"reviewer1", domain::Role::reviewer, "", "r@nia.example", "review-pass1"});
  const auto reviewer = f.w.login("reviewer1", "review-pass1");
  // 13 cases, 3 of them returned (i = 4, 8, 12): 10 in the queue, in number order.
  const auto page1 = service::review_queue(f.w.env(), reviewer, {}, 4);
  REQUIRE(page1.rows.size() == 4);
  CHECK(page1.rows[0].receipt_no == f.receipt);
  CHECK(page1.rows[3].receipt_no == "115000000103");
  CHECK(page1.rows[3].state == domain::CaseState::resubmitted);
  CHECK(page1.more == 6);
  service::ReviewQuery rest;
  rest.after = page1.next;
  const auto page2 = service::review_queue(f.w.env(), reviewer, rest, 10);
  CHECK(page2.rows.size() == 6);
  CHECK_FALSE(page2.next);
  for (const auto& c : page2.rows) CHECK(c.state != domain::CaseState::returned_correction);
  service::ReviewQuery returned;
  returned.state = domain::CaseState::returned_correction;
  CHECK(service::review_queue(f.w.env(), reviewer, returned, 10).rows.size() == 3);
  service::ReviewQuery other_kind;
  other_kind.kind = domain::ApplicationKind::multi_entry;
  CHECK(service::review_queue(f.w.env(), reviewer, other_kind, 10).rows.empty());
  CHECK(code_of([&] { service::review_queue(f.w.env(), f.staff, {}, 10); }) == "role-forbidden");
}

TEST_CASE("the dashboard a page at a time: open cases only, a whole group's refusal told by its last note",
          "[cases]") {
  Filed f;
  const auto add = [&](int n, domain::CaseState state, const std::string& note) {
    const std::string receipt = f.copy(n, state);
    if (!note.empty()) {
      f.w.store->cases().add_event(
          receipt, domain::CaseEvent{domain::CaseAction::reject, domain::CaseState::pending_review, state,
                                     "reviewer1", 0, note});
    }
  };
  add(1, domain::CaseState::rejected, "整團不核准：資料不全");
  add(2, domain::CaseState::rejected, "資料不全");
  add(3, domain::CaseState::issued, "");     // closed: not on the dashboard
  add(4, domain::CaseState::withdrawn, "");  // closed
  add(5, domain::CaseState::awaiting_payment, "");
  const auto page1 = service::todo_page(f.w.env(), f.staff, std::nullopt, 2);
  REQUIRE(page1.rows.size() == 2);
  CHECK(page1.rows[0].section == service::TodoSection::new_cases);
  CHECK(page1.rows[1].section == service::TodoSection::group_refused);
  CHECK(page1.rows[1].applicant == "LEE ROSE");
  CHECK(page1.more == 2);
  const auto page2 = service::todo_page(f.w.env(), f.staff, page1.next, 10);
  REQUIRE(page2.rows.size() == 2);
  CHECK(page2.rows[0].section == service::TodoSection::refused);
  CHECK(page2.rows[1].c.receipt_no == "115000000105");
  CHECK(page2.rows[1].section == service::TodoSection::awaiting_payment);
  CHECK_FALSE(page2.next);
  CHECK(service::todo(f.w.env(), f.staff).size() == 4);
  CHECK(service::todo_page(f.w.env(), f.other_staff, std::nullopt, 10).rows.empty());
}
