#include "domain/types.hpp"

namespace soas::domain {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parse_by_key(std::string_view k, const std::array<Enum, N>& all) {
  for (Enum e : all) {
    if (key(e) == k) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view key(IdentityType t) {
  switch (t) {
    case IdentityType::foreign: return "foreign";
    case IdentityType::overseas_chinese: return "overseas-chinese";
    case IdentityType::mainland: return "mainland";
    case IdentityType::hk_macau: return "hk-macau";
    case IdentityType::no_household: return "no-household";
  }
  return "?";
}

std::string_view key(ApplicationKind k) {
  switch (k) {
    case ApplicationKind::arc: return "arc";
    case ApplicationKind::multi_entry: return "multi-entry";
    case ApplicationKind::extension: return "extension";
    case ApplicationKind::data_change: return "data-change";
  }
  return "?";
}

std::string_view key(Role r) {
  switch (r) {
    case Role::student: return "student";
    case Role::school: return "school";
    case Role::reviewer: return "reviewer";
    case Role::admin: return "admin";
  }
  return "?";
}

std::string_view key(PermitKind k) {
  switch (k) {
    case PermitKind::single_entry: return "single-entry";
    case PermitKind::multi_entry: return "multi-entry";
    case PermitKind::arc: return "arc";
  }
  return "?";
}

Text label(IdentityType t) {
  switch (t) {
    case IdentityType::foreign: return {"外國學生", "foreign student"};
    case IdentityType::overseas_chinese: return {"僑生", "overseas-Chinese student"};
    case IdentityType::mainland: return {"大陸學生", "mainland student"};
    case IdentityType::hk_macau: return {"香港澳門學生", "Hong Kong / Macau student"};
    case IdentityType::no_household: return {"無戶籍國民學生", "national without household registration"};
  }
  return {"?", "?"};
}

Text label(ApplicationKind k) {
  switch (k) {
    case ApplicationKind::arc: return {"居留證首次申請", "ARC first application"};
    case ApplicationKind::multi_entry: return {"陸生換發多次證申請", "multi-entry permit exchange"};
    case ApplicationKind::extension: return {"陸生多次證延期申請", "multi-entry permit extension"};
    case ApplicationKind::data_change: return {"陸生資料異動申請", "data change"};
  }
  return {"?", "?"};
}

Text label(Role r) {
  switch (r) {
    case Role::student: return {"學生", "student"};
    case Role::school: return {"就讀學校代辦", "school (proxy)"};
    case Role::reviewer: return {"審核人員", "reviewer"};
    case Role::admin: return {"系統管理者", "administrator"};
  }
  return {"?", "?"};
}

Text label(PermitKind k) {
  switch (k) {
    case PermitKind::single_entry: return {"陸生就學入出境許可證(單次)", "single-entry student permit"};
    case PermitKind::multi_entry: return {"陸生多次入出境許可證", "multi-entry permit"};
    case PermitKind::arc: return {"居留證", "resident certificate (ARC)"};
  }
  return {"?", "?"};
}

std::optional<IdentityType> parse_identity_type(std::string_view k) {
  return parse_by_key(k, k_identity_types);
}
std::optional<ApplicationKind> parse_application_kind(std::string_view k) {
  return parse_by_key(k, k_application_kinds);
}
std::optional<Role> parse_role(std::string_view k) {
  return parse_by_key(k, k_roles);
}
std::optional<PermitKind> parse_permit_kind(std::string_view k) {
  static constexpr std::array<PermitKind, 3> k_all = {PermitKind::single_entry, PermitKind::multi_entry,
                                                      PermitKind::arc};
  return parse_by_key(k, k_all);
}

bool kind_available_for(ApplicationKind kind, IdentityType type) {
  if (kind == ApplicationKind::arc) return type != IdentityType::mainland;
  return type == IdentityType::mainland;
}

std::optional<PermitKind> permit_checked_for(ApplicationKind kind) {
  switch (kind) {
    case ApplicationKind::multi_entry: return PermitKind::single_entry;
    case ApplicationKind::extension:
    case ApplicationKind::data_change: return PermitKind::multi_entry;
    case ApplicationKind::arc: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace soas::domain
