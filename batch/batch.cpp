#include "batch.hpp"

namespace soas::batch {

std::vector<domain::ApplicationKind> batch_kinds() {
  return {domain::k_application_kinds.begin(), domain::k_application_kinds.end()};
}

}  // namespace soas::batch
