#pragma once
// The runners of soas batch, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "batch.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/messages.hpp"
#include "paging.hpp"
#include "service/applications.hpp"
#include "service/batches.hpp"

namespace soas::cli::cmd_batch {

struct FileOptions {
  std::string file;
  std::string docs;
  std::string report;
  std::string sheet;
  std::string kind;
  std::string encoding = "auto";
  bool agree = false;
};

int run_template(Output& io, Services& sv, const std::string& kind, const std::string& out);
int run_validate(Output& io, Services& sv, const FileOptions& o);
int run_submit(Output& io, Services& sv, const FileOptions& o);
struct StatusOptions {
  std::string group;
  std::string output;  // the results workbook: every row of the group, whatever the page
  PageOptions page;
};
int run_status(Output& io, Services& sv, const StatusOptions& o);

}  // namespace soas::cli::cmd_batch
