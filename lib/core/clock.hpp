#pragma once
// Time as soas sees it: instants in Unix seconds, shown in Asia/Taipei local
// time. Taiwan has kept UTC+8 without daylight saving since 1980, so the
// offset is fixed and the process's TZ never matters.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/date.hpp"

namespace soas {

inline constexpr std::int64_t k_taipei_offset_seconds = 8 * 3600;

struct LocalTime {
  util::Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

LocalTime to_taipei(std::int64_t unix_seconds);
std::int64_t from_taipei(const util::Date& date, int hour = 0, int minute = 0, int second = 0);
// 2026-11-21T10:00:00+08:00
std::string iso_taipei(std::int64_t unix_seconds);

// Parses SOAS_NOW: yyyy-mm-dd (midnight in Taipei), yyyy-mm-ddThh:mm[:ss]
// (Taipei local time), optionally followed by Z or ±hh:mm.
std::optional<std::int64_t> parse_instant(std::string_view text);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now() const = 0;  // Unix seconds
  util::Date today() const { return to_taipei(now()).date; }
};

class SystemClock final : public Clock {
 public:
  std::int64_t now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t unix_seconds) : m_now(unix_seconds) {}
  std::int64_t now() const override { return m_now; }

 private:
  std::int64_t m_now;
};

// The clock for this process: fixed when SOAS_NOW is set (throws UsageError
// naming the variable when its value does not parse), the system's otherwise.
std::unique_ptr<Clock> clock_from_environment(const char* soas_now);

}  // namespace soas
