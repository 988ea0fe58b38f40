#pragma once
// The agency's records that registration and applications are checked
// against: persons and the permits they hold. They come from the agency
// (soas records import), never from applicants.

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/types.hpp"
#include "util/date.hpp"

namespace soas::domain {

struct Person {
  std::string record_id;  // the agency's key for the person
  IdentityType identity_type = IdentityType::foreign;
  std::string name_zh;
  std::string surname_en;
  std::string given_name_en;
  util::Date birth_date;
  std::string sex;  // "M" or "F"
  std::string nationality;
  std::string birthplace;
  std::string passport_no;
  std::string mainland_id;
  std::string travel_permit_no;
  std::string ui_no;  // 統一證號
  std::string school_code;
  std::string department;
};

struct Permit {
  std::string permit_no;
  PermitKind kind = PermitKind::single_entry;
  std::string record_id;  // the holder
  util::Date issue_date;
  util::Date stay_expiry;
  bool entry_inspected = false;  // 已查驗入境
};

// The columns of a records file (man soas-records(5)). A file holds persons
// or permits, told by its header.
enum class RecordFileKind { persons, permits };
struct RecordColumn {
  const char* key;
  bool required;  // the column must be present (its cells may still be conditional)
};
const std::vector<RecordColumn>& record_columns(RecordFileKind kind);

// One row as read: column key -> cell text (trimmed).
using RecordRow = std::vector<std::pair<std::string, std::string>>;

// Builds a person or permit from a row, collecting every problem (field =
// the column key). Mainland persons need name_zh, mainland_id (checked),
// birthplace; the others passport_no and nationality.
Person person_from_row(const RecordRow& row, std::vector<FieldProblem>& problems);
Permit permit_from_row(const RecordRow& row, std::vector<FieldProblem>& problems);

// Normalised sex: M/F from M, F, 男, 女 (any case); nothing otherwise.
std::optional<std::string> parse_sex(const std::string& text);
// yes/no, true/false, 1/0, 是/否.
std::optional<bool> parse_yes_no(const std::string& text);

// The names of the fields in which two records differ (for the audit log:
// names only, never values).
std::vector<std::string> changed_fields(const Person& before, const Person& after);
std::vector<std::string> changed_fields(const Permit& before, const Permit& after);

}  // namespace soas::domain
