// The PDF back end's drawing half (pdf/backend.hpp): fonts through HarfBuzz,
// a Document rendered through libharu. Part of soas-pdf.so, not of soas_core.
#include "pdf/backend/parts.hpp"

#include <fcntl.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
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
      throw Failure("font-missing",
                    Text{"找不到字型檔（請安裝 fonts-arphic-uming，或設定 pdf.font_file）：" + m_path,
                         "font file not found (install fonts-arphic-uming, or set "
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
    // Names: the copyright notice (the font's licence asks that it stay),
    // family, style, full and PostScript names; not the unique ID or version.
    hb_set_t* names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
    hb_set_clear(names);
    for (unsigned id : {0u, 1u, 2u, 4u, 6u}) hb_set_add(names, id);
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

// libharu's ToUnicode for a UTF-8 TrueType font is an identity *CID* map,
// which readers warn about; the codes it writes are the characters' own
// (BMP) code points, so the right map is one bfchar per character used.
std::string to_unicode_cmap(const std::map<char32_t, char32_t>& code_to_cp) {
  std::string body =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  std::vector<std::pair<char32_t, char32_t>> pairs(code_to_cp.begin(), code_to_cp.end());
  char buf[32];
  for (std::size_t i = 0; i < pairs.size(); i += 100) {
    const std::size_t n = std::min<std::size_t>(100, pairs.size() - i);
    body += std::to_string(n) + " beginbfchar\n";
    for (std::size_t j = i; j < i + n; ++j) {
      std::snprintf(buf, sizeof buf, "<%04X> <%04X>\n", static_cast<unsigned>(pairs[j].first),
                    static_cast<unsigned>(pairs[j].second));
      body += buf;
    }
    body += "endbfchar\n";
  }
  body += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return body;
}

// --- Rewriting libharu's output ----------------------------------------------
// libharu writes a classic PDF: objects in order, an xref table, a trailer.
// soas rewrites two kinds of object after it: the ToUnicode map (above), and
// the page contents, which libharu would deflate at zlib's default level 6;
// at level 3 they cost a sixth of the instructions for 1% more bytes
// (measured: bench/pdf; content is a small part of a slip, the font most).

std::string deflate(const std::string& in, int level) {
  uLongf len = compressBound(static_cast<uLong>(in.size()));
  std::string out(len, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(in.data()),
                static_cast<uLong>(in.size()), level) != Z_OK) {
    pdf_failed("壓縮失敗", "compression failed");
  }
  out.resize(len);
  return out;
}

struct PdfObjects {
  std::map<int, std::pair<std::size_t, std::size_t>> spans;  // number -> [start, end)
  std::size_t first = 0;                                     // where the first object starts
  std::size_t xref = 0;                                      // where "xref" starts
  std::string trailer;                                       // "trailer ... " up to startxref
  unsigned count = 0;                                        // xref entries, object 0 included
};

PdfObjects objects_of(const std::string& pdf) {
  PdfObjects o;
  const std::size_t x = pdf.rfind("\nxref\n");
  const std::size_t t = pdf.rfind("\ntrailer\n");
  const std::size_t sx = pdf.rfind("\nstartxref\n");
  if (x == std::string::npos || t == std::string::npos || sx == std::string::npos || !(x < t && t < sx)) {
    pdf_failed("xref 格式錯誤", "bad xref");
  }
  o.xref = x + 1;
  o.trailer = pdf.substr(t + 1, sx + 1 - (t + 1));
  unsigned first = 0;
  if (std::sscanf(pdf.c_str() + x + 6, "%u %u", &first, &o.count) != 2 || first != 0)
    pdf_failed("xref 格式錯誤", "bad xref");
  std::size_t p = pdf.find('\n', x + 6) + 1;
  std::vector<std::pair<std::size_t, int>> starts;
  for (unsigned i = 0; i < o.count; ++i, p += 20) {
    if (p + 20 > pdf.size()) pdf_failed("xref 格式錯誤", "bad xref");
    if (pdf[p + 17] == 'n')
      starts.emplace_back(static_cast<std::size_t>(std::strtoul(pdf.c_str() + p, nullptr, 10)), i);
  }
  std::sort(starts.begin(), starts.end());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1].first : o.xref;
    if (starts[i].first >= end) pdf_failed("xref 格式錯誤", "bad xref");
    o.spans[starts[i].second] = {starts[i].first, end};
  }
  o.first = starts.empty() ? o.xref : starts.front().first;
  return o;
}

