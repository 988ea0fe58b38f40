#include <catch2/catch.hpp>

#include <xlsxwriter.h>
#include <zip.h>

#include <sys/stat.h>

#include <random>

#include "core/error.hpp"
#include "core/files.hpp"
#include "support.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

using namespace soas;
using soas::test::code_of;
using soas::test::TempDir;

namespace {

std::vector<std::vector<std::string>> all_rows(tabular::TableReader& t,
                                               std::vector<std::size_t>* lines = nullptr) {
  std::vector<std::vector<std::string>> out;
  tabular::Row r;
  while (t.next(r)) {
    out.push_back(r.cells);
    if (lines) lines->push_back(r.line);
  }
  return out;
}

// A zip with the given entries (name, content), stored compressed.
void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  REQUIRE(z != nullptr);
  std::vector<std::string> keep;
  keep.reserve(entries.size());
  for (const auto& [name, content] : entries) {
    keep.push_back(content);
    zip_source_t* src = zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
    REQUIRE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(z) == 0);
}

const char* k_workbook =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
const char* k_rels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";
// The package's own relationships: where its workbook is.
const char* k_root_rels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";

const char* k_main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

// A whole transitional package around one worksheet: root relationships,
// the workbook and its relationships, and the shared strings and styles
// when given.
void write_workbook(const std::string& path, const std::string& sheet_data, const std::string& shared = "",
                    const std::string& styles = "", bool date1904 = false) {
  const std::string r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml",
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"_rels/.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"" +
           r +
           "/officeDocument\" Target=\"xl/workbook.xml\"/>"
           "</Relationships>"},
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + k_main_ns + "\" xmlns:r=\"" + r + "\">" +
                              (date1904 ? "<workbookPr date1904=\"1\"/>" : "") +
                              "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"" +
           r +
           "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId2\" Type=\"" +
           r +
           "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
           "<Relationship Id=\"rId3\" Type=\"" +
           r +
           "/styles\" Target=\"styles.xml\"/>"
           "</Relationships>"},
      {"xl/worksheets/sheet1.xml", std::string("<worksheet xmlns=\"") + k_main_ns + "\"><sheetData>" +
                                       sheet_data + "</sheetData></worksheet>"},
  };
  if (!shared.empty())
    parts.emplace_back("xl/sharedStrings.xml",
                       std::string("<sst xmlns=\"") + k_main_ns + "\">" + shared + "</sst>");
  if (!styles.empty())
    parts.emplace_back("xl/styles.xml",
                       std::string("<styleSheet xmlns=\"") + k_main_ns + "\">" + styles + "</styleSheet>");
  write_zip(path, parts);
}

// The one row of a one-row worksheet.
tabular::Row only_row(const std::string& path) {
  auto t = tabular::open_table(path);
  tabular::Row r;
  REQUIRE(t->next(r));
  tabular::Row more;
  CHECK_FALSE(t->next(more));
  return r;
}

}  // namespace

TEST_CASE("numbers as a person reads them: shortest round-trip text, no exponent", "[tabular]") {
  CHECK(tabular::excel_number_text(72.0) == "72");
  CHECK(tabular::excel_number_text(10.2) == "10.2");
  CHECK(tabular::excel_number_text(0.1 + 0.2) == "0.30000000000000004");  // what the double is
  CHECK(tabular::excel_number_text(-3.5) == "-3.5");
  CHECK(tabular::excel_number_text(-0.0) == "0");
  CHECK(tabular::excel_number_text(1234567) == "1234567");
  CHECK(tabular::excel_number_text(912345678) == "912345678");
  CHECK(tabular::excel_number_text(123456789012345.0) == "123456789012345");
  CHECK(tabular::excel_number_text(0.000123) == "0.000123");
  CHECK(tabular::excel_number_text(1e20) == "1e+20");
  CHECK(tabular::excel_number_text(1.5e-9) == "1.5e-09");

  TempDir dir;
  const auto path = dir.file("n.xlsx");
  write_workbook(path,
                 "<row r=\"1\"><c r=\"A1\"><v>72.0</v></c><c r=\"B1\"><v>10.199999999999999</v></c>"
                 "<c r=\"C1\"><v>1.234567E+6</v></c><c r=\"D1\"><v>-0.5</v></c>"
                 "<c r=\"E1\"><f>1/3</f><v>0.33333333333333331</v></c><c r=\"F1\"><v>00123</v></c>"
                 "<c r=\"G1\"><v>not a number</v></c></row>");
  const auto r = only_row(path);
  CHECK(r.cells == std::vector<std::string>{"72", "10.2", "1234567", "-0.5", "0.3333333333333333", "123",
                                            "not a number"});
  for (std::size_t c = 0; c < 6; ++c) CHECK(r.number(c));  // still told apart as numbers
  CHECK_FALSE(r.number(6));
}

