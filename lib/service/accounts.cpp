#include "service/accounts.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "domain/validators.hpp"
#include "mail/mail.hpp"
#include "security/secrets.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

using domain::Account;
using domain::AccountStatus;
using domain::Role;

void audit(const Env& env, const std::string& actor, const char* action, const std::string& entity,
           const std::string& id, const std::string& detail = "") {
  env.store.audit().append(domain::AuditEntry{0, "", actor, action, entity, id, detail});
}

void queue_mail(const Env& env, const Account& account, const char* kind) {
  env.store.outbox().enqueue(
      domain::OutboxItem{0, kind, account.id, account.email, mail::encode_params({{"account", account.name}}),
                         domain::OutboxStatus::pending, 0, "", env.clock.now(), std::nullopt, ""});
}

// The password rule and its confirmation, as form problems.
void check_new_password(const std::string& password, const std::string& confirmation,
                        std::vector<FieldProblem>& problems) {
  if (auto p = domain::check_password(password)) {
    p->field = "password";
    problems.push_back(*p);
  } else if (auto c = domain::check_password_confirmation(password, confirmation)) {
    c->field = "password_confirmation";
    problems.push_back(*c);
  }
}

[[noreturn]] void refuse_form(std::vector<FieldProblem> problems) {
  throw form_refusal(std::move(problems));
}

domain::RegistrationRules rules(const Env& env) {
  return domain::RegistrationRules{env.clock.today(), env.config.mail.mainland_domains};
}

// A usable token of a purpose, or Refusal "token-invalid".
domain::TokenRecord take_token(const Env& env, const std::string& typed, domain::TokenPurpose purpose,
                               std::string& hash) {
  const std::string token = security::normalize_token(typed);
  const auto invalid = [] { return Refusal(msg::token_invalid); };
  if (token.empty()) throw invalid();
  hash = security::token_hash(token);
  const auto record = env.store.tokens().find(hash);
  if (!record || record->purpose != purpose || record->used_at || record->expires_at <= env.clock.now()) {
    throw invalid();
  }
  return *record;
}

const Message& wrong_type_message(domain::IdentityType type) {
  switch (type) {
    case domain::IdentityType::mainland: return msg::wrong_identity_type;
    case domain::IdentityType::hk_macau:
    case domain::IdentityType::overseas_chinese: return msg::wrong_identity_type_hk;
    default: return msg::wrong_identity_type_other;
  }
}

// A student registering takes over the cases their school filed for them
// before they had an account: those of the proxy account of their agency
// record, and those filed from a row's data under their passport number.
// A mainland registration was matched against the record already; any other
// claims a proxy only when the birth date and nationality agree with it (a
// passport number alone is not proof of the person). Each proxy claimed is
// then disabled.
void claim_proxies(const Env& env, const Account& a) {
  const bool mainland = a.identity_type == domain::IdentityType::mainland;
  std::vector<Account> proxies;
  if (!a.record_id.empty()) {
    if (auto p = env.store.accounts().proxy("record:" + a.record_id)) proxies.push_back(std::move(*p));
  }
  if (!mainland) {
    for (auto& p : env.store.accounts().row_proxies(domain::value_of(a.profile, "passport_no")))
      proxies.push_back(std::move(p));
  }
  for (const auto& p : proxies) {
    if (p.status == AccountStatus::disabled) continue;  // claimed before
    if (!mainland) {
      if (domain::value_of(p.profile, "birth_date") != domain::value_of(a.profile, "birth_date")) continue;
      const std::string nationality = domain::value_of(p.profile, "nationality");
      if (!nationality.empty() && nationality != domain::value_of(a.profile, "nationality")) continue;
    }
    const long moved = env.store.cases().reassign_applicant(p.id, a.id);
    env.store.accounts().set_status(p.id, AccountStatus::disabled);
    audit(env, a.name, "account.claim", "account", p.name, std::to_string(moved) + " cases");
  }
}

}  // namespace

