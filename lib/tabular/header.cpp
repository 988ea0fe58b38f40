// Header rows mapped to columns, one key per column.

#include "core/error.hpp"
#include "core/messages.hpp"
#include "tabular/table.hpp"

namespace soas::tabular {

std::string column_letters(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

HeaderMap::HeaderMap(const Row& header, const KeyOf& key_of, const std::string& path) {
  m_keys.reserve(header.cells.size());
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    std::string key = key_of(header.cells[i]).value_or("");
    if (!key.empty()) {
      const auto [it, added] = m_columns.emplace(key, i);
      if (!added) {
        throw Failure("header-duplicate",
                      msg::header_duplicate.text({path, column_letters(it->second), column_letters(i), key}));
      }
    }
    m_keys.push_back(std::move(key));
  }
}

std::optional<std::size_t> HeaderMap::find(const std::string& key) const {
  const auto it = m_columns.find(key);
  if (it == m_columns.end()) return std::nullopt;
  return it->second;
}

}  // namespace soas::tabular
