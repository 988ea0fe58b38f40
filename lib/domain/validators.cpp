#include "domain/validators.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace soas::domain {

namespace {

FieldProblem problem(const Message& m, const std::vector<std::string>& args = {}) {
  return FieldProblem{"", m.code, m.text(args)};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

}  // namespace

Check check_password(std::string_view password) {
  if (!util::is_valid_utf8(password)) return problem(msg::password_weak);
  const std::size_t length = util::codepoint_count(password);
  if (length > k_password_max_length) {
    return problem(msg::password_too_long, {std::to_string(k_password_max_length)});
  }
  const bool lower =
      std::any_of(password.begin(), password.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  const bool digit = std::any_of(password.begin(), password.end(), is_digit);
  if (length < k_password_min_length || !lower || !digit) return problem(msg::password_weak);
  return std::nullopt;
}

Check check_password_confirmation(std::string_view password, std::string_view confirmation) {
  if (password != confirmation) return problem(msg::password_mismatch);
  return std::nullopt;
}

const std::vector<std::string>& default_mainland_mail_domains() {
  static const std::vector<std::string> k_domains = {"qq.com",     "foxmail.com", "163.com",  "126.com",
                                                     "yeah.net",   "188.com",     "sina.com", "sohu.com",
                                                     "aliyun.com", "139.com",     "tom.com",  "21cn.com"};
  return k_domains;
}

Check check_email_shape(std::string_view email) {
  const std::size_t at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 || at > 64 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return problem(msg::email_invalid);
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  static constexpr std::string_view k_local_specials = "!#$%&'*+/=?^_`{|}~-.";
  for (char c : local) {
    const bool ok = is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') ||
                    k_local_specials.find(c) != std::string_view::npos;
    if (!ok) return problem(msg::email_invalid);
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return problem(msg::email_invalid);
  }
  const auto labels = util::split(domain, '.');
  if (labels.size() < 2) return problem(msg::email_invalid);
  for (const auto& label : labels) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return problem(msg::email_invalid);
    }
    for (char c : label) {
      if (!(is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') || c == '-')) {
        return problem(msg::email_invalid);
      }
    }
  }
  const std::string& tld = labels.back();
  if (tld.size() < 2 || std::any_of(tld.begin(), tld.end(), is_digit)) {
    return problem(msg::email_invalid);
  }
  return std::nullopt;
}

bool is_mainland_mail_domain(std::string_view email, const std::vector<std::string>& providers) {
  const std::size_t at = email.rfind('@');
  const std::string domain =
      util::to_lower_ascii(at == std::string_view::npos ? email : email.substr(at + 1));
  if (domain == "cn" || util::ends_with(domain, ".cn")) return true;
  for (const auto& p : providers) {
    const std::string provider = util::to_lower_ascii(p);
    if (domain == provider || util::ends_with(domain, "." + provider)) return true;
  }
  return false;
}

Check check_email(std::string_view email, const std::vector<std::string>& mainland_providers) {
  if (auto p = check_email_shape(email)) return p;
  if (is_mainland_mail_domain(email, mainland_providers)) return problem(msg::email_mainland_domain);
  return std::nullopt;
}

Check check_gregorian_date(std::string_view text, std::optional<util::Date> not_after) {
  const auto date = util::parse_user_date(text);
  if (!date || date->year() < 1900) return problem(msg::date_invalid);
  if (not_after && *date > *not_after) return problem(msg::date_in_future);
  return std::nullopt;
}

char mainland_id_check_character(std::string_view first17) {
  static constexpr int k_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char k_map[] = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * k_weights[i];
  return k_map[sum % 11];
}

std::optional<util::Date> mainland_id_birth_date(std::string_view id) {
  if (id.size() != 18 || !all_digits(id.substr(6, 8))) return std::nullopt;
  const auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  return util::Date::make(num(6, 4), num(10, 2), num(12, 2));
}

Check check_mainland_id(std::string_view id, std::optional<util::Date> today) {
  // GB 11643: six digits of region, the birth date yyyymmdd, three of
  // sequence, and a check character (0-9 or X) over the first seventeen.
  if (id.size() != 18 || !all_digits(id.substr(0, 17)) || id[0] == '0') return problem(msg::mainland_id_invalid);
  // Any real calendar date up to today (the standard's own example is born
  // in 1880: 440524188001010014).
  const auto birth = mainland_id_birth_date(id);
  if (!birth || (today && *birth > *today)) return problem(msg::mainland_id_invalid);
  // Whatever stands in the last place, a wrong one is a wrong check character.
  if (mainland_id_check_character(id.substr(0, 17)) != id[17]) return problem(msg::mainland_id_check);
  return std::nullopt;
}

int ui_letter_code(char letter) {
  // The codes follow the order of the historical issuing regions, not A-Z.
  static constexpr std::string_view k_order = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
  const std::size_t i = k_order.find(letter);
  return i == std::string_view::npos ? -1 : static_cast<int>(i) + 10;
}

Check check_ui_number(std::string_view id) {
  if (id.size() != 10 || !is_upper(id[0]) || !all_digits(id.substr(2))) {
    return problem(msg::ui_number_invalid);
  }
  int second = 0;
  if (id[1] == '1' || id[1] == '2' || id[1] == '8' || id[1] == '9') {
    second = id[1] - '0';  // national ID (1, 2) or new unified ID (8, 9)
  } else if (id[1] >= 'A' && id[1] <= 'D') {
    second = ui_letter_code(id[1]) % 10;  // old ARC form
  } else {
    return problem(msg::ui_number_invalid);
  }
  const int code = ui_letter_code(id[0]);
  int sum = code / 10 + (code % 10) * 9 + second * 8;
  for (std::size_t i = 2; i < 9; ++i) sum += (id[i] - '0') * static_cast<int>(9 - i);
  sum += id[9] - '0';
  if (sum % 10 != 0) return problem(msg::ui_number_check);
  return std::nullopt;
}

Check check_passport(std::string_view number) {
  if (number.size() < 5 || number.size() > 20 ||
      !std::all_of(number.begin(), number.end(), [](char c) { return is_digit(c) || is_upper(c); })) {
    return problem(msg::passport_invalid);
  }
  return std::nullopt;
}

Check check_phone(std::string_view phone) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (is_digit(c)) {
      ++digits;
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return problem(msg::phone_invalid);
    }
  }
  if (digits < 7 || digits > 15) return problem(msg::phone_invalid);
  return std::nullopt;
}

