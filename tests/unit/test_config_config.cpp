#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <map>

#include "config/config.hpp"
#include "config/default_calendar.hpp"
#include "core/error.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::TempDir;

namespace {

config::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::string& yaml) {
  try {
    config::parse_file(yaml, "t.yaml", "");
  } catch (const Error& e) {
    return e.code() + " | " + e.text().en;
  }
  return "accepted";
}

std::string source_of(const config::Config& c, const std::string& key) {
  for (const auto& s : config::describe(c)) {
    if (s.key == key) return s.source;
  }
  return "?";
}

}  // namespace

TEST_CASE("built-in defaults", "[config]") {
  const auto c = config::load({}, env_of({}));
  CHECK(c.database == "soas.db");
  CHECK(c.language == Lang::zh_tw);
  CHECK(c.fees.multi_entry == 1000);
  CHECK(c.fees.extension == 300);
  CHECK(c.fees.data_change == 0);
  CHECK(c.handling_fees.card_included_basis_points == 200);
  CHECK(c.handling_fees.store == 8);
  CHECK(c.timing.decision_working_days == 14);
  CHECK(c.calendar.covered_years().count(2026) == 1);
  CHECK(c.stations.size() == 2);
  CHECK(source_of(c, "database") == "default");
}

TEST_CASE("a config file overrides defaults and records its lines", "[config]") {
  const auto c = config::parse_file(
      "fees:\n  extension: 500\nhandling_fees:\n  card_percent: 2.5\nlanguage: en\n"
      "mail:\n  mainland_domains: [example.cn]\nstations:\n  - {code: s1, name: 站一}\n",
      "t.yaml", "");
  CHECK(c.fees.extension == 500);
  CHECK(c.fees.multi_entry == 1000);
  CHECK(c.handling_fees.card_included_basis_points == 250);
  CHECK(c.language == Lang::en);
  CHECK(c.mail.mainland_domains == std::vector<std::string>{"example.cn"});
  CHECK(c.stations.size() == 1);
  CHECK(source_of(c, "fees.extension") == "file t.yaml:2");
  CHECK(source_of(c, "handling_fees.card_percent") == "file t.yaml:4");
  CHECK(source_of(c, "fees.multi_entry") == "default");
  for (const auto& s : config::describe(c)) {
    if (s.key == "handling_fees.card_percent") CHECK(s.value == "2.5");
  }
}

TEST_CASE("unknown keys and wrong types name the key and line", "[config]") {
  CHECK(error_of("fess:\n  extension: 1\n") ==
        "config-invalid | t.yaml:1: unknown key 'fess' (did you mean 'fees'?)");
  CHECK(error_of("fees:\n  multi_entri: 1\n") ==
        "config-invalid | t.yaml:2: unknown key 'fees.multi_entri' (did you mean 'fees.multi_entry'?)");
  CHECK(error_of("fees:\n  extension: abc\n") ==
        "config-invalid | t.yaml:2: 'fees.extension' must be a whole number >= 0, not 'abc'");
  CHECK(error_of("fees:\n  extension: -5\n") ==
        "config-invalid | t.yaml:2: 'fees.extension' must be a whole number >= 0, not '-5'");
  CHECK(error_of("fees: 3\n") == "config-invalid | t.yaml:1: 'fees' must be a mapping");
  CHECK(error_of("language: fr\n") == "config-invalid | t.yaml:1: language must be zh-TW or en");
  CHECK(error_of("mail:\n  smtp_url: http://x\n") ==
        "config-invalid | t.yaml:2: mail.smtp_url must start with smtp:// or smtps://");
  CHECK(error_of("fees: [1, 2\n").rfind("config-invalid | t.yaml:2:", 0) == 0);  // bad YAML
  CHECK(error_of("") == "accepted");
}

TEST_CASE("barcode settings pay slip would refuse are refused at load, with the line", "[config]") {
  // The check sum values digits and letters only: '-', '+', '%', '.', ' ', '$' are refused.
  for (const std::string bad : {"N-A", "N+A", "N%A", "N.A", "N A", "N$A"}) {
    CHECK(error_of("payment:\n  slip_year: roc\n  collection_code: \"" + bad + "\"\n") ==
          "config-invalid | t.yaml:3: payment.collection_code: the collection code must be 3 letters or "
          "digits (0-9, A-Z): " +
              bad);
  }
  CHECK(error_of("payment:\n  collection_code: NIAX\n").rfind("config-invalid | t.yaml:2: payment.collection_code", 0) == 0);
  CHECK(error_of("payment:\n  collection_code: nia\n").rfind("config-invalid | t.yaml:2:", 0) == 0);
  CHECK(error_of("payment:\n  slip_period: \"A-01\"\n") ==
        "config-invalid | t.yaml:2: payment.slip_period: the slip period must be deadline, print or 4 "
        "letters or digits (0-9, A-Z): A-01");
  CHECK(error_of("payment:\n  slip_period: monthly\n").rfind("config-invalid | t.yaml:2: payment.slip_period", 0) == 0);
  CHECK(error_of("payment:\n  collection_code: 6S8\n  slip_period: A001\n") == "accepted");
  CHECK(error_of("payment:\n  slip_period: print\n") == "accepted");
}

