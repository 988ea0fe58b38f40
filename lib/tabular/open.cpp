// Opening a table: CSV or XLSX told by content, the file checked as a regular
// file and read once; the XLSX reader itself is soas-xlsx.so's
// (tabular/xlsx_backend.hpp), loaded at the first workbook read.

#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/modules.hpp"
#include "tabular/table.hpp"
#include "tabular/xlsx_backend.hpp"
#include "util/date.hpp"
#include "util/text.hpp"

namespace soas::tabular {

namespace {

[[noreturn]] void fail(const char* code, const std::string& file, const std::string& zh,
                       const std::string& en) {
  throw Failure(code, Text{file + ": " + zh, file + ": " + en});
}

ModuleTable<XlsxBackend> g_xlsx(SOAS_XLSX_MODULE_NAME, SOAS_XLSX_BACKEND_SYMBOL);

}  // namespace

const XlsxBackend& xlsx_backend() {
  return g_xlsx.get();
}

void use_xlsx_backend(const XlsxBackend* linked) {
  g_xlsx.use(linked);
}

std::string clock_text(long long hours, int minutes, int seconds, bool with_seconds) {
  char buffer[48];
  if (with_seconds) {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02d:%02d", hours, minutes, seconds);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02d", hours, minutes);
  }
  return buffer;
}

std::string excel_serial_date(double serial, bool system_1904) {
  const long days = static_cast<long>(std::floor(serial));
  if (system_1904) return util::Date(1904, 1, 1).add_days(days).iso();
  if (days == 60) return "1900-02-29";  // Lotus's fictitious leap day, kept by Excel
  const util::Date base = days < 60 ? util::Date(1899, 12, 31) : util::Date(1899, 12, 30);
  return base.add_days(days).iso();
}

std::string excel_serial_date_time(double serial, bool system_1904, bool seconds) {
  // Rounded to the second first: 10:30 is stored as 0.4375 give or take
  // the last bit, and 23:59:59.6 is the next day's 00:00:00.
  const auto total = static_cast<long long>(std::llround(serial * 86400.0));
  const long long days = total / 86400;
  const auto in_day = static_cast<int>(total % 86400);
  const int s = in_day % 60;
  return excel_serial_date(static_cast<double>(days), system_1904) + " " +
         clock_text(in_day / 3600, in_day / 60 % 60, s, seconds || s != 0);
}

std::string excel_number_text(double value) {
  if (!std::isfinite(value)) return value != value ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";  // -0 too
  char buffer[400];
  // Fixed notation below 1e15 (what a person reads in a cell: 1234567, not
  // 1.234567e+06) and down to 1e-6; past that Excel itself shows an exponent.
  const double magnitude = std::fabs(value);
  const auto format =
      magnitude < 1e15 && magnitude >= 1e-6 ? std::chars_format::fixed : std::chars_format::scientific;
  // Without a precision, to_chars writes the fewest digits that read back
  // as the same double: 10.2, not 10.199999999999999.
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  return std::string(buffer, result.ptr);
}

std::optional<Encoding> parse_encoding(const std::string& name) {
  const std::string n = util::to_lower_ascii(name);
  if (n == "auto") return Encoding::automatic;
  if (n == "utf-8" || n == "utf8") return Encoding::utf8;
  if (n == "big5" || n == "cp950") return Encoding::big5;
  return std::nullopt;
}

std::optional<std::string> big5_to_utf8(const std::string& text) {
  iconv_t cd = iconv_open("UTF-8", "CP950");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(text.size() * 3 / 2 + 16, '\0');
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  const std::size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

namespace {

enum class Kind { xlsx, csv };

// What the first bytes say: a zip (XLSX, told apart from .ods later), an OLE
// file (.xls, or an encrypted workbook), else text.
Kind sniff(const std::string& head, const std::string& path) {
  if (util::starts_with(head, "PK\x03\x04") || util::starts_with(head, "PK\x05\x06")) return Kind::xlsx;
  if (util::starts_with(head, "\xD0\xCF\x11\xE0")) {
    fail("file-format", path, "這是舊版 Excel (.xls) 或加密的活頁簿，請另存為 .xlsx 或 .csv",
         "this is an old Excel (.xls) or encrypted workbook; save it as .xlsx or .csv");
  }
  return Kind::csv;
}

std::unique_ptr<TableReader> csv_in(std::string text, const std::string& path, const Limits& limits,
                                    Encoding encoding) {
  if (text.find('\0') != std::string::npos) {
    fail("file-format", path, "不是 CSV 文字或 XLSX 活頁簿（含二進位資料）",
         "neither CSV text nor an XLSX workbook (binary data)");
  }
  const bool utf8 = util::is_valid_utf8(text);
  if (encoding == Encoding::big5 || (encoding == Encoding::automatic && !utf8)) {
    auto converted = big5_to_utf8(text);
    if (converted) {
      text = std::move(*converted);
    } else if (encoding == Encoding::big5) {
      fail("file-format", path, "不是 Big5 (CP950) 文字", "not Big5 (CP950) text");
    }
  }
  return csv_from_text(std::move(text), path, limits);
}

}  // namespace

std::unique_ptr<TableReader> open_table(const std::string& path, const std::string& sheet,
                                        const Limits& limits, Encoding encoding) {
  // Opened once, without blocking (a FIFO is refused, never waited on), and
  // checked to be a regular file before a byte is read; everything after
  // reads this descriptor, never the name again.
  const int fd = open_regular_file(path, Text{"表格檔", "the table file"});
  struct Closer {
    int fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail("file-unreadable", path, "無法讀取檔案", "cannot read the file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > limits.max_file_bytes) fail("file-too-large", path, "檔案過大", "the file is too large");
  if (size == 0) fail("file-format", path, "檔案是空的", "the file is empty");
  const auto read_at = [&](char* into, std::size_t want, off_t offset) {
    std::size_t done = 0;
    while (done < want) {
      const ssize_t n = ::pread(fd, into + done, want - done, offset + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("file-unreadable", path, "無法讀取檔案", "cannot read the file");
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    return done;
  };
  char magic[8] = {};
  const std::size_t got = read_at(magic, sizeof magic, 0);
  if (sniff(std::string(magic, got), path) == Kind::xlsx) {
    closer.fd = -1;                                                      // the reader owns it now
    return xlsx_backend().open(path, fd, std::string(), sheet, limits);  // streamed from the file
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  text.resize(read_at(text.data(), text.size(), 0));
  return csv_in(std::move(text), path, limits, encoding);
}

std::unique_ptr<TableReader> table_from_memory(std::string bytes, const std::string& shown_name,
                                               const std::string& sheet, const Limits& limits,
                                               Encoding encoding) {
  if (bytes.size() > limits.max_file_bytes)
    fail("file-too-large", shown_name, "檔案過大", "the file is too large");
  if (bytes.empty()) fail("file-format", shown_name, "檔案是空的", "the file is empty");
  if (sniff(bytes.substr(0, 8), shown_name) == Kind::xlsx)
    return xlsx_backend().open(shown_name, -1, std::move(bytes), sheet, limits);
  return csv_in(std::move(bytes), shown_name, limits, encoding);
}

}  // namespace soas::tabular
