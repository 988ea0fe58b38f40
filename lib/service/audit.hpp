#pragma once
// The audit log read back (soas audit list): administrators only.

#include <optional>
#include <string>
#include <vector>

#include "service/accounts.hpp"
#include "service/paging.hpp"
#include "store/store.hpp"

namespace soas::service {

// The entries that match, newest first; "role-forbidden" for anyone but an
// administrator.
std::vector<domain::AuditEntry> audit_list(const Env& env, const Caller& caller,
                                           const store::AuditQuery& query);
// A page of them: the entries older than `after` (an entry id, the cursor a
// page ended with; "after-invalid" when it is not a number).
Page<domain::AuditEntry> audit_page(const Env& env, const Caller& caller, store::AuditQuery query,
                                    const std::optional<std::string>& after, std::size_t limit);

}  // namespace soas::service
