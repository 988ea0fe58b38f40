#pragma once
// How long an issued document lasts. The seeds show one permit (004 fig 80:
// issued 2019-07-04, valid to 2021-07-01) but state no rule, so these are
// extrapolated and configurable (timing.permit_validity_months,
// timing.extension_months):
// - multi-entry: from the issue date, `validity_months` calendar months;
// - extension: the permit's current expiry plus `extension_months`;
// - data change: the permit's current expiry (the same permit, corrected);
// - ARC: from the issue date, the years applied for.
// Month ends are clamped (2024-02-29 + 12 months is 2025-02-28).

#include <optional>

#include "domain/types.hpp"
#include "util/date.hpp"

namespace soas::domain {

struct ValidityRules {
  int permit_validity_months = 24;
  int extension_months = 6;
};

util::Date valid_until(ApplicationKind kind, const util::Date& issued_on,
                       const std::optional<util::Date>& current_expiry, int arc_years,
                       const ValidityRules& rules);

}  // namespace soas::domain
