#include <catch2/catch.hpp>

#include "domain/batch.hpp"

using namespace soas;

TEST_CASE("row outcomes have stable keys", "[domain]") {
  for (auto o : {domain::RowOutcome::filed, domain::RowOutcome::skipped, domain::RowOutcome::failed})
    CHECK(domain::parse_row_outcome(domain::key(o)) == o);
  CHECK(domain::key(domain::RowOutcome::skipped) == "skipped");
  CHECK_FALSE(domain::parse_row_outcome("ok"));
  CHECK_FALSE(domain::parse_row_outcome(""));
}
