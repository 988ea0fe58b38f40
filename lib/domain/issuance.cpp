#include "domain/issuance.hpp"

namespace soas::domain {

util::Date valid_until(ApplicationKind kind, const util::Date& issued_on,
                       const std::optional<util::Date>& current_expiry, int arc_years,
                       const ValidityRules& rules) {
  switch (kind) {
    case ApplicationKind::multi_entry: return issued_on.add_months(rules.permit_validity_months);
    case ApplicationKind::extension:
      return (current_expiry ? *current_expiry : issued_on).add_months(rules.extension_months);
    case ApplicationKind::data_change: return current_expiry ? *current_expiry : issued_on;
    case ApplicationKind::arc: return issued_on.add_months(12 * (arc_years < 1 ? 1 : arc_years));
  }
  return issued_on;
}

}  // namespace soas::domain