std::string rebuild(const std::string& pdf, const PdfObjects& o, const std::map<int, std::string>& replaced) {
  std::string out = pdf.substr(0, o.first);
  out.reserve(pdf.size());
  std::vector<std::size_t> offsets(o.count, 0);
  // In the original order of the file.
  std::vector<std::pair<std::size_t, int>> order;
  for (const auto& [num, span] : o.spans) order.emplace_back(span.first, num);
  std::sort(order.begin(), order.end());
  for (const auto& [start, num] : order) {
    offsets[static_cast<std::size_t>(num)] = out.size();
    const auto it = replaced.find(num);
    if (it != replaced.end()) {
      out += it->second;
    } else {
      const auto& span = o.spans.at(num);
      out.append(pdf, span.first, span.second - span.first);
    }
  }
  const std::size_t xref_at = out.size();
  out += "xref\n0 " + std::to_string(o.count) + "\n0000000000 65535 f\r\n";
  char buf[32];
  for (unsigned i = 1; i < o.count; ++i) {
    std::snprintf(buf, sizeof buf, "%010zu 00000 n\r\n", offsets[i]);
    out += buf;
  }
  out += o.trailer + "startxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
  return out;
}

int reference_after(const std::string& text, std::size_t at) {
  return std::atoi(text.c_str() + at);
}

