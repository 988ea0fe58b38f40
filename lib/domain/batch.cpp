#include "domain/batch.hpp"

namespace soas::domain {

std::string_view key(RowOutcome o) {
  switch (o) {
    case RowOutcome::filed: return "filed";
    case RowOutcome::skipped: return "skipped";
    case RowOutcome::failed: return "failed";
  }
  return "failed";
}

std::optional<RowOutcome> parse_row_outcome(std::string_view key) {
  for (auto o : {RowOutcome::filed, RowOutcome::skipped, RowOutcome::failed})
    if (domain::key(o) == key) return o;
  return std::nullopt;
}

}  // namespace soas::domain
