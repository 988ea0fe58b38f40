#pragma once
// The runners of soas school add|list, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "paging.hpp"
#include "service/records.hpp"

namespace soas::cli::cmd_school {

int run_school_add(Output& io, Services& sv, const std::string& code, const std::string& name);
int run_school_list(Output& io, Services& sv, const PageOptions& page);

}  // namespace soas::cli::cmd_school
