#pragma once
// Shared by the fuzz targets: soas's own errors (Failure, Refusal,
// UsageError) are the answers bad input may get; anything else escaping a
// target (a std::out_of_range, a YAML exception, a crash) is a bug.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace soas::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs fn, swallowing soas's own errors only.
template <typename Fn>
void expect_clean(Fn&& fn) {
  try {
    fn();
  } catch (const soas::Error&) {
  }
}

}  // namespace soas::fuzz
