#include "pdf/document.hpp"

#include <fcntl.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "util/text.hpp"

namespace soas::pdf {

namespace {

[[noreturn]] void pdf_failed(const std::string& zh, const std::string& en) {
  throw Failure("pdf-failed", Text{"無法產生 PDF：" + zh, "cannot make the PDF: " + en});
}

class HbFont final : public Font {
 public:
  HbFont(std::string path, int index) : m_path(std::move(path)) {
    struct stat st {};
    if (::stat(m_path.c_str(), &st) != 0) {
      throw Failure(
          "font-missing",
          Text{"找不到字型檔（請安裝 fonts-wqy-microhei 或 fonts-arphic-uming，或設定 pdf.font_file）：" +
                   m_path,
               "font file not found (install fonts-wqy-microhei or fonts-arphic-uming, or set "
               "pdf.font_file): " +
                   m_path});
    }
    m_blob = hb_blob_create_from_file_or_fail(m_path.c_str());
    if (m_blob) m_face = hb_face_create(m_blob, static_cast<unsigned>(index));
    hb_blob_t* glyf = m_face ? hb_face_reference_table(m_face, HB_TAG('g', 'l', 'y', 'f')) : nullptr;
    const bool truetype = glyf && hb_blob_get_length(glyf) > 0;
    if (glyf) hb_blob_destroy(glyf);
    if (!m_face || hb_face_get_glyph_count(m_face) == 0 || !truetype) {
      destroy();
      throw Failure(
          "font-unusable",
          Text{"字型檔不是可嵌入的 TrueType 字型（第 " + std::to_string(index) + " 個字面）：" + m_path,
               "not an embeddable TrueType font (face " + std::to_string(index) + "): " + m_path});
    }
    m_font = hb_font_create(m_face);
    m_upem = static_cast<double>(hb_face_get_upem(m_face));
  }
  ~HbFont() override { destroy(); }
  HbFont(const HbFont&) = delete;
  HbFont& operator=(const HbFont&) = delete;

  double width(std::string_view utf8, double size) const override {
    std::vector<char32_t> cps;
    util::decode_utf8(utf8, &cps);
    double em = 0;
    for (char32_t cp : cps) em += advance(cp);
    return em * size;
  }

  double advance(char32_t cp) const override {
    if (cp > 0xFFFF) return lookup(cp);
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_advances.empty()) m_advances.assign(0x10000, -1.0f);
    float& a = m_advances[cp];
    if (a < 0) a = static_cast<float>(lookup(cp));
    return a;
  }

  bool covers(char32_t cp) const override {
    hb_codepoint_t gid = 0;
    return hb_font_get_nominal_glyph(m_font, cp, &gid) && gid != 0;
  }

  std::string subset(const std::set<char32_t>& codepoints) const override {
    hb_subset_input_t* in = hb_subset_input_create_or_fail();
    if (!in) pdf_failed("字型子集化失敗", "font subsetting failed");
    hb_set_t* unicodes = hb_subset_input_unicode_set(in);
    for (char32_t cp : codepoints) hb_set_add(unicodes, cp);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const char* t : {"EBDT", "EBLC", "EBSC", "BDF ", "FFTM", "GDEF", "GPOS", "GSUB", "vhea", "vmtx",
                          "VORG", "gasp", "DSIG", "kern", "morx", "hdmx", "LTSH", "VDMX"}) {
      hb_set_add(drop, HB_TAG(t[0], t[1], t[2], t[3]));
    }
    hb_face_t* sub = hb_subset_or_fail(m_face, in);
    hb_subset_input_destroy(in);
    if (!sub) pdf_failed("字型子集化失敗", "font subsetting failed");
    hb_blob_t* blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char* data = hb_blob_get_data(blob, &len);
    std::string out(data ? data : "", len);
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    return out;
  }

  const std::string& path() const override { return m_path; }

