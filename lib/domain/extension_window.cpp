#include "domain/extension_window.hpp"

#include "core/error.hpp"

namespace soas::domain {

WindowStatus ExtensionWindow::status_on(const util::Date& today) const {
  if (today < opens) return WindowStatus::not_yet_open;
  if (today > closes) return WindowStatus::expired;
  return WindowStatus::open;
}

ExtensionWindow extension_window(const util::Date& stay_expiry, int months_before) {
  return ExtensionWindow{stay_expiry.add_months(-months_before), stay_expiry};
}

ExtensionWindow require_extension_window_open(const util::Date& stay_expiry, const util::Date& today,
                                              int months_before) {
  const ExtensionWindow w = extension_window(stay_expiry, months_before);
  switch (w.status_on(today)) {
    case WindowStatus::not_yet_open: throw Refusal(msg::extension_window_not_open);
    case WindowStatus::expired: throw Refusal(msg::stay_expired, {stay_expiry.slashed()});
    case WindowStatus::open: break;
  }
  return w;
}

bool remind_of(const ExtensionWindow& window, const util::Date& today, int within_days) {
  switch (window.status_on(today)) {
    case WindowStatus::open: return true;
    case WindowStatus::expired: return false;
    case WindowStatus::not_yet_open: return window.opens <= today.add_days(within_days);
  }
  return false;
}

}  // namespace soas::domain
