// batch/backend/workbooks.cpp (soas-workbooks.so, linked here): the workbooks as a person opens them: the
// template's validation, prompts, text columns and protection, its header
// read back by soas's own reader; the report's rows, widths, wrapped
// problems, filter, problems sheet and numeric summary, written whole or not
// at all; the results workbook. Read from the sheet XML inside the written
// files.

#include <zip.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>

#include "workbooks.hpp"
#include "domain/countries.hpp"
#include "support.hpp"
#include "tabular/table.hpp"

using namespace soas;
using domain::ApplicationKind;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string zip_part(const std::string& path, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  REQUIRE(z != nullptr);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0) {
    zip_close(z);
    FAIL("no part " << name);
  }
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  REQUIRE(f != nullptr);
  std::string out(static_cast<std::size_t>(st.size), '\0');
  REQUIRE(zip_fread(f, out.data(), st.size) == static_cast<zip_int64_t>(st.size));
  zip_fclose(f);
  zip_close(z);
  return out;
}

std::vector<std::string> all(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it).size() > 1 ? (*it)[1].str() : (*it)[0].str());
  return out;
}

// The cellXfs entries of styles.xml, in index order.
std::vector<std::string> cell_xfs(const std::string& styles) {
  const auto begin = styles.find("<cellXfs");
  const auto end = styles.find("</cellXfs>");
  REQUIRE(begin != std::string::npos);
  return all(styles.substr(begin, end - begin), "(<xf [^>]*/>|<xf [^>]*>.*?</xf>)");
}

std::size_t index_of(const std::vector<batch::Column>& cols, const std::string& key) {
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols[i].key == key) return i;
  FAIL("no column " << key);
  return 0;
}

}  // namespace

