#pragma once
// The runners of soas case list|show, declared so that a test or another front end
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
#include "core/files.hpp"
#include "paging.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"

namespace soas::cli::cmd_case {

struct ListOptions {
  std::optional<std::string> group;
  std::optional<std::string> receipt;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> status;
  PageOptions page;
};

struct WithdrawOptions {
  std::string receipt;
  bool agree = false;
  bool yes = false;
};

struct CorrectOptions {
  std::string receipt;
  std::optional<std::string> form_file;
  std::vector<std::string> settings;
  std::vector<std::string> docs;
  std::vector<std::string> remove;
  std::string reply;
};

int run_list(Output& io, Services& sv, const ListOptions& o);
int run_case_show(Output& io, Services& sv, const std::string& receipt, const std::string& docs_out);
int run_withdraw(Output& io, Services& sv, const WithdrawOptions& o);
int run_correct(Output& io, Services& sv, const CorrectOptions& o);
int run_todo(Output& io, Services& sv, const PageOptions& o = {});

}  // namespace soas::cli::cmd_case
