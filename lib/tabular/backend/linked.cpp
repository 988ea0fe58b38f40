// For programs that link the XLSX reader instead of loading soas-xlsx.so
// (the unit tests, fuzz targets and benchmarks): registered before main.
#include "tabular/backend/parts.hpp"

namespace {
const bool k_registered = [] {
  soas::tabular::use_xlsx_backend(&soas::tabular::backend_parts::table());
  return true;
}();
}  // namespace
