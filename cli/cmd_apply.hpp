#pragma once
// The runners of soas apply, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "config/form_file.hpp"
#include "core/error.hpp"
#include "service/applications.hpp"

namespace soas::cli::cmd_apply {

struct ApplyOptions {
  std::string kind;
  std::string permit;
  bool print_form = false;
  std::optional<std::string> form_file;
  std::vector<std::string> settings;
  std::vector<std::string> docs;
  bool agree = false;
  std::string for_student;
  service::StudentKey for_key;  // --for-permit, or --for-passport with --nationality and --birth-date
  bool keyed() const { return !for_key.permit_no.empty() || !for_key.passport_no.empty(); }
};

int run_apply(Output& io, Services& sv, ApplyOptions o);

}  // namespace soas::cli::cmd_apply
