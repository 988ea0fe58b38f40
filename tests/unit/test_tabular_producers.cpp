// Workbooks written by other programs (tests/fixtures/xlsx-producers, made by
// its make-fixtures script): each sheet read through open_table must give
// the rows its manifest lists, cell for cell, with the same number cells.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tabular/table.hpp"

using namespace soas;

namespace {

std::string fixture_dir() {
  return std::string(SOAS_TESTS_DIR) + "/fixtures/xlsx-producers/";
}

nlohmann::json manifest() {
  std::ifstream in(fixture_dir() + "manifest.json");
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

// Rows as text for a readable failure: "line 2: [a|b] numbers {1}".
std::vector<std::string> describe(tabular::TableReader& t) {
  std::vector<std::string> out;
  tabular::Row r;
  while (t.next(r)) {
    std::string s = "line " + std::to_string(r.line) + ": [";
    for (std::size_t c = 0; c < r.cells.size(); ++c) s += (c ? "|" : "") + r.cells[c];
    s += "] numbers {";
    bool any = false;
    for (std::size_t c = 0; c < r.cells.size(); ++c) {
      if (r.number(c)) {
        s += (any ? "," : "") + std::to_string(c);
        any = true;
      }
    }
    out.push_back(s + "}");
  }
  return out;
}

std::vector<std::string> describe(const nlohmann::json& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) {
    std::string s = "line " + std::to_string(r.at("line").get<int>()) + ": [";
    bool first = true;
    for (const auto& c : r.at("cells")) {
      s += (first ? "" : "|") + c.get<std::string>();
      first = false;
    }
    s += "] numbers {";
    first = true;
    for (const auto& n : r.at("numbers")) {
      s += (first ? "" : ",") + std::to_string(n.get<int>());
      first = false;
    }
    out.push_back(s + "}");
  }
  return out;
}

}  // namespace

TEST_CASE("XLSX from other producers read as a person sees the cells", "[tabular][fixtures]") {
  const auto m = manifest();
  std::map<std::string, int> per_producer;
  for (const auto& [name, entry] : m.items()) {
    per_producer[entry.at("producer").get<std::string>()]++;
    const std::string path = fixture_dir() + name;
    const auto& sheets = entry.at("sheets");
    REQUIRE_FALSE(sheets.empty());
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      const std::string sheet = sheets[i].at("name").get<std::string>();
      INFO(name + " / sheet " + sheet +
           (entry.contains("note") ? " (" + entry["note"].get<std::string>() + ")" : ""));
      const auto expected = describe(sheets[i].at("rows"));
      CHECK(describe(*tabular::open_table(path, sheet)) == expected);
      if (i == 0) CHECK(describe(*tabular::open_table(path)) == expected);  // the first sheet by default
    }
  }
  // Every workbook of the directory is in the manifest, and there are enough of them.
  for (const auto& f : std::filesystem::directory_iterator(fixture_dir())) {
    if (f.path().extension() == ".xlsx") {
      INFO(f.path().filename().string());
      CHECK(m.contains(f.path().filename().string()));
    }
  }
  CHECK(m.size() >= 30);
  CHECK(per_producer.size() >= 4);
}
