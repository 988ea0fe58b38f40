#include "service/caller.hpp"

#include "core/error.hpp"
#include "security/secrets.hpp"

namespace soas::service {

Caller resolve_session(store::Store& store, const std::string& token, std::int64_t now) {
  const auto not_logged_in = [] { return Forbidden(msg::not_logged_in.code, msg::not_logged_in.text()); };
  if (token.empty()) throw not_logged_in();
  const auto session = store.sessions().find(security::token_hash(token));
  if (!session || session->ended_at || session->expires_at <= now) throw not_logged_in();
  const auto account = store.accounts().by_id(session->account_id);
  if (!account || account->status != domain::AccountStatus::active) throw not_logged_in();
  return Caller{account->id,          account->name,     account->role, account->identity_type,
                account->school_code, account->record_id};
}

void require_role(const Caller& caller, std::initializer_list<domain::Role> roles) {
  for (auto r : roles) {
    if (caller.role == r) return;
  }
  std::string zh, en;
  for (auto r : roles) {
    zh += (zh.empty() ? "" : "、") + domain::label(r).zh;
    en += (en.empty() ? "" : " or ") + domain::label(r).en;
  }
  throw Forbidden(msg::role_forbidden.code, msg::role_forbidden.text(std::vector<Text>{Text{zh, en}}));
}

}  // namespace soas::service