Account register_student(const Env& env, Registration r) {
  std::vector<FieldProblem> problems = domain::validate_registration(r.type, r.form, rules(env));
  check_new_password(r.password, r.confirmation, problems);
  if (!problems.empty()) refuse_form(std::move(problems));

  Account a;
  a.name = r.form.at("account");
  a.role = Role::student;
  a.identity_type = r.type;
  a.email = r.form.at("email");
  a.status = AccountStatus::unverified;
  a.person_key = domain::person_key(r.type, r.form);
  a.created_at = env.clock.now();
  a.profile = r.form;
  a.profile.erase("account");
  // Hash before taking the write lock: Argon2id takes a while on purpose.
  a.password_hash = security::hash_password(r.password);
  security::wipe(r.password);
  security::wipe(r.confirmation);

  env.store.write([&] {
    if (r.type == domain::IdentityType::mainland) {
      // The seed checks registration against the agency's records.
      const auto person = env.store.records().person_by_mainland_id(r.form.at("mainland_id"));
      if (!person || person->identity_type != domain::IdentityType::mainland ||
          person->name_zh != r.form.at("name_zh") || person->birth_date.iso() != r.form.at("birth_date") ||
          person->sex != r.form.at("sex")) {
        throw Refusal(msg::student_not_found);
      }
      a.record_id = person->record_id;
    } else if (const auto person = env.store.records().person_by_passport(r.type, r.form.at("passport_no"))) {
      // Linked to the agency's record when there is one: its school may then act for the student.
      a.record_id = person->record_id;
    }
    if (env.store.accounts().find(a.name)) throw Refusal(msg::account_taken);
    if (env.store.accounts().person_registered(r.type, a.person_key)) throw Refusal(msg::already_registered);
    a.id = env.store.accounts().insert(a);
    audit(env, a.name, "account.register", "account", a.name, std::string(domain::key(r.type)));
    claim_proxies(env, a);
    queue_mail(env, a, mail::k_verify);
  });
  return a;
}

Account verify_account(const Env& env, const std::string& token) {
  Account account;
  env.store.write([&] {
    std::string hash;
    const auto record = take_token(env, token, domain::TokenPurpose::verify, hash);
    auto a = env.store.accounts().by_id(record.account_id);
    if (!a || a->status == AccountStatus::disabled) throw Refusal(msg::token_invalid);
    env.store.tokens().use(hash, env.clock.now());
    if (a->status == AccountStatus::unverified) {
      env.store.accounts().set_status(a->id, AccountStatus::active);
      a->status = AccountStatus::active;
      audit(env, a->name, "account.verify", "account", a->name);
    }
    account = *a;
  });
  return account;
}

Session login(const Env& env, const std::string& name, std::string password,
              std::optional<domain::IdentityType> system) {
  const std::int64_t now = env.clock.now();
  const auto& sec = env.config.security;
  const domain::Throttle throttle = env.store.throttle().get(name);
  if (throttle.locked_until > now) {
    security::wipe(password);
    const LocalTime until = to_taipei(throttle.locked_until);
    char when[32];
    std::snprintf(when, sizeof when, "%s %02d:%02d:%02d", until.date.iso().c_str(), until.hour, until.minute,
                  until.second);
    throw Refusal(msg::login_locked, {when});
  }
  auto account = env.store.accounts().find(name);
  if (account && account->is_proxy()) account.reset();  // a proxy has no password: nobody logs in as it
  bool ok = false;
  if (account) {
    ok = security::verify_password(account->password_hash, password);
  } else {
    security::verify_against_nothing(password);
  }
  security::wipe(password);
  if (!ok) {
    env.store.write([&] {
      domain::Throttle t = env.store.throttle().get(name);
      ++t.failures;
      if (t.failures >= sec.lock_after) {
        const int doublings = std::min(t.failures - sec.lock_after, 20);
        const std::int64_t seconds = std::min<std::int64_t>(30LL << doublings, sec.lock_max_minutes * 60LL);
        t.locked_until = now + seconds;
      }
      env.store.throttle().put(name, t);
      audit(env, "-", "account.login-failed", "login", util::to_lower_ascii(name),
            std::to_string(t.failures));
    });
    throw Refusal(msg::login_failed);
  }
  if (account->status == AccountStatus::unverified) throw Refusal(msg::not_verified);
  if (account->status == AccountStatus::disabled) throw Refusal(msg::account_disabled);
  if (system && account->role == Role::student && account->identity_type != system) {
    const Message& m = wrong_type_message(*account->identity_type);
    const Text own = domain::label(*account->identity_type);
    const Text other = domain::label(*system);
    throw Refusal(m.code, m.text(std::vector<Text>{own, other}));
  }
  Session s{security::new_token(), now + sec.session_hours * 3600LL, *account};
  env.store.write([&] {
    env.store.throttle().clear(name);
    env.store.sessions().insert(security::token_hash(s.token),
                                domain::SessionRecord{account->id, now, s.expires_at, {}});
    audit(env, account->name, "account.login", "account", account->name);
  });
  return s;
}

