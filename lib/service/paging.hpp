#pragma once
// Lists come a page at a time (issue: lists flat in the number of cases):
// a page holds at most `limit` rows in the list's key order, and the key of
// its last row is the cursor the next page starts after (never an offset, so
// page 1,000 costs what page 1 costs). How many rows follow is counted, but
// no further than k_count_cap, so the count too costs the same at any size.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soas::service {

inline constexpr std::size_t k_page_default = 100;
inline constexpr std::size_t k_page_max = 10000;
inline constexpr std::int64_t k_count_cap = 10000;

template <typename Row>
struct Page {
  std::vector<Row> rows;
  std::optional<std::string> next;  // where the next page starts (after this key), when there is one
  std::int64_t more = 0;            // rows after this page, counted up to k_count_cap
  bool more_capped() const { return more >= k_count_cap; }
};

}  // namespace soas::service
