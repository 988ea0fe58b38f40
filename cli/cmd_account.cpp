// soas account register|verify|forgot|reset|passwd|profile: a student's own
// account (seed 000 steps 3-6, seed 004 §1, §9).

#include "cmd_account.hpp"
#include "app.hpp"
#include "config/form_file.hpp"
#include "core/error.hpp"
#include "secrets_io.hpp"
#include "service/accounts.hpp"

namespace soas::cli {

namespace cmd_account {

bool english(const Output& io) {
  return io.lang() == Lang::en;
}

int print_form(Output& io, domain::IdentityType type) {
  const auto& fields = domain::registration_fields(type);
  if (io.json()) {
    Json a = Json::array();
    a.push_back({{"key", "account"}, {"label", io.tr({"登入帳號", "account name"})}, {"required", true}});
    for (const auto& f : fields)
      a.push_back({{"key", f.key}, {"label", io.tr(f.label)}, {"required", f.required}});
    io.print_json({{"type", domain::key(type)}, {"fields", a}});
    return 0;
  }
  io.out() << "# " << io.tr(domain::label(type)) << " " << io.tr({"註冊表單", "registration form"})
           << " (soas account register --type " << domain::key(type) << " --form FILE.yaml)\n"
           << "# "
           << io.tr({"* 為必填；密碼不寫在此檔，由 --password-stdin 或提示輸入",
                     "* = required; the password is not in this file: --password-stdin or the prompt"})
           << '\n';
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"account: \"\"", "# * " + io.tr({"登入帳號", "account name"})});
  for (const auto& f : fields) {
    rows.push_back({f.key + ": \"\"", std::string("# ") + (f.required ? "* " : "  ") + io.tr(f.label)});
  }
  io.print_table({"", ""}, rows);
  return 0;
}

int run_register(Output& io, Services& sv, const RegisterOptions& o) {
  const auto type = *domain::parse_identity_type(o.type);
  if (o.print_form) return print_form(io, type);
  if (!o.form_file && o.settings.empty()) {
    throw UsageError(
        "usage", Text{"請以 --form FILE.yaml 或 --set 欄位=值 提供表單（範本：--print-form）",
                      "give the form with --form FILE.yaml or --set field=value (template: --print-form)"});
  }
  service::Registration r;
  r.type = type;
  if (o.form_file) r.form = config::load_form_file(*o.form_file);
  config::apply_settings(r.form, o.settings);
  auto pw = read_new_password(o.password_stdin, english(io));
  r.password = std::move(pw.password);
  r.confirmation = std::move(pw.confirmation);
  const auto account = service::register_student(sv.service_env(), std::move(r));
  if (io.json()) {
    io.print_json({{"account", account.name},
                   {"status", domain::key(account.status)},
                   {"message", io.tr(msg::registered.text())}});
  } else {
    io.out() << io.tr(msg::registered.text()) << '\n';
  }
  return 0;
}

void say(Output& io, const Message& m, const std::string& account = "") {
  if (io.json()) {
    Json doc = {{"message", io.tr(m.text())}};
    if (!account.empty()) doc["account"] = account;
    io.print_json(doc);
  } else {
    io.out() << io.tr(m.text()) << '\n';
  }
}

int run_verify(Output& io, Services& sv, const std::string& token) {
  const auto a = service::verify_account(sv.service_env(), token);
  say(io, msg::verified, a.name);
  return 0;
}

int run_forgot(Output& io, Services& sv, const std::string& name) {
  service::forgot_password(sv.service_env(), name);
  say(io, msg::reset_sent);
  return 0;
}

int run_reset(Output& io, Services& sv, const std::string& token, bool from_stdin) {
  auto pw = read_new_password(from_stdin, english(io));
  const auto a =
      service::reset_password(sv.service_env(), token, std::move(pw.password), std::move(pw.confirmation));
  say(io, msg::password_reset, a.name);
  return 0;
}

int run_passwd(Output& io, Services& sv, bool from_stdin) {
  const auto& caller = sv.caller();
  std::string current = read_secret(from_stdin, "目前密碼：", "Current password: ", english(io));
  auto pw = read_new_password(from_stdin, english(io));
  service::change_password(sv.service_env(), caller, std::move(current), std::move(pw.password),
                           std::move(pw.confirmation));
  remove_session_file(sv.env());
  say(io, msg::password_changed, caller.name);
  return 0;
}

