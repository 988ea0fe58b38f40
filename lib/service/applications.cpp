#include "service/applications.hpp"

#include "core/error.hpp"
#include "util/text.hpp"

namespace soas::service {

PreparedApplication prepare_application(const Env& env, const Caller& caller, domain::ApplicationKind kind,
                                        const std::string& permit_no) {
  require_role(caller, {domain::Role::student});
  const auto account = env.store.accounts().by_id(caller.account_id);
  if (!account || !account->identity_type)
    throw Forbidden(msg::not_logged_in.code, msg::not_logged_in.text());
  const bool takes_permit = domain::permit_checked_for(kind).has_value();
  if (takes_permit && permit_no.empty()) {
    throw UsageError("permit-required", Text{"此申辦項目須以 --permit 提供許可證號",
                                             "this kind of application needs the permit number: --permit"});
  }
  if (!takes_permit && !permit_no.empty()) {
    throw UsageError("permit-not-taken",
                     Text{"居留證首次申請不需 --permit", "an ARC first application takes no --permit"});
  }

  domain::PrecheckFacts facts;
  facts.kind = kind;
  facts.applicant_type = *account->identity_type;
  facts.applicant = account->profile;
  facts.permit_no_given = util::to_upper_ascii(util::trim(permit_no));
  if (takes_permit) {
    facts.permit = env.store.records().permit(facts.permit_no_given);
    if (facts.permit) facts.holder = env.store.records().person(facts.permit->record_id);
  }
  facts.today = env.clock.today();
  facts.window_months = env.config.timing.extension_window_months;
  domain::check_before_form(facts);

  std::string school_name;
  if (facts.holder && !facts.holder->school_code.empty()) {
    if (const auto school = env.store.schools().find(facts.holder->school_code)) school_name = school->name;
  }
  std::vector<std::string> stations;
  for (const auto& s : env.config.stations) stations.push_back(s.code);

  PreparedApplication p;
  p.kind = kind;
  p.type = facts.applicant_type;
  p.permit_no = facts.permit_no_given;
  p.fields = domain::application_fields(p.type, kind, stations);
  p.prefilled = domain::prefill_application(p.type, kind, account->profile, facts.holder, school_name);
  p.prefilled["email"] = account->email;
  p.documents = domain::document_items(p.type, kind);
  return p;
}

}  // namespace soas::service
