#include "service/applications.hpp"

#include <set>

#include "core/error.hpp"
#include "domain/fees.hpp"
#include "mail/mail.hpp"
#include "service/mail_delivery.hpp"
#include "service/calendar.hpp"
#include "service/documents.hpp"
#include "service/numbering.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

// The student of the calling school a batch or `--for` names: refused as
// not found unless their agency record is at the caller's school and the
// account is active.
void require_student_of_school(const Caller& caller, const domain::Account& student,
                               const std::optional<domain::Person>& record) {
  if (student.role != domain::Role::student || !record || record->school_code != caller.school_code ||
      student.status != domain::AccountStatus::active) {
    throw Refusal(msg::student_not_found);
  }
}

// The applicant's case of that kind still under review (no decision yet:
// domain::is_under_review). At most one is open; the first by number if ever
// more.
std::optional<domain::CaseRecord> open_case_of(store::Store& store, std::int64_t applicant_id,
                                               domain::ApplicationKind kind) {
  for (auto& c : store.cases().cases_of(applicant_id, kind))
    if (domain::is_under_review(c.state)) return std::move(c);
  return std::nullopt;
}

}  // namespace

std::int64_t account_id_of(const Env& env, const domain::Account& account) {
  if (account.id != 0 || !account.is_proxy()) return account.id;
  const auto made = env.store.accounts().proxy(account.proxy_key);
  return made ? made->id : 0;
}

KnownApplicant known_student(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                             const StudentKey& key) {
  auto s = find_school_student(env, caller, key);
  KnownApplicant known;
  if (s.account.id != 0) {
    if (const auto open = open_case_of(env.store, s.account.id, kind)) {
      known.open_case_of_kind = true;
      known.open_case = open->receipt_no;
    }
  }
  const std::string school = s.person ? s.person->school_code : caller.school_code;
  if (const auto found = env.store.schools().find(school)) known.school_name = found->name;
  known.record = std::move(s.person);
  known.account = std::move(s.account);
  known.unrecorded = s.unrecorded;
  return known;
}

namespace {

// The student an application is for: the caller, or a student of the calling
// school's; with their agency record and whether a case of the kind is open.
KnownApplicant applicant_of(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                            const std::string& for_student) {
  require_role(caller, {domain::Role::student, domain::Role::school});
  std::optional<domain::Account> account;
  if (caller.role == domain::Role::student) {
    if (!for_student.empty()) {
      throw UsageError(msg::for_school_only);
    }
    account = env.store.accounts().by_id(caller.account_id);
  } else {
    if (for_student.empty()) {
      throw UsageError(msg::for_required);
    }
    account = env.store.accounts().find(for_student);
    if (!account) throw Refusal(msg::student_not_found);
  }
  if (!account) throw Forbidden(msg::not_logged_in.code, msg::not_logged_in.text());
  KnownApplicant known;
  if (!account->record_id.empty()) known.record = env.store.records().person(account->record_id);
  if (caller.role == domain::Role::school) require_student_of_school(caller, *account, known.record);
  known.open_case_of_kind = open_case_of(env.store, account->id, kind).has_value();
  known.account = std::move(*account);
  return known;
}

}  // namespace

PreparedApplication prepare_application(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                                        const std::string& permit_no, const std::string& for_student) {
  return prepare_application(env, caller, kind, permit_no, applicant_of(env, caller, kind, for_student));
}