std::string finish_pdf(const std::string& pdf, const std::map<char32_t, char32_t>& code_to_cp) {
  const PdfObjects o = objects_of(pdf);
  std::map<int, std::string> replaced;
  const auto body = [&](int num) {
    const auto& span = o.spans.at(num);
    return pdf.substr(span.first, span.second - span.first);
  };
  // The ToUnicode map.
  if (const std::size_t at = pdf.find("/ToUnicode "); at != std::string::npos) {
    const int num = reference_after(pdf, at + 11);
    const std::string stream = deflate(to_unicode_cmap(code_to_cp), Z_BEST_COMPRESSION);
    replaced[num] = std::to_string(num) + " 0 obj\n<<\n/Length " + std::to_string(stream.size()) +
                    "\n/Filter /FlateDecode\n>>\nstream\n" + stream + "\nendstream\nendobj\n";
  }
  // The CID-to-glyph map: libharu writes all 65,536 entries, zeros past the
  // subset's last code; the same map ending at its last glyph is the same map
  // (a CID past its end is glyph 0) at a quarter of the bytes.
  if (const std::size_t at = pdf.find("/CIDToGIDMap "); at != std::string::npos && at < o.xref) {
    const int num = reference_after(pdf, at + 13);
    if (o.spans.count(num)) {
      const std::string obj = body(num);
      const std::size_t data_at = obj.find("stream\r\n");
      const std::size_t end_at = obj.rfind("endstream");
      if (data_at != std::string::npos && end_at != std::string::npos && end_at > data_at + 8 &&
          obj.find("/FlateDecode") < data_at) {
        std::string map(2u * 65536u, '\0');
        uLongf len = static_cast<uLongf>(map.size());
        const std::string z = obj.substr(data_at + 8, end_at - (data_at + 8));
        if (uncompress(reinterpret_cast<Bytef*>(map.data()), &len, reinterpret_cast<const Bytef*>(z.data()),
                       static_cast<uLong>(z.size())) == Z_OK) {
          map.resize(len);
          while (map.size() >= 4 && map[map.size() - 1] == '\0' && map[map.size() - 2] == '\0' &&
                 map[map.size() - 3] == '\0' && map[map.size() - 4] == '\0') {
            map.resize(map.size() - 2);
          }
          const std::string stream = deflate(map, Z_BEST_COMPRESSION);
          replaced[num] = std::to_string(num) + " 0 obj\n<<\n/Length " + std::to_string(stream.size()) +
                          "\n/Filter /FlateDecode\n>>\nstream\r\n" + stream + "\r\nendstream\nendobj\n";
        }
      }
    }
  }
  // The embedded subset font: libharu deflates it at zlib's default level;
  // at the best level it is some 60 bytes smaller (once per document, so the
  // time does not count).
  if (const std::size_t at = pdf.find("/FontFile2 "); at != std::string::npos && at < o.xref) {
    const int num = reference_after(pdf, at + 11);
    if (o.spans.count(num)) {
      const std::string obj = body(num);
      const std::size_t len_at = obj.find("/Length ");
      const std::size_t len1_at = obj.find("/Length1 ");
      const std::size_t data_at = obj.find("stream\r\n");
      if (len_at != std::string::npos && len1_at != std::string::npos && data_at != std::string::npos &&
          obj.find("/FlateDecode") < data_at) {
        const int len_num = reference_after(obj, len_at + 8);
        const long raw_length = std::strtol(obj.c_str() + len1_at + 9, nullptr, 10);
        if (o.spans.count(len_num) && raw_length > 0) {
          const std::string len_obj = body(len_num);
          const long length = std::strtol(len_obj.c_str() + len_obj.find("obj") + 3, nullptr, 10);
          if (length > 0 && data_at + 8 + static_cast<std::size_t>(length) <= obj.size()) {
            std::string font(static_cast<std::size_t>(raw_length), '\0');
            uLongf len = static_cast<uLongf>(font.size());
            const std::string z = obj.substr(data_at + 8, static_cast<std::size_t>(length));
            if (uncompress(reinterpret_cast<Bytef*>(font.data()), &len,
                           reinterpret_cast<const Bytef*>(z.data()), static_cast<uLong>(z.size())) == Z_OK &&
                len == font.size()) {
              const std::string best = deflate(font, Z_BEST_COMPRESSION);
              if (best.size() < z.size()) {
                replaced[num] = std::to_string(num) + " 0 obj\n<<\n/Length " + std::to_string(len_num) +
                                " 0 R\n/Length1 " + std::to_string(raw_length) +
                                "\n/Filter /FlateDecode\n>>\nstream\r\n" + best + "\r\nendstream\nendobj\n";
                replaced[len_num] =
                    std::to_string(len_num) + " 0 obj\n" + std::to_string(best.size()) + "\nendobj\n";
              }
            }
          }
        }
      }
    }
  }
  // Page contents, written uncompressed by libharu.
  for (std::size_t at = pdf.find("/Contents "); at != std::string::npos && at < o.xref;
       at = pdf.find("/Contents ", at + 10)) {
    const int num = reference_after(pdf, at + 10);
    if (!o.spans.count(num)) continue;
    const std::string obj = body(num);
    const std::size_t len_at = obj.find("/Length ");
    const std::size_t data_at = obj.find("stream\r\n");
    if (len_at == std::string::npos || data_at == std::string::npos ||
        obj.find("/Filter") != std::string::npos) {
      continue;
    }
    const int len_num = reference_after(obj, len_at + 8);
    if (!o.spans.count(len_num)) continue;
    const std::string len_obj = body(len_num);
    const std::size_t value_at = len_obj.find("obj") + 3;
    const long length = std::strtol(len_obj.c_str() + value_at, nullptr, 10);
    if (length < 0 || data_at + 8 + static_cast<std::size_t>(length) > obj.size()) continue;
    const std::string z = deflate(obj.substr(data_at + 8, static_cast<std::size_t>(length)), 3);
    replaced[num] = std::to_string(num) + " 0 obj\n<<\n/Length " + std::to_string(len_num) +
                    " 0 R\n/Filter /FlateDecode\n>>\nstream\r\n" + z + "\r\nendstream\nendobj\n";
    replaced[len_num] = std::to_string(len_num) + " 0 obj\n" + std::to_string(z.size()) + "\nendobj\n";
  }
  return rebuild(pdf, o, replaced);
}

// --- Remapping the subset's character codes ---------------------------------
// libharu looks a character's glyph up in the font's cmap by a linear walk
// of its segments, twice per character drawn, and writes a CID-to-glyph map
// as long as the highest code. Scattered CJK code points make one segment
// each and codes up to U+FFxx. So soas gives every glyph of the subset its
// own code, base + glyph id - 1 (one cmap segment, a tiny map), draws the
// text in those codes, and writes the ToUnicode map back to the characters.
constexpr char32_t k_code_base = 0x21;

