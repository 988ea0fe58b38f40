#pragma once
// The runners of soas pay, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/messages.hpp"
#include "domain/payment.hpp"
#include "paging.hpp"
#include "service/payments.hpp"

namespace soas::cli::cmd_pay {

struct GroupsOptions {
  std::vector<std::string> groups;
  std::string method;
  std::string out;
};

struct SignOptions {
  service::NotificationDraft draft;
  std::string out;
};

int run_list(Output& io, Services& sv, const PageOptions& page);
int run_quote(Output& io, Services& sv, const GroupsOptions& o);
int run_slip(Output& io, Services& sv, const GroupsOptions& o);
int run_checkout(Output& io, Services& sv, const GroupsOptions& o);
int run_settle(Output& io, Services& sv, const std::string& file);
int run_callback(Output& io, Services& sv, const std::string& file);
int run_sign_notification(Output& io, Services& sv, const SignOptions& o);
int run_status(Output& io, Services& sv, const std::string& order_no);

}  // namespace soas::cli::cmd_pay
