// soas-pdf.so's entry (pdf/backend.hpp): the back end's table.
#include "pdf/backend/parts.hpp"

extern "C" __attribute__((visibility("default"))) const soas::pdf::Backend* soas_pdf_backend_v1() {
  return &soas::pdf::backend_parts::table();
}
