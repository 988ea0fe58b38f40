// lib/service/reminders.cpp: whose extension window is open or opens soon,
// and the reminder mail queued once per permit and window.

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "mail/mail.hpp"
#include "service/accounts.hpp"
#include "service/records.hpp"
#include "service/reminders.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using test::World;

namespace {

domain::Person person(const std::string& id, const std::string& passport, const std::string& school) {
  return test::foreign_student(id, passport, school);
}

domain::Permit permit(const std::string& no, domain::PermitKind kind, const std::string& holder,
                      const std::string& expiry) {
  domain::Permit p;
  p.permit_no = no;
  p.kind = kind;
  p.record_id = holder;
  p.issue_date = *util::parse_iso_date("2025-01-10");
  p.stay_expiry = *util::parse_iso_date(expiry);
  p.entry_inspected = true;
  return p;
}

// Today 2026-11-21. Open: A1 (ends 2027-01-31). Opening in 19 days: M2
// (ends 2027-03-10, at NTU). Too far: A3. Not reminded of: a single-entry
// permit and a stay already over.
struct Permits {
  World w;
  service::Caller staff;
  Permits() {
    const auto admin = w.admin();
    service::add_school(w.env(), admin, {"NTUT", "國立臺北科技大學"});
    service::add_school(w.env(), admin, {"NTU", "國立臺灣大學"});
    service::add_user(w.env(), admin,
                      {"ntut.office", domain::Role::school, "NTUT", "intl@ntut.example", "staff-pass1"});
    staff = service::resolve_session(*w.store, service::login(w.env(), "ntut.office", "staff-pass1").token,
                                     w.clock.now());
    w.store->write([&] {
      auto& r = w.store->records();
      r.put_person(person("F0001", "P19990601", "NTUT"));
      r.put_person(person("F0002", "Q2000002", "NTU"));
      r.put_person(person("F0003", "Q3000003", "NTUT"));
      r.put_permit(permit("A1", domain::PermitKind::arc, "F0001", "2027-01-31"));
      r.put_permit(permit("M2", domain::PermitKind::multi_entry, "F0002", "2027-03-10"));
      r.put_permit(permit("A3", domain::PermitKind::arc, "F0003", "2027-06-30"));
      r.put_permit(permit("S4", domain::PermitKind::single_entry, "F0003", "2027-01-15"));
      r.put_permit(permit("M5", domain::PermitKind::multi_entry, "F0003", "2026-11-20"));
    });
  }
};

std::vector<std::string> permits_of(const std::vector<service::Reminder>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.permit.permit_no);
  return out;
}

}  // namespace

TEST_CASE("reminders: open windows and those opening within the days asked", "[reminders][service]") {
  Permits p;
  const auto all = service::extension_reminders(p.w.env(), p.w.admin(), {});
  REQUIRE(permits_of(all) == std::vector<std::string>{"A1", "M2"});
  CHECK(all[0].status == domain::WindowStatus::open);
  CHECK(all[0].days_to_open == 0);
  CHECK(all[0].window.opens.iso() == "2026-10-31");
  CHECK(all[0].window.closes.iso() == "2027-01-31");
  CHECK(all[0].person.record_id == "F0001");
  CHECK_FALSE(all[0].account);
  CHECK_FALSE(all[0].reminded);
  CHECK(all[1].status == domain::WindowStatus::not_yet_open);
  CHECK(all[1].days_to_open == 19);
  CHECK(all[1].window.opens.iso() == "2026-12-10");

  service::ReminderQuery q;
  q.within_days = 18;
  CHECK(permits_of(service::extension_reminders(p.w.env(), p.w.admin(), q)) ==
        std::vector<std::string>{"A1"});
  q.within_days = 365;
  CHECK(permits_of(service::extension_reminders(p.w.env(), p.w.admin(), q)) ==
        std::vector<std::string>{"A1", "M2", "A3"});
}

