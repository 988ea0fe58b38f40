// batch/runner.cpp: a run as the school's staff make it: rows in, each
// decided by a service call, results out to the sink in file order; submit
// files the valid rows into one group and a re-run files nothing twice.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "runner.hpp"
#include "service/accounts.hpp"
#include "service/batches.hpp"
#include "service/records.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;

namespace {

const char* k_header =
    "kind,passport_no,name_en,birth_date,sex,nationality,program,enrolment_status,passport_expiry,"
    "visa_issue_date,visa_code,highest_education,marital_status,taiwan_phone,taiwan_address.county,"
    "taiwan_address.district,taiwan_address.street,taiwan_address.number,contact_name,contact_phone,"
    "contact_nationality,pickup_station,validity_years\n";
const char* k_rose =
    "arc,P19990601,LEE "
    "ROSE,1999-06-01,F,馬來西亞,學士班,已註冊,2030-05-31,2026-08-15,FS,高中,未婚,0912345678,"
    "台北市,大安區,忠孝東路三段,1號5樓,王老師,02-27712171,中華民國,taipei-1,2\n";
const char* k_mixed =
    "multi-entry,P20000101,CHAN TAI,2000-01-01,M,馬來西亞,學士班,已註冊,2030-05-31,2026-08-15,FS,高中,未婚,"
    "0912345678,台北市,大安區,忠孝東路三段,1號5樓,王老師,02-27712171,中華民國,taipei-1,1\n";

struct Collect final : batch::RowSink {
  std::vector<batch::RowResult> rows;
  void row(const batch::RowResult& r, const tabular::Row&) override { rows.push_back(r); }
};

// NTUT, its student P19990601 in the agency's records, and its staff.
struct School {
  test::SchoolWorld w;
  service::Caller& staff = w.staff;
  std::string csv;
  School() {
    csv = w.dir.write("rows.csv", std::string(k_header) + k_rose + k_mixed);
  }
  batch::Options options() {
    batch::Options o;
    o.docs_dir = std::string(SOAS_TESTS_DIR) + "/golden/cases/batch-arc/files/docs";
    o.agreed = true;
    return o;
  }
};

}  // namespace

TEST_CASE("validate: every row decided in file order, nothing written", "[batch]") {
  School s;
  Collect sink;
  const auto report = batch::validate(s.w.env(), s.staff, s.csv, s.options(), sink);
  CHECK(report.format == "csv");
  CHECK(report.kind == domain::ApplicationKind::arc);
  CHECK(report.rows == 2);
  CHECK(report.count(batch::RowStatus::ok) == 1);
  CHECK(report.count(batch::RowStatus::failed) == 1);
  CHECK(report.group_no.empty());
  REQUIRE(sink.rows.size() == 2);
  CHECK(sink.rows[0].row == 2);
  CHECK(sink.rows[0].status == batch::RowStatus::ok);
  CHECK(sink.rows[1].row == 3);
  REQUIRE(sink.rows[1].problems.size() == 1);
  CHECK(sink.rows[1].problems[0].code == "batch-kind-mixed");
  CHECK(s.w.store->cases().list({}).empty());
}

TEST_CASE("submit: the valid rows filed into one group, a re-run files nothing twice", "[batch]") {
  School s;
  Collect sink;
  const auto first = batch::submit(s.w.env(), s.staff, s.csv, s.options(), sink);
  CHECK(first.count(batch::RowStatus::filed) == 1);
  CHECK(first.count(batch::RowStatus::failed) == 1);
  REQUIRE(!first.group_no.empty());
  REQUIRE(sink.rows.size() == 2);
  const std::string receipt = sink.rows[0].receipt_no;
  CHECK(!receipt.empty());

  Collect again;
  const auto second = batch::submit(s.w.env(), s.staff, s.csv, s.options(), again);
  CHECK(second.group_no == first.group_no);
  CHECK(second.count(batch::RowStatus::skipped) == 1);
  CHECK(second.count(batch::RowStatus::filed) == 0);
  REQUIRE(again.rows.size() == 2);
  CHECK(again.rows[0].receipt_no == receipt);
  CHECK(s.w.store->cases().list({}).size() == 1);

  const auto status = service::batch_status(s.w.env(), s.staff, first.group_no);
  REQUIRE(status.rows.size() == 2);
  CHECK(status.rows[0].receipt_no == receipt);
  CHECK(status.rows[1].problems == std::vector<std::string>{"kind batch-kind-mixed"});
}

TEST_CASE("a run is the school's: anyone else is refused before a row is read", "[batch]") {
  School s;
  Collect sink;
  CHECK(test::code_of([&] { batch::validate(s.w.env(), s.w.admin(), s.csv, s.options(), sink); }) ==
        "role-forbidden");
  auto o = s.options();
  o.agreed = false;
  CHECK(test::code_of([&] { batch::submit(s.w.env(), s.staff, s.csv, o, sink); }) ==
        "declaration-not-agreed");
  CHECK(sink.rows.empty());
}

TEST_CASE("a cell holding a control character fails its row, the column named, nothing filed", "[batch]") {
  School s;
  std::string row = k_rose;
  const std::string program = "學士班";
  row.replace(row.find(program), program.size(), "學士\x1b]0;pwned\x07班");
  const std::string csv = s.w.dir.write("controls.csv", std::string(k_header) + row);
  Collect sink;
  const auto report = batch::submit(s.w.env(), s.staff, csv, s.options(), sink);
  CHECK(report.count(batch::RowStatus::failed) == 1);
  REQUIRE(sink.rows.size() == 1);
  CHECK(sink.rows[0].status == batch::RowStatus::failed);
  REQUIRE(sink.rows[0].problems.size() == 1);
  CHECK(sink.rows[0].problems[0].column == "program");
  CHECK(sink.rows[0].problems[0].code == "field-control-character");
  CHECK(s.w.store->cases().list({}).empty());
}

