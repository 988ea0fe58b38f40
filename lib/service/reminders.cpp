#include "service/reminders.hpp"

#include <map>

#include "core/error.hpp"
#include "mail/mail.hpp"
#include "service/mail_delivery.hpp"
#include "service/calendar.hpp"

namespace soas::service {

std::vector<Reminder> extension_reminders(const Env& env, const Caller& caller, const ReminderQuery& query) {
  require_role(caller, {domain::Role::admin, domain::Role::school});
  const std::string school = caller.role == domain::Role::school ? caller.school_code : query.school;
  const util::Date today = env.clock.today();
  const int months = env.config.timing.extension_window_months;
  // A window opens `months` before the stay ends: every stay ending from
  // today to `months` months (and a few days, for month ends) past the
  // horizon is a candidate; remind_of decides.
  const util::Date last = today.add_days(query.within_days).add_months(months).add_days(3);
  std::vector<Reminder> out;
  env.store.read([&] {
    for (const auto& permit : env.store.records().permits_expiring(today, last)) {
      Reminder r;
      r.permit = permit;
      r.window = domain::extension_window(permit.stay_expiry, months);
      if (!domain::remind_of(r.window, today, query.within_days)) continue;
      const auto person = env.store.records().person(permit.record_id);
      if (!person || (!school.empty() && person->school_code != school)) continue;
      r.person = *person;
      r.status = r.window.status_on(today);
      r.days_to_open = r.status == domain::WindowStatus::open
                           ? 0
                           : static_cast<int>(r.window.opens.days_since_epoch() - today.days_since_epoch());
      r.account = env.store.accounts().student_by_record(permit.record_id);
      if (r.account && permit.kind == domain::PermitKind::multi_entry) {
        for (const auto& c : env.store.cases().cases_of(r.account->id, domain::ApplicationKind::extension))
          if (domain::is_under_review(c.state) && c.permit_no == permit.permit_no) r.open_case = c.receipt_no;
      }
      r.reminded = env.store.outbox().reminded(permit.permit_no, r.window.closes.iso());
      out.push_back(std::move(r));
    }
  });
  if (!query.mail) return out;
  for (auto& r : out) {
    // Once per permit and window; none to a student without an account, or
    // with the extension already filed.
    if (r.reminded || !r.account || !r.open_case.empty() ||
        r.account->status != domain::AccountStatus::active)
      continue;
    env.store.write([&] {
      if (env.store.outbox().reminded(r.permit.permit_no, r.window.closes.iso())) return;  // another run won
      const mail::Params params{{"account", r.account->name},
                                {"permit", r.permit.permit_no},
                                {"permit_kind", std::string(domain::key(r.permit.kind))},
                                {"opens", r.window.opens.iso()},
                                {"closes", r.window.closes.iso()}};
      std::int64_t id = 0;
      if (r.account->is_proxy()) {
        // A student a school filed for: by the way of their latest case.
        store::CaseQuery q;
        q.applicant_id = r.account->id;
        const auto cases = env.store.cases().list(q);
        if (cases.empty()) return;
        id = queue_case_mail(env, cases.back(), *r.account, mail::k_reminder, params);
      } else {
        id = env.store.outbox().enqueue(domain::OutboxItem{
            0, mail::k_reminder, r.account->id, r.account->email, mail::encode_params(params),
            domain::OutboxStatus::pending, 0, "", env.clock.now(), std::nullopt, ""});
      }
      if (id == 0) return;
      env.store.outbox().remember(r.permit.permit_no, r.window.closes.iso(), id, env.clock.now());
      env.store.audit().append(domain::AuditEntry{0, "", caller.name, "reminder.queue", "permit",
                                                  r.permit.permit_no,
                                                  "window closes " + r.window.closes.iso()});
      r.mailed_now = true;
    });
  }
  return out;
}

std::vector<Warning> reminder_warnings(const Env& env, const std::vector<Reminder>& reminders) {
  const auto calendar_ptr = working_calendar(env);
  const auto& calendar = *calendar_ptr;
  struct Seen {
    const Reminder* first = nullptr;
    util::Date date;
    long count = 0;
  };
  std::map<int, Seen> by_year;
  for (const auto& r : reminders) {
    for (const util::Date& d : {r.window.opens, r.window.closes}) {
      if (calendar.covered_years().count(d.year()) != 0) continue;
      Seen& s = by_year[d.year()];
      if (s.first == nullptr) s = Seen{&r, d, 0};
      ++s.count;
      break;  // one count per window
    }
  }
  std::vector<Warning> out;
  for (const auto& [year, s] : by_year) {
    const std::string p = s.first->permit.permit_no;
    const std::string more_zh = s.count > 1 ? "（另有 " + std::to_string(s.count - 1) + " 筆）" : "";
    const std::string more_en = s.count > 1 ? " (and " + std::to_string(s.count - 1) + " more)" : "";
    if (auto w = uncovered_warning(calendar,
                                   {"許可證 " + p + " 的延期申請期間" + more_zh + "，日期",
                                    "the extension window of permit " + p + more_en + ", on"},
                                   s.date, s.date)) {
      out.push_back(std::move(*w));
    }
  }
  return out;
}

}  // namespace soas::service
