#include "service/documents.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <new>
#include <stdexcept>

#include "core/error.hpp"
#include "core/files.hpp"
#include "security/signing.hpp"

namespace fs = std::filesystem;

namespace soas::service {

DocumentInfo inspect_document(const std::string& path, const std::string& shown_as) {
  DocumentInfo info;
  info.file_name = fs::path(path).filename().string();
  try {
    info.content = read_small_file(path, domain::k_document_size_limit - 1, Text{"檔案", "the file"});
  } catch (const Failure& e) {
    if (e.code() == "file-too-large")
      throw Refusal(msg::document_too_large, {shown_as});  // the seed's message
    throw;
  }
  info.size = info.content.size();
  info.format = domain::check_document(shown_as, info.file_name, info.content);
  info.sha256 = security::sha256_hex(info.content);
  return info;
}

namespace {

// How a document is named in its problems: "ITEM: FILE".
std::string shown_as(const std::string& item, const std::string& path) {
  return item + ": " + fs::path(path).filename().string();
}

}  // namespace

Inspected inspect_ahead(const std::string& item, const std::string& path) {
  Inspected out;
  try {
    out.info = inspect_document(path, shown_as(item, path));
  } catch (const std::bad_alloc&) {
    throw;
  } catch (...) {
    out.error = std::current_exception();
  }
  return out;
}

std::vector<Upload> check_uploads(const std::vector<domain::DocumentItem>& items,
                                  const std::vector<std::pair<std::string, std::string>>& files,
                                  std::map<std::string, int> next_seq, std::vector<FieldProblem>& problems,
                                  std::vector<Inspected>* ahead) {
  if (ahead && ahead->size() != files.size())
    throw std::logic_error("check_uploads: files inspected ahead are not the files given");
  std::vector<Upload> out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& file = files[i];
    const auto& [item, path] = file;
    const std::string field = "doc:" + item;
    const bool known =
        std::any_of(items.begin(), items.end(), [&](const auto& d) { return d.key == file.first; });
    if (!known) {
      problems.push_back(
          FieldProblem{field, msg::document_item_unknown.code, msg::document_item_unknown.text({item})});
      continue;
    }
    try {
      if (ahead && (*ahead)[i].error) std::rethrow_exception((*ahead)[i].error);
      if (ahead && !(*ahead)[i].info)
        throw std::logic_error("check_uploads: a file inspected ahead has no result");
      auto info = ahead ? std::move(*(*ahead)[i].info) : inspect_document(path, shown_as(item, path));
      out.push_back(Upload{item, ++next_seq[item], std::move(info)});
    } catch (const Error& e) {
      problems.push_back(FieldProblem{field, e.code(), e.text()});
    }
  }
  return out;
}

domain::CaseDocument case_document(const Upload& u) {
  return domain::CaseDocument{u.item,
                              u.seq,
                              u.info.file_name,
                              std::string(domain::key(u.info.format)),
                              static_cast<std::int64_t>(u.info.size),
                              u.info.sha256};
}

void missing_documents(const std::vector<domain::DocumentItem>& items, const domain::DocumentFacts& facts,
                       const std::set<std::string>& present, std::vector<FieldProblem>& problems) {
  for (const auto& d : items) {
    const std::string field = "doc:" + d.key;
    const bool reported = std::any_of(problems.begin(), problems.end(),
                                      [&](const FieldProblem& q) { return q.field == field; });
    if (domain::is_required(d, facts) && present.count(d.key) == 0 && !reported) {
      problems.push_back(FieldProblem{field, msg::document_missing.code,
                                      msg::document_missing.text(std::vector<Text>{d.label})});
    }
  }
}

}  // namespace soas::service
