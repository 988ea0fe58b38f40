// Fuzz target: the XLSX reader on a workbook in memory (zip container,
// workbook, relationships, shared strings, styles, the sheet), under tight
// limits so that a bomb is refused quickly.
#include "fuzz.hpp"
#include "tabular/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  soas::fuzz::expect_clean([&] {
    soas::tabular::Limits limits;
    limits.max_entry_bytes = 8u << 20;
    limits.max_total_bytes = 16u << 20;
    limits.max_entries = 64;
    auto t = soas::tabular::table_from_memory(soas::fuzz::text(data, size), "fuzz.xlsx", "", limits);
    soas::tabular::Row row;
    for (int n = 0; n < 100000 && t->next(row); ++n) {
    }
  });
  return 0;
}