TEST_CASE("date-time and time formats show the time; dates stay yyyy-mm-dd", "[tabular]") {
  CHECK(tabular::excel_serial_date_time(45000.4375, false, false) == "2023-03-15 10:30");
  CHECK(tabular::excel_serial_date_time(45000.4375, false, true) == "2023-03-15 10:30:00");
  CHECK(tabular::excel_serial_date_time(45000 + 37815.0 / 86400, false, false) == "2023-03-15 10:30:15");
  CHECK(tabular::excel_serial_date_time(45000.9999999, false, false) == "2023-03-16 00:00");
  CHECK(tabular::excel_serial_date_time(43538.5, true, false) == "2023-03-15 12:00");

  TempDir dir;
  const auto path = dir.file("d.xlsx");
  write_workbook(
      path,
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45000.4375</v></c><c r=\"B1\" s=\"2\"><v>45000.4375</v></c>"
      "<c r=\"C1\" s=\"3\"><v>45000.4375</v></c><c r=\"D1\" s=\"4\"><v>0.75</v></c>"
      "<c r=\"E1\" s=\"5\"><v>1.5208333333333333</v></c><c r=\"F1\" s=\"6\"><v>0.5</v></c>"
      "<c r=\"G1\" s=\"7\"><v>45000.4375</v></c><c r=\"H1\" s=\"8\"><v>0.604166666666667</v></c>"
      "<c r=\"I1\" s=\"9\"><v>2.25</v></c><c r=\"J1\" s=\"10\"><v>0.25</v></c>"
      "<c r=\"K1\" t=\"d\"><v>2024-03-05T10:30:00Z</v></c><c r=\"L1\" t=\"d\"><v>2024-03-05</v></c></row>",
      "",
      "<numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy/mm/dd hh:mm\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd\\ hh:mm:ss\"/>"
      "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/>"
      "<numFmt numFmtId=\"167\" formatCode=\"0.00%\"/>"
      "<numFmt numFmtId=\"168\" formatCode=\"[$-F400]h:mm:ss\\ AM/PM\"/></numFmts>"
      "<cellXfs count=\"11\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "<xf numFmtId=\"14\"/><xf numFmtId=\"20\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
      "<xf numFmtId=\"22\"/><xf numFmtId=\"21\"/><xf numFmtId=\"20\"/><xf numFmtId=\"168\"/></cellXfs>");
  const auto r = only_row(path);
  CHECK(r.cells == std::vector<std::string>{"2023-03-15 10:30", "2023-03-15 10:30:00", "2023-03-15", "18:00",
                                            "36:30", "0.5", "2023-03-15 10:30", "14:30:00", "06:00",
                                            "06:00:00", "2024-03-05 10:30", "2024-03-05"});
  CHECK_FALSE(r.number(0));
  CHECK_FALSE(r.number(3));
  CHECK(r.number(5));  // a percent: the number itself
}

TEST_CASE("an inline string with a <v> too: only its <is> text", "[tabular]") {
  TempDir dir;
  const auto path = dir.file("i.xlsx");
  write_workbook(path,
                 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>王小明</t></is><v>王小明</v></c>"
                 "<c r=\"B1\" t=\"inlineStr\"><v>9</v><is><r><t>Rich </t></r><r><rPr><b/></rPr><t>run</t></r>"
                 "<rPh sb=\"0\" eb=\"1\"><t>ルビ</t></rPh></is></c></row>");
  CHECK(only_row(path).cells == std::vector<std::string>{"王小明", "Rich run"});
}

TEST_CASE("a shared-string cell with an empty <v/> is an empty cell", "[tabular]") {
  TempDir dir;
  const auto path = dir.file("e.xlsx");
  write_workbook(path,
                 "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v/></c>"
                 "<c r=\"C1\" t=\"s\"></c><c r=\"D1\" t=\"s\"><v>1</v></c></row>",
                 "<si><t>a</t></si><si><t>d</t></si>");
  CHECK(only_row(path).cells == std::vector<std::string>{"a", "", "", "d"});
}

