#pragma once
// Accounts: who may use soas and as what. Students register themselves with
// the form of their identity type (seed 000 step 4, seed 004 fig 6); staff
// accounts (school, reviewer, admin) are created by an admin.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/form.hpp"
#include "domain/types.hpp"
#include "domain/validators.hpp"
#include "util/date.hpp"

namespace soas::domain {

enum class AccountStatus { unverified, active, disabled };
std::string_view key(AccountStatus s);  // unverified, active, disabled
Text label(AccountStatus s);
std::optional<AccountStatus> parse_account_status(std::string_view key);

struct Account {
  std::int64_t id = 0;
  std::string name;  // 登入帳號, unique regardless of case
  Role role = Role::student;
  std::optional<IdentityType> identity_type;  // students only
  std::string school_code;                    // school users: their school
  std::string email;
  std::string password_hash;  // Argon2id, never the password
  AccountStatus status = AccountStatus::unverified;
  std::string person_key;                      // students: one account per person and type
  std::string record_id;                       // mainland students: the agency record matched
  std::map<std::string, std::string> profile;  // the registration fields
  std::int64_t created_at = 0;                 // Unix seconds
  // A proxy account: the person a school filed for before they had an
  // account ("record:ID", or "row:PASSPORT:SCHOOL" for an ARC applicant not in
  // the agency's records). It has no password and cannot log in; registration
  // claims its cases. Empty for every other account.
  std::string proxy_key;
  bool is_proxy() const { return !proxy_key.empty(); }
};

// 登入帳號: 4 to 32 letters, digits, '.', '_' or '-', starting with a letter
// or digit (extrapolated; the seeds do not say).
Check check_account_name(std::string_view name);

// The registration fields of an identity type, in the seed form's order. The
// account name and the password are not among them: the account name is the
// form's "account" key, the password comes from standard input or a prompt.
const std::vector<FormField>& registration_fields(IdentityType type);

using RegistrationRules = FormRules;

// Checks every field (unknown keys too) and returns all problems at once;
// normalises the values it accepts in place (upper-case passports and Latin
// names, sex as M/F, dates as yyyy-mm-dd).
std::vector<FieldProblem> validate_registration(IdentityType type, Form& form,
                                                const RegistrationRules& rules);
// Only the given fields of a profile update (account and password excluded).
std::vector<FieldProblem> validate_profile_update(IdentityType type, Form& changes,
                                                  const RegistrationRules& rules);

// The key that makes one person one account per type: the mainland resident
// ID for mainland students, the passport number for the others.
std::string person_key(IdentityType type, const Form& form);

}  // namespace soas::domain
