#pragma once
// Accounts and sessions: student registration and e-mail verification,
// staff accounts, login with throttling, logout, password change and reset,
// profile maintenance (DOMAIN.md "Accounts"; seed 004 §1-2, §9; 000 steps 3-6).
// Every change is written with its audit entry and its mail in one
// transaction.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "domain/account.hpp"
#include "service/caller.hpp"
#include "service/paging.hpp"
#include "store/store.hpp"

namespace soas::service {

// The working-day calendar the services compute on, loaded on first use
// (service::working_calendar): empty until then, emptied by an import. The
// slot is shared by copies of an Env; each calendar handed out lives as long
// as someone holds it.
using CalendarCache = std::shared_ptr<std::shared_ptr<const domain::WorkingCalendar>>;

// A warning that goes with a result: printed on stderr, and a "warnings"
// entry in --json output. The command still succeeds.
struct Warning {
  std::string code;
  Text message;
};

struct Env {
  store::Store& store;
  const config::Config& config;
  const Clock& clock;
  CalendarCache calendar_cache = std::make_shared<std::shared_ptr<const domain::WorkingCalendar>>();
};

struct Registration {
  domain::IdentityType type = domain::IdentityType::foreign;
  domain::Form form;  // includes "account"
  std::string password;
  std::string confirmation;
};

// Registers a student: checks every field (all problems at once: Refusal
// "form-invalid"), a mainland student against the agency's records
// ("student-not-found", the seed's 查無此學生資料), unique account name and
// person; creates the unverified account and queues the verification mail.
domain::Account register_student(const Env& env, Registration registration);

// Activates the account of a verification token ("token-invalid" otherwise).
domain::Account verify_account(const Env& env, const std::string& token);

struct Session {
  std::string token;  // shown once, to be kept in the session file
  std::int64_t expires_at = 0;
  domain::Account account;
};

// Logs in. Wrong account and wrong password give the same answer
// ("login-failed") and count against the name typed; after
// security.lock_after failures the name is locked for 30 s, doubling up to
// security.lock_max_minutes ("login-locked"). An unverified account
// ("not-verified") or one of another identity type than `system`
// ("wrong-identity-type...") is refused after the password is checked.
Session login(const Env& env, const std::string& name, std::string password,
              std::optional<domain::IdentityType> system = std::nullopt);
void logout(const Env& env, const std::string& token);

// Changes the caller's password and ends every session of the account.
void change_password(const Env& env, const Caller& caller, std::string current, std::string password,
                     std::string confirmation);
// Queues a reset mail when the account exists and is not disabled; the same
// quiet answer either way.
void forgot_password(const Env& env, const std::string& name);
// Sets a new password from a reset token and ends every session.
domain::Account reset_password(const Env& env, const std::string& token, std::string password,
                               std::string confirmation);

struct Profile {
  domain::Account account;
  std::vector<domain::FormField> fields;  // for labels and order
};
Profile get_profile(const Env& env, const Caller& caller);
// Updates registration fields (never account or password): the changed field
// names are audited. Staff may change their e-mail only.
Profile update_profile(const Env& env, const Caller& caller, domain::Form changes);

// --- staff accounts (admin) -------------------------------------------------

struct NewUser {
  std::string name;
  domain::Role role = domain::Role::reviewer;
  std::string school_code;  // school users only
  std::string email;
  std::string password;
};

// The first admin, by soas init --admin: refused ("admin-exists") once an
// admin exists, unless it is this same account (then nothing changes).
// Returns whether an account was created.
bool create_first_admin(const Env& env, NewUser user);
domain::Account add_user(const Env& env, const Caller& caller, NewUser user);
// A page of every account, in name order (without case; their profile
// fields not read): the accounts after the name `after`.
Page<domain::Account> list_users(const Env& env, const Caller& caller,
                                 const std::optional<std::string>& after, std::size_t limit);
// Disables an account and ends its sessions; the last active admin cannot be
// disabled ("last-admin").
domain::Account disable_user(const Env& env, const Caller& caller, const std::string& name);

// The caller's own account as whoami shows it: the caller, and the e-mail
// address of the account (none when the account is gone).
struct Whoami {
  Caller caller;
  std::optional<std::string> email;
};
Whoami whoami(const Env& env, const Caller& caller);

}  // namespace soas::service
