// soas init: create or migrate the database.

#include "app.hpp"

namespace soas::cli {

namespace {

int run_init(Context& ctx) {
  const auto& cfg = ctx.config();
  const store::InitReport r = store::init_sqlite(cfg.database, ctx.clock(), "system");
  if (ctx.json()) {
    Json applied = Json::array();
    for (const auto& m : r.applied) applied.push_back({{"version", m.version}, {"name", m.name}});
    ctx.print_json({{"database", r.path},
                    {"created", r.created},
                    {"schema_from", r.from_version},
                    {"schema_to", r.to_version},
                    {"applied", applied}});
    return 0;
  }
  const std::string v = std::to_string(r.to_version);
  if (r.created) {
    ctx.out() << ctx.tr({"已建立資料庫 " + r.path + "（結構版本 " + v + "）",
                         "Created database " + r.path + " (schema v" + v + ")"})
              << '\n';
  } else if (r.applied.empty()) {
    ctx.out() << ctx.tr({"資料庫 " + r.path + " 已是最新（結構版本 " + v + "）",
                         "Database " + r.path + " is up to date (schema v" + v + ")"})
              << '\n';
  } else {
    const std::string from = std::to_string(r.from_version);
    ctx.out() << ctx.tr({"已將資料庫 " + r.path + " 由結構版本 " + from + " 升級至 " + v,
                         "Migrated database " + r.path + " from schema v" + from + " to v" + v})
              << '\n';
  }
  for (const auto& m : r.applied) {
    ctx.out() << "  v" << m.version << ": " << m.name << '\n';
  }
  return 0;
}

}  // namespace

void register_init(CLI::App& app, Commands& commands) {
  CLI::App* cmd = app.add_subcommand("init", "Create the database, or migrate it to this version's schema");
  cmd->footer(
      "Safe to run again: an up-to-date database is left as it is. A file that is not a\n"
      "soas database, is damaged, or has a newer schema is refused and left untouched.\n\n"
      "Examples:\n"
      "  soas init\n"
      "  soas --db /srv/soas/soas.db init");
  commands.add(cmd, run_init);
}

}  // namespace soas::cli
