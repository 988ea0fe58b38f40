#include "domain/numbers.hpp"

#include <algorithm>
#include <cstdio>

#include "core/error.hpp"

namespace soas::domain {

namespace {

[[noreturn]] void exhausted(const std::string& what) {
  throw Failure("sequence-exhausted", Text{"號碼已用盡：" + what, "Number sequence exhausted: " + what});
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

long to_long(std::string_view s) {
  long v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::string receipt_sequence_name(int roc_year) {
  return "receipt/" + std::to_string(roc_year);
}

std::string format_receipt_number(int roc_year, long sequence) {
  if (roc_year < 1 || roc_year > 999) exhausted("ROC year " + std::to_string(roc_year));
  if (sequence < 1 || sequence > k_max_sequence) exhausted(receipt_sequence_name(roc_year));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d%09ld", roc_year, sequence);
  return buf;
}

std::string format_group_number(long sequence) {
  if (sequence < 1 || sequence > k_max_sequence) exhausted(k_group_sequence_name);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%09ld", sequence);
  return buf;
}

std::optional<ReceiptNumber> parse_receipt_number(std::string_view text) {
  if (text.size() != 12 || !all_digits(text)) return std::nullopt;
  ReceiptNumber r{static_cast<int>(to_long(text.substr(0, 3))), to_long(text.substr(3))};
  if (r.roc_year < 1 || r.sequence < 1) return std::nullopt;
  return r;
}

std::optional<long> parse_group_number(std::string_view text) {
  if (text.size() != 9 || !all_digits(text)) return std::nullopt;
  const long v = to_long(text);
  if (v < 1) return std::nullopt;
  return v;
}

}  // namespace soas::domain
