#include <catch2/catch.hpp>

#include <algorithm>

#include "domain/records.hpp"

using namespace soas;
using namespace soas::domain;

TEST_CASE("a person row: normalised, with conditional requirements", "[records]") {
  std::vector<FieldProblem> problems;
  const RecordRow row = {
      {"record_id", "M1"},     {"identity_type", "mainland"}, {"name_zh", "鄭小華"},
      {"surname_en", "zheng"}, {"given_name_en", "xiaohua"},  {"birth_date", "1995/03/23"},
      {"sex", "女"},           {"birthplace", "廣東省"},      {"mainland_id", "440524199501010014"}};
  const Person p = person_from_row(row, problems);
  CHECK(problems.empty());
  CHECK(p.surname_en == "ZHENG");
  CHECK(p.sex == "F");
  CHECK(p.birth_date == util::Date(1995, 3, 23));
  std::vector<FieldProblem> foreign_problems;
  person_from_row({{"record_id", "F1"},
                   {"identity_type", "foreign"},
                   {"surname_en", "Lee"},
                   {"given_name_en", "Rose"},
                   {"birth_date", "1999-06-01"},
                   {"sex", "F"}},
                  foreign_problems);
  std::vector<std::string> fields;
  for (const auto& fp : foreign_problems) fields.push_back(fp.field);
  CHECK(fields == std::vector<std::string>{"passport_no", "nationality"});
}

TEST_CASE("a permit row", "[records]") {
  std::vector<FieldProblem> problems;
  const Permit p = permit_from_row({{"permit_no", "mp1"},
                                    {"kind", "multi-entry"},
                                    {"record_id", "M1"},
                                    {"issue_date", "2026-01-05"},
                                    {"stay_expiry", "2027-02-28"},
                                    {"entry_inspected", "是"}},
                                   problems);
  CHECK(problems.empty());
  CHECK(p.permit_no == "MP1");
  CHECK(p.entry_inspected);
  std::vector<FieldProblem> bad;
  permit_from_row({{"permit_no", "X-1"},
                   {"kind", "visa"},
                   {"record_id", "M1"},
                   {"issue_date", "2026-02-01"},
                   {"stay_expiry", "2026-01-01"},
                   {"entry_inspected", "maybe"}},
                  bad);
  std::vector<std::string> fields;
  for (const auto& fp : bad) fields.push_back(fp.field);
  CHECK(fields == std::vector<std::string>{"kind", "entry_inspected", "permit_no", "stay_expiry"});
}

TEST_CASE("yes/no, sex and changed fields", "[records]") {
  CHECK(parse_yes_no("YES") == true);
  CHECK(parse_yes_no("否") == false);
  CHECK_FALSE(parse_yes_no("maybe"));
  CHECK(parse_sex("m") == std::string("M"));
  CHECK_FALSE(parse_sex("X"));
  Person a, b;
  b.department = "x";
  b.ui_no = "A800000014";
  CHECK(changed_fields(a, b) == std::vector<std::string>{"ui_no", "department"});
  CHECK(changed_fields(a, a).empty());
}

TEST_CASE("a record cell holding a control character is refused by its column", "[records]") {
  std::vector<FieldProblem> problems;
  person_from_row({{"record_id", "F1"},
                   {"identity_type", "foreign"},
                   {"surname_en", "Lee"},
                   {"given_name_en", "Rose\x1b]0;pwned\x07"},
                   {"birth_date", "1999-06-01"},
                   {"sex", "F"},
                   {"nationality", "馬來西亞"},
                   {"passport_no", "P1999\x7f"}},
                  problems);
  // The cells' other problems (a passport number of the wrong form) are
  // reported too; each cell holding a control character is named once.
  const auto controls = [](const std::vector<FieldProblem>& ps) {
    std::vector<std::string> fields;
    for (const auto& fp : ps) {
      if (fp.code == "field-control-character") fields.push_back(fp.field);
    }
    std::sort(fields.begin(), fields.end());
    return fields;
  };
  const auto fields = controls(problems);
  CHECK(fields == std::vector<std::string>{"given_name_en", "passport_no"});
  std::vector<FieldProblem> permit_problems;
  permit_from_row(
      {{"permit_no", "MP1"}, {"kind", "multi-entry"}, {"record_id", "M1\xc2\x9b"}, {"entry_inspected", "是"}},
      permit_problems);
  CHECK(controls(permit_problems) == std::vector<std::string>{"record_id"});
}
