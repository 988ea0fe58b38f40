// bench/batch: the batch benchmark's helpers (bench/batch runs them).
//
//   soas_bench_batch students DB N        N registered foreign students of
//                                         NTUT, written straight through the
//                                         store (registering through the CLI
//                                         would time Argon2id N times)
//   soas_bench_batch workbook N OUT.xlsx OUT.csv [DOCS SAMPLE_DIR]
//                                         N ARC rows, as Excel writes them
//                                         (shared strings), the same rows as
//                                         CSV, and a documents folder per row
//                                         (hard links to SAMPLE_DIR's files)
//   soas_bench_batch floor FILE.xlsx      the floor: the first sheet and the
//                                         shared strings inflated with libzip
//                                         and run through a bare expat pass
//                                         that counts cells
//
// Each prints what it did; `floor` prints its cell count and seconds.

#include <expat.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "security/secrets.hpp"
#include "store/open.hpp"

namespace fs = std::filesystem;
using namespace soas;

namespace {

// "B" and the row's number, zero-padded to eight digits: B00000001. Built as
// a string, so no row number is ever cut short.
std::string passport_of(long i) {
  std::string digits = std::to_string(i + 1);
  if (digits.size() < 8) digits.insert(0, 8 - digits.size(), '0');
  return "B" + digits;
}

// Eight Latin letters from a number, so that names differ row by row.
std::string name_of(long i) {
  std::string s;
  for (int k = 0; k < 8; ++k) {
    s += static_cast<char>('A' + i % 26);
    i /= 26;
  }
  return s;
}

int students(const std::string& db, long n) {
  FixedClock clock(1763690400);  // 2025-11-21, Taipei
  auto store = store::open_store(db, clock);
  const std::string hash = security::hash_password("bench-pass-1");
  store->write([&] {
    for (long i = 0; i < n; ++i) {
      domain::Person p;
      p.record_id = "F" + std::to_string(i + 1);
      p.identity_type = domain::IdentityType::foreign;
      p.surname_en = "LEE";
      p.given_name_en = name_of(i);
      p.birth_date = util::Date(1999, 6, 1);
      p.sex = i % 2 ? "M" : "F";
      p.nationality = "馬來西亞";
      p.passport_no = passport_of(i);
      p.school_code = "NTUT";
      p.department = "資訊工程系";
      store->records().put_person(p);
      domain::Account a;
      a.name = "s" + std::to_string(i + 1);
      a.role = domain::Role::student;
      a.identity_type = domain::IdentityType::foreign;
      a.email = a.name + "@example.com";
      a.password_hash = hash;
      a.status = domain::AccountStatus::active;
      a.person_key = p.passport_no;
      a.record_id = p.record_id;
      a.profile = {{"surname_en", "LEE"},
                   {"given_name_en", p.given_name_en},
                   {"nationality", "馬來西亞"},
                   {"birth_date", "1999-06-01"},
                   {"sex", p.sex},
                   {"passport_no", p.passport_no},
                   {"phone", "0912345678"},
                   {"email", a.email}};
      a.created_at = clock.now();
      store->accounts().insert(a);
    }
  });
  std::printf("%ld students in %s\n", n, db.c_str());
  return 0;
}

int workbook(long n, const std::string& xlsx, const std::string& csv, const std::string& docs,
             const std::string& samples) {
  const std::vector<std::string> header = {"kind",
                                           "passport_no",
                                           "name_en",
                                           "birth_date",
                                           "sex",
                                           "nationality",
                                           "program",
                                           "enrolment_status",
                                           "passport_expiry",
                                           "visa_issue_date",
                                           "visa_code",
                                           "highest_education",
                                           "marital_status",
                                           "taiwan_phone",
                                           "taiwan_address.county",
                                           "taiwan_address.district",
                                           "taiwan_address.street",
                                           "taiwan_address.number",
                                           "contact_name",
                                           "contact_phone",
                                           "contact_nationality",
                                           "pickup_station",
                                           "validity_years"};
  lxw_workbook* wb = workbook_new(xlsx.c_str());  // shared strings, as Excel writes them
  lxw_worksheet* ws = workbook_add_worksheet(wb, "applications");
  std::ofstream out(csv);
  for (std::size_t c = 0; c < header.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), nullptr);
    out << (c ? "," : "") << header[c];
  }
  out << '\n';
  for (long i = 0; i < n; ++i) {
    const std::string passport = passport_of(i);
    const std::vector<std::string> row = {"arc",
                                          passport,
                                          "LEE " + name_of(i),
                                          "1999-06-01",
                                          i % 2 ? "M" : "F",
                                          "馬來西亞",
                                          "學士班",
                                          "已註冊",
                                          "2030-05-31",
                                          "2026-08-15",
                                          "FS",
                                          "高中",
                                          "未婚",
                                          "0912345678",
                                          "台北市",
                                          "大安區",
                                          "忠孝東路三段",
                                          std::to_string(i % 300 + 1) + "號",
                                          "王老師",
                                          "02-27712171",
                                          "中華民國",
                                          "taipei-1",
                                          "2"};
    const auto r = static_cast<lxw_row_t>(i + 1);
    for (std::size_t c = 0; c < row.size(); ++c) {
      worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), row[c].c_str(), nullptr);
      out << (c ? "," : "") << row[c];
    }
    out << '\n';
    if (!docs.empty()) {
      const fs::path folder = fs::path(docs) / passport;
      fs::create_directories(folder);
      for (const char* f :
           {"photo.jpg", "enrolment.pdf", "passport.pdf", "residence-visa.png", "residence-proof.bmp"}) {
        std::error_code ec;
        fs::create_hard_link(fs::path(samples) / f, folder / f, ec);
        if (ec) fs::copy_file(fs::path(samples) / f, folder / f, fs::copy_options::overwrite_existing);
      }
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return 1;
  std::printf("%ld rows in %s and %s\n", n, xlsx.c_str(), csv.c_str());
  return 0;
}

