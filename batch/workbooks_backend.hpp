#pragma once
// The workbook writers (batch/workbooks.hpp) need libxlsxwriter, and with it
// libminizip and libcrypto. They are the module soas-workbooks.so
// (core/modules.hpp), loaded at the first workbook soas writes, so a start
// of soas loads none of those libraries. The table below is the whole
// boundary: soas-workbooks.so hands it out through soas_workbooks_v1(); the
// unit tests link the same code (soas_workbooks_linked) and register it with
// use_workbook_backend().

#include <memory>
#include <string>
#include <vector>

#include "workbooks.hpp"

namespace soas::batch {

struct WorkbookBackend {
  void (*write_template)(domain::ApplicationKind kind, const std::vector<std::string>& station_codes,
                         const std::string& path);
  void (*write_table)(const std::string& path, const std::string& sheet,
                      const std::vector<std::string>& headers,
                      const std::vector<std::vector<std::string>>& rows);
  void (*write_results)(const std::string& path, const std::vector<std::string>& header,
                        const std::vector<ResultRow>& rows);
  std::unique_ptr<ReportSink> (*report)(std::string path);
};

// The writers: the ones registered, or soas-workbooks.so loaded on first use
// (Failure "module-unavailable" when it cannot be).
const WorkbookBackend& workbook_backend();
// Registers writers linked into the program itself.
void use_workbook_backend(const WorkbookBackend* linked);

}  // namespace soas::batch

// The symbol soas-workbooks.so exports: versioned, so a module of another
// build with another table is refused rather than called.
#define SOAS_WORKBOOKS_SYMBOL "soas_workbooks_v1"
#define SOAS_WORKBOOKS_MODULE_NAME "soas-workbooks.so"
