#pragma once
// Paged lists on the command line (service/paging.hpp): every list takes
//   --limit N      at most N rows (default 100, at most 10000)
//   --after KEY    the rows after this key: the cursor the last page gave
//   --all          every row, streamed a page at a time (memory flat in N)
// Text output ends with a line saying how many more rows there are and the
// --after that shows them; --json gives "next" (the cursor) and "more".

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app.hpp"
#include "service/paging.hpp"

namespace CLI {
class App;
}

namespace soas::cli {

struct PageOptions {
  std::size_t limit = service::k_page_default;
  std::optional<std::string> after;
  bool all = false;
};
void add_page_options(CLI::App* command, PageOptions& o);
// What a paged list's --help says about its pages (before its examples):
// "In ORDER, 100 at a time: ... --all prints every ROW."
std::string paging_help(const std::string& order, const std::string& row);
// A list of cases's.
inline constexpr const char* k_paging_help =
    "In receipt-number order, 100 at a time: the last line says how many more there are and the\n"
    "--after that shows the next page (with --json: \"next\" and \"more\"). --all prints every case.\n\n";

// Rows of a text table, printed as they come: the header once, columns as
// wide as the header and the first rows need (widened by later rows if they must).
class TableStream {
 public:
  TableStream(Output& io, std::vector<std::string> headers);
  void add(const std::vector<std::vector<std::string>>& rows);
  void finish();  // the header alone when no row came

 private:
  Output& m_io;
  std::vector<std::string> m_headers;
  std::vector<std::size_t> m_widths;
  bool m_started = false;
};

// A JSON document {"KEY": [ ... ]} printed element by element, exactly as
// Output::print_json would print it whole. The keys of `head` come before
// KEY and those of `tail` after it, in their order (Json keeps insertion order).
class JsonArrayStream {
 public:
  JsonArrayStream(Output& io, std::string key, const Json& head = Json::object());
  void add(const Json& element);
  void finish(const Json& tail = Json::object());

 private:
  Output& m_io;
  std::string m_key;
  bool m_any = false;
};

// The text output's last line when a page is not the last: how many more
// rows there are (or that there are more than k_count_cap) and the --after
// that shows them. Nothing on the last page.
void print_more_line(Output& io, const std::optional<std::string>& next, std::int64_t more, bool capped);
template <typename Row>
void print_more(Output& io, const service::Page<Row>& page) {
  print_more_line(io, page.next, page.more, page.more_capped());
}
// "next" and "more" into a page's JSON document, when there is a next page.
template <typename Row>
void add_more_json(Json& doc, const service::Page<Row>& page) {
  if (!page.next) return;
  doc["next"] = *page.next;
  doc["more"] = page.more;
  if (page.more_capped()) doc["more_at_least"] = true;
}

// For --all: calls fetch(after, limit) page after page, handing each page's
// rows to emit, until the last; the memory held is one page.
template <typename Row>
void for_each_page(
    const std::function<service::Page<Row>(const std::optional<std::string>&, std::size_t)>& fetch,
    const std::function<void(const std::vector<Row>&)>& emit) {
  std::optional<std::string> after;
  do {
    auto page = fetch(after, 1000);
    emit(page.rows);
    after = page.next;
  } while (after);
}

// A paged list printed as the options ask: one page (text: the table and the
// line about more; --json: {"KEY": [...], "next", "more"}) or with --all
// every page in turn, streamed.
template <typename Row>
int print_paged(
    Output& io, const PageOptions& o, const std::string& json_key,
    const std::function<service::Page<Row>(const std::optional<std::string>&, std::size_t)>& fetch,
    const std::function<Json(const Row&)>& json_of, const std::vector<std::string>& headers,
    const std::function<std::vector<std::string>(const Row&)>& row_of) {
  const auto rows_of = [&](const std::vector<Row>& rows) {
    std::vector<std::vector<std::string>> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(row_of(r));
    return out;
  };
  if (o.all) {
    if (io.json()) {
      JsonArrayStream stream(io, json_key);
      for_each_page<Row>(fetch, [&](const std::vector<Row>& rows) {
        for (const auto& r : rows) stream.add(json_of(r));
      });
      stream.finish();
    } else {
      TableStream table(io, headers);
      for_each_page<Row>(fetch, [&](const std::vector<Row>& rows) { table.add(rows_of(rows)); });
      table.finish();
    }
    return 0;
  }
  const auto page = fetch(o.after, o.limit);
  if (io.json()) {
    Json a = Json::array();
    for (const auto& r : page.rows) a.push_back(json_of(r));
    Json doc{{json_key, a}};
    add_more_json(doc, page);
    io.print_json(doc);
    return 0;
  }
  io.print_table(headers, rows_of(page.rows));
  print_more(io, page);
  return 0;
}

}  // namespace soas::cli
