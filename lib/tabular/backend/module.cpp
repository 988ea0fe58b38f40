// soas-xlsx.so's entry (tabular/xlsx_backend.hpp): the reader's table.
#include "tabular/backend/parts.hpp"

extern "C" __attribute__((visibility("default"))) const soas::tabular::XlsxBackend* soas_xlsx_backend_v1() {
  return &soas::tabular::backend_parts::table();
}
