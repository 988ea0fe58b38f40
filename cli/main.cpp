// soas: parse the command line, run the chosen command, map errors to the
// fixed exit codes. The only catch of soas::Error is here.

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <regex>

#include "app.hpp"
#include "core/error.hpp"
#include "soas/version.hpp"
#include "store/open.hpp"
#include "terminal.hpp"
#include "util/text.hpp"
#include "wording.hpp"

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
      problems.push_back({{"field", p.field}, {"code", p.code}, {"message", ctx.tr(cli::worded(p))}});
    }
    Json doc = {{"error",
                 {{"code", e.code()},
                  {"message", ctx.tr(cli::worded(e))},
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
  std::cerr << ctx.tr(cli::worded(e)) << " [" << e.code() << "]\n";
  for (const auto& p : e.problems()) {
    std::cerr << "  " << p.field << ": " << ctx.tr(cli::worded(p)) << " [" << p.code << "]\n";
  }
}

// CLI11's message of a parse failure in both languages. CLI11 names the
// option, argument or value only inside its English text, so each kind of
// error is matched by its type and the shape of that text; the English is
// CLI11's own. A message of an unknown shape keeps CLI11's words after a
// Chinese lead.
Text parse_error_text(const CLI::ParseError& e) {
  const std::string what = e.what();
  std::smatch m;
  const auto is = [&](const char* pattern) { return std::regex_match(what, m, std::regex(pattern)); };
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    if (is("A subcommand is required")) return {"請指定子指令", what};
    if (is("Exactly 1 option from \\[(.*)\\]")) return {"請指定其中之一：" + m.str(1), what};
    if (is("At least 1 option from \\[(.*)\\]")) return {"請至少指定其中之一：" + m.str(1), what};
    if (is("(.+) is required")) return {"缺少必要的 " + m.str(1), what};
  } else if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    if (is("(The following arguments? (?:was|were) not expected: )(.*)")) {
      // CLI11 2.1 lists the words last first: put them back in command-line order.
      std::vector<std::string> words = util::split(m.str(2), ' ');
      std::reverse(words.begin(), words.end());
      std::string list;
      for (const auto& w : words) list += (list.empty() ? "" : " ") + w;
      return {"無法辨識的引數：" + list, m.str(1) + list};
    }
  } else if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr) {
    if (is("(.+): (.+) not in (\\{.*\\})"))
      return {m.str(1) + " 不接受 " + m.str(2) + "，請用 " + m.str(3) + " 其中之一", what};
    if (is("(.+): Value (.*) not in range 0\\.0+ to \\d{100,}\\.0+")) {  // CLI::NonNegativeNumber
      return {m.str(1) + " 須為不小於 0 的數字，而非 " + m.str(2),
              m.str(1) + " must be a number not below 0, not " + m.str(2)};
    }
    if (is("(.+): Value (.*) not in range (\\S+) to (\\S+)"))
      return {m.str(1) + " 須在 " + m.str(3) + " 到 " + m.str(4) + " 之間，而非 " + m.str(2), what};
    if (is("(.+): Failed parsing number: (.*)")) return {m.str(1) + " 須為數字，而非 " + m.str(2), what};
    if (is("(.+): Number less then 0: \\((.*)\\)")) return {m.str(1) + " 不可小於 0：" + m.str(2), what};
    if (is("(.+?): (.*)")) return {m.str(1) + " 的值不正確：" + m.str(2), what};
  } else if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    if (is("The value (.*) is not an allowed value for (.+)"))
      return {m.str(2) + " 不接受 " + m.str(1), what};
    if (is("Could not convert: (.+) = (.*)")) return {m.str(1) + " 的值無法解讀：" + m.str(2), what};
    if (is("(.+): too many inputs for a flag")) return {m.str(1) + " 是旗標，只能給一次", what};
    if (is("(.+): Should be true/false or a number")) return {m.str(1) + " 須為 true、false 或數字", what};
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    if (is("Expected exactly (\\d+) arguments to (.+), got (\\d+)"))
      return {m.str(2) + " 須有 " + m.str(1) + " 個值，卻有 " + m.str(3) + " 個", what};
    if (is("Expected at least (\\d+) arguments to (.+), got (\\d+)"))
      return {m.str(2) + " 至少須有 " + m.str(1) + " 個值，卻有 " + m.str(3) + " 個", what};
    if (is("(.+): At least (\\d+) required but received (\\d+)"))
      return {m.str(1) + " 至少須有 " + m.str(2) + " 個值，卻有 " + m.str(3) + " 個", what};
    if (is("(.+): At Most (\\d+) required but received (\\d+)"))
      return {m.str(1) + " 至多只能有 " + m.str(2) + " 個值，卻有 " + m.str(3) + " 個", what};
    if (is("(.+): (\\d+) required (.+) missing"))
      return {m.str(1) + " 缺少值（須有 " + m.str(2) + " 個 " + m.str(3) + "）", what};
    if (is("(.+) was given a disallowed flag override")) return {m.str(1) + " 不接受值", what};
  } else if (dynamic_cast<const CLI::RequiresError*>(&e) != nullptr) {
    if (is("(.+) requires (.+)")) return {m.str(1) + " 須與 " + m.str(2) + " 一起使用", what};
  } else if (dynamic_cast<const CLI::ExcludesError*>(&e) != nullptr) {
    if (is("(.+) excludes (.+)")) return {m.str(1) + " 不可與 " + m.str(2) + " 同時使用", what};
  }
  return {"命令列有誤：" + what, what};
}