 private:
  // In em.
  double lookup(char32_t cp) const {
    hb_codepoint_t gid = 0;
    hb_font_get_nominal_glyph(m_font, cp, &gid);
    return static_cast<double>(hb_font_get_glyph_h_advance(m_font, gid)) / m_upem;
  }
  void destroy() {
    if (m_font) hb_font_destroy(m_font);
    if (m_face) hb_face_destroy(m_face);
    if (m_blob) hb_blob_destroy(m_blob);
    m_font = nullptr;
    m_face = nullptr;
    m_blob = nullptr;
  }
  std::string m_path;
  hb_blob_t* m_blob = nullptr;
  hb_face_t* m_face = nullptr;
  hb_font_t* m_font = nullptr;
  double m_upem = 1000;
  mutable std::mutex m_mutex;
  mutable std::vector<float> m_advances;  // per BMP code point, in em; -1: not looked up yet
};

// libharu reports errors through a callback; C frames cannot carry an
// exception, so the first error is kept and checked after each step.
struct HaruErrors {
  HPDF_STATUS code = 0;
  HPDF_STATUS detail = 0;
};
void on_haru_error(HPDF_STATUS code, HPDF_STATUS detail, void* user) {
  auto* e = static_cast<HaruErrors*>(user);
  if (e->code == 0) {
    e->code = code;
    e->detail = detail;
  }
}

// The subset font as a path libharu can open: an anonymous memory file
// (no disk, nothing to clean up), or an unlinked temporary file.
class FontFile {
 public:
  explicit FontFile(const std::string& bytes) {
    m_fd = static_cast<int>(::memfd_create("soas-font", MFD_CLOEXEC));
    if (m_fd >= 0 && ::access("/proc/self/fd", R_OK) == 0) {
      m_path = "/proc/self/fd/" + std::to_string(m_fd);
    } else {
      if (m_fd >= 0) ::close(m_fd);
      const char* tmp = std::getenv("TMPDIR");
      std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/soas-font-XXXXXX";
      m_fd = ::mkstemp(templ.data());
      if (m_fd < 0) pdf_failed("無法建立暫存字型檔", "cannot create a temporary font file");
      m_path = templ;
      m_unlink = true;
    }
    if (::write(m_fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
      pdf_failed("無法寫入暫存字型檔", "cannot write the temporary font file");
    }
  }
  ~FontFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (m_unlink) ::unlink(m_path.c_str());
  }
  FontFile(const FontFile&) = delete;
  FontFile& operator=(const FontFile&) = delete;
  const std::string& path() const { return m_path; }

 private:
  int m_fd = -1;
  std::string m_path;
  bool m_unlink = false;
};

std::string deflate(const std::string& in) {
  uLongf len = compressBound(static_cast<uLong>(in.size()));
  std::string out(len, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(in.data()),
                static_cast<uLong>(in.size()), Z_BEST_COMPRESSION) != Z_OK) {
    pdf_failed("壓縮失敗", "compression failed");
  }
  out.resize(len);
  return out;
}

// libharu's ToUnicode for a UTF-8 TrueType font is an identity *CID* map,
// which readers warn about; the codes it writes are the characters' own
// (BMP) code points, so the right map is one bfchar per character used.
std::string to_unicode_cmap(const std::set<char32_t>& codepoints) {
  std::string body =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  std::vector<char32_t> cps(codepoints.begin(), codepoints.end());
  char buf[32];
  for (std::size_t i = 0; i < cps.size(); i += 100) {
    const std::size_t n = std::min<std::size_t>(100, cps.size() - i);
    body += std::to_string(n) + " beginbfchar\n";
    for (std::size_t j = i; j < i + n; ++j) {
      std::snprintf(buf, sizeof buf, "<%04X> <%04X>\n", static_cast<unsigned>(cps[j]),
                    static_cast<unsigned>(cps[j]));
      body += buf;
    }
    body += "endbfchar\n";
  }
  body += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return body;
}

