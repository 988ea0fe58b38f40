// The SQLite store reads every key column back through its domain parser: a
// value no version of soas writes (a state, a method, an action changed
// behind soas's back) is a damaged database, said so with the column, never
// guessed at or read as undefined behaviour.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/error.hpp"
#include "service_world.hpp"
#include "store/store.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;

namespace {

// Runs sql on the world's database file behind the store's back, CHECK
// constraints off (a tool other than soas need not keep them).
void tamper(test::World& w, const std::string& sql) {
  SQLite::Database raw(w.dir.file("soas.db"), SQLite::OPEN_READWRITE);
  raw.exec("PRAGMA ignore_check_constraints = ON");
  raw.exec(sql);
}

// The message of the error fn throws, in English.
std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.text().en;
  }
  return "";
}

domain::CaseRecord a_case(test::World& w) {
  domain::CaseRecord c;
  c.receipt_no = "115000000001";
  c.group_no = "000000001";
  c.applicant_id = 1;
  c.filed_by = 1;
  c.fee = 1000;
  c.submitted_at = w.clock.now();
  c.decision_due = "2026-12-10";
  w.store->write([&] {
    w.store->cases().insert_group(c.group_no, c.kind, 1, w.clock.now());
    w.store->cases().insert(c, {{"name_zh", "王小明"}});
  });
  return c;
}

}  // namespace

TEST_CASE(
    "a case's history reads back typed: the action, the state left (none for the submission), the state "
    "reached",
    "[store]") {
  test::World w;
  const auto c = a_case(w);
  w.store->write([&] {
    w.store->cases().add_event(
        c.receipt_no, domain::CaseEvent{domain::CaseAction::submit, std::nullopt,
                                        domain::CaseState::pending_review, "ntut.office", w.clock.now(), ""});
    w.store->cases().add_event(
        c.receipt_no,
        domain::CaseEvent{domain::CaseAction::approve, domain::CaseState::pending_review,
                          domain::CaseState::awaiting_payment, "reviewer1", w.clock.now(), "ok"});
  });
  const auto h = w.store->cases().history(c.receipt_no);
  REQUIRE(h.size() == 2);
  CHECK(h[0].action == domain::CaseAction::submit);
  CHECK_FALSE(h[0].from);
  CHECK(h[0].to == domain::CaseState::pending_review);
  CHECK(h[1].action == domain::CaseAction::approve);
  CHECK(h[1].from == domain::CaseState::pending_review);
  CHECK(h[1].to == domain::CaseState::awaiting_payment);
  CHECK(h[1].actor == "reviewer1");
  CHECK(h[1].note == "ok");
}

TEST_CASE("a key column holding what soas never writes is a damaged database, naming the column", "[store]") {
  test::World w;
  const auto c = a_case(w);
  w.store->write([&] {
    w.store->cases().add_event(c.receipt_no,
                               domain::CaseEvent{domain::CaseAction::submit, std::nullopt,
                                                 domain::CaseState::pending_review, "x", 0, ""});
    domain::PaymentOrder o;
    o.order_no = "SOAS115000000001";
    o.method = domain::PaymentMethod::card;
    o.amount = 1000;
    o.charged = 1000;
    o.payer_id = 1;
    o.payer_name = "王小明";
    o.created_at = w.clock.now();
    o.groups = {domain::OrderGroup{c.group_no, 1000, 1}};
    w.store->payments().insert(o);
  });
  REQUIRE(w.store->payments().find("SOAS115000000001")->method == domain::PaymentMethod::card);

  SECTION("a case's state") {
    tamper(w, "UPDATE cases SET state = 'lost'");
    CHECK(code_of([&] { w.store->cases().find(c.receipt_no); }) == "database-corrupt");
    CHECK(message_of([&] { w.store->cases().find(c.receipt_no); }).find("an unknown value in cases.state") !=
          std::string::npos);
  }
  SECTION("an event's action") {
    tamper(w, "UPDATE case_history SET action = 'dance'");
    CHECK(code_of([&] { w.store->cases().history(c.receipt_no); }) == "database-corrupt");
    CHECK(message_of([&] { w.store->cases().history(c.receipt_no); }).find("case_history.action") !=
          std::string::npos);
  }
  SECTION("an event's state left") {
    tamper(w, "UPDATE case_history SET from_state = 'limbo'");
    CHECK(message_of([&] { w.store->cases().history(c.receipt_no); }).find("case_history.from_state") !=
          std::string::npos);
  }
  SECTION("an order's method") {
    tamper(w, "UPDATE payment_orders SET method = 'cash'");
    CHECK(code_of([&] { w.store->payments().find("SOAS115000000001"); }) == "database-corrupt");
    CHECK(message_of([&] { w.store->payments().find("SOAS115000000001"); }).find("payment_orders.method") !=
          std::string::npos);
  }
  SECTION("an order's status") {
    tamper(w, "UPDATE payment_orders SET status = 'maybe'");
    CHECK(message_of([&] { w.store->payments().find("SOAS115000000001"); }).find("payment_orders.status") !=
          std::string::npos);
  }
  SECTION("an account's role") {
    tamper(w, "UPDATE accounts SET role = 'wizard'");
    CHECK(code_of([&] { w.store->accounts().list({}); }) == "database-corrupt");
    CHECK(message_of([&] { w.store->accounts().list({}); }).find("accounts.role") != std::string::npos);
  }
}
