#pragma once
// Field validators with the seeds' messages (DOMAIN.md "Accounts", "Form
// fields"). Each returns the problem it finds, or nothing; the caller names
// the field and collects every problem of a form before refusing it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "util/date.hpp"

namespace soas::domain {

using Check = std::optional<FieldProblem>;

inline constexpr std::size_t k_password_min_length = 8;
inline constexpr std::size_t k_password_max_length = 128;

// At least 8 characters (code points), at least one lowercase ASCII letter and
// one ASCII digit; at most 128 characters.
Check check_password(std::string_view password);
Check check_password_confirmation(std::string_view password, std::string_view confirmation);

// The mainland mail providers refused by default; any domain under .cn is
// refused as well (seed 004 fig 6: "例如qq.cn或xxx.cn").
const std::vector<std::string>& default_mainland_mail_domains();
Check check_email_shape(std::string_view email);
bool is_mainland_mail_domain(std::string_view email, const std::vector<std::string>& providers);
// Shape first, then the mainland-domain refusal.
Check check_email(std::string_view email, const std::vector<std::string>& mainland_providers);

// A Gregorian (西元) date as yyyy/mm/dd or yyyy-mm-dd; with `not_after` also
// refused when later than that day (birth dates).
Check check_gregorian_date(std::string_view text, std::optional<util::Date> not_after = {});

// Mainland resident ID (大陸身分證字號): 18 characters — a 6-digit area code,
// the birth date yyyymmdd, a 3-digit sequence and an ISO 7064 MOD 11-2 check
// character (0-9 or X).
char mainland_id_check_character(std::string_view first17);
Check check_mainland_id(std::string_view id, std::optional<util::Date> today = std::nullopt);
// The birth date inside a valid mainland ID.
std::optional<util::Date> mainland_id_birth_date(std::string_view id);

// Taiwan national ID and unified ID / ARC number (統一證號): a letter and nine
// digits (national ID: 1 or 2 second; new unified ID since 2021: 8 or 9), or
// the old ARC form, two letters (second A-D) and eight digits; weighted check
// digit (1,9,8,7,6,5,4,3,2,1,1) mod 10.
int ui_letter_code(char letter);  // A=10 ... Z=33, or -1
Check check_ui_number(std::string_view id);

// Passport and travel-document numbers: 5 to 20 upper-case letters and digits.
Check check_passport(std::string_view number);
// Phone numbers: digits with optional leading +, spaces, hyphens and
// parentheses; 7 to 15 digits (E.164's maximum).
Check check_phone(std::string_view phone);
// A telephone extension (分機號碼): 1 to 6 digits.
Check check_extension(std::string_view ext);

// A Taiwan address in the parts of the form (000 step 10). The county and
// district are required, then a street or a village, and the number.
struct TaiwanAddress {
  std::string county;         // 縣市
  std::string district;       // 鄉鎮市區
  std::string village;        // 村/里
  std::string neighbourhood;  // 鄰 (a number)
  std::string street;         // 街/路段
  std::string lane;           // 巷 (a number)
  std::string alley;          // 弄 (a number)
  std::string number;         // 門牌號樓
};
const std::vector<std::string>& taiwan_counties();  // the 22, in the official order
// 台 → 臺, as the official names write it.
std::string normalize_county(std::string_view county);
// Problems named by part (field "county", "district", ...).
std::vector<FieldProblem> check_taiwan_address(const TaiwanAddress& address);

}  // namespace soas::domain
