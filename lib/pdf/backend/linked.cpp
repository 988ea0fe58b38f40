// For programs that link the PDF back end instead of loading soas-pdf.so
// (the unit tests, fuzz targets and benchmarks): registered before main.
#include "pdf/backend/parts.hpp"

namespace {
const bool k_registered = [] {
  soas::pdf::use_backend(&soas::pdf::backend_parts::table());
  return true;
}();
}  // namespace
