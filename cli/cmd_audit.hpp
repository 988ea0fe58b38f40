#pragma once
// The runners of soas audit list, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "paging.hpp"
#include "service/audit.hpp"

namespace soas::cli::cmd_audit {

struct AuditOptions {
  std::optional<std::string> entity;
  std::optional<std::string> id;
  PageOptions page;
};

int run_audit_list(Output& io, Services& sv, const AuditOptions& o);

}  // namespace soas::cli::cmd_audit