void logout(const Env& env, const std::string& token) {
  if (token.empty()) return;
  env.store.write([&] {
    const std::string hash = security::token_hash(token);
    const auto session = env.store.sessions().find(hash);
    if (!session || session->ended_at) return;
    env.store.sessions().end(hash, env.clock.now());
    if (const auto a = env.store.accounts().by_id(session->account_id)) {
      audit(env, a->name, "account.logout", "account", a->name);
    }
  });
}

void change_password(const Env& env, const Caller& caller, std::string current, std::string password,
                     std::string confirmation) {
  const auto account = env.store.accounts().by_id(caller.account_id);
  const bool ok = account && security::verify_password(account->password_hash, current);
  security::wipe(current);
  if (!ok) throw Refusal(msg::current_password_wrong);
  std::vector<FieldProblem> problems;
  check_new_password(password, confirmation, problems);
  if (!problems.empty()) refuse_form(std::move(problems));
  const std::string hash = security::hash_password(password);
  security::wipe(password);
  security::wipe(confirmation);
  env.store.write([&] {
    env.store.accounts().set_password_hash(caller.account_id, hash);
    env.store.sessions().end_all(caller.account_id, env.clock.now());
    audit(env, caller.name, "account.passwd", "account", caller.name);
  });
}

void forgot_password(const Env& env, const std::string& name) {
  env.store.write([&] {
    const auto a = env.store.accounts().find(name);
    if (!a || a->status == AccountStatus::disabled || a->is_proxy()) return;
    queue_mail(env, *a, mail::k_reset);
    audit(env, a->name, "account.forgot", "account", a->name);
  });
}

Account reset_password(const Env& env, const std::string& token, std::string password,
                       std::string confirmation) {
  std::vector<FieldProblem> problems;
  check_new_password(password, confirmation, problems);
  if (!problems.empty()) refuse_form(std::move(problems));
  const std::string new_hash = security::hash_password(password);
  security::wipe(password);
  security::wipe(confirmation);
  Account account;
  env.store.write([&] {
    std::string hash;
    const auto record = take_token(env, token, domain::TokenPurpose::reset, hash);
    const auto a = env.store.accounts().by_id(record.account_id);
    if (!a || a->status == AccountStatus::disabled) throw Refusal(msg::token_invalid);
    env.store.tokens().use(hash, env.clock.now());
    env.store.accounts().set_password_hash(a->id, new_hash);
    env.store.sessions().end_all(a->id, env.clock.now());
    env.store.throttle().clear(a->name);
    audit(env, a->name, "account.reset", "account", a->name);
    account = *a;
  });
  return account;
}

Profile get_profile(const Env& env, const Caller& caller) {
  const auto a = env.store.accounts().by_id(caller.account_id);
  if (!a) throw Forbidden(msg::not_logged_in.code, msg::not_logged_in.text());
  Profile p{*a, {}};
  if (a->identity_type) p.fields = domain::registration_fields(*a->identity_type);
  return p;
}

Profile update_profile(const Env& env, const Caller& caller, domain::Form changes) {
  Profile p = get_profile(env, caller);
  std::vector<FieldProblem> problems;
  if (p.account.identity_type) {
    problems = domain::validate_profile_update(*p.account.identity_type, changes, rules(env));
  } else {
    for (const auto& [k, v] : changes) {
      if (k != "email")
        problems.push_back(FieldProblem{k, msg::field_read_only.code, msg::field_read_only.text({k})});
    }
    if (changes.count("email")) {
      if (auto e = domain::check_email_shape(changes["email"])) {
        e->field = "email";
        problems.push_back(*e);
      }
    }
  }
  if (!problems.empty()) refuse_form(std::move(problems));
  std::string changed;
  for (const auto& [k, v] : changes) {
    const auto it = p.account.profile.find(k);
    const std::string before =
        k == "email" ? p.account.email : (it == p.account.profile.end() ? "" : it->second);
    if (before == v) continue;
    changed += (changed.empty() ? "" : ",") + k;
    if (k == "email") p.account.email = v;
    if (p.account.identity_type) p.account.profile[k] = v;
  }
  if (!changed.empty()) {
    env.store.write([&] {
      env.store.accounts().set_profile(p.account.id, p.account.email, p.account.profile);
      audit(env, caller.name, "account.profile", "account", caller.name, "fields: " + changed);
    });
  }
  return p;
}

// --- staff -------------------------------------------------------------------

