#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "core/error.hpp"
#include "service/accounts.hpp"
#include "service/calendar.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using util::Date;

namespace {

// December of the last year the built-in calendar covers.
struct World : test::World {
  World() : test::World("2026-12-20T10:00:00") {}
};

const char* const k_weekdays[] = {"一", "二", "三", "四", "五", "六", "日"};

// Every day of a year in the DGPA's format; `edit` may change a row's cells.
std::string office_year(int year, const std::function<void(const Date&, std::string&, std::string&)>& edit = {}) {
  std::ostringstream out;
  out << "西元日期,星期,是否放假,備註\n";
  for (Date d(year, 1, 1); d.year() == year; d = d.add_days(1)) {
    std::string off = d.is_weekend() ? "2" : "0";
    std::string note;
    if (d.month() == 1 && d.day() == 1) off = "2", note = "開國紀念日";
    if (edit) edit(d, off, note);
    char ymd[9];
    std::snprintf(ymd, sizeof ymd, "%04d%02d%02d", d.year(), d.month(), d.day());
    out << ymd << "," << k_weekdays[static_cast<int>(d.weekday()) - 1] << "," << off << "," << note << "\n";
  }
  return out.str();
}

std::vector<std::string> problem_codes(const service::CalendarImport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(std::to_string(p.line) + ":" + p.problem.code);
  return out;
}

}  // namespace

TEST_CASE("importing an office year covers it, and the decision date stops warning", "[calendar][service]") {
  World w;
  const auto env = w.env();
  const auto before_ptr = service::working_calendar(env);
  const auto& before = *before_ptr;
  CHECK(before.covered_years().count(2027) == 0);
  const Date due = before.add_working_days(w.clock.today(), 14);
  const auto warning = service::uncovered_warning(before, {"預計審核完成日", "the decision date"}, w.clock.today(), due);
  REQUIRE(warning);
  CHECK(warning->code == "calendar-uncovered");
  CHECK(warning->message.en.find("the decision date " + due.iso() + " falls in 2027") != std::string::npos);

  const std::string file = w.dir.write("office-2027.csv", office_year(2027, [](const Date& d, std::string& off,
                                                                               std::string& note) {
    if (d == Date(2027, 1, 4)) off = "2", note = "test day off";
  }));
  const auto r = service::import_calendar(env, w.admin(), file);
  REQUIRE(r.applied());
  CHECK(r.rows == 365);
  CHECK(r.years == std::vector<int>{2027});
  CHECK(r.replaced.empty());
  CHECK(r.sha256.size() == 64);

  CHECK(before.covered_years().count(2027) == 0);  // a calendar handed out stays whole
  const auto after_ptr = service::working_calendar(env);  // the import emptied the cache
  const auto& after = *after_ptr;
  CHECK(after.covered_years().count(2027) == 1);
  CHECK(after.covered_years().count(2026) == 1);  // the built-in years stay
  CHECK_FALSE(after.is_working_day(Date(2027, 1, 4)));
  CHECK_FALSE(service::uncovered_warning(after, {"", ""}, w.clock.today(), after.add_working_days(w.clock.today(), 14)));

  // A fresh Env reads it from the database.
  const auto fresh = w.env();
  CHECK(service::working_calendar(fresh)->holiday_name(Date(2027, 1, 4)) != nullptr);
  const auto sources = service::calendar_sources(fresh);
  REQUIRE(sources.back().year == 2027);
  CHECK(sources.back().kind == "imported");
  CHECK(sources.back().source == file);
  CHECK(sources.back().imported_by == "admin1");
  CHECK(sources.front().kind == "built-in");

  // The audit says who imported which file.
  const auto audit = w.store->audit().list({std::string("calendar"), std::string("2027"), 10, std::nullopt});
  REQUIRE(audit.size() == 1);
  CHECK(audit.front().action == "calendar.import");
  CHECK(audit.front().detail.find(r.sha256) != std::string::npos);
}

TEST_CASE("re-importing a year replaces it whole", "[calendar][service]") {
  World w;
  const auto env = w.env();
  const auto admin = w.admin();
  const std::string first = w.dir.write("a.csv", office_year(2027, [](const Date& d, std::string& off, std::string&) {
    if (d == Date(2027, 1, 4)) off = "2";
  }));
  REQUIRE(service::import_calendar(env, admin, first).applied());
  const std::string second = w.dir.write("b.csv", office_year(2027, [](const Date& d, std::string& off, std::string&) {
    if (d == Date(2027, 1, 5)) off = "2";
  }));
  const auto r = service::import_calendar(env, admin, second);
  CHECK(r.replaced == std::vector<int>{2027});
  const auto cal_ptr = service::working_calendar(w.env());
  const auto& cal = *cal_ptr;
  CHECK(cal.is_working_day(Date(2027, 1, 4)));  // the first file's day is gone
  CHECK_FALSE(cal.is_working_day(Date(2027, 1, 5)));
  CHECK(w.store->audit()
            .list({std::string("calendar"), std::string("2027"), 10, std::nullopt})
            .front()
            .action == "calendar.replace");
}

