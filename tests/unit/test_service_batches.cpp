// A batch's status per row of the school's file: states and amounts due from
// the cases, who may see it, and the one-line-per-case answer of a group
// without kept rows.

#include <catch2/catch.hpp>

#include "core/messages.hpp"
#include "service/batches.hpp"
#include "service_world.hpp"

using namespace soas;
using domain::CaseState;

namespace {

store::CaseRecord a_case(const std::string& receipt_no, const std::string& group_no, CaseState state,
                         long fee) {
  store::CaseRecord c;
  c.receipt_no = receipt_no;
  c.group_no = group_no;
  c.kind = domain::ApplicationKind::arc;
  c.applicant_id = 1;
  c.filed_by = 1;
  c.school_code = "NTUT";
  c.state = state;
  c.fee = fee;
  c.decision_due = "2026-12-10";
  return c;
}

// Group 000000001, filed by NTUT's batch: rows 2 (filed, pending), 3 (failed),
// 4 (skipped: the case of row 2), 5 (filed, awaiting payment).
void world_with_batch(test::World& w, bool keep_rows = true) {
  w.store->write([&] {
    auto& cases = w.store->cases();
    cases.insert_group("000000001", domain::ApplicationKind::arc, 1, w.clock.now());
    w.store->batches().insert(store::BatchRecord{"NTUT", "sha", "000000001", 1, w.clock.now()});
    cases.insert(a_case("115000000001", "000000001", CaseState::pending_review, 1000),
                 {{"name_en", "LEE ROSE"}});
    cases.insert(a_case("115000000002", "000000001", CaseState::awaiting_payment, 2000),
                 {{"name_zh", "陳嘉欣"}, {"passport_no", "A12345678"}});
    if (!keep_rows) return;
    auto& b = w.store->batches();
    b.set_header("000000001", {"kind", "passport_no", "name_en"});
    const auto put = [&](std::int64_t n, std::string key, std::string name, std::string receipt,
                         store::RowOutcome o, std::string problems) {
      b.put_row(store::BatchRow{"000000001", n, key, name, receipt, o, problems, {"arc", key, name}});
    };
    put(2, "P19990601", "LEE ROSE", "115000000001", store::RowOutcome::filed, "");
    put(3, "P00000000", "NOBODY", "", store::RowOutcome::failed, "passport_no not-school-student; kind x");
    put(4, "P19990601", "LEE ROSE", "115000000001", store::RowOutcome::skipped, "");
    put(5, "A12345678", "陳嘉欣", "115000000002", store::RowOutcome::filed, "");
  });
}

service::Caller school(const std::string& code) {
  service::Caller c;
  c.account_id = 1;
  c.role = domain::Role::school;
  c.school_code = code;
  return c;
}

}  // namespace

TEST_CASE("amount due: the fee until paid, issued or closed", "[service]") {
  auto c = a_case("115000000001", "000000001", CaseState::pending_review, 1000);
  CHECK(service::amount_due(c) == 1000);
  for (auto s : {CaseState::returned_correction, CaseState::returned_supplement, CaseState::resubmitted,
                 CaseState::awaiting_payment}) {
    c.state = s;
    CHECK(service::amount_due(c) == 1000);
  }
  for (auto s : {CaseState::issued, CaseState::rejected, CaseState::not_accepted, CaseState::withdrawn}) {
    c.state = s;
    CHECK(service::amount_due(c) == 0);
  }
  c.state = CaseState::awaiting_payment;
  c.paid_at = 1;
  CHECK(service::amount_due(c) == 0);
}

TEST_CASE("batch status: one line per row of the file, states and dues from the cases", "[service]") {
  test::World w;
  world_with_batch(w);
  const auto s = service::batch_status(w.env(), school("NTUT"), "000000001");
  CHECK(s.per_row);
  CHECK(s.header == std::vector<std::string>{"kind", "passport_no", "name_en"});
  REQUIRE(s.rows.size() == 4);
  CHECK(s.rows[0].row == std::optional<std::int64_t>(2));
  CHECK(s.rows[0].state == std::optional<CaseState>(CaseState::pending_review));
  CHECK(s.rows[0].due == 1000);
  CHECK(s.rows[1].row == std::optional<std::int64_t>(3));
  CHECK_FALSE(s.rows[1].state);
  CHECK(s.rows[1].receipt_no.empty());
  CHECK(s.rows[1].due == 0);
  CHECK(s.rows[1].problems == std::vector<std::string>{"passport_no not-school-student", "kind x"});
  CHECK(s.rows[1].cells == std::vector<std::string>{"arc", "P00000000", "NOBODY"});
  CHECK(s.rows[2].receipt_no == "115000000001");
  CHECK(s.rows[2].due == 1000);
  CHECK(s.rows[3].state == std::optional<CaseState>(CaseState::awaiting_payment));
  CHECK(s.rows[3].name == "陳嘉欣");
  CHECK(s.due == 3000);  // each case once, though two rows name the first
}

TEST_CASE("batch status: the group's school, reviewers and admins; anyone else as no such group",
          "[service]") {
  test::World w;
  world_with_batch(w);
  CHECK(service::batch_status(w.env(), w.admin(), "000000001").rows.size() == 4);
  service::Caller reviewer = school("");
  reviewer.role = domain::Role::reviewer;
  CHECK(service::batch_status(w.env(), reviewer, "000000001").rows.size() == 4);
  service::Caller student;
  student.account_id = 1;  // even the applicant of its cases
  for (const auto& who : {school("NCCU"), school(""), student}) {
    CHECK(test::code_of([&] { service::batch_status(w.env(), who, "000000001"); }) ==
          msg::group_not_found.code);
  }
  CHECK(test::code_of([&] { service::batch_status(w.env(), school("NTUT"), "000000009"); }) ==
        msg::group_not_found.code);
}

TEST_CASE("batch status: a group without kept rows answers one line per case", "[service]") {
  test::World w;
  world_with_batch(w, false);
  const auto s = service::batch_status(w.env(), school("NTUT"), "000000001");
  CHECK_FALSE(s.per_row);
  CHECK(s.header.empty());
  REQUIRE(s.rows.size() == 2);
  CHECK_FALSE(s.rows[0].row);
  CHECK(s.rows[0].receipt_no == "115000000001");
  CHECK(s.rows[0].name == "LEE ROSE");
  CHECK(s.rows[1].key == "A12345678");
  CHECK(s.rows[1].due == 2000);
  CHECK(s.due == 3000);
}
