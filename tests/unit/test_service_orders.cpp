// lib/service/orders.cpp: the groups awaiting payment, a payment's plan, the
// order that pays it (one live order per group), who may see it and when its
// receipt can be downloaded.

#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "service/gateway.hpp"
#include "service/orders.hpp"
#include "service/settlement.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using domain::PaymentMethod;
using soas::test::code_of;
using test::Awaiting;

namespace {

std::int64_t at(const std::string& iso) {
  return *parse_instant(iso);
}

// Marks the order paid as a settlement line would.
void pay(Awaiting& a, const domain::PaymentOrder& o, const std::string& when = "2026-11-21T10:00:00") {
  service::SettlementLine l;
  l.order_no = o.order_no;
  l.amount = o.charged;
  l.paid_at = at(when);
  l.channel = std::string(domain::key(o.method));
  l.reference = "REF-" + o.order_no;
  a.w.store->write([&] {
    REQUIRE(service::apply_settlement_line(a.w.env(), "admin1", l, "test").outcome ==
            service::SettleOutcome::applied);
  });
}

}  // namespace

TEST_CASE("payable groups: a school's own groups awaiting payment, each with its amount", "[orders]") {
  Awaiting a;
  const auto groups = service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows;
  REQUIRE(groups.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(groups[i].group_no == a.groups[i]);
    CHECK(groups[i].first_receipt == a.receipts[i]);
    CHECK(groups[i].kind == domain::ApplicationKind::arc);
    CHECK(groups[i].applicant_name == "LEE ROSE");
    CHECK(groups[i].cases == 1);
    CHECK(groups[i].amount == 1000);
    CHECK(groups[i].live_order.empty());
  }
  CHECK(service::payable_groups(a.w.env(), a.other_staff, std::nullopt, 100).rows.empty());
}

TEST_CASE("payable groups: only students and schools pay", "[orders]") {
  Awaiting a(1);
  CHECK(code_of([&] { service::payable_groups(a.w.env(), a.w.admin(), std::nullopt, 100).rows; }) ==
        "role-forbidden");
  CHECK(code_of([&] { service::payable_groups(a.w.env(), a.reviewer, std::nullopt, 100).rows; }) ==
        "role-forbidden");
  CHECK(code_of([&] { service::plan_payment(a.w.env(), a.reviewer, a.groups, PaymentMethod::store); }) ==
        "role-forbidden");
}

TEST_CASE("payable groups: a paid group is no longer listed; one with a live order names it", "[orders]") {
  Awaiting a;
  const auto order = service::create_order(a.w.env(), a.staff, {a.groups[0]}, PaymentMethod::store);
  auto groups = service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows;
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].live_order == order.order_no);
  CHECK(groups[1].live_order.empty());
  pay(a, order);
  groups = service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows;
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].group_no == a.groups[1]);
}

TEST_CASE("a plan sums its groups (each once) and quotes the method's handling fee", "[orders]") {
  Awaiting a;
  const auto store = service::plan_payment(a.w.env(), a.staff, {a.groups[0], a.groups[1], a.groups[0]},
                                           PaymentMethod::store);
  REQUIRE(store.groups.size() == 2);
  CHECK(store.method == PaymentMethod::store);
  CHECK(store.quote.amount == 2000);
  CHECK(store.quote.handling_fee == 8);
  CHECK(store.quote.total == 2008);
  CHECK_FALSE(store.quote.handling_included);
  const auto card = service::plan_payment(a.w.env(), a.staff, a.groups, PaymentMethod::card);
  CHECK(card.quote.amount == 2000);
  CHECK(card.quote.handling_fee == 40);  // 2%, included
  CHECK(card.quote.handling_included);
  CHECK(card.quote.total == 2000);
}

TEST_CASE("a plan refuses a group the caller cannot see or that awaits nothing", "[orders]") {
  Awaiting a(1);
  CHECK(code_of([&] { service::plan_payment(a.w.env(), a.other_staff, a.groups, PaymentMethod::store); }) ==
        "group-not-payable");
  CHECK(code_of([&] { service::plan_payment(a.w.env(), a.staff, {"999999999"}, PaymentMethod::store); }) ==
        "group-not-payable");
  CHECK(code_of([&] { service::plan_payment(a.w.env(), a.staff, {}, PaymentMethod::store); }) ==
        "nothing-to-pay");
}

