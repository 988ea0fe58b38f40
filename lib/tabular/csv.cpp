// RFC 4180 CSV: quoted fields, doubled quotes, embedded newlines, CRLF or LF,
// UTF-8 with or without a byte-order mark.

#include "core/error.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

namespace soas::tabular {

namespace {

class CsvReader final : public TableReader {
 public:
  CsvReader(std::string text, std::string shown, const Limits& limits)
      : m_text(std::move(text)), m_shown(std::move(shown)), m_limits(limits) {
    if (util::starts_with(m_text, "\xEF\xBB\xBF")) m_pos = 3;
  }

  bool next(Row& row) override {
    while (m_pos < m_text.size()) {
      row.line = m_line;
      row.cells.clear();
      row.numbers.clear();
      read_record(row.cells);
      const bool empty = row.cells.size() == 1 && row.cells[0].empty();
      if (!empty) return true;
    }
    return false;
  }
  std::string format() const override { return "csv"; }
  double fraction() const override {
    return m_text.empty() ? 1.0 : static_cast<double>(m_pos) / static_cast<double>(m_text.size());
  }

 private:
  [[noreturn]] void fail(const std::string& zh, const std::string& en) const {
    const std::string where = m_shown + ":" + std::to_string(m_line);
    throw Failure("file-format", Text{where + ": " + zh, where + ": " + en});
  }

  void finish_cell(std::vector<std::string>& cells, std::string& cell) {
    if (!util::is_valid_utf8(cell)) {
      fail("不是 UTF-8 或 Big5 文字", "neither UTF-8 nor Big5 text");
    }
    if (cell.size() > m_limits.max_cell_bytes) fail("儲存格過長", "a cell is too long");
    if (cells.size() >= m_limits.max_columns) fail("欄位過多", "too many columns");
    cells.push_back(std::move(cell));
    cell.clear();
  }

  // Reads one record; leaves m_pos after its line end.
  void read_record(std::vector<std::string>& cells) {
    std::string cell;
    bool quoted = false;
    bool after_quote = false;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos++];
      if (quoted) {
        if (c == '"') {
          if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            cell += '"';
            ++m_pos;
          } else {
            quoted = false;
            after_quote = true;
          }
        } else {
          if (c == '\n') ++m_line;
          cell += c;
        }
        continue;
      }
      if (c == ',') {
        finish_cell(cells, cell);
        after_quote = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
        ++m_line;
        finish_cell(cells, cell);
        return;
      } else if (c == '"' && cell.empty() && !after_quote) {
        quoted = true;
      } else if (after_quote) {
        fail("引號後有多餘字元", "unexpected text after a closing quote");
      } else {
        cell += c;
      }
    }
    if (quoted) fail("引號未結束", "a quoted field is not closed");
    finish_cell(cells, cell);
  }

  std::string m_text;
  std::string m_shown;
  Limits m_limits;
  std::size_t m_pos = 0;
  std::size_t m_line = 1;
};

}  // namespace

std::unique_ptr<TableReader> csv_from_text(std::string text, const std::string& shown_name,
                                           const Limits& limits) {
  return std::make_unique<CsvReader>(std::move(text), shown_name, limits);
}

}  // namespace soas::tabular
