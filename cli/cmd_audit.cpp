// soas audit list: who did what, when, on which record (newest first).

#include "cmd_audit.hpp"
#include "app.hpp"
#include "service/audit.hpp"

namespace soas::cli {

namespace cmd_audit {

int run_audit_list(Output& io, Services& sv, const AuditOptions& o) {
  const auto entries =
      service::audit_list(sv.service_env(), sv.caller(), store::AuditQuery{o.entity, o.id, o.limit});
  if (io.json()) {
    Json a = Json::array();
    for (const auto& e : entries) {
      a.push_back({{"id", e.id},
                   {"at", e.at},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"entity", e.entity},
                   {"entity_id", e.entity_id},
                   {"detail", e.detail}});
    }
    io.print_json({{"entries", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : entries) {
    rows.push_back({std::to_string(e.id), e.at, e.actor, e.action, e.entity + " " + e.entity_id, e.detail});
  }
  io.print_table({"id", io.tr({"時間", "at"}), io.tr({"執行者", "actor"}), io.tr({"動作", "action"}),
                  io.tr({"對象", "record"}), io.tr({"說明", "detail"})},
                 rows);
  return 0;
}

}  // namespace cmd_audit

using namespace cmd_audit;  // its runners and options

void register_audit(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("audit", "Read the audit log (admin)");
  group->require_subcommand(1);
  auto opts = std::make_shared<AuditOptions>();
  CLI::App* list = group->add_subcommand("list", "Audit entries, newest first");
  list->add_option("--entity", opts->entity, "Only records of this kind (database, case, account, ...)");
  list->add_option("--id", opts->id, "Only this record (with --entity)");
  list->add_option("--limit", opts->limit, "At most this many entries")->check(CLI::Range(1, 100000));
  list->footer("Examples:\n  soas audit list\n  soas --json audit list --entity database --limit 5");
  commands.add(list, [opts](Context& ctx) { return run_audit_list(ctx, ctx, *opts); });
}

}  // namespace soas::cli
