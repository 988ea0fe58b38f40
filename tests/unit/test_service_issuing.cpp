// lib/service/issuing.cpp: a case's issue and the permit's validity it
// records, and the slip PDF with a store slip's barcodes.

#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/payment.hpp"
#include "service/issuing.hpp"
#include "service/orders.hpp"
#include "service/settlement.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using domain::PaymentMethod;
using soas::test::code_of;
using test::Awaiting;

namespace {

// Files and approves one more ARC at NTUT, for `years` years.
std::string arc_for_years(Awaiting& a, const std::string& passport, int years) {
  const domain::Person p = test::foreign_student("Y" + passport, passport, "NTUT");
  a.w.store->write([&] { a.w.store->records().put_person(p); });
  auto s = Awaiting::arc(passport);
  s.form["validity_years"] = std::to_string(years);
  const auto filed = service::submit_application(a.w.env(), a.staff, s);
  service::act_on_case(a.w.env(), a.reviewer, filed.receipt_no, domain::CaseAction::approve);
  return filed.receipt_no;
}

// Records the issue of the case as paid by a card order for its group.
std::string issue(Awaiting& a, const service::Env& env, const domain::CaseRecord& c) {
  const auto o = service::create_order(a.w.env(), a.staff, {c.group_no}, PaymentMethod::card);
  a.w.store->write([&] { service::record_issue(env, c, o.order_no, env.clock.now()); });
  return o.order_no;
}

}  // namespace

TEST_CASE("an ARC is issued for its validity years from the day it is paid", "[issuing]") {
  Awaiting a(1);
  const auto three = arc_for_years(a, "P3000003", 3);
  const auto c3 = *a.w.store->cases().find(three);
  CHECK(c3.fee == 3000);
  const auto o = service::create_order(a.w.env(), a.staff, {a.groups[0], c3.group_no}, PaymentMethod::card);
  service::SettlementLine l;
  l.order_no = o.order_no;
  l.amount = 4000;
  l.paid_at = a.w.clock.now();
  l.channel = "card";
  l.reference = "C-1";
  a.w.store->write([&] {
    REQUIRE(service::apply_settlement_line(a.w.env(), "gateway", l, "callback").outcome ==
            service::SettleOutcome::applied);
  });
  const auto one = *a.w.store->cases().find(a.receipts[0]);
  CHECK(one.state == domain::CaseState::issued);
  CHECK(one.valid_until == "2027-11-21");
  CHECK(one.paid_order == o.order_no);
  CHECK(one.paid_at == a.w.clock.now());
  CHECK(one.issued_at == a.w.clock.now());
  CHECK(a.w.store->cases().find(three)->valid_until == "2029-11-21");
}

TEST_CASE("record_issue: the order, when paid and issued, valid from the issue day", "[issuing]") {
  Awaiting a(1);
  const auto c = *a.w.store->cases().find(a.receipts[0]);
  FixedClock later(*parse_instant("2027-02-28T08:00:00"));
  const service::Env env{*a.w.store, a.w.cfg, later};
  const auto order_no = issue(a, env, c);
  const auto issued = *a.w.store->cases().find(a.receipts[0]);
  CHECK(issued.paid_order == order_no);
  CHECK(issued.paid_at == later.now());
  CHECK(issued.issued_at == later.now());
  CHECK(issued.valid_until == "2028-02-28");
}

TEST_CASE("record_issue: each kind's validity by the configured months", "[issuing]") {
  Awaiting a(1);
  auto c = *a.w.store->cases().find(a.receipts[0]);
  c.kind = domain::ApplicationKind::multi_entry;
  issue(a, a.w.env(), c);
  CHECK(a.w.store->cases().find(c.receipt_no)->valid_until == "2028-11-21");  // 24 months
  a.w.cfg.timing.permit_validity_months = 12;
  issue(a, a.w.env(), c);
  CHECK(a.w.store->cases().find(c.receipt_no)->valid_until == "2027-11-21");

  // An extension runs from the permit's current expiry, or from today
  // when the permit is not in the records.
  c.kind = domain::ApplicationKind::extension;
  c.permit_no = "NOSUCHPERMIT";
  issue(a, a.w.env(), c);
  CHECK(a.w.store->cases().find(c.receipt_no)->valid_until == "2027-05-21");
  domain::Permit p;
  p.permit_no = "A123456789";
  p.kind = domain::PermitKind::multi_entry;
  p.record_id = "F1001";
  p.issue_date = *util::parse_iso_date("2025-01-10");
  p.stay_expiry = *util::parse_iso_date("2027-01-10");
  a.w.store->write([&] { a.w.store->records().put_permit(p); });
  c.permit_no = p.permit_no;
  issue(a, a.w.env(), c);
  CHECK(a.w.store->cases().find(c.receipt_no)->valid_until == "2027-07-10");

  // A data change keeps the permit's expiry.
  c.kind = domain::ApplicationKind::data_change;
  issue(a, a.w.env(), c);
  CHECK(a.w.store->cases().find(c.receipt_no)->valid_until == "2027-01-10");
}

TEST_CASE("a slip PDF is only for a slip order", "[issuing]") {
  Awaiting a(1);
  const auto card = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::card);
  CHECK(code_of([&] { service::slip_pdf(a.w.env(), card); }) == "method-not-slip");
  auto odd = card;
  for (const auto m : {PaymentMethod::webatm, PaymentMethod::egov}) {
    odd.method = m;
    CHECK(code_of([&] { service::slip_pdf(a.w.env(), odd); }) == "method-not-slip");
  }
  const auto slip = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  const auto pdf = service::slip_pdf(a.w.env(), slip);
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  CHECK(pdf.find("%%EOF") != std::string::npos);
  CHECK(pdf.find("Payment slip " + slip.order_no) != std::string::npos);
  const auto va = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::virtual_account);
  CHECK(service::slip_pdf(a.w.env(), va).rfind("%PDF-", 0) == 0);
}

TEST_CASE("a store slip's barcodes: the deadline and collection code, the order, the amount", "[issuing]") {
  Awaiting a(2);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::store);
  REQUIRE(o.order_no.size() == 16);
  const auto b = service::slip_barcodes(a.w.env(), o);
  CHECK(b.segment1 == "151126NIA");  // ROC 115-11-26
  CHECK(b.segment2 == o.order_no);
  REQUIRE(b.segment3.size() == 15);
  CHECK(b.segment3.substr(0, 4) == "1511");  // the deadline's yymm
  CHECK(b.segment3.substr(6) == "000002000");
  const auto checks = domain::store_check_characters(b.segment1, b.segment2, b.segment3);
  CHECK(b.segment3[4] == checks.first);
  CHECK(b.segment3[5] == checks.second);

  a.w.cfg.payment.slip_year = "gregorian";
  a.w.cfg.payment.collection_code = "ABC";
  a.w.cfg.payment.slip_period = "print";
  const auto g = service::slip_barcodes(a.w.env(), o);
  CHECK(g.segment1 == "261126ABC");
  CHECK(g.segment3.substr(0, 4) == "2611");  // printed 2026-11-21
  a.w.cfg.payment.slip_period = "Q4X1";
  CHECK(service::slip_barcodes(a.w.env(), o).segment3.substr(0, 4) == "Q4X1");
}
