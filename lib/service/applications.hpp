#pragma once
// Applying: the checks before the form and the form pre-filled from the
// agency's records (seed 004 §3-5, seed 000 steps 7-12).

#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/documents.hpp"
#include "service/accounts.hpp"

namespace soas::service {

struct PreparedApplication {
  domain::ApplicationKind kind = domain::ApplicationKind::arc;
  domain::IdentityType type = domain::IdentityType::foreign;
  std::string permit_no;
  std::vector<domain::FormField> fields;
  domain::Form prefilled;
  std::vector<domain::DocumentItem> documents;
};

// Runs the checks before the form for the calling student, in the seed's
// order (domain::check_before_form), and returns the form of the kind
// pre-filled from the records. The three mainland kinds need the permit
// number (usage error otherwise); an ARC takes none.
PreparedApplication prepare_application(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                                        const std::string& permit_no);

}  // namespace soas::service