// Replaces object `num`'s body in a classic-xref PDF, shifting the offsets
// of every object after it.
std::string replace_object(const std::string& pdf, int num, const std::string& new_object) {
  const std::string head = "\n" + std::to_string(num) + " 0 obj";
  const std::size_t start = pdf.find(head);
  if (start == std::string::npos) pdf_failed("找不到 ToUnicode 物件", "ToUnicode object not found");
  const std::size_t obj = start + 1;
  const std::size_t end_kw = pdf.find("endobj\n", obj);
  if (end_kw == std::string::npos) pdf_failed("ToUnicode 物件不完整", "ToUnicode object incomplete");
  const std::size_t end = end_kw + 7;
  const long delta = static_cast<long>(new_object.size()) - static_cast<long>(end - obj);
  std::string out = pdf.substr(0, obj) + new_object + pdf.substr(end);
  const std::size_t xref = out.rfind("\nxref\n");
  if (xref == std::string::npos) pdf_failed("找不到 xref", "xref not found");
  std::size_t p = xref + 6;
  const std::size_t eol = out.find('\n', p);
  unsigned first = 0, count = 0;
  if (std::sscanf(out.c_str() + p, "%u %u", &first, &count) != 2) pdf_failed("xref 格式錯誤", "bad xref");
  p = eol + 1;
  for (unsigned i = 0; i < count; ++i, p += 20) {
    if (p + 20 > out.size() || out[p + 17] != 'n') continue;
    const long off = std::strtol(out.c_str() + p, nullptr, 10);
    if (off > static_cast<long>(obj)) {
      char buf[11];
      std::snprintf(buf, sizeof buf, "%010ld", off + delta);
      out.replace(p, 10, buf);
    }
  }
  const std::size_t sx = out.rfind("startxref\n");
  if (sx == std::string::npos) pdf_failed("找不到 startxref", "startxref not found");
  const std::size_t num_at = sx + 10;
  const std::size_t num_end = out.find('\n', num_at);
  const long old_xref = std::strtol(out.c_str() + num_at, nullptr, 10);
  out.replace(num_at, num_end - num_at, std::to_string(old_xref + delta));
  return out;
}

std::string fix_to_unicode(const std::string& pdf, const std::set<char32_t>& codepoints) {
  const std::size_t at = pdf.find("/ToUnicode ");
  if (at == std::string::npos) return pdf;
  const int num = std::atoi(pdf.c_str() + at + 11);
  const std::string stream = deflate(to_unicode_cmap(codepoints));
  const std::string object = std::to_string(num) + " 0 obj\n<<\n/Length " + std::to_string(stream.size()) +
                             "\n/Filter /FlateDecode\n>>\nstream\n" + stream + "\nendstream\nendobj\n";
  return replace_object(pdf, num, object);
}

HPDF_Date taipei_date(std::int64_t unix_seconds) {
  const LocalTime t = to_taipei(unix_seconds);
  HPDF_Date d{};
  d.year = t.date.year();
  d.month = t.date.month();
  d.day = t.date.day();
  d.hour = t.hour;
  d.minutes = t.minute;
  d.seconds = t.second;
  d.ind = '+';
  d.off_hour = 8;
  d.off_minutes = 0;
  return d;
}

}  // namespace

std::shared_ptr<const Font> Font::load(const std::string& path, int index) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::shared_ptr<const Font>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[{path, index}];
  if (!slot) slot = std::make_shared<HbFont>(path, index);
  return slot;
}

