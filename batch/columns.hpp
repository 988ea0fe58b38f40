#pragma once
// The columns of a batch file (soas-batch(5)): one per form field of the
// kind, how a header cell names one, and a cell as people type it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "domain/form.hpp"
#include "domain/types.hpp"

namespace soas::batch {

// The kinds a school may file in bulk: all four.
std::vector<domain::ApplicationKind> batch_kinds();

// One column of a batch file: "kind" first, then the row's key (the permit
// number for the mainland kinds; the passport number is the ARC's key and a
// field), then the form's fields.
struct Column {
  std::string key;
  Text label;
  bool required = false;
  domain::FieldKind kind = domain::FieldKind::text;
  std::vector<std::string> choices;
};
std::vector<Column> columns(domain::ApplicationKind kind, const std::vector<std::string>& station_codes);
// The header cell soas writes ("護照號碼 passport_no *"), and the column key a
// header cell names: the key itself, the Chinese label, or soas's own header.
std::string header_text(const Column& c);
std::optional<std::string> column_of(const std::string& header_cell, const std::vector<Column>& columns);
// The column holding the key a row's documents folder is named by.
std::string key_column(domain::ApplicationKind kind);
// The three mainland kinds, keyed by the permit number.
bool mainland_kind(domain::ApplicationKind kind);

// A cell as people type it, normalised: surrounding spaces trimmed,
// full-width digits, letters and signs folded to ASCII (the ideographic
// space to a space), and in address columns 台 written 臺.
std::string normalize_cell(const std::string& column, const std::string& value);

// What a column holds, for the template and the checks: an identifier kept
// as text (a number format would drop leading zeros or turn them into
// 1.2E+10), a nationality (the countries' drop-down), a date; and the
// choices of its drop-down.
bool is_text_column(const Column& c);
bool is_nationality_column(std::string_view key);
bool is_date_column(const Column& c);
std::vector<std::string> choices_of(const Column& c);

}  // namespace soas::batch
