#include "domain/account.hpp"

#include <algorithm>

#include "domain/records.hpp"
#include "domain/validators.hpp"
#include "util/text.hpp"

namespace soas::domain {

std::string_view key(AccountStatus s) {
  switch (s) {
    case AccountStatus::unverified: return "unverified";
    case AccountStatus::active: return "active";
    case AccountStatus::disabled: return "disabled";
  }
  return "?";
}

Text label(AccountStatus s) {
  switch (s) {
    case AccountStatus::unverified: return {"待Email認證", "awaiting e-mail verification"};
    case AccountStatus::active: return {"已啟用", "active"};
    case AccountStatus::disabled: return {"已停用", "disabled"};
  }
  return {"?", "?"};
}

std::optional<AccountStatus> parse_account_status(std::string_view k) {
  for (auto s : {AccountStatus::unverified, AccountStatus::active, AccountStatus::disabled}) {
    if (key(s) == k) return s;
  }
  return std::nullopt;
}

Check check_account_name(std::string_view name) {
  const auto ok_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  };
  const bool ok = name.size() >= 4 && name.size() <= 32 && std::all_of(name.begin(), name.end(), ok_char) &&
                  ok_char(name.front()) && name.front() != '.' && name.front() != '_' && name.front() != '-';
  if (!ok) return FieldProblem{"", msg::account_name_invalid.code, msg::account_name_invalid.text()};
  return std::nullopt;
}

namespace {

FormField field(const char* key, const char* zh, const char* en, bool required, FieldKind kind) {
  return FormField{key, Text{zh, en}, required, kind};
}

FieldProblem problem(const std::string& field, const Message& m, const std::vector<std::string>& args = {}) {
  return FieldProblem{field, m.code, m.text(args)};
}

}  // namespace
const std::vector<FormField>& registration_fields(IdentityType type) {
  static const std::vector<FormField> k_foreign = {
      field("name_zh", "中文姓名", "Chinese name", false, FieldKind::text),
      field("surname_en", "英文姓氏", "surname (Latin letters)", true, FieldKind::name_en),
      field("given_name_en", "英文名字", "given name (Latin letters)", true, FieldKind::name_en),
      field("nationality", "國籍", "nationality", true, FieldKind::text),
      field("birth_date", "出生日期(西元)", "date of birth (Gregorian)", true, FieldKind::birth_date),
      field("sex", "性別", "sex (M/F)", true, FieldKind::sex),
      field("passport_no", "護照號碼", "passport number", true, FieldKind::passport),
      field("phone", "聯絡電話", "phone", true, FieldKind::phone),
      field("extension", "分機號碼", "extension", false, FieldKind::extension),
      field("email", "電子郵件", "e-mail", true, FieldKind::email),
  };
  static const std::vector<FormField> k_mainland = {
      field("name_zh", "中文姓名", "Chinese name", true, FieldKind::text),
      field("surname_en", "英文姓氏", "surname (Latin letters)", true, FieldKind::name_en),
      field("given_name_en", "英文名字", "given name (Latin letters)", true, FieldKind::name_en),
      field("mainland_id", "大陸身分證字號", "mainland resident ID number", true, FieldKind::mainland_id),
      field("birthplace", "出生地", "place of birth", true, FieldKind::text),
      field("birth_date", "出生日期(西元)", "date of birth (Gregorian)", true, FieldKind::birth_date),
      field("sex", "性別", "sex (M/F)", true, FieldKind::sex),
      field("travel_permit_no", "大陸通行證號碼", "mainland travel permit number", true, FieldKind::passport),
      field("phone", "聯絡電話", "phone", true, FieldKind::phone),
      field("extension", "分機號碼", "extension", false, FieldKind::extension),
      field("email", "電子郵件", "e-mail", true, FieldKind::email),
  };
  return type == IdentityType::mainland ? k_mainland : k_foreign;
}

std::vector<FieldProblem> validate_registration(IdentityType type, Form& form,
                                                const RegistrationRules& rules) {
  std::vector<FieldProblem> problems;
  const auto it = form.find("account");
  if (it == form.end() || util::trim(it->second).empty()) {
    problems.push_back(problem("account", msg::field_required));
  } else if (auto p = check_account_name(it->second)) {
    p->field = "account";
    problems.push_back(*p);
  }
  auto rest = validate_form(registration_fields(type), form, rules, FormMode::complete, {"account"});
  problems.insert(problems.end(), rest.begin(), rest.end());
  return problems;
}

std::vector<FieldProblem> validate_profile_update(IdentityType type, Form& changes,
                                                  const RegistrationRules& rules) {
  std::vector<FieldProblem> problems;
  for (const char* forbidden : {"account", "password"}) {
    if (changes.count(forbidden) != 0)
      problems.push_back(problem(forbidden, msg::field_read_only, {forbidden}));
  }
  changes.erase("account");
  changes.erase("password");
  auto rest = validate_form(registration_fields(type), changes, rules, FormMode::partial);
  problems.insert(problems.end(), rest.begin(), rest.end());
  return problems;
}

std::string person_key(IdentityType type, const Form& form) {
  const auto it = form.find(type == IdentityType::mainland ? "mainland_id" : "passport_no");
  return it == form.end() ? "" : it->second;
}

}  // namespace soas::domain
