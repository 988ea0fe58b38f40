#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "service/payments.hpp"
#include "service/records.hpp"
#include "support.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

using namespace soas;
using soas::test::code_of;

namespace {

tabular::Row header(std::vector<std::string> cells) {
  return tabular::Row{1, std::move(cells), {}};
}

std::optional<std::string> lower(const std::string& cell) {
  std::string k = util::to_lower_ascii(util::trim(cell));
  if (k.empty() || k == "ignored") return std::nullopt;
  return k;
}

}  // namespace

TEST_CASE("column letters", "[tabular]") {
  CHECK(tabular::column_letters(0) == "A");
  CHECK(tabular::column_letters(25) == "Z");
  CHECK(tabular::column_letters(26) == "AA");
  CHECK(tabular::column_letters(701) == "ZZ");
  CHECK(tabular::column_letters(702) == "AAA");
  CHECK(tabular::column_letters(16383) == "XFD");  // Excel's last column
}

TEST_CASE("a header maps each key to its one column", "[tabular]") {
  const tabular::HeaderMap map(header({"Order", "", "ignored", " amount ", "ignored"}), lower, "f.csv");
  CHECK(map.find("order") == std::optional<std::size_t>(0));
  CHECK(map.find("amount") == std::optional<std::size_t>(3));
  CHECK_FALSE(map.has("channel"));
  CHECK(map.keys() == std::vector<std::string>{"order", "", "", "amount", ""});
}

TEST_CASE("a key named by two columns is refused, naming both and the key", "[tabular]") {
  const auto h = header({"order", "amount", "passport_no", "x", "y", " Passport_No"});
  CHECK(code_of([&] { tabular::HeaderMap(h, lower, "f.csv"); }) == "header-duplicate");
  try {
    tabular::HeaderMap(h, lower, "students.xlsx");
    FAIL("a duplicate header was accepted");
  } catch (const Error& e) {
    CHECK(e.exit_code() == Exit::failure);
    CHECK(e.text().en ==
          "students.xlsx: columns C and F are both 'passport_no'; remove or rename one of them");
    CHECK(e.text().zh == "students.xlsx：第 C 欄與第 F 欄都是「passport_no」，請刪除或改名其中一欄");
  }
}

TEST_CASE("settlement files and records files refuse a column named twice", "[tabular]") {
  // The settlement reader took the last "amount"; records reported a
  // problem row; both now refuse the file the same way.
  auto settle = tabular::csv_from_text(
      "order,amount,paid_at,channel,reference,Amount\nSOAS115000000001,1000,2026-11-21T10:00:00+08:00,store,"
      "R,1\n",
      "pay.csv");
  CHECK(code_of([&] { service::read_settlement(*settle, "pay.csv"); }) == "header-duplicate");
  auto records =
      tabular::csv_from_text("permit_no,kind,record_id,PERMIT_NO\nP9,multi-entry,X1,P8\n", "r.csv");
  try {
    service::read_records(*records, "r.csv");
    FAIL("a duplicate header was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == "header-duplicate");
    CHECK(e.text().en == "r.csv: columns A and D are both 'permit_no'; remove or rename one of them");
  }
}
