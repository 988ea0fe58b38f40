// Fuzz target: the CSV reader (RFC 4180, UTF-8 with or without BOM, Big5 by
// detection or forced); the first byte picks the encoding.
#include "fuzz.hpp"
#include "tabular/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto encoding = static_cast<soas::tabular::Encoding>(data[0] % 3);
  soas::fuzz::expect_clean([&] {
    auto t =
        soas::tabular::table_from_memory(soas::fuzz::text(data + 1, size - 1), "fuzz.csv", "", {}, encoding);
    soas::tabular::Row row;
    while (t->next(row)) {
    }
  });
  return 0;
}
