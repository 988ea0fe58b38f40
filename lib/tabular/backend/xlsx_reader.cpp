// XLSX read by streaming: libzip for the container, expat for the XML. The
// shared strings and styles are read whole (they are needed for every cell);
// the worksheet is parsed chunk by chunk and handed out row by row. Part of
// soas-xlsx.so (tabular/xlsx_backend.hpp), not of soas_core.

#include <expat.h>
#include <iconv.h>
#include <zip.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <map>

#include "core/error.hpp"
#include "core/files.hpp"
#include "tabular/backend/parts.hpp"
#include "tabular/table.hpp"
#include "util/date.hpp"
#include "util/text.hpp"

namespace soas::tabular {

namespace {

[[noreturn]] void fail(const char* code, const std::string& file, const std::string& zh,
                       const std::string& en) {
  throw Failure(code, Text{file + ": " + zh, file + ": " + en});
}

// The local part of an expat name built with a namespace separator.
std::string_view local(const char* name) {
  const char* bar = std::strrchr(name, '|');
  return bar ? std::string_view(bar + 1) : std::string_view(name);
}

const char* attr(const char** atts, std::string_view name) {
  for (int i = 0; atts[i] != nullptr; i += 2) {
    if (local(atts[i]) == name) return atts[i + 1];
  }
  return nullptr;
}

// A thin expat wrapper: element start/end and character data as callbacks.
class Xml {
 public:
  using Start = std::function<void(std::string_view, const char**)>;
  using End = std::function<void(std::string_view)>;
  using Chars = std::function<void(const char*, int)>;

  Xml(Start start, End end, Chars chars)
      : m_parser(XML_ParserCreateNS("UTF-8", '|')),
        m_start(std::move(start)),
        m_end(std::move(end)),
        m_chars(std::move(chars)) {
    XML_SetUserData(m_parser, this);
    XML_SetElementHandler(
        m_parser,
        [](void* self, const char* name, const char** atts) {
          static_cast<Xml*>(self)->m_start(local(name), atts);
        },
        [](void* self, const char* name) { static_cast<Xml*>(self)->m_end(local(name)); });
    XML_SetCharacterDataHandler(m_parser, [](void* self, const char* s, int len) {
      if (static_cast<Xml*>(self)->m_chars) static_cast<Xml*>(self)->m_chars(s, len);
    });
  }
  ~Xml() { XML_ParserFree(m_parser); }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;

  // False with the parser's message on malformed XML.
  bool feed(const char* data, int len, bool final, std::string& error) {
    if (XML_Parse(m_parser, data, len, final ? 1 : 0) == XML_STATUS_ERROR) {
      error = std::string(XML_ErrorString(XML_GetErrorCode(m_parser))) + " at line " +
              std::to_string(XML_GetCurrentLineNumber(m_parser));
      return false;
    }
    return true;
  }

 private:
  XML_Parser m_parser;
  Start m_start;
  End m_end;
  Chars m_chars;
};

// Reads zip entries while counting what they inflate to.
class Archive {
 public:
  // The zip in `bytes` when given, else in the open file `fd` (which it
  // then owns); `path` names it in messages.
  Archive(const std::string& path, int fd, const std::string* bytes, const Limits& limits)
      : m_path(path), m_limits(limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = nullptr;
    if (bytes != nullptr) {
      src = zip_source_buffer_create(bytes->data(), bytes->size(), 0, &error);
    } else if (FILE* file = ::fdopen(fd, "rb")) {
      src = zip_source_filep_create(file, 0, -1, &error);  // closes the file when freed
      if (src == nullptr) std::fclose(file);
    } else {
      ::close(fd);
    }
    if (src != nullptr) {
      m_zip = zip_open_from_source(src, ZIP_RDONLY, &error);
      if (m_zip == nullptr) zip_source_free(src);
    }
    zip_error_fini(&error);
    if (m_zip == nullptr) {
      fail("file-damaged", path, "壓縮檔已損毀或不完整", "the zip container is damaged or truncated");
    }
    const zip_int64_t n = zip_get_num_entries(m_zip, 0);
    if (n < 0 || static_cast<std::uint64_t>(n) > m_limits.max_entries) {
      zip_discard(m_zip);  // no destructor runs for a constructor that throws
      m_zip = nullptr;
      fail("file-format", path, "壓縮檔內的項目過多", "too many entries in the zip container");
    }
  }
  ~Archive() {
    if (m_zip != nullptr) zip_discard(m_zip);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Part names are compared without case, as OPC says.
  bool has(const std::string& name) const { return zip_name_locate(m_zip, name.c_str(), ZIP_FL_NOCASE) >= 0; }

  class Entry {
   public:
    Entry(Archive& a, const std::string& name) : m_archive(a), m_name(name) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat(a.m_zip, name.c_str(), ZIP_FL_NOCASE, &st) != 0) a.damaged(name);
      if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        fail("file-format", a.m_path, "活頁簿已加密", "the workbook is encrypted");
      }
      m_compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
      m_declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
      m_file = zip_fopen(a.m_zip, name.c_str(), ZIP_FL_NOCASE);
      if (m_file == nullptr) a.damaged(name);
    }
    ~Entry() {
      if (m_file != nullptr) zip_fclose(m_file);
    }
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

