#pragma once
// A fresh database with its first admin, a fixed clock and the default
// config: what the service tests act on.

#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"
#include "service/records.hpp"
#include "store/open.hpp"
#include "support.hpp"

namespace soas::test {

struct World {
  TempDir dir;
  FixedClock clock;
  config::Config cfg = config::parse_file("", "t", "");
  std::unique_ptr<store::Store> store;
  explicit World(const std::string& now = "2026-11-21T10:00:00") : clock(*parse_instant(now)) {
    store::init_store(dir.file("soas.db"), clock, "system");
    store = store::open_store(dir.file("soas.db"), clock);
    service::create_first_admin(env(), {"admin1", domain::Role::admin, "", "a@nia.example", "admin-pass1"});
  }
  service::Env env() { return service::Env{*store, cfg, clock}; }
  service::Caller admin() { return login("admin1", "admin-pass1"); }
  service::Caller login(const std::string& name, const std::string& password) {
    return service::resolve_session(*store, service::login(env(), name, password).token, clock.now());
  }
};

// LEE ROSE, a Malaysian student of the school in the agency's records (no
// account).
inline domain::Person foreign_student(const std::string& record_id = "F0001",
                                      const std::string& passport = "P19990601",
                                      const std::string& school = "NTUT") {
  domain::Person p;
  p.record_id = record_id;
  p.identity_type = domain::IdentityType::foreign;
  p.surname_en = "LEE";
  p.given_name_en = "ROSE";
  p.birth_date = *util::parse_iso_date("1999-06-01");
  p.sex = "F";
  p.nationality = "馬來西亞";
  p.passport_no = passport;
  p.school_code = school;
  return p;
}

// Rose Lee registering herself as a foreign student under P19990601 (the
// person of foreign_student), with a mail address.
inline service::Registration rose_registration(const std::string& account = "rose.lee",
                                              const std::string& birth_date = "1999-06-01") {
  return service::Registration{domain::IdentityType::foreign,
                               {{"account", account},
                                {"surname_en", "Lee"},
                                {"given_name_en", "Rose"},
                                {"nationality", "馬來西亞"},
                                {"birth_date", birth_date},
                                {"sex", "F"},
                                {"passport_no", "P19990601"},
                                {"phone", "0912345678"},
                                {"email", "rose@example.com"}},
                               "student-pw1",
                               "student-pw1"};
}

// A World with NTUT, its student LEE ROSE (P19990601) in the records and
// its staff ntut.office logged in.
struct SchoolWorld : World {
  service::Caller staff;
  SchoolWorld() {
    const auto a = admin();
    service::add_school(env(), a, {"NTUT", "國立臺北科技大學"});
    store->write([&] { store->records().put_person(foreign_student()); });
    service::add_user(env(), a, {"ntut.office", domain::Role::school, "NTUT", "intl@ntut.example", "staff-pass1"});
    staff = login("ntut.office", "staff-pass1");
  }
};

// A school's ARC submission for LEE ROSE under the passport: every field an
// ARC needs, agreed, no documents yet (add them, or check the sheet alone).
inline service::Submission arc_submission(const std::string& passport = "P19990601",
                                          const std::string& email = "") {
  service::Submission s;
  s.kind = domain::ApplicationKind::arc;
  s.for_key = service::StudentKey{"", passport, "馬來西亞", "1999-06-01"};
  s.form = {{"program", "學士班"},
            {"enrolment_status", "已註冊"},
            {"name_en", "LEE ROSE"},
            {"birth_date", "1999-06-01"},
            {"sex", "F"},
            {"passport_no", passport},
            {"nationality", "馬來西亞"},
            {"passport_expiry", "2030-05-31"},
            {"visa_issue_date", "2026-08-15"},
            {"visa_code", "FS"},
            {"highest_education", "高中"},
            {"marital_status", "未婚"},
            {"taiwan_address.county", "臺北市"},
            {"taiwan_address.district", "大安區"},
            {"taiwan_address.street", "忠孝東路三段"},
            {"taiwan_address.number", "1號5樓"},
            {"contact_name", "王老師"},
            {"contact_phone", "02-27712171"},
            {"contact_nationality", "中華民國"},
            {"pickup_station", "taipei-1"},
            {"validity_years", "1"}};
  if (!email.empty()) s.form["email"] = email;
  s.agreed = true;
  return s;
}

// An ARC for the person with this passport, with every document it needs
// (the good files of tests/documents).
inline service::Submission arc_with_documents(const std::string& passport = "P19990601") {
  service::Submission s = arc_submission(passport);
  const std::string corpus = std::string(SOAS_TESTS_DIR) + "/documents/";
  s.documents = {{"photo", corpus + "good.jpg"},
                 {"enrolment", corpus + "good.pdf"},
                 {"passport", corpus + "good.pdf"},
                 {"residence-visa", corpus + "good.png"},
                 {"residence-proof", corpus + "good.bmp"}};
  return s;
}

// A world where a school (NTUT) has filed an ARC (1 year, NT$1,000) for each
// of `students` people in its records and a reviewer has approved them all:
// one group per case, each awaiting payment. A second school (NTU) has staff
// and nothing to pay.
struct Awaiting {
  World w;
  service::Caller staff;
  service::Caller other_staff;
  service::Caller reviewer;
  std::vector<std::string> receipts;
  std::vector<std::string> groups;
  explicit Awaiting(int students = 2, const std::string& now = "2026-11-21T10:00:00") : w(now) {
    const auto admin = w.admin();
    service::add_school(w.env(), admin, {"NTUT", "國立臺北科技大學"});
    service::add_school(w.env(), admin, {"NTU", "國立臺灣大學"});
    service::add_user(w.env(), admin, {"ntut.office", domain::Role::school, "NTUT", "intl@ntut.example", "staff-pass1"});
    service::add_user(w.env(), admin, {"ntu.office", domain::Role::school, "NTU", "intl@ntu.example", "staff-pass2"});
    service::add_user(w.env(), admin, {"reviewer1", domain::Role::reviewer, "", "r@nia.example", "review-pass1"});
    staff = login("ntut.office", "staff-pass1");
    other_staff = login("ntu.office", "staff-pass2");
    reviewer = login("reviewer1", "review-pass1");
    for (int i = 1; i <= students; ++i) {
      const std::string passport = "P" + std::to_string(1000000 + i);
      const domain::Person p = foreign_student("F" + std::to_string(1000 + i), passport, "NTUT");
      w.store->write([&] { w.store->records().put_person(p); });
      const auto filed = service::submit_application(w.env(), staff, arc(passport));
      service::act_on_case(w.env(), reviewer, filed.receipt_no, domain::CaseAction::approve);
      receipts.push_back(filed.receipt_no);
      groups.push_back(filed.group_no);
    }
  }
  service::Caller login(const std::string& name, const std::string& password) { return w.login(name, password); }
  static service::Submission arc(const std::string& passport) { return arc_with_documents(passport); }
};

}  // namespace soas::test
