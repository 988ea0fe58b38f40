#include "app.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <ostream>

#include "core/database_url.hpp"
#include "core/error.hpp"
#include "secrets_io.hpp"
#include "service/calendar.hpp"
#include "store/open.hpp"
#include "store/sqlite/test_hooks.hpp"
#include "util/text.hpp"
#include "wording.hpp"

namespace soas::cli {

Context::Context(GlobalOptions options, config::EnvLookup env, std::ostream& out, std::ostream& err)
    : Output(out, err, options.json, options.quiet), m_options(std::move(options)), m_env(std::move(env)) {}

const config::Config& Context::config() {
  if (!m_config) {
    m_config = config::load(config::Flags{m_options.config, m_options.db, m_options.lang}, m_env);
  }
  return *m_config;
}

const Clock& Context::clock() {
  if (!m_clock) {
    const auto now = m_env("SOAS_NOW");
    m_clock = clock_from_environment(now ? now->c_str() : nullptr);
  }
  return *m_clock;
}

store::Store& Context::store() {
  if (!m_store) {
    if (const auto n = m_env("SOAS_TEST_KILL_AFTER_STATEMENTS"); n && !n->empty())
      store::arm_kill_after_statements(std::strtoul(n->c_str(), nullptr, 10));  // fault tests only
    m_store = store::open_store(config().database, clock());
    warn_if_readable_by_others(database_file(config().database));
  }
  return *m_store;
}

// The database holds password hashes, passports and every scan: a file that
// group or others may read is named, with the chmod that fixes it.
void Context::warn_if_readable_by_others(const std::string& db) {
  std::string files;
  mode_t worst = 0;
  for (const std::string& f : {db, db + "-wal", db + "-shm"}) {
    struct stat st {};
    if (::stat(f.c_str(), &st) != 0 || (st.st_mode & 077) == 0) continue;
    if (worst == 0) worst = st.st_mode & 0777;
    files += " " + util::shell_quote(f);
  }
  if (files.empty()) return;
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(worst));
  warn(Text{"資料庫檔權限過寬（" + std::string(octal) + "），其他使用者可讀取；請執行：chmod 600" + files,
            "the database file's permissions are too open (" + std::string(octal) +
                "): other users can read it; run: chmod 600" + files});
}

const service::Caller& Context::caller() {
  if (!m_caller) {
    const auto token = read_session_token(m_env);
    m_caller = service::resolve_session(store(), token.value_or(""), clock().now());
  }
  return *m_caller;
}

std::string problem_line(const Output& io, const FieldProblem& p) {
  return p.field + ": " + io.tr(worded(p)) + " [" + p.code + "]";
}

Json row_problems_json(const Output& io, const std::vector<service::RowProblem>& problems) {
  Json a = Json::array();
  for (const auto& p : problems) {
    a.push_back({{"line", p.line},
                 {"field", p.problem.field},
                 {"code", p.problem.code},
                 {"message", io.tr(worded(p.problem))}});
  }
  return a;
}

void print_row_problems(Output& io, const std::string& file,
                        const std::vector<service::RowProblem>& problems) {
  for (const auto& p : problems) {
    io.err() << "  " << file;
    if (p.line > 0) io.err() << ":" << p.line;
    io.err() << ": " << problem_line(io, p.problem) << '\n';
  }
}

Lang Context::lang() const {
  if (m_config) return m_config->language;
  if (m_options.lang) {
    if (const auto l = config::parse_language(*m_options.lang)) return *l;
  }
  if (const auto v = m_env("SOAS_LANG")) {
    if (const auto l = config::parse_language(*v)) return *l;
  }
  for (const char* name : {"LC_ALL", "LANG"}) {
    if (const auto v = m_env(name); v && !v->empty()) {
      if (const auto l = config::language_from_locale(*v)) return *l;
      break;
    }
  }
  return Lang::zh_tw;
}

bool Output::confirm(const Text& question) {
  if (isatty(STDIN_FILENO) != 1) return false;
  m_err << tr(question) << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

void Output::print_json(const Json& doc) {
  m_out << doc.dump(2) << '\n';
}

void Output::print_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(headers.size(), 0);
  const auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], util::display_width(row[i]));
    }
  };
  measure(headers);
  for (const auto& r : rows) measure(r);
  const auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += (i + 1 < row.size()) ? util::pad_right(row[i], widths[i] + 2) : row[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    m_out << line << '\n';
  };
  emit(headers);
  for (const auto& r : rows) emit(r);
}

void Output::warn(const Text& text) {
  m_err << "soas: warning: " << tr(text) << '\n';
}

void Output::warn(const std::vector<service::Warning>& warnings) {
  if (json()) return;
  for (const auto& w : warnings) m_err << "soas: warning: " << tr(w.message) << " [" << w.code << "]\n";
}

Json warnings_json(const Output& io, const std::vector<service::Warning>& warnings) {
  Json a = Json::array();
  for (const auto& w : warnings) a.push_back({{"code", w.code}, {"message", io.tr(w.message)}});
  return a;
}

bool Context::has_database() {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::symlink_status(database_file(config().database), ec));
}

std::shared_ptr<const domain::WorkingCalendar> Context::working_calendar() {
  if (has_database()) return service::working_calendar(service_env());
  return std::shared_ptr<const domain::WorkingCalendar>(&config().calendar, [](const domain::WorkingCalendar*) {});
}

std::vector<std::pair<std::string, std::string>> parse_doc_options(const std::vector<std::string>& values) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& d : values) {
    const auto eq = d.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == d.size()) {
      throw UsageError("bad-doc", Text{"--doc 須為 項目=檔案，而非 " + d, "--doc takes ITEM=FILE, not " + d});
    }
    out.emplace_back(d.substr(0, eq), d.substr(eq + 1));
  }
  return out;
}

util::Date parse_date_option(const std::string& option, const std::string& value) {
  const auto d = util::parse_user_date(value);
  if (!d) {
    throw UsageError("bad-date", Text{option + " 須為日期 yyyy-mm-dd，而非 " + value,
                                      option + " must be a date yyyy-mm-dd, not " + value});
  }
  return *d;
}

}  // namespace soas::cli
