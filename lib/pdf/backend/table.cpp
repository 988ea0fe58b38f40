// The PDF back end's table (pdf/backend.hpp), handed out by soas-pdf.so
// (module.cpp) or registered by a program that links it (linked.cpp).
#include "pdf/backend/parts.hpp"

namespace soas::pdf::backend_parts {

const Backend& table() {
  static const Backend k_table{load_font, render, qr_encode, upload_problem, read_permit};
  return k_table;
}

}  // namespace soas::pdf::backend_parts