TEST_CASE("a file longer than the rows read ahead: every row decided once, in order; a stop ends the reader",
          "[batch]") {
  School s;
  // 1,500 rows: more than the blocks of rows the reader may hold ahead (8 of
  // 64), the last block short.
  std::string text = k_header;
  for (int i = 0; i < 1500; ++i) text += (i % 3 == 2) ? k_mixed : k_rose;
  const std::string csv = s.w.dir.write("long.csv", text);
  auto o = s.options();
  o.docs_dir.clear();

  Collect sink;
  const auto report = batch::validate(s.w.env(), s.staff, csv, o, sink);
  CHECK(report.rows == 1500);
  REQUIRE(sink.rows.size() == 1500);
  bool in_order = true;
  bool kinds_right = true;
  for (std::size_t i = 0; i < sink.rows.size(); ++i) {
    in_order = in_order && sink.rows[i].row == i + 2;
    const bool mixed = i % 3 == 2;
    kinds_right = kinds_right && mixed == (!sink.rows[i].problems.empty() &&
                                           sink.rows[i].problems[0].code == "batch-kind-mixed");
  }
  CHECK(in_order);
  CHECK(kinds_right);

  // Stopping after 100 rows: the run ends there (the reader, blocked on a
  // full queue, is stopped and joined) and reports it.
  double last_share = 0;
  o.progress = [&](std::size_t done, double share) {
    last_share = share;
    return done < 100;
  };
  Collect stopped;
  const auto part = batch::validate(s.w.env(), s.staff, csv, o, stopped);
  CHECK(part.stopped);
  CHECK(stopped.rows.size() == 100);
  CHECK(last_share > 0);
  CHECK(last_share < 1);
}

TEST_CASE("documents inspected ahead of their rows: each row gets its own, across chunks", "[batch]") {
  School s;
  // 600 rows, each with its own documents folder: every seventh holds a
  // damaged passport scan, and only those rows fail, at "documents".
  const std::string sample = std::string(SOAS_TESTS_DIR) + "/golden/cases/batch-arc/files/docs/P19990601";
  const std::string bad = std::string(SOAS_TESTS_DIR) + "/documents/truncated.pdf";
  const std::string docs = s.w.dir.file("docs");
  std::string text = k_header;
  std::string row = k_rose;
  for (int i = 0; i < 600; ++i) {
    const std::string passport = "P" + std::to_string(30000000 + i);
    std::string line = row;
    line.replace(line.find("P19990601"), 9, passport);
    text += line;
    const std::string folder = docs + "/" + passport;
    std::filesystem::create_directories(folder);
    for (const auto& e : std::filesystem::directory_iterator(sample))
      std::filesystem::copy_file(e.path(), folder + "/" + e.path().filename().string());
    if (i % 7 == 3)
      std::filesystem::copy_file(bad, folder + "/passport.pdf",
                                 std::filesystem::copy_options::overwrite_existing);
  }
  const std::string csv = s.w.dir.write("many.csv", text);
  auto o = s.options();
  o.docs_dir = docs;
  const auto failing_as_expected = [](const std::vector<batch::RowResult>& rows, batch::RowStatus good) {
    bool ok = rows.size() == 600;
    for (std::size_t i = 0; ok && i < rows.size(); ++i) {
      const bool damaged = i % 7 == 3;
      const auto& r = rows[i];
      ok = r.row == i + 2 &&
           (damaged ? r.status == batch::RowStatus::failed && !r.problems.empty() &&
                          r.problems[0].column == "documents" && r.problems[0].code == "document-pdf-invalid"
                    : r.status == good);
      if (!ok) UNSCOPED_INFO("row " << r.row << ": " << batch::key(r.status));
    }
    return ok;
  };
  Collect checked;
  batch::validate(s.w.env(), s.staff, csv, o, checked);
  CHECK(failing_as_expected(checked.rows, batch::RowStatus::ok));

  o.chunk_rows = 64;  // filing chunks, each's documents inspected while the one before is filed
  Collect filed;
  const auto report = batch::submit(s.w.env(), s.staff, csv, o, filed);
  CHECK(failing_as_expected(filed.rows, batch::RowStatus::filed));
  CHECK(report.counts[static_cast<int>(batch::RowStatus::filed)] == 600 - 86);
  // Each filed case keeps its own row's six documents.
  const auto c = s.w.store->cases().find(filed.rows[0].receipt_no);
  REQUIRE(c);
  CHECK(s.w.store->cases().documents(c->receipt_no).size() == 6);
}

TEST_CASE("a file damaged part way: the rows before the damage are decided, then the error", "[batch]") {
  School s;
  // Row 400 holds a cell longer than Excel allows: reading stops there.
  std::string text = k_header;
  for (int i = 0; i < 398; ++i) text += k_rose;
  std::string bad = k_rose;
  bad.replace(bad.find("LEE ROSE"), 8, std::string(40000, 'A'));
  text += bad;
  for (int i = 0; i < 10; ++i) text += k_rose;
  const std::string csv = s.w.dir.write("damaged.csv", text);
  auto o = s.options();
  o.docs_dir.clear();
  Collect sink;
  CHECK(test::code_of([&] { batch::validate(s.w.env(), s.staff, csv, o, sink); }) == "file-format");
  REQUIRE(sink.rows.size() == 398);
  CHECK(sink.rows.back().row == 399);
  // Submit likewise: every chunk before the damage is filed and reported.
  o.chunk_rows = 64;
  Collect filed;
  CHECK(test::code_of([&] { batch::submit(s.w.env(), s.staff, csv, o, filed); }) == "file-format");
  CHECK(filed.rows.size() == 398);
}