TEST_CASE("a plan refuses a paid group as paid, to its payer only", "[orders]") {
  Awaiting a(1);
  pay(a, service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store));
  CHECK(code_of([&] { service::plan_payment(a.w.env(), a.staff, a.groups, PaymentMethod::card); }) ==
        "group-paid");
  CHECK(code_of([&] { service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::card); }) ==
        "group-paid");
  CHECK(code_of([&] { service::plan_payment(a.w.env(), a.other_staff, a.groups, PaymentMethod::card); }) ==
        "group-not-payable");
}

TEST_CASE("a store order: its number, the fees it collects, the school as payer, a deadline", "[orders]") {
  Awaiting a;
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  CHECK(domain::looks_like_order_number(o.order_no));
  CHECK(o.method == PaymentMethod::store);
  CHECK(o.status == domain::OrderStatus::live);
  CHECK(o.amount == 2000);
  CHECK(o.handling_fee == 8);
  CHECK(o.charged == 2000);  // the store takes its fee at the counter
  CHECK(o.payer_id == a.staff.account_id);
  CHECK(o.payer_name == "國立臺北科技大學");
  CHECK(o.created_at == a.w.clock.now());
  CHECK(o.deadline == "2026-11-26");  // 5 days after printing
  CHECK(o.virtual_account.empty());
  REQUIRE(o.groups.size() == 2);
  CHECK(o.groups[0].group_no == a.groups[0]);
  CHECK(o.groups[0].amount == 1000);
  CHECK(o.groups[0].cases == 1);
  const auto stored = a.w.store->payments().find(o.order_no);
  REQUIRE(stored);
  CHECK(stored->charged == 2000);
  CHECK(stored->groups.size() == 2);
  const auto second = service::create_order(a.w.env(), a.staff, {a.groups[0]}, PaymentMethod::card);
  CHECK(second.order_no != o.order_no);
}

TEST_CASE("a card order charges the total and has no deadline; a virtual account gets its number",
          "[orders]") {
  Awaiting a;
  const auto card = service::create_order(a.w.env(), a.staff, {a.groups[0]}, PaymentMethod::card);
  CHECK(card.method == PaymentMethod::card);
  CHECK(card.amount == 1000);
  CHECK(card.handling_fee == 20);
  CHECK(card.charged == 1000);
  CHECK(card.deadline.empty());
  const auto webatm = service::create_order(a.w.env(), a.staff, {a.groups[1]}, PaymentMethod::webatm);
  CHECK(webatm.handling_fee == 7);
  CHECK(webatm.charged == 1007);
  CHECK(webatm.deadline.empty());
  const auto va = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::virtual_account);
  CHECK(va.method == PaymentMethod::virtual_account);
  CHECK(va.charged == 2000);
  CHECK(va.deadline == "2026-11-26");
  CHECK_FALSE(va.virtual_account.empty());
  CHECK(va.virtual_account.back() ==
        domain::luhn_check_digit(
            std::string_view(va.virtual_account).substr(0, va.virtual_account.size() - 1)));
}

TEST_CASE("a new order cancels the live order of its groups", "[orders]") {
  Awaiting a;
  const auto first = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  const auto second = service::create_order(a.w.env(), a.staff, {a.groups[1]}, PaymentMethod::card);
  CHECK(service::order_status(a.w.env(), a.staff, first.order_no).order.status ==
        domain::OrderStatus::cancelled);
  CHECK(service::order_status(a.w.env(), a.staff, second.order_no).order.status == domain::OrderStatus::live);
  const auto groups = service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows;
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].live_order.empty());  // its order was the one cancelled
  CHECK(groups[1].live_order == second.order_no);
  std::size_t cancels = 0;
  for (const auto& e : a.w.store->audit().list({}))
    if (e.action == "order.cancel" && e.entity_id == first.order_no) ++cancels;
  CHECK(cancels == 1);
}

