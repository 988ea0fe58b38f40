#include "paging.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <sstream>

#include "util/text.hpp"

namespace soas::cli {

void add_page_options(CLI::App* command, PageOptions& o) {
  CLI::Option* limit =
      command->add_option("--limit", o.limit, "At most this many rows (default 100, at most 10000)")
          ->check(CLI::Range(std::size_t{1}, service::k_page_max));
  CLI::Option* after =
      command->add_option("--after", o.after, "The rows after this key (the cursor a page ended with)");
  command->add_flag("--all", o.all, "Every row, a page at a time (memory stays flat)")
      ->excludes(limit)
      ->excludes(after);
}

std::string paging_help(const std::string& order, const std::string& row) {
  return "In " + order +
         ", 100 at a time: the last line says how many more there are and the\n"
         "--after that shows the next page (with --json: \"next\" and \"more\"). --all prints every " +
         row + ".\n\n";
}

TableStream::TableStream(Output& io, std::vector<std::string> headers)
    : m_io(io), m_headers(std::move(headers)), m_widths(m_headers.size(), 0) {
  for (std::size_t i = 0; i < m_headers.size(); ++i) m_widths[i] = util::display_width(m_headers[i]);
}

void TableStream::add(const std::vector<std::vector<std::string>>& rows) {
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size() && i < m_widths.size(); ++i) {
      m_widths[i] = std::max(m_widths[i], util::display_width(r[i]));
    }
  }
  const auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += (i + 1 < row.size()) ? util::pad_right(row[i], m_widths[i] + 2) : row[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    m_io.out() << line << '\n';
  };
  if (!m_started) emit(m_headers);
  m_started = true;
  for (const auto& r : rows) emit(r);
}

void TableStream::finish() {
  if (!m_started) add({});
}

namespace {

// A value as print_json prints it one level in.
std::string nested(const Json& v) {
  std::string out;
  for (const char c : v.dump(2)) out += c == '\n' ? std::string("\n  ") : std::string(1, c);
  return out;
}

}  // namespace

JsonArrayStream::JsonArrayStream(Output& io, std::string key, const Json& head)
    : m_io(io), m_key(std::move(key)) {
  m_io.out() << "{\n";
  for (const auto& [k, v] : head.items()) m_io.out() << "  " << Json(k).dump() << ": " << nested(v) << ",\n";
  m_io.out() << "  " << Json(m_key).dump() << ": [";
}

void JsonArrayStream::add(const Json& element) {
  std::istringstream lines(element.dump(2));
  m_io.out() << (m_any ? ",\n" : "\n");
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    m_io.out() << (first ? "" : "\n") << "    " << line;
    first = false;
  }
  m_any = true;
}

void JsonArrayStream::finish(const Json& tail) {
  m_io.out() << (m_any ? "\n  ]" : "]");
  for (const auto& [k, v] : tail.items()) m_io.out() << ",\n  " << Json(k).dump() << ": " << nested(v);
  m_io.out() << "\n}\n";
}

void print_more_line(Output& io, const std::optional<std::string>& next, std::int64_t more, bool capped) {
  if (!next) return;
  const std::string n = capped ? "超過 " + std::to_string(more) : std::to_string(more);
  const std::string n_en = capped ? "more than " + std::to_string(more) : std::to_string(more);
  io.out() << io.tr(Text{"另有 " + n + " 筆；下一頁請加上 --after " + *next,
                         n_en + " more; for the next page add --after " + *next})
           << '\n';
}

}  // namespace soas::cli