PreparedApplication prepare_application(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                                        const std::string& permit_no, const KnownApplicant& known) {
  const domain::Account& account = known.account;
  if (caller.role == domain::Role::school && !known.unrecorded)
    require_student_of_school(caller, account, known.record);
  // A school is told which case is open, so staff can look it up.
  if (caller.role == domain::Role::school && known.open_case_of_kind)
    throw Refusal(msg::open_case_exists, {known.open_case});
  if (!account.identity_type) throw Forbidden(msg::not_logged_in.code, msg::not_logged_in.text());
  const bool takes_permit = domain::permit_checked_for(kind).has_value();
  if (takes_permit && permit_no.empty()) {
    throw UsageError(msg::permit_required);
  }
  if (!takes_permit && !permit_no.empty()) {
    throw UsageError(msg::permit_not_taken);
  }

  domain::PrecheckFacts facts;
  facts.kind = kind;
  facts.applicant_type = *account.identity_type;
  facts.applicant = account.profile;
  facts.permit_no_given = util::to_upper_ascii(util::trim(permit_no));
  if (takes_permit) {
    facts.permit = env.store.records().permit(facts.permit_no_given);
    if (facts.permit) {
      facts.holder = known.record && known.record->record_id == facts.permit->record_id
                         ? known.record
                         : env.store.records().person(facts.permit->record_id);
    }
  }
  facts.open_case_of_kind = known.open_case_of_kind;
  facts.today = env.clock.today();
  facts.window_months = env.config.timing.extension_window_months;
  domain::check_before_form(facts);

  // The person the form is filled from: the permit's holder, else the
  // applicant's own agency record (an ARC has no permit to check).
  std::optional<domain::Person> own;
  if (!account.record_id.empty()) own = known.record;
  const std::optional<domain::Person>& person = facts.holder ? facts.holder : own;
  std::string school_name = known.unrecorded ? known.school_name : "";
  if (person && !person->school_code.empty()) {
    if (known.record && !known.school_name.empty() && person->school_code == known.record->school_code) {
      school_name = known.school_name;
    } else if (const auto school = env.store.schools().find(person->school_code)) {
      school_name = school->name;
    }
  }
  const std::vector<std::string> stations = config::station_codes(env.config);

  PreparedApplication p;
  p.kind = kind;
  p.type = facts.applicant_type;
  p.permit_no = facts.permit_no_given;
  p.fields = &domain::application_fields(p.type, kind, stations);
  p.prefilled = domain::prefill_application(p.type, kind, account.profile, person, school_name);
  if (!account.email.empty()) p.prefilled["email"] = account.email;
  p.documents = domain::document_items(p.type, kind);
  p.applicant = account;
  p.own_record = std::move(own);
  p.proxy = account.is_proxy() || account.status != domain::AccountStatus::active;
  p.unrecorded = known.unrecorded;
  return p;
}

CheckedSubmission check_submission(const Env& env, const Caller& caller, Submission s) {
  if (!s.agreed) throw Refusal(msg::declaration_not_agreed);
  CheckedSubmission c;
  if (!s.known && s.for_key) {
    if (!s.for_student.empty()) {
      throw UsageError(msg::for_twice);
    }
    s.known = known_student(env, caller, s.kind, *s.for_key);
  }
  c.prepared = s.known ? prepare_application(env, caller, s.kind, s.permit_no, *s.known)
                       : prepare_application(env, caller, s.kind, s.permit_no, s.for_student);
  c.applicant = c.prepared.applicant;
  const std::vector<std::string> stations = config::station_codes(env.config);
  const domain::FormRules rules{env.clock.today(), env.config.mail.mainland_domains};
  // Fields the applicant left out keep the values the form was filled with.
  for (const auto& [k, v] : c.prepared.prefilled) s.form.emplace(k, v);
  std::vector<FieldProblem> problems =
      domain::validate_application(c.prepared.type, s.kind, s.form, c.prepared.prefilled, rules, stations);

  // Documents: known items, each file checked by content, required ones present.
  if (s.check_documents) {
    c.uploads = check_uploads(c.prepared.documents, s.documents, {}, problems,
                              s.inspected.empty() ? nullptr : &s.inspected);
    s.inspected.clear();  // the contents are the uploads' now
    std::set<std::string> present;
    for (const auto& u : c.uploads) present.insert(u.item);
    missing_documents(c.prepared.documents, domain::document_facts(s.form), present, problems);
  }
  if (!problems.empty()) throw form_refusal(std::move(problems));

  const int years = s.kind == domain::ApplicationKind::arc ? std::stoi(s.form.at("validity_years")) : 1;
  c.fee = domain::case_fee(env.config.fees, s.kind, years);
  if (c.prepared.own_record) c.school = c.prepared.own_record->school_code;
  if (c.prepared.unrecorded) c.school = caller.school_code;
  c.submission = std::move(s);
  return c;
}

