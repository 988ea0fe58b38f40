// lib/service/records.cpp: the agency's records imported whole or not at
// all, and schools.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "service/records.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using test::World;

namespace {

std::string sample(const std::string& name) {
  return std::string(SOAS_SAMPLES_DIR) + "/" + name;
}

const char* k_header =
    "record_id,identity_type,name_zh,surname_en,given_name_en,birth_date,sex,nationality,birthplace,"
    "passport_no,mainland_id,travel_permit_no,ui_no,school_code,department\n";
const char* k_rose = "F0001,foreign,,LEE,ROSE,1999-06-01,F,馬來西亞,,P19990601,,,,NTUT,資訊工程系\n";

service::Caller staff_of(World& w) {
  const auto admin = w.admin();
  service::add_school(w.env(), admin, {"NTUT", "國立臺北科技大學"});
  service::add_user(w.env(), admin,
                    {"ntut.office", domain::Role::school, "NTUT", "intl@ntut.example", "staff-pass1"});
  return service::resolve_session(*w.store, service::login(w.env(), "ntut.office", "staff-pass1").token,
                                  w.clock.now());
}

}  // namespace

TEST_CASE("records: the sample files import; again, nothing changes", "[records][service]") {
  World w;
  service::add_school(w.env(), w.admin(), {"NTUT", "國立臺北科技大學"});
  auto r = service::import_records(w.env(), w.admin(), sample("records-persons.csv"));
  CHECK(r.applied());
  CHECK(r.format == "csv");
  CHECK(r.kind == domain::RecordFileKind::persons);
  CHECK(r.rows == 6);
  CHECK(r.inserted == 6);
  CHECK(r.updated == 0);
  CHECK(w.store->records().count_persons() == 6);
  const auto zheng = w.store->records().person("M0001");
  REQUIRE(zheng);
  CHECK(zheng->surname_en == "ZHENG");
  CHECK(zheng->school_code == "NTUT");
  r = service::import_records(w.env(), w.admin(), sample("records-persons.csv"));
  CHECK(r.inserted == 0);
  CHECK(r.unchanged == 6);

  r = service::import_records(w.env(), w.admin(), sample("records-permits.csv"));
  CHECK(r.applied());
  CHECK(r.kind == domain::RecordFileKind::permits);
  CHECK(r.rows == 3);
  CHECK(r.inserted == 3);
  const auto multi = w.store->records().permit("MP1150000001");
  REQUIRE(multi);
  CHECK(multi->kind == domain::PermitKind::multi_entry);
  CHECK(multi->stay_expiry.iso() == "2027-02-28");
  CHECK(multi->entry_inspected);
}

TEST_CASE("records: a changed record is updated, audited by field name only", "[records][service]") {
  World w;
  const auto admin = w.admin();
  const auto path = w.dir.write("p.csv", std::string(k_header) + k_rose);
  service::add_school(w.env(), admin, {"NTUT", "國立臺北科技大學"});
  CHECK(service::import_records(w.env(), admin, path).inserted == 1);
  std::string changed = k_rose;
  changed.replace(changed.find("資訊工程系"), std::string("資訊工程系").size(), "電機工程系");
  w.dir.write("p.csv", std::string(k_header) + changed);
  const auto r = service::import_records(w.env(), admin, path);
  CHECK(r.updated == 1);
  CHECK(r.inserted == 0);
  REQUIRE(w.store->records().person("F0001"));
  CHECK(w.store->records().person("F0001")->department == "電機工程系");
  store::AuditQuery q;
  q.entity_id = "F0001";
  const auto entries = w.store->audit().list(q);
  REQUIRE_FALSE(entries.empty());
  CHECK(entries.front().action == "records.update");
  CHECK(entries.front().detail == "fields: department");
}

TEST_CASE("records: a person's school must exist; then nothing of the file applies", "[records][service]") {
  World w;
  const auto r = service::import_records(w.env(), w.admin(), sample("records-persons.csv"));
  CHECK_FALSE(r.applied());
  REQUIRE(r.problems.size() == 6);
  CHECK(r.problems[0].line == 2);
  CHECK(r.problems[0].problem.field == "school_code");
  CHECK(r.problems[0].problem.code == "school-not-found");
  CHECK(r.inserted == 0);
  CHECK(w.store->records().count_persons() == 0);
}