// The floor: inflate and parse, counting <c> elements; nothing kept.
void count_cells(zip_t* z, const char* name, long& cells) {
  zip_file_t* f = zip_fopen(z, name, 0);
  if (f == nullptr) return;
  XML_Parser p = XML_ParserCreate(nullptr);
  XML_SetUserData(p, &cells);
  XML_SetElementHandler(
      p,
      [](void* user, const char* el, const char**) {
        if (el[0] == 'c' && el[1] == '\0') ++*static_cast<long*>(user);
      },
      [](void*, const char*) {});
  XML_SetCharacterDataHandler(p, [](void*, const char*, int) {});
  char buffer[1 << 16];
  for (;;) {
    const zip_int64_t n = zip_fread(f, buffer, sizeof buffer);
    if (n < 0 || XML_Parse(p, buffer, static_cast<int>(n), n == 0) == XML_STATUS_ERROR) break;
    if (n == 0) break;
  }
  XML_ParserFree(p);
  zip_fclose(f);
}

int floor_pass(const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) return 1;
  long cells = 0;
  count_cells(z, "xl/sharedStrings.xml", cells);
  count_cells(z, "xl/worksheets/sheet1.xml", cells);
  zip_discard(z);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%ld cells %.3f s\n", cells, secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  try {
    if (what == "students" && argc == 4) return students(argv[2], std::atol(argv[3]));
    if (what == "workbook" && (argc == 5 || argc == 7))
      return workbook(std::atol(argv[2]), argv[3], argv[4], argc == 7 ? argv[5] : "",
                      argc == 7 ? argv[6] : "");
    if (what == "floor" && argc == 3) return floor_pass(argv[2]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
  std::fprintf(stderr,
               "usage: %s students DB N | workbook N OUT.xlsx OUT.csv [DOCS SAMPLE_DIR] | floor FILE.xlsx\n",
               argv[0]);
  return 2;
}
