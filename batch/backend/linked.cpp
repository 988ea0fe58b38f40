// For programs that link the workbook writers instead of loading
// soas-workbooks.so (the unit tests): registered before main.
#include "backend/parts.hpp"

namespace {
const bool k_registered = [] {
  soas::batch::use_workbook_backend(&soas::batch::backend_parts::table());
  return true;
}();
}  // namespace
