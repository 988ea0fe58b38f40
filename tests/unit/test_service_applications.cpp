// lib/service/applications.cpp: a school filing for its students, with or
// without an account (proxy filing), and what registration then claims.

#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/records.hpp"
#include "service/reminders.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using test::World;

namespace {

domain::Person foreigner(const std::string& id, const std::string& passport, const std::string& school) {
  return test::foreign_student(id, passport, school);
}

// Two schools, a person at each, and staff of the first logged in.
struct Schools {
  World w;
  service::Caller staff;
  Schools() {
    const auto admin = w.admin();
    service::add_school(w.env(), admin, {"NTUT", "國立臺北科技大學"});
    service::add_school(w.env(), admin, {"NTU", "國立臺灣大學"});
    w.store->write([&] {
      w.store->records().put_person(foreigner("F0001", "P19990601", "NTUT"));
      w.store->records().put_person(foreigner("F0900", "Q1111111", "NTU"));
    });
    service::add_user(w.env(), admin, {"ntut.office", domain::Role::school, "NTUT", "intl@ntut.example", "staff-pass1"});
    staff = w.login("ntut.office", "staff-pass1");
  }
  // An ARC submission for the key, the sheet alone (no scans).
  service::Submission arc(const std::string& passport, const std::string& email = "") {
    service::Submission s = test::arc_submission(passport, email);
    s.check_documents = false;
    return s;
  }
  service::Submitted file(service::Submission s) {
    auto checked = service::check_submission(w.env(), staff, std::move(s));
    return service::file_submission(w.env(), staff, checked);
  }
  std::vector<std::string> mail_to(const std::string& kind) {
    std::vector<std::string> out;
    for (const auto& m : w.store->outbox().list(std::nullopt, 1000))
      if (m.kind == kind) out.push_back(m.to);
    std::sort(out.begin(), out.end());
    return out;
  }
};

service::Registration rose(const std::string& account, const std::string& birth_date) {
  return test::rose_registration(account, birth_date);
}

}  // namespace

TEST_CASE("a school files for a student without an account through a proxy made with the first case",
          "[applications][proxy]") {
  Schools s;
  const auto found = service::find_school_student(s.w.env(), s.staff, {"", "P19990601", "馬來西亞", "1999-06-01"});
  CHECK(found.account.id == 0);  // not made by looking
  CHECK(found.account.is_proxy());
  CHECK(found.account.proxy_key == "record:F0001");
  CHECK(!found.unrecorded);
  CHECK(!s.w.store->accounts().proxy("record:F0001"));

  const auto filed = s.file(s.arc("P19990601", "rose@example.com"));
  const auto proxy = s.w.store->accounts().proxy("record:F0001");
  REQUIRE(proxy);
  CHECK(proxy->record_id == "F0001");
  CHECK(proxy->password_hash.empty());
  const auto c = s.w.store->cases().find(filed.receipt_no);
  REQUIRE(c);
  CHECK(c->applicant_id == proxy->id);
  CHECK(c->proxy);
  CHECK(!c->unrecorded);
  CHECK(c->school_code == "NTUT");
  CHECK(service::filed_as(*c).en == "filed by the school for a student without an account");

  // The acknowledgement: to the staff who filed and to the row's address.
  CHECK(s.mail_to("ack") == std::vector<std::string>{"intl@ntut.example", "rose@example.com"});

  // The next look finds the proxy, with the open case named.
  const auto again = service::known_student(s.w.env(), s.staff, domain::ApplicationKind::arc,
                                            {"", "P19990601", "馬來西亞", "1999-06-01"});
  CHECK(again.account.id == proxy->id);
  CHECK(again.open_case == filed.receipt_no);
  try {
    s.file(s.arc("P19990601"));
    FAIL("filed twice");
  } catch (const Refusal& e) {
    CHECK(e.code() == "open-case-exists");
    CHECK(e.text().en == "This student already has an open case of this kind: " + filed.receipt_no);
  }
}

TEST_CASE("nobody logs in as a proxy, nor asks for its password", "[applications][proxy]") {
  Schools s;
  s.file(s.arc("P19990601"));
  CHECK(code_of([&] { service::login(s.w.env(), "proxy:record:F0001", ""); }) == "login-failed");
  const auto before = s.w.store->outbox().list(std::nullopt, 100).size();
  service::forgot_password(s.w.env(), "proxy:record:F0001");
  CHECK(s.w.store->outbox().list(std::nullopt, 100).size() == before);
}

TEST_CASE("another school's student and nobody get the same answer: filed from the row's data",
          "[applications][proxy]") {
  Schools s;
  const auto other = service::find_school_student(s.w.env(), s.staff, {"", "Q1111111", "馬來西亞", "1999-06-01"});
  const auto nobody = service::find_school_student(s.w.env(), s.staff, {"", "Q2222222", "馬來西亞", "1999-06-01"});
  CHECK(other.unrecorded);
  CHECK(nobody.unrecorded);
  CHECK(!other.person);
  CHECK(other.account.proxy_key == "row:Q1111111:NTUT");
  // Nothing of the other school's record: the same profile but for the key.
  auto a = other.account.profile, b = nobody.account.profile;
  a.erase("passport_no");
  b.erase("passport_no");
  CHECK(a == b);
  CHECK(a.count("surname_en") == 0);
  // A record that differs from the row is told only for the school's own.
  CHECK(code_of([&] {
          service::find_school_student(s.w.env(), s.staff, {"", "Q1111111", "新加坡", "1999-06-01"});
        }) == "ok");
  CHECK(code_of([&] {
          service::find_school_student(s.w.env(), s.staff, {"", "P19990601", "新加坡", "1999-06-01"});
        }) == "record-data-differ");

  const auto filed = s.file(s.arc("Q2222222"));
  const auto c = s.w.store->cases().find(filed.receipt_no);
  REQUIRE(c);
  CHECK(c->unrecorded);
  CHECK(c->school_code == "NTUT");
  CHECK(service::filed_as(*c).zh == "學校代辦，依所填資料（機關資料查無此人）");
  // Only the staff are mailed: the row gave no address.
  CHECK(s.mail_to("ack") == std::vector<std::string>{"intl@ntut.example"});
}