TEST_CASE("the template: validation on 10,000 rows with prompts, text IDs, a protected header", "[batch]") {
  TempDir dir;
  const std::string path = dir.file("arc.xlsx");
  const std::vector<std::string> stations = {"taipei-1", "kaohsiung-1"};
  batch::write_template(ApplicationKind::arc, stations, path);
  const auto cols = batch::columns(ApplicationKind::arc, stations);
  const std::string sheet = zip_part(path, "xl/worksheets/sheet1.xml");

  // One validation per column, each from row 2 to row 10001, with a prompt
  // and an error text in both languages.
  const auto validations = all(sheet, "(<dataValidation [^>]*>)");
  CHECK(validations.size() == cols.size());
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const std::string col = tabular::column_letters(i);
    INFO(cols[i].key);
    const auto it = std::find_if(validations.begin(), validations.end(), [&](const std::string& v) {
      return v.find("sqref=\"" + col + "2:" + col + "10001\"") != std::string::npos;
    });
    REQUIRE(it != validations.end());
    CHECK(it->find("showInputMessage=\"1\"") != std::string::npos);
    CHECK(it->find("showErrorMessage=\"1\"") != std::string::npos);
    CHECK(it->find("promptTitle=\"") != std::string::npos);
    CHECK(it->find("prompt=\"") != std::string::npos);
    CHECK(it->find("errorTitle=\"") != std::string::npos);
    CHECK(it->find("error=\"") != std::string::npos);
    std::smatch prompt;
    REQUIRE(std::regex_search(*it, prompt, std::regex(" prompt=\"([^\"]*)\"")));
    const std::string p = prompt[1].str();
    CHECK(std::any_of(p.begin(), p.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));  // zh
    CHECK(std::any_of(p.begin(), p.end(), [](char c) { return c >= 'a' && c <= 'z'; }));                 // en
  }

  // Nationality: the countries, Chinese with English, on the hidden sheet.
  const std::string nat = tabular::column_letters(index_of(cols, "nationality"));
  CHECK(sheet.find("sqref=\"" + nat + "2:" + nat + "10001\"><formula1>lists!$A$1:$A$" +
                   std::to_string(domain::countries().size()) + "</formula1>") != std::string::npos);
  const std::string workbook = zip_part(path, "xl/workbook.xml");
  CHECK(std::regex_search(workbook, std::regex("<sheet name=\"lists\"[^>]*state=\"hidden\"")));
  auto lists = tabular::open_table(path, "lists");
  tabular::Row row;
  REQUIRE(lists->next(row));
  CHECK(row.cells.at(0) == "中華民國 Taiwan (R.O.C.)");
  bool japan = false;
  while (lists->next(row)) japan = japan || row.cells.at(0) == "日本 Japan";
  CHECK(japan);
  CHECK(domain::countries().size() > 100);

  // The header is protected; the data rows are not: every column's format
  // is unlocked, and every identifier column is text (@, numFmtId 49).
  CHECK(sheet.find("<sheetProtection") != std::string::npos);
  const auto xfs = cell_xfs(zip_part(path, "xl/styles.xml"));
  for (std::size_t i = 0; i < cols.size(); ++i) {
    INFO(cols[i].key);
    std::smatch m;
    const std::string n = std::to_string(i + 1);
    REQUIRE(std::regex_search(sheet, m, std::regex("<col min=\"" + n + "\" max=\"" + n + "\"[^>]*style=\"(\\d+)\"")));
    const std::string& xf = xfs.at(std::stoul(m[1].str()));
    CHECK(xf.find("locked=\"0\"") != std::string::npos);
    const bool id = cols[i].key == "passport_no" || cols[i].key == "ui_no" || cols[i].key == "contact_id" ||
                    cols[i].key == "taiwan_phone" || cols[i].key == "contact_phone";
    if (id) CHECK(xf.find("numFmtId=\"49\"") != std::string::npos);
  }
  std::smatch head;
  REQUIRE(std::regex_search(sheet, head, std::regex("<c r=\"A1\" s=\"(\\d+)\"")));
  CHECK(xfs.at(std::stoul(head[1].str())).find("locked=\"0\"") == std::string::npos);

  // And soas reads it back: the header names every column.
  auto table = tabular::open_table(path);
  REQUIRE(table->next(row));
  REQUIRE(row.cells.size() == cols.size());
  for (std::size_t i = 0; i < cols.size(); ++i)
    CHECK(batch::column_of(row.cells[i], cols) == std::optional<std::string>(cols[i].key));
}

TEST_CASE("a nationality chosen from the template's list is read as its Chinese name", "[batch]") {
  CHECK(batch::normalize_cell("nationality", "日本 Japan") == "日本");
  CHECK(batch::normalize_cell("contact_nationality", "中華民國 Taiwan (R.O.C.)") == "中華民國");
  CHECK(batch::normalize_cell("nationality", "馬來西亞") == "馬來西亞");
  CHECK(batch::normalize_cell("nationality", "日本 Japon") == "日本 Japon");  // not a choice: as typed
  CHECK(batch::normalize_cell("name_zh", "日本 Japan") == "日本 Japan");      // nationality columns only
  CHECK(domain::country_of_choice("日本") == std::nullopt);
}

