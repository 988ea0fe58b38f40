#pragma once
// What happens to a case after submission (DOMAIN.md "Case states"; seed 004
// §6, §8): a reviewer returns it for correction or supplement, approves,
// rejects or does not accept it (one case or a whole group); the applicant
// answers a return or withdraws. Every transition goes through the domain
// state machine and changes the case only if it is still in the state read,
// so of two people acting at once exactly one succeeds.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/case_state.hpp"
#include "domain/form.hpp"
#include "service/accounts.hpp"
#include "service/paging.hpp"
#include "store/store.hpp"

namespace soas::service {

// One transition path for every move of a case (review, correction,
// withdrawal, settlement), inside the caller's write: the domain state
// machine, the update made only if the case is still in the state read
// (else "case-changed"), the issue when it ends issued (free cases on
// approval; paid ones with their order), the history event, the audit entry
// and the applicant's mail for the transition, if it has one. `actor` is the
// account name, or "gateway".
struct CaseTransition {
  domain::CaseAction action = domain::CaseAction::approve;
  std::string text;             // the opinion (or the reply) the case keeps
  std::string note;             // the history event's note
  std::string order_no;         // settlement: the order that paid
  std::int64_t paid_at = 0;     // settlement: when
};
domain::CaseRecord transition_case(const Env& env, const std::string& actor, domain::CaseRecord c,
                                   const CaseTransition& t);

// A reviewer's decision, or an applicant's withdrawal. `text` is the
// reviewer's opinion (required to return, reject or not accept).
domain::CaseRecord act_on_case(const Env& env, const Caller& caller, const std::string& receipt_no,
                               domain::CaseAction action, const std::string& text = "");
// The same decision for every case of a group (整團), all or none.
std::vector<domain::CaseRecord> act_on_group(const Env& env, const Caller& caller,
                                             const std::string& group_no, domain::CaseAction action,
                                             const std::string& text = "");

struct Correction {
  std::string receipt_no;
  domain::Form changes;                                       // fields (補正 only)
  std::vector<std::pair<std::string, std::string>> add_docs;  // item, file path
  std::vector<std::pair<std::string, int>> remove_docs;       // item, seq
  std::string reply;                                          // to the reviewer's opinion
};
// Answers a return: in 補正 every field may change and documents may be
// replaced; in 補件 fields are read-only (a change is refused naming it) and
// only documents may be added or removed. Fields and documents are checked
// again; the case goes back under review as 補正(件)完成.
domain::CaseRecord correct_case(const Env& env, const Caller& caller, Correction correction);

// The dashboard (待辦事項): the caller's visible cases in the five sections.
enum class TodoSection { new_cases, awaiting_correction, awaiting_payment, group_refused, refused };
TodoSection section_of(domain::CaseState state, bool whole_group);
struct TodoRow {
  domain::CaseRecord c;
  TodoSection section;
  std::string applicant;  // 申請名稱
};
std::vector<TodoRow> todo(const Env& env, const Caller& caller);
// A page of it: the caller's open cases after `after` in receipt-number
// order (each open state's index range, merged), with their sections and names.
Page<TodoRow> todo_page(const Env& env, const Caller& caller, const std::optional<std::string>& after,
                        std::size_t limit);

// A case as the progress query shows it (案件進度查詢): the case, 申請名稱,
// its fields, its documents in the order they were added, and its history.
// Only a case the caller may see (visible_case); any other is "case-not-found".
struct CaseDetail {
  domain::CaseRecord c;
  std::map<std::string, std::string> fields;
  std::vector<domain::CaseDocument> documents;
  std::vector<domain::CaseEvent> history;
};
CaseDetail case_detail(const Env& env, const Caller& caller, const std::string& receipt_no);

// The files of a case's documents, as uploaded, for the caller to save
// (case show --docs-out): each with the name it is saved under,
// ITEM-SEQ-FILE made safe for a file system.
struct DocumentFile {
  std::string name;
  std::string bytes;
};
std::vector<DocumentFile> case_document_files(const Env& env, const Caller& caller,
                                              const std::string& receipt_no);

// A line of the progress query's list: the case and 申請名稱.
struct CaseListRow {
  domain::CaseRecord c;
  std::string applicant;
};
std::vector<CaseListRow> case_list(const Env& env, const Caller& caller, store::CaseQuery query);
// One page of it: at most `limit` cases (1..k_page_max) after query.after, in
// receipt-number order, each with its name from the same query.
Page<CaseListRow> case_list_page(const Env& env, const Caller& caller, store::CaseQuery query,
                                 std::size_t limit);

// The reviewer's queue (soas review list): the cases pending review or
// resubmitted, or those in `state`; of one kind when given; a page of them
// in receipt-number order. Reviewers only.
struct ReviewQuery {
  std::optional<domain::CaseState> state;
  std::optional<domain::ApplicationKind> kind;
  std::optional<std::string> after;
};
Page<domain::CaseRecord> review_queue(const Env& env, const Caller& caller, const ReviewQuery& query,
                                      std::size_t limit);

}  // namespace soas::service
