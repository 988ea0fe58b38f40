#pragma once
// The workbook writers' table (batch/workbooks_backend.hpp), as
// soas-workbooks.so and soas_workbooks_linked build it.

#include "workbooks_backend.hpp"

namespace soas::batch::backend_parts {

const WorkbookBackend& table();

}  // namespace soas::batch::backend_parts
