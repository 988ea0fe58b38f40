#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"

using namespace soas;

TEST_CASE("SOAS_NOW forms are read as Taipei time", "[clock]") {
  // 2026-11-21T00:00:00+08:00 is 2026-11-20T16:00:00Z.
  const auto midnight = parse_instant("2026-11-21");
  REQUIRE(midnight);
  CHECK(iso_taipei(*midnight) == "2026-11-21T00:00:00+08:00");
  CHECK(parse_instant("2026-11-21T09:30") == *midnight + 9 * 3600 + 30 * 60);
  CHECK(parse_instant("2026-11-21T09:30:15") == *midnight + 9 * 3600 + 30 * 60 + 15);
  CHECK(parse_instant("2026-11-20T16:00:00Z") == *midnight);
  CHECK(parse_instant("2026-11-21T01:00:00+09:00") == *midnight);
  CHECK(parse_instant("2026-11-20T11:00:00-05:00") == *midnight);
}

TEST_CASE("bad SOAS_NOW values are refused", "[clock]") {
  for (const char* bad : {"", "2026-11", "2026-02-30", "2026-11-21T24:00", "2026-11-21T09",
                          "2026-11-21T09:30:00+8", "tomorrow", "2026-11-21X09:30"}) {
    CHECK_FALSE(parse_instant(bad));
  }
  try {
    clock_from_environment("not-a-date");
    FAIL("expected a usage error");
  } catch (const Error& e) {
    CHECK(e.code() == "bad-soas-now");
    CHECK(e.exit_code() == Exit::usage);
  }
}

TEST_CASE("the clock gives the Taipei date, whatever UTC says", "[clock]") {
  // 2026-11-21T16:30Z is already 2026-11-22 in Taipei.
  FixedClock clock(*parse_instant("2026-11-21T16:30:00Z"));
  CHECK(clock.today() == util::Date(2026, 11, 22));
  auto env_clock = clock_from_environment("2026-11-21");
  CHECK(env_clock->today() == util::Date(2026, 11, 21));
  CHECK(dynamic_cast<SystemClock*>(clock_from_environment(nullptr).get()) != nullptr);
  const LocalTime t = to_taipei(from_taipei(util::Date(2024, 2, 29), 23, 59, 59));
  CHECK(t.date == util::Date(2024, 2, 29));
  CHECK(t.hour == 23);
  CHECK(t.minute == 59);
  CHECK(t.second == 59);
}