// The usage error of a CLI11 parse failure, with a "did you mean" for a
// mistyped subcommand.
void print_usage_error(cli::Context& ctx, CLI::App& root, const CLI::ParseError& e) {
  CLI::App* where = &root;
  while (!where->get_subcommands().empty()) where = where->get_subcommands().front();
  std::string hint_zh, hint_en;  // "did you mean"
  // With fallthrough, a stray word may land on any parent of the command.
  std::vector<std::string> extras;
  for (CLI::App* a = where; a != nullptr && extras.empty(); a = a->get_parent()) extras = a->remaining();
  if (!extras.empty() && !where->get_subcommands({}).empty()) {
    std::vector<std::string> names;
    for (const auto* sub : where->get_subcommands({})) names.push_back(sub->get_name());
    const std::string best = util::closest_match(extras.front(), names);
    if (!best.empty()) {
      hint_zh = "（是否為「" + best + "」？）";
      hint_en = " (did you mean '" + best + "'?)";
    }
  }
  if (hint_zh.empty() && !extras.empty() && util::starts_with(extras.front(), "--")) {
    // A mistyped option: the nearest of the command's and its parents'.
    std::vector<std::string> names;
    for (const CLI::App* a = where; a != nullptr; a = a->get_parent()) {
      for (const CLI::Option* o : a->get_options()) {
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
      }
    }
    const std::string word = extras.front().substr(0, extras.front().find('='));
    const std::string best = util::closest_match(word, names);
    if (!best.empty()) {
      hint_zh = "（" + word + " 是否為「" + best + "」？）";
      hint_en = " (did you mean '" + best + "' for '" + word + "'?)";
    }
  }
  std::string path = where->get_name() == root.get_name() ? "" : " " + where->get_name();
  for (auto* p = where->get_parent(); p != nullptr && p != &root; p = p->get_parent()) {
    path = " " + p->get_name() + path;
  }
  // A word where a subcommand belongs is an unknown command, whatever CLI11
  // calls it ("A subcommand is required", "not expected").
  const bool unknown_command =
      !extras.empty() && !where->get_subcommands({}).empty() && !util::starts_with(extras.front(), "-");
  const Text parsed = parse_error_text(e);
  std::string what_zh = unknown_command ? "沒有此指令：" + extras.front() : parsed.zh;
  std::string what_en = unknown_command ? "unknown command: " + extras.front() : parsed.en;
  if (!unknown_command && extras.empty() && !where->get_subcommands({}).empty() &&
      where->get_subcommands().empty() && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    // A command group without its subcommand: name the ones it has.
    std::string names;
    for (const auto* sub : where->get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
    what_zh = "請指定子指令：" + names;
    what_en = "a subcommand is required: " + names;
  }
  const Text text{what_zh + hint_zh + "；請見 soas help" + path,
                  what_en + hint_en + "; see 'soas help" + path + "'"};
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
    // A parse stopped early leaves --lang unset: its value is read as given.
    if (!global.lang && !app.get_option("--lang")->results().empty())
      global.lang = app.get_option("--lang")->results().back();
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
