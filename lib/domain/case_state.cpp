#include "domain/case_state.hpp"

#include "core/error.hpp"

namespace soas::domain {

std::string_view key(CaseState s) {
  switch (s) {
    case CaseState::pending_review: return "pending-review";
    case CaseState::returned_correction: return "returned-correction";
    case CaseState::returned_supplement: return "returned-supplement";
    case CaseState::resubmitted: return "resubmitted";
    case CaseState::awaiting_payment: return "awaiting-payment";
    case CaseState::issued: return "issued";
    case CaseState::rejected: return "rejected";
    case CaseState::not_accepted: return "not-accepted";
    case CaseState::withdrawn: return "withdrawn";
  }
  return "?";
}

std::string_view key(CaseAction a) {
  switch (a) {
    case CaseAction::submit: return "submit";
    case CaseAction::return_correction: return "return-correction";
    case CaseAction::return_supplement: return "return-supplement";
    case CaseAction::resubmit: return "resubmit";
    case CaseAction::approve: return "approve";
    case CaseAction::reject: return "reject";
    case CaseAction::not_accept: return "not-accept";
    case CaseAction::withdraw: return "withdraw";
    case CaseAction::settle: return "settle";
  }
  return "?";
}

Text label(CaseState s) {
  switch (s) {
    case CaseState::pending_review: return {"待審核", "pending review"};
    case CaseState::returned_correction: return {"退回補正", "returned for correction"};
    case CaseState::returned_supplement: return {"退回補件", "returned for supplement"};
    case CaseState::resubmitted: return {"補正(件)完成", "correction submitted"};
    case CaseState::awaiting_payment: return {"待繳費", "awaiting payment"};
    case CaseState::issued: return {"已核發", "issued"};
    case CaseState::rejected: return {"不核准", "rejected"};
    case CaseState::not_accepted: return {"不受理", "not accepted"};
    case CaseState::withdrawn: return {"已撤銷", "withdrawn"};
  }
  return {"?", "?"};
}

Text label(CaseAction a) {
  switch (a) {
    case CaseAction::submit: return {"送件", "submit"};
    case CaseAction::return_correction: return {"退回補正", "return for correction"};
    case CaseAction::return_supplement: return {"退回補件", "return for supplement"};
    case CaseAction::resubmit: return {"補正(件)送出", "resubmit"};
    case CaseAction::approve: return {"核准", "approve"};
    case CaseAction::reject: return {"不核准", "reject"};
    case CaseAction::not_accept: return {"不受理", "not accept"};
    case CaseAction::withdraw: return {"案件撤銷", "withdraw"};
    case CaseAction::settle: return {"繳費入帳", "settle payment"};
  }
  return {"?", "?"};
}

std::optional<CaseState> parse_case_state(std::string_view k) {
  for (CaseState s : k_case_states) {
    if (key(s) == k) return s;
  }
  return std::nullopt;
}

std::optional<CaseAction> parse_case_action(std::string_view k) {
  for (CaseAction a : k_case_actions) {
    if (key(a) == k) return a;
  }
  return std::nullopt;
}

Actor actor_of(CaseAction a) {
  switch (a) {
    case CaseAction::submit:
    case CaseAction::resubmit:
    case CaseAction::withdraw: return Actor::applicant;
    case CaseAction::settle: return Actor::system;
    default: return Actor::reviewer;
  }
}

bool is_under_review(CaseState s) {
  return s == CaseState::pending_review || s == CaseState::resubmitted ||
         s == CaseState::returned_correction || s == CaseState::returned_supplement;
}

bool is_final(CaseState s) {
  return legal_actions(s).empty();
}

namespace {

bool awaits_decision(CaseState s) {
  return s == CaseState::pending_review || s == CaseState::resubmitted;
}

bool is_returned(CaseState s) {
  return s == CaseState::returned_correction || s == CaseState::returned_supplement;
}

}  // namespace

std::optional<CaseState> next_state(std::optional<CaseState> from, CaseAction action, long fee) {
  if (action == CaseAction::submit) {
    if (from) return std::nullopt;
    return CaseState::pending_review;
  }
  if (!from) return std::nullopt;
  const CaseState s = *from;
  switch (action) {
    case CaseAction::return_correction:
      if (awaits_decision(s)) return CaseState::returned_correction;
      break;
    case CaseAction::return_supplement:
      if (awaits_decision(s)) return CaseState::returned_supplement;
      break;
    case CaseAction::resubmit:
      if (is_returned(s)) return CaseState::resubmitted;
      break;
    case CaseAction::approve:
      if (awaits_decision(s)) return fee > 0 ? CaseState::awaiting_payment : CaseState::issued;
      break;
    case CaseAction::reject:
      if (awaits_decision(s)) return CaseState::rejected;
      break;
    case CaseAction::not_accept:
      // A returned case whose applicant never answers can still be closed as
      // not accepted (extrapolated: the seeds are silent).
      if (awaits_decision(s) || is_returned(s)) return CaseState::not_accepted;
      break;
    case CaseAction::withdraw:
      if (is_under_review(s)) return CaseState::withdrawn;
      break;
    case CaseAction::settle:
      if (s == CaseState::awaiting_payment) return CaseState::issued;
      break;
    case CaseAction::submit: break;
  }
  return std::nullopt;
}

CaseState transition(std::optional<CaseState> from, CaseAction action, long fee) {
  if (const auto to = next_state(from, action, fee)) return *to;
  const Text state = from ? label(*from) : Text{"（尚無案件）", "(no case yet)"};
  const Text act = label(action);
  throw Refusal(msg::illegal_transition.code, msg::illegal_transition.text(std::vector<Text>{state, act}));
}

std::vector<CaseAction> legal_actions(CaseState from) {
  std::vector<CaseAction> out;
  for (CaseAction a : k_case_actions) {
    if (next_state(from, a)) out.push_back(a);
  }
  return out;
}

}  // namespace soas::domain
