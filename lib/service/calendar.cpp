#include "service/calendar.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/files.hpp"
#include "security/signing.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

// A year's office calendar is 365 or 366 rows of ~40 bytes; a file of many
// years stays far below this.
constexpr std::uint64_t k_calendar_file_limit = 4u << 20;

bool config_calendar_is_built_in(const config::Config& c) { return c.calendar_file.empty(); }

domain::WorkingCalendar load(const Env& env) {
  std::map<int, std::vector<domain::OfficeDay>> imported;
  std::vector<domain::CalendarYear> years;
  env.store.read([&] {
    years = env.store.calendars().years();
    for (auto& d : env.store.calendars().days()) imported[d.date.year()].push_back(std::move(d));
  });
  domain::WorkingCalendar cal;
  for (const auto& y : years) cal.overlay(domain::office_calendar(y.year, imported[y.year]));
  if (config_calendar_is_built_in(env.config)) {
    // The built-in calendar fills the years no office calendar was imported for.
    domain::WorkingCalendar built_in = env.config.calendar;
    for (const auto& y : years) built_in.drop_year(y.year);
    cal.overlay(built_in);
  } else {
    cal.overlay(env.config.calendar);  // the config's days win
  }
  return cal;
}

}  // namespace

std::shared_ptr<const domain::WorkingCalendar> working_calendar(const Env& env) {
  if (!*env.calendar_cache) *env.calendar_cache = std::make_shared<const domain::WorkingCalendar>(load(env));
  return *env.calendar_cache;
}

std::vector<CalendarSource> calendar_sources(const Env& env) {
  std::vector<domain::CalendarYear> years;
  env.store.read([&] { years = env.store.calendars().years(); });
  const bool built_in = config_calendar_is_built_in(env.config);
  const auto& yaml_years = env.config.calendar.covered_years();
  std::map<int, CalendarSource> out;
  for (int y : yaml_years) {
    out[y] = CalendarSource{y, built_in ? "built-in" : "config",
                            built_in ? "holidays-tw.yaml" : env.config.calendar_file, "", 0, "", false};
  }
  for (const auto& y : years) {
    const bool overridden = !built_in && yaml_years.count(y.year) != 0;
    out[y.year] = CalendarSource{y.year, "imported", y.source, y.sha256, y.imported_at, y.imported_by, overridden};
  }
  std::vector<CalendarSource> v;
  for (auto& [year, s] : out) v.push_back(std::move(s));
  return v;
}

std::optional<Warning> uncovered_warning(const domain::WorkingCalendar& calendar, const Text& what,
                                         const util::Date& from, const util::Date& date) {
  const auto year = calendar.first_uncovered_year(from, date);
  if (!year) return std::nullopt;
  return Warning{msg::calendar_uncovered.code,
                 msg::calendar_uncovered.text(std::vector<Text>{what, Text{date.iso(), date.iso()},
                                                                Text{std::to_string(*year), std::to_string(*year)}})};
}

