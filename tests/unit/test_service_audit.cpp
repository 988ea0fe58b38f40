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

  const auto accounts = service::audit_list(w.env(), admin, {std::string("account"), std::string("ntut.office"), 100});
  REQUIRE(!accounts.empty());
  for (const auto& e : accounts) CHECK(e.entity_id == "ntut.office");
  CHECK(service::audit_list(w.env(), admin, {std::nullopt, std::nullopt, 1}).size() == 1);

  const auto staff =
      service::resolve_session(*w.store, service::login(w.env(), "ntut.office", "staff-pass1").token, w.clock.now());
  CHECK(code_of([&] { service::audit_list(w.env(), staff, {}); }) == "role-forbidden");
}
