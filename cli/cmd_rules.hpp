#pragma once
// The runners of soas rules, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/case_state.hpp"
#include "domain/documents.hpp"
#include "domain/extension_window.hpp"
#include "domain/fees.hpp"
#include "domain/types.hpp"
#include "domain/validators.hpp"
#include "service/calendar.hpp"
#include "service/documents.hpp"

namespace soas::cli::cmd_rules {

struct QuoteOptions {
  std::string method;
  std::optional<long> amount;
  std::optional<std::string> kind;
  int years = 1;
  int cases = 1;
};

struct WindowOptions {
  std::string expiry;
  std::optional<std::string> on;
  bool require_open = false;
};

struct WorkdaysOptions {
  std::string from;
  std::optional<int> add;
  std::optional<std::string> to;
};

struct DocumentsOptions {
  std::string type;
  std::string kind;
  bool resumed = false;
};

struct CheckOptions {
  std::string what;
  std::optional<std::string> value;
};

int run_fees(Output& io, Services& sv);
int run_quote(Output& io, Services& sv, const QuoteOptions& o);
int run_window(Output& io, Services& sv, const WindowOptions& o);
int run_workdays(Output& io, Services& sv, const WorkdaysOptions& o);
int run_holidays(Output& io, Services& sv, std::optional<int> year);
int run_documents(Output& io, const DocumentsOptions& o);
int run_states(Output& io);
int run_check(Output& io, Services& sv, const CheckOptions& o);
int run_messages(Output& io);

}  // namespace soas::cli::cmd_rules
