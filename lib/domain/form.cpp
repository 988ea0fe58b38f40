#include "domain/form.hpp"

#include <algorithm>
#include <cstdio>

#include "domain/records.hpp"
#include "util/text.hpp"

namespace soas::domain {

namespace {

FieldProblem problem(const std::string& field, const Message& m, const std::vector<std::string>& args = {}) {
  return FieldProblem{field, m.code, m.text(args)};
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Check check_field_value(const FormField& f, std::string& value, const FormRules& rules) {
  switch (f.kind) {
    case FieldKind::text:
      if (!util::is_valid_utf8(value) || value.size() > 200) return problem("", msg::text_invalid);
      return std::nullopt;
    case FieldKind::name_en: {
      value = util::to_upper_ascii(value);
      const bool ok = value.size() <= 60 && std::all_of(value.begin(), value.end(), [](char c) {
                        return (c >= 'A' && c <= 'Z') || c == ' ' || c == '-' || c == '.' || c == '\'';
                      });
      if (!ok) return problem("", msg::name_en_invalid);
      return std::nullopt;
    }
    case FieldKind::birth_date:
    case FieldKind::date: {
      const std::optional<util::Date> not_after =
          f.kind == FieldKind::birth_date ? std::optional<util::Date>(rules.today) : std::nullopt;
      if (auto p = check_gregorian_date(value, not_after)) return p;
      value = util::parse_user_date(value)->iso();
      return std::nullopt;
    }
    case FieldKind::sex:
      if (auto s = parse_sex(value)) {
        value = *s;
        return std::nullopt;
      }
      return problem("", msg::sex_invalid);
    case FieldKind::email: return check_email(value, rules.mainland_mail_domains);
    case FieldKind::phone: return check_phone(value);
    case FieldKind::extension: return check_extension(value);
    case FieldKind::passport: value = util::to_upper_ascii(value); return check_passport(value);
    case FieldKind::mainland_id: return check_mainland_id(value, rules.today);
    case FieldKind::ui_number: value = util::to_upper_ascii(value); return check_ui_number(value);
    case FieldKind::yes_no:
      if (const auto yes = parse_yes_no(value)) {
        value = *yes ? "yes" : "no";
        return std::nullopt;
      }
      return problem("", msg::yes_no_invalid);
    case FieldKind::choice: {
      if (std::find(f.choices.begin(), f.choices.end(), value) != f.choices.end()) return std::nullopt;
      std::string list;
      for (const auto& c : f.choices) list += (list.empty() ? "" : ", ") + c;
      return problem("", msg::choice_invalid, {list});
    }
    case FieldKind::years:
      if (value == "1" || value == "2" || value == "3") return std::nullopt;
      return problem("", msg::years_invalid);
    case FieldKind::number:
      if (all_digits(value) && value.size() <= 5) return std::nullopt;
      return problem("", msg::number_invalid);
  }
  return std::nullopt;
}

std::vector<FieldProblem> validate_form(const std::vector<FormField>& fields, Form& form,
                                        const FormRules& rules, FormMode mode,
                                        const std::vector<std::string>& extra_keys) {
  std::vector<FieldProblem> problems;
  for (const auto& entry : form) {
    const std::string& key = entry.first;  // a name, not a binding: lambdas may capture it (C++17)
    const bool known =
        std::any_of(fields.begin(), fields.end(), [&](const FormField& f) { return f.key == key; }) ||
        std::find(extra_keys.begin(), extra_keys.end(), key) != extra_keys.end();
    if (!known) problems.push_back(problem(key, msg::unknown_field, {key}));
  }
  for (const auto& f : fields) {
    const auto it = form.find(f.key);
    if (it != form.end()) it->second = std::string(util::trim(it->second));
    const bool empty = it == form.end() || it->second.empty();
    if (empty) {
      if (f.required && (mode == FormMode::complete || it != form.end())) {
        problems.push_back(problem(f.key, msg::field_required));
      }
      if (it != form.end()) form.erase(it);
      continue;
    }
    // Escape sequences, NULs and the like are no one's data: refused by name
    // (a free-text field may hold tabs and line breaks).
    if (const auto cc = util::first_control(it->second, f.kind == FieldKind::text)) {
      problems.push_back(problem(f.key, msg::field_control_character, {util::codepoint_name(*cc)}));
      continue;
    }
    if (auto p = check_field_value(f, it->second, rules)) {
      p->field = f.key;
      problems.push_back(*p);
    }
  }
  return problems;
}

}  // namespace soas::domain
