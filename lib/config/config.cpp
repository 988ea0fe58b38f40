#include "config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/default_calendar.hpp"
#include "core/database_url.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "domain/payment.hpp"
#include "domain/validators.hpp"
#include "util/date.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace soas::config {

namespace {

// Where we are while reading one YAML document, for messages.
struct Reader {
  std::string shown_name;  // the file as the user named it
  std::string base_dir;    // relative paths inside the file start here

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& zh, const std::string& en) const {
    std::string where = shown_name;
    if (!mark.is_null()) where += ":" + std::to_string(mark.line + 1);
    throw Failure("config-invalid", Text{where + ": " + zh, where + ": " + en});
  }

  std::string line_of(const YAML::Node& node) const {
    return node.Mark().is_null() ? shown_name : shown_name + ":" + std::to_string(node.Mark().line + 1);
  }

  std::string scalar(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) {
      fail(node.Mark(), "「" + key + "」須為單一值", "'" + key + "' must be a single value");
    }
    return node.Scalar();
  }

  long whole_number(const YAML::Node& node, const std::string& key) const {
    const std::string text = scalar(node, key);
    const bool ok =
        !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!ok) {
      fail(node.Mark(), "「" + key + "」須為非負整數，而非 '" + text + "'",
           "'" + key + "' must be a whole number >= 0, not '" + text + "'");
    }
    return std::stol(text);
  }

  std::vector<std::string> string_list(const YAML::Node& node, const std::string& key) const {
    if (!node.IsSequence()) {
      fail(node.Mark(), "「" + key + "」須為清單", "'" + key + "' must be a list");
    }
    std::vector<std::string> out;
    for (const auto& item : node) out.push_back(scalar(item, key));
    return out;
  }

  util::Date date(const YAML::Node& node, const std::string& key) const {
    const std::string text = scalar(node, key);
    const auto d = util::parse_iso_date(text);
    if (!d) {
      fail(node.Mark(), "「" + key + "」須為 yyyy-mm-dd 日期，而非 '" + text + "'",
           "'" + key + "' must be a yyyy-mm-dd date, not '" + text + "'");
    }
    return *d;
  }

  std::string path(const YAML::Node& node, const std::string& key) const {
    return resolve(scalar(node, key));
  }

  // The database (core/database_url.hpp): its file is relative to the config
  // file like any path, "sqlite:FILE" too (keeping the prefix); another
  // backend's URL stays as written.
  std::string database(const YAML::Node& node, const std::string& key) const {
    const std::string url = scalar(node, key);
    const DatabaseUrl u = parse_database_url(url);
    if (u.backend != DatabaseBackend::sqlite) return url;
    if (u.scheme.empty()) return resolve(url);
    return u.scheme + ":" + resolve(u.file);
  }

  std::string resolve(const std::string& p) const {
    if (p.empty() || fs::path(p).is_absolute() || base_dir.empty()) return p;
    return (fs::path(base_dir) / p).lexically_normal().string();
  }

  void only_keys(const YAML::Node& map, const std::string& prefix,
                 const std::vector<std::string>& allowed) const {
    if (!map.IsMap()) fail(map.Mark(), "「" + prefix + "」須為對照表", "'" + prefix + "' must be a mapping");
    for (const auto& kv : map) {
      const std::string k = kv.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        unknown_key(kv.first, prefix.empty() ? k : prefix + "." + k, allowed, prefix);
      }
    }
  }

  [[noreturn]] void unknown_key(const YAML::Node& key_node, const std::string& full,
                                const std::vector<std::string>& candidates, const std::string& prefix) const {
    std::vector<std::string> full_candidates;
    for (const auto& c : candidates) full_candidates.push_back(prefix.empty() ? c : prefix + "." + c);
    const std::string hint = util::closest_match(full, full_candidates);
    const std::string zh_hint = hint.empty() ? "" : "（是否為「" + hint + "」？）";
    const std::string en_hint = hint.empty() ? "" : " (did you mean '" + hint + "'?)";
    fail(key_node.Mark(), "不明的設定鍵「" + full + "」" + zh_hint, "unknown key '" + full + "'" + en_hint);
  }
};

