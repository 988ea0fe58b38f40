#pragma once
#include <string_view>

namespace soas::config {
// The text of samples/holidays-tw.yaml, compiled in as the built-in calendar.
std::string_view default_calendar_yaml();
}  // namespace soas::config