TEST_CASE("records: one bad row and nothing of the file applies", "[records][service]") {
  World w;
  service::add_school(w.env(), w.admin(), {"NTUT", "國立臺北科技大學"});
  const auto path =
      w.dir.write("p.csv", std::string(k_header) + k_rose + k_rose +
                               "F0002,foreign,,LEE,ROSE,1999-06-01,F,馬來西亞,,P20000002,,,,NTUT,x,extra\n");
  const auto r = service::import_records(w.env(), w.admin(), path);
  CHECK_FALSE(r.applied());
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].line == 3);
  CHECK(r.problems[0].problem.code == "duplicate-record");
  CHECK(r.problems[0].problem.field == "record_id");
  CHECK(r.problems[1].line == 4);
  CHECK(r.problems[1].problem.code == "extra-cells");
  CHECK(w.store->records().count_persons() == 0);

  w.dir.write("p.csv", "record_id,identity_type,colour\nF0001,foreign,red\n");
  const auto bad = service::import_records(w.env(), w.admin(), path);
  CHECK_FALSE(bad.applied());
  bool unknown = false;
  bool missing = false;
  for (const auto& p : bad.problems) {
    if (p.problem.code == "unknown-column" && p.problem.field == "colour") unknown = true;
    if (p.problem.code == "missing-column") missing = true;
    CHECK(p.line == 1);
  }
  CHECK(unknown);
  CHECK(missing);
  CHECK(w.store->records().count_persons() == 0);
}

TEST_CASE("records: a file of neither kind, or empty, is refused; only admins import", "[records][service]") {
  World w;
  CHECK(code_of([&] {
          service::import_records(w.env(), w.admin(), w.dir.write("x.csv", "name,age\na,1\n"));
        }) == "file-format");
  CHECK(code_of([&] { service::import_records(w.env(), w.admin(), w.dir.write("e.csv", "")); }) ==
        "file-format");
  const auto staff = staff_of(w);
  CHECK(code_of([&] { service::import_records(w.env(), staff, sample("records-persons.csv")); }) ==
        "role-forbidden");
  CHECK(w.store->records().count_persons() == 0);
}

TEST_CASE("schools: codes of letters, digits, - and _; a name; each code once", "[records][service]") {
  World w;
  const auto admin = w.admin();
  service::add_school(w.env(), admin, {"NTU", "國立臺灣大學"});
  service::add_school(w.env(), admin, {"a-b_9", "某大學"});
  CHECK(code_of([&] { service::add_school(w.env(), admin, {"NTU", "另一所"}); }) == "school-exists");
  CHECK(code_of([&] { service::add_school(w.env(), admin, {"N T", "x"}); }) == "school-code-invalid");
  CHECK(code_of([&] { service::add_school(w.env(), admin, {"", "x"}); }) == "school-code-invalid");
  CHECK(code_of([&] {
          service::add_school(w.env(), admin, {std::string(21, 'A'), "x"});
        }) == "school-code-invalid");
  CHECK(code_of([&] { service::add_school(w.env(), admin, {std::string(20, 'A'), "二十"}); }) == "ok");
  CHECK(code_of([&] { service::add_school(w.env(), admin, {"EMPTY", "  "}); }) == "school-name-invalid");
  CHECK(code_of([&] { service::add_school(w.env(), admin, {"BAD", "\xff\xfe"}); }) == "school-name-invalid");
  const auto schools = service::list_schools(w.env(), admin, std::nullopt, 100).rows;
  REQUIRE(schools.size() == 3);
  const auto staff = staff_of(w);  // adds NTUT
  CHECK(service::list_schools(w.env(), staff, std::nullopt, 100).rows.size() == 4);
  CHECK(code_of([&] { service::add_school(w.env(), staff, {"X", "x"}); }) == "role-forbidden");
  CHECK(w.store->schools().find("NTU")->name == "國立臺灣大學");
}
