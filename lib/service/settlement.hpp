#pragma once
// Settlement: the collecting agent's files (man soas-pay(5)) read line by
// line, and each line, from a file or a gateway, applied exactly once: the
// order paid, its cases settled and issued.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "service/accounts.hpp"
#include "tabular/table.hpp"

namespace soas::service {

// One settlement line (file or callback) and what became of it.
struct SettlementLine {
  int line = 0;  // in the file; 0 for a callback
  std::string order_no;
  long amount = 0;
  std::int64_t paid_at = 0;
  std::string channel;
  std::string reference;
  std::string problem;  // set when the line could not be read
};
enum class SettleOutcome {
  applied,
  duplicate,
  unknown_order,
  amount_mismatch,
  expired,
  already_paid,
  cancelled,
  invalid
};
std::string_view key(SettleOutcome o);
struct SettleResult {
  SettlementLine line;
  SettleOutcome outcome = SettleOutcome::invalid;
  Text message;
  std::vector<std::string> issued;  // receipt numbers of the cases issued
};
bool applied_or_duplicate(const SettleResult& r);

// The lines of a settlement table (man soas-pay(5)), each read or marked with
// its problem; no database. Throws Failure "file-format" for a missing
// header or column. What settle_file and the settlement fuzz target run.
std::vector<SettlementLine> read_settlement(tabular::TableReader& table, const std::string& path);
// Imports a settlement file (man soas-pay(5)) as an admin: every line is
// applied once; the others are reported. Throws for a file that cannot be
// read as a table or lacks a column.
std::vector<SettleResult> settle_file(const Env& env, const Caller& caller, const std::string& path);
// Applies one line inside the caller's write: checks it against its order
// (known, not settled before, paid within its time, the right amount), then
// marks the order paid, records the line and settles and issues the order's
// cases awaiting payment. `actor` is the account, or "gateway".
SettleResult apply_settlement_line(const Env& env, const std::string& actor, const SettlementLine& line,
                                   const std::string& source);

// An amount as a settlement file or a gateway writes it: digits, with
// thousands commas allowed; nothing else.
std::optional<long> parse_amount(const std::string& text);

}  // namespace soas::service
