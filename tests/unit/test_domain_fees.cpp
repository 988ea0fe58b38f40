#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "domain/fees.hpp"

using namespace soas;
using namespace soas::domain;

TEST_CASE("the fee schedule: 1000 / 300 / 0, ARC per year", "[fees]") {
  const FeeSchedule s;
  CHECK(case_fee(s, ApplicationKind::multi_entry) == 1000);
  CHECK(case_fee(s, ApplicationKind::extension) == 300);
  CHECK(case_fee(s, ApplicationKind::data_change) == 0);
  CHECK(case_fee(s, ApplicationKind::arc) == 1000);
  CHECK(case_fee(s, ApplicationKind::arc, 2) == 2000);
  CHECK(case_fee(s, ApplicationKind::arc, 3) == 3000);
  CHECK_THROWS_AS(case_fee(s, ApplicationKind::arc, 0), Refusal);
  FeeSchedule custom;
  custom.extension = 500;
  CHECK(case_fee(custom, ApplicationKind::extension) == 500);
}

TEST_CASE("card: 2% included in the amount charged", "[fees]") {
  const HandlingFees h;
  const auto q = quote_payment(h, PaymentMethod::card, 1000);
  CHECK(q.amount == 1000);
  CHECK(q.handling_fee == 20);
  CHECK(q.handling_included);
  CHECK(q.total == 1000);
  CHECK(quote_payment(h, PaymentMethod::card, 300).handling_fee == 6);
  CHECK(quote_payment(h, PaymentMethod::card, 1300).handling_fee == 26);
  CHECK(quote_payment(h, PaymentMethod::card, 25).handling_fee == 1);  // 0.5 rounds up
  CHECK(quote_payment(h, PaymentMethod::card, 24).handling_fee == 0);  // 0.48 rounds down
}

TEST_CASE("other methods add their fee once per payment", "[fees]") {
  const HandlingFees h;
  CHECK(quote_payment(h, PaymentMethod::webatm, 1000).total == 1007);
  CHECK(quote_payment(h, PaymentMethod::virtual_account, 1000).total == 1010);
  CHECK(quote_payment(h, PaymentMethod::egov, 1000).total == 1015);
  CHECK(quote_payment(h, PaymentMethod::store, 1000).total == 1008);
  // Two groups in one payment (1000 + 300): one handling fee.
  const auto q = quote_payment(h, PaymentMethod::store, 1300);
  CHECK(q.handling_fee == 8);
  CHECK(q.total == 1308);
  CHECK_FALSE(q.handling_included);
}

TEST_CASE("a free case is never paid, so never charged a handling fee", "[fees]") {
  const HandlingFees h;
  for (auto m : k_payment_methods) {
    try {
      quote_payment(h, m, 0);
      FAIL("expected a refusal");
    } catch (const Refusal& e) {
      CHECK(e.code() == "nothing-to-pay");
    }
  }
  CHECK(added_handling_fee(h, PaymentMethod::store) == 8L);
  CHECK_FALSE(added_handling_fee(h, PaymentMethod::card));
}

TEST_CASE("percentages for people", "[fees]") {
  CHECK(percent_text(200) == "2");
  CHECK(percent_text(250) == "2.5");
  CHECK(percent_text(205) == "2.05");
  CHECK(percent_text(0) == "0");
}

TEST_CASE("payment method keys", "[fees]") {
  for (auto m : k_payment_methods) CHECK(parse_payment_method(key(m)) == m);
  CHECK(parse_payment_method("virtual-account") == PaymentMethod::virtual_account);
  CHECK_FALSE(parse_payment_method("cash"));
  CHECK(label(PaymentMethod::store).zh == "四大超商繳費");
}
