#pragma once
// The audit log's entry (DOMAIN.md "Audit"): who did what, when, on which
// record. Entries are only ever appended.

#include <cstdint>
#include <string>

namespace soas::domain {

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;         // ISO 8601, Asia/Taipei; filled in when appended
  std::string actor;      // an account name, or "system"
  std::string action;     // "schema.migrate", "case.approve", ...
  std::string entity;     // "database", "case", "account", ...
  std::string entity_id;  // the record's key
  std::string detail;     // free text or JSON, never a secret
};

}  // namespace soas::domain
