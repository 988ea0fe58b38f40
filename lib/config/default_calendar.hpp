#pragma once
// The built-in working-day calendar: samples/holidays-tw.yaml, turned into a
// table when soas is built (lib/config/default_calendar.cmake), so a start
// parses no YAML. The same file read as YAML gives the same calendar (a unit
// test holds them together).

#include "domain/calendar.hpp"

namespace soas::config {
domain::WorkingCalendar default_calendar();
}  // namespace soas::config
