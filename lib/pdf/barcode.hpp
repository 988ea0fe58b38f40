#pragma once
// Barcodes drawn as filled rectangles: Code 39 for the convenience-store
// slip (the collection standard's three segments), QR for a permit's signed
// payload (libqrencode).

#include <string>
#include <string_view>
#include <vector>

#include "pdf/document.hpp"

namespace soas::pdf {

// Code 39 bar and space widths in modules (narrow 1, wide `ratio`), start and
// stop characters included, one narrow space between characters. Throws
// UsageError "barcode-char" for a character Code 39 cannot carry.
std::vector<int> code39_widths(std::string_view text, int ratio = 3);
double code39_width(std::string_view text, double module);
// Draws the bars from (x, y) upwards; returns the barcode's width.
double draw_code39(Page& page, double x, double y, double module, double height, std::string_view text);

struct QrMatrix {
  int size = 0;
  std::vector<unsigned char> dark;  // size * size, row-major, top row first
  bool at(int row, int col) const { return dark[static_cast<std::size_t>(row * size + col)] != 0; }
};
// Error correction level M, byte mode. Throws Failure "qr-failed".
QrMatrix qr_encode(const std::string& text);
// Draws the code (quiet zone excluded) with its top-left corner at (x, top).
void draw_qr(Page& page, double x, double top, double module, const QrMatrix& qr);

}  // namespace soas::pdf
