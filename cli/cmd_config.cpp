// soas config show: the effective configuration and where each value came from.

#include "cmd_config.hpp"
#include "app.hpp"

namespace soas::cli {

namespace cmd_config {

int run_config_show(Output& io, Services& sv) {
  const auto& cfg = sv.config();
  const auto rows = config::describe(cfg);
  if (io.json()) {
    Json settings = Json::array();
    for (const auto& s : rows) settings.push_back({{"key", s.key}, {"value", s.value}, {"source", s.source}});
    io.print_json(
        {{"config_file", cfg.config_file.empty() ? Json() : Json(cfg.config_file)}, {"settings", settings}});
    return 0;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& s : rows) table.push_back({s.key, s.value.empty() ? "-" : s.value, s.source});
  io.print_table({io.tr({"設定鍵", "key"}), io.tr({"值", "value"}), io.tr({"來源", "source"})}, table);
  return 0;
}

}  // namespace cmd_config

using namespace cmd_config;  // its runners and options

void register_config(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("config", "Show the effective configuration");
  group->require_subcommand(1);
  CLI::App* show = group->add_subcommand("show", "Every setting, its value and where it came from");
  show->footer(
      "Precedence: command-line flag > environment (SOAS_DB, SOAS_LANG) > config file >\n"
      "LANG > built-in default. The config file is --config, else SOAS_CONFIG, else\n"
      "./soas.yaml when present. Keys are described in man soas-config(5).\n\n"
      "Examples:\n"
      "  soas config show\n"
      "  SOAS_DB=/tmp/x.db soas --json config show");
  commands.add(show, run_config_show);
}

}  // namespace soas::cli
