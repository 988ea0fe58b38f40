#pragma once
// The working-day calendar: the YAML calendar (built in, or the config's),
// the DGPA office calendars imported into the database, and their import
// (soas calendar import). Every date soas computes on working days is
// computed on working_calendar(), and says so when it falls in a year that
// calendar does not cover.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "service/accounts.hpp"
#include "service/records.hpp"

namespace soas::service {

// The calendar of the database and the config, loaded once per Env:
// - a year imported into the database is that office calendar, and replaces
//   the built-in calendar's year;
// - a calendar given in the config (calendar: in soas.yaml) is laid over the
//   imported years (its days win: overrides such as a typhoon day off), and
//   covers its own years.
std::shared_ptr<const domain::WorkingCalendar> working_calendar(const Env& env);

// Where each covered year of working_calendar() comes from.
struct CalendarSource {
  int year = 0;
  std::string kind;         // "imported", "built-in" or "config"
  std::string source;       // the imported file as named, or the YAML file
  std::string sha256;       // imported: the file's SHA-256
  std::int64_t imported_at = 0;
  std::string imported_by;
  bool overridden = false;  // imported, and the config's calendar also covers the year
};
std::vector<CalendarSource> calendar_sources(const Env& env);

// "calendar-uncovered" when a year from `from` to `date` is not covered by
// the calendar: `what` (the decision date, ...) `date` was computed without
// that year's holidays and make-up days.
std::optional<Warning> uncovered_warning(const domain::WorkingCalendar& calendar, const Text& what,
                                         const util::Date& from, const util::Date& date);

struct CalendarImport {
  std::string file;
  std::string format;  // csv / xlsx
  std::string sha256;
  long rows = 0;
  std::vector<int> years;     // the years the file holds, each replaced
  std::vector<int> replaced;  // of those, the years imported before
  std::vector<RowProblem> problems;  // when not empty, nothing was imported
  bool applied() const { return problems.empty(); }
};

// Reads a DGPA office calendar (CSV in UTF-8 or Big5, or XLSX) with the
// columns 西元日期, 星期, 是否放假 and 備註 (optional), every day of each
// year it holds, and stores each year in one transaction, replacing what was
// imported for it before; audited. Admin only. Every bad row is reported and
// then nothing is imported: a date that is not yyyymmdd, a 星期 that is not
// the date's, 是否放假 other than 0 or 2, a day listed twice, a year with a day
// missing.
CalendarImport import_calendar(const Env& env, const Caller& caller, const std::string& path);

}  // namespace soas::service
