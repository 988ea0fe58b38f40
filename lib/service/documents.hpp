#pragma once
// Reading an uploaded document from a file: bounded, checked by content
// (domain::check_document), and identified by its SHA-256 for storage by
// content later.

#include <cstdint>
#include <string>

#include "domain/documents.hpp"

namespace soas::service {

struct DocumentInfo {
  std::string file_name;  // the name as given, without directories
  domain::DocumentFormat format = domain::DocumentFormat::pdf;
  std::uint64_t size = 0;
  std::string sha256;   // hex
  std::string content;  // the bytes
};

// Throws Failure "file-unreadable" when the file cannot be read, Refusal
// with the seeds' messages when it is not an acceptable document. A file at
// or over the limit is refused without being read whole.
DocumentInfo inspect_document(const std::string& path, const std::string& shown_as);

}  // namespace soas::service
