#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/default_calendar.hpp"
#include "domain/calendar.hpp"

using namespace soas;
using domain::WorkingCalendar;
using util::Date;

namespace {

WorkingCalendar shipped() {
  return config::default_calendar();
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

TEST_CASE("the office calendar's rows: date, its own weekday, 2 or 0", "[calendar]") {
  std::vector<FieldProblem> problems;
  const auto day = domain::parse_office_day("20270101", "五", "2", " 開國紀念日 ", problems);
  REQUIRE(day);
  CHECK(problems.empty());
  CHECK(day->date == Date(2027, 1, 1));
  CHECK(day->day_off);
  CHECK(day->note == "開國紀念日");
  CHECK(domain::parse_office_day("20270102", "六", "0", "", problems)->day_off == false);

  const auto codes = [](const std::string& d, const std::string& w, const std::string& off) {
    std::vector<FieldProblem> p;
    CHECK_FALSE(domain::parse_office_day(d, w, off, "", p));
    std::vector<std::string> out;
    for (const auto& x : p) out.push_back(x.field + ":" + x.code);
    return out;
  };
  CHECK(codes("2027-01-01", "五", "2") == std::vector<std::string>{"西元日期:calendar-date"});
  CHECK(codes("20270230", "五", "2") == std::vector<std::string>{"西元日期:calendar-date"});
  CHECK(codes("20270101", "六", "2") == std::vector<std::string>{"星期:calendar-weekday"});
  CHECK(codes("20270101", "五", "1") == std::vector<std::string>{"是否放假:calendar-day-off"});
  CHECK(codes("20270101", "Fri", "") ==
        std::vector<std::string>{"星期:calendar-weekday", "是否放假:calendar-day-off"});
}

TEST_CASE("an office year as a working calendar: weekday days off, working weekends", "[calendar]") {
  std::vector<domain::OfficeDay> days;
  for (Date d(2027, 1, 1); d.year() == 2027; d = d.add_days(1)) {
    bool off = d.is_weekend();
    std::string note;
    if (d == Date(2027, 1, 1)) off = true, note = "開國紀念日";
    if (d == Date(2027, 1, 30)) off = false, note = "補行上班";
    if (d == Date(2027, 2, 28)) note = "和平紀念日";  // a Sunday: named, no working day lost
    if (d == Date(2027, 3, 1)) off = true;           // a weekday off without a note
    days.push_back({d, off, note});
  }
  const auto kept = domain::notable_days(days);
  CHECK(kept.size() == 4);
  const WorkingCalendar cal = domain::office_calendar(2027, days);
  CHECK(cal.covered_years() == std::set<int>{2027});
  CHECK_FALSE(cal.is_working_day(Date(2027, 1, 1)));
  CHECK(cal.is_working_day(Date(2027, 1, 30)));  // a Saturday
  CHECK(*cal.make_up_name(Date(2027, 1, 30)) == "補行上班");
  CHECK(*cal.holiday_name(Date(2027, 2, 28)) == "和平紀念日");
  CHECK(*cal.holiday_name(Date(2027, 3, 1)) == "放假");
  CHECK(cal.is_working_day(Date(2027, 3, 2)));
  // Thu 2026-12-31 + 1 working day: Fri 2027-01-01 is off, so Mon 2027-01-04.
  CHECK(cal.add_working_days(Date(2026, 12, 31), 1) == Date(2027, 1, 4));
}

TEST_CASE("uncovered years, dropping a year, laying one calendar over another", "[calendar]") {
  WorkingCalendar base = shipped();
  CHECK(base.first_uncovered_year(Date(2026, 12, 20), Date(2027, 1, 8)) == 2027);
  CHECK(base.first_uncovered_year(Date(2027, 1, 8), Date(2026, 12, 20)) == 2027);
  CHECK_FALSE(base.first_uncovered_year(Date(2026, 1, 2), Date(2026, 12, 31)));
  CHECK(base.first_uncovered_year(Date(2023, 12, 1), Date(2024, 1, 3)) == 2023);

  base.drop_year(2026);
  CHECK(base.covered_years() == std::set<int>{2024, 2025});
  CHECK(base.is_working_day(Date(2026, 1, 2)) == !Date(2026, 1, 2).is_weekend());
  CHECK(base.holiday_name(Date(2026, 1, 1)) == nullptr);
  CHECK(base.holiday_name(Date(2025, 1, 1)) != nullptr);

  WorkingCalendar top;
  top.add_covered_year(2025);
  top.add_make_up_workday(Date(2025, 1, 1), "override: open");
  top.add_holiday(Date(2025, 1, 2), "typhoon");
  base.overlay(top);
  CHECK(base.is_working_day(Date(2025, 1, 1)));
  CHECK(base.holiday_name(Date(2025, 1, 1)) == nullptr);  // the top's day wins
  CHECK_FALSE(base.is_working_day(Date(2025, 1, 2)));

  WorkingCalendar again;
  again.add_covered_year(2025);
  again.add_holiday(Date(2025, 1, 1), "closed after all");
  base.overlay(again);
  CHECK_FALSE(base.is_working_day(Date(2025, 1, 1)));
  CHECK(base.make_up_name(Date(2025, 1, 1)) == nullptr);
}
