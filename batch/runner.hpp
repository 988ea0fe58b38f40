#pragma once
// A batch run (soas batch validate, soas batch submit): rows in, one service
// call per row, results out. Every row is checked by
// service::check_submission, the code path of `soas apply`; submit files
// each valid row with service::file_batch_row into the file's group, a chunk
// of rows per transaction.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "domain/types.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"
#include "tabular/table.hpp"

namespace soas::batch {

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

}  // namespace soas::batch
