#pragma once
// Who is asking: the account behind a session, and the role checks every
// command makes before it acts.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "domain/types.hpp"
#include "store/store.hpp"

namespace soas::service {

struct Caller {
  std::int64_t account_id = 0;
  std::string name;
  domain::Role role = domain::Role::student;
  std::optional<domain::IdentityType> identity_type;  // students
  std::string school_code;                            // school users
  std::string record_id;                              // students matched to an agency record
};

// The caller of a session token: throws Forbidden "not-logged-in" (exit 5)
// when the token is unknown, ended or expired, or its account is disabled.
Caller resolve_session(store::Store& store, const std::string& token, std::int64_t now);

// Throws Forbidden "role-forbidden" naming the roles that may, unless the
// caller has one of them.
void require_role(const Caller& caller, std::initializer_list<domain::Role> roles);

}  // namespace soas::service
