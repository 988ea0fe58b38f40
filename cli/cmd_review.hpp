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
#include "paging.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"

namespace soas::cli::cmd_review {

struct DecisionOptions {
  std::string receipt;
  std::string group;
  std::string text;
  std::string mode;
};

struct ListOptions {
  std::optional<std::string> status;
  std::optional<std::string> kind;
  PageOptions page;
};
int run_list(Output& io, Services& sv, const ListOptions& o);

}  // namespace soas::cli::cmd_review
