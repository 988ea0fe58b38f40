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