TEST_CASE("a permit not held by the school's student is refused alike, whoever holds it", "[applications][proxy]") {
  Schools s;
  s.w.store->write([&] {
    domain::Person m;
    m.record_id = "M0900";
    m.identity_type = domain::IdentityType::mainland;
    m.name_zh = "林小青";
    m.birth_date = *util::parse_iso_date("1997-01-01");
    m.sex = "F";
    m.mainland_id = "350102199701010025";
    m.school_code = "NTU";
    s.w.store->records().put_person(m);
    domain::Permit p;
    p.permit_no = "MP9000000001";
    p.kind = domain::PermitKind::multi_entry;
    p.record_id = "M0900";
    p.issue_date = *util::parse_iso_date("2026-01-05");
    p.stay_expiry = *util::parse_iso_date("2027-02-28");
    p.entry_inspected = true;
    s.w.store->records().put_permit(p);
  });
  const auto refusal = [&](const std::string& permit) -> Text {
    try {
      service::find_school_student(s.w.env(), s.staff, {permit, "", "", ""});
    } catch (const Refusal& e) {
      CHECK(e.code() == "not-school-student");
      return e.text();
    }
    FAIL("not refused");
    return {};
  };
  CHECK(refusal("MP9000000001").en == "Not a student of this school in the agency's records: MP9000000001");
  CHECK(refusal("MP0000000000").en == "Not a student of this school in the agency's records: MP0000000000");
}

TEST_CASE("registration claims the cases filed for the person; differing data claim nothing",
          "[applications][proxy][accounts]") {
  Schools s;
  const auto filed = s.file(s.arc("P19990601"));
  const auto proxy = s.w.store->accounts().proxy("record:F0001");
  REQUIRE(proxy);

  SECTION("the same person") {
    const auto a = service::register_student(s.w.env(), rose("rose.lee", "1999-06-01"));
    CHECK(a.record_id == "F0001");
    CHECK(s.w.store->cases().find(filed.receipt_no)->applicant_id == a.id);
    CHECK(s.w.store->accounts().by_id(proxy->id)->status == domain::AccountStatus::disabled);
    CHECK(s.w.store->accounts().student_by_record("F0001")->id == a.id);
    // Still a case the school filed for a student without an account: its
    // mail goes to the staff and now to the account's address.
    const auto c = s.w.store->cases().find(filed.receipt_no);
    CHECK(c->proxy);
  }
  SECTION("a birth date that differs from the record") {
    const auto a = service::register_student(s.w.env(), rose("not.rose", "1999-06-02"));
    CHECK(s.w.store->cases().find(filed.receipt_no)->applicant_id == proxy->id);
    CHECK(s.w.store->accounts().by_id(proxy->id)->status == domain::AccountStatus::active);
    (void)a;
  }
}

TEST_CASE("a registration claims the rows filed from their data under its passport", "[applications][proxy][accounts]") {
  Schools s;
  auto row = s.arc("Q3333333");
  const auto filed = s.file(std::move(row));
  REQUIRE(s.w.store->accounts().proxy("row:Q3333333:NTUT"));
  auto r = rose("new.arrival", "1999-06-01");
  r.form["passport_no"] = "Q3333333";
  const auto a = service::register_student(s.w.env(), r);
  CHECK(a.record_id.empty());
  CHECK(s.w.store->cases().find(filed.receipt_no)->applicant_id == a.id);
}

TEST_CASE("a reminder for a student the school filed for goes the way of their latest case",
          "[applications][proxy][reminders]") {
  Schools s;
  s.file(s.arc("P19990601", "rose@example.com"));
  s.w.store->write([&] {
    domain::Permit p;
    p.permit_no = "AR0000000001";
    p.kind = domain::PermitKind::arc;
    p.record_id = "F0001";
    p.issue_date = *util::parse_iso_date("2026-02-01");
    p.stay_expiry = *util::parse_iso_date("2027-01-31");
    s.w.store->records().put_permit(p);
  });
  service::ReminderQuery q;
  q.within_days = 90;
  q.mail = true;
  const auto reminders = service::extension_reminders(s.w.env(), s.staff, q);
  REQUIRE(reminders.size() == 1);
  CHECK(reminders[0].mailed_now);
  CHECK(s.mail_to("reminder") == std::vector<std::string>{"intl@ntut.example", "rose@example.com"});
  // Once per window.
  CHECK(!service::extension_reminders(s.w.env(), s.staff, q)[0].mailed_now);
  CHECK(s.mail_to("reminder").size() == 2);
}