    // Up to `size` bytes; 0 at the end.
    std::size_t read(char* buffer, std::size_t size) {
      const zip_int64_t n = zip_fread(m_file, buffer, size);
      if (n < 0) m_archive.damaged(m_name);
      m_read += static_cast<std::uint64_t>(n);
      m_archive.m_total += static_cast<std::uint64_t>(n);
      const Limits& l = m_archive.m_limits;
      const bool ratio =
          m_read > (1u << 20) && m_read / std::max<std::uint64_t>(m_compressed, 1) > l.max_ratio;
      if (m_read > l.max_entry_bytes || m_archive.m_total > l.max_total_bytes || ratio) {
        fail("file-too-large", m_archive.m_path, "解壓縮後過大（疑似壓縮炸彈）",
             "inflates to too much data (a zip bomb?)");
      }
      return static_cast<std::size_t>(n);
    }
    // The share of the declared size read so far (a declared size may lie: only an estimate).
    double fraction() const {
      return m_declared == 0 ? 0.0
                             : std::min(1.0, static_cast<double>(m_read) / static_cast<double>(m_declared));
    }

   private:
    Archive& m_archive;
    std::string m_name;
    zip_file_t* m_file = nullptr;
    std::uint64_t m_compressed = 0;
    std::uint64_t m_declared = 0;
    std::uint64_t m_read = 0;
  };

  // Parses a whole entry with the given parser.
  void parse(const std::string& name, Xml& xml) {
    Entry e(*this, name);
    char buffer[1 << 16];
    std::string error;
    for (;;) {
      const std::size_t n = e.read(buffer, sizeof buffer);
      if (!xml.feed(buffer, static_cast<int>(n), n == 0, error)) bad_xml(name, error);
      if (n == 0) break;
    }
  }

  [[noreturn]] void damaged(const std::string& name) const {
    fail("file-damaged", m_path, "無法讀取 " + name + "（" + zip_strerror(m_zip) + "）",
         "cannot read " + name + " (" + zip_strerror(m_zip) + ")");
  }
  [[noreturn]] void bad_xml(const std::string& name, const std::string& error) const {
    fail("file-damaged", m_path, name + " 的 XML 格式錯誤：" + error, "bad XML in " + name + ": " + error);
  }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
  Limits m_limits;
  zip_t* m_zip = nullptr;
  std::uint64_t m_total = 0;
};

// What a cell's number format makes of its number: the number itself, a
// date, a date with a time of day, a time alone, or a truth value (the
// format LibreOffice gives a boolean formula's result: "TRUE";"TRUE";"FALSE"). `seconds` tells a format
// that shows seconds; `elapsed` one that counts hours past 24 ([h]:mm).
struct NumberStyle {
  enum Kind : std::uint8_t { number, date, date_time, time, boolean };
  Kind kind = number;
  bool seconds = false;
  bool elapsed = false;
};

