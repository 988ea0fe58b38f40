#pragma once
// Forms: fields with their labels, requirement and kind of value, and the one
// validator every form of soas goes through (registration, profile,
// applications, and the school batch rows later). Every problem of a form is
// reported at once; accepted values are normalised in place.

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/validators.hpp"
#include "util/date.hpp"

namespace soas::domain {

enum class FieldKind {
  text,        // free text, UTF-8, at most 200 bytes
  name_en,     // Latin letters, spaces, '-', '.', '\''; kept upper-case
  birth_date,  // 西元, not in the future
  date,        // 西元, any day
  sex,         // M/F (男/女 accepted)
  email,       // shape and no mainland mail domain
  phone,
  extension,
  passport,     // also travel-permit numbers; kept upper-case
  mainland_id,  // with its check character
  ui_number,    // Taiwan unified ID / ARC number, with its check digit
  yes_no,       // yes/no (是/否 accepted); kept as yes/no
  choice,       // one of FormField::choices
  years,        // a whole number of years, 1 to 3
  number,       // a whole number (鄰, 巷, 弄)
};

struct FormField {
  std::string key;
  Text label;
  bool required = false;
  FieldKind kind = FieldKind::text;
  std::vector<std::string> choices = {};  // FieldKind::choice
  bool read_only = false;                 // filled from the records; the applicant cannot change it
};

// A form as given: field key -> value. Nested YAML maps arrive flattened
// with dots ("taiwan_address.county").
using Form = std::map<std::string, std::string>;
// A form's value of `key`, empty when it has none.
inline std::string value_of(const Form& form, const std::string& key) {
  const auto it = form.find(key);
  return it == form.end() ? "" : it->second;
}

struct FormRules {
  util::Date today;
  std::vector<std::string> mainland_mail_domains;
};

enum class FormMode {
  complete,  // every required field must be there
  partial,   // only the fields given are checked (a profile update)
};

// Checks the form against its fields: unknown keys, required fields, each
// value by its kind; blank values are dropped. `extra_keys` are keys the
// caller checks itself (they are not "unknown").
std::vector<FieldProblem> validate_form(const std::vector<FormField>& fields, Form& form,
                                        const FormRules& rules, FormMode mode,
                                        const std::vector<std::string>& extra_keys = {});

// One value by its kind: the problem, if any (field left empty for the caller).
Check check_field_value(const FormField& field, std::string& value, const FormRules& rules);

}  // namespace soas::domain
