#pragma once
// The status of a school batch (soas batch status GROUP), per row of the
// school's original file: what each row became, so the school can match every
// result back to its own sheet by row number and key.

#include <optional>
#include <string>
#include <vector>

#include "domain/case_state.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"
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
  bool proxy = false;       // filed for a student without an account (CaseRecord::proxy)
  bool unrecorded = false;  // filed from the row's own data (CaseRecord::unrecorded)
};

struct BatchStatus {
  std::string group_no;
  std::vector<std::string> header;  // the sheet's header as read; empty without rows
  bool per_row = false;  // false: a group filed before rows were kept (or not by a batch), one line per case
  std::vector<BatchStatusRow> rows;
  long due = 0;  // the amount due on the group's cases, each case once (rows may share one)
};

// The amount still to pay on a case: its fee while it is under review or
// awaiting payment and not paid; 0 once paid or issued, and for a case
// rejected, not accepted or withdrawn (a final state).
long amount_due(const store::CaseRecord& c);

// The group's status, one line per row of its file in row order (with the
// sheet's header and each row's cells); a group without kept rows answers
// one line per case instead, row number empty. A batch's group may be seen by
// its school and by reviewers and admins; a group filed otherwise by those
// who may see its cases (list_cases). Anyone else, and a group that does not
// exist, gets "group-not-found".
BatchStatus batch_status(const Env& env, const Caller& caller, const std::string& group_no);

}  // namespace soas::service