TEST_CASE("a store slip collects at most store_limit; a refused order writes nothing", "[orders]") {
  Awaiting a;
  a.w.cfg.payment.store_limit = 1500;
  const auto kept = service::create_order(a.w.env(), a.staff, {a.groups[0]}, PaymentMethod::store);
  CHECK(code_of([&] { service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store); }) ==
        "store-limit");
  CHECK(service::order_status(a.w.env(), a.staff, kept.order_no).order.status == domain::OrderStatus::live);
  CHECK(service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows[0].live_order == kept.order_no);
  const auto va = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::virtual_account);
  CHECK(va.charged == 2000);
  a.w.cfg.payment.store_limit = 2000;  // the limit itself is allowed
  CHECK(service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store).charged == 2000);
}

TEST_CASE("an order's status: its payer and admins see it; anyone else as if it did not exist", "[orders]") {
  Awaiting a(1);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  const auto mine = service::order_status(a.w.env(), a.staff, o.order_no);
  CHECK(mine.order.order_no == o.order_no);
  CHECK(mine.order.charged == 1000);
  CHECK_FALSE(mine.expired);
  CHECK(service::order_status(a.w.env(), a.w.admin(), o.order_no).order.order_no == o.order_no);
  CHECK(code_of([&] { service::order_status(a.w.env(), a.other_staff, o.order_no); }) == "order-not-found");
  CHECK(code_of([&] { service::order_status(a.w.env(), a.reviewer, o.order_no); }) == "order-not-found");
  CHECK(code_of([&] { service::order_status(a.w.env(), a.staff, "115-no-such"); }) == "order-not-found");
}

TEST_CASE("an order's status: expired the day after its deadline while unpaid", "[orders]") {
  Awaiting a(1);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  FixedClock deadline_day(at("2026-11-26T23:59:00"));
  FixedClock day_after(at("2026-11-27T00:00:00"));
  CHECK_FALSE(
      service::order_status(service::Env{*a.w.store, a.w.cfg, deadline_day}, a.staff, o.order_no).expired);
  CHECK(service::order_status(service::Env{*a.w.store, a.w.cfg, day_after}, a.staff, o.order_no).expired);
  pay(a, o);
  CHECK_FALSE(
      service::order_status(service::Env{*a.w.store, a.w.cfg, day_after}, a.staff, o.order_no).expired);
}

TEST_CASE("order_expired: after the deadline's day, never without a deadline", "[orders]") {
  domain::PaymentOrder o;
  o.deadline = "2026-11-26";
  CHECK_FALSE(service::order_expired(o, *util::parse_iso_date("2026-11-25")));
  CHECK_FALSE(service::order_expired(o, *util::parse_iso_date("2026-11-26")));
  CHECK(service::order_expired(o, *util::parse_iso_date("2026-11-27")));
  o.deadline.clear();
  CHECK_FALSE(service::order_expired(o, *util::parse_iso_date("2099-01-01")));
}

TEST_CASE("a receipt: 3 working days after a slip is paid, the same day online", "[orders]") {
  test::World w;
  domain::PaymentOrder o;
  o.paid_at = at("2026-11-20T15:00:00");  // a Friday
  o.method = PaymentMethod::store;
  CHECK(service::receipt_available_on(w.env(), o).iso() == "2026-11-25");  // Mon, Tue, Wed
  o.method = PaymentMethod::virtual_account;
  CHECK(service::receipt_available_on(w.env(), o).iso() == "2026-11-25");
  o.method = PaymentMethod::card;
  CHECK(service::receipt_available_on(w.env(), o).iso() == "2026-11-20");
  o.method = PaymentMethod::webatm;
  CHECK(service::receipt_available_on(w.env(), o).iso() == "2026-11-20");
  w.cfg.timing.receipt_working_days_online = 1;
  CHECK(service::receipt_available_on(w.env(), o).iso() == "2026-11-23");
}

TEST_CASE("order warnings: none for a card order or a deadline the calendar covers", "[orders]") {
  Awaiting a(1);
  const auto slip = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  CHECK(service::order_warnings(a.w.env(), slip).empty());
  domain::PaymentOrder far = slip;
  far.deadline = "2099-01-05";
  const auto warnings = service::order_warnings(a.w.env(), far);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].code == "calendar-uncovered");
  far.deadline.clear();
  CHECK(service::order_warnings(a.w.env(), far).empty());
}