std::string Document::render(const Info& info) const {
  // 1. The characters used, BMP only (libharu's UTF-8 codes are 16-bit).
  std::vector<bool> seen(0x10000, false);
  seen[U' '] = true;
  std::vector<std::vector<std::string>> texts(m_pages.size());
  for (std::size_t i = 0; i < m_pages.size(); ++i) {
    for (const auto& t : m_pages[i].texts) {
      std::vector<char32_t> cps;
      util::decode_utf8(t.utf8, &cps);
      std::string clean;
      for (char32_t cp : cps) {
        if (cp > 0xFFFF || cp < 0x20) cp = U'?';
        seen[cp] = true;
        // Re-encode (UTF-8, at most 3 bytes here).
        if (cp < 0x80) {
          clean += static_cast<char>(cp);
        } else if (cp < 0x800) {
          clean += static_cast<char>(0xC0 | (cp >> 6));
          clean += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          clean += static_cast<char>(0xE0 | (cp >> 12));
          clean += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          clean += static_cast<char>(0x80 | (cp & 0x3F));
        }
      }
      texts[i].push_back(std::move(clean));
    }
  }
  std::set<char32_t> used;
  for (char32_t cp = 0; cp < 0x10000; ++cp)
    if (seen[cp]) used.insert(cp);
  // 2. The subset, handed to libharu.
  const FontFile font_file(m_font->subset(used));
  HaruErrors errors;
  HPDF_Doc doc = HPDF_New(on_haru_error, &errors);
  if (!doc) pdf_failed("libharu 無法初始化", "libharu failed to start");
  struct Guard {
    HPDF_Doc d;
    ~Guard() { HPDF_Free(d); }
  } guard{doc};
  const auto check = [&](const char* step) {
    if (errors.code != 0) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s (libharu 0x%04X/%u)", step, static_cast<unsigned>(errors.code),
                    static_cast<unsigned>(errors.detail));
      pdf_failed(buf, buf);
    }
  };
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc);
  const char* name = HPDF_LoadTTFontFromFile(doc, font_file.path().c_str(), HPDF_TRUE);
  check("font");
  HPDF_Font font = HPDF_GetFont(doc, name, "UTF-8");
  check("font encoding");
  HPDF_SetInfoAttr(doc, HPDF_INFO_PRODUCER, "soas (libharu)");
  if (!info.title.empty()) HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, info.title.c_str());
  if (!info.subject.empty()) HPDF_SetInfoAttr(doc, HPDF_INFO_SUBJECT, info.subject.c_str());
  if (!info.keywords.empty()) HPDF_SetInfoAttr(doc, HPDF_INFO_KEYWORDS, info.keywords.c_str());
  HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, taipei_date(info.created_at));
  check("info");

  // Bitmaps become DeviceGray 1-bit image XObjects (0 black, 1 white, rows
  // padded to whole bytes); the same bitmap twice is one object.
  std::map<std::vector<unsigned char>, HPDF_Image> images;
  const auto image_of = [&](const BitmapOp& b) {
    const std::size_t stride = static_cast<std::size_t>((b.columns + 7) / 8);
    std::vector<unsigned char> bits(stride * static_cast<std::size_t>(b.rows), 0xFF);
    for (int r = 0; r < b.rows; ++r) {
      for (int c = 0; c < b.columns; ++c) {
        if (b.dark[static_cast<std::size_t>(r * b.columns + c)]) {
          bits[static_cast<std::size_t>(r) * stride + static_cast<std::size_t>(c / 8)] &=
              static_cast<unsigned char>(~(0x80 >> (c % 8)));
        }
      }
    }
    bits.push_back(static_cast<unsigned char>(b.columns & 0xFF));  // the key includes the shape
    bits.push_back(static_cast<unsigned char>(b.columns >> 8));
    auto it = images.find(bits);
    if (it != images.end()) return it->second;
    HPDF_Image img = HPDF_LoadRawImageFromMem(doc, bits.data(), static_cast<HPDF_UINT>(b.columns),
                                              static_cast<HPDF_UINT>(b.rows), HPDF_CS_DEVICE_GRAY, 1);
    check("image");
    images.emplace(std::move(bits), img);
    return img;
  };

  for (std::size_t i = 0; i < m_pages.size(); ++i) {
    const Page& page = m_pages[i];
    HPDF_Page p = HPDF_AddPage(doc);
    HPDF_Page_SetWidth(p, static_cast<HPDF_REAL>(k_a4_width));
    HPDF_Page_SetHeight(p, static_cast<HPDF_REAL>(k_a4_height));
    // Filled rectangles, grouped by gray level: one fill per group (barcodes
    // and QR codes are hundreds of rectangles).
    std::map<double, std::vector<const RectOp*>> fills;
    for (const auto& r : page.rects)
      if (r.fill) fills[r.gray].push_back(&r);
    for (const auto& [gray, rs] : fills) {
      HPDF_Page_SetGrayFill(p, static_cast<HPDF_REAL>(gray));
      for (const RectOp* r : rs) {
        HPDF_Page_Rectangle(p, static_cast<HPDF_REAL>(r->x), static_cast<HPDF_REAL>(r->y),
                            static_cast<HPDF_REAL>(r->w), static_cast<HPDF_REAL>(r->h));
      }
      HPDF_Page_Fill(p);
    }
    for (const auto& b : page.bitmaps) {
      HPDF_Page_DrawImage(p, image_of(b), static_cast<HPDF_REAL>(b.x), static_cast<HPDF_REAL>(b.y),
                          static_cast<HPDF_REAL>(b.w), static_cast<HPDF_REAL>(b.h));
    }
    double width = -1;
    for (const auto& r : page.rects) {
      if (r.fill) continue;
      if (r.line_width != width) {
        HPDF_Page_SetLineWidth(p, static_cast<HPDF_REAL>(r.line_width));
        width = r.line_width;
      }
      HPDF_Page_Rectangle(p, static_cast<HPDF_REAL>(r.x), static_cast<HPDF_REAL>(r.y),
                          static_cast<HPDF_REAL>(r.w), static_cast<HPDF_REAL>(r.h));
      HPDF_Page_Stroke(p);
    }
    bool dashed = false;
    for (const auto& l : page.lines) {
      if (l.line_width != width) {
        HPDF_Page_SetLineWidth(p, static_cast<HPDF_REAL>(l.line_width));
        width = l.line_width;
      }
      if (l.dashed != dashed) {
        static const HPDF_UINT16 dash[] = {3, 2};
        HPDF_Page_SetDash(p, l.dashed ? dash : nullptr, l.dashed ? 2 : 0, 0);
        dashed = l.dashed;
      }
      HPDF_Page_MoveTo(p, static_cast<HPDF_REAL>(l.x1), static_cast<HPDF_REAL>(l.y1));
      HPDF_Page_LineTo(p, static_cast<HPDF_REAL>(l.x2), static_cast<HPDF_REAL>(l.y2));
      HPDF_Page_Stroke(p);
    }
    if (!page.texts.empty()) {
      HPDF_Page_BeginText(p);
      double size = -1, gray = 0;
      for (std::size_t j = 0; j < page.texts.size(); ++j) {
        const TextOp& t = page.texts[j];
        if (t.size != size) {
          HPDF_Page_SetFontAndSize(p, font, static_cast<HPDF_REAL>(t.size));
          size = t.size;
        }
        if (t.gray != gray) {
          HPDF_Page_SetGrayFill(p, static_cast<HPDF_REAL>(t.gray));
          gray = t.gray;
        }
        double x = t.x;
        if (t.align != Align::left) {
          const double w = m_font->width(texts[i][j], t.size);
          x -= t.align == Align::center ? w / 2 : w;
        }
        HPDF_Page_TextOut(p, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(t.y), texts[i][j].c_str());
      }
      HPDF_Page_EndText(p);
    }
    check("page");
  }
  HPDF_SaveToStream(doc);
  check("save");
  const HPDF_UINT32 size = HPDF_GetStreamSize(doc);
  std::string bytes(size, '\0');
  HPDF_UINT32 got = size;
  HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &got);
  check("read");
  bytes.resize(got);
  return fix_to_unicode(bytes, used);
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".part";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  bool ok = fd >= 0;
  if (ok) {
    ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
  }
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw Failure("write-failed", Text{"無法寫入檔案：" + path, "cannot write the file: " + path});
  }
}

}  // namespace soas::pdf
