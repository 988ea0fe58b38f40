// soas init: create or migrate the database.

#include "app.hpp"
#include "core/error.hpp"
#include "secrets_io.hpp"
#include "service/accounts.hpp"
#include "service/signing.hpp"
#include "store/open.hpp"

namespace soas::cli {

namespace {

struct InitOptions {
  std::string admin;
  std::string email;
  bool password_stdin = false;
};

int run_init(Context& ctx, const InitOptions& o) {
  const auto& cfg = ctx.config();
  if (!o.admin.empty() && o.email.empty()) {
    throw UsageError("usage", Text{"--admin 需要 --email", "--admin needs --email"});
  }
  std::string password;
  if (!o.admin.empty())
    password = read_secret(o.password_stdin, "管理者密碼：", "Admin password: ", ctx.lang() == Lang::en);
  const store::InitReport r = store::init_store(cfg.database, ctx.clock(), "system");
  const service::KeySetup key = service::ensure_signing_key(cfg, ctx.store());
  bool admin_created = false;
  if (!o.admin.empty()) {
    admin_created = service::create_first_admin(
        ctx.service_env(), service::NewUser{o.admin, domain::Role::admin, "", o.email, password});
  }
  if (ctx.json()) {
    Json applied = Json::array();
    for (const auto& m : r.applied) applied.push_back({{"version", m.version}, {"name", m.name}});
    ctx.print_json({{"database", r.path},
                    {"created", r.created},
                    {"schema_from", r.from_version},
                    {"schema_to", r.to_version},
                    {"applied", applied},
                    {"signing_key", {{"file", key.path}, {"key_id", key.key_id}, {"created", key.created}}},
                    {"admin", o.admin.empty() ? Json() : Json(o.admin)},
                    {"admin_created", admin_created}});
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
  if (key.created) {
    ctx.out() << ctx.tr({"已建立許可證簽章金鑰：" + key.path + "（私鑰 0600，公鑰 " + key.path + ".pub）",
                         "Created the permit signing key: " + key.path +
                             " (private, 0600; public: " + key.path + ".pub)"})
              << '\n';
  }
  if (!o.admin.empty()) {
    ctx.out() << ctx.tr(admin_created
                            ? Text{"已建立系統管理者 " + o.admin, "Created the administrator " + o.admin}
                            : Text{"系統管理者 " + o.admin + " 已存在",
                                   "The administrator " + o.admin + " exists already"})
              << '\n';
  }
  return 0;
}

}  // namespace

void register_init(CLI::App& app, Commands& commands) {
  CLI::App* cmd = app.add_subcommand("init", "Create the database, or migrate it to this version's schema");
  auto opts = std::make_shared<InitOptions>();
  cmd->add_option("--admin", opts->admin, "Also create the first administrator account");
  cmd->add_option("--email", opts->email, "The administrator's e-mail (with --admin)");
  cmd->add_flag("--password-stdin", opts->password_stdin,
                "Read the administrator's password from standard input");
  cmd->footer(
      "Safe to run again: an up-to-date database is left as it is. A file that is not a\n"
      "soas database, is damaged, or has a newer schema is refused and left untouched.\n"
      "With --admin, the first administrator is created (once: later accounts come from\n"
      "soas user add). The password is read from standard input or asked without echo.\n\n"
      "Examples:\n"
      "  soas init\n"
      "  printf '%s\\n' \"$PW\" | soas init --admin admin1 --email admin@nia.example --password-stdin\n"
      "  soas --db /srv/soas/soas.db init");
  commands.add(cmd, [opts](Context& ctx) { return run_init(ctx, *opts); });
}

}  // namespace soas::cli
