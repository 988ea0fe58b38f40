// lib/service/batches.cpp: a batch's status per row of the school's file
// (states and amounts due from the cases, who may see it, the
// one-line-per-case answer of a group without kept rows), and a file filed
// row by row: its group, what its students were filed before, each row filed
// and recorded.

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/messages.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/batches.hpp"
#include "service/records.hpp"
#include "service_world.hpp"

using namespace soas;
using domain::CaseState;

namespace {

domain::CaseRecord a_case(const std::string& receipt_no, const std::string& group_no, CaseState state,
                          long fee) {
  domain::CaseRecord c;
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
    w.store->batches().insert(domain::BatchRecord{"NTUT", "sha", "000000001", 1, w.clock.now()});
    cases.insert(a_case("115000000001", "000000001", CaseState::pending_review, 1000),
                 {{"name_en", "LEE ROSE"}});
    cases.insert(a_case("115000000002", "000000001", CaseState::awaiting_payment, 2000),
                 {{"name_zh", "陳嘉欣"}, {"passport_no", "A12345678"}});
    if (!keep_rows) return;
    auto& b = w.store->batches();
    b.set_header("000000001", {"kind", "passport_no", "name_en"});
    const auto put = [&](std::int64_t n, std::string key, std::string name, std::string receipt,
                         domain::RowOutcome o, std::string problems) {
      b.put_row(domain::BatchRow{"000000001", n, key, name, receipt, o, problems, {"arc", key, name}});
    };
    put(2, "P19990601", "LEE ROSE", "115000000001", domain::RowOutcome::filed, "");
    put(3, "P00000000", "NOBODY", "", domain::RowOutcome::failed, "passport_no not-school-student; kind x");
    put(4, "P19990601", "LEE ROSE", "115000000001", domain::RowOutcome::skipped, "");
    put(5, "A12345678", "陳嘉欣", "115000000002", domain::RowOutcome::filed, "");
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

TEST_CASE("batch status a page at a time: rows after the cursor, totals of the whole group", "[service]") {
  test::World w;
  world_with_batch(w);
  const auto first = service::batch_status(w.env(), school("NTUT"), "000000001", std::nullopt, 3);
  REQUIRE(first.rows.size() == 3);
  CHECK(first.rows[0].row == std::optional<std::int64_t>(2));
  CHECK(first.next == std::optional<std::string>("4"));
  CHECK(first.more == 1);
  CHECK(first.total == 4);
  CHECK(first.due == 3000);  // the whole group's, not the page's
  CHECK(first.by_state.at(std::nullopt) == 1);
  const auto last = service::batch_status(w.env(), school("NTUT"), "000000001", first.next, 3);
  REQUIRE(last.rows.size() == 1);
  CHECK(last.rows[0].row == std::optional<std::int64_t>(5));
  CHECK(last.rows[0].name == "陳嘉欣");
  CHECK_FALSE(last.next);
  CHECK(last.total == 4);
  CHECK(last.due == 3000);
  CHECK(test::code_of([&] {
          service::batch_status(w.env(), school("NTUT"), "000000001", std::string("four"), 3);
        }) == "after-invalid");
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

namespace {

// NTUT with one student in the agency's records (no account yet), and its
// staff logged in: a batch file about to be filed.
struct Filing {
  test::SchoolWorld w;
  service::Caller& staff = w.staff;
  service::BatchFiling file;
  Filing() {
    file.file_sha256 = "5ha";
    file.kind = domain::ApplicationKind::arc;
    file.header = {"kind", "passport_no", "name_en"};
    file.key_column = "passport_no";
  }
  // The student's ARC row, checked (the sheet alone).
  service::CheckedSubmission checked() {
    service::Submission s = test::arc_submission();
    s.check_documents = false;
    return service::check_submission(w.env(), staff, std::move(s));
  }
  service::BatchRowEntry row(std::int64_t n, const std::string& key) {
    service::BatchRowEntry e;
    e.row_no = n;
    e.key = key;
    e.name = "LEE ROSE";
    e.cells = {"arc", key, "LEE ROSE"};
    return e;
  }
  // One row in its own chunk's write.
  service::BatchRowFiled file_row(service::BatchRowEntry e, const service::CheckedSubmission* c) {
    service::BatchRowFiled out;
    service::batch_write(w.env(), [&] {
      if (file.group_no.empty()) file.group_no = service::find_batch_group(w.env(), staff, file);
      out = service::file_batch_row(w.env(), staff, file, std::move(e), c);
    });
    return out;
  }
  std::int64_t applicant_id() {
    const auto proxy = w.store->accounts().proxy("record:F0001");
    return proxy ? proxy->id : 0;
  }
};

}  // namespace

TEST_CASE("a batch row filed: the group made with it, the rows before it recorded with it",
          "[service][batch]") {
  Filing f;
  CHECK(service::calling_school_name(f.w.env(), f.staff) == "國立臺北科技大學");
  CHECK(service::find_batch_group(f.w.env(), f.staff, f.file).empty());
  // A row that failed its checks, before the file has a group: it waits.
  auto bad = f.row(2, "P00000000");
  bad.problems = "passport_no not-school-student";
  auto r = f.file_row(bad, nullptr);
  CHECK(r.outcome == service::BatchRowOutcome::failed);
  CHECK(f.file.group_no.empty());
  CHECK(f.file.waiting.size() == 1);

  const auto c = f.checked();
  r = f.file_row(f.row(3, "P19990601"), &c);
  CHECK(r.outcome == service::BatchRowOutcome::filed);
  CHECK(!r.receipt_no.empty());
  CHECK(r.refusal_code.empty());
  REQUIRE(!f.file.group_no.empty());
  CHECK(f.file.waiting.empty());
  CHECK(f.file.header_kept);
  const auto filed = f.w.store->cases().find(r.receipt_no);
  REQUIRE(filed);
  CHECK(filed->group_no == f.file.group_no);

  const auto status = service::batch_status(f.w.env(), f.staff, f.file.group_no);
  CHECK(status.per_row);
  CHECK(status.header == f.file.header);
  REQUIRE(status.rows.size() == 2);
  CHECK(status.rows[0].row == std::optional<std::int64_t>(2));
  CHECK(status.rows[0].problems == std::vector<std::string>{"passport_no not-school-student"});
  CHECK(status.rows[1].row == std::optional<std::int64_t>(3));
  CHECK(status.rows[1].receipt_no == r.receipt_no);
  CHECK(status.rows[1].name == "LEE ROSE");
}

TEST_CASE("a batch's group is found again for the same file, and only for it", "[service][batch]") {
  Filing f;
  const auto c = f.checked();
  f.file_row(f.row(2, "P19990601"), &c);
  const std::string group = f.file.group_no;
  REQUIRE(!group.empty());

  service::BatchFiling again = f.file;  // a re-run of the same file
  again.group_no.clear();
  CHECK(service::find_batch_group(f.w.env(), f.staff, again) == group);
  f.w.store->write([&] { CHECK(service::open_batch_group(f.w.env(), f.staff, again) == group); });
  service::BatchFiling other = again;  // another file
  other.group_no.clear();
  other.file_sha256 = "other";
  CHECK(service::find_batch_group(f.w.env(), f.staff, other).empty());
  std::string made;
  f.w.store->write([&] { made = service::open_batch_group(f.w.env(), f.staff, other); });
  CHECK(!made.empty());
  CHECK(made != group);
  CHECK(service::find_batch_group(f.w.env(), f.staff, other) == made);
}

TEST_CASE("a student filed before: from this file's group, or by the school and open", "[service][batch]") {
  Filing f;
  const auto c = f.checked();
  const auto first = f.file_row(f.row(2, "P19990601"), &c);
  const auto id = f.applicant_id();
  REQUIRE(id != 0);
  const auto kind = domain::ApplicationKind::arc;
  auto prior = service::prior_cases(f.w.env(), f.staff, f.file.group_no, kind, id);
  CHECK(prior.filed == std::optional<std::string>(first.receipt_no));
  CHECK(prior.open_case == first.receipt_no);
  // From another file: still this school's open case.
  prior = service::prior_cases(f.w.env(), f.staff, "", kind, id);
  CHECK(prior.filed == std::optional<std::string>(first.receipt_no));
  CHECK_FALSE(
      service::prior_cases(f.w.env(), f.staff, f.file.group_no, domain::ApplicationKind::multi_entry, id)
          .filed);
  CHECK_FALSE(service::prior_cases(f.w.env(), f.staff, f.file.group_no, kind, 0).filed);

  // The same row again (a re-run, a row repeated): skipped, naming the case.
  const auto second = f.file_row(f.row(3, "P19990601"), &c);
  CHECK(second.outcome == service::BatchRowOutcome::skipped);
  CHECK(second.receipt_no == first.receipt_no);
  CHECK(f.w.store->cases().cases_of(id, kind).size() == 1);
}

TEST_CASE("a batch row refused at filing leaves nothing: no case, no group", "[service][batch]") {
  Filing f;
  const auto c = f.checked();  // checked before the student got an open case elsewhere
  f.w.store->write([&] {       // ... filed by a reviewer, not by the school
    domain::Account proxy;
    proxy.name = "proxy:record:F0001";
    proxy.role = domain::Role::student;
    proxy.identity_type = domain::IdentityType::foreign;
    proxy.status = domain::AccountStatus::active;
    proxy.proxy_key = "record:F0001";
    proxy.record_id = "F0001";
    const auto id = f.w.store->accounts().insert(proxy);
    f.w.store->cases().insert_group("900000001", domain::ApplicationKind::arc, 1, f.w.clock.now());
    auto open = a_case("115900000001", "900000001", CaseState::pending_review, 1000);
    open.applicant_id = id;
    f.w.store->cases().insert(open, {{"name_en", "LEE ROSE"}});
  });
  const auto r = f.file_row(f.row(2, "P19990601"), &c);
  CHECK(r.outcome == service::BatchRowOutcome::failed);
  CHECK(r.refusal_code == msg::not_eligible.code);
  CHECK(r.receipt_no.empty());
  CHECK(f.file.group_no.empty());  // the group made with the row is undone with it
  CHECK(service::find_batch_group(f.w.env(), f.staff, f.file).empty());
  REQUIRE(f.file.waiting.size() == 1);  // the row waits for a group, as refused
  CHECK(f.file.waiting[0].problems == std::string("passport_no ") + msg::not_eligible.code);
  CHECK(f.w.store->cases().cases_of(f.applicant_id(), domain::ApplicationKind::arc).size() == 1);
}

TEST_CASE("a batch is filed by its school's staff alone", "[service][batch]") {
  Filing f;
  const auto c = f.checked();
  service::Caller reviewer = f.staff;
  reviewer.role = domain::Role::reviewer;
  service::Caller student = f.staff;
  student.role = domain::Role::student;
  for (const auto& who : {f.w.admin(), reviewer, student}) {
    const auto forbidden = [&](const std::function<void()>& fn) {
      return test::code_of(fn) == "role-forbidden";
    };
    CHECK(forbidden([&] { service::calling_school_name(f.w.env(), who); }));
    CHECK(forbidden([&] { service::find_batch_group(f.w.env(), who, f.file); }));
    CHECK(forbidden([&] { service::prior_cases(f.w.env(), who, "", domain::ApplicationKind::arc, 1); }));
    CHECK(forbidden([&] {
      service::batch_write(f.w.env(), [&] { service::open_batch_group(f.w.env(), who, f.file); });
    }));
    CHECK(forbidden([&] {
      service::batch_write(
          f.w.env(), [&] { service::file_batch_row(f.w.env(), who, f.file, f.row(2, "P19990601"), &c); });
    }));
  }
  CHECK(f.file.group_no.empty());
  CHECK(service::find_batch_group(f.w.env(), f.staff, f.file).empty());
  CHECK(f.w.store->cases().cases_of(f.applicant_id(), domain::ApplicationKind::arc).empty());
}
