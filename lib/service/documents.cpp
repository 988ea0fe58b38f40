#include "service/documents.hpp"

#include <sodium.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace soas::service {

DocumentInfo inspect_document(const std::string& path, const std::string& shown_as) {
  DocumentInfo info;
  info.file_name = fs::path(path).filename().string();
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || !fs::is_regular_file(path, ec)) {
    throw Failure("file-unreadable", Text{path + ": 無法開啟檔案", path + ": cannot open the file"});
  }
  info.size = size;
  if (size >= domain::k_document_size_limit) throw Refusal(msg::document_too_large, {shown_as});
  std::ifstream in(path, std::ios::binary);
  info.content.resize(size);
  if (!in.read(info.content.data(), static_cast<std::streamsize>(size))) {
    throw Failure("file-unreadable", Text{path + ": 無法讀取檔案", path + ": cannot read the file"});
  }
  info.format = domain::check_document(shown_as, info.file_name, info.content);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(info.content.data()),
                     info.content.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  info.sha256 = hex;
  return info;
}

}  // namespace soas::service