TEST_CASE("XLSX parts found through the relationships: unusual paths, Strict OOXML", "[tabular]") {
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  const auto rel = [](const std::string& base, const char* id, const char* type, const std::string& target) {
    return std::string("<Relationship Id=\"") + id + "\" Type=\"" + base + type + "\" Target=\"" + target +
           "\"/>";
  };
  for (const bool strict : {false, true}) {
    INFO((strict ? "strict" : "transitional"));
    const std::string base = strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships/"
                                    : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    const std::string main = strict ? "http://purl.oclc.org/ooxml/spreadsheetml/main" : k_main_ns;
    TempDir dir;
    const auto path = dir.file("p.xlsx");
    write_zip(
        path,
        {{"_rels/.rels", "<Relationships xmlns=\"" + pkg + "\">" +
                             rel(base, "rId1", "officeDocument", "/Book/Main.xml") + "</Relationships>"},
         {"Book/Main.xml", "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + base.substr(0, base.size() - 1) +
                               "\"><sheets><sheet name=\"chart\" sheetId=\"2\" r:id=\"c\"/>"
                               "<sheet name=\"data\" sheetId=\"1\" r:id=\"s\"/></sheets></workbook>"},
         {"Book/_rels/Main.xml.rels",
          "<Relationships xmlns=\"" + pkg + "\">" + rel(base, "c", "chartsheet", "charts/c1.xml") +
              rel(base, "s", "worksheet", "../Data/sheet%20one.xml") +
              rel(base, "t", "sharedStrings", "/Strings/sst.xml") + rel(base, "y", "styles", "./look.xml") +
              "<Relationship Id=\"x\" Type=\"" + base +
              "hyperlink\" Target=\"https://example.org/\" TargetMode=\"External\"/></Relationships>"},
         {"Data/sheet one.xml", "<worksheet xmlns=\"" + main +
                                    "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                                    "<c r=\"B1\" s=\"1\"><v>36312</v></c></row></sheetData></worksheet>"},
         {"Strings/sst.xml", "<sst xmlns=\"" + main + "\"><si><t>王小明</t></si></sst>"},
         {"Book/look.xml",
          "<styleSheet xmlns=\"" + main +
              "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"}});
    const auto r = only_row(path);  // the first worksheet: the chart sheet has no cells
    CHECK(r.cells == std::vector<std::string>{"王小明", "1999-06-01"});
    CHECK(code_of([&] { tabular::open_table(path, "chart"); }) == "file-format");
    CHECK(all_rows(*tabular::open_table(path, "data")) == std::vector<std::vector<std::string>>{r.cells});
  }
  // A workbook at the usual place that no relationship names is no workbook.
  TempDir dir;
  const auto bare = dir.file("bare.xlsx");
  write_zip(bare, {{"xl/workbook.xml", k_workbook}, {"xl/_rels/workbook.xml.rels", k_rels}});
  CHECK(code_of([&] { tabular::open_table(bare); }) == "file-format");
}

TEST_CASE("CSV: quotes, doubled quotes, embedded newlines, CRLF, BOM", "[tabular]") {
  auto t = tabular::csv_from_text(
      "\xEF\xBB\xBF"
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\n1,,3\n",
      "t.csv");
  std::vector<std::size_t> lines;
  const auto rows = all_rows(*t, &lines);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{"a", "b", "c"});
  CHECK(rows[1] == std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"});
  CHECK(rows[2] == std::vector<std::string>{"1", "", "3"});
  CHECK(lines == std::vector<std::size_t>{1, 2, 5});  // blank line 4 skipped
  CHECK(t->format() == "csv");
}

TEST_CASE("CSV: malformed input names the line", "[tabular]") {
  CHECK(code_of([] { all_rows(*tabular::csv_from_text("a\n\"open", "t.csv")); }) == "file-format");
  CHECK(code_of([] { all_rows(*tabular::csv_from_text("\"a\"x,b\n", "t.csv")); }) == "file-format");
  CHECK(code_of([] { all_rows(*tabular::csv_from_text("a,\xB4\xFA\n", "t.csv")); }) ==
        "file-format");  // Big5
  try {
    all_rows(*tabular::csv_from_text("ok\nbad,\"x\"y\n", "t.csv"));
  } catch (const Error& e) {
    CHECK(e.text().en == "t.csv:2: unexpected text after a closing quote");
  }
}

