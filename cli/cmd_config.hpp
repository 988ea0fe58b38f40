#pragma once
// The runners of soas config show, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"

namespace soas::cli::cmd_config {

int run_config_show(Output& io, Services& sv);

}  // namespace soas::cli::cmd_config
