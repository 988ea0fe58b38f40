#pragma once
// The school spreadsheet processor (就讀學校代辦 in bulk; man soas-batch(1),
// soas-batch(5)). Built on soas_core's public API: every row is checked by
// service::check_submission, the code path of `soas apply`, and filed by
// service::file_submission into one group per file.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "domain/form.hpp"
#include "domain/types.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"
#include "tabular/table.hpp"

namespace soas::batch {

// The kinds a school may file in bulk: all four.
std::vector<domain::ApplicationKind> batch_kinds();

// One column of a batch file: "kind" first, then the row's key (the permit
// number for the mainland kinds; the passport number is the ARC's key and a
// field), then the form's fields.
struct Column {
  std::string key;
  Text label;
  bool required = false;
  domain::FieldKind kind = domain::FieldKind::text;
  std::vector<std::string> choices;
};
std::vector<Column> columns(domain::ApplicationKind kind, const std::vector<std::string>& station_codes);
// The header cell soas writes ("護照號碼 passport_no *"), and the column key a
// header cell names: the key itself, the Chinese label, or soas's own header.
std::string header_text(const Column& c);
std::optional<std::string> column_of(const std::string& header_cell, const std::vector<Column>& columns);
// The column holding the key a row's documents folder is named by.
std::string key_column(domain::ApplicationKind kind);

// Writes the template workbook (libxlsxwriter): the header row (protected;
// the data rows unlocked), validation with a zh-TW/English prompt and error
// on 10,000 data rows of every column, text-formatted ID columns, a drop-down
// for every enumerated column and for nationality (the countries on a hidden
// "lists" sheet), date columns, and an instructions sheet.
void write_template(domain::ApplicationKind kind, const std::vector<std::string>& station_codes,
                    const std::string& path);

struct CellProblem {
  std::string column;  // a column key; "" for the row as a whole
  std::string code;
  Text message;
};
enum class RowStatus { ok, failed, skipped, filed };
std::string_view key(RowStatus s);  // ok, failed, skipped, filed
struct RowResult {
  std::size_t row = 0;  // the file's row (CSV line, XLSX row number)
  std::string key;      // passport or permit number
  RowStatus status = RowStatus::ok;
  std::vector<CellProblem> problems;
  std::string receipt_no;  // filed, or the open case a skipped row already has
};

struct Options {
  // One folder per row key. Empty: validate checks the sheet alone (the scans
  // may come later); submit has none to file.
  std::string docs_dir;
  std::string sheet;                                          // XLSX: the sheet to read (default the first)
  std::optional<domain::ApplicationKind> kind;                // when the file has no kind column
  tabular::Encoding encoding = tabular::Encoding::automatic;  // CSV text
  std::size_t chunk_rows = 100;                               // rows per transaction (submit)
  // Test hook (SOAS_TEST_KILL_AFTER_ROWS): the process kills itself with
  // SIGKILL after filing this many rows, mid-transaction; 0: never.
  std::size_t kill_after_rows = 0;
  bool agreed = false;  // the declaration (submit)
  // Called after each row with the rows done and the share of the file read
  // (0 to 1, an estimate); returning false stops at that row boundary.
  std::function<bool(std::size_t, double)> progress;
};

// What a run saw: the header, the kind, the counts, the group. The rows
// themselves go to a RowSink as they are decided, so a run holds one chunk
// of rows at a time, whatever the file's length.
struct Report {
  std::string file;
  std::string format;  // csv, xlsx
  domain::ApplicationKind kind = domain::ApplicationKind::arc;
  std::vector<std::string> headers;      // as read
  std::vector<std::string> header_keys;  // the column key of each header ("" unknown)
  std::size_t rows = 0;                  // data rows decided
  std::size_t counts[4] = {};            // by RowStatus
  std::string group_no;                  // submit: the file's group
  bool documents_checked = true;         // false: validate without --docs, the sheet alone
  bool stopped = false;                  // the progress callback asked to stop
  std::vector<service::Warning> warnings;  // of the rows filed, each said once (calendar-uncovered)
  std::size_t count(RowStatus s) const { return counts[static_cast<int>(s)]; }
};

// Where each row's result goes, in file order: begin() once the header and
// the kind are known, row() for each row once its result is final (submit:
// once its chunk is committed).
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void begin(const Report&) {}
  virtual void row(const RowResult& result, const tabular::Row& row) = 0;
};

// Checks every row and writes nothing.
Report validate(const service::Env& env, const service::Caller& caller, const std::string& path,
                const Options& options, RowSink& sink);
// Files every valid row into the file's group (made on the first run, kept
// for re-runs of the same file); rows already filed are skipped. Rows are
// filed in chunks, one transaction each, a savepoint per row.
Report submit(const service::Env& env, const service::Caller& caller, const std::string& path,
              const Options& options, RowSink& sink);

// A cell as people type it, normalised: surrounding spaces trimmed,
// full-width digits, letters and signs folded to ASCII (the ideographic
// space to a space), and in address columns 台 written 臺.
std::string normalize_cell(const std::string& column, const std::string& value);

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
class ReportWriter final : public RowSink {
 public:
  explicit ReportWriter(std::string path);
  ~ReportWriter() override;
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;
  void begin(const Report& report) override;
  void row(const RowResult& result, const tabular::Row& row) override;
  void finish(const Report& report);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace soas::batch