TEST_CASE("Excel serial dates in both systems", "[tabular]") {
  CHECK(tabular::excel_serial_date(1, false) == "1900-01-01");
  CHECK(tabular::excel_serial_date(59, false) == "1900-02-28");
  CHECK(tabular::excel_serial_date(60, false) == "1900-02-29");  // refused later by the date check
  CHECK(tabular::excel_serial_date(61, false) == "1900-03-01");
  CHECK(tabular::excel_serial_date(45000, false) == "2023-03-15");
  CHECK(tabular::excel_serial_date(46347.75, false) == "2026-11-21");
  CHECK(tabular::excel_serial_date(0, true) == "1904-01-01");
  CHECK(tabular::excel_serial_date(44176, true) == "2024-12-12");  // 45638 - 1462
}

TEST_CASE("XLSX written by libxlsxwriter: strings, numbers, dates, booleans, gaps", "[tabular]") {
  TempDir dir;
  const auto path = dir.file("w.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* first = workbook_add_worksheet(wb, "first");
  lxw_worksheet* second = workbook_add_worksheet(wb, "second");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy/mm/dd");
  worksheet_write_string(first, 0, 0, "name", nullptr);
  worksheet_write_string(first, 0, 2, "born", nullptr);
  worksheet_write_string(first, 1, 0, "臺北 Taipei", nullptr);
  worksheet_write_number(first, 1, 1, 12345, nullptr);
  lxw_datetime dt = {1999, 6, 1, 0, 0, 0};
  worksheet_write_datetime(first, 1, 2, &dt, date);
  worksheet_write_boolean(first, 3, 3, 1, nullptr);  // row 2 left empty
  worksheet_write_string(second, 0, 0, "other sheet", nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

  auto t = tabular::open_table(path);
  CHECK(t->format() == "xlsx");
  std::vector<std::size_t> lines;
  const auto rows = all_rows(*t, &lines);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{"name", "", "born"});
  CHECK(rows[1] == std::vector<std::string>{"臺北 Taipei", "12345", "1999-06-01"});
  CHECK(rows[2] == std::vector<std::string>{"", "", "", "TRUE"});
  CHECK(lines == std::vector<std::size_t>{1, 2, 4});
  // Which cells were numbers: the number, not the date, the text or the boolean.
  auto again = tabular::open_table(path);
  tabular::Row r;
  REQUIRE(again->next(r));
  CHECK_FALSE(r.number(0));
  REQUIRE(again->next(r));
  CHECK_FALSE(r.number(0));
  CHECK(r.number(1));
  CHECK_FALSE(r.number(2));
  CHECK_FALSE(r.number(9));
  REQUIRE(again->next(r));
  CHECK_FALSE(r.number(3));
  CHECK(again->fraction() > 0.0);
  CHECK_FALSE(again->next(r));
  CHECK(again->fraction() == 1.0);
  CHECK(all_rows(*tabular::open_table(path, "second")) ==
        std::vector<std::vector<std::string>>{{"other sheet"}});
  CHECK(code_of([&] { tabular::open_table(path, "third"); }) == "file-format");
}

TEST_CASE("XLSX made by hand: inline strings, rich text, phonetic runs, 1904 dates", "[tabular]") {
  TempDir dir;
  const auto path = dir.file("h.xlsx");
  write_zip(
      path,
      {{"xl/workbook.xml", k_workbook},
       {"_rels/.rels", k_root_rels},
       {"xl/_rels/workbook.xml.rels", k_rels},
       {"xl/sharedStrings.xml",
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<si><r><t>Rich </t></r><r><t>text</t></r></si>"
        "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si></sst>"},
       {"xl/styles.xml",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<numFmts><numFmt numFmtId=\"164\" formatCode=\"[$-404]e/m/d\"/></numFmts>"
        "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"},
       {"xl/worksheets/sheet1.xml",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"C3\" s=\"1\"><v>44176</v></c><c r=\"D3\" s=\"2\"><v>0</v></c>"
        "<c r=\"E3\" t=\"e\"><v>#N/A</v></c><c r=\"F3\" t=\"str\"><f>A1</f><v>Rich text</v></c></row>"
        "<row r=\"4\"><c r=\"A4\"/></row>"
        "</sheetData></worksheet>"}});
  std::vector<std::size_t> lines;
  const auto rows = all_rows(*tabular::open_table(path), &lines);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{"Rich text", "", "漢字"});
  CHECK(rows[1] == std::vector<std::string>{"", "inline", "2024-12-12", "1904-01-01", "#N/A", "Rich text"});
  CHECK(lines == std::vector<std::size_t>{1, 3});
}

