// The workbook writers, reached through soas-workbooks.so's table
// (batch/workbooks_backend.hpp).
#include "workbooks.hpp"

#include "core/modules.hpp"
#include "workbooks_backend.hpp"

namespace soas::batch {

namespace {
ModuleTable<WorkbookBackend> g_backend(SOAS_WORKBOOKS_MODULE_NAME, SOAS_WORKBOOKS_SYMBOL);
}  // namespace

const WorkbookBackend& workbook_backend() {
  return g_backend.get();
}

void use_workbook_backend(const WorkbookBackend* linked) {
  g_backend.use(linked);
}

void write_template(domain::ApplicationKind kind, const std::vector<std::string>& station_codes,
                    const std::string& path) {
  workbook_backend().write_template(kind, station_codes, path);
}

void write_table(const std::string& path, const std::string& sheet, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  workbook_backend().write_table(path, sheet, headers, rows);
}

void write_results(const std::string& path, const std::vector<std::string>& header,
                   const std::vector<ResultRow>& rows) {
  workbook_backend().write_results(path, header, rows);
}

ReportWriter::ReportWriter(std::string path) : m(workbook_backend().report(std::move(path))) {}

}  // namespace soas::batch
