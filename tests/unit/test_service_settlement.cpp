// lib/service/settlement.cpp: a settlement file read line by line and each
// line applied exactly once against its order.

#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "service/orders.hpp"
#include "service/settlement.hpp"
#include "service_world.hpp"
#include "support.hpp"
#include "tabular/table.hpp"

using namespace soas;
using domain::PaymentMethod;
using soas::test::code_of;
using test::Awaiting;

namespace {

std::vector<service::SettlementLine> read(test::TempDir& dir, const std::string& csv) {
  const auto path = dir.write("settle.csv", csv);
  auto table = tabular::open_table(path);
  return service::read_settlement(*table, path);
}

std::string header() {
  return "order,amount,paid_at,channel,reference\n";
}

std::string line(const std::string& order, const std::string& amount, const std::string& paid_at,
                 const std::string& reference) {
  return order + "," + amount + "," + paid_at + ",7-11," + reference + "\n";
}

domain::CaseState state_of(Awaiting& a, const std::string& receipt) {
  return a.w.store->cases().find(receipt)->state;
}

}  // namespace

TEST_CASE("amounts: digits with thousands commas, nothing else", "[settlement]") {
  CHECK(service::parse_amount("1000") == 1000L);
  CHECK(service::parse_amount("1,000") == 1000L);
  CHECK(service::parse_amount("1,234,567") == 1234567L);
  CHECK(service::parse_amount("999999999999") == 999999999999L);
  CHECK_FALSE(service::parse_amount(""));
  CHECK_FALSE(service::parse_amount(","));
  CHECK_FALSE(service::parse_amount("-5"));
  CHECK_FALSE(service::parse_amount("10.5"));
  CHECK_FALSE(service::parse_amount(" 10"));
  CHECK_FALSE(service::parse_amount("1000000000000"));
}

TEST_CASE("outcomes have stable keys; applied and duplicate count as done", "[settlement]") {
  CHECK(service::key(service::SettleOutcome::applied) == "applied");
  CHECK(service::key(service::SettleOutcome::duplicate) == "duplicate");
  CHECK(service::key(service::SettleOutcome::unknown_order) == "unknown-order");
  CHECK(service::key(service::SettleOutcome::amount_mismatch) == "amount-mismatch");
  CHECK(service::key(service::SettleOutcome::expired) == "expired");
  CHECK(service::key(service::SettleOutcome::already_paid) == "already-paid");
  CHECK(service::key(service::SettleOutcome::cancelled) == "cancelled");
  CHECK(service::key(service::SettleOutcome::invalid) == "invalid");
  service::SettleResult r;
  r.outcome = service::SettleOutcome::applied;
  CHECK(service::applied_or_duplicate(r));
  r.outcome = service::SettleOutcome::duplicate;
  CHECK(service::applied_or_duplicate(r));
  r.outcome = service::SettleOutcome::already_paid;
  CHECK_FALSE(service::applied_or_duplicate(r));
}

