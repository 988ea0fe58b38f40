#pragma once
// Reading a form (registration, profile, later applications) from a YAML
// file: a mapping of field keys to values. Structure errors name the file
// and line; field values are checked by the domain afterwards.

#include <string>

#include "domain/account.hpp"

namespace soas::config {

// Throws Failure "form-file-invalid" (unreadable, bad YAML, not a mapping,
// a value that is a list or mapping) naming the file and line.
domain::Form load_form_file(const std::string& path);
// The same on YAML text; messages name `path`.
domain::Form parse_form(const std::string& yaml_text, const std::string& path);

// Applies "key=value" settings (--set) on top of a form; UsageError for one
// without '='.
void apply_settings(domain::Form& form, const std::vector<std::string>& settings);

}  // namespace soas::config