TEST_CASE("payment.store_limit: the stores' per-slip cap, a positive number of NT$", "[config]") {
  CHECK(config::parse_file("", "t.yaml", "").payment.store_limit == 20000);
  CHECK(config::parse_file("payment:\n  store_limit: 30000\n", "t.yaml", "").payment.store_limit == 30000);
  CHECK(error_of("payment:\n  store_limit: 0\n") ==
        "config-invalid | t.yaml:2: payment.store_limit must be a positive whole number (NT$)");
  CHECK(error_of("payment:\n  store_limit: 2.5\n").rfind("config-invalid | t.yaml:2: 'payment.store_limit'", 0) == 0);
}

TEST_CASE("card_percent with more than two decimals is refused", "[config]") {
  const std::string msg =
      "config-invalid | t.yaml:2: handling_fees.card_percent must be a number from 0 to 100 with at most two "
      "decimals, not '";
  CHECK(error_of("handling_fees:\n  card_percent: 2.505\n") == msg + "2.505'");
  CHECK(error_of("handling_fees:\n  card_percent: 100.01\n") == msg + "100.01'");
  CHECK(error_of("handling_fees:\n  card_percent: 1e1\n") == msg + "1e1'");
  CHECK(error_of("handling_fees:\n  card_percent: -1\n") == msg + "-1'");
  CHECK(error_of("handling_fees:\n  card_percent: 2.\n") == msg + "2.'");
  const auto c = config::parse_file("handling_fees:\n  card_percent: 2.05\n", "t.yaml", "");
  CHECK(c.handling_fees.card_included_basis_points == 205);
  CHECK(config::parse_file("handling_fees:\n  card_percent: 2.5\n", "t.yaml", "")
            .handling_fees.card_included_basis_points == 250);
  CHECK(config::parse_file("handling_fees:\n  card_percent: 100\n", "t.yaml", "")
            .handling_fees.card_included_basis_points == 10000);
}

TEST_CASE("a key given twice is refused, naming the second", "[config]") {
  CHECK(error_of("fees:\n  extension: 1\n  extension: 2\n") ==
        "config-invalid | t.yaml:3: key 'extension' is given twice");
  CHECK(error_of("language: en\nfees: {}\nlanguage: zh-TW\n") ==
        "config-invalid | t.yaml:3: key 'language' is given twice");
  CHECK(error_of("stations:\n  - {code: a, name: b, code: c}\n") ==
        "config-invalid | t.yaml:2: key 'code' is given twice");
  CHECK_THROWS(config::parse_calendar("years: [2030]\nyears: [2031]\n", "c.yaml"));
}

TEST_CASE("an inline calendar replaces the built-in one, checked", "[config]") {
  const auto c = config::parse_file(
      "calendar:\n  years: [2030]\n  holidays:\n    - {date: 2030-01-01, name: 開國紀念日}\n"
      "  workdays:\n    - {date: 2030-01-05, name: 補行上班日}\n",
      "t.yaml", "");
  CHECK(c.calendar.covered_years() == std::set<int>{2030});
  CHECK_FALSE(c.calendar.is_working_day(util::Date(2030, 1, 1)));
  CHECK(c.calendar.is_working_day(util::Date(2030, 1, 5)));
  CHECK(error_of("calendar:\n  years: [2030]\n  holidays:\n    - {date: 2031-01-01}\n") ==
        "config-invalid | t.yaml:4: 2031-01-01 is outside the years listed");
  CHECK(error_of("calendar:\n  years: [2030]\n  workdays:\n    - {date: 2030-01-07}\n") ==
        "config-invalid | t.yaml:4: 2030-01-07 is not on a weekend; it is a working day already");
  CHECK(error_of("calendar:\n  years: [2030]\n  holidays:\n    - {date: 2030-02-30}\n") ==
        "config-invalid | t.yaml:4: 'holidays.date' must be a yyyy-mm-dd date, not '2030-02-30'");
  CHECK(
      error_of(
          "calendar:\n  years: [2030]\n  holidays:\n    - {date: 2030-01-01}\n    - {date: 2030-01-01}\n") ==
      "config-invalid | t.yaml:5: 2030-01-01 is listed twice");
}

TEST_CASE("calendar.file is read relative to the config file", "[config]") {
  TempDir dir;
  dir.write("cal.yaml", "years: [2031]\nholidays:\n  - {date: 2031-01-01, name: x}\n");
  const auto path = dir.write("soas.yaml", "calendar:\n  file: cal.yaml\n");
  const auto c = config::load(config::Flags{path, {}, {}}, env_of({}));
  CHECK(c.calendar.covered_years() == std::set<int>{2031});
  CHECK(c.calendar_file == dir.file("cal.yaml"));
}