NumberStyle style_of_format_code(const std::string& code) {
  if (util::to_lower_ascii(code) == "\"true\";\"true\";\"false\"") return NumberStyle{NumberStyle::boolean};
  std::string plain;  // the format's letters, quoted text and [..] parts left out
  bool quoted = false;
  bool elapsed = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c == '[') {
      // [h], [mm], [ss]: elapsed time; anything else ([$-404], [Red], ...) is no letter of the format
      const std::size_t close = code.find(']', i);
      if (close == std::string::npos) break;
      const std::string inside = util::to_lower_ascii(code.substr(i + 1, close - i - 1));
      if (!inside.empty() && inside.find_first_not_of(inside[0]) == std::string::npos &&
          (inside[0] == 'h' || inside[0] == 'm' || inside[0] == 's')) {
        plain += inside;
        elapsed = true;
      }
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == ';') {
      break;  // the first section (positive numbers) tells the kind
    } else {
      plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  // "General" is no date; "am/pm" and "a/p" mark a 12-hour clock, not months.
  for (const char* marker : {"general", "am/pm", "a/p"}) {
    for (std::size_t at = plain.find(marker); at != std::string::npos; at = plain.find(marker))
      plain.erase(at, std::strlen(marker));
  }
  const bool has_h = plain.find('h') != std::string::npos;
  const bool has_s = plain.find('s') != std::string::npos;
  const bool has_m = plain.find('m') != std::string::npos;
  const bool has_date = plain.find('d') != std::string::npos || plain.find('y') != std::string::npos ||
                        (has_m && !has_h && !has_s);
  const bool has_time = has_h || has_s;
  NumberStyle style;
  style.seconds = has_s;
  style.elapsed = elapsed && !has_date;
  if (has_date && has_time) {
    style.kind = NumberStyle::date_time;
  } else if (has_date) {
    style.kind = NumberStyle::date;
  } else if (has_time) {
    style.kind = NumberStyle::time;
  }
  return style;
}

NumberStyle builtin_style(int id) {
  NumberStyle style;
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 58)) {
    style.kind = NumberStyle::date;
  } else if (id == 22) {
    style.kind = NumberStyle::date_time;  // m/d/yyyy h:mm
  } else if (id == 18 || id == 20 || id == 32 || id == 34) {
    style.kind = NumberStyle::time;  // h:mm AM/PM, h:mm, (zh-TW) hh"時"mm"分", 上午/下午hh"時"mm"分"
  } else if (id == 19 || id == 21 || id == 33 || id == 35 || id == 45 || id == 47) {
    style.kind = NumberStyle::time;  // h:mm:ss AM/PM, h:mm:ss, the zh-TW ones with 秒, mm:ss, mmss.0
    style.seconds = true;
  } else if (id == 46) {
    style.kind = NumberStyle::time;  // [h]:mm:ss
    style.seconds = true;
    style.elapsed = true;
  }
  return style;
}

// Column index (0-based) of a cell reference such as "AB12"; -1 when absent.
int column_of(const char* ref) {
  if (ref == nullptr) return -1;
  int col = 0;
  int letters = 0;
  for (const char* p = ref; *p >= 'A' && *p <= 'Z'; ++p, ++letters) col = col * 26 + (*p - 'A' + 1);
  return letters == 0 || letters > 3 ? -1 : col - 1;
}

// A relationship's type: the transitional or the Strict OOXML spelling of
// http://.../relationships/NAME.
bool is_relationship(const std::string& type, std::string_view name) {
  for (std::string_view base : {"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
                                "http://purl.oclc.org/ooxml/officeDocument/relationships/"}) {
    if (type.size() == base.size() + name.size() && util::starts_with(type, base) &&
        std::string_view(type).substr(base.size()) == name)
      return true;
  }
  return false;
}

