// Fuzz target: the agency records importer's reading half (persons or
// permits by header, every row parsed and checked), on CSV or XLSX bytes.
#include "service/records.hpp"
#include "fuzz.hpp"
#include "tabular/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  soas::fuzz::expect_clean([&] {
    soas::tabular::Limits limits;
    limits.max_entry_bytes = 8u << 20;
    limits.max_total_bytes = 16u << 20;
    auto t = soas::tabular::table_from_memory(soas::fuzz::text(data, size), "fuzz-records", "", limits);
    soas::service::read_records(*t, "fuzz-records");
  });
  return 0;
}
