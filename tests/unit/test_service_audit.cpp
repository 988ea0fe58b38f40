// lib/service/audit.cpp: the audit log read back, by administrators only.

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/records.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using test::World;

TEST_CASE("the audit list: newest first, filtered, administrators only", "[audit]") {
  World w;
  const auto admin = w.admin();
  service::add_school(w.env(), admin, {"NTUT", "國立臺北科技大學"});
  service::add_user(w.env(), admin, {"ntut.office", domain::Role::school, "NTUT", "intl@ntut.example", "staff-pass1"});

  const auto all = service::audit_list(w.env(), admin, {});
  REQUIRE(all.size() >= 3);
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].id > all[i].id);
  CHECK(all.front().action == "user.add");

  const auto accounts = service::audit_list(
      w.env(), admin, {std::string("account"), std::string("ntut.office"), 100, std::nullopt});
  REQUIRE(!accounts.empty());
  for (const auto& e : accounts) CHECK(e.entity_id == "ntut.office");
  CHECK(service::audit_list(w.env(), admin, {std::nullopt, std::nullopt, 1, std::nullopt}).size() == 1);

  const auto staff =
      service::resolve_session(*w.store, service::login(w.env(), "ntut.office", "staff-pass1").token, w.clock.now());
  CHECK(code_of([&] { service::audit_list(w.env(), staff, {}); }) == "role-forbidden");
}

TEST_CASE("the audit list a page at a time: older than the cursor, counted on, a bad cursor refused",
          "[audit]") {
  World w;
  const auto admin = w.admin();
  for (const char* code : {"A1", "A2", "A3", "A4", "A5"}) service::add_school(w.env(), admin, {code, "校"});
  store::AuditQuery schools;
  schools.entity = "school";
  const auto first = service::audit_page(w.env(), admin, schools, std::nullopt, 2);
  REQUIRE(first.rows.size() == 2);
  CHECK(first.rows[0].entity_id == "A5");
  CHECK(first.rows[1].entity_id == "A4");
  REQUIRE(first.next);
  CHECK(*first.next == std::to_string(first.rows[1].id));
  CHECK(first.more == 3);
  const auto rest = service::audit_page(w.env(), admin, schools, first.next, 10);
  REQUIRE(rest.rows.size() == 3);
  CHECK(rest.rows[0].entity_id == "A3");
  CHECK(rest.rows[2].entity_id == "A1");
  CHECK_FALSE(rest.next);
  CHECK(rest.more == 0);
  CHECK(code_of([&] { service::audit_page(w.env(), admin, schools, std::string("x1"), 2); }) ==
        "after-invalid");
  CHECK(code_of([&] { service::audit_page(w.env(), admin, schools, std::nullopt, 0); }) == "limit-invalid");
  CHECK(code_of([&] { service::audit_page(w.env(), admin, schools, std::nullopt, 10001); }) ==
        "limit-invalid");
}

TEST_CASE("schools, accounts and records page by their keys", "[records][service]") {
  World w;
  const auto admin = w.admin();
  for (const char* code : {"C", "A", "B"}) service::add_school(w.env(), admin, {code, "校"});
  auto schools = service::list_schools(w.env(), admin, std::nullopt, 2);
  REQUIRE(schools.rows.size() == 2);
  CHECK(schools.rows[0].code == "A");
  CHECK(schools.rows[1].code == "B");
  CHECK(schools.next == std::optional<std::string>("B"));
  CHECK(schools.more == 1);
  schools = service::list_schools(w.env(), admin, std::string("B"), 2);
  REQUIRE(schools.rows.size() == 1);
  CHECK(schools.rows[0].code == "C");
  CHECK_FALSE(schools.next);

  service::add_user(w.env(), admin, {"Zeda", domain::Role::reviewer, "", "z@nia.example", "staff-pass1"});
  service::add_user(w.env(), admin, {"bobb", domain::Role::reviewer, "", "b@nia.example", "staff-pass1"});
  const auto users = service::list_users(w.env(), admin, std::nullopt, 2);  // admin1, bobb, Zeda
  REQUIRE(users.rows.size() == 2);
  CHECK(users.rows[0].name == "admin1");
  CHECK(users.rows[1].name == "bobb");
  CHECK(users.more == 1);
  const auto after = service::list_users(w.env(), admin, std::string("BOBB"), 5);  // without case
  REQUIRE(after.rows.size() == 1);
  CHECK(after.rows[0].name == "Zeda");

  for (const char* id : {"R3", "R1", "R2"}) {
    domain::Person p;
    p.record_id = id;
    p.surname_en = "DEMO";
    p.birth_date = util::Date(2000, 1, 1);
    p.sex = "F";
    p.school_code = std::string(id) == "R2" ? "B" : "A";
    w.store->records().put_person(p);
  }
  const auto persons = service::list_persons(w.env(), admin, std::nullopt, std::nullopt, 2);
  REQUIRE(persons.rows.size() == 2);
  CHECK(persons.rows[0].record_id == "R1");
  CHECK(persons.next == std::optional<std::string>("R2"));
  CHECK(persons.more == 1);
  const auto of_a = service::list_persons(w.env(), admin, std::string("A"), std::string("R1"), 5);
  REQUIRE(of_a.rows.size() == 1);
  CHECK(of_a.rows[0].record_id == "R3");
  CHECK(service::list_permits(w.env(), admin, std::nullopt, 5).rows.empty());
  const auto staff =
      service::resolve_session(*w.store, service::login(w.env(), "bobb", "staff-pass1").token, w.clock.now());
  CHECK(code_of([&] { service::list_persons(w.env(), staff, std::nullopt, std::nullopt, 5); }) ==
        "role-forbidden");
  CHECK(code_of([&] { service::list_users(w.env(), staff, std::nullopt, 5); }) == "role-forbidden");
}
