#include "service/audit.hpp"

namespace soas::service {

std::vector<domain::AuditEntry> audit_list(const Env& env, const Caller& caller,
                                           const store::AuditQuery& query) {
  require_role(caller, {domain::Role::admin});
  return env.store.audit().list(query);
}

Page<domain::AuditEntry> audit_page(const Env& env, const Caller& caller, store::AuditQuery query,
                                    const std::optional<std::string>& after, std::size_t limit) {
  require_role(caller, {domain::Role::admin});
  if (after) query.before = cursor_number(*after);
  return read_page<domain::AuditEntry>(
      limit,
      [&](std::size_t n) {
        query.limit = n;
        return env.store.audit().list(query);
      },
      [](const domain::AuditEntry& e) { return std::to_string(e.id); },
      [&](const std::string& key, std::int64_t cap) {
        store::AuditQuery rest = query;
        rest.before = std::stoll(key);
        rest.limit = 0;
        return env.store.audit().count(rest, cap);
      });
}

}  // namespace soas::service