// yaml-cpp keeps both entries of a key given twice (a lookup sees the first),
// so the whole tree is walked for repeats; the second one is named. The walk
// is bounded: aliases can make a small file a huge tree.
void refuse_duplicate_keys(const YAML::Node& node, const std::string& shown_name, long& visits, int depth) {
  const auto fail = [&](const YAML::Mark& mark, const std::string& zh, const std::string& en) {
    const std::string where = mark.is_null() ? shown_name : shown_name + ":" + std::to_string(mark.line + 1);
    throw Failure("config-invalid", Text{where + ": " + zh, where + ": " + en});
  };
  if (++visits > 100000 || depth > 64) {
    fail(node.Mark(), "YAML 結構過大或過深", "the YAML tree is too large or too deep");
  }
  if (node.IsMap()) {
    std::set<std::string> keys;
    for (const auto& kv : node) {
      if (kv.first.IsScalar() && !keys.insert(kv.first.Scalar()).second) {
        fail(kv.first.Mark(), "設定鍵「" + kv.first.Scalar() + "」重複",
             "key '" + kv.first.Scalar() + "' is given twice");
      }
      refuse_duplicate_keys(kv.first, shown_name, visits, depth + 1);
      refuse_duplicate_keys(kv.second, shown_name, visits, depth + 1);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) refuse_duplicate_keys(item, shown_name, visits, depth + 1);
  }
}

YAML::Node load_yaml(const std::string& text, const std::string& shown_name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const std::string where =
        shown_name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    throw Failure("config-invalid",
                  Text{where + ": YAML 格式錯誤：" + e.msg, where + ": bad YAML: " + e.msg});
  }
  long visits = 0;
  refuse_duplicate_keys(root, shown_name, visits, 0);
  return root;
}

// A config or calendar file: YAML text of at most 1 MiB.
std::string read_file(const std::string& path, const Text& what) {
  std::string text = read_small_file(path, 1u << 20, what, "config-missing");
  require_text(text, path, "config-invalid");
  return text;
}

domain::WorkingCalendar calendar_from_node(const YAML::Node& root, const Reader& r) {
  r.only_keys(root, "", {"years", "holidays", "workdays"});
  domain::WorkingCalendar cal;
  if (!root["years"]) r.fail(root.Mark(), "行事曆須列出 years", "a calendar must list its years");
  std::set<int> years;
  for (const auto& y : root["years"]) {
    const long year = r.whole_number(y, "years");
    if (year < 1912 || year > 9999) r.fail(y.Mark(), "年份不合理", "implausible year");
    years.insert(static_cast<int>(year));
    cal.add_covered_year(static_cast<int>(year));
  }
  std::set<util::Date> seen;
  const auto read_days = [&](const char* key, bool holidays) {
    const YAML::Node list = root[key];
    if (!list) return;
    if (!list.IsSequence())
      r.fail(list.Mark(), std::string(key) + " 須為清單", std::string(key) + " must be a list");
    for (const auto& entry : list) {
      r.only_keys(entry, key, {"date", "name"});
      if (!entry["date"]) r.fail(entry.Mark(), "缺少 date", "missing date");
      const util::Date d = r.date(entry["date"], std::string(key) + ".date");
      const std::string name = entry["name"] ? r.scalar(entry["name"], "name") : "";
      if (years.count(d.year()) == 0) {
        r.fail(entry.Mark(), d.iso() + " 不在 years 所列年份內", d.iso() + " is outside the years listed");
      }
      if (!seen.insert(d).second) r.fail(entry.Mark(), d.iso() + " 重複", d.iso() + " is listed twice");
      if (holidays) {
        cal.add_holiday(d, name);
      } else {
        if (!d.is_weekend()) {
          r.fail(entry.Mark(), d.iso() + " 不是週末，無須補行上班",
                 d.iso() + " is not on a weekend; it is a working day already");
        }
        cal.add_make_up_workday(d, name);
      }
    }
  };
  read_days("holidays", true);
  read_days("workdays", false);
  return cal;
}

