#include "util/date.hpp"

#include <cstdio>
#include <stdexcept>

namespace soas::util {

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return k_days[month - 1];
}

Date::Date(int year, int month, int day) : m_year(year), m_month(month), m_day(day) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    throw std::invalid_argument("invalid calendar date");
  }
}

std::optional<Date> Date::make(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return std::nullopt;
  }
  return Date(year, month, day);
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t Date::days_since_epoch() const {
  const std::int64_t y = m_year - (m_month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (m_month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + m_day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date(y, m, d);
}

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const std::int64_t days = days_since_epoch();
  const std::int64_t iso = ((days + 3) % 7 + 7) % 7 + 1;
  return static_cast<Weekday>(iso);
}

bool Date::is_weekend() const {
  const Weekday w = weekday();
  return w == Weekday::saturday || w == Weekday::sunday;
}

Date Date::add_days(std::int64_t n) const {
  return from_days(days_since_epoch() + n);
}

Date Date::add_months(int n) const {
  const int total = m_year * 12 + (m_month - 1) + n;
  const int year = total / 12;
  const int month = total % 12 + 1;
  const int day = std::min(m_day, days_in_month(year, month));
  return Date(year, month, day);
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", m_year, m_month, m_day);
  return buf;
}

std::string Date::slashed() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", m_year, m_month, m_day);
  return buf;
}

namespace {

// Reads 1..max_digits ASCII digits at pos; advances pos.
std::optional<int> read_number(std::string_view s, std::size_t& pos, std::size_t min_digits,
                               std::size_t max_digits) {
  std::size_t start = pos;
  int value = 0;
  while (pos < s.size() && pos - start < max_digits && s[pos] >= '0' && s[pos] <= '9') {
    value = value * 10 + (s[pos] - '0');
    ++pos;
  }
  if (pos - start < min_digits) return std::nullopt;
  return value;
}

std::optional<Date> parse_date(std::string_view s, bool lenient) {
  std::size_t pos = 0;
  auto y = read_number(s, pos, 4, 4);
  if (!y || pos >= s.size()) return std::nullopt;
  const char sep = s[pos];
  if (sep != '-' && !(lenient && sep == '/')) return std::nullopt;
  ++pos;
  auto m = read_number(s, pos, lenient ? 1 : 2, 2);
  if (!m || pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  auto d = read_number(s, pos, lenient ? 1 : 2, 2);
  if (!d || pos != s.size()) return std::nullopt;
  return Date::make(*y, *m, *d);
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view text) {
  return parse_date(text, false);
}
std::optional<Date> parse_user_date(std::string_view text) {
  return parse_date(text, true);
}

const char* weekday_name(Weekday w) {
  static constexpr const char* k_names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return k_names[static_cast<int>(w) - 1];
}

}  // namespace soas::util