std::uint32_t be32(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}
std::uint16_t be16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(b[at]) << 8) |
                                    static_cast<unsigned char>(b[at + 1]));
}
void put16(std::string& b, std::uint16_t v) {
  b += static_cast<char>(v >> 8);
  b += static_cast<char>(v & 0xFF);
}
void put32(std::string& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v & 0xFFFF));
}
std::uint32_t table_checksum(const std::string& t) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < t.size(); i += 4) {
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k)
      v = (v << 8) | (i + k < t.size() ? static_cast<unsigned char>(t[i + k]) : 0u);
    sum += v;
  }
  return sum;
}

// A format 4 cmap (Windows, Unicode BMP) with one segment: code c -> glyph
// c - base + 1, for glyphs 1 .. glyphs - 1.
std::string identity_cmap(std::uint16_t glyphs) {
  const std::uint16_t first = static_cast<std::uint16_t>(k_code_base);
  const std::uint16_t last = static_cast<std::uint16_t>(k_code_base + glyphs - 2);
  std::string sub;
  put16(sub, 4);           // format
  put16(sub, 16 + 4 * 4);  // length: header 14, 2 segments of 4 arrays, pad
  put16(sub, 0);           // language
  put16(sub, 4);           // segCountX2
  put16(sub, 4);           // searchRange
  put16(sub, 1);           // entrySelector
  put16(sub, 0);           // rangeShift
  put16(sub, last);        // endCode
  put16(sub, 0xFFFF);
  put16(sub, 0);      // reservedPad
  put16(sub, first);  // startCode
  put16(sub, 0xFFFF);
  put16(sub, static_cast<std::uint16_t>(1 - first));  // idDelta, modulo 65536
  put16(sub, 1);                                      // idDelta of the end segment
  put16(sub, 0);                                      // idRangeOffset
  put16(sub, 0);
  std::string cmap;
  put16(cmap, 0);  // version
  put16(cmap, 1);  // one encoding record
  put16(cmap, 3);  // Windows
  put16(cmap, 1);  // Unicode BMP
  put32(cmap, 12);
  return cmap + sub;
}

// --- Smaller outlines --------------------------------------------------------
// A Ming face's glyphs carry about 130 points each, three bytes a point at
// 1,024 units per em; the outlines are nearly all of a document's size. The
// subset's coordinates are scaled to 256 units per em (1/256 em is 0.04 pt at
// 10 pt: below any printer's dot) and on-curve points that sit within a unit
// of the midpoint of their two off-curve neighbours (points the rasterizer
// puts there itself) are dropped. Metrics in head, hhea, hmtx, OS/2 and post
// are scaled with them; a font already at 256 units or fewer is kept as is.
constexpr int k_compact_upem = 256;

std::int16_t s16(const std::string& b, std::size_t at) {
  return static_cast<std::int16_t>(be16(b, at));
}
void set16(std::string& b, std::size_t at, int v) {
  b[at] = static_cast<char>((v >> 8) & 0xFF);
  b[at + 1] = static_cast<char>(v & 0xFF);
}

struct Scale {
  int from, to;
  int operator()(int v) const {
    const long n = static_cast<long>(v) * to;
    return static_cast<int>(n >= 0 ? (2 * n + from) / (2 * from) : -((-2 * n + from) / (2 * from)));
  }
};

