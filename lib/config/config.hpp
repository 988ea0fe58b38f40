#pragma once
// The effective configuration and where each value came from. Precedence:
// command-line flag > environment > config file > built-in default. The one
// exception is the generic locale variable LANG, which ranks below the config
// file: it describes the machine, not soas (SOAS_LANG ranks as environment).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "domain/calendar.hpp"
#include "domain/fees.hpp"

namespace soas::config {

struct Station {
  std::string code;
  std::string name;
  std::string address;
};

struct MailSettings {
  std::string from = "noreply@soas.invalid";
  std::string smtp_url;  // smtp:// or smtps://; empty: no SMTP, export .eml instead
  std::string user;
  std::string password_file;  // the SMTP password is read from this file ...
  std::string password_env;   // ... or from the environment variable named here
  std::vector<std::string> mainland_domains;
};

struct Timing {
  int decision_working_days = 14;       // payment notice after submission (000 step 15)
  int receipt_working_days_store = 3;   // receipt after a store payment (000 step 20)
  int receipt_working_days_online = 0;  // receipt after an online payment
  int extension_window_months = 3;      // 004 §4
  int slip_deadline_days = 5;           // store slip deadline after printing (004 fig 74)
  // The seeds are silent on how long issued documents last (extrapolated):
  int permit_validity_months = 24;  // a new multi-entry permit, from its issue
  int extension_months = 6;         // an extension, from the permit's current expiry
};

// Payment slips and gateways (man soas-pay(1), soas-pay(5)).
struct PaymentSettings {
  std::string slip_year = "roc";         // roc | gregorian: yy in the store barcodes
  std::string collection_code = "NIA";   // 3 characters (代收項目)
  std::string slip_period = "deadline";  // deadline | print | 4 literal characters
  std::string virtual_account_prefix = "95012";
  std::string virtual_account_bank = "臺灣銀行 Bank of Taiwan (004)";
  std::string gateway_url = "https://gateway.invalid/pay";
  std::string gateway_key_file;  // the shared HMAC key of checkouts and callbacks
  // The most a convenience-store slip may collect (the stores' per-slip cap);
  // a larger payment goes by virtual account.
  long store_limit = 20000;
};

// PDFs: the TrueType CJK font embedded (subset) in every document, and the
// agency's Ed25519 key that signs each permit's QR payload.
struct PdfSettings {
  // AR PL UMing TW (fonts-arphic-uming; uming.ttc, face 2): Taiwan's standard
  // character forms, as official documents are printed. A slip stays under
  // 30 KB, a permit under 64 KB (outlines scaled to 256 units per em).
  // WenQuanYi Micro Hei (wqy-microhei.ttc, face 0) follows mainland forms.
  std::string font_file = "/usr/share/fonts/truetype/arphic/uming.ttc";
  int font_index = 2;
  std::string signing_key_file;  // empty: the database path + ".signing.key"
};

struct Security {
  int session_hours = 8;        // a login lasts this long
  int verify_token_hours = 24;  // e-mail verification link
  int reset_token_hours = 1;    // password reset link
  int lock_after = 3;           // failed logins before the first lock
  int lock_max_minutes = 15;    // the lock doubles from 30 s up to this
};

struct Config {
  std::string database = "soas.db";
  Lang language = Lang::zh_tw;
  domain::FeeSchedule fees;
  domain::HandlingFees handling_fees;
  Timing timing;
  Security security;
  MailSettings mail;
  PaymentSettings payment;
  PdfSettings pdf;
  std::vector<Station> stations;
  domain::WorkingCalendar calendar;
  std::string calendar_file;  // where the calendar came from; empty: built in

  std::string config_file;  // the file read, if any
  // Key → where its value came from: "default", "file soas.yaml:12",
  // "env SOAS_DB", "flag --db", "env LANG".
  std::map<std::string, std::string> sources;
};

// The signing key file in effect (pdf.signing_key_file, or beside the database).
std::string signing_key_path(const Config& config);

// The service stations' codes, in the configured order (the choices of a
// form's pickup_station), and a station's name ("" for a code not configured).
std::vector<std::string> station_codes(const Config& config);
std::string station_name(const Config& config, const std::string& code);

// Registers the installation's own files (database and its -wal/-shm, the
// signing key and .pub, the gateway key, the config, calendar and SMTP
// password files) so that no command's output overwrites them
// (core/files.hpp protect_file). load() calls it.
void protect_installation_files(const Config& config);

// Flags given on the command line.
struct Flags {
  std::optional<std::string> config;
  std::optional<std::string> db;
  std::optional<std::string> lang;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

// Finds the config file (--config, SOAS_CONFIG, ./soas.yaml if present), reads
// it and applies environment and flags. Throws Failure "config-invalid" naming
// the file, line and key for an unknown key, a wrong type or bad YAML;
// "config-missing" when a named file does not exist; UsageError for a bad
// flag or environment value.
Config load(const Flags& flags, const EnvLookup& env);

// Only the file layer, over built-in defaults (for tests and `config check`).
// `base_dir` resolves relative paths inside the file (calendar.file).
Config parse_file(const std::string& yaml_text, const std::string& shown_name, const std::string& base_dir);

// Reads a holiday calendar document (the format of samples/holidays-tw.yaml).
domain::WorkingCalendar parse_calendar(const std::string& yaml_text, const std::string& shown_name);

// "zh-TW" / "en"; parse_language accepts exactly those.
std::string language_key(Lang lang);
std::optional<Lang> parse_language(const std::string& text);
// A locale name such as en_US.UTF-8 or zh_TW.UTF-8 as a language, if it is one.
std::optional<Lang> language_from_locale(const std::string& locale);

// One row of `soas config show`: every key with its value and source.
struct Setting {
  std::string key;
  std::string value;
  std::string source;
};
std::vector<Setting> describe(const Config& config);

}  // namespace soas::config
