// lib/service/downloads.cpp: e-permits and e-receipts of the caller's issued
// cases, found by group, receipt number or payment date.

#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "service/downloads.hpp"
#include "service/orders.hpp"
#include "service/settlement.hpp"
#include "service/signing.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using domain::PaymentMethod;
using service::DownloadKind;
using soas::test::code_of;
using test::Awaiting;

namespace {

// Both groups paid together by `method` on the world's day, and the signing key made.
struct Issued : Awaiting {
  domain::PaymentOrder order;
  explicit Issued(PaymentMethod method = PaymentMethod::store) : Awaiting(2) {
    w.cfg.pdf.signing_key_file = w.dir.file("permit.key");
    service::ensure_signing_key(w.cfg, *w.store);
    order = service::create_order(w.env(), staff, groups, method);
    service::SettlementLine l;
    l.order_no = order.order_no;
    l.amount = order.charged;
    l.paid_at = w.clock.now();
    l.channel = std::string(domain::key(order.method));
    l.reference = "R-" + order.order_no;
    w.store->write([&] { service::apply_settlement_line(w.env(), "admin1", l, "test"); });
  }
};

}  // namespace

TEST_CASE("downloads: nothing issued, or nothing the caller may see, is download-none", "[downloads]") {
  Awaiting a(1);
  CHECK(code_of([&] { service::download(a.w.env(), a.staff, DownloadKind::permit, {}); }) == "download-none");
  Issued i;
  CHECK(code_of([&] { service::download(i.w.env(), i.other_staff, DownloadKind::permit, {}); }) ==
        "download-none");
  service::DownloadQuery q;
  q.receipt_no = "115999999999";
  CHECK(code_of([&] { service::download(i.w.env(), i.staff, DownloadKind::receipt, q); }) == "download-none");
}

TEST_CASE("downloads: an issued case's e-permit, signed with the database's own key", "[downloads]") {
  Issued i;
  const auto d = service::download(i.w.env(), i.staff, DownloadKind::permit, {});
  REQUIRE(d.files.size() == 2);
  CHECK(d.skipped.empty());
  CHECK(d.files[0].receipt_no == i.receipts[0]);
  CHECK(d.files[0].file_name == i.receipts[0] + "-permit.pdf");
  CHECK(d.files[0].bytes.rfind("%PDF-", 0) == 0);
  const auto v = service::verify_permit_pdf(
      d.files[0].bytes, [&](const std::string& id) { return service::known_public_key(i.w.env(), id); });
  CHECK(v.verdict == service::Verdict::valid);
  CHECK(v.claims.permit_no == i.receipts[0]);
  CHECK(v.claims.name_en == "LEE ROSE");
  CHECK(v.claims.id_no == "P1000001");
  CHECK(v.claims.issued == "2026-11-21");
  CHECK(v.claims.valid_until == "2027-11-21");
  CHECK(v.claims.kind == "arc");
}

TEST_CASE("downloads: a permit needs the signing key", "[downloads]") {
  Issued i;
  i.w.cfg.pdf.signing_key_file = i.w.dir.file("absent.key");
  CHECK(code_of([&] { service::download(i.w.env(), i.staff, DownloadKind::permit, {}); }) ==
        "no-signing-key");
}

TEST_CASE("downloads: by group, receipt number or payment dates", "[downloads]") {
  Issued i;
  service::DownloadQuery q;
  q.group_no = i.groups[1];
  auto d = service::download(i.w.env(), i.staff, DownloadKind::permit, q);
  REQUIRE(d.files.size() == 1);
  CHECK(d.files[0].receipt_no == i.receipts[1]);
  q = {};
  q.receipt_no = i.receipts[0];
  d = service::download(i.w.env(), i.staff, DownloadKind::permit, q);
  REQUIRE(d.files.size() == 1);
  CHECK(d.files[0].receipt_no == i.receipts[0]);
  q = {};
  q.paid_from = util::parse_iso_date("2026-11-21");
  q.paid_to = util::parse_iso_date("2026-11-21");
  CHECK(service::download(i.w.env(), i.staff, DownloadKind::permit, q).files.size() == 2);
  q.paid_from = util::parse_iso_date("2026-11-22");
  q.paid_to = util::parse_iso_date("2026-12-31");
  CHECK(code_of([&] { service::download(i.w.env(), i.staff, DownloadKind::permit, q); }) == "download-none");
  q.paid_from = util::parse_iso_date("2026-11-01");
  q.paid_to = util::parse_iso_date("2026-11-20");
  CHECK(code_of([&] { service::download(i.w.env(), i.staff, DownloadKind::permit, q); }) == "download-none");
}

TEST_CASE("downloads: a store payment's receipts wait 3 working days", "[downloads]") {
  Issued i(PaymentMethod::store);  // paid Saturday 2026-11-21
  auto d = service::download(i.w.env(), i.staff, DownloadKind::receipt, {});
  CHECK(d.files.empty());
  REQUIRE(d.skipped.size() == 2);
  CHECK(d.skipped[0].receipt_no == i.receipts[0]);
  CHECK(d.skipped[0].reason.en.find("2026/11/25") != std::string::npos);
  CHECK(d.warnings.empty());
  FixedClock tuesday(*parse_instant("2026-11-24T18:00:00"));
  CHECK(service::download(service::Env{*i.w.store, i.w.cfg, tuesday}, i.staff, DownloadKind::receipt, {})
            .files.empty());
  FixedClock wednesday(*parse_instant("2026-11-25T08:00:00"));
  d = service::download(service::Env{*i.w.store, i.w.cfg, wednesday}, i.staff, DownloadKind::receipt, {});
  REQUIRE(d.files.size() == 2);
  CHECK(d.skipped.empty());
  CHECK(d.files[1].file_name == i.receipts[1] + "-receipt.pdf");
  CHECK(d.files[1].bytes.rfind("%PDF-", 0) == 0);
}
