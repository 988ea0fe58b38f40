#pragma once
// The XLSX reader's table (tabular/xlsx_backend.hpp), as soas-xlsx.so and
// soas_xlsx_linked build it.

#include "tabular/xlsx_backend.hpp"

namespace soas::tabular::backend_parts {

const XlsxBackend& table();

}  // namespace soas::tabular::backend_parts
