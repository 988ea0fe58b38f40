#include "service/students.hpp"

#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"
#include "core/messages.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

// The profile a proxy account keeps: who the person is, from the record or
// from the row (what registration will be matched against).
std::map<std::string, std::string> profile_of(const domain::Person& p) {
  std::map<std::string, std::string> out;
  const auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) out[key] = value;
  };
  put("name_zh", p.name_zh);
  put("surname_en", p.surname_en);
  put("given_name_en", p.given_name_en);
  put("birth_date", p.birth_date.iso());
  put("sex", p.sex);
  put("nationality", p.nationality);
  put(p.identity_type == domain::IdentityType::mainland ? "mainland_id" : "passport_no",
      p.identity_type == domain::IdentityType::mainland ? p.mainland_id : p.passport_no);
  return out;
}

domain::Account new_proxy(std::string key, domain::IdentityType type, std::int64_t now) {
  domain::Account a;
  a.name = "proxy:" + key;  // no login name can hold ':' (check_account_name)
  a.role = domain::Role::student;
  a.identity_type = type;
  a.status = domain::AccountStatus::active;
  a.proxy_key = std::move(key);
  a.created_at = now;
  return a;
}

std::string row_proxy_key(const std::string& school_code, const std::string& passport) {
  return "row:" + passport + ":" + school_code;
}

// A key as looked up: upper case, trimmed.
std::string normal(const std::string& v) {
  return util::to_upper_ascii(util::trim(v));
}

// The cases of the kind one applicant has (in number order) against the
// file's group and the caller's school: prior_cases's answer, wherever the
// cases were read from. `ours(id)`: the account of that id is a user of the
// calling school.
template <typename Ours>
PriorCases prior_of(const std::string& group_no, const std::vector<domain::CaseRecord>& cases, Ours&& ours) {
  PriorCases out;
  for (const auto& c : cases) {
    const bool open = domain::is_under_review(c.state);
    if (open && out.open_case.empty()) out.open_case = c.receipt_no;
    if (out.filed) continue;
    if (!group_no.empty() && c.group_no == group_no) {
      out.filed = c.receipt_no;
    } else if (open && ours(c.filed_by)) {
      out.filed = c.receipt_no;
    }
  }
  return out;
}

}  // namespace

// What finding a set of keys reads, each table once.
struct SchoolStudents::Facts {
  std::set<std::pair<std::string, std::string>> keys;       // (permit, passport) as looked up
  std::unordered_map<std::string, domain::Permit> permits;  // by number
  std::unordered_map<std::string, domain::Person> holders;  // the permits' holders, by record id
  std::map<std::pair<domain::IdentityType, std::string>, domain::Person>
      by_passport;                                            // the first by record id
  std::unordered_map<std::string, domain::Account> students;  // by record id, as student_by_record chooses
  std::unordered_map<std::string, domain::Account> proxies;   // by proxy key
  std::optional<domain::ApplicationKind> kind;                // the cases read: of this kind
  std::unordered_map<std::int64_t, std::vector<domain::CaseRecord>> cases;  // by applicant, in number order
  std::unordered_map<std::int64_t, bool> ours;  // the open cases' filers: a user of the calling school?

  // The person a key names (the permit's holder, or the first of the
  // non-mainland identity types holding the passport), wherever they study.
  const domain::Person* person(const std::string& permit_no, const std::string& passport) const {
    if (!permit_no.empty()) {
      const auto p = permits.find(permit_no);
      if (p == permits.end()) return nullptr;
      const auto h = holders.find(p->second.record_id);
      return h == holders.end() ? nullptr : &h->second;
    }
    for (auto t : domain::k_identity_types) {
      if (t == domain::IdentityType::mainland) continue;
      if (const auto it = by_passport.find({t, passport}); it != by_passport.end()) return &it->second;
    }
    return nullptr;
  }

  // Reads what finding `keys` for the school takes; with `kind`, the cases
  // of that kind of every account found, and who filed the open ones.
  void read(store::Store& store, const std::string& school_code, const std::vector<StudentKey>& wanted,
            std::optional<domain::ApplicationKind> of_kind) {
    std::vector<std::string> permit_nos;
    std::vector<std::string> passports;
    for (const auto& k : wanted) {
      const std::string permit = normal(k.permit_no);
      const std::string passport = normal(k.passport_no);
      keys.emplace(permit, passport);
      if (!permit.empty()) {
        permit_nos.push_back(permit);
      } else if (!passport.empty()) {
        passports.push_back(passport);
      }
    }
    std::vector<std::string> holder_ids;
    for (auto& p : store.records().permits_by_nos(permit_nos)) {
      holder_ids.push_back(p.record_id);
      const std::string no = p.permit_no;
      permits.emplace(no, std::move(p));
    }
    for (auto& p : store.records().persons_by_ids(holder_ids)) {
      const std::string id = p.record_id;
      holders.emplace(id, std::move(p));
    }
    for (auto& p : store.records().persons_by_passports(passports)) {
      if (p.identity_type == domain::IdentityType::mainland) continue;
      auto [it, added] = by_passport.try_emplace({p.identity_type, p.passport_no}, p);
      if (!added && p.record_id < it->second.record_id) it->second = std::move(p);
    }
    // The school's students' accounts by record; the rest by their row's proxy.
    std::vector<std::string> record_ids;
    std::vector<std::string> proxy_keys;
    for (const auto& [permit, passport] : keys) {
      const domain::Person* p = person(permit, passport);
      if (p && p->school_code == school_code) {
        record_ids.push_back(p->record_id);
      } else if (permit.empty() && !passport.empty()) {
        proxy_keys.push_back(row_proxy_key(school_code, passport));
      }
    }
    for (auto& a : store.accounts().students_by_records(record_ids)) {
      const std::string id = a.record_id;
      students.try_emplace(id, std::move(a));  // the first of its record's
    }
    for (auto& a : store.accounts().proxies(proxy_keys)) {
      const std::string k = a.proxy_key;
      proxies.emplace(k, std::move(a));
    }
    kind = of_kind;
    if (!kind) return;
    std::vector<std::int64_t> applicants;
    for (const auto& [id, a] : students) applicants.push_back(a.id);
    for (const auto& [k, a] : proxies) applicants.push_back(a.id);
    for (const auto id : applicants) cases[id];  // an applicant with none has none
    std::vector<std::int64_t> filers;
    for (auto& c : store.cases().cases_of_applicants(applicants, *kind)) {
      if (domain::is_under_review(c.state)) filers.push_back(c.filed_by);
      cases[c.applicant_id].push_back(std::move(c));
    }
    for (const auto id : filers) ours[id] = false;
    for (const auto& f : store.accounts().by_ids(filers))
      ours[f.id] = f.role == domain::Role::school && f.school_code == school_code;
  }
};

