// batch/columns.cpp: columns per kind, header cells, cell normalisation.

#include <catch2/catch.hpp>

#include <algorithm>

#include "columns.hpp"

using namespace soas;
using domain::ApplicationKind;

TEST_CASE("columns: kind first, then the key, then the form without read-only fields", "[batch]") {
  const auto arc = batch::columns(ApplicationKind::arc, {"taipei-1"});
  REQUIRE(arc.size() > 5);
  CHECK(arc[0].key == "kind");
  CHECK(batch::key_column(ApplicationKind::arc) == "passport_no");
  CHECK(std::any_of(arc.begin(), arc.end(), [](const batch::Column& c) { return c.key == "passport_no"; }));
  CHECK_FALSE(std::any_of(arc.begin(), arc.end(), [](const batch::Column& c) { return c.key == "school"; }));
  const auto me = batch::columns(ApplicationKind::multi_entry, {});
  CHECK(me[1].key == "permit_no");
  CHECK(me[1].required);
  CHECK(batch::key_column(ApplicationKind::data_change) == "permit_no");
}

TEST_CASE("a header cell names its column by key, label or soas's own header", "[batch]") {
  const auto cols = batch::columns(ApplicationKind::arc, {});
  const auto passport =
      *std::find_if(cols.begin(), cols.end(), [](const batch::Column& c) { return c.key == "passport_no"; });
  CHECK(batch::header_text(passport) == "護照號碼 passport_no *");
  CHECK(batch::column_of("passport_no", cols) == std::optional<std::string>("passport_no"));
  CHECK(batch::column_of("  PASSPORT_NO ", cols) == std::optional<std::string>("passport_no"));
  CHECK(batch::column_of("護照號碼", cols) == std::optional<std::string>("passport_no"));
  CHECK(batch::column_of("護照號碼 passport_no *", cols) == std::optional<std::string>("passport_no"));
  CHECK(batch::column_of("taiwan_address.county", cols) ==
        std::optional<std::string>("taiwan_address.county"));
  CHECK_FALSE(batch::column_of("remarks", cols));
}

TEST_CASE("cells are normalised as people type them", "[batch]") {
  CHECK(batch::normalize_cell("grade", "  ２ ") == "2");
  CHECK(batch::normalize_cell("passport_no", "Ｐ１２３４５６７８") == "P12345678");
  CHECK(batch::normalize_cell("taiwan_address.county", "台北市") == "臺北市");
  CHECK(batch::normalize_cell("name_zh", "台生") == "台生");  // only addresses
  CHECK(batch::normalize_cell("contact_name", "王\u3000老師") == "王 老師");
  CHECK(batch::normalize_cell("x", "\xFF\xFE bad") == "\xFF\xFE bad");  // not UTF-8: trimmed only
}