// One glyph rewritten; sets *x_min to its new xMin (the left side bearing).
std::string compact_glyph(const std::string& g, const Scale& sc, int* x_min) {
  *x_min = 0;
  if (g.size() < 10) return std::string();
  const int contours = s16(g, 0);
  std::string out;
  if (contours < 0) {  // composite: scale the offsets, drop the instructions
    out = g.substr(0, 10);
    for (int k = 0; k < 4; ++k) set16(out, 2 + 2 * k, sc(s16(g, 2 + 2 * k)));
    *x_min = s16(out, 2);
    std::size_t at = 10;
    for (;;) {
      if (at + 4 > g.size()) pdf_failed("子集字型不完整", "the subset font is truncated");
      const std::uint16_t flags = be16(g, at);
      const bool words = flags & 0x1, xy = flags & 0x2;
      const std::size_t args = words ? 4 : 2;
      const std::size_t scale = (flags & 0x8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
      if (at + 4 + args + scale > g.size()) pdf_failed("子集字型不完整", "the subset font is truncated");
      std::string c = g.substr(at, 4 + args + scale);
      set16(c, 0, flags & ~0x100);
      if (xy) {
        if (words) {
          set16(c, 4, sc(s16(g, at + 4)));
          set16(c, 6, sc(s16(g, at + 6)));
        } else {
          c[4] = static_cast<char>(sc(static_cast<signed char>(g[at + 4])));
          c[5] = static_cast<char>(sc(static_cast<signed char>(g[at + 5])));
        }
      }
      out += c;
      at += c.size();
      if (!(flags & 0x20)) break;
    }
    return out;
  }
  // A simple glyph: decode the points.
  std::size_t at = 10;
  std::vector<int> ends(static_cast<std::size_t>(contours));
  for (auto& e : ends) {
    e = be16(g, at);
    at += 2;
  }
  const std::size_t points = contours > 0 ? static_cast<std::size_t>(ends.back()) + 1 : 0;
  at += 2 + be16(g, at);  // instructions
  std::vector<unsigned char> flags;
  while (flags.size() < points) {
    if (at >= g.size()) pdf_failed("子集字型不完整", "the subset font is truncated");
    const unsigned char f = static_cast<unsigned char>(g[at++]);
    flags.push_back(f);
    if (f & 0x8) {
      const unsigned n = static_cast<unsigned char>(g[at++]);
      for (unsigned k = 0; k < n && flags.size() < points; ++k) flags.push_back(f);
    }
  }
  std::vector<int> xs(points), ys(points);
  for (int axis = 0; axis < 2; ++axis) {
    const unsigned char short_bit = axis == 0 ? 0x2 : 0x4, same_bit = axis == 0 ? 0x10 : 0x20;
    auto& v = axis == 0 ? xs : ys;
    int pos = 0;
    for (std::size_t i = 0; i < points; ++i) {
      if (flags[i] & short_bit) {
        if (at >= g.size()) pdf_failed("子集字型不完整", "the subset font is truncated");
        const int d = static_cast<unsigned char>(g[at++]);
        pos += (flags[i] & same_bit) ? d : -d;
      } else if (!(flags[i] & same_bit)) {
        if (at + 2 > g.size()) pdf_failed("子集字型不完整", "the subset font is truncated");
        pos += s16(g, at);
        at += 2;
      }
      v[i] = pos;
    }
  }
  for (std::size_t i = 0; i < points; ++i) {
    xs[i] = sc(xs[i]);
    ys[i] = sc(ys[i]);
  }
  // Keep every point but the implied on-curve ones (at least one on-curve
  // point per contour).
  std::vector<bool> keep(points, true);
  std::size_t start = 0;
  for (int c = 0; c < contours; ++c) {
    const std::size_t end = static_cast<std::size_t>(ends[static_cast<std::size_t>(c)]);
    if (end < start || end >= points) pdf_failed("子集字型不完整", "the subset font is truncated");
    const std::size_t n = end - start + 1;
    std::size_t on_kept = 0, first_on = n;
    for (std::size_t k = 0; k < n && n > 3; ++k) {
      const std::size_t p = start + (k + n - 1) % n, i = start + k, q = start + (k + 1) % n;
      if (!(flags[i] & 1)) continue;
      if (first_on == n) first_on = i;
      if (!(flags[p] & 1) && !(flags[q] & 1) && std::abs(xs[p] + xs[q] - 2 * xs[i]) <= 2 &&
          std::abs(ys[p] + ys[q] - 2 * ys[i]) <= 2) {
        keep[i] = false;
      } else {
        ++on_kept;
      }
    }
    if (on_kept == 0 && first_on != n) keep[first_on] = true;
    start = end + 1;
  }
  // Encode again: flags with repeats, one-byte deltas where they fit.
  std::vector<int> new_ends;
  std::vector<unsigned char> nf;
  std::vector<int> nx, ny;
  start = 0;
  for (int c = 0; c < contours; ++c) {
    const std::size_t end = static_cast<std::size_t>(ends[static_cast<std::size_t>(c)]);
    for (std::size_t i = start; i <= end; ++i) {
      if (!keep[i]) continue;
      nf.push_back(flags[i] & 1);
      nx.push_back(xs[i]);
      ny.push_back(ys[i]);
    }
    new_ends.push_back(static_cast<int>(nx.size()) - 1);
    start = end + 1;
  }
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  if (!nx.empty()) {
    x0 = *std::min_element(nx.begin(), nx.end());
    x1 = *std::max_element(nx.begin(), nx.end());
    y0 = *std::min_element(ny.begin(), ny.end());
    y1 = *std::max_element(ny.begin(), ny.end());
  }
  *x_min = x0;
  put16(out, static_cast<std::uint16_t>(contours));
  for (int v : {x0, y0, x1, y1}) put16(out, static_cast<std::uint16_t>(v));
  for (int e : new_ends) put16(out, static_cast<std::uint16_t>(e));
  put16(out, 0);  // no instructions
  std::string xb, yb;
  std::vector<unsigned char> ef(nf.size());
  int px = 0, py = 0;
  for (std::size_t i = 0; i < nf.size(); ++i) {
    unsigned char f = nf[i];
    for (int axis = 0; axis < 2; ++axis) {
      const int d = axis == 0 ? nx[i] - px : ny[i] - py;
      std::string& b = axis == 0 ? xb : yb;
      const unsigned char short_bit = axis == 0 ? 0x2 : 0x4, same_bit = axis == 0 ? 0x10 : 0x20;
      if (d == 0) {
        f |= same_bit;
      } else if (d > -256 && d < 256) {
        f |= short_bit;
        if (d > 0) f |= same_bit;
        b += static_cast<char>(std::abs(d));
      } else {
        put16(b, static_cast<std::uint16_t>(d));
      }
    }
    px = nx[i];
    py = ny[i];
    ef[i] = f;
  }
  for (std::size_t i = 0; i < ef.size();) {
    std::size_t run = 1;
    while (i + run < ef.size() && ef[i + run] == ef[i] && run < 256) ++run;
    if (run > 2) {
      out += static_cast<char>(ef[i] | 0x8);
      out += static_cast<char>(run - 1);
    } else {
      for (std::size_t k = 0; k < run; ++k) out += static_cast<char>(ef[i]);
    }
    i += run;
  }
  out += xb;
  out += yb;
  return out;
}

// The tables of a TrueType font, scaled to k_compact_upem (see above).
void compact_outlines(std::map<std::string, std::string>& t) {
  for (const char* need : {"head", "hhea", "hmtx", "loca", "glyf", "maxp"})
    if (!t.count(need)) return;
  std::string& head = t["head"];
  std::string& hhea = t["hhea"];
  if (head.size() < 54 || hhea.size() < 36 || t["maxp"].size() < 6) return;
  const int upem = be16(head, 18);
  if (upem <= k_compact_upem) return;
  const Scale sc{upem, k_compact_upem};
  const std::size_t glyphs = be16(t["maxp"], 4);
  const bool long_loca = s16(head, 50) != 0;
  const std::string& loca = t["loca"];
  const std::string& glyf = t["glyf"];
  if (loca.size() < (glyphs + 1) * (long_loca ? 4 : 2))
    pdf_failed("子集字型不完整", "the subset font is truncated");
  const auto offset = [&](std::size_t i) -> std::size_t {
    return long_loca ? be32(loca, 4 * i) : 2u * be16(loca, 2 * i);
  };
  std::string new_glyf, new_loca;
  std::vector<int> x_min(glyphs, 0);
  std::vector<std::size_t> at(glyphs + 1, 0);
  for (std::size_t i = 0; i < glyphs; ++i) {
    const std::size_t a = offset(i), b = offset(i + 1);
    if (b < a || b > glyf.size()) pdf_failed("子集字型不完整", "the subset font is truncated");
    at[i] = new_glyf.size();
    new_glyf += compact_glyph(glyf.substr(a, b - a), sc, &x_min[i]);
    if (new_glyf.size() % 2 != 0) new_glyf += '\0';
  }
  at[glyphs] = new_glyf.size();
  const bool fits_short = new_glyf.size() < 0x20000;
  for (std::size_t v : at) {
    if (fits_short)
      put16(new_loca, static_cast<std::uint16_t>(v / 2));
    else
      put32(new_loca, static_cast<std::uint32_t>(v));
  }
  t["glyf"] = new_glyf;
  t["loca"] = new_loca;
  set16(head, 18, k_compact_upem);
  for (std::size_t o : {36, 38, 40, 42}) set16(head, o, sc(s16(head, o)));
  set16(head, 50, fits_short ? 0 : 1);
  for (std::size_t o : {4, 6, 8, 12, 14, 16, 22}) set16(hhea, o, sc(s16(hhea, o)));
  set16(hhea, 10, sc(be16(hhea, 10)));
  std::string& hmtx = t["hmtx"];
  const std::size_t metrics = be16(hhea, 34);
  for (std::size_t i = 0; i < glyphs; ++i) {
    const std::size_t o = i < metrics ? 4 * i : 4 * metrics + 2 * (i - metrics);
    if (o + (i < metrics ? 4 : 2) > hmtx.size()) break;
    if (i < metrics) {
      set16(hmtx, o, sc(be16(hmtx, o)));
      set16(hmtx, o + 2, x_min[i]);
    } else {
      set16(hmtx, o, x_min[i]);
    }
  }
  if (t.count("OS/2") && t["OS/2"].size() >= 78) {
    std::string& os2 = t["OS/2"];
    for (std::size_t o = 2; o <= 28; o += 2)
      if (o < 4 || o >= 10) set16(os2, o, sc(s16(os2, o)));
    for (std::size_t o : {68, 70, 72}) set16(os2, o, sc(s16(os2, o)));
    for (std::size_t o : {74, 76}) set16(os2, o, sc(be16(os2, o)));
    if (be16(os2, 0) >= 2 && os2.size() >= 90)
      for (std::size_t o : {86, 88}) set16(os2, o, sc(s16(os2, o)));
  }
  if (t.count("post") && t["post"].size() >= 12)
    for (std::size_t o : {8, 10}) set16(t["post"], o, sc(s16(t["post"], o)));
}

// The font with its cmap replaced (tables rewritten in tag order, checksums
// and head.checkSumAdjustment recomputed).
std::string replace_cmap(const std::string& font, const std::string& cmap) {
  if (font.size() < 12) pdf_failed("子集字型不完整", "the subset font is truncated");
  const std::uint16_t count = be16(font, 4);
  std::map<std::string, std::string> tables;
  for (std::uint16_t i = 0; i < count; ++i) {
    const std::size_t rec = 12 + 16u * i;
    if (rec + 16 > font.size()) pdf_failed("子集字型不完整", "the subset font is truncated");
    const std::uint32_t off = be32(font, rec + 8), len = be32(font, rec + 12);
    if (static_cast<std::uint64_t>(off) + len > font.size())
      pdf_failed("子集字型不完整", "the subset font is truncated");
    tables[font.substr(rec, 4)] = font.substr(off, len);
  }
  tables["cmap"] = cmap;
  compact_outlines(tables);
  if (tables.count("head") && tables["head"].size() >= 12) tables["head"].replace(8, 4, std::string(4, '\0'));
  const std::uint16_t n = static_cast<std::uint16_t>(tables.size());
  std::uint16_t pow2 = 1, log2 = 0;
  while (pow2 * 2 <= n) {
    pow2 = static_cast<std::uint16_t>(pow2 * 2);
    ++log2;
  }
  std::string out = font.substr(0, 4);
  put16(out, n);
  put16(out, static_cast<std::uint16_t>(pow2 * 16));
  put16(out, log2);
  put16(out, static_cast<std::uint16_t>(n * 16 - pow2 * 16));
  std::uint32_t offset = 12 + 16u * n;
  std::string body;
  std::size_t head_at = 0;
  for (auto& [tag, data] : tables) {
    out += tag;
    put32(out, table_checksum(data));
    put32(out, offset + static_cast<std::uint32_t>(body.size()));
    put32(out, static_cast<std::uint32_t>(data.size()));
    if (tag == "head") head_at = offset + body.size();
    body += data;
    while (body.size() % 4 != 0) body += '\0';
  }
  out += body;
  if (head_at != 0) {
    const std::uint32_t adjust = 0xB1B0AFBAu - table_checksum(out);
    std::string v;
    put32(v, adjust);
    out.replace(head_at + 8, 4, v);
  }
  return out;
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

}  // namespace soas::pdf

namespace soas::pdf::backend_parts {

std::shared_ptr<const Font> load_font(const std::string& path, int index) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::shared_ptr<const Font>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[{path, index}];
  if (!slot) slot = std::make_shared<HbFont>(path, index);
  return slot;
}

std::string render(const Document& document, const Info& info) {
  // 1. The characters used, BMP only (libharu's UTF-8 codes are 16-bit).
  std::vector<bool> seen(0x10000, false);
  seen[U' '] = true;
  std::vector<std::vector<std::vector<char32_t>>> texts(document.pages().size());
  for (std::size_t i = 0; i < document.pages().size(); ++i) {
    for (const auto& t : document.pages()[i].texts) {
      std::vector<char32_t> cps;
      util::decode_utf8(t.utf8, &cps);
      for (char32_t& cp : cps) {
        if (cp > 0xFFFF || cp < 0x20) cp = U'?';
        seen[cp] = true;
      }
      texts[i].push_back(std::move(cps));
    }
  }
  std::set<char32_t> used;
  for (char32_t cp = 0; cp < 0x10000; ++cp)
    if (seen[cp]) used.insert(cp);
  // 2. The subset, its glyphs given consecutive codes, handed to libharu.
  const std::string subset = document.font().subset(used);
  std::vector<std::uint16_t> code_of(0x10000, 0);
  std::map<char32_t, char32_t> code_to_cp;
  std::uint16_t glyphs = 0;
  {
    hb_blob_t* blob = hb_blob_create(subset.data(), static_cast<unsigned>(subset.size()),
                                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_font_t* font = hb_font_create(face);
    glyphs = static_cast<std::uint16_t>(hb_face_get_glyph_count(face));
    for (char32_t cp : used) {
      hb_codepoint_t gid = 0;
      hb_font_get_nominal_glyph(font, cp, &gid);
      if (gid == 0 || gid >= glyphs) continue;  // not in the font: drawn as .notdef
      const char32_t code = k_code_base + gid - 1;
      code_of[cp] = static_cast<std::uint16_t>(code);
      code_to_cp.emplace(code, cp);  // the first character of a shared glyph
    }
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
  }
  if (glyphs < 2) pdf_failed("子集字型沒有字符", "the subset font has no glyphs");
  const FontFile font_file(replace_cmap(subset, identity_cmap(glyphs)));
  const auto encoded = [&](const std::vector<char32_t>& cps) {
    std::string out;
    for (char32_t cp : cps) {
      // A character the font lacks gets a code past its glyphs: .notdef.
      util::append_utf8(out, code_of[cp] != 0 ? code_of[cp] : k_code_base + glyphs - 1);
    }
    return out;
  };
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
  // Page contents are deflated by finish_pdf (faster); the rest by libharu.
  HPDF_SetCompressionMode(doc, HPDF_COMP_IMAGE | HPDF_COMP_METADATA);
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

  for (std::size_t i = 0; i < document.pages().size(); ++i) {
    const Page& page = document.pages()[i];
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
    // Stroked rectangles, grouped by line width: one path, one stroke.
    std::map<double, std::vector<const RectOp*>> strokes;
    for (const auto& r : page.rects)
      if (!r.fill) strokes[r.line_width].push_back(&r);
    double width = -1;
    for (const auto& [w, rs] : strokes) {
      HPDF_Page_SetLineWidth(p, static_cast<HPDF_REAL>(w));
      width = w;
      for (const RectOp* r : rs) {
        HPDF_Page_Rectangle(p, static_cast<HPDF_REAL>(r->x), static_cast<HPDF_REAL>(r->y),
                            static_cast<HPDF_REAL>(r->w), static_cast<HPDF_REAL>(r->h));
      }
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
      // Text in order of gray and size, so each is set once per page.
      std::vector<std::size_t> order(page.texts.size());
      for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const TextOp& x = page.texts[a];
        const TextOp& y = page.texts[b];
        return x.gray != y.gray ? x.gray < y.gray : x.size < y.size;
      });
      HPDF_Page_BeginText(p);
      double size = -1, gray = 0;
      for (const std::size_t j : order) {
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
          double em = 0;
          for (char32_t cp : texts[i][j]) em += document.font().advance(cp);
          const double w = em * t.size;
          x -= t.align == Align::center ? w / 2 : w;
        }
        HPDF_Page_TextOut(p, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(t.y),
                          encoded(texts[i][j]).c_str());
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
  return finish_pdf(bytes, code_to_cp);
}

}  // namespace soas::pdf::backend_parts
