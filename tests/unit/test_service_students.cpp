// lib/service/students.cpp: a school's students found one at a time
// (find_school_student, prior_cases) and a chunk of rows at once
// (SchoolStudents) give the same answers.

#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <stdexcept>

#include "core/error.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/batches.hpp"
#include "service/students.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using test::World;

namespace {

domain::Person mainland(const std::string& id, const std::string& mainland_id, const std::string& school) {
  domain::Person m;
  m.record_id = id;
  m.identity_type = domain::IdentityType::mainland;
  m.name_zh = "林小青";
  m.birth_date = *util::parse_iso_date("1997-01-01");
  m.sex = "F";
  m.mainland_id = mainland_id;
  m.school_code = school;
  return m;
}

domain::Permit permit(const std::string& no, const std::string& holder) {
  domain::Permit p;
  p.permit_no = no;
  p.kind = domain::PermitKind::multi_entry;
  p.record_id = holder;
  p.issue_date = *util::parse_iso_date("2026-01-05");
  p.stay_expiry = *util::parse_iso_date("2027-02-28");
  p.entry_inspected = true;
  return p;
}

// Every kind of student a row can name: registered, recorded without an
// account, disabled, another school's, nobody's (with and without a proxy
// from an earlier row), holders of permits here and elsewhere, and two
// identity types under one passport; cases open and filed by this school, by
// another, and decided.
struct Students {
  World w;
  service::Caller staff;
  service::Caller other_staff;
  std::string group;  // the group the school filed P19990601's case in
  Students() {
    const auto admin = w.admin();
    service::add_school(w.env(), admin, {"NTUT", "國立臺北科技大學"});
    service::add_school(w.env(), admin, {"NTU", "國立臺灣大學"});
    w.store->write([&] {
      auto& r = w.store->records();
      r.put_person(test::foreign_student("F0001", "P19990601", "NTUT"));  // registers: rose.lee
      r.put_person(test::foreign_student("F0002", "P20000002", "NTUT"));  // no account
      r.put_person(test::foreign_student("F0003", "P30000003", "NTUT"));  // registers, then disabled
      r.put_person(test::foreign_student("F0900", "Q1111111", "NTU"));
      auto oc = test::foreign_student("C0004", "P40000004", "NTU");  // the foreign one comes first
      oc.identity_type = domain::IdentityType::overseas_chinese;
      r.put_person(oc);
      r.put_person(test::foreign_student("F0004", "P40000004", "NTUT"));
      r.put_person(mainland("M0001", "350102199701010025", "NTUT"));
      r.put_person(mainland("M0900", "350102199701010026", "NTU"));
      r.put_permit(permit("MP0000000001", "M0001"));
      r.put_permit(permit("MP9000000001", "M0900"));
    });
    service::add_user(w.env(), admin,
                      {"ntut.office", domain::Role::school, "NTUT", "intl@ntut.example", "staff-pass1"});
    service::add_user(w.env(), admin,
                      {"ntu.office", domain::Role::school, "NTU", "intl@ntu.example", "staff-pass1"});
    staff = w.login("ntut.office", "staff-pass1");
    other_staff = w.login("ntu.office", "staff-pass1");
    const auto rose = service::register_student(w.env(), test::rose_registration("rose.lee", "1999-06-01"));
    auto reg = test::rose_registration("rose.three", "1999-06-01");
    reg.form["passport_no"] = "P30000003";
    reg.form["email"] = "rose3@example.com";
    const auto three = service::register_student(w.env(), reg);
    w.store->write([&] {
      w.store->accounts().set_status(rose.id, domain::AccountStatus::active);  // as verifying her mail does
      w.store->accounts().set_status(three.id, domain::AccountStatus::disabled);
    });
    group = file(staff, "P19990601").group_no;
    file(staff, "Q2222222");   // nobody's: a row proxy, its case open
    file(staff, "P20000002");  // a record proxy
  }
  service::Submitted file(const service::Caller& who, const std::string& passport) {
    service::Submission s = test::arc_submission(passport);
    s.check_documents = false;
    auto checked = service::check_submission(w.env(), who, std::move(s));
    return service::file_submission(w.env(), who, checked);
  }
};

// What a look-up answered, as one line: the refusal, or who was found.
std::string said(const std::function<service::SchoolStudent()>& find) {
  try {
    const auto s = find();
    std::string line = s.account.name + " id=" + std::to_string(s.account.id) +
                       " proxy=" + s.account.proxy_key + " unrecorded=" + (s.unrecorded ? "yes" : "no") +
                       " record=" + (s.person ? s.person->record_id : "-") + " profile:";
    for (const auto& [k, v] : s.account.profile) line += " " + k + "=" + v;
    return line;
  } catch (const Refusal& e) {
    return "refused " + e.code();
  }
}

std::string said(const service::PriorCases& p) {
  return "filed=" + p.filed.value_or("-") + " open=" + p.open_case;
}

}  // namespace

