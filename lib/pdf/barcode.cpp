#include "pdf/barcode.hpp"

#include <cstring>

#include "core/error.hpp"
#include "pdf/backend.hpp"

namespace soas::pdf {

namespace {

// The 43 characters and '*' (start/stop): 9 elements each, bar first,
// 'w' wide, 'n' narrow.
struct Code39Char {
  char c;
  const char* pattern;
};
constexpr Code39Char k_code39[] = {
    {'0', "nnnwwnwnn"}, {'1', "wnnwnnnnw"}, {'2', "nnwwnnnnw"}, {'3', "wnwwnnnnn"}, {'4', "nnnwwnnnw"},
    {'5', "wnnwwnnnn"}, {'6', "nnwwwnnnn"}, {'7', "nnnwnnwnw"}, {'8', "wnnwnnwnn"}, {'9', "nnwwnnwnn"},
    {'A', "wnnnnwnnw"}, {'B', "nnwnnwnnw"}, {'C', "wnwnnwnnn"}, {'D', "nnnnwwnnw"}, {'E', "wnnnwwnnn"},
    {'F', "nnwnwwnnn"}, {'G', "nnnnnwwnw"}, {'H', "wnnnnwwnn"}, {'I', "nnwnnwwnn"}, {'J', "nnnnwwwnn"},
    {'K', "wnnnnnnww"}, {'L', "nnwnnnnww"}, {'M', "wnwnnnnwn"}, {'N', "nnnnwnnww"}, {'O', "wnnnwnnwn"},
    {'P', "nnwnwnnwn"}, {'Q', "nnnnnnwww"}, {'R', "wnnnnnwwn"}, {'S', "nnwnnnwwn"}, {'T', "nnnnwnwwn"},
    {'U', "wwnnnnnnw"}, {'V', "nwwnnnnnw"}, {'W', "wwwnnnnnn"}, {'X', "nwnnwnnnw"}, {'Y', "wwnnwnnnn"},
    {'Z', "nwwnwnnnn"}, {'-', "nwnnnnwnw"}, {'.', "wwnnnnwnn"}, {' ', "nwwnnnwnn"}, {'$', "nwnwnwnnn"},
    {'/', "nwnwnnnwn"}, {'+', "nwnnnwnwn"}, {'%', "nnnwnwnwn"}, {'*', "nwnnwnwnn"},
};

const char* pattern_of(char c) {
  for (const auto& e : k_code39)
    if (e.c == c) return e.pattern;
  return nullptr;
}

}  // namespace

std::vector<int> code39_widths(std::string_view text, int ratio) {
  std::vector<int> widths;
  const auto add = [&](char c) {
    const char* p = pattern_of(c);
    if (!p) {
      throw UsageError("barcode-char", Text{std::string("條碼無法表示此字元：") + c,
                                            std::string("Code 39 cannot carry the character: ") + c});
    }
    if (!widths.empty()) widths.push_back(1);  // the gap between characters
    for (int i = 0; i < 9; ++i) widths.push_back(p[i] == 'w' ? ratio : 1);
  };
  add('*');
  for (char c : text) {
    if (c == '*') add('\x01');  // '*' is reserved for start and stop
    add(c);
  }
  add('*');
  return widths;
}

double code39_width(std::string_view text, double module) {
  double w = 0;
  for (int x : code39_widths(text)) w += x * module;
  return w;
}

double draw_code39(Page& page, double x, double y, double module, double height, std::string_view text) {
  const auto widths = code39_widths(text);
  BitmapOp b{x, y, 0, height, 0, 1, {}};
  for (std::size_t i = 0; i < widths.size(); ++i) {
    // Even elements are bars.
    for (int k = 0; k < widths[i]; ++k) b.dark.push_back(i % 2 == 0 ? 1 : 0);
  }
  b.columns = static_cast<int>(b.dark.size());
  b.w = b.columns * module;
  page.bitmaps.push_back(std::move(b));
  return b.columns * module;
}

QrMatrix qr_encode(const std::string& text) {
  return backend().qr_encode(text);
}

void draw_qr(Page& page, double x, double top, double module, const QrMatrix& qr) {
  const double side = qr.size * module;
  page.bitmaps.push_back(BitmapOp{x, top - side, side, side, qr.size, qr.size, qr.dark});
}

}  // namespace soas::pdf
