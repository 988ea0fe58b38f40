#pragma once
// The download area (下載專區, seed 004 §11): e-permits and e-receipts of the
// caller's issued cases as PDFs, found by group, receipt number or payment
// date range.

#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"
#include "util/date.hpp"

namespace soas::service {

enum class DownloadKind { permit, receipt };

struct DownloadQuery {
  std::optional<std::string> group_no;
  std::optional<std::string> receipt_no;
  std::optional<util::Date> paid_from;  // inclusive, Taipei dates
  std::optional<util::Date> paid_to;    // inclusive
};

struct DownloadFile {
  std::string receipt_no;
  std::string file_name;  // <receipt no>-permit.pdf, <receipt no>-receipt.pdf
  std::string bytes;
};
struct Skipped {
  std::string receipt_no;
  Text reason;
};
struct Downloads {
  std::vector<DownloadFile> files;
  std::vector<Skipped> skipped;  // matched, but not (yet) downloadable
  std::vector<Warning> warnings;  // calendar-uncovered: a receipt's availability was computed without its year
};

// Permits of issued cases, receipts of paid cases whose receipt is available.
// Throws Refusal "download-none" when nothing matches: a case the caller
// cannot see answers exactly as one that does not exist.
Downloads download(const Env& env, const Caller& caller, DownloadKind kind, const DownloadQuery& query);

}  // namespace soas::service
