#pragma once
// What every command receives: the global options, lazily loaded config,
// clock and store, and the output in the chosen language and format.

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"
#include "service/records.hpp"
#include "store/store.hpp"

namespace soas::cli {

using Json = nlohmann::ordered_json;

struct GlobalOptions {
  std::optional<std::string> db;
  std::optional<std::string> config;
  std::optional<std::string> lang;
  bool json = false;
  bool quiet = false;  // only problems and summaries: no line per item that went well, no progress
  bool no_color = false;
};

// The terminal side of a command: where its output goes, in which language
// and format. A runner that only prints takes this alone; a test gives it
// string streams and a language.
class Output {
 public:
  Output(std::ostream& out, std::ostream& err, bool json, bool quiet)
      : m_out(out), m_err(err), m_json(json), m_quiet(quiet) {}
  virtual ~Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // The language for messages (Context: the config's, or before it is
  // loaded, the best guess from flags and environment).
  virtual Lang lang() const = 0;
  bool json() const { return m_json; }
  bool quiet() const { return m_quiet; }

  std::ostream& out() { return m_out; }
  std::ostream& err() { return m_err; }
  const std::string& tr(const Text& text) const { return text.in(lang()); }
  // Prints one JSON document on stdout.
  void print_json(const Json& doc);
  // Asks a yes/no question on the terminal (stderr, then a line of stdin);
  // false when stdin is not a terminal: nothing prompts in a pipe or a script.
  bool confirm(const Text& question);
  // Prints rows aligned by display width (CJK characters are two columns).
  void print_table(const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows);
  // A warning on stderr ("soas: warning: ..."), never on stdout.
  void warn(const Text& text);
  // A result's warnings: on stderr ("soas: warning: ... [code]"); with --json
  // they go into the document instead (warnings_json), so nothing is printed.
  void warn(const std::vector<service::Warning>& warnings);

 private:
  std::ostream& m_out;
  std::ostream& m_err;
  bool m_json;
  bool m_quiet;
};

// What a command reaches beyond its output: the config, and lib/service's
// environment and caller. Each is opened when first asked for, so a command
// refuses bad options before it needs a database or a login. The CLI's
// Context opens them from flags, environment and the session file; a test
// gives its own store and caller.
class Services {
 public:
  virtual ~Services() = default;
  virtual const config::Config& config() = 0;
  // The clock (SOAS_NOW, or the system's).
  virtual const Clock& clock() = 0;
  // The process environment (a secret's variable, the session file's).
  virtual const config::EnvLookup& env() const = 0;
  // What the services need: the store, the config and the clock.
  virtual service::Env service_env() = 0;
  // Who is asking (Forbidden, exit 5, when nobody is logged in).
  virtual const service::Caller& caller() = 0;
  // The working-day calendar: the database's (imported office calendars and
  // the config's YAML, service::working_calendar) when the database exists,
  // else the config's alone (soas rules runs without a database).
  virtual std::shared_ptr<const domain::WorkingCalendar> working_calendar() = 0;
  virtual bool has_database() = 0;
};

// The CLI's own: the global options, the environment, and the config, clock,
// store and caller they lead to, loaded lazily. The commands that manage the
// CLI's own state (init, the session file, config show) take it whole; every
// other runner takes an Output and the Services.
class Context final : public Output, public Services {
 public:
  Context(GlobalOptions options, config::EnvLookup env, std::ostream& out, std::ostream& err);

  const GlobalOptions& options() const { return m_options; }
  const config::EnvLookup& env() const override { return m_env; }
  const config::Config& config() override;
  const Clock& clock() override;
  // Opens the existing database at the current schema (see store::open_store).
  store::Store& store();
  service::Env service_env() override { return service::Env{store(), config(), clock(), m_calendar_cache}; }
  std::shared_ptr<const domain::WorkingCalendar> working_calendar() override;
  bool has_database() override;
  // The account of the session file.
  const service::Caller& caller() override;
  Lang lang() const override;
  void warn_if_readable_by_others(const std::string& db);