int run_profile(Output& io, Services& sv, const std::vector<std::string>& settings) {
  const auto& caller = sv.caller();
  service::Profile p;
  if (settings.empty()) {
    p = service::get_profile(sv.service_env(), caller);
  } else {
    domain::Form changes;
    config::apply_settings(changes, settings);
    p = service::update_profile(sv.service_env(), caller, std::move(changes));
  }
  if (io.json()) {
    Json fields = Json::object();
    for (const auto& f : p.fields) {
      const auto it = p.account.profile.find(f.key);
      fields[f.key] = it == p.account.profile.end() ? Json() : Json(it->second);
    }
    Json doc = {{"account", p.account.name}, {"email", p.account.email}, {"fields", fields}};
    if (!settings.empty()) doc["message"] = io.tr(msg::saved.text());
    io.print_json(doc);
    return 0;
  }
  if (!settings.empty()) io.out() << io.tr(msg::saved.text()) << '\n';
  std::vector<std::vector<std::string>> rows = {
      {"account", io.tr({"登入帳號", "account name"}), p.account.name}};
  if (p.fields.empty()) rows.push_back({"email", io.tr({"電子郵件", "e-mail"}), p.account.email});
  for (const auto& f : p.fields) {
    const auto it = p.account.profile.find(f.key);
    rows.push_back({f.key, io.tr(f.label), it == p.account.profile.end() ? "" : it->second});
  }
  io.print_table({io.tr({"欄位", "field"}), io.tr({"名稱", "label"}), io.tr({"內容", "value"})}, rows);
  return 0;
}

}  // namespace cmd_account

using namespace cmd_account;  // its runners and options

void register_account(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("account", "Your own account: register, verify, passwords, profile");
  group->require_subcommand(1);
  std::vector<std::string> types;
  for (auto t : domain::k_identity_types) types.emplace_back(domain::key(t));

  auto reg = std::make_shared<RegisterOptions>();
  CLI::App* r =
      group->add_subcommand("register", "Register a student account (then verify it from the e-mail)");
  r->add_option("--type", reg->type, "Identity type")->required()->check(CLI::IsMember(types));
  r->add_option("--form", reg->form_file, "The form as YAML (see --print-form)");
  r->add_option("--set", reg->settings, "field=value, over the form (repeatable)");
  r->add_flag("--password-stdin", reg->password_stdin,
              "Read the password (and a confirmation line, if given) from standard input");
  r->add_flag("--print-form", reg->print_form,
              "Print the empty form of the type, with labels and * for required");
  r->footer(
      "A mainland student's data are checked against the agency's records (查無此學生資料 when\n"
      "they do not match). Success queues the verification mail: the account logs in once\n"
      "verified with soas account verify CODE.\n\n"
      "Examples:\n  soas account register --type foreign --print-form > form.yaml\n"
      "  printf '%s\\n' \"$PW\" | soas account register --type foreign --form form.yaml --password-stdin");
  commands.add(r, [reg](Context& ctx) { return run_register(ctx, ctx, *reg); });

  auto token = std::make_shared<std::string>();
  CLI::App* v = group->add_subcommand("verify", "Activate an account with the code from its e-mail");
  v->add_option("code", *token, "The code from the verification mail")->required();
  v->footer("Example:\n  soas account verify \"$CODE\"   # the code from the mail");
  commands.add(v, [token](Context& ctx) { return run_verify(ctx, ctx, *token); });

  auto name = std::make_shared<std::string>();
  CLI::App* f = group->add_subcommand("forgot", "Mail a password-reset code to the account's e-mail");
  f->add_option("account", *name, "The account name")->required();
  f->footer("The answer is the same whether or not the account exists.\n\n"
            "Example:\n  soas account forgot zheng.xh");
  commands.add(f, [name](Context& ctx) { return run_forgot(ctx, ctx, *name); });

  auto reset_token = std::make_shared<std::string>();
  auto reset_stdin = std::make_shared<bool>(false);
  CLI::App* rs = group->add_subcommand("reset", "Set a new password with the code from the reset mail");
  rs->add_option("code", *reset_token, "The code from the reset mail")->required();
  rs->add_flag("--password-stdin", *reset_stdin,
               "Read the new password (and its confirmation) from standard input");
  rs->footer(
      "Examples:\n  soas account reset \"$CODE\"\n"
      "  printf '%s\\n%s\\n' \"$PW\" \"$PW\" | soas account reset \"$CODE\" --password-stdin");
  commands.add(rs, [reset_token, reset_stdin](Context& ctx) {
    return run_reset(ctx, ctx, *reset_token, *reset_stdin);
  });

  auto passwd_stdin = std::make_shared<bool>(false);
  CLI::App* p = group->add_subcommand("passwd", "Change your password; every session of the account ends");
  p->add_flag(
      "--password-stdin", *passwd_stdin,
      "Read the current password, the new one and its confirmation, a line each, from standard input");
  p->footer(
      "Examples:\n  soas account passwd\n"
      "  printf '%s\\n%s\\n%s\\n' \"$OLD\" \"$NEW\" \"$NEW\" | soas account passwd --password-stdin");
  commands.add(p, [passwd_stdin](Context& ctx) { return run_passwd(ctx, ctx, *passwd_stdin); });

  auto settings = std::make_shared<std::vector<std::string>>();
  CLI::App* pr =
      group->add_subcommand("profile", "Show or change your registration data (not account or password)");
  pr->add_option("--set", *settings, "field=value (repeatable)");
  pr->footer("Examples:\n  soas account profile\n  soas account profile --set phone=02-27967162");
  commands.add(pr, [settings](Context& ctx) { return run_profile(ctx, ctx, *settings); });
}

}  // namespace soas::cli
