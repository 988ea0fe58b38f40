// soas user add|list|disable: staff accounts (admin only).

#include "cmd_user.hpp"
#include "app.hpp"
#include "secrets_io.hpp"
#include "service/accounts.hpp"

namespace soas::cli {

namespace cmd_user {

Json account_json(const Output& io, const domain::Account& a) {
  return {{"account", a.name},
          {"role", domain::key(a.role)},
          {"identity_type", a.identity_type ? Json(domain::key(*a.identity_type)) : Json()},
          {"school", a.school_code.empty() ? Json() : Json(a.school_code)},
          {"email", a.email},
          {"status", domain::key(a.status)},
          {"status_label", io.tr(domain::label(a.status))}};
}

int run_add(Output& io, Services& sv, const AddOptions& o) {
  const auto& caller = sv.caller();
  service::require_role(caller, {domain::Role::admin});
  const std::string password =
      read_secret(o.password_stdin, "新帳號的密碼：", "The new account's password: ", io.lang() == Lang::en);
  const auto a =
      service::add_user(sv.service_env(), caller,
                        service::NewUser{o.name, *domain::parse_role(o.role), o.school, o.email, password});
  if (io.json()) {
    io.print_json(account_json(io, a));
  } else {
    io.out() << io.tr({"已新增帳號 " + a.name + "（" + domain::label(a.role).zh + "）",
                       "Added account " + a.name + " (" + domain::label(a.role).en + ")"})
             << '\n';
  }
  return 0;
}

int run_list(Output& io, Services& sv, const PageOptions& page) {
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  using Row = domain::Account;
  return print_paged<Row>(
      io, page, "accounts",
      [&](const std::optional<std::string>& after, std::size_t limit) {
        return service::list_users(env, caller, after, limit);
      },
      [&](const Row& u) { return account_json(io, u); },
      {io.tr({"帳號", "account"}), io.tr({"角色", "role"}), io.tr({"身分類型", "type"}),
       io.tr({"學校", "school"}), io.tr({"狀態", "status"}), "email"},
      [&](const Row& u) {
        return std::vector<std::string>{u.name,
                                        std::string(domain::key(u.role)),
                                        u.identity_type ? std::string(domain::key(*u.identity_type)) : "-",
                                        u.school_code.empty() ? "-" : u.school_code,
                                        io.tr(domain::label(u.status)),
                                        u.email};
      });
}

int run_disable(Output& io, Services& sv, const std::string& name, bool yes) {
  if (!yes && !io.confirm({"確定要停用帳號 " + name + " 並結束其登入？(y/N)：",
                           "Disable the account " + name + " and end its sessions? (y/N): "})) {
    throw UsageError("confirm-required",
                     Text{"停用帳號須確認：請加 --yes", "disabling an account needs confirming: add --yes"});
  }
  const auto a = service::disable_user(sv.service_env(), sv.caller(), name);
  if (io.json()) {
    io.print_json(account_json(io, a));
  } else {
    io.out() << io.tr({"已停用帳號 " + a.name, "Disabled account " + a.name}) << '\n';
  }
  return 0;
}

}  // namespace cmd_user

using namespace cmd_user;  // its runners and options

void register_user(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("user", "Staff accounts: school, reviewer, admin (admin)");
  group->require_subcommand(1);
  auto add = std::make_shared<AddOptions>();
  CLI::App* a = group->add_subcommand("add", "Add a staff account (admin)");
  a->add_option("account", add->name, "The account name")->required();
  a->add_option("--role", add->role, "The role")
      ->required()
      ->check(CLI::IsMember({"school", "reviewer", "admin"}));
  a->add_option("--school", add->school, "The school (with --role school)");
  a->add_option("--email", add->email, "The e-mail address")->required();
  a->add_flag("--password-stdin", add->password_stdin, "Read the password from standard input");
  a->footer(
      "Staff accounts are active at once; students register themselves (soas account register).\n\n"
      "Example:\n  printf '%s\\n' \"$PW\" | soas user add ntut.office --role school --school NTUT \\\n"
      "      --email intl@ntut.example --password-stdin");
  commands.add(a, [add](Context& ctx) { return run_add(ctx, ctx, *add); });
  CLI::App* l = group->add_subcommand("list", "Every account (admin)");
  auto page = std::make_shared<PageOptions>();
  add_page_options(l, *page);
  l->footer(paging_help("name order (without case)", "account") +
            "Examples:\n  soas user list\n  soas --json user list\n  soas user list --after ntut.office");
  commands.add(l, [page](Context& ctx) { return run_list(ctx, ctx, *page); });
  auto name = std::make_shared<std::string>();
  CLI::App* d = group->add_subcommand("disable", "Disable an account and end its sessions (admin)");
  auto yes = std::make_shared<bool>(false);
  d->add_option("account", *name, "The account name")->required();
  d->add_flag("--yes", *yes, "Confirm; asked on a terminal otherwise, refused in a script without it");
  d->footer("Example:\n  soas user disable ntut.office --yes");
  commands.add(d, [name, yes](Context& ctx) { return run_disable(ctx, ctx, *name, *yes); });
}

}  // namespace soas::cli
