#pragma once
// The runners of soas mail list|send|export, declared so that a test or another front end
// calls them without parsing a command line. Each takes the Output it
// prints to, the Services it reaches (cli/app.hpp) and its options as
// plain values; register_* in the .cpp binds them to CLI11.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "core/error.hpp"
#include "service/mail_delivery.hpp"

namespace soas::cli::cmd_mail {

int run_send(Output& io, Services& sv, int limit);
int run_export(Output& io, Services& sv, const std::string& dir, int limit);
int run_list(Output& io, Services& sv, const std::string& status, int limit);
int run_show(Output& io, Services& sv, std::int64_t id);

}  // namespace soas::cli::cmd_mail