namespace {

// find_school_student on what was read for the key.
SchoolStudent find_in(const SchoolStudents::Facts& facts, const Caller& caller, const StudentKey& key,
                      std::int64_t now) {
  const std::string shown = !key.permit_no.empty() ? key.permit_no : key.passport_no;
  const std::string permit_no = normal(key.permit_no);
  const std::string passport = normal(key.passport_no);
  if (!facts.keys.count({permit_no, passport}))
    throw std::logic_error("SchoolStudents::find: a key that was not looked up");
  const domain::Person* person = facts.person(permit_no, passport);
  const auto birth_date =
      util::parse_user_date(util::trim(key.birth_date));  // one that does not parse is the form's
  const auto compare = [&](const std::string& nationality, const std::string& birth) {
    std::vector<std::string> differ;
    if (!key.nationality.empty() && util::trim(key.nationality) != nationality)
      differ.push_back("nationality");
    if (birth_date && birth_date->iso() != birth) differ.push_back("birth_date");
    if (differ.empty()) return;
    std::string fields;
    for (const auto& f : differ) fields += (fields.empty() ? "" : ", ") + f;
    throw Refusal(msg::record_data_differ, {fields});
  };
  SchoolStudent out;
  if (!person || person->school_code != caller.school_code) {
    // A permit names its holder: not the school's, not filed. An ARC
    // applicant not in the school's records is filed from the row's data.
    if (!key.permit_no.empty() || passport.empty()) throw Refusal(msg::not_school_student, {shown});
    const std::string proxy_key = row_proxy_key(caller.school_code, passport);
    if (const auto proxy = facts.proxies.find(proxy_key); proxy != facts.proxies.end()) {
      compare(domain::value_of(proxy->second.profile, "nationality"),
              domain::value_of(proxy->second.profile, "birth_date"));
      out.account = proxy->second;
    } else {
      out.account = new_proxy(proxy_key, domain::IdentityType::foreign, now);
      out.account.profile["passport_no"] = passport;
      if (!key.nationality.empty())
        out.account.profile["nationality"] = std::string(util::trim(key.nationality));
      if (birth_date) out.account.profile["birth_date"] = birth_date->iso();
    }
    out.unrecorded = true;
    return out;
  }
  compare(person->nationality, person->birth_date.iso());
  if (const auto account = facts.students.find(person->record_id); account != facts.students.end()) {
    if (account->second.status == domain::AccountStatus::disabled)
      throw Refusal(msg::student_account_disabled, {shown});
    out.account = account->second;
  } else {
    out.account = new_proxy("record:" + person->record_id, person->identity_type, now);
    out.account.record_id = person->record_id;
    out.account.profile = profile_of(*person);
  }
  out.person = *person;
  return out;
}

}  // namespace

SchoolStudent find_school_student(const Env& env, const Caller& caller, const StudentKey& key) {
  require_role(caller, {domain::Role::school});
  SchoolStudents::Facts facts;
  facts.read(env.store, caller.school_code, {key}, std::nullopt);
  return find_in(facts, caller, key, env.clock.now());
}

PriorCases prior_cases(const Env& env, const Caller& caller, const std::string& group_no,
                       domain::ApplicationKind kind, std::int64_t applicant_id) {
  require_role(caller, {domain::Role::school});
  if (applicant_id == 0) return {};  // no account yet: no case
  return prior_of(group_no, env.store.cases().cases_of(applicant_id, kind), [&](std::int64_t filer) {
    const auto f = env.store.accounts().by_id(filer);
    return f && f->role == domain::Role::school && f->school_code == caller.school_code;
  });
}

SchoolStudents::SchoolStudents(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                               const std::vector<StudentKey>& keys)
    : m_env(env), m_caller(caller), m_facts(std::make_unique<Facts>()) {
  require_role(caller, {domain::Role::school});
  m_facts->read(env.store, caller.school_code, keys, kind);
}

SchoolStudents::~SchoolStudents() = default;

SchoolStudent SchoolStudents::find(const StudentKey& key) const {
  return find_in(*m_facts, m_caller, key, m_env.clock.now());
}

PriorCases SchoolStudents::prior(const std::string& group_no, std::int64_t applicant_id) const {
  if (applicant_id == 0) return {};  // no account yet: no case
  const auto cases = m_facts->cases.find(applicant_id);
  if (cases == m_facts->cases.end())
    throw std::logic_error("SchoolStudents::prior: an applicant that was not looked up");
  return prior_of(group_no, cases->second, [&](std::int64_t filer) {
    const auto f = m_facts->ours.find(filer);
    return f != m_facts->ours.end() && f->second;
  });
}

}  // namespace soas::service