TEST_CASE("the report: widths, every problem shown, a filter, a problems sheet, numeric counts", "[batch]") {
  TempDir dir;
  const std::string path = dir.file("report.xlsx");
  batch::Report report;
  report.file = "in.xlsx";
  report.headers = {"kind", "passport_no", "name_zh", "taiwan_phone"};
  report.header_keys = {"kind", "passport_no", "name_zh", "taiwan_phone"};
  const Text unknown{"查無此學生資料", "no such student in the records"};
  const Text number{"此欄須為文字", "this column takes text"};
  {
    batch::ReportWriter writer(path);
    writer.begin(report);
    for (std::size_t r = 2; r <= 9; ++r) {
      batch::RowResult res;
      res.row = r;
      res.status = batch::RowStatus::ok;
      if (r == 3 || r == 4 || r == 5 || r == 7) {
        res.status = batch::RowStatus::failed;
        res.problems.push_back({"passport_no", "records-unknown", unknown});
      }
      if (r == 7) res.problems.push_back({"taiwan_phone", "batch-cell-number", number});
      tabular::Row in{r, {"arc", "P" + std::to_string(r), "王大明同學的名字", "0912345678"}, {}};
      writer.row(res, in);
    }
    report.rows = 8;
    report.counts[static_cast<int>(batch::RowStatus::ok)] = 4;
    report.counts[static_cast<int>(batch::RowStatus::failed)] = 4;
    writer.finish(report);
  }
  const std::string sheet = zip_part(path, "xl/worksheets/sheet1.xml");
  // A filter on the header over every row and column.
  CHECK(sheet.find("<autoFilter ref=\"A1:F9\"/>") != std::string::npos);
  // Widths from the content: name_zh's eight CJK characters are 16 wide.
  CHECK(std::regex_search(sheet, std::regex("<col min=\"5\" max=\"5\" width=\"18")));
  const auto widths = all(sheet, "<col [^>]*width=\"([0-9.]+)\"");
  CHECK(widths.size() == 6);
  // Row 7 (sheet row 7) has two problems: two lines, wrapped, the row as tall.
  CHECK(std::regex_search(sheet, std::regex("<row r=\"7\"[^>]*ht=\"30\"[^>]*customHeight=\"1\"")));
  const auto xfs = cell_xfs(zip_part(path, "xl/styles.xml"));
  std::smatch m;
  REQUIRE(std::regex_search(sheet, m, std::regex("<c r=\"B7\" s=\"(\\d+)\"")));
  CHECK(xfs.at(std::stoul(m[1].str())).find("wrapText=\"1\"") != std::string::npos);
  auto table = tabular::open_table(path);
  tabular::Row row;
  for (int i = 0; i < 7; ++i) REQUIRE(table->next(row));  // the header, rows 2 to 7
  CHECK(row.cells.at(1) ==
        "passport_no: 查無此學生資料 / no such student in the records\n"
        "taiwan_phone: 此欄須為文字 / this column takes text");

  // The problems sheet: one line per (column, problem), the commonest first.
  auto problems = tabular::open_table(path, "problems");
  REQUIRE(problems->next(row));
  CHECK(row.cells.at(0) == "欄位 column");
  REQUIRE(problems->next(row));
  CHECK(row.cells == std::vector<std::string>{"passport_no", "records-unknown",
                                              "查無此學生資料\nno such student in the records", "4", "3-5, 7"});
  REQUIRE(problems->next(row));
  CHECK(row.cells == std::vector<std::string>{"taiwan_phone", "batch-cell-number",
                                              "此欄須為文字\nthis column takes text", "1", "7"});
  CHECK_FALSE(problems->next(row));
  const std::string psheet = zip_part(path, "xl/worksheets/sheet2.xml");
  CHECK(psheet.find("<autoFilter ref=\"A1:E3\"/>") != std::string::npos);
  CHECK(std::regex_search(psheet, std::regex("<c r=\"D2\"( s=\"\\d+\")?><v>4</v></c>")));

  // The summary's counts are numbers, not text.
  const std::string summary = zip_part(path, "xl/worksheets/sheet3.xml");
  for (const char* cell : {"B4", "B5", "B6", "B7", "B8"}) {
    INFO(cell);
    CHECK(std::regex_search(summary, std::regex(std::string("<c r=\"") + cell + "\"( s=\"\\d+\")?><v>\\d+</v></c>")));
  }
  CHECK(std::regex_search(summary, std::regex("<c r=\"B4\"( s=\"\\d+\")?><v>8</v></c>")));
  CHECK(std::regex_search(summary, std::regex("<c r=\"B1\"[^>]*t=\"(s|inlineStr)\"")));  // the file name stays text
}

