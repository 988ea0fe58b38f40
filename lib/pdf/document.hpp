#pragma once
// PDF documents as display lists rendered by libharu (man soas-download(1),
// ARCHITECTURE.md "PDF"). Pages are built first; rendering then subsets the
// TrueType CJK font to the characters the pages use (HarfBuzz's subsetter),
// hands libharu only that subset, compresses every stream, and writes a
// correct ToUnicode map so the text can be searched and extracted. The same
// pages and creation time give the same bytes.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace soas::pdf {

// A4 in points.
inline constexpr double k_a4_width = 595.276;
inline constexpr double k_a4_height = 841.89;

enum class Align { left, center, right };

struct TextOp {
  double x, y, size;
  std::string utf8;
  Align align = Align::left;
  double gray = 0;  // 0 black .. 1 white
};
struct RectOp {
  double x, y, w, h;
  bool fill = false;
  double line_width = 0.6;
  double gray = 0;
};
struct LineOp {
  double x1, y1, x2, y2;
  double line_width = 0.6;
  bool dashed = false;
};

// A 1-bit image (1 = dark), drawn scaled into a box without smoothing:
// barcodes and QR codes, one image each instead of hundreds of rectangles.
struct BitmapOp {
  double x, y, w, h;
  int columns = 0;
  int rows = 0;
  std::vector<unsigned char> dark;  // rows * columns, top row first
};

struct Page {
  std::vector<TextOp> texts;
  std::vector<BitmapOp> bitmaps;
  std::vector<RectOp> rects;
  std::vector<LineOp> lines;
  void text(double x, double y, double size, std::string utf8, Align align = Align::left, double gray = 0) {
    texts.push_back(TextOp{x, y, size, std::move(utf8), align, gray});
  }
  void rect(double x, double y, double w, double h, double line_width = 0.6) {
    rects.push_back(RectOp{x, y, w, h, false, line_width, 0});
  }
  void fill(double x, double y, double w, double h, double gray = 0) {
    rects.push_back(RectOp{x, y, w, h, true, 0, gray});
  }
  void line(double x1, double y1, double x2, double y2, double line_width = 0.6, bool dashed = false) {
    lines.push_back(LineOp{x1, y1, x2, y2, line_width, dashed});
  }
};

// A TrueType font (a face of a .ttf or .ttc file), mapped once per process.
class Font {
 public:
  // Throws Failure "font-missing" naming the file and the package that has it,
  // "font-unusable" when it is not a TrueType font with a Unicode cmap.
  static std::shared_ptr<const Font> load(const std::string& path, int index);
  virtual ~Font() = default;
  // Advance width of a text in points at that size.
  virtual double width(std::string_view utf8, double size) const = 0;
  // One character's advance width in em.
  virtual double advance(char32_t codepoint) const = 0;
  virtual bool covers(char32_t codepoint) const = 0;
  // A TrueType font holding only these characters (hinting dropped, bitmaps
  // and layout tables dropped: libharu uses none of them).
  virtual std::string subset(const std::set<char32_t>& codepoints) const = 0;
  virtual const std::string& path() const = 0;
};

struct Info {
  std::string title;
  std::string subject;
  std::string keywords;         // carries a permit's signed payload
  std::int64_t created_at = 0;  // Unix seconds; written in Asia/Taipei
};

class Document {
 public:
  explicit Document(std::shared_ptr<const Font> font) : m_font(std::move(font)) {}
  Page& add_page() {
    m_pages.emplace_back();
    return m_pages.back();
  }
  const Font& font() const { return *m_font; }
  std::size_t page_count() const { return m_pages.size(); }
  const std::vector<Page>& pages() const { return m_pages; }
  // The PDF bytes. Throws Failure "pdf-failed" if libharu reports an error.
  std::string render(const Info& info) const;

 private:
  std::shared_ptr<const Font> m_font;
  std::vector<Page> m_pages;
};


}  // namespace soas::pdf
