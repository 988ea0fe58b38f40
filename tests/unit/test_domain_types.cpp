#include <catch2/catch.hpp>

#include "domain/types.hpp"

using namespace soas::domain;

TEST_CASE("keys round-trip and labels are the seeds' words", "[types]") {
  for (auto t : k_identity_types) CHECK(parse_identity_type(key(t)) == t);
  for (auto k : k_application_kinds) CHECK(parse_application_kind(key(k)) == k);
  for (auto r : k_roles) CHECK(parse_role(key(r)) == r);
  CHECK_FALSE(parse_identity_type("alien"));
  CHECK(label(IdentityType::overseas_chinese).zh == "僑生");
  CHECK(label(IdentityType::no_household).zh == "無戶籍國民學生");
  CHECK(label(ApplicationKind::multi_entry).zh == "陸生換發多次證申請");
  CHECK(label(ApplicationKind::arc).zh == "居留證首次申請");
  CHECK(label(Role::school).zh == "就讀學校代辦");
}

TEST_CASE("who may apply for what", "[types]") {
  CHECK(kind_available_for(ApplicationKind::arc, IdentityType::foreign));
  CHECK(kind_available_for(ApplicationKind::arc, IdentityType::overseas_chinese));
  CHECK(kind_available_for(ApplicationKind::arc, IdentityType::hk_macau));
  CHECK(kind_available_for(ApplicationKind::arc, IdentityType::no_household));
  CHECK_FALSE(kind_available_for(ApplicationKind::arc, IdentityType::mainland));
  for (auto k : {ApplicationKind::multi_entry, ApplicationKind::extension, ApplicationKind::data_change}) {
    CHECK(kind_available_for(k, IdentityType::mainland));
    CHECK_FALSE(kind_available_for(k, IdentityType::foreign));
  }
}

TEST_CASE("the permit checked before each form", "[types]") {
  CHECK(permit_checked_for(ApplicationKind::multi_entry) == PermitKind::single_entry);
  CHECK(permit_checked_for(ApplicationKind::extension) == PermitKind::multi_entry);
  CHECK(permit_checked_for(ApplicationKind::data_change) == PermitKind::multi_entry);
  CHECK_FALSE(permit_checked_for(ApplicationKind::arc));
  CHECK(parse_permit_kind("single-entry") == PermitKind::single_entry);
}