// A relationship's Target as a part name in the zip: one starting with "/"
// from the package root, any other from the folder of the part that names
// it; "." and ".." resolved, %XX escapes decoded, a #fragment dropped.
std::string resolve_target(const std::string& source_part, const std::string& target) {
  std::string decoded;
  for (std::size_t i = 0; i < target.size() && target[i] != '#'; ++i) {
    if (target[i] == '%' && i + 2 < target.size() &&
        std::isxdigit(static_cast<unsigned char>(target[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(target[i + 2]))) {
      decoded += static_cast<char>(std::stoi(target.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += target[i] == '\\' ? '/' : target[i];
    }
  }
  std::vector<std::string> segments;
  if (decoded.empty() || decoded[0] != '/') {
    const auto slash = source_part.rfind('/');
    if (slash != std::string::npos) segments = util::split(source_part.substr(0, slash), '/');
  }
  for (const auto& segment : util::split(decoded, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else {
      segments.push_back(segment);
    }
  }
  std::string part;
  for (const auto& segment : segments) {
    if (segment.empty()) continue;
    part += (part.empty() ? "" : "/") + segment;
  }
  return part;
}

// The relationships part of a part: xl/workbook.xml -> xl/_rels/workbook.xml.rels;
// the package itself ("") -> _rels/.rels.
std::string relationships_part(const std::string& part) {
  const auto slash = part.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? part : part.substr(slash + 1);
  return folder + "_rels/" + name + ".rels";
}

struct Relationship {
  std::string id;
  std::string type;
  std::string part;  // the target, resolved
};

// The shared strings, packed end to end: one allocation for the text and
// four bytes of index per string, so a workbook of 100k rows of unique names
// costs its text and little more.
class StringPool {
 public:
  // False when the pool would pass 4 GiB.
  bool push_back(const std::string& s) {
    if (m_bytes.size() + s.size() > UINT32_MAX) return false;
    m_bytes += s;
    m_ends.push_back(static_cast<std::uint32_t>(m_bytes.size()));
    return true;
  }
  std::size_t size() const { return m_ends.size(); }
  std::string_view at(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : m_ends[i - 1];
    return std::string_view(m_bytes).substr(begin, m_ends[i] - begin);
  }

 private:
  std::string m_bytes;
  std::vector<std::uint32_t> m_ends;
};

// The number in a <v>: XML text in the C locale ("72.0", "1.5E-3").
std::optional<double> parse_number(const std::string& text) {
  const std::string_view t = util::trim(text);
  double value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A number a date, date-time or time format shows; nothing when it is out
// of the range Excel shows as a date (it shows ####).
std::optional<std::string> serial_text(double serial, const NumberStyle& style, bool system_1904) {
  if (style.kind == NumberStyle::date) {
    if (serial < 0 || serial >= 2958466) return std::nullopt;
    return excel_serial_date(serial, system_1904);
  }
  if (style.kind == NumberStyle::date_time) {
    if (serial < 0 || serial >= 2958466) return std::nullopt;
    return excel_serial_date_time(serial, system_1904, style.seconds);
  }
  if (serial < 0 || serial >= 2958466) return std::nullopt;
  // A time alone: the time of day (h:mm shows 1.75 as 18:00), or for an
  // elapsed format ([h]:mm) the hours counted from zero (1.75 is 42:00).
  const auto total = static_cast<long long>(std::llround(serial * 86400.0));
  const long long hours = style.elapsed ? total / 3600 : (total % 86400) / 3600;
  const int minutes = static_cast<int>(total / 60 % 60);
  const int seconds = static_cast<int>(total % 60);
  return clock_text(hours, minutes, seconds, style.seconds || seconds != 0);
}

// A t="d" cell: an ISO 8601 date or date-time ("2024-03-05T10:30:00Z") as
// yyyy-mm-dd or yyyy-mm-dd hh:mm[:ss], like a date-formatted number.
std::string iso_cell_text(const std::string& text) {
  const std::string t(util::trim(text));
  if (t.size() < 10 || !util::parse_iso_date(t.substr(0, 10))) return t;
  if (t.size() == 10) return t;
  if (t[10] != 'T' || t.size() < 16) return t;
  const std::string date = t.substr(0, 10);
  std::string clock = t.substr(11);
  if (!clock.empty() && clock.back() == 'Z') clock.pop_back();
  const auto dot = clock.find('.');
  if (dot != std::string::npos) clock.erase(dot);
  if (clock == "00:00:00" || clock == "00:00") return date;
  if (clock.size() == 8 && util::ends_with(clock, ":00")) clock.resize(5);
  return date + " " + clock;
}

class XlsxReader final : public TableReader {
 public:
  // The workbook in `bytes` when not empty, else in the open file `fd`
  // (which it owns); `path` names it in messages.
  XlsxReader(const std::string& path, int fd, std::string bytes, const std::string& sheet,
             const Limits& limits)
      : m_bytes(std::move(bytes)),
        m_archive(path, fd, m_bytes.empty() ? nullptr : &m_bytes, limits),
        m_limits(limits) {
    // Every part is found through the relationships, never at a fixed path:
    // the package's officeDocument is the workbook, the workbook's own
    // relationships name its worksheets, shared strings and styles.
    for (const auto& r : relationships(""))
      if (is_relationship(r.type, "officeDocument") && m_workbook.empty()) m_workbook = r.part;
    if (m_workbook.empty() || !m_archive.has(m_workbook)) {
      if (m_archive.has("mimetype")) {
        fail("file-format", path, "這是 OpenDocument (.ods) 檔，請另存為 .xlsx 或 .csv",
             "this is an OpenDocument (.ods) file; save it as .xlsx or .csv");
      }
      fail("file-format", path, "不是 Excel 活頁簿 (.xlsx)", "not an Excel workbook (.xlsx)");
    }
    m_workbook_relationships = relationships(m_workbook);
    const std::string target = find_sheet(sheet);
    for (const auto& r : m_workbook_relationships) {
      if (is_relationship(r.type, "sharedStrings") && m_shared_strings_part.empty())
        m_shared_strings_part = r.part;
      if (is_relationship(r.type, "styles") && m_styles_part.empty()) m_styles_part = r.part;
    }
    read_shared_strings();
    read_styles();
    m_sheet = std::make_unique<Archive::Entry>(m_archive, target);
    m_sheet_name = target;
    m_xml = std::make_unique<Xml>([this](std::string_view n, const char** a) { on_start(n, a); },
                                  [this](std::string_view n) { on_end(n); },
                                  [this](const char* s, int len) { on_chars(s, len); });
  }

  bool next(Row& row) override {
    char buffer[1 << 16];
    while (m_ready.empty() && !m_done) {
      const std::size_t n = m_sheet->read(buffer, sizeof buffer);
      std::string error;
      if (!m_xml->feed(buffer, static_cast<int>(n), n == 0, error)) m_archive.bad_xml(m_sheet_name, error);
      if (n == 0) m_done = true;
    }
    if (m_ready.empty()) return false;
    row = std::move(m_ready.front());
    m_ready.pop_front();
    return true;
  }
  std::string format() const override { return "xlsx"; }
  double fraction() const override { return m_done ? 1.0 : m_sheet->fraction(); }

 private:
  // The relationships of `part` ("" for the package's own), their targets
  // resolved; none when it has no relationships part. External targets
  // (links to other files) are left out.
  std::vector<Relationship> relationships(const std::string& part) {
    std::vector<Relationship> out;
    const std::string name = relationships_part(part);
    if (!m_archive.has(name)) return out;
    Xml xml(
        [&](std::string_view n, const char** a) {
          if (n != "Relationship") return;
          const char* id = attr(a, "Id");
          const char* type = attr(a, "Type");
          const char* target = attr(a, "Target");
          const char* mode = attr(a, "TargetMode");
          if (id && target && !(mode && std::strcmp(mode, "External") == 0))
            out.push_back({id, type ? type : "", resolve_target(part, target)});
        },
        [](std::string_view) {}, nullptr);
    m_archive.parse(name, xml);
    return out;
  }

  std::string find_sheet(const std::string& wanted) {
    std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
    std::string root;
    Xml wb(
        [&](std::string_view n, const char** a) {
          if (root.empty()) root = n;
          if (n == "sheet") {
            const char* name = attr(a, "name");
            const char* id = attr(a, "id");
            if (name && id) sheets.emplace_back(name, id);
          } else if (n == "workbookPr") {
            const char* d = attr(a, "date1904");
            m_1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
          }
        },
        [](std::string_view) {}, nullptr);
    m_archive.parse(m_workbook, wb);
    if (root != "workbook")  // the officeDocument of a .docx or .pptx
      fail("file-format", m_archive.path(), "不是 Excel 活頁簿 (.xlsx)", "not an Excel workbook (.xlsx)");
    const auto part_of = [&](const std::string& id) -> const Relationship* {
      for (const auto& r : m_workbook_relationships)
        if (r.id == id) return &r;
      return nullptr;
    };
    const auto is_worksheet = [](const Relationship* r) {
      return r != nullptr && is_relationship(r->type, "worksheet");
    };
    if (wanted.empty()) {
      // The first worksheet (a chart sheet has no cells to read).
      for (const auto& s : sheets) {
        const Relationship* r = part_of(s.second);
        if (is_worksheet(r)) return r->part;
      }
      fail("file-format", m_archive.path(), "活頁簿沒有工作表", "the workbook has no sheet");
    }
    for (const auto& [name, rid] : sheets) {
      if (name != wanted) continue;
      const Relationship* r = part_of(rid);
      if (r == nullptr) {
        fail("file-damaged", m_archive.path(), "找不到工作表「" + wanted + "」的內容",
             "the relationships do not name sheet '" + wanted + "'");
      }
      if (!is_worksheet(r)) {
        fail("file-format", m_archive.path(), "「" + wanted + "」不是工作表（是圖表？）",
             "'" + wanted + "' is not a worksheet (a chart sheet?)");
      }
      return r->part;
    }
    std::string names;
    for (const auto& s : sheets) names += (names.empty() ? "" : ", ") + s.first;
    fail("file-format", m_archive.path(), "沒有名為「" + wanted + "」的工作表（有：" + names + "）",
         "no sheet named '" + wanted + "' (there are: " + names + ")");
  }

  void read_shared_strings() {
    if (m_shared_strings_part.empty() || !m_archive.has(m_shared_strings_part)) return;
    std::string current;
    bool in_si = false, in_t = false;
    int phonetic = 0;
    Xml sst(
        [&](std::string_view n, const char**) {
          if (n == "si") {
            in_si = true;
            current.clear();
          } else if (n == "rPh") {
            ++phonetic;
          } else if (n == "t" && in_si && phonetic == 0) {
            in_t = true;
          }
        },
        [&](std::string_view n) {
          if (n == "si") {
            if (!m_strings.push_back(current))
              fail("file-too-large", m_archive.path(), "共用字串過多", "too much shared-string text");
            current.clear();
            in_si = false;
          } else if (n == "rPh") {
            --phonetic;
          } else if (n == "t") {
            in_t = false;
          }
        },
        [&](const char* s, int len) {
          if (in_t) {
            current.append(s, static_cast<std::size_t>(len));
            if (current.size() > m_limits.max_cell_bytes) {
              fail("file-format", m_archive.path(), "儲存格文字過長", "a cell's text is too long");
            }
          }
        });
    m_archive.parse(m_shared_strings_part, sst);
  }

  void read_styles() {
    if (m_styles_part.empty() || !m_archive.has(m_styles_part)) return;
    std::map<int, NumberStyle> custom;  // numFmtId -> what it makes of a number
    std::vector<int> xf_formats;
    bool in_cell_xfs = false;
    Xml styles(
        [&](std::string_view n, const char** a) {
          if (n == "numFmt") {
            const char* id = attr(a, "numFmtId");
            const char* code = attr(a, "formatCode");
            if (id && code) custom[std::atoi(id)] = style_of_format_code(code);
          } else if (n == "cellXfs") {
            in_cell_xfs = true;
          } else if (n == "xf" && in_cell_xfs) {
            const char* id = attr(a, "numFmtId");
            xf_formats.push_back(id ? std::atoi(id) : 0);
          }
        },
        [&](std::string_view n) {
          if (n == "cellXfs") in_cell_xfs = false;
        },
        nullptr);
    m_archive.parse(m_styles_part, styles);
    for (int id : xf_formats) {
      const auto it = custom.find(id);
      m_styles.push_back(it != custom.end() ? it->second : builtin_style(id));
    }
  }

  void on_start(std::string_view n, const char** a) {
    if (n == "row") {
      const char* r = attr(a, "r");
      m_row_number = r ? static_cast<std::size_t>(std::atol(r)) : m_row_number + 1;
      m_row = Row{};
      m_next_column = 0;
    } else if (n == "c") {
      const int col = column_of(attr(a, "r"));
      m_column = col >= 0 ? col : m_next_column;
      if (static_cast<std::size_t>(m_column) >= m_limits.max_columns) {
        fail("file-format", m_archive.path(), "欄位過多", "too many columns");
      }
      const char* t = attr(a, "t");
      m_type = t ? t : "n";
      const char* s = attr(a, "s");
      const int style = s ? std::atoi(s) : 0;
      m_style =
          style >= 0 && static_cast<std::size_t>(style) < m_styles.size() ? m_styles[style] : NumberStyle{};
      m_value.clear();
      m_inline.clear();
      m_has_inline = false;
    } else if (n == "v") {
      m_in_value = true;
    } else if (n == "is") {
      m_in_is = true;
      m_has_inline = true;
    } else if (n == "t" && m_in_is) {
      m_in_inline_t = true;
    } else if (n == "rPh") {
      ++m_phonetic;
    }
  }

  void on_end(std::string_view n) {
    if (n == "v") {
      m_in_value = false;
    } else if (n == "t") {
      m_in_inline_t = false;
    } else if (n == "is") {
      m_in_is = false;
    } else if (n == "rPh") {
      --m_phonetic;
    } else if (n == "c") {
      auto& cells = m_row.cells;
      const auto col = static_cast<std::size_t>(m_column);
      if (cells.size() <= col) cells.resize(col + 1);
      bool number = false;
      cells[col] = cell_text(number);
      if (number) {
        if (m_row.numbers.size() <= col) m_row.numbers.resize(col + 1);
        m_row.numbers[col] = true;
      }
      m_next_column = m_column + 1;
    } else if (n == "row") {
      auto& cells = m_row.cells;
      while (!cells.empty() && cells.back().empty()) cells.pop_back();
      if (m_row.numbers.size() > cells.size()) m_row.numbers.resize(cells.size());
      if (!cells.empty()) {
        m_row.line = m_row_number;
        m_ready.push_back(std::move(m_row));
      }
      m_row = Row{};
    }
  }

  void on_chars(const char* s, int len) {
    // <v> holds the value; an inline string's text is in <is> (<t>, or the
    // <t> of its rich-text runs <r>, never the phonetic reading <rPh>).
    std::string* into = m_in_inline_t && m_phonetic == 0 ? &m_inline : m_in_value ? &m_value : nullptr;
    if (into == nullptr) return;
    into->append(s, static_cast<std::size_t>(len));
    if (into->size() > m_limits.max_cell_bytes) {
      fail("file-format", m_archive.path(), "儲存格文字過長", "a cell's text is too long");
    }
  }

  // The cell's text; `number` tells a number cell (not a date or a time).
  std::string cell_text(bool& number) {
    if (m_type == "s") {
      if (util::trim(m_value).empty()) return "";  // <v/>: written by some tools for an empty cell
      const long index = std::strtol(m_value.c_str(), nullptr, 10);
      if (index < 0 || static_cast<std::size_t>(index) >= m_strings.size()) {
        fail("file-damaged", m_archive.path(), "共用字串索引錯誤", "a shared-string index is out of range");
      }
      return std::string(m_strings.at(static_cast<std::size_t>(index)));
    }
    if (m_type == "inlineStr") return m_has_inline ? m_inline : m_value;
    if (m_type == "b") return m_value == "1" ? "TRUE" : "FALSE";
    if (m_type == "d") return iso_cell_text(m_value);
    if (m_type == "n" && !m_value.empty()) {
      const auto value = parse_number(m_value);
      if (!value) return m_value;  // not a number after all: as written
      if (m_style.kind == NumberStyle::boolean) return *value != 0 ? "TRUE" : "FALSE";
      if (m_style.kind != NumberStyle::number) {
        auto shown = serial_text(*value, m_style, m_1904);
        if (shown) return *shown;
      }
      number = true;
      return excel_number_text(*value);
    }
    return m_value;  // str / e as text
  }

  std::string m_bytes;  // a workbook read from memory (before m_archive, which reads it)
  Archive m_archive;
  Limits m_limits;
  std::string m_workbook;  // the parts, as the relationships name them
  std::vector<Relationship> m_workbook_relationships;
  std::string m_shared_strings_part;
  std::string m_styles_part;
  StringPool m_strings;
  std::vector<NumberStyle> m_styles;  // by cell style index (cellXfs)
  bool m_1904 = false;
  std::unique_ptr<Archive::Entry> m_sheet;
  std::string m_sheet_name;
  std::unique_ptr<Xml> m_xml;
  std::deque<Row> m_ready;
  bool m_done = false;
  // parse state
  std::size_t m_row_number = 0;
  Row m_row;
  int m_column = 0;
  int m_next_column = 0;
  std::string m_type;
  NumberStyle m_style;
  bool m_in_value = false;
  bool m_in_is = false;
  bool m_in_inline_t = false;
  bool m_has_inline = false;
  std::string m_inline;
  int m_phonetic = 0;
  std::string m_value;
};

}  // namespace

namespace backend_parts {

std::unique_ptr<TableReader> open_xlsx(const std::string& path, int fd, std::string bytes,
                                       const std::string& sheet, const Limits& limits) {
  return std::make_unique<XlsxReader>(path, fd, std::move(bytes), sheet, limits);
}

const XlsxBackend& table() {
  static const XlsxBackend k_table{&open_xlsx};
  return k_table;
}

}  // namespace backend_parts

}  // namespace soas::tabular
