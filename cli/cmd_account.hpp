#pragma once
// The runners of soas account register|verify|forgot|reset|passwd|profile, declared so that a test or another
// front end calls them without parsing a command line. Each takes the Output it prints to, the Services it
// reaches (cli/app.hpp) and its options as plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "config/form_file.hpp"
#include "core/error.hpp"
#include "service/accounts.hpp"

namespace soas::cli::cmd_account {

struct RegisterOptions {
  std::string type;
  std::optional<std::string> form_file;
  std::vector<std::string> settings;
  bool password_stdin = false;
  bool print_form = false;
};

int run_register(Output& io, Services& sv, const RegisterOptions& o);
int run_verify(Output& io, Services& sv, const std::string& token);
int run_forgot(Output& io, Services& sv, const std::string& name);
int run_reset(Output& io, Services& sv, const std::string& token, bool from_stdin);
int run_passwd(Output& io, Services& sv, bool from_stdin);
int run_profile(Output& io, Services& sv, const std::vector<std::string>& settings);

}  // namespace soas::cli::cmd_account
