#include <catch2/catch.hpp>

#include "util/date.hpp"

using soas::util::Date;
using soas::util::Weekday;

TEST_CASE("leap years follow the Gregorian rule", "[date]") {
  CHECK(soas::util::is_leap_year(2024));
  CHECK_FALSE(soas::util::is_leap_year(2025));
  CHECK_FALSE(soas::util::is_leap_year(1900));
  CHECK(soas::util::is_leap_year(2000));
  CHECK(soas::util::days_in_month(2024, 2) == 29);
  CHECK(soas::util::days_in_month(2023, 2) == 28);
  CHECK(soas::util::days_in_month(2026, 4) == 30);
  CHECK(soas::util::days_in_month(2026, 12) == 31);
}

TEST_CASE("invalid calendar dates are not made", "[date]") {
  CHECK_FALSE(Date::make(2023, 2, 29));
  CHECK(Date::make(2024, 2, 29));
  CHECK_FALSE(Date::make(2026, 4, 31));
  CHECK_FALSE(Date::make(2026, 13, 1));
  CHECK_FALSE(Date::make(2026, 0, 1));
  CHECK_FALSE(Date::make(2026, 1, 0));
  CHECK_THROWS(Date(2026, 2, 30));
}

TEST_CASE("days since the epoch round-trip", "[date]") {
  CHECK(Date(1970, 1, 1).days_since_epoch() == 0);
  CHECK(Date(2000, 3, 1).days_since_epoch() == 11017);
  CHECK(Date(1969, 12, 31).days_since_epoch() == -1);
  for (std::int64_t d = -800000; d < 800000; d += 997) {
    CHECK(Date::from_days(d).days_since_epoch() == d);
  }
}

TEST_CASE("weekdays", "[date]") {
  CHECK(Date(1970, 1, 1).weekday() == Weekday::thursday);
  CHECK(Date(2026, 11, 21).weekday() == Weekday::saturday);
  CHECK(Date(2026, 11, 23).weekday() == Weekday::monday);
  CHECK(Date(2024, 2, 29).weekday() == Weekday::thursday);
  CHECK(Date(2019, 7, 4).weekday() == Weekday::thursday);  // 004 fig 75's transaction day
  CHECK(Date(2026, 11, 21).is_weekend());
  CHECK_FALSE(Date(2026, 11, 20).is_weekend());
}

TEST_CASE("adding days crosses months, years and leap days", "[date]") {
  CHECK(Date(2024, 2, 28).add_days(1) == Date(2024, 2, 29));
  CHECK(Date(2023, 2, 28).add_days(1) == Date(2023, 3, 1));
  CHECK(Date(2026, 12, 31).add_days(1) == Date(2027, 1, 1));
  CHECK(Date(2027, 1, 1).add_days(-1) == Date(2026, 12, 31));
  CHECK(Date(2019, 7, 4).add_days(5) == Date(2019, 7, 9));  // 004 fig 74: slip deadline
}

TEST_CASE("adding months clamps to the month's end", "[date]") {
  CHECK(Date(2021, 5, 31).add_months(-3) == Date(2021, 2, 28));
  CHECK(Date(2024, 5, 31).add_months(-3) == Date(2024, 2, 29));
  CHECK(Date(2021, 3, 31).add_months(-3) == Date(2020, 12, 31));
  CHECK(Date(2021, 1, 31).add_months(1) == Date(2021, 2, 28));
  CHECK(Date(2021, 2, 28).add_months(-3) == Date(2020, 11, 28));
  CHECK(Date(2026, 1, 15).add_months(-3) == Date(2025, 10, 15));
  CHECK(Date(2026, 12, 31).add_months(2) == Date(2027, 2, 28));
  CHECK(Date(2026, 6, 30).add_months(-12) == Date(2025, 6, 30));
}

TEST_CASE("ISO dates parse strictly", "[date]") {
  CHECK(soas::util::parse_iso_date("2026-11-21") == Date(2026, 11, 21));
  CHECK_FALSE(soas::util::parse_iso_date("2026/11/21"));
  CHECK_FALSE(soas::util::parse_iso_date("2026-1-21"));
  CHECK_FALSE(soas::util::parse_iso_date("2026-11-21 "));
  CHECK_FALSE(soas::util::parse_iso_date("2026-02-30"));
  CHECK_FALSE(soas::util::parse_iso_date("26-11-21"));
  CHECK_FALSE(soas::util::parse_iso_date(""));
}

TEST_CASE("user dates take slashes and one-digit parts", "[date]") {
  CHECK(soas::util::parse_user_date("1999/06/01") == Date(1999, 6, 1));
  CHECK(soas::util::parse_user_date("1999/6/1") == Date(1999, 6, 1));
  CHECK(soas::util::parse_user_date("1999-06-01") == Date(1999, 6, 1));
  CHECK_FALSE(soas::util::parse_user_date("1999/06-01"));
  CHECK_FALSE(soas::util::parse_user_date("88/06/01"));  // ROC year: not 西元
  CHECK_FALSE(soas::util::parse_user_date("1999/02/29"));
}

TEST_CASE("dates print as the seeds do", "[date]") {
  CHECK(Date(2019, 7, 4).iso() == "2019-07-04");
  CHECK(Date(2019, 7, 4).slashed() == "2019/07/04");
  CHECK(Date(2019, 7, 4).roc_year() == 108);
  CHECK(Date(2026, 1, 1).roc_year() == 115);
}
