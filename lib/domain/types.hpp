#pragma once
// The vocabulary of the domain: identity types, application kinds, roles.
// Each has a stable key (what scripts type) and labels in both languages.

#include <array>
#include <optional>
#include <string_view>

#include "core/text.hpp"

namespace soas::domain {

enum class IdentityType { foreign, overseas_chinese, mainland, hk_macau, no_household };
enum class ApplicationKind { arc, multi_entry, extension, data_change };
enum class Role { student, school, reviewer, admin };

inline constexpr std::array<IdentityType, 5> k_identity_types = {
    IdentityType::foreign, IdentityType::overseas_chinese, IdentityType::mainland, IdentityType::hk_macau,
    IdentityType::no_household};
inline constexpr std::array<ApplicationKind, 4> k_application_kinds = {
    ApplicationKind::arc, ApplicationKind::multi_entry, ApplicationKind::extension,
    ApplicationKind::data_change};
inline constexpr std::array<Role, 4> k_roles = {Role::student, Role::school, Role::reviewer, Role::admin};

std::string_view key(IdentityType t);     // foreign, overseas-chinese, mainland, hk-macau, no-household
std::string_view key(ApplicationKind k);  // arc, multi-entry, extension, data-change
std::string_view key(Role r);             // student, school, reviewer, admin
Text label(IdentityType t);               // 外國學生 / foreign student ...
Text label(ApplicationKind k);
Text label(Role r);

std::optional<IdentityType> parse_identity_type(std::string_view key);
std::optional<ApplicationKind> parse_application_kind(std::string_view key);
std::optional<Role> parse_role(std::string_view key);

// Which identity types may apply for which kind: ARC for the four non-mainland
// types (hk-macau and no-household extrapolated from the foreign shape), the
// three permit services for mainland students only.
bool kind_available_for(ApplicationKind kind, IdentityType type);

// The permit an application is checked against before the form (seed 004 §3-5):
// the single-entry student permit for an exchange, the multi-entry permit for
// an extension or a data change; none for an ARC first application.
enum class PermitKind { single_entry, multi_entry, arc };
std::optional<PermitKind> permit_checked_for(ApplicationKind kind);
std::string_view key(PermitKind k);  // single-entry, multi-entry, arc
Text label(PermitKind k);
std::optional<PermitKind> parse_permit_kind(std::string_view key);

}  // namespace soas::domain
