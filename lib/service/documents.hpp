#pragma once
// Reading an uploaded document from a file: bounded, checked by content
// (domain::check_document), and identified by its SHA-256 for storage by
// content later.

#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

#include "domain/documents.hpp"
#include "store/store.hpp"

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

// A document inspected ahead of the check of its submission (a batch
// inspects the files of its next chunk of rows on another thread while it
// files the chunk before): what inspect_document gave for the item's file,
// its info or what it threw. inspect_ahead itself throws nothing (but
// std::bad_alloc) and touches no store, so any thread may run it.
struct Inspected {
  std::optional<DocumentInfo> info;
  std::exception_ptr error;
};
Inspected inspect_ahead(const std::string& item, const std::string& path);

// Files uploaded for the items of a form ("ITEM", path), checked: an item the
// form does not have, or a file that is not acceptable, becomes a problem of
// field "doc:ITEM"; the accepted ones are returned numbered after `next_seq`.
struct Upload {
  std::string item;
  int seq = 1;
  DocumentInfo info;
};
// `ahead`, when given, holds files[i] as inspect_ahead gave it (one for each
// file, taken from: its info is moved into the upload).
std::vector<Upload> check_uploads(const std::vector<domain::DocumentItem>& items,
                                  const std::vector<std::pair<std::string, std::string>>& files,
                                  std::map<std::string, int> next_seq, std::vector<FieldProblem>& problems,
                                  std::vector<Inspected>* ahead = nullptr);
// The stored form of an accepted upload.
domain::CaseDocument case_document(const Upload& upload);

// A problem for each required item (given the facts) with no document in
// `present` and no problem of its own yet.
void missing_documents(const std::vector<domain::DocumentItem>& items, const domain::DocumentFacts& facts,
                       const std::set<std::string>& present, std::vector<FieldProblem>& problems);

}  // namespace soas::service