TEST_CASE("hostile and wrong files fail cleanly", "[tabular]") {
  TempDir dir;
  // An .ods is a zip too.
  const auto ods = dir.file("x.ods");
  write_zip(ods, {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "<x/>"}});
  CHECK(code_of([&] { tabular::open_table(ods); }) == "file-format");
  // A zip that is no workbook.
  const auto zip = dir.file("x.xlsx");
  write_zip(zip, {{"readme.txt", "hello"}});
  CHECK(code_of([&] { tabular::open_table(zip); }) == "file-format");
  // A sheet that inflates past the limit: the declared sizes are not trusted.
  const auto bomb = dir.file("bomb.xlsx");
  std::string huge =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  huge += std::string(3u << 20, ' ');
  huge += "</sheetData></worksheet>";
  write_zip(bomb, {{"xl/workbook.xml", k_workbook},
                   {"_rels/.rels", k_root_rels},
                   {"xl/_rels/workbook.xml.rels", k_rels},
                   {"xl/worksheets/sheet1.xml", huge}});
  tabular::Limits small;
  small.max_entry_bytes = 1u << 20;
  CHECK(code_of([&] { all_rows(*tabular::open_table(bomb, "", small)); }) == "file-too-large");
  CHECK(code_of([&] { all_rows(*tabular::open_table(bomb)); }) == "file-too-large");  // ratio
  // Truncated and bit-flipped workbooks.
  const std::string good = TempDir::read(zip);
  const auto truncated = dir.write("t.xlsx", good.substr(0, good.size() / 2));
  CHECK(code_of([&] { all_rows(*tabular::open_table(truncated)); }) == "file-damaged");
  // Malformed XML inside a valid zip.
  const auto bad_xml = dir.file("b.xlsx");
  write_zip(bad_xml, {{"xl/workbook.xml", k_workbook},
                      {"_rels/.rels", k_root_rels},
                      {"xl/_rels/workbook.xml.rels", k_rels},
                      {"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c><v>1</v></row>"}});
  CHECK(code_of([&] { all_rows(*tabular::open_table(bad_xml)); }) == "file-damaged");
  // A shared-string index that points nowhere.
  const auto bad_index = dir.file("i.xlsx");
  write_zip(bad_index, {{"xl/workbook.xml", k_workbook},
                        {"_rels/.rels", k_root_rels},
                        {"xl/_rels/workbook.xml.rels", k_rels},
                        {"xl/worksheets/sheet1.xml",
                         "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" "
                         "t=\"s\"><v>7</v></c></row></sheetData></worksheet>"}});
  CHECK(code_of([&] { all_rows(*tabular::open_table(bad_index)); }) == "file-damaged");
  CHECK(code_of([&] { tabular::open_table(dir.file("missing.csv")); }) == "file-unreadable");
  CHECK(code_of([&] { tabular::open_table(dir.write("e.csv", "")); }) == "file-format");
  CHECK(code_of([&] {
          tabular::open_table(dir.write("o.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)));
        }) == "file-format");
}

TEST_CASE("XLSX written by LibreOffice Calc: its styles, its guessed types", "[tabular]") {
  auto t = tabular::open_table(std::string(SOAS_TESTS_DIR) + "/fixtures/libreoffice-arc.xlsx");
  tabular::Row header, first, third;
  REQUIRE(t->next(header));
  CHECK(header.cells.size() == 23);
  CHECK(header.cells[1] == "passport_no");
  REQUIRE(t->next(first));
  REQUIRE(first.cells.size() == 23);
  CHECK(first.cells[1] == "P19990601");
  CHECK_FALSE(first.number(1));
  CHECK(first.cells[3] == "1999-06-01");  // a date cell, format yyyy\-mm\-dd
  CHECK_FALSE(first.number(3));
  CHECK(first.cells[13] == "912345678");  // the phone, made a number: its zero gone
  CHECK(first.number(13));
  CHECK(first.cells[14] == "台北市");
  CHECK(first.cells[22] == "2");
  CHECK(first.number(22));
  tabular::Row second;
  REQUIRE(t->next(second));
  REQUIRE(t->next(third));
  CHECK(third.cells[3] == "1999-13-01");  // no such date: Calc kept the text
  CHECK_FALSE(third.number(3));
  CHECK_FALSE(t->next(first));
  // The same bytes from memory read the same; messages name what they are told.
  const std::string path = std::string(SOAS_TESTS_DIR) + "/fixtures/libreoffice-arc.xlsx";
  CHECK(all_rows(*tabular::table_from_memory(TempDir::read(path), "mem.xlsx")) ==
        all_rows(*tabular::open_table(path)));
  CHECK(all_rows(*tabular::table_from_memory("a,b\n1,2\n", "mem.csv")) ==
        std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}});
  try {
    tabular::table_from_memory(std::string("PK\x03\x04 cut short"), "mem.xlsx");
    FAIL("a cut zip was read");
  } catch (const Error& e) {
    CHECK(e.code() == "file-damaged");
    CHECK(util::starts_with(e.text().en, "mem.xlsx: "));
  }
}

