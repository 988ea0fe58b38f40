// lib/service/gateway.cpp: a checkout's signed request, a signed test
// notification and a gateway notification verified and settled once.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "security/signing.hpp"
#include "service/gateway.hpp"
#include "service/orders.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using domain::PaymentMethod;
using soas::test::code_of;
using test::Awaiting;

namespace {

const std::string k_key = "91bfaaf9abd86d1457f4b544a52a9c4a9300a3974185523ef631273de4bde6e1";

// The gateway key written 0600 in the world's directory and configured.
void with_key(Awaiting& a) {
  const auto path = a.w.dir.write("gateway.key", k_key + "\n");
  ::chmod(path.c_str(), 0600);
  a.w.cfg.payment.gateway_key_file = path;
}

std::string signed_form(const std::string& body) {
  return body + "&mac=" + security::hmac_sha256_hex(k_key, body);
}

domain::CaseState state_of(Awaiting& a, const std::string& receipt) {
  return a.w.store->cases().find(receipt)->state;
}

}  // namespace

TEST_CASE("a checkout: the order and its request signed with the gateway key", "[gateway]") {
  Awaiting a(1);
  with_key(a);
  const auto c = service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::card);
  CHECK(c.url == "https://gateway.invalid/pay");
  CHECK(c.order.method == domain::PaymentMethod::card);
  CHECK(c.order.charged == 1000);
  const std::string body = "order=" + c.order.order_no +
                           "&amount=1000&currency=TWD&method=card&created=2026-11-21T10:00:00%2B08:00";
  CHECK(c.request == body + "&mac=" + security::hmac_sha256_hex(k_key, body));
  CHECK(service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows[0].live_order ==
        c.order.order_no);
  const auto egov = service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::egov);
  CHECK(egov.order.charged == 1015);
  CHECK(egov.request.find("&amount=1015&") != std::string::npos);
}

TEST_CASE("a checkout refuses a slip method and a missing key, writing nothing", "[gateway]") {
  Awaiting a(1);
  CHECK(code_of([&] { service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::card); }) ==
        "no-gateway-key");
  with_key(a);
  CHECK(code_of([&] { service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::store); }) ==
        "method-not-online");
  CHECK(code_of([&] { service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::virtual_account); }) ==
        "method-not-online");
  CHECK(service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows[0].live_order.empty());
  CHECK(code_of([&] { service::checkout(a.w.env(), a.other_staff, a.groups, PaymentMethod::card); }) ==
        "group-not-payable");
}

TEST_CASE("a gateway key file others may read, or an empty one, is refused", "[gateway]") {
  Awaiting a(1);
  with_key(a);
  ::chmod(a.w.cfg.payment.gateway_key_file.c_str(), 0644);
  try {
    service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::card);
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(e.code() == "key-file");
    CHECK(e.text().en.find("chmod 600") != std::string::npos);
  }
  CHECK(service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows[0].live_order.empty());
  const auto empty = a.w.dir.write("empty.key", "\n");
  ::chmod(empty.c_str(), 0600);
  a.w.cfg.payment.gateway_key_file = empty;
  CHECK(code_of([&] { service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::card); }) == "key-file");
  a.w.cfg.payment.gateway_key_file = a.w.dir.file("missing.key");
  CHECK(code_of([&] { service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::card); }) == "key-file");
}

TEST_CASE("a signed notification names the order, its charge and defaults; only admins sign", "[gateway]") {
  Awaiting a(1);
  with_key(a);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::webatm);
  service::NotificationDraft d;
  d.order_no = o.order_no;
  const auto payload = service::sign_notification(a.w.env(), a.w.admin(), d);
  const std::string body = "order=" + o.order_no + "&amount=1007&paid_at=2026-11-21T10:00:00%2B08:00" +
                           "&channel=webatm&reference=TEST-" + o.order_no + "&status=success";
  CHECK(payload == signed_form(body));
  d.reference = "R-1";
  d.channel = "atm";
  d.paid_at = "2026-11-21T09:30:00+08:00";
  CHECK(service::sign_notification(a.w.env(), a.w.admin(), d) ==
        signed_form("order=" + o.order_no + "&amount=1007&paid_at=2026-11-21T09:30:00%2B08:00" +
                    "&channel=atm&reference=R-1&status=success"));
  store::AuditQuery q;
  q.entity_id = o.order_no;
  std::size_t signed_entries = 0;
  for (const auto& e : a.w.store->audit().list(q))
    if (e.action == "order.test-notification") ++signed_entries;
  CHECK(signed_entries == 2);

  CHECK(code_of([&] { service::sign_notification(a.w.env(), a.staff, d); }) == "role-forbidden");
  d.paid_at = "yesterday";
  CHECK(code_of([&] { service::sign_notification(a.w.env(), a.w.admin(), d); }) == "callback-malformed");
  d.order_no = "115-no-such";
  CHECK(code_of([&] { service::sign_notification(a.w.env(), a.w.admin(), d); }) == "order-not-found");
  // Signing changes no order.
  CHECK(a.w.store->payments().find(o.order_no)->status == domain::OrderStatus::live);
}

