#pragma once
// Reminders (soas remind extensions): students whose multi-entry permit's
// extension window is open or opens soon, and whose ARC is near its end,
// with the window's dates and any extension already under review; mail
// queued once per permit and window.

#include <optional>
#include <string>
#include <vector>

#include "domain/extension_window.hpp"
#include "domain/records.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"

namespace soas::service {

struct ReminderQuery {
  int within_days = 30;  // windows opening up to this many days ahead
  std::string school;    // admin: one school's students only; a school user sees its own anyway
  bool mail = false;     // queue a reminder to each student not reminded of this window yet
};

struct Reminder {
  domain::Permit permit;
  domain::Person person;
  std::optional<domain::Account> account;  // the student's account, when registered
  domain::ExtensionWindow window;
  domain::WindowStatus status = domain::WindowStatus::not_yet_open;
  int days_to_open = 0;     // 0 when open
  std::string open_case;    // an extension already under review
  bool reminded = false;    // a reminder was queued for this window before this run
  bool mailed_now = false;  // this run queued one
};

// Admins and school users. Refusals: role-forbidden for others.
std::vector<Reminder> extension_reminders(const Env& env, const Caller& caller, const ReminderQuery& query);

// calendar-uncovered, once per year the working-day calendar does not cover
// in which a listed window opens or closes (the first such window named, with
// how many more there are).
std::vector<Warning> reminder_warnings(const Env& env, const std::vector<Reminder>& reminders);

}  // namespace soas::service
