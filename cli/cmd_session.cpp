// soas login|logout|whoami: sessions kept in a file only its owner can read.

#include "cmd_session.hpp"
#include "app.hpp"
#include "core/error.hpp"
#include "secrets_io.hpp"
#include "service/accounts.hpp"

namespace soas::cli {

namespace cmd_session {

int run_login(Output& io, Services& sv, const LoginOptions& o) {
  std::string password = read_secret(o.password_stdin, "密碼：", "Password: ", io.lang() == Lang::en);
  std::optional<domain::IdentityType> system;
  if (o.type) system = domain::parse_identity_type(*o.type);
  const auto s = service::login(sv.service_env(), o.name, std::move(password), system);
  write_session_token(sv.env(), s.token);
  const std::string until = iso_taipei(s.expires_at);
  if (io.json()) {
    io.print_json(
        {{"account", s.account.name}, {"role", domain::key(s.account.role)}, {"expires_at", until}});
  } else {
    io.out() << io.tr({"已登入：" + s.account.name + "（" + domain::label(s.account.role).zh + "），有效至 " +
                           until,
                       "Logged in as " + s.account.name + " (" + domain::label(s.account.role).en +
                           "), until " + until})
             << '\n';
  }
  return 0;
}

int run_logout(Output& io, Services& sv) {
  const auto token = read_session_token(sv.env());
  if (token) service::logout(sv.service_env(), *token);
  remove_session_file(sv.env());
  if (io.json()) {
    io.print_json({{"logged_out", true}});
  } else {
    io.out() << io.tr({"已登出", "Logged out"}) << '\n';
  }
  return 0;
}

int run_whoami(Output& io, Services& sv) {
  const auto me = service::whoami(sv.service_env(), sv.caller());
  const auto& c = me.caller;
  if (io.json()) {
    io.print_json({{"account", c.name},
                   {"role", domain::key(c.role)},
                   {"identity_type", c.identity_type ? Json(domain::key(*c.identity_type)) : Json()},
                   {"school", c.school_code.empty() ? Json() : Json(c.school_code)},
                   {"email", me.email.value_or("")}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {{io.tr({"帳號", "account"}), c.name},
                                                {io.tr({"角色", "role"}), io.tr(domain::label(c.role))}};
  if (c.identity_type)
    rows.push_back({io.tr({"身分類型", "identity type"}), io.tr(domain::label(*c.identity_type))});
  if (!c.school_code.empty()) rows.push_back({io.tr({"學校", "school"}), c.school_code});
  if (me.email) rows.push_back({io.tr({"電子郵件", "e-mail"}), *me.email});
  io.print_table({io.tr({"項目", "item"}), io.tr({"內容", "value"})}, rows);
  return 0;
}

}  // namespace cmd_session

using namespace cmd_session;  // its runners and options

void register_session(CLI::App& app, Commands& commands) {
  auto opts = std::make_shared<LoginOptions>();
  CLI::App* login = app.add_subcommand("login", "Log in; the session is kept in a file only you can read");
  login->add_option("account", opts->name, "The account name")->required();
  login->add_flag("--password-stdin", opts->password_stdin, "Read the password from standard input");
  std::vector<std::string> types;
  for (auto t : domain::k_identity_types) types.emplace_back(domain::key(t));
  login->add_option("--type", opts->type, "Log in to the services of this identity type (students)")
      ->check(CLI::IsMember(types));
  login->footer(
      "The password is asked without echo, or read from standard input; never from a flag or\n"
      "an environment variable. Repeated failures lock the name for a while (30 s, doubling).\n"
      "The session file is SOAS_SESSION, else $XDG_STATE_HOME/soas/session, created 0600.\n\n"
      "Examples:\n  soas login student1\n  printf '%s\\n' \"$PW\" | soas login student1 --password-stdin");
  commands.add(login, [opts](Context& ctx) { return run_login(ctx, ctx, *opts); });
  CLI::App* logout = app.add_subcommand("logout", "End the session and remove the session file");
  logout->footer("Example:\n  soas logout");
  commands.add(logout, run_logout);
  CLI::App* whoami = app.add_subcommand("whoami", "The account of the current session");
  whoami->footer("Examples:\n  soas whoami\n  soas --json whoami");
  commands.add(whoami, run_whoami);
}

}  // namespace soas::cli
