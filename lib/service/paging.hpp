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
#include <utility>
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

// Refuses a page size outside 1..k_page_max (limit-invalid, exit 2).
void check_page_limit(std::size_t limit);
// A cursor that is a row's number (an id, a row of a file): the number, or
// "after-invalid" (exit 2) when it is none.
std::int64_t cursor_number(const std::string& after);

// A page from its list's store reads: read(n) gives at most n rows after
// the cursor in key order, key_of(row) a row's cursor, and count(key, cap)
// how many rows follow that key, to the cap. One row more than shown is
// read, to know whether a next page exists.
template <typename Row, typename Read, typename KeyOf, typename Count>
Page<Row> read_page(std::size_t limit, Read read, KeyOf key_of, Count count) {
  check_page_limit(limit);
  Page<Row> page;
  page.rows = read(limit + 1);
  if (page.rows.size() > limit) {
    page.rows.resize(limit);
    page.next = key_of(page.rows.back());
    page.more = count(*page.next, k_count_cap);
  }
  return page;
}

}  // namespace soas::service
