#pragma once
// The working-day calendar: Monday to Friday are working days, except public
// holidays; make-up working days (補行上班日, usually Saturdays) are working
// days although they fall on a weekend. Used for the 14-working-day payment
// notice and the 3-working-day receipt availability (seed 000 steps 15, 20).

#include <map>
#include <set>
#include <string>

#include "util/date.hpp"

namespace soas::domain {

class WorkingCalendar {
 public:
  // Years for which the holiday list is known to be complete.
  void add_covered_year(int year) { m_years.insert(year); }
  void add_holiday(const util::Date& date, std::string name);
  void add_make_up_workday(const util::Date& date, std::string name);

  bool is_working_day(const util::Date& date) const;
  // The name of the holiday or make-up day on that date, if any.
  const std::string* holiday_name(const util::Date& date) const;
  const std::string* make_up_name(const util::Date& date) const;

  // The date n working days after `from`, counting only days after it (n = 0
  // gives `from` itself; negative n counts backwards). Holidays outside the
  // covered years are unknown: callers check covers() and warn.
  util::Date add_working_days(const util::Date& from, int n) const;
  // Working days in (from, to]: how many add_working_days steps lead there.
  int working_days_between(const util::Date& from, const util::Date& to) const;

  const std::set<int>& covered_years() const { return m_years; }
  bool covers(const util::Date& from, const util::Date& to) const;
  const std::map<util::Date, std::string>& holidays() const { return m_holidays; }
  const std::map<util::Date, std::string>& make_up_workdays() const { return m_make_up; }

 private:
  std::set<int> m_years;
  std::map<util::Date, std::string> m_holidays;
  std::map<util::Date, std::string> m_make_up;
};

}  // namespace soas::domain