TEST_CASE("a settlement file's lines: columns found by name in any order and case", "[settlement]") {
  test::TempDir dir;
  const auto lines = read(dir,
                          " Reference ,CHANNEL,paid_at,Amount,order\n"
                          "R-1, family ,2026-11-21T09:00:00+08:00,\"1,000\",1150000001\n"
                          "\n"
                          "R-2,7-11,2026-11-20,250,1150000002\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].line == 2);
  CHECK(lines[0].order_no == "1150000001");
  CHECK(lines[0].amount == 1000);
  CHECK(lines[0].paid_at == *parse_instant("2026-11-21T09:00:00"));
  CHECK(lines[0].channel == "family");
  CHECK(lines[0].reference == "R-1");
  CHECK(lines[0].problem.empty());
  CHECK(lines[1].line == 4);
  CHECK(lines[1].paid_at == from_taipei(*util::parse_iso_date("2026-11-20")));
  CHECK(lines[1].amount == 250);
}

TEST_CASE("a settlement line that cannot be read names its problem", "[settlement]") {
  test::TempDir dir;
  const auto lines = read(dir, header() +
                                   ",100,2026-11-21,7-11,R\n"
                                   "O1,12a,2026-11-21,7-11,R\n"
                                   "O1,100,soon,7-11,R\n"
                                   "O1,100,2026-11-21,,R\n"
                                   "O1,100,2026-11-21,7-11,\n"
                                   "O1,100,2026-11-21,7\x1b[1m,R\n"
                                   "O1,100\n");
  REQUIRE(lines.size() == 7);
  CHECK(lines[0].problem == "order");
  CHECK(lines[1].problem == "amount 12a");
  CHECK(lines[2].problem == "paid_at soon");
  CHECK(lines[3].problem == "channel");
  CHECK(lines[4].problem == "reference");
  CHECK(lines[5].problem.rfind("channel ", 0) == 0);
  CHECK(lines[5].problem.size() > std::string("channel ").size());
  CHECK(lines[6].problem == "paid_at ");
  CHECK(lines[6].amount == 100);
}

TEST_CASE("a settlement file without a header or a column is refused", "[settlement]") {
  test::TempDir dir;
  CHECK(code_of([&] { read(dir, ""); }) == "file-format");
  CHECK(code_of([&] { read(dir, "order,amount,paid_at,channel\nO1,1,2026-11-21,x\n"); }) == "file-format");
  try {
    read(dir, "order,amount,channel,reference\n");
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(e.code() == "file-format");
    CHECK(e.text().en.find("paid_at") != std::string::npos);
  }
}

TEST_CASE("a settlement file applies once: the order paid, its cases issued; again, duplicate",
          "[settlement]") {
  Awaiting a(2);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  const auto path =
      a.w.dir.write("s.csv", header() + line(o.order_no, "\"2,000\"", "2026-11-21T09:59:59Z", "S-1") +
                                 line("115-unknown", "1000", "2026-11-21T09:00:00", "S-2"));
  // 09:59:59Z is 17:59:59 in Taipei: after now.
  auto r = service::settle_file(a.w.env(), a.w.admin(), path);
  REQUIRE(r.size() == 2);
  CHECK(r[0].outcome == service::SettleOutcome::invalid);
  CHECK(r[1].outcome == service::SettleOutcome::unknown_order);

  a.w.dir.write("s.csv", header() + line(o.order_no, "\"2,000\"", "2026-11-21T10:00:00", "S-1") +
                             line("115-unknown", "1000", "2026-11-21T09:00:00", "S-2"));
  r = service::settle_file(a.w.env(), a.w.admin(), path);
  REQUIRE(r.size() == 2);
  CHECK(r[0].outcome == service::SettleOutcome::applied);
  CHECK(r[0].line.line == 2);
  CHECK(r[0].issued == a.receipts);
  CHECK(r[1].outcome == service::SettleOutcome::unknown_order);
  const auto paid = a.w.store->payments().find(o.order_no);
  CHECK(paid->status == domain::OrderStatus::paid);
  CHECK(paid->channel == "7-11");
  CHECK(paid->reference == "S-1");
  CHECK(state_of(a, a.receipts[0]) == domain::CaseState::issued);
  CHECK(state_of(a, a.receipts[1]) == domain::CaseState::issued);
  CHECK(a.w.store->payments().settled(o.order_no, "S-1"));

  r = service::settle_file(a.w.env(), a.w.admin(), path);
  REQUIRE(r.size() == 2);
  CHECK(r[0].outcome == service::SettleOutcome::duplicate);
  CHECK(r[0].issued.empty());
  // The same order paid again under another reference is a double payment.
  a.w.dir.write("s.csv", header() + line(o.order_no, "2000", "2026-11-21T10:00:00", "S-9"));
  r = service::settle_file(a.w.env(), a.w.admin(), path);
  REQUIRE(r.size() == 1);
  CHECK(r[0].outcome == service::SettleOutcome::already_paid);
}

TEST_CASE("only admins settle files", "[settlement]") {
  Awaiting a(1);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  const auto path = a.w.dir.write("s.csv", header() + line(o.order_no, "1000", "2026-11-21T10:00:00", "S-1"));
  CHECK(code_of([&] { service::settle_file(a.w.env(), a.staff, path); }) == "role-forbidden");
  CHECK(code_of([&] { service::settle_file(a.w.env(), a.reviewer, path); }) == "role-forbidden");
  CHECK(a.w.store->payments().find(o.order_no)->status == domain::OrderStatus::live);
  CHECK(state_of(a, a.receipts[0]) == domain::CaseState::awaiting_payment);
}

TEST_CASE("a line is refused for the wrong amount, a time outside the order's, a cancelled order",
          "[settlement]") {
  Awaiting a(2);
  const auto replaced = service::create_order(a.w.env(), a.staff, {a.groups[0]}, PaymentMethod::store);
  const auto o = service::create_order(a.w.env(), a.staff, {a.groups[0]}, PaymentMethod::virtual_account);
  const auto path = a.w.dir.write("s.csv", header() + line(o.order_no, "1001", "2026-11-21T10:00:00", "A") +
                                               line(o.order_no, "1000", "2026-11-21T09:59:59", "B") +
                                               line(o.order_no, "1000", "2026-11-21T10:00:01", "C") +
                                               line(replaced.order_no, "1000", "2026-11-21T10:00:00", "D") +
                                               line(o.order_no, "abc", "2026-11-21T10:00:00", "E"));
  const auto r = service::settle_file(a.w.env(), a.w.admin(), path);
  REQUIRE(r.size() == 5);
  CHECK(r[0].outcome == service::SettleOutcome::amount_mismatch);
  CHECK(r[0].message.en.find("1000") != std::string::npos);
  CHECK(r[0].message.en.find("1001") != std::string::npos);
  CHECK(r[1].outcome == service::SettleOutcome::invalid);  // before the order was made
  CHECK(r[2].outcome == service::SettleOutcome::invalid);  // after now
  CHECK(r[3].outcome == service::SettleOutcome::cancelled);
  CHECK(r[4].outcome == service::SettleOutcome::invalid);
  CHECK(r[4].message.en.find("amount abc") != std::string::npos);
  for (const auto& x : r) CHECK(x.issued.empty());
  CHECK(a.w.store->payments().find(o.order_no)->status == domain::OrderStatus::live);
  CHECK(state_of(a, a.receipts[0]) == domain::CaseState::awaiting_payment);
}

TEST_CASE("a slip paid after its deadline's day is expired; on the day it applies", "[settlement]") {
  Awaiting a(2);
  const auto late = service::create_order(a.w.env(), a.staff, {a.groups[0]}, PaymentMethod::store);
  const auto on_time = service::create_order(a.w.env(), a.staff, {a.groups[1]}, PaymentMethod::store);
  REQUIRE(late.deadline == "2026-11-26");
  FixedClock later(*parse_instant("2026-11-28T09:00:00"));
  const service::Env env{*a.w.store, a.w.cfg, later};
  const auto path =
      a.w.dir.write("s.csv", header() + line(late.order_no, "1000", "2026-11-27T00:00:00", "L") +
                                 line(on_time.order_no, "1000", "2026-11-26T23:59:59", "T"));
  const auto r = service::settle_file(env, a.w.admin(), path);
  REQUIRE(r.size() == 2);
  CHECK(r[0].outcome == service::SettleOutcome::expired);
  CHECK(r[0].message.en.find("2026-11-26") != std::string::npos);
  CHECK(r[1].outcome == service::SettleOutcome::applied);
  CHECK(r[1].issued == std::vector<std::string>{a.receipts[1]});
  CHECK(state_of(a, a.receipts[0]) == domain::CaseState::awaiting_payment);
  CHECK(state_of(a, a.receipts[1]) == domain::CaseState::issued);
}

TEST_CASE("applying a line records the settlement and audits the payment", "[settlement]") {
  Awaiting a(1);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  service::SettlementLine l;
  l.order_no = o.order_no;
  l.amount = 1000;
  l.paid_at = a.w.clock.now();
  l.channel = "family";
  l.reference = "F-1";
  service::SettleResult r;
  a.w.store->write([&] { r = service::apply_settlement_line(a.w.env(), "admin1", l, "file x.csv"); });
  CHECK(r.outcome == service::SettleOutcome::applied);
  CHECK(r.issued == a.receipts);
  store::AuditQuery q;
  q.entity_id = o.order_no;
  bool audited = false;
  for (const auto& e : a.w.store->audit().list(q))
    if (e.action == "order.paid" && e.actor == "admin1" && e.detail == "file x.csv family 1000")
      audited = true;
  CHECK(audited);
  l.problem = "amount x";
  a.w.store->write([&] { r = service::apply_settlement_line(a.w.env(), "admin1", l, "file x.csv"); });
  CHECK(r.outcome == service::SettleOutcome::invalid);
  CHECK(r.message.en.find("amount x") != std::string::npos);
}
