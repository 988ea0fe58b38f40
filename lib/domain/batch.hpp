#pragma once
// A school's batch (DOMAIN.md "School batches"): a file, by content hash,
// filed by a school becomes one group; filing the same file again continues
// that group. The batch keeps the file's header and one row per data row
// decided, so its status answers per row of the school's own sheet.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soas::domain {

struct BatchRecord {
  std::string school_code;
  std::string file_sha256;
  std::string group_no;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
};

// What a run decided for a row: filed now, skipped (filed before), or failed
// (its problems say why).
enum class RowOutcome { filed, skipped, failed };
std::string_view key(RowOutcome o);  // filed, skipped, failed
std::optional<RowOutcome> parse_row_outcome(std::string_view key);

// One data row of a batch file as its last run decided it.
struct BatchRow {
  std::string group_no;
  std::int64_t row_no = 0;  // the file's row (CSV line, XLSX row number)
  std::string key;          // passport or permit number, as the row gave it
  std::string name;         // the name as filed (domain::display_name)
  std::string receipt_no;   // filed, or skipped: the case filed before; empty: none
  RowOutcome outcome = RowOutcome::failed;
  std::string problems;            // a row not filed: "column code; column code" ("" column: the code alone)
  std::vector<std::string> cells;  // the row's cells as read
};

}  // namespace soas::domain
