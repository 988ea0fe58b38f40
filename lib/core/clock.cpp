#include "core/clock.hpp"

#include <chrono>
#include <cstdio>

#include "core/error.hpp"

namespace soas {

LocalTime to_taipei(std::int64_t unix_seconds) {
  const std::int64_t local = unix_seconds + k_taipei_offset_seconds;
  std::int64_t days = local / 86400;
  std::int64_t secs = local % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  LocalTime t;
  t.date = util::Date::from_days(days);
  t.hour = static_cast<int>(secs / 3600);
  t.minute = static_cast<int>(secs / 60 % 60);
  t.second = static_cast<int>(secs % 60);
  return t;
}

std::int64_t from_taipei(const util::Date& date, int hour, int minute, int second) {
  return date.days_since_epoch() * 86400 + hour * 3600 + minute * 60 + second - k_taipei_offset_seconds;
}

std::string iso_taipei(std::int64_t unix_seconds) {
  const LocalTime t = to_taipei(unix_seconds);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", t.date.iso().c_str(), t.hour, t.minute, t.second);
  return buf;
}

namespace {

bool two_digits(std::string_view s, std::size_t pos, int& out) {
  if (pos + 2 > s.size() || s[pos] < '0' || s[pos] > '9' || s[pos + 1] < '0' || s[pos + 1] > '9') {
    return false;
  }
  out = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_instant(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  const auto date = util::parse_iso_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text.size() == 10) return from_taipei(*date);
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (text.size() < 16 || !two_digits(text, 11, hour) || text[13] != ':' || !two_digits(text, 14, minute)) {
    return std::nullopt;
  }
  std::size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!two_digits(text, pos + 1, second)) return std::nullopt;
    pos += 3;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::int64_t offset = k_taipei_offset_seconds;
  if (pos < text.size()) {
    const std::string_view zone = text.substr(pos);
    if (zone == "Z") {
      offset = 0;
    } else {
      int oh = 0, om = 0;
      if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !two_digits(zone, 1, oh) ||
          zone[3] != ':' || !two_digits(zone, 4, om) || oh > 14 || om > 59) {
        return std::nullopt;
      }
      offset = (oh * 3600 + om * 60) * (zone[0] == '-' ? -1 : 1);
    }
  }
  return date->days_since_epoch() * 86400 + hour * 3600 + minute * 60 + second - offset;
}

std::int64_t SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::unique_ptr<Clock> clock_from_environment(const char* soas_now) {
  if (soas_now == nullptr || *soas_now == '\0') return std::make_unique<SystemClock>();
  const auto instant = parse_instant(soas_now);
  if (!instant) {
    throw UsageError("bad-soas-now", Text{std::string("SOAS_NOW 的值無法解析：") + soas_now +
                                              "（請用 2026-11-21 或 2026-11-21T09:30:00）",
                                          std::string("SOAS_NOW does not parse: ") + soas_now +
                                              " (use 2026-11-21 or 2026-11-21T09:30:00)"});
  }
  return std::make_unique<FixedClock>(*instant);
}

}  // namespace soas
