#pragma once
// Reading tables from CSV and XLSX files, one row at a time. The format is
// told by the content, never by the file name. Knows nothing of soas rules.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace soas::tabular {

struct Row {
  std::size_t line = 0;  // CSV: the line the record starts on; XLSX: the row number
  std::vector<std::string> cells;
  // XLSX: which cells hold a number (not a date, not text). A number cell
  // has lost any leading zero it was typed with; CSV tells nothing (empty).
  std::vector<bool> numbers;
  bool number(std::size_t column) const { return column < numbers.size() && numbers[column]; }
};

class TableReader {
 public:
  virtual ~TableReader() = default;
  // The next row that has any content; false at the end.
  virtual bool next(Row& row) = 0;
  virtual std::string format() const = 0;  // "csv" or "xlsx"
  // How much of the file has been read, 0 to 1 (for a progress estimate).
  virtual double fraction() const = 0;
};

// Limits a hostile file cannot talk its way past: enforced while reading, not
// taken from the sizes a file declares.
struct Limits {
  std::uint64_t max_file_bytes = 256ull << 20;    // the file itself
  std::uint64_t max_entry_bytes = 512ull << 20;   // one inflated XLSX part
  std::uint64_t max_total_bytes = 1024ull << 20;  // all inflated parts
  std::uint64_t max_ratio = 200;                  // inflated / compressed, past 1 MiB
  std::uint64_t max_entries = 10000;              // parts in the zip
  std::size_t max_cell_bytes = 32767;             // Excel's own limit
  std::size_t max_columns = 16384;
};

// The spreadsheet name of a column: 0 is "A", 25 "Z", 26 "AA".
std::string column_letters(std::size_t index);

// Which column of a header row holds each key. `key_of` tells the key a
// header cell names (nothing for a cell that names none: an unknown or empty
// header). Every reader of a header (batch files, records, settlement files)
// maps its columns through this one class, so a key named twice is refused
// the same way everywhere: Failure "header-duplicate", naming both columns
// and the key ("students.xlsx: columns C and F are both 'passport_no'"),
// never silently the first or the last of them.
class HeaderMap {
 public:
  using KeyOf = std::function<std::optional<std::string>(const std::string& cell)>;
  HeaderMap(const Row& header, const KeyOf& key_of, const std::string& path);

  // The column of `key`, if the header has it.
  std::optional<std::size_t> find(const std::string& key) const;
  bool has(const std::string& key) const { return find(key).has_value(); }
  // The key of each column, "" where it names none.
  const std::vector<std::string>& keys() const { return m_keys; }

 private:
  std::vector<std::string> m_keys;
  std::map<std::string, std::size_t> m_columns;
};

// How CSV text is encoded: told by its content (UTF-8 when it is valid
// UTF-8, else Big5/CP950, what Excel on Traditional Chinese Windows writes),
// or as given.
enum class Encoding { automatic, utf8, big5 };
std::optional<Encoding> parse_encoding(const std::string& name);  // auto, utf-8, big5 (cp950)
// CP950 text as UTF-8; nothing when it is not CP950 (iconv).
std::optional<std::string> big5_to_utf8(const std::string& text);

// Opens a CSV (UTF-8, with or without BOM, or Big5) or XLSX file. `sheet` names the
// XLSX worksheet to read (default: the first). Throws Failure naming the file
// and what is wrong: "file-unreadable", "file-format" (an .xls, .ods,
// encrypted workbook, binary data, ...), "file-too-large", "file-damaged".
std::unique_ptr<TableReader> open_table(const std::string& path, const std::string& sheet = "",
                                        const Limits& limits = {}, Encoding encoding = Encoding::automatic);

// The same, on a file's bytes in memory (for fuzzing and tests); messages
// name `shown_name`.
std::unique_ptr<TableReader> table_from_memory(std::string bytes, const std::string& shown_name,
                                               const std::string& sheet = "", const Limits& limits = {},
                                               Encoding encoding = Encoding::automatic);

// The CSV reader on text in memory (for tests and fuzzing).
std::unique_ptr<TableReader> csv_from_text(std::string text, const std::string& shown_name,
                                           const Limits& limits = {});

// Excel serial day numbers as yyyy-mm-dd: the 1900 system (where serial 60 is
// the fictitious 1900-02-29, returned as such so a date check refuses it) or
// the 1904 system.
std::string excel_serial_date(double serial, bool system_1904);

// What a number cell shows, as the reader returns it:
// - a number (format General, 0.00, a percent, a currency, ...): the
//   number itself, never the format's rendering (10% is "0.1", NT$1,200 is
//   "1200"): the shortest decimal text that reads back as the same double
//   (10.2, not 10.199999999999999; 72, not 72.0), in fixed notation for
//   magnitudes from 1e-6 up to 1e15, with an exponent outside (1e+20);
// - a date format: yyyy-mm-dd (excel_serial_date, the time of day dropped);
// - a date-and-time format: "yyyy-mm-dd hh:mm", or "yyyy-mm-dd hh:mm:ss"
//   when the format shows seconds or the value has any (rounded to the
//   second, so no time is ever shown shorter than it is);
// - a time format without a date (h:mm, h:mm:ss AM/PM): "hh:mm[:ss]" on a
//   24-hour clock, the time of day (a whole day dropped, as h:mm does);
//   an elapsed format ([h]:mm) counts its hours on past 24 ("36:30");
// - LibreOffice's format for a boolean formula's result
//   ("TRUE";"TRUE";"FALSE"): TRUE or FALSE, as a t="b" cell.
std::string excel_number_text(double value);
std::string excel_serial_date_time(double serial, bool system_1904, bool seconds);
// hh:mm, or hh:mm:ss when `with_seconds`; hours past 23 only for elapsed time.
std::string clock_text(long long hours, int minutes, int seconds, bool with_seconds);

}  // namespace soas::tabular
