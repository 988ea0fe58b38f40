# Writes the built-in working-day calendar as a C++ table, read at build time
# from samples/holidays-tw.yaml (so a start reads no YAML):
#   cmake -DINPUT=holidays-tw.yaml -DOUTPUT=default_calendar.cpp -P default_calendar.cmake
# The file's own form only: comments, blank lines, "years: [Y, ...]", the
# headings "holidays:" and "workdays:", and "  - {date: YYYY-MM-DD, name: N}".
# Any other line stops the build, naming it. The rules the file must obey
# (days inside the years, each date once, make-up days on weekends) are the
# YAML reader's: a unit test reads the same file through it and compares.
file(STRINGS "${INPUT}" lines ENCODING UTF-8)
set(years "")
set(section "")
set(holidays "")
set(workdays "")
set(n 0)
foreach(line IN LISTS lines)
  math(EXPR n "${n} + 1")
  if(line MATCHES "^[ \t]*(#.*)?$")
    continue()
  elseif(line MATCHES "^years: \\[([0-9, ]+)\\]$")
    string(REPLACE " " "" years "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^(holidays|workdays):$")
    set(section "${CMAKE_MATCH_1}")
  elseif(section AND line MATCHES "^  - \\{date: ([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9]), name: ([^,{}\"\\\\]+)\\}$")
    set(y "${CMAKE_MATCH_1}")
    set(m "${CMAKE_MATCH_2}")
    set(d "${CMAKE_MATCH_3}")
    set(name "${CMAKE_MATCH_4}")
    string(REGEX REPLACE "^0" "" m "${m}")
    string(REGEX REPLACE "^0" "" d "${d}")
    string(APPEND ${section} "    {${y}, ${m}, ${d}, \"${name}\"},\n")
  else()
    message(FATAL_ERROR "${INPUT}:${n}: not a line of the calendar's form: ${line}")
  endif()
endforeach()
if(years STREQUAL "")
  message(FATAL_ERROR "${INPUT}: no years: [...] line")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated at build time from samples/holidays-tw.yaml by
// lib/config/default_calendar.cmake: the built-in calendar, as a table.
#include \"config/default_calendar.hpp\"

namespace soas::config {
namespace {
struct Day {
  int year, month, day;
  const char* name;
};
constexpr int k_years[] = {${years}};
constexpr Day k_holidays[] = {
${holidays}};
constexpr Day k_workdays[] = {
${workdays}    {0, 0, 0, nullptr}};
}  // namespace

domain::WorkingCalendar default_calendar() {
  domain::WorkingCalendar c;
  for (const int y : k_years) c.add_covered_year(y);
  for (const Day& d : k_holidays) c.add_holiday(util::Date(d.year, d.month, d.day), d.name);
  for (const Day& d : k_workdays) {
    if (d.name != nullptr) c.add_make_up_workday(util::Date(d.year, d.month, d.day), d.name);
  }
  return c;
}
}  // namespace soas::config
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
