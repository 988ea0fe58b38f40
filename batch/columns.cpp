#include "columns.hpp"

#include <algorithm>

#include "domain/application.hpp"
#include "domain/countries.hpp"
#include "util/text.hpp"

namespace soas::batch {

using domain::ApplicationKind;

bool mainland_kind(ApplicationKind k) {
  return k != ApplicationKind::arc;
}

bool is_text_column(const Column& c) {
  using domain::FieldKind;
  const auto ends = [&](std::string_view tail) {
    return c.key.size() >= tail.size() && c.key.compare(c.key.size() - tail.size(), tail.size(), tail) == 0;
  };
  return c.key == "permit_no" || c.kind == FieldKind::passport || c.kind == FieldKind::mainland_id ||
         c.kind == FieldKind::ui_number || c.kind == FieldKind::phone || c.kind == FieldKind::extension ||
         ends("_no") || ends("_id") || ends(".id") || ends("phone") || c.key == "visa_code";
}

bool is_nationality_column(std::string_view key) {
  constexpr std::string_view tail = "nationality";
  return key.size() >= tail.size() && key.substr(key.size() - tail.size()) == tail;
}

bool is_date_column(const Column& c) {
  return c.kind == domain::FieldKind::date || c.kind == domain::FieldKind::birth_date;
}

std::vector<std::string> choices_of(const Column& c) {
  using domain::FieldKind;
  if (c.kind == FieldKind::sex) return {"M", "F"};
  if (c.kind == FieldKind::yes_no) return {"yes", "no"};
  if (c.kind == FieldKind::years) return {"1", "2", "3"};
  return c.choices;
}

std::string normalize_cell(const std::string& column, const std::string& value) {
  if (std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(util::trim(value));  // ASCII: nothing to fold
  std::vector<char32_t> cps;
  if (!util::decode_utf8(value, &cps)) return std::string(util::trim(value));
  std::string out;
  const bool address = util::starts_with(column, "taiwan_address.");
  for (char32_t cp : cps) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp == 0x3000) cp = U' ';                     // ideographic space
    if (address && cp == U'台') cp = U'臺';
    util::append_utf8(out, cp);
  }
  out = std::string(util::trim(out));
  if (is_nationality_column(column))  // the template's drop-down: "日本 Japan" is 日本
    if (auto zh = domain::country_of_choice(out)) return *zh;
  return out;
}

std::vector<ApplicationKind> batch_kinds() {
  return {domain::k_application_kinds.begin(), domain::k_application_kinds.end()};
}

std::vector<Column> columns(ApplicationKind kind, const std::vector<std::string>& station_codes) {
  std::vector<Column> out;
  std::vector<std::string> kinds;
  for (auto k : domain::k_application_kinds) kinds.emplace_back(domain::key(k));
  out.push_back(Column{"kind", {"申辦項目", "application kind"}, true, domain::FieldKind::choice, kinds});
  if (mainland_kind(kind)) {
    out.push_back(Column{"permit_no", {"許可證號", "permit number"}, true, domain::FieldKind::passport, {}});
  }
  const auto type = mainland_kind(kind) ? domain::IdentityType::mainland : domain::IdentityType::foreign;
  for (const auto& f : domain::application_fields(type, kind, station_codes)) {
    if (f.read_only) continue;  // the school: from the records
    out.push_back(Column{f.key, f.label, f.required, f.kind, f.choices});
  }
  return out;
}

std::string header_text(const Column& c) {
  return c.label.zh + " " + c.key + (c.required ? " *" : "");
}

std::optional<std::string> column_of(const std::string& header_cell, const std::vector<Column>& columns) {
  // The template's header holds the English label on a second line.
  std::string first = header_cell.substr(0, header_cell.find_first_of("\r\n"));
  const std::string h(util::trim(first));
  for (const auto& c : columns) {
    if (util::to_lower_ascii(h) == c.key || h == c.label.zh || h == header_text(c)) return c.key;
  }
  std::string spaced = header_cell;
  for (char& c : spaced)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  for (const auto& token : util::split(spaced, ' ')) {
    for (const auto& c : columns)
      if (util::to_lower_ascii(token) == c.key) return c.key;
  }
  return std::nullopt;
}

std::string key_column(ApplicationKind kind) {
  return mainland_kind(kind) ? "permit_no" : "passport_no";
}

}  // namespace soas::batch
