#include "domain/records.hpp"

#include <cstdio>

#include "domain/validators.hpp"
#include "util/text.hpp"

namespace soas::domain {

namespace {

const std::string& cell(const RecordRow& row, const char* key) {
  static const std::string k_empty;
  for (const auto& [k, v] : row) {
    if (k == key) return v;
  }
  return k_empty;
}

void add(std::vector<FieldProblem>& problems, const char* field, const Check& check) {
  if (!check) return;
  FieldProblem p = *check;
  p.field = field;
  problems.push_back(std::move(p));
}

void require(std::vector<FieldProblem>& problems, const RecordRow& row, const char* key) {
  if (cell(row, key).empty()) {
    problems.push_back(FieldProblem{key, msg::field_required.code, msg::field_required.text()});
  }
}

FieldProblem invalid(const char* field, const std::string& value, const Text& expected) {
  return FieldProblem{field, "value-invalid",
                      Text{"不接受的值「" + value + "」，應為" + expected.zh,
                           "unexpected value '" + value + "'; expected " + expected.en}};
}

util::Date date_cell(const RecordRow& row, const char* key, std::vector<FieldProblem>& problems) {
  const std::string& text = cell(row, key);
  if (text.empty()) {
    require(problems, row, key);
    return {};
  }
  if (auto p = check_gregorian_date(text)) {
    add(problems, key, p);
    return {};
  }
  return *util::parse_user_date(text);
}

// A cell holding a control character is refused by its column.
void refuse_controls(const RecordRow& row, std::vector<FieldProblem>& problems) {
  for (const auto& [key, value] : row) {
    if (const auto cc = util::first_control(value)) {
      problems.push_back(FieldProblem{key, msg::field_control_character.code,
                                      msg::field_control_character.text({util::codepoint_name(*cc)})});
    }
  }
}

}  // namespace

const std::vector<RecordColumn>& record_columns(RecordFileKind kind) {
  static const std::vector<RecordColumn> k_persons = {
      {"record_id", true},     {"identity_type", true}, {"name_zh", false},     {"surname_en", true},
      {"given_name_en", true}, {"birth_date", true},    {"sex", true},          {"nationality", false},
      {"birthplace", false},   {"passport_no", false},  {"mainland_id", false}, {"travel_permit_no", false},
      {"ui_no", false},        {"school_code", false},  {"department", false}};
  static const std::vector<RecordColumn> k_permits = {{"permit_no", true},   {"kind", true},
                                                      {"record_id", true},   {"issue_date", true},
                                                      {"stay_expiry", true}, {"entry_inspected", true}};
  return kind == RecordFileKind::persons ? k_persons : k_permits;
}

std::optional<std::string> parse_sex(const std::string& text) {
  const std::string t = util::to_upper_ascii(text);
  if (t == "M" || text == "男") return std::string("M");
  if (t == "F" || text == "女") return std::string("F");
  return std::nullopt;
}

std::optional<bool> parse_yes_no(const std::string& text) {
  const std::string t = util::to_lower_ascii(text);
  if (t == "yes" || t == "true" || t == "1" || t == "y" || text == "是") return true;
  if (t == "no" || t == "false" || t == "0" || t == "n" || text == "否") return false;
  return std::nullopt;
}

Person person_from_row(const RecordRow& row, std::vector<FieldProblem>& problems) {
  refuse_controls(row, problems);
  Person p;
  for (const char* key : {"record_id", "identity_type", "surname_en", "given_name_en", "sex"}) {
    require(problems, row, key);
  }
  p.record_id = cell(row, "record_id");
  if (const std::string& t = cell(row, "identity_type"); !t.empty()) {
    if (const auto type = parse_identity_type(t)) {
      p.identity_type = *type;
    } else {
      problems.push_back(invalid("identity_type", t,
                                 Text{"foreign、overseas-chinese、mainland、hk-macau 或 no-household",
                                      "foreign, overseas-chinese, mainland, hk-macau or no-household"}));
    }
  }
  p.name_zh = cell(row, "name_zh");
  p.surname_en = util::to_upper_ascii(cell(row, "surname_en"));
  p.given_name_en = util::to_upper_ascii(cell(row, "given_name_en"));
  p.birth_date = date_cell(row, "birth_date", problems);
  if (const std::string& s = cell(row, "sex"); !s.empty()) {
    if (const auto sex = parse_sex(s)) {
      p.sex = *sex;
    } else {
      problems.push_back(invalid("sex", s, Text{"M 或 F", "M or F"}));
    }
  }
  p.nationality = cell(row, "nationality");
  p.birthplace = cell(row, "birthplace");
  p.passport_no = util::to_upper_ascii(cell(row, "passport_no"));
  p.mainland_id = cell(row, "mainland_id");
  p.travel_permit_no = util::to_upper_ascii(cell(row, "travel_permit_no"));
  p.ui_no = util::to_upper_ascii(cell(row, "ui_no"));
  p.school_code = cell(row, "school_code");
  p.department = cell(row, "department");
  if (p.identity_type == IdentityType::mainland) {
    for (const char* key : {"name_zh", "mainland_id", "birthplace"}) require(problems, row, key);
    if (!p.mainland_id.empty()) add(problems, "mainland_id", check_mainland_id(p.mainland_id));
  } else {
    for (const char* key : {"passport_no", "nationality"}) require(problems, row, key);
  }
  if (!p.passport_no.empty()) add(problems, "passport_no", check_passport(p.passport_no));
  if (!p.travel_permit_no.empty()) add(problems, "travel_permit_no", check_passport(p.travel_permit_no));
  if (!p.ui_no.empty()) add(problems, "ui_no", check_ui_number(p.ui_no));
  return p;
}

Permit permit_from_row(const RecordRow& row, std::vector<FieldProblem>& problems) {
  refuse_controls(row, problems);
  Permit p;
  for (const char* key : {"permit_no", "kind", "record_id", "entry_inspected"}) require(problems, row, key);
  p.permit_no = util::to_upper_ascii(cell(row, "permit_no"));
  if (const std::string& k = cell(row, "kind"); !k.empty()) {
    if (const auto kind = parse_permit_kind(k)) {
      p.kind = *kind;
    } else {
      problems.push_back(
          invalid("kind", k, Text{"single-entry、multi-entry 或 arc", "single-entry, multi-entry or arc"}));
    }
  }
  p.record_id = cell(row, "record_id");
  p.issue_date = date_cell(row, "issue_date", problems);
  p.stay_expiry = date_cell(row, "stay_expiry", problems);
  if (const std::string& e = cell(row, "entry_inspected"); !e.empty()) {
    if (const auto yes = parse_yes_no(e)) {
      p.entry_inspected = *yes;
    } else {
      problems.push_back(invalid("entry_inspected", e, Text{"yes 或 no", "yes or no"}));
    }
  }
  if (!p.permit_no.empty() &&
      (p.permit_no.size() > 20 ||
       p.permit_no.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != std::string::npos)) {
    problems.push_back(
        invalid("permit_no", p.permit_no, Text{"至多20個英數字", "up to 20 letters and digits"}));
  }
  if (p.stay_expiry < p.issue_date) {
    problems.push_back(
        FieldProblem{"stay_expiry", "value-invalid",
                     Text{"停留期限不可早於發證日期", "the stay may not end before the issue date"}});
  }
  return p;
}

std::vector<std::string> changed_fields(const Person& a, const Person& b) {
  std::vector<std::string> out;
  const auto cmp = [&](const char* name, const auto& x, const auto& y) {
    if (x != y) out.emplace_back(name);
  };
  cmp("identity_type", a.identity_type, b.identity_type);
  cmp("name_zh", a.name_zh, b.name_zh);
  cmp("surname_en", a.surname_en, b.surname_en);
  cmp("given_name_en", a.given_name_en, b.given_name_en);
  cmp("birth_date", a.birth_date, b.birth_date);
  cmp("sex", a.sex, b.sex);
  cmp("nationality", a.nationality, b.nationality);
  cmp("birthplace", a.birthplace, b.birthplace);
  cmp("passport_no", a.passport_no, b.passport_no);
  cmp("mainland_id", a.mainland_id, b.mainland_id);
  cmp("travel_permit_no", a.travel_permit_no, b.travel_permit_no);
  cmp("ui_no", a.ui_no, b.ui_no);
  cmp("school_code", a.school_code, b.school_code);
  cmp("department", a.department, b.department);
  return out;
}

std::vector<std::string> changed_fields(const Permit& a, const Permit& b) {
  std::vector<std::string> out;
  const auto cmp = [&](const char* name, const auto& x, const auto& y) {
    if (x != y) out.emplace_back(name);
  };
  cmp("kind", a.kind, b.kind);
  cmp("record_id", a.record_id, b.record_id);
  cmp("issue_date", a.issue_date, b.issue_date);
  cmp("stay_expiry", a.stay_expiry, b.stay_expiry);
  cmp("entry_inspected", a.entry_inspected, b.entry_inspected);
  return out;
}

}  // namespace soas::domain
