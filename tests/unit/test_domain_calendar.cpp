#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/default_calendar.hpp"
#include "domain/calendar.hpp"

using namespace soas;
using domain::WorkingCalendar;
using util::Date;

namespace {

WorkingCalendar shipped() {
  return config::parse_calendar(std::string(config::default_calendar_yaml()), "holidays-tw.yaml");
}

}  // namespace

TEST_CASE("weekends only, without holidays", "[calendar]") {
  WorkingCalendar cal;
  // Fri 2026-11-20 + 1 = Mon 2026-11-23.
  CHECK(cal.add_working_days(Date(2026, 11, 20), 1) == Date(2026, 11, 23));
  CHECK(cal.add_working_days(Date(2026, 11, 21), 1) == Date(2026, 11, 23));  // from a Saturday
  CHECK(cal.add_working_days(Date(2026, 11, 23), 0) == Date(2026, 11, 23));
  CHECK(cal.add_working_days(Date(2026, 11, 23), 5) == Date(2026, 11, 30));
  CHECK(cal.add_working_days(Date(2026, 11, 23), -1) == Date(2026, 11, 20));
  CHECK(cal.working_days_between(Date(2026, 11, 20), Date(2026, 11, 30)) == 6);
}

TEST_CASE("holidays are skipped, make-up Saturdays counted", "[calendar]") {
  WorkingCalendar cal;
  cal.add_covered_year(2025);
  cal.add_holiday(Date(2025, 1, 27), "春節前彈性放假");
  cal.add_make_up_workday(Date(2025, 2, 8), "補行上班日");
  CHECK_FALSE(cal.is_working_day(Date(2025, 1, 27)));
  CHECK(cal.is_working_day(Date(2025, 2, 8)));  // a Saturday
  CHECK_FALSE(cal.is_working_day(Date(2025, 2, 9)));
  CHECK(cal.add_working_days(Date(2025, 1, 24), 1) == Date(2025, 1, 28));
  CHECK(cal.add_working_days(Date(2025, 2, 7), 1) == Date(2025, 2, 8));
}

TEST_CASE("the shipped calendar: 14 working days across Lunar New Year 2026", "[calendar]") {
  const WorkingCalendar cal = shipped();
  CHECK(cal.covered_years() == std::set<int>{2024, 2025, 2026});
  for (int d = 16; d <= 20; ++d) CHECK_FALSE(cal.is_working_day(Date(2026, 2, d)));
  // Submitted Wed 2026-02-11: 12, 13 | 23-27 | 2 (27 Feb is a holiday) ...
  // 12,13 (2) + 23,24,25,26 (6) + Mar 2,3,4,5,6 (11) + 9,10,11 (14).
  CHECK(cal.add_working_days(Date(2026, 2, 11), 14) == Date(2026, 3, 11));
  // 2026-11-21 (Sat) + 14: Nov 23-27, Nov 30-Dec 4, Dec 7-10.
  CHECK(cal.add_working_days(Date(2026, 11, 21), 14) == Date(2026, 12, 10));
  // The receipt 3 working days after a store payment on Thu 2026-12-24:
  // 25 Dec is 行憲紀念日, so 28, 29, 30.
  CHECK(cal.add_working_days(Date(2026, 12, 24), 3) == Date(2026, 12, 30));
  // 2024: the make-up Saturday 2024-02-17 counts.
  CHECK(cal.add_working_days(Date(2024, 2, 16), 1) == Date(2024, 2, 17));
  CHECK(cal.add_working_days(Date(2024, 2, 7), 1) == Date(2024, 2, 15));
}

TEST_CASE("coverage is reported for years the calendar lacks", "[calendar]") {
  const WorkingCalendar cal = shipped();
  CHECK(cal.covers(Date(2026, 12, 1), Date(2026, 12, 31)));
  CHECK_FALSE(cal.covers(Date(2026, 12, 20), Date(2027, 1, 10)));
  CHECK(cal.holiday_name(Date(2026, 10, 9)) != nullptr);
  CHECK(*cal.holiday_name(Date(2026, 10, 9)) == "國慶日補假");
  CHECK(cal.make_up_name(Date(2025, 2, 8)) != nullptr);
}
