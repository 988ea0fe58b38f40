#pragma once
// A case (收件號: one applicant's application) as the services handle it and
// the store keeps it: its record, its documents and its history. Plain typed
// values; the rules over them are in case_state.hpp and application.hpp.
//
// "" and 0 are unset in these records (a backend stores them as absent and
// gives absent back as "" or 0; store/store.hpp).

#include <cstdint>
#include <optional>
#include <string>

#include "domain/case_state.hpp"
#include "domain/types.hpp"

namespace soas::domain {

struct CaseRecord {
  std::string receipt_no;
  std::string group_no;
  ApplicationKind kind = ApplicationKind::arc;
  std::int64_t applicant_id = 0;
  std::int64_t filed_by = 0;
  std::string school_code;
  std::string permit_no;
  CaseState state = CaseState::pending_review;
  long fee = 0;
  std::int64_t submitted_at = 0;
  std::string decision_due;  // yyyy-mm-dd: submission + 14 working days
  std::string opinion;       // 審核意見
  std::string reply;         // the applicant's reply
  // Set when the case is issued (paid, or approved free of charge).
  std::string paid_order;      // the order that paid it; empty when free or unpaid
  std::int64_t paid_at = 0;    // when the money was received (0: not paid)
  std::int64_t issued_at = 0;  // when it was issued (0: not issued)
  std::string valid_until;     // yyyy-mm-dd: the issued document's expiry
  bool proxy = false;          // filed by a school for a student who had no account
  bool unrecorded = false;     // filed from the row's own data: not in the school's records
};

// One document of a case: the item it answers (domain/documents.hpp) and its
// place among that item's files, with the file's name, format, size and the
// hash its bytes are kept under.
struct CaseDocument {
  std::string item;
  int seq = 1;
  std::string file_name;
  std::string format;
  std::int64_t size = 0;
  std::string sha256;
};

// One step of a case's history: the action, the state it left (none for the
// submission, which created the case) and the one it reached.
struct CaseEvent {
  CaseAction action = CaseAction::submit;
  std::optional<CaseState> from;
  CaseState to = CaseState::pending_review;
  std::string actor;  // an account name, or "system"
  std::int64_t at = 0;
  std::string note;
};

}  // namespace soas::domain
