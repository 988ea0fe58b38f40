#pragma once
// The status of a school batch (soas batch status GROUP), per row of the
// school's original file: what each row became, so the school can match every
// result back to its own sheet by row number and key.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/case_state.hpp"
#include "service/accounts.hpp"
#include "service/applications.hpp"
#include "service/caller.hpp"
#include "service/paging.hpp"
#include "store/store.hpp"

namespace soas::service {

struct BatchStatusRow {
  std::optional<std::int64_t> row;         // the file's row; none for a group filed before rows were kept
  std::string key;                         // passport or permit number
  std::string name;                        // the name as filed
  std::string receipt_no;                  // empty: not filed
  std::optional<domain::CaseState> state;  // the case's current state; none: not filed
  long due = 0;                            // amount_due() of the case; 0 when not filed
  std::vector<std::string> problems;       // a row not filed: "column code", in the row's order
  std::vector<std::string> cells;          // the row's cells as read
  bool proxy = false;                      // filed for a student without an account (CaseRecord::proxy)
  bool unrecorded = false;                 // filed from the row's own data (CaseRecord::unrecorded)
};

struct BatchStatus {
  std::string group_no;
  std::vector<std::string> header;  // the sheet's header as read; empty without rows
  bool per_row = false;  // false: a group filed before rows were kept (or not by a batch), one line per case
  std::vector<BatchStatusRow> rows;  // this page's
  // The whole group, every page: its rows (or cases), how many rows each
  // state has (none: not filed), and the amount due on its cases, each case
  // once (rows may share one).
  long total = 0;
  std::map<std::optional<domain::CaseState>, long> by_state;
  long due = 0;
  // Where the next page starts (after this row number, or receipt number
  // for a group without kept rows), and how many rows follow it (to k_count_cap).
  std::optional<std::string> next;
  std::int64_t more = 0;
};

// The amount still to pay on a case: its fee while it is under review or
// awaiting payment and not paid; 0 once paid or issued, and for a case
// rejected, not accepted or withdrawn (a final state).
long amount_due(const domain::CaseRecord& c);

// The group's status, one line per row of its file in row order (with the
// sheet's header and each row's cells); a group without kept rows answers
// one line per case instead, row number empty. A batch's group may be seen by
// its school and by reviewers and admins; a group filed otherwise by those
// who may see its cases (list_cases). Anyone else, and a group that does not
// exist, gets "group-not-found".
// A page: at most `limit` lines (0: every line) after `after`; the totals
// always count the whole group, read a thousand rows at a time.
BatchStatus batch_status(const Env& env, const Caller& caller, const std::string& group_no,
                         const std::optional<std::string>& after = std::nullopt, std::size_t limit = 0);

// Filing a school's file in bulk (soas batch submit), row by row. Every
// function here is for the calling school's staff (role-forbidden otherwise).

// A run's transactions: a chunk of rows checked in one read (a snapshot, not
// a lock per query), filed in one write (every row of it, or none).
void batch_read(const Env& env, const std::function<void()>& fn);
void batch_write(const Env& env, const std::function<void()>& fn);

// The calling school's name ("" when the school is not known).
std::string calling_school_name(const Env& env, const Caller& caller);

// A row of the file as kept with its group, in row order (batch_status).
enum class BatchRowOutcome { filed, skipped, failed };
struct BatchRowEntry {
  std::int64_t row_no = 0;  // the file's row
  std::string key;          // passport or permit number
  std::string name;         // the row's own name cells; a filed row: the name it was filed with
  std::string receipt_no;   // filed, or the case a skipped row already has
  BatchRowOutcome outcome = BatchRowOutcome::failed;
  std::string problems;            // "column code; ..." in the row's order
  std::vector<std::string> cells;  // as read
};

// A file being filed, chunk by chunk: its group (one per school and file
// content, found again by a re-run of the same file), made with the first
// row filed; the rows decided before it existed wait for it, and the sheet's
// header is kept with the first rows a run records.
struct BatchFiling {
  std::string file_sha256;
  domain::ApplicationKind kind = domain::ApplicationKind::arc;
  std::vector<std::string> header;  // the sheet's header as read
  std::string key_column;           // the column a refused filing is reported at
  std::string group_no;             // empty: no group yet
  bool header_kept = false;         // this run has stored the header
  std::vector<BatchRowEntry> waiting;
};

// The group an earlier run of the same file made for the calling school
// ("" when none): filing.group_no once found.
std::string find_batch_group(const Env& env, const Caller& caller, const BatchFiling& filing);

// The file's group: the one already known or found, else a new one (its
// number, the group and the batch record), written in the write the caller
// holds (a new group is the first filed row's, in its savepoint).
std::string open_batch_group(const Env& env, const Caller& caller, BatchFiling& filing);

// prior_cases and SchoolStudents::prior: service/students.hpp.

// One row of the file, inside the chunk's write. A row `checked` (it passed
// check_submission) is filed unless its student's case was filed before
// (skipped: prior_cases, looked at again under the write lock); filing is one
// savepoint holding the group when it is new and the case (file_submission's
// path): a refusal (the student got an open case meanwhile) undoes only the
// row, which fails at filing.key_column. Every row, filed or not, is then
// recorded with the group (or waits for it). The entry's outcome stands for a
// row not checked.
struct BatchRowFiled {
  BatchRowOutcome outcome = BatchRowOutcome::failed;
  std::string receipt_no;
  std::string refusal_code;  // a refused filing
  Text refusal;
  std::vector<Warning> warnings;
};
BatchRowFiled file_batch_row(const Env& env, const Caller& caller, BatchFiling& filing, BatchRowEntry entry,
                             const CheckedSubmission* checked);

}  // namespace soas::service
