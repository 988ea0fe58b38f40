#pragma once
// The runners of soas records import, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "core/error.hpp"
#include "service/records.hpp"

namespace soas::cli::cmd_records {

int run_import(Output& io, Services& sv, const std::vector<std::string>& files);

}  // namespace soas::cli::cmd_records
