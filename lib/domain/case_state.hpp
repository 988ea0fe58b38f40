#pragma once
// Case states (辦理階段) and the legal transitions between them (DOMAIN.md
// "Case states"). An illegal transition is a Refusal, never a silent no-op.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace soas::domain {

enum class CaseState {
  pending_review,       // 待審核
  returned_correction,  // 退回補正: every field editable, documents replaceable
  returned_supplement,  // 退回補件: fields read-only, documents may change
  resubmitted,          // 補正(件)完成: answered a return, back under review
  awaiting_payment,     // 待繳費
  issued,               // 已核發: paid (or free) and issued
  rejected,             // 不核准
  not_accepted,         // 不受理
  withdrawn,            // 已撤銷
};

enum class CaseAction {
  submit,             // applicant: a new case
  return_correction,  // reviewer
  return_supplement,  // reviewer
  resubmit,           // applicant answers a return
  approve,            // reviewer
  reject,             // reviewer
  not_accept,         // reviewer
  withdraw,           // applicant, while under review and undecided
  settle,             // the payment was received
};

// Who may take an action: the applicant side (a student, or a school for its
// students), a reviewer, or the system (settlement of a payment).
enum class Actor { applicant, reviewer, system };

inline constexpr std::array<CaseState, 9> k_case_states = {
    CaseState::pending_review, CaseState::returned_correction, CaseState::returned_supplement,
    CaseState::resubmitted,    CaseState::awaiting_payment,    CaseState::issued,
    CaseState::rejected,       CaseState::not_accepted,        CaseState::withdrawn};
inline constexpr std::array<CaseAction, 9> k_case_actions = {
    CaseAction::submit,     CaseAction::return_correction, CaseAction::return_supplement,
    CaseAction::resubmit,   CaseAction::approve,           CaseAction::reject,
    CaseAction::not_accept, CaseAction::withdraw,          CaseAction::settle};

std::string_view key(CaseState s);   // pending-review, ...
std::string_view key(CaseAction a);  // submit, return-correction, ...
Text label(CaseState s);             // 待審核 / pending review ...
Text label(CaseAction a);            // 送件 / submit ...
std::optional<CaseState> parse_case_state(std::string_view key);
std::optional<CaseAction> parse_case_action(std::string_view key);

Actor actor_of(CaseAction a);
bool is_under_review(CaseState s);  // pending, returned or resubmitted: no decision yet
bool is_final(CaseState s);         // no action leads out of it

// The state an action leads to from `from` (nullopt for submit, which creates
// the case), or nothing when the transition is illegal. `fee` decides where
// approval leads: a fee-0 case is issued at once.
std::optional<CaseState> next_state(std::optional<CaseState> from, CaseAction action, long fee = 1);
// As next_state, but an illegal transition throws Refusal "illegal-transition"
// naming the state and the action.
CaseState transition(std::optional<CaseState> from, CaseAction action, long fee = 1);

// The actions legal from a state, in table order.
std::vector<CaseAction> legal_actions(CaseState from);

}  // namespace soas::domain
