// soas: parse the command line, run the chosen command, map errors to the
// fixed exit codes. The only catch of soas::Error is here.

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include "app.hpp"
#include "terminal.hpp"
#include "core/error.hpp"
#include "soas/version.hpp"
#include "store/store.hpp"
#include "util/text.hpp"

namespace {

using namespace soas;
using soas::cli::Json;

// "soas rules" for the window subcommand: what help() prints before its name.
std::string parent_path(const CLI::App* app) {
  std::string path;
  for (const CLI::App* p = app->get_parent(); p != nullptr; p = p->get_parent()) {
    path = p->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

// The help of app itself: CLI::App::help would show the help of a
// subcommand parsed under it instead (soas help is parsed as soas's "help").
std::string help_of(const CLI::App* app) {
  const std::string parents = parent_path(app);
  const std::string path = parents.empty() ? app->get_name() : parents + " " + app->get_name();
  return app->get_formatter()->make_help(app, path, CLI::AppFormatMode::Normal);
}

bool color_enabled(const cli::Context& ctx) {
  return !ctx.options().no_color && !ctx.env()("NO_COLOR") && isatty(STDERR_FILENO) == 1;
}

void print_error(cli::Context& ctx, const Error& e) {
  if (ctx.json()) {
    Json problems = Json::array();
    for (const auto& p : e.problems()) {
      problems.push_back({{"field", p.field}, {"code", p.code}, {"message", ctx.tr(p.message)}});
    }
    Json doc = {{"error",
                 {{"code", e.code()},
                  {"message", ctx.tr(e.text())},
                  {"exit_code", static_cast<int>(e.exit_code())}}}};
    if (!problems.empty()) doc["error"]["problems"] = problems;
    std::cerr << doc.dump(2) << '\n';
    return;
  }
  const bool color = color_enabled(ctx);
  if (color) {
    cli::write_raw(std::cerr, "\033[1;31m");
    std::cerr << "soas: error:";
    cli::write_raw(std::cerr, "\033[0m");
    std::cerr << " ";
  } else {
    std::cerr << "soas: error: ";
  }
  std::cerr << ctx.tr(e.text()) << " ["
            << e.code() << "]\n";
  for (const auto& p : e.problems()) {
    std::cerr << "  " << p.field << ": " << ctx.tr(p.message) << " [" << p.code << "]\n";
  }
}

// The usage error of a CLI11 parse failure, with a "did you mean" for a
// mistyped subcommand.
void print_usage_error(cli::Context& ctx, CLI::App& root, const CLI::ParseError& e) {
  CLI::App* where = &root;
  while (!where->get_subcommands().empty()) where = where->get_subcommands().front();
  std::string hint;
  // With fallthrough, a stray word may land on any parent of the command.
  std::vector<std::string> extras;
  for (CLI::App* a = where; a != nullptr && extras.empty(); a = a->get_parent()) extras = a->remaining();
  if (!extras.empty() && !where->get_subcommands({}).empty()) {
    std::vector<std::string> names;
    for (const auto* sub : where->get_subcommands({})) names.push_back(sub->get_name());
    const std::string best = util::closest_match(extras.front(), names);
    if (!best.empty()) hint = best;
  }
  std::string path = where->get_name() == root.get_name() ? "" : " " + where->get_name();
  for (auto* p = where->get_parent(); p != nullptr && p != &root; p = p->get_parent()) {
    path = " " + p->get_name() + path;
  }
  // A word where a subcommand belongs is an unknown command, whatever CLI11
  // calls it ("A subcommand is required", "not expected").
  const bool unknown_command =
      !extras.empty() && !where->get_subcommands({}).empty() && !util::starts_with(extras.front(), "-");
  std::string what_zh = unknown_command ? "沒有此指令：" + extras.front() : std::string(e.what());
  std::string what_en = unknown_command ? "unknown command: " + extras.front() : std::string(e.what());
  if (!unknown_command && extras.empty() && !where->get_subcommands({}).empty() &&
      where->get_subcommands().empty() && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    // A command group without its subcommand: name the ones it has.
    std::string names;
    for (const auto* sub : where->get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
    what_zh = "請指定子指令：" + names;
    what_en = "a subcommand is required: " + names;
  }
  const Text text{
      what_zh + (hint.empty() ? "" : "（是否為「" + hint + "」？）") + "；請見 soas help" + path,
      what_en + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") + "; see 'soas help" + path + "'"};
  print_error(ctx, UsageError("usage", text));
}

// soas help PATH shows what soas PATH --help shows: each word of the path is
// a subcommand, or the value of the command's next positional (soas help
// download permit is download's help). A word that is neither is refused,
// with the nearest subcommand or value as a hint.
int run_help(CLI::App& root, const std::vector<std::string>& words, cli::Context& ctx) {
  CLI::App* app = &root;
  std::string path = "soas";
  std::size_t positional = 0;  // the positionals of app the path has filled
  for (const auto& w : words) {
    CLI::App* next = nullptr;
    for (auto* sub : app->get_subcommands({})) {
      if (sub->get_name() == w) next = sub;
    }
    if (next != nullptr) {
      app = next;
      path += " " + w;
      positional = 0;
      continue;
    }
    std::vector<const CLI::Option*> positionals;
    for (const CLI::Option* o : app->get_options()) {
      if (!o->nonpositional()) positionals.push_back(o);
    }
    std::vector<std::string> names;
    for (const auto* sub : app->get_subcommands({})) names.push_back(sub->get_name());
    if (positional < positionals.size() && !util::starts_with(w, "-")) {
      const CLI::Option* o = positionals[positional];
      const std::vector<std::string> choices = cli::option_choices(o);
      if (choices.empty() || std::find(choices.begin(), choices.end(), w) != choices.end()) {
        if (o->get_items_expected_max() <= 1) ++positional;  // a list takes every word after it
        continue;
      }
      names.insert(names.end(), choices.begin(), choices.end());
    }
    const std::string best = util::closest_match(w, names);
    throw UsageError("unknown-command",
                     Text{"沒有此指令：" + w + (best.empty() ? "" : "（是否為「" + best + "」？）"),
                          "no such command: " + w + (best.empty() ? "" : " (did you mean '" + best + "'?)")});
  }
  if (ctx.json()) {
    ctx.print_json(cli::command_json(app, path));  // the command and everything under it
  } else {
    ctx.out() << help_of(app);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Every byte soas prints passes through here: control characters from
  // outside (a form field, a cell, a file name) are shown, not obeyed.
  cli::EscapedStandardStreams escaped;
  CLI::App app{
      "soas — the Students Online Application System of Taiwan's National Immigration Agency\n"
      "(外國與外僑、大陸與港澳、無戶籍國民學生線上申辦系統), from the shell.",
      "soas"};
  app.set_version_flag("--version", std::string("soas ") + soas::k_version + " (database schema " +
                                        std::to_string(store::current_schema_version()) + ")");
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Exit codes: 0 ok, 1 error, 2 usage, 3 partial batch, 4 refused by a rule,\n"
      "5 not permitted, 130 interrupted. See man soas(1).\n"
      "Run 'soas help COMMAND' for a command's options and examples.");

  cli::GlobalOptions global;
  app.add_option("--db", global.db, "Database file (default ./soas.db; env SOAS_DB)");
  app.add_option("--config", global.config, "Config file (env SOAS_CONFIG; default ./soas.yaml if present)");
  app.add_option("--lang", global.lang, "Message language (env SOAS_LANG, then LANG)")
      ->check(CLI::IsMember({"zh-TW", "en"}));
  app.add_flag("--json", global.json, "Print one JSON document on stdout (errors as JSON on stderr)");
  app.add_flag("-q,--quiet", global.quiet,
               "Only problems and the summary: no line for each item that went well, no progress bar");
  app.add_flag("--no-color", global.no_color, "No colour on stderr (also NO_COLOR)");

  cli::Commands commands;
  cli::register_init(app, commands);
  cli::register_config(app, commands);
  cli::register_rules(app, commands);
  cli::register_session(app, commands);
  cli::register_account(app, commands);
  cli::register_apply(app, commands);
  cli::register_todo(app, commands);
  cli::register_case(app, commands);
  cli::register_review(app, commands);
  cli::register_pay(app, commands);
  cli::register_download(app, commands);
  cli::register_batch(app, commands);
  cli::register_user(app, commands);
  cli::register_school(app, commands);
  cli::register_records(app, commands);
  cli::register_calendar(app, commands);
  cli::register_mail(app, commands);
  cli::register_audit(app, commands);
  cli::register_remind(app, commands);

  std::vector<std::string> help_words;
  CLI::App* help = app.add_subcommand("help", "Show the help of a command: soas help rules window");
  help->add_option("command", help_words, "The command (and subcommand)");
  help->footer(
      "Examples:\n  soas help\n  soas help rules window\n  soas help download permit\n"
      "  soas --json help batch");
  cli::register_completion(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    CLI::App* a = &app;
    while (!a->get_subcommands().empty()) a = a->get_subcommands().front();
    std::cout << help_of(a);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    cli::Context early(global, config::process_environment(), std::cout, std::cerr);
    print_usage_error(early, app, e);
    return static_cast<int>(Exit::usage);
  }

  cli::Context run_ctx(global, config::process_environment(), std::cout, std::cerr);
  try {
    CLI::App* chosen = &app;
    while (!chosen->get_subcommands().empty()) chosen = chosen->get_subcommands().front();
    if (chosen == help) return run_help(app, help_words, run_ctx);
    const cli::Runner* runner = commands.find(chosen);
    if (runner == nullptr) {
      // A command group given without its subcommand.
      std::cout << help_of(chosen);
      return static_cast<int>(Exit::usage);
    }
    // The config first, when it loads: it names the files no output may
    // overwrite (the database, the keys, the config itself). A config that
    // does not load is reported by the command that needs it.
    try {
      (void)run_ctx.config();
    } catch (const Error&) {
    }
    return (*runner)(run_ctx);
  } catch (const Error& e) {
    print_error(run_ctx, e);
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    print_error(run_ctx, Failure("internal", Text{std::string("內部錯誤：") + e.what(),
                                                  std::string("internal error: ") + e.what()}));
    return static_cast<int>(Exit::failure);
  }
}