CalendarImport import_calendar(const Env& env, const Caller& caller, const std::string& path) {
  require_role(caller, {domain::Role::admin});
  CalendarImport report;
  report.file = path;
  const std::string bytes = read_small_file(path, k_calendar_file_limit, Text{"行事曆檔", "the calendar file"});
  report.sha256 = security::sha256_hex(bytes);
  auto table = tabular::table_from_memory(bytes, path);
  report.format = table->format();

  tabular::Row header;
  if (!table->next(header)) {
    throw Failure("file-format", Text{path + ": 沒有標題列", path + ": there is no header row"});
  }
  const auto add = [&](std::size_t line, const std::string& field, const char* code, const std::string& zh,
                       const std::string& en) {
    report.problems.push_back({line, FieldProblem{field, code, Text{zh, en}}});
  };
  // A column named twice is refused (header-duplicate, naming both columns).
  const tabular::HeaderMap columns(
      header,
      [](const std::string& cell) -> std::optional<std::string> {
        std::string name(util::trim(cell));
        if (name.empty()) return std::nullopt;
        return name;
      },
      path);
  for (const char* required : {"西元日期", "星期", "是否放假"}) {
    if (!columns.has(required)) {
      add(header.line, required, "header-missing", "標題列缺少此欄（應有 西元日期,星期,是否放假,備註）",
          "the header lacks this column (expected 西元日期,星期,是否放假,備註)");
    }
  }
  if (!report.problems.empty()) return report;
  const auto cell = [&](const tabular::Row& row, const char* name) -> std::string {
    const auto at = columns.find(name);
    if (!at || *at >= row.cells.size()) return "";
    return row.cells[*at];
  };

  std::map<int, std::vector<domain::OfficeDay>> by_year;
  std::map<util::Date, std::size_t> seen;  // date -> line
  tabular::Row row;
  while (table->next(row)) {
    ++report.rows;
    std::vector<FieldProblem> problems;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      if (const auto at = util::first_control(row.cells[i])) {
        const std::string name = i < header.cells.size() && !util::trim(header.cells[i]).empty()
                                     ? std::string(util::trim(header.cells[i]))
                                     : tabular::column_letters(i);
        problems.push_back(FieldProblem{name, msg::field_control_character.code,
                                        msg::field_control_character.text({util::codepoint_name(*at)})});
      }
    }
    auto day = problems.empty() ? domain::parse_office_day(cell(row, "西元日期"), cell(row, "星期"),
                                                           cell(row, "是否放假"), cell(row, "備註"), problems)
                                : std::nullopt;
    if (day) {
      const auto [it, fresh] = seen.emplace(day->date, row.line);
      if (!fresh) {
        problems.push_back(FieldProblem{"西元日期", "calendar-day-twice",
                                        Text{"此日已列於第 " + std::to_string(it->second) + " 列",
                                             "this day is already listed on line " + std::to_string(it->second)}});
      } else {
        by_year[day->date.year()].push_back(std::move(*day));
      }
    }
    for (auto& p : problems) report.problems.push_back({row.line, std::move(p)});
  }
  if (report.rows == 0) {
    add(header.line, "西元日期", "calendar-empty", "檔案沒有任何日期", "the file lists no day");
  }
  for (const auto& [year, days] : by_year) {
    const long expected = util::is_leap_year(year) ? 366 : 365;
    if (static_cast<long>(days.size()) == expected) continue;
    std::string first_missing;
    for (util::Date d(year, 1, 1); d.year() == year; d = d.add_days(1)) {
      if (seen.count(d) == 0) {
        first_missing = d.iso();
        break;
      }
    }
    add(0, "西元日期", "calendar-year-incomplete",
        std::to_string(year) + " 年只列了 " + std::to_string(days.size()) + " 天（應為 " + std::to_string(expected) +
            " 天，缺 " + first_missing + " 等），一年須完整才能匯入",
        std::to_string(year) + " lists " + std::to_string(days.size()) + " of its " + std::to_string(expected) +
            " days (" + first_missing + " is missing, among others); a year is imported whole or not at all");
  }
  if (!report.problems.empty()) {
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const RowProblem& a, const RowProblem& b) {
                       // Problems of a whole year (line 0) after those of rows.
                       const auto key = [](const RowProblem& p) { return p.line == 0 ? SIZE_MAX : p.line; };
                       return key(a) < key(b);
                     });
    return report;
  }

  std::set<int> before;
  env.store.write([&] {
    // Which years were imported before is read in the same transaction that
    // replaces them: of two imports at once, the second says "replace".
    before.clear();
    for (const auto& y : env.store.calendars().years()) before.insert(y.year);
    for (const auto& [year, days] : by_year) {
      const auto kept = domain::notable_days(days);
      env.store.calendars().replace_year(
          domain::CalendarYear{year, path, report.sha256, static_cast<long>(days.size()), env.clock.now(),
                               caller.name},
          kept);
      env.store.audit().append(domain::AuditEntry{
          0, "", caller.name, before.count(year) != 0 ? "calendar.replace" : "calendar.import", "calendar",
          std::to_string(year),
          path + " sha256 " + report.sha256 + ", " + std::to_string(days.size()) + " days, " +
              std::to_string(
                  std::count_if(kept.begin(), kept.end(), [](const auto& d) { return d.day_off; })) +
              " off or named, " +
              std::to_string(
                  std::count_if(kept.begin(), kept.end(), [](const auto& d) { return !d.day_off; })) +
              " make-up"});
    }
  });
  for (const auto& [year, days] : by_year) {
    report.years.push_back(year);
    if (before.count(year) != 0) report.replaced.push_back(year);
  }
  env.calendar_cache->reset();
  return report;
}

}  // namespace soas::service
