#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "domain/extension_window.hpp"

using namespace soas;
using namespace soas::domain;
using util::Date;

TEST_CASE("the window opens 3 calendar months before the stay ends", "[window]") {
  const auto w = extension_window(Date(2021, 7, 1));
  CHECK(w.opens == Date(2021, 4, 1));
  CHECK(w.closes == Date(2021, 7, 1));
  CHECK(w.status_on(Date(2021, 3, 31)) == WindowStatus::not_yet_open);
  CHECK(w.status_on(Date(2021, 4, 1)) == WindowStatus::open);
  CHECK(w.status_on(Date(2021, 7, 1)) == WindowStatus::open);
  CHECK(w.status_on(Date(2021, 7, 2)) == WindowStatus::expired);
}

TEST_CASE("month ends are clamped", "[window]") {
  CHECK(extension_window(Date(2021, 5, 31)).opens == Date(2021, 2, 28));
  CHECK(extension_window(Date(2024, 5, 31)).opens == Date(2024, 2, 29));  // leap year
  CHECK(extension_window(Date(2021, 5, 30)).opens == Date(2021, 2, 28));
  CHECK(extension_window(Date(2021, 5, 28)).opens == Date(2021, 2, 28));
  CHECK(extension_window(Date(2021, 5, 27)).opens == Date(2021, 2, 27));
  CHECK(extension_window(Date(2021, 6, 30)).opens == Date(2021, 3, 30));
  CHECK(extension_window(Date(2021, 12, 31)).opens == Date(2021, 9, 30));
}

TEST_CASE("year boundaries", "[window]") {
  CHECK(extension_window(Date(2027, 1, 31)).opens == Date(2026, 10, 31));
  CHECK(extension_window(Date(2027, 2, 28)).opens == Date(2026, 11, 28));
  CHECK(extension_window(Date(2027, 3, 31)).opens == Date(2026, 12, 31));
  CHECK(extension_window(Date(2026, 2, 15), 3).opens == Date(2025, 11, 15));
}

TEST_CASE("the window length is configurable", "[window]") {
  CHECK(extension_window(Date(2021, 5, 31), 1).opens == Date(2021, 4, 30));
  CHECK(extension_window(Date(2021, 5, 31), 6).opens == Date(2020, 11, 30));
}

TEST_CASE("outside the window: the seed's refusal, or expired", "[window]") {
  try {
    require_extension_window_open(Date(2021, 5, 31), Date(2021, 2, 27));
    FAIL("expected a refusal");
  } catch (const Refusal& e) {
    CHECK(e.code() == "extension-window-not-open");
    CHECK(e.text().zh == "須於停留期間屆滿前3個月內始得申請");
  }
  CHECK(require_extension_window_open(Date(2021, 5, 31), Date(2021, 2, 28)).opens == Date(2021, 2, 28));
  CHECK_NOTHROW(require_extension_window_open(Date(2021, 5, 31), Date(2021, 5, 31)));
  try {
    require_extension_window_open(Date(2021, 5, 31), Date(2021, 6, 1));
    FAIL("expected a refusal");
  } catch (const Refusal& e) {
    CHECK(e.code() == "stay-expired");
    CHECK(e.text().zh == "不符合申請條件：停留期限已於2021/05/31屆滿");
  }
}

TEST_CASE("remind_of: open windows, and windows opening within the horizon", "[domain][window]") {
  using util::Date;
  const auto w = domain::extension_window(Date(2027, 2, 28));  // opens 2026-11-28 (month end clamped)
  CHECK(w.opens == Date(2026, 11, 28));
  CHECK(domain::remind_of(w, Date(2026, 11, 28), 0));        // opens today
  CHECK(domain::remind_of(w, Date(2027, 2, 28), 0));         // the last day
  CHECK_FALSE(domain::remind_of(w, Date(2027, 3, 1), 365));  // over: past reminding
  CHECK(domain::remind_of(w, Date(2026, 11, 21), 7));        // opens in exactly 7 days
  CHECK_FALSE(domain::remind_of(w, Date(2026, 11, 21), 6));  // one day too far
  CHECK_FALSE(domain::remind_of(w, Date(2026, 11, 27), 0));  // tomorrow, with no horizon
  // Leap years: a stay ending 2028-05-31 opens 2028-02-29.
  const auto leap = domain::extension_window(Date(2028, 5, 31));
  CHECK(leap.opens == Date(2028, 2, 29));
  CHECK(domain::remind_of(leap, Date(2028, 2, 28), 1));
}
