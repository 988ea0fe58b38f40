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
#include "paging.hpp"
#include "service/records.hpp"

namespace soas::cli::cmd_records {

int run_import(Output& io, Services& sv, const std::vector<std::string>& files);

struct ListOptions {
  std::optional<std::string> school;  // persons of this school only
  bool permits = false;               // the permits instead of the persons
  PageOptions page;
};
int run_list(Output& io, Services& sv, const ListOptions& o);

}  // namespace soas::cli::cmd_records
