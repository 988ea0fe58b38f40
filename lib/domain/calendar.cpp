#include "domain/calendar.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace soas::domain {

void WorkingCalendar::add_holiday(const util::Date& date, std::string name) {
  m_holidays[date] = std::move(name);
}

void WorkingCalendar::add_make_up_workday(const util::Date& date, std::string name) {
  m_make_up[date] = std::move(name);
}

bool WorkingCalendar::is_working_day(const util::Date& date) const {
  if (m_make_up.count(date) != 0) return true;
  if (m_holidays.count(date) != 0) return false;
  return !date.is_weekend();
}

const std::string* WorkingCalendar::holiday_name(const util::Date& date) const {
  const auto it = m_holidays.find(date);
  return it == m_holidays.end() ? nullptr : &it->second;
}

const std::string* WorkingCalendar::make_up_name(const util::Date& date) const {
  const auto it = m_make_up.find(date);
  return it == m_make_up.end() ? nullptr : &it->second;
}

util::Date WorkingCalendar::add_working_days(const util::Date& from, int n) const {
  const int step = n < 0 ? -1 : 1;
  util::Date d = from;
  for (int remaining = n < 0 ? -n : n; remaining > 0;) {
    d = d.add_days(step);
    if (is_working_day(d)) --remaining;
  }
  return d;
}

int WorkingCalendar::working_days_between(const util::Date& from, const util::Date& to) const {
  int count = 0;
  for (util::Date d = from; d < to;) {
    d = d.add_days(1);
    if (is_working_day(d)) ++count;
  }
  return count;
}

bool WorkingCalendar::covers(const util::Date& from, const util::Date& to) const {
  const int lo = std::min(from.year(), to.year());
  const int hi = std::max(from.year(), to.year());
  for (int y = lo; y <= hi; ++y) {
    if (m_years.count(y) == 0) return false;
  }
  return true;
}

std::optional<int> WorkingCalendar::first_uncovered_year(const util::Date& from, const util::Date& to) const {
  const int lo = std::min(from.year(), to.year());
  const int hi = std::max(from.year(), to.year());
  for (int y = lo; y <= hi; ++y) {
    if (m_years.count(y) == 0) return y;
  }
  return std::nullopt;
}

void WorkingCalendar::drop_year(int year) {
  m_years.erase(year);
  const auto in_year = [year](const auto& entry) { return entry.first.year() == year; };
  for (auto* days : {&m_holidays, &m_make_up}) {
    for (auto it = days->begin(); it != days->end();) it = in_year(*it) ? days->erase(it) : std::next(it);
  }
}

void WorkingCalendar::overlay(const WorkingCalendar& top) {
  m_years.insert(top.m_years.begin(), top.m_years.end());
  for (const auto& [d, name] : top.m_holidays) {
    m_make_up.erase(d);
    m_holidays[d] = name;
  }
  for (const auto& [d, name] : top.m_make_up) {
    m_holidays.erase(d);
    m_make_up[d] = name;
  }
}

namespace {

// 星期 as the DGPA writes it.
constexpr const char* k_weekdays[] = {"一", "二", "三", "四", "五", "六", "日"};

FieldProblem office_problem(const char* field, const char* code, const std::string& zh, const std::string& en) {
  return FieldProblem{field, code, Text{zh, en}};
}

}  // namespace

std::optional<OfficeDay> parse_office_day(const std::string& date, const std::string& weekday,
                                          const std::string& day_off, const std::string& note,
                                          std::vector<FieldProblem>& problems) {
  const std::size_t before = problems.size();
  OfficeDay day;
  const std::string d(util::trim(date));
  std::optional<util::Date> parsed;
  if (d.size() == 8 && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    parsed = util::Date::make(std::stoi(d.substr(0, 4)), std::stoi(d.substr(4, 2)), std::stoi(d.substr(6, 2)));
  }
  if (!parsed) {
    problems.push_back(office_problem("西元日期", "calendar-date", "須為西元年月日 yyyymmdd：" + d,
                                      "must be a Gregorian date as yyyymmdd: " + d));
  } else {
    day.date = *parsed;
    const std::string w(util::trim(weekday));
    const char* expected = k_weekdays[static_cast<int>(parsed->weekday()) - 1];
    if (w != expected) {
      problems.push_back(office_problem(
          "星期", "calendar-weekday", d + " 是星期" + expected + "，檔案寫「" + w + "」",
          d + " is a " + util::weekday_name(parsed->weekday()) + " (" + expected + "); the file says '" + w + "'"));
    }
  }
  const std::string off(util::trim(day_off));
  if (off == "2") {
    day.day_off = true;
  } else if (off != "0") {
    problems.push_back(office_problem("是否放假", "calendar-day-off", "須為 2（放假）或 0（上班）：" + off,
                                      "must be 2 (day off) or 0 (working day): " + off));
  }
  day.note = util::trim(note);
  if (problems.size() != before) return std::nullopt;
  return day;
}

std::vector<OfficeDay> notable_days(const std::vector<OfficeDay>& days) {
  std::vector<OfficeDay> out;
  for (const auto& d : days) {
    const bool weekend = d.date.is_weekend();
    if ((d.day_off && !weekend) || (!d.day_off && weekend) || (d.day_off && !d.note.empty())) out.push_back(d);
  }
  return out;
}

WorkingCalendar office_calendar(int year, const std::vector<OfficeDay>& days) {
  WorkingCalendar cal;
  cal.add_covered_year(year);
  for (const auto& d : notable_days(days)) {
    if (d.date.year() != year) continue;
    if (d.day_off) {
      cal.add_holiday(d.date, d.note.empty() ? std::string("放假") : d.note);
    } else {
      cal.add_make_up_workday(d.date, d.note.empty() ? std::string("補行上班") : d.note);
    }
  }
  return cal;
}

}  // namespace soas::domain
