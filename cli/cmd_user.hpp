#pragma once
// The runners of soas user add|list|disable, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "paging.hpp"
#include "service/accounts.hpp"

namespace soas::cli::cmd_user {

struct AddOptions {
  std::string name;
  std::string role;
  std::string school;
  std::string email;
  bool password_stdin = false;
};

int run_add(Output& io, Services& sv, const AddOptions& o);
int run_list(Output& io, Services& sv, const PageOptions& page);
int run_disable(Output& io, Services& sv, const std::string& name, bool yes);

}  // namespace soas::cli::cmd_user
