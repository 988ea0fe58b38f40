#include "service/audit.hpp"

namespace soas::service {

std::vector<domain::AuditEntry> audit_list(const Env& env, const Caller& caller,
                                           const store::AuditQuery& query) {
  require_role(caller, {domain::Role::admin});
  return env.store.audit().list(query);
}

}  // namespace soas::service
