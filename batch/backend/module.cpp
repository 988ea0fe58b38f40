// soas-workbooks.so's entry (batch/workbooks_backend.hpp): the writers' table.
#include "backend/parts.hpp"

extern "C" __attribute__((visibility("default"))) const soas::batch::WorkbookBackend* soas_workbooks_v1() {
  return &soas::batch::backend_parts::table();
}