Check check_extension(std::string_view ext) {
  if (ext.empty() || ext.size() > 6 || !all_digits(ext)) return problem(msg::phone_invalid);
  return std::nullopt;
}

const std::vector<std::string>& taiwan_counties() {
  static const std::vector<std::string> k_counties = {
      "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市",
      "嘉義市", "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣",
      "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣", "金門縣", "連江縣"};
  return k_counties;
}

std::string normalize_county(std::string_view county) {
  std::string out(util::trim(county));
  static const std::string k_tai = "台";
  static const std::string k_tai_official = "臺";
  for (std::size_t pos = out.find(k_tai); pos != std::string::npos; pos = out.find(k_tai, pos)) {
    out.replace(pos, k_tai.size(), k_tai_official);
    pos += k_tai_official.size();
  }
  return out;
}

std::vector<FieldProblem> check_taiwan_address(const TaiwanAddress& a) {
  std::vector<FieldProblem> problems;
  const auto add = [&](const char* field, FieldProblem p) {
    p.field = field;
    problems.push_back(std::move(p));
  };
  const auto& counties = taiwan_counties();
  if (a.county.empty()) {
    add("county", problem(msg::field_required));
  } else if (std::find(counties.begin(), counties.end(), a.county) == counties.end()) {
    add("county", problem(msg::address_county, {a.county}));
  }
  if (a.district.empty()) {
    add("district", problem(msg::field_required));
  } else if (util::codepoint_count(a.district) < 2 ||
             !(util::ends_with(a.district, "區") || util::ends_with(a.district, "鄉") ||
               util::ends_with(a.district, "鎮") || util::ends_with(a.district, "市"))) {
    add("district", problem(msg::address_district, {a.district}));
  }
  if (!a.village.empty() && (util::codepoint_count(a.village) < 2 ||
                             !(util::ends_with(a.village, "村") || util::ends_with(a.village, "里")))) {
    add("village", problem(msg::address_village, {a.village}));
  }
  const struct {
    const char* field;
    const std::string& value;
    Text name;
  } numbered[] = {{"neighbourhood", a.neighbourhood, {"鄰", "neighbourhood"}},
                  {"lane", a.lane, {"巷", "lane"}},
                  {"alley", a.alley, {"弄", "alley"}}};
  for (const auto& part : numbered) {
    if (!part.value.empty() && !all_digits(part.value)) {
      const Text value{part.value, part.value};
      add(part.field, FieldProblem{"", msg::address_number_part.code,
                                   msg::address_number_part.text(std::vector<Text>{part.name, value})});
    }
  }
  if (a.street.empty() && a.village.empty()) add("street", problem(msg::address_street_or_village));
  if (a.number.empty()) add("number", problem(msg::field_required));
  return problems;
}

}  // namespace soas::domain
