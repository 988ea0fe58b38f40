#pragma once
// The school spreadsheet processor (issue: batch). Built on soas_core's public
// API only. For now it knows the application kinds a batch may file.

#include <vector>

#include "domain/types.hpp"

namespace soas::batch {

// The kinds a school may file in bulk: all four.
std::vector<domain::ApplicationKind> batch_kinds();

}  // namespace soas::batch
