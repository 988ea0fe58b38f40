// soas audit list: who did what, when, on which record (newest first).

#include "cmd_audit.hpp"
#include "app.hpp"
#include "service/audit.hpp"

namespace soas::cli {

namespace cmd_audit {

int run_audit_list(Output& io, Services& sv, const AuditOptions& o) {
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  store::AuditQuery query;
  query.entity = o.entity;
  query.entity_id = o.id;
  using Row = domain::AuditEntry;
  return print_paged<Row>(
      io, o.page, "entries",
      [&](const std::optional<std::string>& after, std::size_t limit) {
        return service::audit_page(env, caller, query, after, limit);
      },
      [](const Row& e) {
        return Json{{"id", e.id},         {"at", e.at},         {"actor", e.actor},
                    {"action", e.action}, {"entity", e.entity}, {"entity_id", e.entity_id},
                    {"detail", e.detail}};
      },
      {"id", io.tr({"時間", "at"}), io.tr({"執行者", "actor"}), io.tr({"動作", "action"}),
       io.tr({"對象", "record"}), io.tr({"說明", "detail"})},
      [](const Row& e) {
        return std::vector<std::string>{std::to_string(e.id),         e.at,    e.actor, e.action,
                                        e.entity + " " + e.entity_id, e.detail};
      });
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
  add_page_options(list, opts->page);
  list->footer(paging_help("id order, newest first", "entry") +
               "Examples:\n  soas audit list\n  soas --json audit list --entity database --limit 5\n"
               "  soas audit list --after 1200");
  commands.add(list, [opts](Context& ctx) { return run_audit_list(ctx, ctx, *opts); });
}

}  // namespace soas::cli