TEST_CASE("a signed notification settles its order once and issues the cases", "[gateway]") {
  Awaiting a(2);
  with_key(a);
  const auto c = service::checkout(a.w.env(), a.staff, a.groups, PaymentMethod::card);
  service::NotificationDraft d;
  d.order_no = c.order.order_no;
  d.reference = "GW-7";
  const auto payload = service::sign_notification(a.w.env(), a.w.admin(), d);
  const auto r = service::settle_callback(a.w.env(), payload);
  CHECK(r.outcome == service::SettleOutcome::applied);
  CHECK(r.line.line == 0);
  CHECK(r.line.amount == 2000);
  CHECK(r.line.reference == "GW-7");
  CHECK(r.line.channel == "card");
  CHECK(r.issued == a.receipts);
  const auto paid = a.w.store->payments().find(c.order.order_no);
  CHECK(paid->status == domain::OrderStatus::paid);
  CHECK(paid->reference == "GW-7");
  CHECK(paid->paid_at == a.w.clock.now());
  for (const auto& receipt : a.receipts) {
    const auto cs = a.w.store->cases().find(receipt);
    CHECK(cs->state == domain::CaseState::issued);
    CHECK(cs->paid_order == c.order.order_no);
  }
  const auto again = service::settle_callback(a.w.env(), payload);
  CHECK(again.outcome == service::SettleOutcome::duplicate);
  CHECK(again.issued.empty());
  CHECK(service::payable_groups(a.w.env(), a.staff, std::nullopt, 100).rows.empty());
}

TEST_CASE("a notification whose mac does not verify changes nothing", "[gateway]") {
  Awaiting a(1);
  with_key(a);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::card);
  service::NotificationDraft d;
  d.order_no = o.order_no;
  auto payload = service::sign_notification(a.w.env(), a.w.admin(), d);
  auto tampered = payload;
  tampered.replace(tampered.find("amount=1000"), 11, "amount=1001");
  CHECK(code_of([&] { service::settle_callback(a.w.env(), tampered); }) == "callback-signature");
  auto bad_mac = payload;
  bad_mac.back() = bad_mac.back() == '0' ? '1' : '0';
  CHECK(code_of([&] { service::settle_callback(a.w.env(), bad_mac); }) == "callback-signature");
  const std::string body = payload.substr(0, payload.rfind("&mac="));
  CHECK(code_of([&] {
          service::settle_callback(a.w.env(), body + "&mac=" + security::hmac_sha256_hex("other-key", body));
        }) == "callback-signature");
  CHECK(a.w.store->payments().find(o.order_no)->status == domain::OrderStatus::live);
  CHECK(state_of(a, a.receipts[0]) == domain::CaseState::awaiting_payment);
  // The untouched payload still applies.
  CHECK(service::settle_callback(a.w.env(), payload).outcome == service::SettleOutcome::applied);
}

TEST_CASE("a notification malformed, not a success or wrong in amount settles nothing", "[gateway]") {
  Awaiting a(1);
  with_key(a);
  const auto o = service::create_order(a.w.env(), a.staff, a.groups, PaymentMethod::card);
  CHECK(code_of([&] { service::settle_callback(a.w.env(), "order=" + o.order_no + "&amount=1000"); }) ==
        "callback-malformed");
  service::NotificationDraft d;
  d.order_no = o.order_no;
  d.status = "failed";
  CHECK(code_of([&] {
          service::settle_callback(a.w.env(), service::sign_notification(a.w.env(), a.w.admin(), d));
        }) == "callback-not-success");
  const std::string base =
      "order=" + o.order_no + "&paid_at=2026-11-21T10:00:00%2B08:00&channel=card&reference=X";
  CHECK(code_of([&] {
          service::settle_callback(a.w.env(), signed_form(base + "&amount=1%2C0x0&status=success"));
        }) == "callback-malformed");
  CHECK(code_of([&] { service::settle_callback(a.w.env(), signed_form(base + "&status=success")); }) ==
        "callback-malformed");
  const auto wrong = service::settle_callback(a.w.env(), signed_form(base + "&amount=999&status=success"));
  CHECK(wrong.outcome == service::SettleOutcome::amount_mismatch);
  CHECK(wrong.issued.empty());
  CHECK(a.w.store->payments().find(o.order_no)->status == domain::OrderStatus::live);
  CHECK(state_of(a, a.receipts[0]) == domain::CaseState::awaiting_payment);
  const auto commas =
      service::settle_callback(a.w.env(), signed_form(base + "&amount=1%2C000&status=success"));
  CHECK(commas.outcome == service::SettleOutcome::applied);
}

TEST_CASE("a notification needs the gateway key configured", "[gateway]") {
  Awaiting a(1);
  CHECK(code_of([&] { service::settle_callback(a.w.env(), signed_form("order=x")); }) == "no-gateway-key");
  service::NotificationDraft d;
  d.order_no = "x";
  CHECK(code_of([&] { service::sign_notification(a.w.env(), a.w.admin(), d); }) == "no-gateway-key");
}
