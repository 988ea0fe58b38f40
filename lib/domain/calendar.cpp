#include "domain/calendar.hpp"

#include <algorithm>

namespace soas::domain {

void WorkingCalendar::add_holiday(const util::Date& date, std::string name) {
  m_holidays[date] = std::move(name);
}

void WorkingCalendar::add_make_up_workday(const util::Date& date, std::string name) {
  m_make_up[date] = std::move(name);
}

bool WorkingCalendar::is_working_day(const util::Date& date) const {
  if (m_make_up.count(date) != 0) return true;
  if (m_holidays.count(date) != 0) return false;
  return !date.is_weekend();
}

const std::string* WorkingCalendar::holiday_name(const util::Date& date) const {
  const auto it = m_holidays.find(date);
  return it == m_holidays.end() ? nullptr : &it->second;
}

const std::string* WorkingCalendar::make_up_name(const util::Date& date) const {
  const auto it = m_make_up.find(date);
  return it == m_make_up.end() ? nullptr : &it->second;
}

util::Date WorkingCalendar::add_working_days(const util::Date& from, int n) const {
  const int step = n < 0 ? -1 : 1;
  util::Date d = from;
  for (int remaining = n < 0 ? -n : n; remaining > 0;) {
    d = d.add_days(step);
    if (is_working_day(d)) --remaining;
  }
  return d;
}

int WorkingCalendar::working_days_between(const util::Date& from, const util::Date& to) const {
  int count = 0;
  for (util::Date d = from; d < to;) {
    d = d.add_days(1);
    if (is_working_day(d)) ++count;
  }
  return count;
}

bool WorkingCalendar::covers(const util::Date& from, const util::Date& to) const {
  const int lo = std::min(from.year(), to.year());
  const int hi = std::max(from.year(), to.year());
  for (int y = lo; y <= hi; ++y) {
    if (m_years.count(y) == 0) return false;
  }
  return true;
}

}  // namespace soas::domain
