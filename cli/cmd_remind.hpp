#pragma once
// The runners of soas remind extensions, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "batch.hpp"
#include "core/files.hpp"
#include "service/reminders.hpp"

namespace soas::cli::cmd_remind {

struct RemindOptions {
  int within = 30;
  std::string school;
  bool mail = false;
  std::string output;
};

int run_remind(Output& io, Services& sv, const RemindOptions& o);

}  // namespace soas::cli::cmd_remind