TEST_CASE("reminders: a school sees its own students; an admin may ask for one school", "[reminders][service]") {
  Permits p;
  service::ReminderQuery q;
  q.school = "NTU";
  CHECK(permits_of(service::extension_reminders(p.w.env(), p.staff, q)) == std::vector<std::string>{"A1"});
  CHECK(permits_of(service::extension_reminders(p.w.env(), p.w.admin(), q)) ==
        std::vector<std::string>{"M2"});
  service::add_user(p.w.env(), p.w.admin(),
                    {"reviewer1", domain::Role::reviewer, "", "r@nia.example", "review-pass1"});
  const auto reviewer = service::resolve_session(
      *p.w.store, service::login(p.w.env(), "reviewer1", "review-pass1").token, p.w.clock.now());
  CHECK(code_of([&] { service::extension_reminders(p.w.env(), reviewer, {}); }) == "role-forbidden");
}

TEST_CASE("reminders: mail goes once per window, to active accounts only", "[reminders][service]") {
  Permits p;
  service::ReminderQuery q;
  q.mail = true;
  // Nobody has an account yet: nothing is queued.
  const auto queued_at_start = p.w.store->outbox().list(domain::OutboxStatus::pending, 100).size();
  for (const auto& r : service::extension_reminders(p.w.env(), p.w.admin(), q)) CHECK_FALSE(r.mailed_now);
  CHECK(p.w.store->outbox().list(domain::OutboxStatus::pending, 100).size() == queued_at_start);

  const auto rose =
      service::register_student(p.w.env(), test::rose_registration());
  REQUIRE(rose.record_id == "F0001");
  const auto pending_before = p.w.store->outbox().list(domain::OutboxStatus::pending, 100).size();
  // Not verified yet: no reminder.
  auto rs = service::extension_reminders(p.w.env(), p.w.admin(), q);
  REQUIRE(rs[0].account);
  CHECK_FALSE(rs[0].mailed_now);
  p.w.store->write([&] { p.w.store->accounts().set_status(rose.id, domain::AccountStatus::active); });
  rs = service::extension_reminders(p.w.env(), p.w.admin(), q);
  CHECK(rs[0].mailed_now);
  CHECK_FALSE(rs[0].reminded);
  CHECK_FALSE(rs[1].mailed_now);  // M2's holder has no account
  const auto pending = p.w.store->outbox().list(domain::OutboxStatus::pending, 100);
  REQUIRE(pending.size() == pending_before + 1);
  bool reminder = false;
  for (const auto& m : pending)
    if (m.kind == std::string(mail::k_reminder) && m.to == "rose@example.com") reminder = true;
  CHECK(reminder);

  rs = service::extension_reminders(p.w.env(), p.w.admin(), q);
  CHECK(rs[0].reminded);
  CHECK_FALSE(rs[0].mailed_now);
  CHECK(p.w.store->outbox().list(domain::OutboxStatus::pending, 100).size() == pending_before + 1);
}

TEST_CASE("reminder warnings: once per year the calendar does not cover, naming the first window",
          "[reminders][service]") {
  Permits p;
  // The default calendar covers 2026: both windows close in 2027.
  const auto rs = service::extension_reminders(p.w.env(), p.w.admin(), {});
  auto w = service::reminder_warnings(p.w.env(), rs);
  REQUIRE(w.size() == 1);
  CHECK(w[0].code == "calendar-uncovered");
  CHECK(w[0].message.en.find("permit A1 (and 1 more)") != std::string::npos);
  CHECK(w[0].message.en.find("2027") != std::string::npos);
  auto far = rs;
  far[0].window.opens = *util::parse_iso_date("2099-01-01");
  far[0].window.closes = *util::parse_iso_date("2099-04-01");
  w = service::reminder_warnings(p.w.env(), far);
  REQUIRE(w.size() == 2);
  CHECK(w[0].message.en.find("permit M2,") != std::string::npos);  // 2027: M2 alone now
  CHECK(w[1].message.en.find("permit A1,") != std::string::npos);  // 2099
  CHECK(service::reminder_warnings(p.w.env(), {}).empty());
}
