#pragma once
// Case numbers (DOMAIN.md "Submission and numbers"). A receipt number (收件號)
// identifies one applicant's case: the 3-digit ROC year of submission and a
// 9-digit sequence of that year, 12 digits (115000000001). A group number
// (團號/批次號) groups the cases submitted together: a 9-digit sequence
// (000000001). Both come from store sequences, inside the transaction that
// creates the case, so a failed submission consumes nothing.

#include <optional>
#include <string>
#include <string_view>

namespace soas::domain {

inline constexpr long k_max_sequence = 999'999'999;

// The name of the store sequence receipt numbers of that ROC year come from.
std::string receipt_sequence_name(int roc_year);  // "receipt/115"
inline constexpr const char* k_group_sequence_name = "group";

// Throws Failure "sequence-exhausted" past 999,999,999 and for ROC years
// outside 1..999.
std::string format_receipt_number(int roc_year, long sequence);
std::string format_group_number(long sequence);

struct ReceiptNumber {
  int roc_year = 0;
  long sequence = 0;
};
std::optional<ReceiptNumber> parse_receipt_number(std::string_view text);
std::optional<long> parse_group_number(std::string_view text);

}  // namespace soas::domain
