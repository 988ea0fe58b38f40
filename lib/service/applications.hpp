#pragma once
// Applying: the checks before the form and the form pre-filled from the
// agency's records (seed 004 §3-5, seed 000 steps 7-12).

#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/documents.hpp"
#include "service/accounts.hpp"
#include "service/documents.hpp"
#include "service/students.hpp"

namespace soas::service {

struct PreparedApplication {
  domain::ApplicationKind kind = domain::ApplicationKind::arc;
  domain::IdentityType type = domain::IdentityType::foreign;
  std::string permit_no;
  const std::vector<domain::FormField>* fields = nullptr;  // domain::application_fields's, shared
  domain::Form prefilled;
  std::vector<domain::DocumentItem> documents;
  domain::Account applicant;                 // whose application it is (a proxy: id 0 until filed)
  std::optional<domain::Person> own_record;  // the applicant's agency record, when linked
  bool proxy = false;       // a school filing for a student without an account
  bool unrecorded = false;  // ... an ARC applicant not in the school's records: from the row's data
};

// Runs the checks before the form for the calling student, in the seed's
// order (domain::check_before_form), and returns the form of the kind
// pre-filled from the records. The three mainland kinds need the permit
// number (usage error otherwise); an ARC takes none.
// A school user acts for one of its students (`for_student`, an account name):
// the student's agency record must be at the school, else 查無此學生資料.
PreparedApplication prepare_application(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                                        const std::string& permit_no, const std::string& for_student = "");

// find_school_student and SchoolStudents: service/students.hpp.

// The applicant as a school's batch has already looked them up, in the same
// read: the same checks run on them (a student of the calling school, active,
// no undecided case of the kind) without a second look-up of each.
struct KnownApplicant {
  domain::Account account;
  std::optional<domain::Person> record;  // the account's agency record
  bool open_case_of_kind = false;        // any case of the kind under review
  std::string school_name;               // the name of the record's school (unrecorded: the caller's)
  bool unrecorded = false;               // SchoolStudent::unrecorded
  std::string open_case;                 // the receipt number of that open case, when known
};
PreparedApplication prepare_application(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                                        const std::string& permit_no, const KnownApplicant& known);
// The id of a school's student's account: the account's own, or for a proxy
// not made yet (id 0) the one another filing has made since (0: none yet).
std::int64_t account_id_of(const Env& env, const domain::Account& account);

// The school's student of `key` (find_school_student) as a KnownApplicant.
KnownApplicant known_student(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                             const StudentKey& key);

struct Submission {
  domain::ApplicationKind kind = domain::ApplicationKind::arc;
  std::string permit_no;
  domain::Form form;
  std::vector<std::pair<std::string, std::string>> documents;  // item, file path
  std::vector<Inspected> inspected;  // documents[i] as inspected ahead (inspect_ahead); empty: inspected here
  bool agreed = false;                                         // the declaration (使用聲明事項)
  std::string for_student;                                     // a school filing for this student
  std::optional<StudentKey> for_key;                           // ... or the student so named
  std::optional<KnownApplicant> known;                         // ... already looked up (a batch)
  bool check_documents = true;  // false: a batch checking its sheet alone, the scans to come later
};

struct Submitted {
  std::string receipt_no;  // 收件號
  std::string group_no;    // 團號/批次號
  long fee = 0;
  std::string decision_due;  // yyyy-mm-dd: 14 working days after submission
  std::vector<Warning> warnings;  // calendar-uncovered: the decision date's year is not covered
};

// Every check of a submission, writing nothing: the declaration, the checks
// before the form, every field and document problem at once (Refusal
// "form-invalid"). What passes is ready to file.
struct CheckedSubmission {
  Submission submission;  // the form completed from the pre-filled values
  PreparedApplication prepared;
  domain::Account applicant;
  std::vector<Upload> uploads;
  long fee = 0;
  std::string school;  // the applicant's school code
};
CheckedSubmission check_submission(const Env& env, const Caller& caller, Submission submission);

// Files a checked submission in one write (a savepoint when nested): the
// case in a new group, or in `group_no` when given (a school batch, whose
// group the caller created), its numbers, documents, history, audit entry
// and acknowledgement mail. Refuses (not eligible) when the applicant has
// meanwhile got an open case of the kind.
Submitted file_submission(const Env& env, const Caller& caller, const CheckedSubmission& checked,
                          const std::string& group_no = "");
// The same, inside a write the caller holds (a school batch's row, in its
// own savepoint): no transaction of its own.
Submitted file_checked(const Env& env, const Caller& caller, const CheckedSubmission& checked,
                       const std::string& group_no);

// Submits: the declaration must be agreed; the checks before the form run
// again; every problem of the form and of the documents is reported at once
// ("form-invalid"). The case, its group, numbers, documents (stored once by
// content hash), history, audit entry and acknowledgement mail are written
// in one transaction: a refused submission writes nothing and draws no number.
Submitted submit_application(const Env& env, const Caller& caller, Submission submission);

// The cases the caller may see: a student's own, a school's students', all for
// reviewers and admins.
std::vector<domain::CaseRecord> list_cases(const Env& env, const Caller& caller, store::CaseQuery query);

// 申請名稱 of a case (domain::display_name of the fields it was filed with;
// the applicant's account name only when the case holds no name at all).
std::string applicant_name(const Env& env, const domain::CaseRecord& c);
// How a case a school filed for a student came to be: for a student without
// an account (學校代辦（學生無帳號）), or from the row's own data, the school's
// records not holding the applicant (依所填資料，機關資料查無). Empty text for
// any other case.
Text filed_as(const domain::CaseRecord& c);

// One case the caller may see; any other answers "case-not-found", exactly as a
// number that does not exist.
domain::CaseRecord visible_case(const Env& env, const Caller& caller, const std::string& receipt_no);

}  // namespace soas::service
