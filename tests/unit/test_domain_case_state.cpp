#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "domain/case_state.hpp"

using namespace soas;
using namespace soas::domain;

TEST_CASE("submission creates a case pending review", "[states]") {
  CHECK(transition(std::nullopt, CaseAction::submit) == CaseState::pending_review);
  CHECK_FALSE(next_state(CaseState::pending_review, CaseAction::submit));
  CHECK_FALSE(next_state(std::nullopt, CaseAction::approve));
}

TEST_CASE("a reviewer's decisions on a case under review", "[states]") {
  for (auto s : {CaseState::pending_review, CaseState::resubmitted}) {
    CHECK(transition(s, CaseAction::return_correction) == CaseState::returned_correction);
    CHECK(transition(s, CaseAction::return_supplement) == CaseState::returned_supplement);
    CHECK(transition(s, CaseAction::approve, 1000) == CaseState::awaiting_payment);
    CHECK(transition(s, CaseAction::approve, 0) == CaseState::issued);  // data change is free
    CHECK(transition(s, CaseAction::reject) == CaseState::rejected);
    CHECK(transition(s, CaseAction::not_accept) == CaseState::not_accepted);
  }
}

TEST_CASE("a returned case is answered, withdrawn or closed, not decided", "[states]") {
  for (auto s : {CaseState::returned_correction, CaseState::returned_supplement}) {
    CHECK(transition(s, CaseAction::resubmit) == CaseState::resubmitted);
    CHECK(transition(s, CaseAction::withdraw) == CaseState::withdrawn);
    CHECK(transition(s, CaseAction::not_accept) == CaseState::not_accepted);
    CHECK_FALSE(next_state(s, CaseAction::approve));
    CHECK_FALSE(next_state(s, CaseAction::reject));
    CHECK_FALSE(next_state(s, CaseAction::return_correction));
  }
}

TEST_CASE("withdrawal only while under review and undecided", "[states]") {
  CHECK(transition(CaseState::pending_review, CaseAction::withdraw) == CaseState::withdrawn);
  CHECK(transition(CaseState::resubmitted, CaseAction::withdraw) == CaseState::withdrawn);
  for (auto s : {CaseState::awaiting_payment, CaseState::issued, CaseState::rejected, CaseState::not_accepted,
                 CaseState::withdrawn}) {
    CHECK_FALSE(next_state(s, CaseAction::withdraw));
  }
}

TEST_CASE("payment settles an approved case and nothing else", "[states]") {
  CHECK(transition(CaseState::awaiting_payment, CaseAction::settle) == CaseState::issued);
  CHECK_FALSE(next_state(CaseState::pending_review, CaseAction::settle));
  CHECK_FALSE(next_state(CaseState::issued, CaseAction::settle));  // never paid twice
}

TEST_CASE("final states allow no action", "[states]") {
  for (auto s : {CaseState::issued, CaseState::rejected, CaseState::not_accepted, CaseState::withdrawn}) {
    CHECK(is_final(s));
    CHECK_FALSE(is_under_review(s));
  }
  CHECK_FALSE(is_final(CaseState::awaiting_payment));
  CHECK(is_under_review(CaseState::returned_supplement));
}

TEST_CASE("an illegal transition is a refusal naming state and action", "[states]") {
  try {
    transition(CaseState::withdrawn, CaseAction::approve);
    FAIL("expected a refusal");
  } catch (const Refusal& e) {
    CHECK(e.code() == "illegal-transition");
    CHECK(e.exit_code() == Exit::refused);
    CHECK(e.text().zh == "案件狀態「已撤銷」不可執行「核准」");
    CHECK(e.text().en == "A case in state \"withdrawn\" cannot be given the action \"approve\"");
  }
}

TEST_CASE("actors and keys", "[states]") {
  CHECK(actor_of(CaseAction::withdraw) == Actor::applicant);
  CHECK(actor_of(CaseAction::resubmit) == Actor::applicant);
  CHECK(actor_of(CaseAction::approve) == Actor::reviewer);
  CHECK(actor_of(CaseAction::settle) == Actor::system);
  for (auto s : k_case_states) CHECK(parse_case_state(key(s)) == s);
  for (auto a : k_case_actions) CHECK(parse_case_action(key(a)) == a);
  CHECK(label(CaseState::resubmitted).zh == "補正(件)完成");
  CHECK(label(CaseState::pending_review).zh == "待審核");
}
