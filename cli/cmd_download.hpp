#pragma once
// The runners of soas download, declared so that a test or another front end
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
#include "service/downloads.hpp"
#include "service/signing.hpp"

namespace soas::cli::cmd_download {

struct DownloadOptions {
  std::string kind;
  std::string group;
  std::string receipt;
  std::string paid_from;
  std::string paid_to;
  std::string out;
};

struct VerifyOptions {
  std::string file;
  std::string payload;
  std::string public_key;
};

int run_download(Output& io, Services& sv, const DownloadOptions& o);
int run_verify(Output& io, Services& sv, const VerifyOptions& o);

}  // namespace soas::cli::cmd_download
