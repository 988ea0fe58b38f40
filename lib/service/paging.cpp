#include "service/paging.hpp"

#include "core/error.hpp"
#include "core/messages.hpp"

namespace soas::service {

void check_page_limit(std::size_t limit) {
  if (limit == 0 || limit > k_page_max) throw UsageError(msg::limit_invalid, {std::to_string(k_page_max)});
}

std::int64_t cursor_number(const std::string& after) {
  if (after.empty() || after.size() > 18 || after.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(msg::after_invalid, {after});
  return std::stoll(after);
}

}  // namespace soas::service