 private:
  GlobalOptions m_options;
  config::EnvLookup m_env;
  std::optional<config::Config> m_config;
  std::unique_ptr<Clock> m_clock;
  std::unique_ptr<store::Store> m_store;
  std::optional<service::Caller> m_caller;
  service::CalendarCache m_calendar_cache = std::make_shared<std::shared_ptr<const domain::WorkingCalendar>>();
};

// A result's warnings as the "warnings" array of --json output: code and message.
Json warnings_json(const Output& io, const std::vector<service::Warning>& warnings);

using Runner = std::function<int(Context&)>;

// Maps each leaf subcommand to the function that runs it (as ninja's tool
// table does): main() parses, then runs the runner of the chosen command.
class Commands {
 public:
  void add(CLI::App* command, Runner runner) { m_runners[command] = std::move(runner); }
  // A runner that needs only the output, or the output and the services.
  void add(CLI::App* command, int (*run)(Output&)) {
    add(command, Runner([run](Context& ctx) { return run(ctx); }));
  }
  void add(CLI::App* command, int (*run)(Output&, Services&)) {
    add(command, Runner([run](Context& ctx) { return run(ctx, ctx); }));
  }
  const Runner* find(CLI::App* command) const {
    const auto it = m_runners.find(command);
    return it == m_runners.end() ? nullptr : &it->second;
  }

 private:
  std::map<CLI::App*, Runner> m_runners;
};

// One registration function per command group, each in its own file.
void register_init(CLI::App& app, Commands& commands);
void register_remind(CLI::App& app, Commands& commands);
// Last: its script is made from every command registered before it.
void register_completion(CLI::App& app, Commands& commands);
// A command and everything under it as JSON (soas --json help [COMMAND]):
// its description, positionals, options (names, whether required, whether
// they take a value, their choices) and subcommands, for tools.
Json command_json(const CLI::App* app, const std::string& path);
// The values an option checked with CLI::IsMember takes; empty for any value.
std::vector<std::string> option_choices(const CLI::Option* option);
void register_config(CLI::App& app, Commands& commands);
void register_rules(CLI::App& app, Commands& commands);
void register_audit(CLI::App& app, Commands& commands);
void register_school(CLI::App& app, Commands& commands);
void register_records(CLI::App& app, Commands& commands);
void register_calendar(CLI::App& app, Commands& commands);
void register_user(CLI::App& app, Commands& commands);
void register_account(CLI::App& app, Commands& commands);
void register_session(CLI::App& app, Commands& commands);
void register_mail(CLI::App& app, Commands& commands);
void register_apply(CLI::App& app, Commands& commands);
void register_case(CLI::App& app, Commands& commands);
void register_review(CLI::App& app, Commands& commands);
void register_todo(CLI::App& app, Commands& commands);
void register_pay(CLI::App& app, Commands& commands);
void register_download(CLI::App& app, Commands& commands);
void register_batch(CLI::App& app, Commands& commands);

// Prints a refusal's field problems the way errors print them, for commands
// that report problems and go on (records import).
std::string problem_line(const Output& io, const FieldProblem& p);
// A file's problems by line (records import, calendar import): the
// "problems" array of --json, and the lines under the error on stderr
// ("  FILE:LINE: field: message [code]"; no line for the whole file).
Json row_problems_json(const Output& io, const std::vector<service::RowProblem>& problems);
void print_row_problems(Output& io, const std::string& file,
                        const std::vector<service::RowProblem>& problems);

// --doc ITEM=FILE values as (item, file) pairs; UsageError for a malformed one.
std::vector<std::pair<std::string, std::string>> parse_doc_options(const std::vector<std::string>& values);

// Parses a date option value (yyyy-mm-dd or yyyy/mm/dd); UsageError naming
// the option otherwise.
util::Date parse_date_option(const std::string& option, const std::string& value);

}  // namespace soas::cli