TEST_CASE("a chunk's look-up answers every key as the one-at-a-time look-up does", "[students][batches]") {
  Students s;
  std::vector<service::StudentKey> keys = {
      {"", "P19990601", "馬來西亞", "1999-06-01"},  // registered, an open case in the group
      {"", " p19990601 ", "", ""},                  // the same, as typed
      {"", "P19990601", "新加坡", "1999-06-01"},    // record-data-differ
      {"", "P20000002", "馬來西亞", "1999-06-01"},  // a record proxy with an open case
      {"", "P30000003", "馬來西亞", "1999-06-01"},  // student-account-disabled
      {"", "P40000004", "馬來西亞", "1999-06-01"},  // two types: the foreign one, at the school
      {"", "Q1111111", "馬來西亞", "1999-06-01"},   // another school's: from the row
      {"", "Q2222222", "馬來西亞", "1999-06-01"},   // nobody's, the proxy an earlier row made
      {"", "Q2222222", "馬來西亞", "2000-01-01"},   // ... that differs from the row
      {"", "Q3333333", "馬來西亞", "1999-06-01"},   // nobody's, no proxy yet
      {"MP0000000001", "", "", ""},                 // the school's permit holder
      {"mp0000000001", "", "", ""},                 // ... as typed
      {"MP9000000001", "", "", ""},                 // another school's: not-school-student
      {"MP0000000009", "", "", ""},                 // no such permit
      {"", "", "", ""},                             // nothing: not-school-student
  };
  // More keys than one IN list takes (512): the look-up reads in pieces.
  for (int i = 0; i < 600; ++i) keys.push_back({"", "Z" + std::to_string(100000 + i), "馬來西亞", ""});

  const auto kind = domain::ApplicationKind::arc;
  service::SchoolStudents chunk(s.w.env(), s.staff, kind, keys);
  std::set<std::int64_t> applicants;
  for (const auto& key : keys) {
    INFO("key " << key.permit_no << key.passport_no << " " << key.nationality << " " << key.birth_date);
    const auto one = said([&] { return service::find_school_student(s.w.env(), s.staff, key); });
    CHECK(said([&] { return chunk.find(key); }) == one);
    try {
      applicants.insert(chunk.find(key).account.id);
    } catch (const Refusal&) {
    }
  }
  // The answers themselves, for a few (so that both cannot be wrong alike).
  CHECK(said([&] { return chunk.find(keys[0]); }).rfind("rose.lee id=", 0) == 0);
  CHECK(said([&] { return chunk.find(keys[2]); }) == "refused record-data-differ");
  CHECK(said([&] { return chunk.find(keys[3]); }).rfind("proxy:record:F0002 ", 0) == 0);
  CHECK(said([&] { return chunk.find(keys[4]); }) == "refused student-account-disabled");
  CHECK(said([&] { return chunk.find(keys[5]); }).find(" record=F0004 ") != std::string::npos);
  CHECK(said([&] { return chunk.find(keys[6]); }).find(" proxy=row:Q1111111:NTUT unrecorded=yes ") !=
        std::string::npos);
  CHECK(chunk.find(keys[7]).account.name == "proxy:row:Q2222222:NTUT");
  CHECK(chunk.find(keys[7]).account.id != 0);
  CHECK(said([&] { return chunk.find(keys[8]); }) == "refused record-data-differ");
  CHECK(said([&] { return chunk.find(keys[9]); }).rfind("proxy:row:Q3333333:NTUT id=0 ", 0) == 0);
  CHECK(said([&] { return chunk.find(keys[10]); }).find(" record=M0001 ") != std::string::npos);
  CHECK(said([&] { return chunk.find(keys[12]); }) == "refused not-school-student");
  CHECK(said([&] { return chunk.find(keys[13]); }) == "refused not-school-student");
  CHECK(said([&] { return chunk.find(keys[14]); }) == "refused not-school-student");

  // Prior cases, in the group and outside it, alike.
  REQUIRE(applicants.size() == 4);  // rose.lee, the two proxies made, and 0 (the ones not made yet)
  for (const auto id : applicants) {
    INFO("applicant " << id);
    for (const std::string& group : {s.group, std::string()}) {
      CHECK(said(chunk.prior(group, id)) == said(service::prior_cases(s.w.env(), s.staff, group, kind, id)));
    }
  }
  const auto rose = chunk.find(keys[0]).account.id;
  CHECK(said(chunk.prior(s.group, rose)).rfind("filed=", 0) == 0);
  CHECK(chunk.prior(s.group, rose).filed);
  CHECK(!chunk.prior(s.group, chunk.find(keys[10]).account.id).filed);
}

