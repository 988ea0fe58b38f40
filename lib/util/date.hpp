#pragma once
// Proleptic Gregorian calendar dates, independent of the process time zone and
// locale. util/ knows nothing of soas.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace soas::util {

enum class Weekday { monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday };

bool is_leap_year(int year);
int days_in_month(int year, int month);  // month 1..12

class Date {
 public:
  Date() = default;  // 1970-01-01
  // Precondition: a valid calendar date; use make() when unsure.
  Date(int year, int month, int day);
  static std::optional<Date> make(int year, int month, int day);
  static Date from_days(std::int64_t days_since_epoch);

  int year() const { return m_year; }
  int month() const { return m_month; }
  int day() const { return m_day; }
  std::int64_t days_since_epoch() const;
  Weekday weekday() const;
  bool is_weekend() const;

  Date add_days(std::int64_t n) const;
  // Calendar months; a day past the end of the target month is clamped to its
  // last day (2021-05-31 minus 3 months is 2021-02-28).
  Date add_months(int n) const;

  std::string iso() const;      // 2026-11-21
  std::string slashed() const;  // 2026/11/21, as the seeds print dates
  int roc_year() const { return m_year - 1911; }

  friend bool operator==(const Date& a, const Date& b) { return a.key() == b.key(); }
  friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) { return a.key() < b.key(); }
  friend bool operator<=(const Date& a, const Date& b) { return a.key() <= b.key(); }
  friend bool operator>(const Date& a, const Date& b) { return a.key() > b.key(); }
  friend bool operator>=(const Date& a, const Date& b) { return a.key() >= b.key(); }

 private:
  int key() const { return m_year * 10000 + m_month * 100 + m_day; }
  int m_year = 1970;
  int m_month = 1;
  int m_day = 1;
};

// Strict ISO form yyyy-mm-dd.
std::optional<Date> parse_iso_date(std::string_view text);
// What people type on forms: yyyy-mm-dd or yyyy/mm/dd, month and day with one
// or two digits, four-digit Gregorian (西元) year.
std::optional<Date> parse_user_date(std::string_view text);

const char* weekday_name(Weekday w);  // "Mon" .. "Sun"

}  // namespace soas::util
