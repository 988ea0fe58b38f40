#pragma once
// The workbooks soas writes for school staff (libxlsxwriter): the template a
// batch is typed into, the report of a run, a batch's results, and a plain
// table. They are written by soas-workbooks.so (batch/workbooks_backend.hpp),
// loaded at the first workbook soas writes.

#include <memory>
#include <string>
#include <vector>

#include "columns.hpp"
#include "runner.hpp"

namespace soas::batch {

// Writes the template workbook (libxlsxwriter): the header row (protected;
// the data rows unlocked), validation with a zh-TW/English prompt and error
// on 10,000 data rows of every column, text-formatted ID columns, a drop-down
// for every enumerated column and for nationality (the countries on a hidden
// "lists" sheet), date columns, and an instructions sheet.
void write_template(domain::ApplicationKind kind, const std::vector<std::string>& station_codes,
                    const std::string& path);

// A plain workbook for school staff (soas remind -o): a bold header row, every
// cell text, the header frozen; written beside the target and renamed in (0600).
void write_table(const std::string& path, const std::string& sheet, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows);

// A batch's results for school staff (soas batch status -o): the school's
// sheet as read (header and each row's cells, as text) with four columns added
// at the right, past the widest row: 收件號 receipt, 辦理階段 state, 應繳金額
// amount due (a number cell) and 問題 problems; the header bold, frozen and
// filtered. Written beside the target and renamed in (0600).
struct ResultRow {
  std::vector<std::string> cells;
  std::string receipt_no;
  std::string state;
  long due = 0;
  std::string problems;
};
void write_results(const std::string& path, const std::vector<std::string>& header,
                   const std::vector<ResultRow>& rows);

// The report workbook, written as the rows come (libxlsxwriter's constant
// memory mode): the input with a status column and every problem of a row on
// its own line (wrapped, the row as tall), each bad cell highlighted with its
// message as a comment, columns as wide as their content, a filter on the
// header; a "problems" sheet, one line per (column, code) with the count and
// the row numbers; and a summary sheet with numeric counts. Written beside
// the target and renamed into place by finish(): never half a report.
class ReportSink : public RowSink {
 public:
  virtual void finish(const Report& report) = 0;
};
class ReportWriter final : public RowSink {
 public:
  explicit ReportWriter(std::string path);
  void begin(const Report& report) override { m->begin(report); }
  void row(const RowResult& result, const tabular::Row& row) override { m->row(result, row); }
  void finish(const Report& report) { m->finish(report); }

 private:
  std::unique_ptr<ReportSink> m;  // the module's
};

}  // namespace soas::batch