struct Section {
  const char* name;
  std::vector<std::string> keys;
};

const std::vector<Section>& sections() {
  static const std::vector<Section> k_sections = {
      {"",
       {"database", "language", "fees", "handling_fees", "timing", "security", "mail", "payment", "pdf",
        "stations", "calendar"}},
      {"fees", {"arc_per_year", "multi_entry", "extension", "data_change"}},
      {"handling_fees", {"card_percent", "webatm", "virtual_account", "egov", "store"}},
      {"timing",
       {"decision_working_days", "receipt_working_days_store", "receipt_working_days_online",
        "extension_window_months", "slip_deadline_days", "permit_validity_months", "extension_months"}},
      {"security",
       {"session_hours", "verify_token_hours", "reset_token_hours", "lock_after", "lock_max_minutes"}},
      {"mail", {"from", "smtp_url", "user", "password_file", "password_env", "mainland_domains"}},
      {"payment",
       {"slip_year", "collection_code", "slip_period", "virtual_account_prefix", "virtual_account_bank",
        "gateway_url", "gateway_key_file", "store_limit"}},
      {"pdf", {"font_file", "font_index", "signing_key_file"}},
  };
  return k_sections;
}

void apply_file(Config& c, const YAML::Node& root, const Reader& r) {
  if (root.IsNull()) return;  // an empty file sets nothing
  r.only_keys(root, "", sections()[0].keys);
  const auto source = [&](const std::string& key, const YAML::Node& n) {
    c.sources[key] = "file " + r.line_of(n);
  };
  const auto number = [&](const YAML::Node& section, const char* sect, const char* key, auto& field) {
    if (const YAML::Node n = section[key]) {
      const std::string full = std::string(sect) + "." + key;
      field = static_cast<std::remove_reference_t<decltype(field)>>(r.whole_number(n, full));
      source(full, n);
    }
  };
  const auto text = [&](const YAML::Node& section, const char* sect, const char* key, std::string& field,
                        bool is_path) {
    if (const YAML::Node n = section[key]) {
      const std::string full = sect[0] ? std::string(sect) + "." + key : std::string(key);
      field = is_path ? r.path(n, full) : r.scalar(n, full);
      source(full, n);
    }
  };
  for (const auto& s : sections()) {
    if (s.name[0] != '\0' && root[s.name]) r.only_keys(root[s.name], s.name, s.keys);
  }

  if (const YAML::Node n = root["database"]) {
    c.database = r.database(n, "database");
    source("database", n);
  }
  if (const YAML::Node n = root["language"]) {
    const auto lang = parse_language(r.scalar(n, "language"));
    if (!lang) r.fail(n.Mark(), "language 須為 zh-TW 或 en", "language must be zh-TW or en");
    c.language = *lang;
    source("language", n);
  }
  if (const YAML::Node f = root["fees"]) {
    number(f, "fees", "arc_per_year", c.fees.arc_per_year);
    number(f, "fees", "multi_entry", c.fees.multi_entry);
    number(f, "fees", "extension", c.fees.extension);
    number(f, "fees", "data_change", c.fees.data_change);
  }
  if (const YAML::Node h = root["handling_fees"]) {
    if (const YAML::Node n = h["card_percent"]) {
      // Percent with up to two decimals, kept as basis points: 0 to 100, digits
      // with at most two after the point (2.505 would not fit, so it is refused).
      const std::string t = r.scalar(n, "handling_fees.card_percent");
      const std::size_t dot = t.find('.');
      const std::string whole = t.substr(0, dot);
      const std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
      const auto digits = [](const std::string& d) {
        return d.find_first_not_of("0123456789") == std::string::npos;
      };
      const bool shaped = !whole.empty() && whole.size() <= 3 && digits(whole) &&
                          (dot == std::string::npos || (!frac.empty() && frac.size() <= 2 && digits(frac)));
      const long bp = shaped ? std::stol(whole) * 100 + (frac.empty() ? 0 : std::stol(frac) * (frac.size() == 1 ? 10 : 1)) : -1;
      if (!shaped || bp > 10000) {
        r.fail(n.Mark(), "handling_fees.card_percent 須為 0 到 100、最多兩位小數的數字，而非 '" + t + "'",
               "handling_fees.card_percent must be a number from 0 to 100 with at most two decimals, not '" +
                   t + "'");
      }
      c.handling_fees.card_included_basis_points = bp;
      source("handling_fees.card_percent", n);
    }
    number(h, "handling_fees", "webatm", c.handling_fees.webatm);
    number(h, "handling_fees", "virtual_account", c.handling_fees.virtual_account);
    number(h, "handling_fees", "egov", c.handling_fees.egov);
    number(h, "handling_fees", "store", c.handling_fees.store);
  }
  if (const YAML::Node t = root["timing"]) {
    number(t, "timing", "decision_working_days", c.timing.decision_working_days);
    number(t, "timing", "receipt_working_days_store", c.timing.receipt_working_days_store);
    number(t, "timing", "receipt_working_days_online", c.timing.receipt_working_days_online);
    number(t, "timing", "extension_window_months", c.timing.extension_window_months);
    number(t, "timing", "slip_deadline_days", c.timing.slip_deadline_days);
    number(t, "timing", "permit_validity_months", c.timing.permit_validity_months);
    number(t, "timing", "extension_months", c.timing.extension_months);
    for (const char* key : {"slip_deadline_days", "permit_validity_months", "extension_months"}) {
      if (t[key] && r.whole_number(t[key], std::string("timing.") + key) < 1) {
        r.fail(t[key].Mark(), std::string("timing.") + key + " 須至少為 1",
               std::string("timing.") + key + " must be at least 1");
      }
    }
    if (c.timing.extension_window_months < 1 || c.timing.extension_window_months > 24) {
      r.fail(t["extension_window_months"].Mark(), "timing.extension_window_months 須為 1 到 24",
             "timing.extension_window_months must be 1 to 24");
    }
  }
  if (const YAML::Node sec = root["security"]) {
    number(sec, "security", "session_hours", c.security.session_hours);
    number(sec, "security", "verify_token_hours", c.security.verify_token_hours);
    number(sec, "security", "reset_token_hours", c.security.reset_token_hours);
    number(sec, "security", "lock_after", c.security.lock_after);
    number(sec, "security", "lock_max_minutes", c.security.lock_max_minutes);
    for (const char* key : {"session_hours", "verify_token_hours", "reset_token_hours", "lock_after"}) {
      if (sec[key] && r.whole_number(sec[key], key) == 0) {
        r.fail(sec[key].Mark(), std::string("security.") + key + " 須至少為 1",
               std::string("security.") + key + " must be at least 1");
      }
    }
  }
  if (const YAML::Node m = root["mail"]) {
    text(m, "mail", "from", c.mail.from, false);
    text(m, "mail", "smtp_url", c.mail.smtp_url, false);
    text(m, "mail", "user", c.mail.user, false);
    text(m, "mail", "password_file", c.mail.password_file, true);
    text(m, "mail", "password_env", c.mail.password_env, false);
    if (!c.mail.smtp_url.empty() && !util::starts_with(c.mail.smtp_url, "smtp://") &&
        !util::starts_with(c.mail.smtp_url, "smtps://")) {
      r.fail(m["smtp_url"].Mark(), "mail.smtp_url 須以 smtp:// 或 smtps:// 開頭",
             "mail.smtp_url must start with smtp:// or smtps://");
    }
    if (const YAML::Node n = m["mainland_domains"]) {
      c.mail.mainland_domains = r.string_list(n, "mail.mainland_domains");
      source("mail.mainland_domains", n);
    }
  }
  if (const YAML::Node p = root["payment"]) {
    text(p, "payment", "slip_year", c.payment.slip_year, false);
    if (c.payment.slip_year != "roc" && c.payment.slip_year != "gregorian") {
      r.fail(p["slip_year"].Mark(), "payment.slip_year 須為 roc 或 gregorian",
             "payment.slip_year must be roc or gregorian");
    }
    text(p, "payment", "collection_code", c.payment.collection_code, false);
    text(p, "payment", "slip_period", c.payment.slip_period, false);
    // What `pay slip` would refuse is refused here, where the line is known.
    for (const char* key : {"collection_code", "slip_period"}) {
      if (!p[key]) continue;
      domain::SlipSettings one;
      (key[0] == 'c' ? one.collection_code : one.period) = r.scalar(p[key], std::string("payment.") + key);
      if (const auto problem = domain::slip_settings_problem(one)) {
        r.fail(p[key].Mark(), "payment." + std::string(key) + "：" + problem->zh,
               "payment." + std::string(key) + ": " + problem->en);
      }
    }
    text(p, "payment", "virtual_account_prefix", c.payment.virtual_account_prefix, false);
    text(p, "payment", "virtual_account_bank", c.payment.virtual_account_bank, false);
    text(p, "payment", "gateway_url", c.payment.gateway_url, false);
    text(p, "payment", "gateway_key_file", c.payment.gateway_key_file, true);
    number(p, "payment", "store_limit", c.payment.store_limit);
    if (c.payment.store_limit < 1) {
      r.fail(p["store_limit"].Mark(), "payment.store_limit 須為正整數（新臺幣元）",
             "payment.store_limit must be a positive whole number (NT$)");
    }
  }
  if (const YAML::Node p = root["pdf"]) {
    text(p, "pdf", "font_file", c.pdf.font_file, true);
    number(p, "pdf", "font_index", c.pdf.font_index);
    text(p, "pdf", "signing_key_file", c.pdf.signing_key_file, true);
  }
  if (const YAML::Node s = root["stations"]) {
    if (!s.IsSequence()) r.fail(s.Mark(), "stations 須為清單", "stations must be a list");
    std::vector<Station> stations;
    std::set<std::string> codes;
    for (const auto& entry : s) {
      r.only_keys(entry, "stations", {"code", "name", "address"});
      if (!entry["code"] || !entry["name"]) {
        r.fail(entry.Mark(), "每個服務站須有 code 與 name", "every station needs a code and a name");
      }
      Station st{r.scalar(entry["code"], "stations.code"), r.scalar(entry["name"], "stations.name"),
                 entry["address"] ? r.scalar(entry["address"], "stations.address") : ""};
      if (!codes.insert(st.code).second) {
        r.fail(entry.Mark(), "服務站代碼重複：" + st.code, "duplicate station code: " + st.code);
      }
      stations.push_back(std::move(st));
    }
    c.stations = std::move(stations);
    source("stations", s);
  }
  if (const YAML::Node cal = root["calendar"]) {
    if (cal.IsMap() && cal["file"]) {
      r.only_keys(cal, "calendar", {"file"});
      const std::string file = r.path(cal["file"], "calendar.file");
      c.calendar = parse_calendar(read_file(file, Text{"行事曆檔", "the calendar file"}), file);
      c.calendar_file = file;
    } else {
      c.calendar = calendar_from_node(cal, r);
      c.calendar_file = r.shown_name;
    }
    source("calendar", cal);
  }
}