namespace {

// The decision date of a case filed today, with the warning when the
// calendar does not cover its year.
util::Date decision_date(const Env& env, Submitted& out) {
  const util::Date today = env.clock.today();
  const auto calendar_ptr = working_calendar(env);
  const auto& calendar = *calendar_ptr;
  const util::Date due = calendar.add_working_days(today, env.config.timing.decision_working_days);
  if (auto w = uncovered_warning(calendar, {"預計審核完成日", "the decision date"}, today, due))
    out.warnings.push_back(std::move(*w));
  return due;
}

// file_submission's writes, inside the caller's write.
void file_in_write(const Env& env, const Caller& caller, const CheckedSubmission& c, const std::string& group_no,
                   const util::Date& due, Submitted& out) {
  const Submission& s = c.submission;
  domain::Account applicant = c.applicant;
  const util::Date today = env.clock.today();
  {
    if (applicant.id == 0) {
      // A proxy account for the person, made with their first case (or the
      // one another filing has made meanwhile).
      if (auto made = env.store.accounts().proxy(applicant.proxy_key)) {
        applicant = std::move(*made);
      } else {
        if (c.prepared.unrecorded) {
          for (const char* k : {"name_zh", "sex"})
            if (const auto v = domain::value_of(s.form, k); !v.empty()) applicant.profile[k] = v;
          if (const auto v = domain::value_of(s.form, "name_en"); !v.empty()) applicant.profile["name_en"] = v;
        }
        applicant.email = domain::value_of(s.form, "email");
        applicant.id = env.store.accounts().insert(applicant);
        env.store.audit().append(domain::AuditEntry{0, "", caller.name, "account.proxy", "account",
                                                    applicant.name, "school " + caller.school_code});
      }
    }
    // Checked again inside the transaction: two submissions at once file one.
    if (open_case_of(env.store, applicant.id, s.kind)) throw Refusal(msg::not_eligible);
    if (group_no.empty()) {
      out.group_no = allocate_group_number(env.store.sequences());
      env.store.cases().insert_group(out.group_no, s.kind, caller.account_id, env.clock.now());
    } else {
      out.group_no = group_no;
    }
    out.receipt_no = allocate_receipt_number(env.store.sequences(), today);
    out.fee = c.fee;
    out.decision_due = due.iso();
    const auto state = domain::transition(std::nullopt, domain::CaseAction::submit);
    domain::CaseRecord record;
    record.receipt_no = out.receipt_no;
    record.group_no = out.group_no;
    record.kind = s.kind;
    record.applicant_id = applicant.id;
    record.proxy = c.prepared.proxy;
    record.unrecorded = c.prepared.unrecorded;
    record.filed_by = caller.account_id;
    record.school_code = c.school;
    record.permit_no = c.prepared.permit_no;
    record.state = state;
    record.fee = c.fee;
    record.submitted_at = env.clock.now();
    record.decision_due = out.decision_due;
    env.store.cases().insert(record, s.form);
    for (const auto& u : c.uploads)
      env.store.cases().add_document(out.receipt_no, case_document(u), u.info.content);
    env.store.cases().add_event(out.receipt_no, domain::CaseEvent{domain::CaseAction::submit, std::nullopt,
                                                                  state, caller.name, env.clock.now(), ""});
    env.store.audit().append(domain::AuditEntry{0, "", caller.name, "case.submit", "case", out.receipt_no,
                                                std::string(domain::key(s.kind)) + " group " + out.group_no});
    const Text kind = domain::label(s.kind);
    queue_case_mail(env, record, applicant, mail::k_ack,
                    {{"account", applicant.name},
                     {"receipt", out.receipt_no},
                     {"group", out.group_no},
                     {"kind_zh", kind.zh},
                     {"kind_en", kind.en},
                     {"decision_due", out.decision_due}});
  }
}

}  // namespace

Submitted file_submission(const Env& env, const Caller& caller, const CheckedSubmission& c,
                          const std::string& group_no) {
  Submitted out;
  const util::Date due = decision_date(env, out);
  env.store.write([&] { file_in_write(env, caller, c, group_no, due, out); });
  return out;
}

Submitted file_checked(const Env& env, const Caller& caller, const CheckedSubmission& c,
                       const std::string& group_no) {
  Submitted out;
  const util::Date due = decision_date(env, out);
  file_in_write(env, caller, c, group_no, due, out);
  return out;
}

Submitted submit_application(const Env& env, const Caller& caller, Submission s) {
  return file_submission(env, caller, check_submission(env, caller, std::move(s)));
}

std::vector<domain::CaseRecord> list_cases(const Env& env, const Caller& caller, store::CaseQuery query) {
  if (caller.role == domain::Role::student) query.applicant_id = caller.account_id;
  if (caller.role == domain::Role::school) query.school_code = caller.school_code;
  return env.store.cases().list(query);
}

domain::CaseRecord visible_case(const Env& env, const Caller& caller, const std::string& receipt_no) {
  const auto c = env.store.cases().find(receipt_no);
  const bool visible = c && (caller.role == domain::Role::reviewer || caller.role == domain::Role::admin ||
                             (caller.role == domain::Role::student && c->applicant_id == caller.account_id) ||
                             (caller.role == domain::Role::school && !caller.school_code.empty() &&
                              c->school_code == caller.school_code));
  // Someone else's case answers exactly as a case that does not exist.
  if (!visible) throw Refusal(msg::case_not_found, {receipt_no});
  return *c;
}

Text filed_as(const domain::CaseRecord& c) {
  if (c.unrecorded)
    return {"學校代辦，依所填資料（機關資料查無此人）",
            "filed by the school from the row's own data (not in the agency's records)"};
  if (c.proxy) return {"學校代辦（學生無帳號）", "filed by the school for a student without an account"};
  return {};
}

std::string applicant_name(const Env& env, const domain::CaseRecord& c) {
  const std::string name = domain::display_name(env.store.cases().fields(c.receipt_no));
  if (!name.empty()) return name;
  const auto a = env.store.accounts().by_id(c.applicant_id);
  return a ? a->name : "";
}

}  // namespace soas::service
