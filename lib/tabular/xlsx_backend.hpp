#pragma once
// The XLSX reader: what needs libzip and expat (and, through libzip,
// libcrypto and libbz2). It is the module soas-xlsx.so (core/modules.hpp),
// loaded at the first workbook soas reads, so a start of soas loads none of
// those libraries. Everything else of reading tables stays in soas: telling
// CSV from XLSX by content, the checks of the file, CSV itself, and Excel's
// dates and numbers as text (tabular/table.hpp).
//
// The table below is the whole boundary. soas-xlsx.so hands it out through
// soas_xlsx_backend_v1(); the unit tests, fuzz targets and benchmarks link
// the same code (soas_xlsx_linked) and register it with use_xlsx_backend().

#include <memory>
#include <string>

#include "tabular/table.hpp"

namespace soas::tabular {

struct XlsxBackend {
  // A reader of the workbook in `bytes` when not empty, else in the open file
  // `fd` (which the reader owns from then on); `path` names it in messages.
  std::unique_ptr<TableReader> (*open)(const std::string& path, int fd, std::string bytes,
                                       const std::string& sheet, const Limits& limits);
};

// The reader: the one registered, or soas-xlsx.so loaded on first use
// (Failure "module-unavailable" when it cannot be).
const XlsxBackend& xlsx_backend();
// Registers a reader linked into the program itself.
void use_xlsx_backend(const XlsxBackend* linked);

}  // namespace soas::tabular

// The symbol soas-xlsx.so exports: versioned, so a module of another build
// with another table is refused rather than called.
#define SOAS_XLSX_BACKEND_SYMBOL "soas_xlsx_backend_v1"
#define SOAS_XLSX_MODULE_NAME "soas-xlsx.so"
