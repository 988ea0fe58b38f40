#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "service/numbering.hpp"
#include "store/open.hpp"
#include "support.hpp"

using namespace soas;

TEST_CASE("receipt numbers run per ROC year, group numbers for ever", "[numbering]") {
  test::TempDir dir;
  const FixedClock clock(*parse_instant("2026-12-31T23:00:00"));
  const auto path = dir.file("soas.db");
  store::init_store(path, clock, "system");
  auto s = store::open_store(path, clock);
  std::vector<std::string> got;
  s->write([&] {
    got.push_back(service::allocate_receipt_number(s->sequences(), util::Date(2026, 12, 31)));
    got.push_back(service::allocate_receipt_number(s->sequences(), util::Date(2026, 12, 31)));
    got.push_back(service::allocate_receipt_number(s->sequences(), util::Date(2027, 1, 1)));
    got.push_back(service::allocate_group_number(s->sequences()));
    got.push_back(service::allocate_group_number(s->sequences()));
  });
  CHECK(got ==
        std::vector<std::string>{"115000000001", "115000000002", "116000000001", "000000001", "000000002"});
}