TEST_CASE("another school's open case is open but not filed by this one, in a chunk too",
          "[students][batches]") {
  Students s;
  // Q1111111 is NTU's student: NTU files for them (an open ARC).
  const auto theirs = s.file(s.other_staff, "Q1111111");
  const auto account = s.w.store->cases().find(theirs.receipt_no)->applicant_id;
  const service::StudentKey key{"", "Q1111111", "馬來西亞", "1999-06-01"};
  service::SchoolStudents mine(s.w.env(), s.other_staff, domain::ApplicationKind::arc, {key});
  CHECK(mine.find(key).account.id == account);
  CHECK(said(mine.prior("", account)) == "filed=" + theirs.receipt_no + " open=" + theirs.receipt_no);
  // For NTUT, the same person is nobody it knows: a row proxy, no case.
  service::SchoolStudents before(s.w.env(), s.staff, domain::ApplicationKind::arc, {key});
  CHECK(before.find(key).unrecorded);
  // The student moves to NTUT: NTU's case is open, but not one NTUT filed.
  s.w.store->write(
      [&] { s.w.store->records().put_person(test::foreign_student("F0900", "Q1111111", "NTUT")); });
  service::SchoolStudents ours(s.w.env(), s.staff, domain::ApplicationKind::arc, {key});
  CHECK(ours.find(key).account.id == account);
  CHECK(said(ours.prior("", account)) == "filed=- open=" + theirs.receipt_no);
  CHECK(said(service::prior_cases(s.w.env(), s.staff, "", domain::ApplicationKind::arc, account)) ==
        said(ours.prior("", account)));
}

TEST_CASE("a chunk's look-up is for school users, and for the keys it was given", "[students][batches]") {
  Students s;
  const service::StudentKey key{"", "P19990601", "馬來西亞", "1999-06-01"};
  CHECK_THROWS_AS(service::SchoolStudents(s.w.env(), s.w.admin(), domain::ApplicationKind::arc, {key}),
                  Forbidden);
  service::SchoolStudents chunk(s.w.env(), s.staff, domain::ApplicationKind::arc, {key});
  CHECK_THROWS_AS(chunk.find({"", "P20000002", "", ""}), std::logic_error);
  CHECK_THROWS_AS(chunk.prior("", 999999), std::logic_error);
  CHECK(!chunk.prior("", 0).filed);  // a proxy not made yet has no case
}