TEST_CASE("an imported year replaces the built-in one; a config calendar is laid over it", "[calendar][service]") {
  World w;
  // 2026-01-02 (Fri) is a working day in the built-in calendar.
  REQUIRE(service::working_calendar(w.env())->is_working_day(Date(2026, 1, 2)));
  REQUIRE_FALSE(service::working_calendar(w.env())->is_working_day(Date(2026, 1, 1)));
  const std::string file = w.dir.write("2026.csv", office_year(2026, [](const Date& d, std::string& off, std::string&) {
    if (d == Date(2026, 1, 2)) off = "2";
  }));
  REQUIRE(service::import_calendar(w.env(), w.admin(), file).applied());
  const auto cal_ptr = service::working_calendar(w.env());
  const auto& cal = *cal_ptr;
  CHECK_FALSE(cal.is_working_day(Date(2026, 1, 2)));
  CHECK(cal.holiday_name(Date(2026, 2, 16)) == nullptr);  // built-in 2026 holidays are gone with the year

  // A config calendar (overrides): its days are laid over the imported ones.
  w.cfg = config::parse_file("calendar:\n  years: [2026]\n  holidays:\n    - {date: 2026-01-05, name: typhoon}\n",
                             "soas.yaml", "");
  const auto over_ptr = service::working_calendar(w.env());
  const auto& over = *over_ptr;
  CHECK_FALSE(over.is_working_day(Date(2026, 1, 5)));
  CHECK(*over.holiday_name(Date(2026, 1, 5)) == "typhoon");
  CHECK_FALSE(over.is_working_day(Date(2026, 1, 2)));  // the imported day stays where the config is silent
  CHECK(over.is_working_day(Date(2026, 1, 6)));
  const auto sources = service::calendar_sources(w.env());
  REQUIRE(sources.size() == 1);
  CHECK(sources.front().overridden);
}

TEST_CASE("a bad office calendar is reported row by row and nothing is imported", "[calendar][service]") {
  World w;
  const auto admin = w.admin();
  const auto import = [&](const std::string& name, const std::string& text) {
    return service::import_calendar(w.env(), admin, w.dir.write(name, text));
  };
  // Line 2 is 2027-01-01, line 3 2027-01-02.
  const auto weekday = import("w.csv", office_year(2027, [](const Date& d, std::string& off, std::string&) {
    if (d == Date(2027, 1, 2)) off = "1";
  }));
  CHECK(problem_codes(weekday) == std::vector<std::string>{"3:calendar-day-off", "0:calendar-year-incomplete"});

  std::string text = office_year(2027);
  const auto twice = import("t.csv", text + "20270101,五,2,\n");
  CHECK(problem_codes(twice) == std::vector<std::string>{"367:calendar-day-twice"});

  std::string wrong_day = text;
  wrong_day.replace(wrong_day.find("20270101,五"), std::string("20270101,五").size(), "20270101,六");
  CHECK(problem_codes(import("d.csv", wrong_day)) ==
        std::vector<std::string>{"2:calendar-weekday", "0:calendar-year-incomplete"});

  CHECK(problem_codes(import("h.csv", "西元日期,星期,備註\n")) == std::vector<std::string>{"1:header-missing"});
  CHECK(code_of([&] { import("dup.csv", "西元日期,星期,是否放假,星期\n"); }) == "header-duplicate");
  CHECK(problem_codes(import("e.csv", "西元日期,星期,是否放假,備註\n")) ==
        std::vector<std::string>{"1:calendar-empty"});
  CHECK(problem_codes(import("c.csv", office_year(2027, [](const Date& d, std::string&, std::string& note) {
          if (d == Date(2027, 1, 3)) note = "\x1b]0;x\x07";
        }))) == std::vector<std::string>{"4:field-control-character", "0:calendar-year-incomplete"});

  CHECK(w.store->calendars().years().empty());
  CHECK(code_of([&] { service::import_calendar(w.env(), admin, w.dir.file("missing.csv")); }) == "file-unreadable");
}

TEST_CASE("only an admin imports a calendar", "[calendar][service]") {
  World w;
  service::Caller reviewer{2, "r1", domain::Role::reviewer, std::nullopt, "", ""};
  const std::string file = w.dir.write("2027.csv", office_year(2027));
  CHECK(code_of([&] { service::import_calendar(w.env(), reviewer, file); }) == "role-forbidden");
  CHECK(w.store->calendars().years().empty());
}
