// Payments: order numbers, the convenience-store barcodes and their check
// characters (worked by hand below), virtual accounts, signed payloads,
// issued documents' validity.

#include <catch2/catch.hpp>

#include "domain/issuance.hpp"
#include "domain/payment.hpp"
#include "security/signing.hpp"
#include "support.hpp"

using namespace soas;
using domain::SlipSettings;
using domain::SlipYear;
using test::code_of;
using util::Date;

TEST_CASE("order numbers are SOAS, the ROC year and 9 digits", "[payment]") {
  CHECK(domain::format_order_number(115, 1) == "SOAS115000000001");
  CHECK(domain::order_sequence_name(115) == "order/115");
  CHECK(domain::looks_like_order_number("SOAS115000000001"));
  CHECK_FALSE(domain::looks_like_order_number("SOAS11500000001"));
  CHECK_FALSE(domain::looks_like_order_number("XOAS115000000001"));
  CHECK(code_of([] { domain::format_order_number(115, 1'000'000'000); }) == "sequence-exhausted");
  CHECK(domain::is_slip_method(domain::PaymentMethod::store));
  CHECK(domain::is_slip_method(domain::PaymentMethod::virtual_account));
  CHECK_FALSE(domain::is_slip_method(domain::PaymentMethod::card));
}

TEST_CASE("check values: digits as such, A-I 1-9, J-R 1-9, S-Z 2-9", "[payment]") {
  CHECK(domain::store_check_value('0') == 0);
  CHECK(domain::store_check_value('7') == 7);
  CHECK(domain::store_check_value('A') == 1);
  CHECK(domain::store_check_value('I') == 9);
  CHECK(domain::store_check_value('J') == 1);
  CHECK(domain::store_check_value('N') == 5);
  CHECK(domain::store_check_value('R') == 9);
  CHECK(domain::store_check_value('S') == 2);
  CHECK(domain::store_check_value('Z') == 9);
  CHECK(domain::store_check_value('-') == 0);
}

TEST_CASE("check characters of a slip, worked by hand", "[payment]") {
  // Segment 1 "151126NIA": odd positions 1,1,2,N=5,A=1 -> 10; even 5,1,6,I=9 -> 21.
  // Segment 2 "SOAS115000000001": odd S=2,A=1,1,5 -> 9; even O=6,S=2,1,(pos 16)1 -> 10.
  // Segment 3 "1511??000001000" (checks at 5-6 left out): odd 1,1 -> 2;
  //   even 5,1,(pos 12)1 -> 7.
  // Odd total 21 mod 11 = 10 -> 'B'; even total 38 mod 11 = 5 -> '5'.
  const auto [c1, c2] = domain::store_check_characters("151126NIA", "SOAS115000000001", "1511??000001000");
  CHECK(c1 == 'B');
  CHECK(c2 == '5');
  // A remainder of 0 gives A and X; 10 gives B and Y.
  CHECK(domain::store_check_characters("0", "", "0000000") == std::pair<char, char>{'A', 'X'});
  CHECK(domain::store_check_characters("505", "", "") == std::pair<char, char>{'B', 'X'});
  CHECK(domain::store_check_characters("05050", "", "") == std::pair<char, char>{'A', 'Y'});
  // The check slots do not count, whatever they hold.
  CHECK(domain::store_check_characters("1", "", "0000ZZ0") ==
        domain::store_check_characters("1", "", "0000000"));
}

TEST_CASE("the three store barcodes", "[payment]") {
  const Date deadline(2026, 11, 26), printed(2026, 11, 21);
  const auto b = domain::store_barcodes(SlipSettings{}, deadline, printed, "SOAS115000000001", 1000);
  CHECK(b.segment1 == "151126NIA");  // ROC 115 -> "15"
  CHECK(b.segment2 == "SOAS115000000001");
  CHECK(b.segment3 == "1511B5000001000");
  CHECK(b.segment1.size() == 9);
  CHECK(b.segment3.size() == 15);

  SlipSettings g;
  g.year = SlipYear::gregorian;
  g.collection_code = "6S8";
  g.period = "print";
  const auto b2 = domain::store_barcodes(g, Date(2027, 1, 3), Date(2026, 12, 29), "SOAS115000000002", 300);
  CHECK(b2.segment1 == "2701036S8");
  CHECK(b2.segment3.substr(0, 4) == "2612");  // the print month
  CHECK(b2.segment3.substr(6) == "000000300");
  const auto [c1, c2] = domain::store_check_characters(b2.segment1, b2.segment2, b2.segment3);
  CHECK(b2.segment3[4] == c1);
  CHECK(b2.segment3[5] == c2);

  SlipSettings literal;
  literal.period = "A001";
  CHECK(domain::store_barcodes(literal, deadline, printed, "SOAS115000000001", 1).segment3.substr(0, 4) ==
        "A001");

  SlipSettings bad;
  bad.collection_code = "toolong";
  CHECK(code_of([&] { domain::store_barcodes(bad, deadline, printed, "SOAS115000000001", 1); }) ==
        "slip-settings");
  // The check sum has values for 0-9 and A-Z only: anything else is refused, not valued 0.
  for (const std::string code : {"N-A", "N+A", "N%A", "N.A", "N A", "N$A", "nia"}) {
    bad.collection_code = code;
    CHECK(domain::slip_settings_problem(bad).has_value());
    CHECK(code_of([&] { domain::store_barcodes(bad, deadline, printed, "SOAS115000000001", 1); }) ==
          "slip-settings");
  }
  bad = SlipSettings{};
  bad.period = "A-01";
  CHECK(code_of([&] { domain::store_barcodes(bad, deadline, printed, "SOAS115000000001", 1); }) ==
        "slip-settings");
  CHECK_FALSE(domain::slip_settings_problem(SlipSettings{}).has_value());
  CHECK(code_of([&] { domain::store_barcodes(SlipSettings{}, deadline, printed, "SOAS-15000000001", 1); }) ==
        "slip-settings");
  bad = SlipSettings{};
  bad.period = "monthly";
  CHECK(code_of([&] { domain::store_barcodes(bad, deadline, printed, "SOAS115000000001", 1); }) ==
        "slip-settings");
  CHECK(code_of([&] { domain::store_barcodes(SlipSettings{}, deadline, printed, "short", 1); }) ==
        "slip-settings");
  CHECK(code_of([&] {
          domain::store_barcodes(SlipSettings{}, deadline, printed, "SOAS115000000001", 1'000'000'000);
        }) == "amount-too-large");
  CHECK(domain::code39_encodable("AZ09 -.$/+%"));
  CHECK_FALSE(domain::code39_encodable("a"));
  CHECK_FALSE(domain::code39_encodable("*"));
}

TEST_CASE("virtual accounts carry a Luhn check digit", "[payment]") {
  CHECK(domain::luhn_check_digit("7992739871") == '3');  // the textbook example
  CHECK(domain::luhn_check_digit("0") == '0');
  const std::string va = domain::virtual_account_number("95012", 1);
  CHECK(va.size() == 15);
  CHECK(va.substr(0, 14) == "95012000000001");
  CHECK(va.back() == domain::luhn_check_digit("95012000000001"));
  CHECK(code_of([] { domain::virtual_account_number("95A12", 1); }) == "slip-settings");
}

TEST_CASE("signed form payloads", "[payment]") {
  const std::string body = domain::form_encode({{"order", "SOAS115000000001"}, {"note", "a b&c=d/é"}});
  CHECK(body == "order=SOAS115000000001&note=a%20b%26c%3Dd%2F%C3%A9");
  const auto f = domain::parse_signed_form(body + "&mac=abcd\n");
  REQUIRE(f);
  CHECK(f->signed_part == body);
  CHECK(f->mac == "abcd");
  REQUIRE(f->pairs.size() == 2);
  CHECK(*domain::form_value(f->pairs, "note") == "a b&c=d/é");
  CHECK(domain::form_value(f->pairs, "missing") == nullptr);
  CHECK_FALSE(domain::parse_signed_form("order=1"));           // no mac
  CHECK_FALSE(domain::parse_signed_form("order=%G1&mac=ab"));  // bad escape
  CHECK_FALSE(domain::parse_signed_form("order&mac=ab"));      // no '='
  CHECK_FALSE(domain::parse_signed_form("order=%4&mac=ab"));   // short escape
  CHECK_FALSE(domain::parse_signed_form("&mac=ab"));           // nothing signed
}

TEST_CASE("HMAC-SHA256 (RFC 4231 test case 2) and its constant-time check", "[security]") {
  const std::string mac = security::hmac_sha256_hex("Jefe", "what do ya want for nothing?");
  CHECK(mac == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(security::hmac_sha256_check("Jefe", "what do ya want for nothing?", mac));
  std::string upper = mac;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(security::hmac_sha256_check("Jefe", "what do ya want for nothing?", upper));
  CHECK_FALSE(security::hmac_sha256_check("Jefe", "what do ya want for nothing!", mac));
  CHECK_FALSE(security::hmac_sha256_check("Jefe", "what do ya want for nothing?", mac.substr(1)));
}

TEST_CASE("issued documents' validity, month ends clamped", "[payment]") {
  const domain::ValidityRules rules{24, 6};
  using domain::ApplicationKind;
  CHECK(domain::valid_until(ApplicationKind::multi_entry, Date(2024, 2, 29), std::nullopt, 1, rules) ==
        Date(2026, 2, 28));
  CHECK(domain::valid_until(ApplicationKind::extension, Date(2026, 3, 1), Date(2026, 5, 31), 1, rules) ==
        Date(2026, 11, 30));
  CHECK(domain::valid_until(ApplicationKind::data_change, Date(2026, 3, 1), Date(2027, 2, 28), 1, rules) ==
        Date(2027, 2, 28));
  CHECK(domain::valid_until(ApplicationKind::arc, Date(2026, 11, 21), std::nullopt, 2, rules) ==
        Date(2028, 11, 21));
  CHECK(domain::valid_until(ApplicationKind::arc, Date(2026, 11, 21), std::nullopt, 0, rules) ==
        Date(2027, 11, 21));
}
