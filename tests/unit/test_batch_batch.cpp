// The batch processor's pure parts: columns per kind, header cells, cell
// normalisation, the template workbook read back by soas's own reader.

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "batch.hpp"
#include "support.hpp"
#include "tabular/table.hpp"

using namespace soas;
using domain::ApplicationKind;
using test::TempDir;
namespace fs = std::filesystem;

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

TEST_CASE("the template reads back: its header names every column", "[batch]") {
  TempDir dir;
  const std::string path = dir.file("t.xlsx");
  batch::write_template(ApplicationKind::multi_entry, {"taipei-1", "kaohsiung-1"}, path);
  auto table = tabular::open_table(path);
  CHECK(table->format() == "xlsx");
  tabular::Row header;
  REQUIRE(table->next(header));
  const auto cols = batch::columns(ApplicationKind::multi_entry, {"taipei-1", "kaohsiung-1"});
  REQUIRE(header.cells.size() == cols.size());
  for (std::size_t i = 0; i < cols.size(); ++i) {
    INFO(header.cells[i]);
    CHECK(batch::column_of(header.cells[i], cols) == std::optional<std::string>(cols[i].key));
  }
}

TEST_CASE("Big5 text is detected and converted", "[batch]") {
  const std::string big5 = "\xA9\x6D\xA6\x57,\xBB\x4F\xC6\x57\n";  // 姓名,臺灣 in CP950
  CHECK(tabular::big5_to_utf8(big5) == std::optional<std::string>("姓名,臺灣\n"));
  CHECK_FALSE(tabular::big5_to_utf8("\xFF\xFF"));
  TempDir dir;
  auto table = tabular::open_table(dir.write("b.csv", big5));
  tabular::Row row;
  REQUIRE(table->next(row));
  CHECK(row.cells == std::vector<std::string>{"姓名", "臺灣"});
  CHECK(test::code_of([&] {
          tabular::open_table(dir.write("u.csv", "a,\xFF\xFF\n"), "", {}, tabular::Encoding::utf8)->next(row);
        }) == "file-format");
  CHECK(tabular::parse_encoding("CP950") == tabular::Encoding::big5);
  CHECK_FALSE(tabular::parse_encoding("latin1"));
}

TEST_CASE("the report workbook: every row, the bad cells marked, written whole or not at all", "[batch]") {
  TempDir dir;
  const std::string path = dir.file("report.xlsx");
  batch::Report report;
  report.file = "in.xlsx";
  report.headers = {"kind", "passport_no", "taiwan_phone", "remarks"};
  report.header_keys = {"kind", "passport_no", "taiwan_phone", ""};
  {
    batch::ReportWriter writer(path);
    writer.begin(report);
    batch::RowResult ok;
    ok.row = 2;
    ok.key = "P1";
    tabular::Row in_ok{2, {"arc", "P1", "0912345678"}, {}};
    writer.row(ok, in_ok);
    batch::RowResult bad;
    bad.row = 3;
    bad.key = "P2";
    bad.status = batch::RowStatus::failed;
    bad.problems.push_back({"taiwan_phone", "batch-cell-number", Text{"數字", "a number"}});
    tabular::Row in_bad{3, {"arc", "P2", "912345678", "extra"}, {false, false, true}};
    writer.row(bad, in_bad);
    report.rows = 2;
    report.counts[static_cast<int>(batch::RowStatus::ok)] = 1;
    report.counts[static_cast<int>(batch::RowStatus::failed)] = 1;
    CHECK_FALSE(fs::exists(path));  // nothing at the target until finished
    writer.finish(report);
  }
  CHECK((fs::status(path).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK_FALSE(fs::exists(path + ".part"));
  auto table = tabular::open_table(path);
  tabular::Row row;
  REQUIRE(table->next(row));
  CHECK(row.cells == std::vector<std::string>{"狀態 status", "說明 message", "kind", "passport_no",
                                              "taiwan_phone", "remarks"});
  REQUIRE(table->next(row));
  CHECK(row.cells == std::vector<std::string>{"ok", "", "arc", "P1", "0912345678"});
  REQUIRE(table->next(row));
  CHECK(row.cells == std::vector<std::string>{"failed", "taiwan_phone: 數字 / a number", "arc", "P2",
                                              "912345678", "extra"});
  CHECK_FALSE(table->next(row));
  auto summary = tabular::open_table(path, "summary");
  std::map<std::string, std::string> sums;
  while (summary->next(row)) sums[row.cells.at(0)] = row.cells.size() > 1 ? row.cells[1] : "";
  CHECK(sums["列數 rows"] == "2");
  CHECK(sums["有誤 failed"] == "1");
  CHECK(sums["已中斷 interrupted"] == "no");

  // A run that ends in an error leaves no report and no part file behind.
  const std::string broken = dir.file("broken.xlsx");
  {
    batch::ReportWriter writer(broken);
    writer.begin(report);
  }
  CHECK_FALSE(fs::exists(broken));
  CHECK_FALSE(fs::exists(broken + ".part"));
}
