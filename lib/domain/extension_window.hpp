#pragma once
// The extension window (seed 004 §4): a multi-entry permit's stay may be
// extended only from 3 calendar months before its end (month-end clamped:
// a stay ending 2021-05-31 opens on 2021-02-28) through the end day itself.
// An expired stay cannot be extended (extrapolated).

#include "util/date.hpp"

namespace soas::domain {

enum class WindowStatus { not_yet_open, open, expired };

struct ExtensionWindow {
  util::Date opens;   // first day an extension may be applied for
  util::Date closes;  // the stay's last day, the last day to apply
  WindowStatus status_on(const util::Date& today) const;
};

ExtensionWindow extension_window(const util::Date& stay_expiry, int months_before = 3);

// Throws Refusal "extension-window-not-open" (the seed's message) before the
// window and "stay-expired" after it; returns the window when open.
ExtensionWindow require_extension_window_open(const util::Date& stay_expiry, const util::Date& today,
                                              int months_before = 3);

// Whether a stay's holder should hear of its window (soas remind): the
// window is open on `today`, or opens within `within_days` days. A stay
// already over is past reminding.
bool remind_of(const ExtensionWindow& window, const util::Date& today, int within_days);

}  // namespace soas::domain