Config defaults() {
  Config c;
  c.mail.mainland_domains = domain::default_mainland_mail_domains();
  c.stations = {
      {"taipei-1", "內政部移民署臺北市第一服務站", "100 臺北市中正區廣州街15號"},
      {"kaohsiung-1", "內政部移民署高雄市第一服務站", "802 高雄市苓雅區政南街6號5樓"},
  };
  c.calendar = default_calendar();
  return c;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::string language_key(Lang lang) {
  return lang == Lang::en ? "en" : "zh-TW";
}

std::optional<Lang> parse_language(const std::string& text) {
  if (text == "zh-TW") return Lang::zh_tw;
  if (text == "en") return Lang::en;
  return std::nullopt;
}

std::optional<Lang> language_from_locale(const std::string& locale) {
  if (util::starts_with(locale, "en")) return Lang::en;
  if (util::starts_with(locale, "zh")) return Lang::zh_tw;
  return std::nullopt;
}

domain::WorkingCalendar parse_calendar(const std::string& yaml_text, const std::string& shown_name) {
  const YAML::Node root = load_yaml(yaml_text, shown_name);
  return calendar_from_node(root, Reader{shown_name, ""});
}

Config parse_file(const std::string& yaml_text, const std::string& shown_name, const std::string& base_dir) {
  Config c = defaults();
  const YAML::Node root = load_yaml(yaml_text, shown_name);
  apply_file(c, root, Reader{shown_name, base_dir});
  c.config_file = shown_name;
  return c;
}

Config load(const Flags& flags, const EnvLookup& env) {
  // Which file: flag, then environment, then ./soas.yaml when present.
  std::optional<std::string> file = flags.config;
  if (!file) file = env("SOAS_CONFIG");
  if (file && file->empty()) file.reset();
  const bool named = file.has_value();
  if (!file && fs::exists("soas.yaml")) file = "soas.yaml";

  Config c;
  if (file) {
    if (named && !fs::exists(*file)) {
      throw Failure("config-missing", Text{"找不到設定檔：" + *file, "config file not found: " + *file});
    }
    const std::string dir = fs::path(*file).parent_path().string();
    c = parse_file(read_file(*file, Text{"設定檔", "the config file"}), *file, dir);
  } else {
    c = defaults();
  }

  // Environment.
  if (const auto db = env("SOAS_DB"); db && !db->empty()) {
    c.database = *db;
    c.sources["database"] = "env SOAS_DB";
  }
  if (const auto lang = env("SOAS_LANG"); lang && !lang->empty()) {
    const auto l = parse_language(*lang);
    if (!l) {
      throw UsageError("bad-language", Text{"SOAS_LANG 須為 zh-TW 或 en，而非 " + *lang,
                                            "SOAS_LANG must be zh-TW or en, not " + *lang});
    }
    c.language = *l;
    c.sources["language"] = "env SOAS_LANG";
  }
  // Flags.
  if (flags.db) {
    if (flags.db->empty()) {
      throw UsageError(msg::bad_db);
    }
    c.database = *flags.db;
    c.sources["database"] = "flag --db";
  }
  if (flags.lang) {
    const auto l = parse_language(*flags.lang);
    if (!l) {
      throw UsageError(msg::bad_language);
    }
    c.language = *l;
    c.sources["language"] = "flag --lang";
  }
  // LANG last and weakest: only when nothing above chose a language.
  if (c.sources.count("language") == 0) {
    for (const char* name : {"LC_ALL", "LANG"}) {
      const auto locale = env(name);
      if (!locale || locale->empty()) continue;
      if (const auto l = language_from_locale(*locale)) {
        c.language = *l;
        c.sources["language"] = std::string("env ") + name;
      }
      break;
    }
  }
  protect_installation_files(c);
  return c;
}

void protect_installation_files(const Config& c) {
  // No output of any command may land on these (core/files.hpp).
  const std::string database = database_file(c.database);  // "sqlite:x.db": x.db
  protect_file(database, Text{"資料庫", "the database"});
  for (const char* suffix : {"-wal", "-shm", "-journal"})
    protect_file(database + suffix, Text{"資料庫的檔案", "a file of the database"});
  const std::string key = signing_key_path(c);
  protect_file(key, Text{"簽章私鑰", "the signing key"});
  protect_file(key + ".pub", Text{"簽章公鑰", "the signing key's public key"});
  protect_file(c.payment.gateway_key_file, Text{"金流閘道金鑰", "the gateway key"});
  protect_file(c.config_file, Text{"設定檔", "the config file"});
  protect_file(c.calendar_file, Text{"行事曆檔", "the calendar file"});
  protect_file(c.mail.password_file, Text{"SMTP 密碼檔", "the SMTP password file"});
}

std::vector<std::string> station_codes(const Config& c) {
  std::vector<std::string> codes;
  for (const auto& s : c.stations) codes.push_back(s.code);
  return codes;
}

std::string station_name(const Config& c, const std::string& code) {
  for (const auto& s : c.stations)
    if (s.code == code) return s.name;
  return "";
}

std::string signing_key_path(const Config& c) {
  return c.pdf.signing_key_file.empty() ? database_file(c.database) + ".signing.key" : c.pdf.signing_key_file;
}

std::vector<Setting> describe(const Config& c) {
  std::vector<Setting> rows;
  const auto add = [&](const std::string& key, std::string value) {
    const auto it = c.sources.find(key);
    rows.push_back({key, std::move(value), it == c.sources.end() ? "default" : it->second});
  };
  const auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out;
  };
  const auto n = [](long v) { return std::to_string(v); };
  add("database", c.database);
  add("language", language_key(c.language));
  add("fees.arc_per_year", n(c.fees.arc_per_year));
  add("fees.multi_entry", n(c.fees.multi_entry));
  add("fees.extension", n(c.fees.extension));
  add("fees.data_change", n(c.fees.data_change));
  add("handling_fees.card_percent", domain::percent_text(c.handling_fees.card_included_basis_points));
  add("handling_fees.webatm", n(c.handling_fees.webatm));
  add("handling_fees.virtual_account", n(c.handling_fees.virtual_account));
  add("handling_fees.egov", n(c.handling_fees.egov));
  add("handling_fees.store", n(c.handling_fees.store));
  add("timing.decision_working_days", n(c.timing.decision_working_days));
  add("timing.receipt_working_days_store", n(c.timing.receipt_working_days_store));
  add("timing.receipt_working_days_online", n(c.timing.receipt_working_days_online));
  add("timing.extension_window_months", n(c.timing.extension_window_months));
  add("timing.slip_deadline_days", n(c.timing.slip_deadline_days));
  add("timing.permit_validity_months", n(c.timing.permit_validity_months));
  add("timing.extension_months", n(c.timing.extension_months));
  add("security.session_hours", n(c.security.session_hours));
  add("security.verify_token_hours", n(c.security.verify_token_hours));
  add("security.reset_token_hours", n(c.security.reset_token_hours));
  add("security.lock_after", n(c.security.lock_after));
  add("security.lock_max_minutes", n(c.security.lock_max_minutes));
  add("mail.from", c.mail.from);
  add("mail.smtp_url", c.mail.smtp_url);
  add("mail.user", c.mail.user);
  add("mail.password_file", c.mail.password_file);
  add("mail.password_env", c.mail.password_env);
  add("mail.mainland_domains", join(c.mail.mainland_domains));
  add("payment.slip_year", c.payment.slip_year);
  add("payment.collection_code", c.payment.collection_code);
  add("payment.slip_period", c.payment.slip_period);
  add("payment.virtual_account_prefix", c.payment.virtual_account_prefix);
  add("payment.virtual_account_bank", c.payment.virtual_account_bank);
  add("payment.gateway_url", c.payment.gateway_url);
  add("payment.gateway_key_file", c.payment.gateway_key_file);
  add("payment.store_limit", n(c.payment.store_limit));
  add("pdf.font_file", c.pdf.font_file);
  add("pdf.font_index", n(c.pdf.font_index));
  add("pdf.signing_key_file", signing_key_path(c));
  add("stations", join(station_codes(c)));
  {
    std::vector<std::string> years;
    for (int y : c.calendar.covered_years()) years.push_back(std::to_string(y));
    add("calendar", (c.calendar_file.empty() ? std::string("built-in") : c.calendar_file) + " (years " +
                        join(years) + "; " + n(static_cast<long>(c.calendar.holidays().size())) +
                        " holidays, " + n(static_cast<long>(c.calendar.make_up_workdays().size())) +
                        " make-up working days)");
  }
  return rows;
}

}  // namespace soas::config
