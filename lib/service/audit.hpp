#pragma once
// The audit log read back (soas audit list): administrators only.

#include <vector>

#include "service/accounts.hpp"
#include "store/store.hpp"

namespace soas::service {

// The entries that match, newest first; "role-forbidden" for anyone but an
// administrator.
std::vector<domain::AuditEntry> audit_list(const Env& env, const Caller& caller,
                                           const store::AuditQuery& query);

}  // namespace soas::service
