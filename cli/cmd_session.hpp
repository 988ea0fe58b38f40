#pragma once
// The runners of soas login|logout|whoami, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "core/error.hpp"
#include "service/accounts.hpp"

namespace soas::cli::cmd_session {

struct LoginOptions {
  std::string name;
  bool password_stdin = false;
  std::optional<std::string> type;
};

int run_login(Output& io, Services& sv, const LoginOptions& o);
int run_logout(Output& io, Services& sv);
int run_whoami(Output& io, Services& sv);

}  // namespace soas::cli::cmd_session
