#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "domain/numbers.hpp"

using namespace soas;
using namespace soas::domain;

TEST_CASE("receipt numbers: ROC year and a 9-digit sequence", "[numbers]") {
  CHECK(format_receipt_number(115, 1) == "115000000001");
  CHECK(format_receipt_number(108, 695200100) == "108695200100");  // the seed's number
  CHECK(format_receipt_number(115, 999999999) == "115999999999");
  CHECK_THROWS_AS(format_receipt_number(115, 1000000000), Failure);
  CHECK_THROWS_AS(format_receipt_number(115, 0), Failure);
  CHECK_THROWS_AS(format_receipt_number(1000, 1), Failure);
  CHECK(receipt_sequence_name(115) == "receipt/115");
  const auto r = parse_receipt_number("108695200100");
  REQUIRE(r);
  CHECK(r->roc_year == 108);
  CHECK(r->sequence == 695200100);
  CHECK_FALSE(parse_receipt_number("10869520010"));
  CHECK_FALSE(parse_receipt_number("10869520010a"));
  CHECK_FALSE(parse_receipt_number("115000000000"));
}

TEST_CASE("group numbers: 9 digits", "[numbers]") {
  CHECK(format_group_number(1) == "000000001");
  CHECK(format_group_number(86970017) == "086970017");  // the seed's number
  CHECK_THROWS_AS(format_group_number(1000000000), Failure);
  CHECK(parse_group_number("086970017") == 86970017);
  CHECK_FALSE(parse_group_number("86970017"));
  CHECK_FALSE(parse_group_number("000000000"));
}
