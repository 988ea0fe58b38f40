#pragma once
// A school's students as its batch rows and `apply --for-*` name them: found
// one at a time (find_school_student, prior_cases) or a chunk of rows at once
// (SchoolStudents), by the same rules.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/accounts.hpp"

namespace soas::service {

// A school's student as a batch row or `apply --for-*` names them: the
// permit number (the three mainland kinds), or the passport number with
// nationality and birth date (an ARC). The student needs no account: one who
// has none is filed for through a proxy account of the person (made with the
// first case, claimed when they register). An ARC applicant the school's
// records do not hold (none, or another school's: the same answer, so nothing
// is told of other schools' students) is filed from the row's own data
// (`unrecorded`). Refusals, each with its own code: not-school-student (a
// permit not held by a student of the school), record-data-differ (naming
// the fields), student-account-disabled.
struct StudentKey {
  std::string permit_no;
  std::string passport_no;
  std::string nationality;  // checked when given
  std::string birth_date;   // yyyy-mm-dd, checked when given
};
struct SchoolStudent {
  std::optional<domain::Person> person;  // the record at the school; none when unrecorded
  domain::Account account;               // the person's account, or a proxy (id 0: not made yet)
  bool unrecorded = false;
};
SchoolStudent find_school_student(const Env& env, const Caller& caller, const StudentKey& key);

// What a row's student already has of the file's kind (applicant_id 0: an
// account not made yet, nothing): `filed` is a case filed before, from this
// file's group whatever became of it since, or by this school and still
// under review (a row repeated, here or in another file), and the row is
// skipped; `open_case` is a case of the kind under review, whoever filed it.
struct PriorCases {
  std::optional<std::string> filed;  // its receipt number
  std::string open_case;
};
PriorCases prior_cases(const Env& env, const Caller& caller, const std::string& group_no,
                       domain::ApplicationKind kind, std::int64_t applicant_id);

// The students a chunk of a batch's rows names, looked up at once: a few
// queries for the whole chunk (each table read once, by IN lists), not a few
// for every row. find() and prior() answer exactly as find_school_student and
// prior_cases would have at the time of the look-up, for the keys given and
// the accounts found. The caller must be a school. A key that was not given,
// or an applicant id that was not found, is a programming error
// (std::logic_error).
class SchoolStudents {
 public:
  SchoolStudents(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                 const std::vector<StudentKey>& keys);
  ~SchoolStudents();
  SchoolStudents(const SchoolStudents&) = delete;
  SchoolStudents& operator=(const SchoolStudents&) = delete;

  SchoolStudent find(const StudentKey& key) const;
  PriorCases prior(const std::string& group_no, std::int64_t applicant_id) const;

  struct Facts;  // what the look-up read (students.cpp)

 private:
  Env m_env;
  Caller m_caller;
  std::unique_ptr<Facts> m_facts;
};

}  // namespace soas::service
