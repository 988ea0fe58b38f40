#include "core/database_url.hpp"

#include <cctype>

namespace soas {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The scheme before the first ':', if the text starts with one (RFC 3986:
// a letter, then letters, digits, '+', '-', '.'); empty otherwise.
std::string scheme_of(const std::string& url) {
  const auto colon = url.find(':');
  if (colon == std::string::npos || colon == 0) return "";
  if (!std::isalpha(static_cast<unsigned char>(url[0]))) return "";
  for (std::size_t i = 1; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return "";
  }
  return url.substr(0, colon);
}

}  // namespace

DatabaseUrl parse_database_url(const std::string& url) {
  DatabaseUrl out;
  const std::string scheme = scheme_of(url);
  const std::string lowered = lower(scheme);
  if (lowered == "sqlite") {
    out.scheme = scheme;
    out.file = url.substr(scheme.size() + 1);
    if (out.file.compare(0, 3, "///") == 0) out.file.erase(0, 2);
    return out;
  }
  // One letter is a drive ("C:\soas.db"), not a scheme.
  if (scheme.size() < 2 || url.compare(scheme.size(), 3, "://") != 0) {
    out.file = url;
    return out;
  }
  out.scheme = scheme;
  out.backend = (lowered == "postgresql" || lowered == "postgres") ? DatabaseBackend::postgresql
                                                                   : DatabaseBackend::unknown;
  return out;
}

std::string database_file(const std::string& url) {
  return parse_database_url(url).file;
}

}  // namespace soas