TEST_CASE("database: sqlite:FILE is the file, relative to the config file; another URL as written", "[config]") {
  TempDir dir;
  auto c = config::load(config::Flags{dir.write("a.yaml", "database: sqlite:data/x.db\n"), {}, {}}, env_of({}));
  CHECK(c.database == "sqlite:" + dir.file("data/x.db"));
  CHECK(config::signing_key_path(c) == dir.file("data/x.db") + ".signing.key");
  c = config::load(config::Flags{dir.write("b.yaml", "database: postgresql://db.example/soas\n"), {}, {}},
                   env_of({}));
  CHECK(c.database == "postgresql://db.example/soas");
  c = config::load(config::Flags{{}, std::string("sqlite:x.db"), {}}, env_of({}));
  CHECK(c.database == "sqlite:x.db");
  CHECK(config::signing_key_path(c) == "x.db.signing.key");  // as for --db x.db
}

TEST_CASE("precedence: flag > environment > file > LANG > default", "[config]") {
  TempDir dir;
  const auto path = dir.write("soas.yaml", "database: from-file.db\nlanguage: zh-TW\n");
  const config::Flags file_only{path, {}, {}};

  auto c = config::load(file_only, env_of({{"LANG", "en_US.UTF-8"}}));
  CHECK(c.database == dir.file("from-file.db"));  // relative to the config file
  CHECK(c.language == Lang::zh_tw);               // LANG ranks below the file
  CHECK(source_of(c, "language") == "file " + path + ":2");

  c = config::load(file_only, env_of({{"SOAS_DB", "env.db"}, {"SOAS_LANG", "en"}}));
  CHECK(c.database == "env.db");
  CHECK(c.language == Lang::en);
  CHECK(source_of(c, "database") == "env SOAS_DB");

  c = config::load(config::Flags{path, std::string("flag.db"), std::string("en")},
                   env_of({{"SOAS_DB", "env.db"}, {"SOAS_LANG", "zh-TW"}}));
  CHECK(c.database == "flag.db");
  CHECK(c.language == Lang::en);
  CHECK(source_of(c, "database") == "flag --db");
  CHECK(source_of(c, "language") == "flag --lang");

  c = config::load({}, env_of({{"LANG", "en_US.UTF-8"}}));
  CHECK(c.language == Lang::en);
  CHECK(source_of(c, "language") == "env LANG");
  c = config::load({}, env_of({{"LANG", "C.UTF-8"}}));
  CHECK(c.language == Lang::zh_tw);

  c = config::load({}, env_of({{"SOAS_CONFIG", path}}));
  CHECK(c.config_file == path);
}

TEST_CASE("bad environment values and missing files", "[config]") {
  try {
    config::load({}, env_of({{"SOAS_LANG", "fr"}}));
    FAIL("expected a usage error");
  } catch (const Error& e) {
    CHECK(e.code() == "bad-language");
    CHECK(e.exit_code() == Exit::usage);
  }
  try {
    config::load(config::Flags{std::string("/nonexistent/soas.yaml"), {}, {}}, env_of({}));
    FAIL("expected a failure");
  } catch (const Error& e) {
    CHECK(e.code() == "config-missing");
    CHECK(e.exit_code() == Exit::failure);
  }
}

TEST_CASE("stations: the codes in the configured order, a code's name", "[config]") {
  const auto builtin = config::parse_file("", "t.yaml", "");
  CHECK(config::station_codes(builtin) == std::vector<std::string>{"taipei-1", "kaohsiung-1"});
  CHECK(config::station_name(builtin, "kaohsiung-1") == "內政部移民署高雄市第一服務站");
  CHECK(config::station_name(builtin, "taipei-9").empty());
  const auto c = config::parse_file("stations:\n  - {code: b, name: B}\n  - {code: a, name: A}\n", "t.yaml", "");
  CHECK(config::station_codes(c) == std::vector<std::string>{"b", "a"});
  CHECK(config::station_name(c, "a") == "A");
}

TEST_CASE("the built-in calendar is samples/holidays-tw.yaml, read as the YAML reader reads it", "[config]") {
  std::ifstream in(std::string(SOAS_SAMPLES_DIR) + "/holidays-tw.yaml", std::ios::binary);
  const std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(!yaml.empty());
  const auto read = config::parse_calendar(yaml, "holidays-tw.yaml");
  const auto built_in = config::default_calendar();
  CHECK(built_in.covered_years() == read.covered_years());
  CHECK(built_in.holidays() == read.holidays());
  CHECK(built_in.make_up_workdays() == read.make_up_workdays());
  CHECK(built_in.holidays().size() > 30);
  CHECK(built_in.make_up_workdays().size() >= 2);
  CHECK(*built_in.holiday_name(util::Date(2026, 1, 1)) == "開國紀念日");
}
