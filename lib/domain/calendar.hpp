#pragma once
// The working-day calendar: Monday to Friday are working days, except public
// holidays; make-up working days (補行上班日, usually Saturdays) are working
// days although they fall on a weekend. Used for the 14-working-day payment
// notice and the 3-working-day receipt availability (seed 000 steps 15, 20).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
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
  // The first year from `from` to `to` (either order) the calendar does not
  // cover, if any.
  std::optional<int> first_uncovered_year(const util::Date& from, const util::Date& to) const;

  // Forgets a year: no longer covered, its holidays and make-up days gone.
  void drop_year(int year);
  // Lays `top` over this calendar: its years become covered and each of its
  // days wins over what this calendar says of that date (a holiday of `top`
  // removes a make-up day here, and the other way round).
  void overlay(const WorkingCalendar& top);
  const std::map<util::Date, std::string>& holidays() const { return m_holidays; }
  const std::map<util::Date, std::string>& make_up_workdays() const { return m_make_up; }

 private:
  std::set<int> m_years;
  std::map<util::Date, std::string> m_holidays;
  std::map<util::Date, std::string> m_make_up;
};

// One day of the DGPA's office calendar (政府行政機關辦公日曆表), as its
// open-data CSV lists every day of a year: 西元日期 (yyyymmdd), 星期 (一..日),
// 是否放假 (2 = day off, 0 = working day) and 備註.
struct OfficeDay {
  util::Date date;
  bool day_off = false;
  std::string note;  // 備註: the holiday's name, 補行上班, ... (may be empty)
};

// One office calendar imported (soas calendar import): the year, where it
// came from, and when and by whom.
struct CalendarYear {
  int year = 0;
  std::string source;  // the file as named on the command line
  std::string sha256;  // of the file's bytes
  long days = 0;       // days the file listed for the year
  std::int64_t imported_at = 0;
  std::string imported_by;  // account name
};

// One row's cells as a day; every bad cell is added to `problems` (fields
// named by the CSV's own column names) and nothing is returned then. The
// weekday must be the date's own: a file whose 星期 disagrees is not a
// calendar of the years it claims.
std::optional<OfficeDay> parse_office_day(const std::string& date, const std::string& weekday,
                                          const std::string& day_off, const std::string& note,
                                          std::vector<FieldProblem>& problems);

// The days of one year as a working calendar covering that year: a day off on
// a weekday is a holiday, a working day on a weekend a make-up day, a day off
// on a weekend with a note a (named) holiday. Days not listed follow the
// weekend rule, so the list may hold only the days that differ from it.
WorkingCalendar office_calendar(int year, const std::vector<OfficeDay>& days);

// The days of `days` worth keeping: those office_calendar() draws on (days
// off on weekdays, working weekends, named weekend days off).
std::vector<OfficeDay> notable_days(const std::vector<OfficeDay>& days);

}  // namespace soas::domain