namespace {

std::vector<FieldProblem> check_new_user(const Env& env, NewUser& u) {
  std::vector<FieldProblem> problems;
  if (auto p = domain::check_account_name(u.name)) {
    p->field = "account";
    problems.push_back(*p);
  }
  if (auto p = domain::check_email_shape(u.email)) {
    p->field = "email";
    problems.push_back(*p);
  }
  if (auto p = domain::check_password(u.password)) {
    p->field = "password";
    problems.push_back(*p);
  }
  if (u.role == Role::school) {
    if (u.school_code.empty()) {
      problems.push_back(FieldProblem{"school", msg::field_required.code, msg::field_required.text()});
    } else if (!env.store.schools().find(u.school_code)) {
      problems.push_back(
          FieldProblem{"school", msg::school_not_found.code, msg::school_not_found.text({u.school_code})});
    }
  } else if (!u.school_code.empty()) {
    problems.push_back(
        FieldProblem{"school", msg::school_only_for_school.code, msg::school_only_for_school.text()});
  }
  if (u.role == Role::student) {
    problems.push_back(FieldProblem{"role", msg::students_register.code, msg::students_register.text()});
  }
  return problems;
}

Account insert_staff(const Env& env, const std::string& actor, NewUser& u, const std::string& hash) {
  Account a;
  a.name = u.name;
  a.role = u.role;
  a.school_code = u.school_code;
  a.email = u.email;
  a.password_hash = hash;
  a.status = AccountStatus::active;
  a.created_at = env.clock.now();
  if (env.store.accounts().find(a.name)) throw Refusal(msg::account_taken);
  a.id = env.store.accounts().insert(a);
  audit(env, actor, "user.add", "account", a.name, std::string(domain::key(a.role)));
  return a;
}

}  // namespace

bool create_first_admin(const Env& env, NewUser u) {
  u.role = Role::admin;
  auto problems = check_new_user(env, u);
  if (!problems.empty()) refuse_form(std::move(problems));
  if (env.store.accounts().count_with_role(Role::admin) > 0) {
    const auto existing = env.store.accounts().find(u.name);
    if (existing && existing->role == Role::admin) return false;
    throw Refusal(msg::admin_exists);
  }
  const std::string hash = security::hash_password(u.password);
  security::wipe(u.password);
  bool created = false;
  env.store.write([&] {
    if (env.store.accounts().count_with_role(Role::admin) > 0) throw Refusal(msg::admin_exists);
    insert_staff(env, "system", u, hash);
    created = true;
  });
  return created;
}

Account add_user(const Env& env, const Caller& caller, NewUser u) {
  require_role(caller, {Role::admin});
  auto problems = check_new_user(env, u);
  if (!problems.empty()) refuse_form(std::move(problems));
  const std::string hash = security::hash_password(u.password);
  security::wipe(u.password);
  Account a;
  env.store.write([&] { a = insert_staff(env, caller.name, u, hash); });
  return a;
}

Page<Account> list_users(const Env& env, const Caller& caller, const std::optional<std::string>& after,
                         std::size_t limit) {
  require_role(caller, {Role::admin});
  return read_page<Account>(
      limit,
      [&](std::size_t n) {
        return env.store.accounts().list({after, n});
      },
      [](const Account& a) { return a.name; },
      [&](const std::string& key, std::int64_t cap) { return env.store.accounts().count_after(key, cap); });
}

Account disable_user(const Env& env, const Caller& caller, const std::string& name) {
  require_role(caller, {Role::admin});
  Account account;
  env.store.write([&] {
    auto a = env.store.accounts().find(name);
    if (!a) throw Refusal(msg::no_such_account, {name});
    if (a->status == AccountStatus::disabled) {
      account = *a;
      return;
    }
    if (a->role == Role::admin && a->status == AccountStatus::active) {
      if (env.store.accounts().count_active(Role::admin) <= 1) throw Refusal(msg::last_admin);
    }
    env.store.accounts().set_status(a->id, AccountStatus::disabled);
    env.store.sessions().end_all(a->id, env.clock.now());
    audit(env, caller.name, "user.disable", "account", a->name);
    a->status = AccountStatus::disabled;
    account = *a;
  });
  return account;
}

Whoami whoami(const Env& env, const Caller& caller) {
  const auto a = env.store.accounts().by_id(caller.account_id);
  return Whoami{caller, a ? std::optional<std::string>(a->email) : std::nullopt};
}

}  // namespace soas::service