// Every damaged workbook ends in one of the reader's own errors: never a
// crash, a hang or a foreign exception (run under ASan and UBSan in CI).
namespace {
void read_or_refuse(const std::string& path, std::size_t& refused) {
  try {
    auto t = tabular::open_table(path);
    tabular::Row r;
    while (t->next(r)) {
    }
  } catch (const Error& e) {
    const std::string code = e.code();
    INFO(code);
    CHECK((code == "file-damaged" || code == "file-format" || code == "file-too-large"));
    ++refused;
  }
}
}  // namespace

TEST_CASE("fuzz-style: truncated and bit-flipped workbooks fail cleanly", "[tabular]") {
  TempDir dir;
  const auto path = dir.file("w.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "s");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  for (lxw_row_t r = 0; r < 40; ++r) {
    worksheet_write_string(ws, r, 0, ("P" + std::to_string(10000000 + r)).c_str(), nullptr);
    worksheet_write_string(ws, r, 1, "臺北市大安區", nullptr);
    worksheet_write_number(ws, r, 2, r * 1.5, nullptr);
    lxw_datetime dt = {2000, 1, static_cast<uint8_t>(r % 28 + 1), 0, 0, 0};
    worksheet_write_datetime(ws, r, 3, &dt, date);
  }
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  const std::string good = TempDir::read(path);
  REQUIRE(good.size() > 1000);

  std::size_t refused = 0;
  for (std::size_t k = 1; k < 64; ++k) {  // cut at 63 places
    read_or_refuse(dir.write("cut.xlsx", good.substr(0, good.size() * k / 64)), refused);
  }
  CHECK(refused == 63);  // a cut zip always loses its central directory

  std::mt19937 rng(20261121);  // fixed: the same files on every run
  std::uniform_int_distribution<std::size_t> at(0, good.size() - 1);
  std::uniform_int_distribution<int> bit(0, 7);
  std::uniform_int_distribution<int> count(1, 8);
  refused = 0;
  for (int i = 0; i < 300; ++i) {
    std::string bad = good;
    for (int n = count(rng); n > 0; --n) bad[at(rng)] ^= static_cast<char>(1 << bit(rng));
    read_or_refuse(dir.write("flip.xlsx", bad), refused);
  }
  CHECK(refused > 150);  // most flips land in compressed data or the directory; some are harmless
}

TEST_CASE("open_table opens through open_regular_file: a FIFO, a directory are refused at once", "[tabular]") {
  TempDir dir;
  const auto fifo = dir.file("pipe.csv");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // No writer ever comes: a blocking open would hang here.
  CHECK(code_of([&] { tabular::open_table(fifo); }) == "file-not-regular");
  CHECK(code_of([&] { tabular::open_table(dir.file("")); }) == "file-not-regular");
  CHECK(code_of([&] { tabular::open_table(dir.file("missing.xlsx")); }) == "file-unreadable");
  // The file read is protected from being overwritten by the same command.
  const auto csv = dir.write("in.csv", "a,b\n1,2\n");
  CHECK(all_rows(*tabular::open_table(csv)) == std::vector<std::vector<std::string>>{{"a", "b"}, {"1", "2"}});
  CHECK(code_of([&] { require_not_protected(csv); }) == "output-protected");
}

TEST_CASE("Big5 text is detected and converted", "[tabular]") {
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