TEST_CASE("the mainland templates: permit, ID and phone columns are text", "[batch]") {
  TempDir dir;
  for (auto kind : batch::batch_kinds()) {
    if (kind == ApplicationKind::arc) continue;
    const std::string path = dir.file(std::string(domain::key(kind)) + ".xlsx");
    batch::write_template(kind, {"taipei-1"}, path);
    const auto cols = batch::columns(kind, {"taipei-1"});
    const std::string sheet = zip_part(path, "xl/worksheets/sheet1.xml");
    const auto xfs = cell_xfs(zip_part(path, "xl/styles.xml"));
    CHECK(all(sheet, "(<dataValidation [^>]*>)").size() == cols.size());
    for (std::size_t i = 0; i < cols.size(); ++i) {
      const std::string& k = cols[i].key;
      if (k != "permit_no" && k != "mainland_id" && k != "travel_permit_no" && k != "mainland_phone" &&
          k != "taiwan_phone")
        continue;
      INFO(domain::key(kind) << " " << k);
      std::smatch m;
      const std::string n = std::to_string(i + 1);
      REQUIRE(std::regex_search(sheet, m, std::regex("<col min=\"" + n + "\" max=\"" + n + "\"[^>]*style=\"(\\d+)\"")));
      CHECK(xfs.at(std::stoul(m[1].str())).find("numFmtId=\"49\"") != std::string::npos);
    }
  }
}

TEST_CASE("a drop-down too long for Excel's inline list is kept on the lists sheet", "[batch]") {
  TempDir dir;
  const std::string path = dir.file("arc.xlsx");
  std::vector<std::string> stations;
  for (int i = 1; i <= 40; ++i) stations.push_back("station-" + std::to_string(100 + i));  // 440 characters
  batch::write_template(ApplicationKind::arc, stations, path);
  const auto cols = batch::columns(ApplicationKind::arc, stations);
  const std::string col = tabular::column_letters(index_of(cols, "pickup_station"));
  const std::string sheet = zip_part(path, "xl/worksheets/sheet1.xml");
  CHECK(sheet.find("sqref=\"" + col + "2:" + col + "10001\"><formula1>lists!$B$1:$B$40</formula1>") !=
        std::string::npos);
  auto lists = tabular::open_table(path, "lists");
  tabular::Row row;
  REQUIRE(lists->next(row));
  REQUIRE(row.cells.size() == 2);
  CHECK(row.cells[1] == "station-101");
}

TEST_CASE("the results workbook: the school's sheet with the results at the right", "[batch]") {
  TempDir dir;
  const std::string path = dir.file("results.xlsx");
  batch::write_results(path, {"kind", "passport_no", "remarks"},
                       {{{"arc", "P1", "ours"}, "115000000001", "待審核", 2000, ""},
                        {{"arc", "P2", "a", "past the header"}, "", "未送件", 0, "passport_no not-school-student"}});
  CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  auto table = tabular::open_table(path);
  tabular::Row row;
  REQUIRE(table->next(row));
  // The added columns start past the widest row, so no cell of the school's is covered.
  CHECK(row.cells == std::vector<std::string>{"kind", "passport_no", "remarks", "", "收件號 receipt",
                                              "辦理階段 state", "應繳金額 amount due", "問題 problems"});
  REQUIRE(table->next(row));
  CHECK(row.cells == std::vector<std::string>{"arc", "P1", "ours", "", "115000000001", "待審核", "2000"});
  CHECK(row.number(6));
  CHECK_FALSE(row.number(1));
  REQUIRE(table->next(row));
  CHECK(row.cells == std::vector<std::string>{"arc", "P2", "a", "past the header", "", "未送件", "0",
                                              "passport_no not-school-student"});
  CHECK_FALSE(table->next(row));
  const std::string sheet = zip_part(path, "xl/worksheets/sheet1.xml");
  CHECK(sheet.find("<autoFilter ref=\"A1:H3\"/>") != std::string::npos);
  CHECK(sheet.find("state=\"frozen\"") != std::string::npos);
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
