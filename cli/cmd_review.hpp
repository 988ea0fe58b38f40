#pragma once
// The runners of soas review, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "core/error.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"

namespace soas::cli::cmd_review {

struct DecisionOptions {
  std::string receipt;
  std::string group;
  std::string text;
  std::string mode;
};

int run_list(Output& io, Services& sv, const std::optional<std::string>& status,
             const std::optional<std::string>& kind);

}  // namespace soas::cli::cmd_review
