#pragma once
// The PDF back end: what needs libharu, HarfBuzz, libqrencode or libqpdf.
// It is the module soas-pdf.so (core/modules.hpp), loaded at the first PDF
// soas draws or reads, so a start of soas loads none of those libraries and
// the twenty-odd they pull in. Everything else of PDFs stays in soas: the
// layouts draw into pdf::Document as plain operations (pdf/document.hpp),
// the Code 39 barcodes are computed here, and the rules on uploads and
// permits are the domain's and the service's.
//
// The table below is the whole boundary. soas-pdf.so hands it out through
// soas_pdf_backend_v1(); the unit tests, fuzz targets and benchmarks link
// the same code (soas_pdf_linked) and register it with use_backend().

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.hpp"
#include "pdf/barcode.hpp"
#include "pdf/document.hpp"

namespace soas::pdf {

// What a permit's PDF holds for verify permit: its Info dictionary's
// /Keywords and the text each show-text operator of its pages draws,
// decoded through the font's ToUnicode map.
struct PermitText {
  std::string keywords;
  std::vector<std::string> shown;  // one entry per Tj / TJ / ' / "
};

struct Backend {
  // A TrueType font file (face `index`), checked and ready to measure and subset.
  std::shared_ptr<const Font> (*load_font)(const std::string& path, int index);
  // The document as PDF bytes: the font subset embedded, text as Unicode.
  std::string (*render)(const Document& doc, const Info& info);
  // The QR code of `text` (byte mode, level M).
  QrMatrix (*qr_encode)(const std::string& text);
  // Why an uploaded PDF is refused (encrypted, no page, script, embedded
  // files, not well formed), or nullptr when it is fine.
  const Message* (*upload_problem)(std::string_view bytes);
  // A permit's Info keywords and page text; nothing when the file is not a
  // well-formed PDF with pages and an Info /Keywords string.
  std::optional<PermitText> (*read_permit)(const std::string& bytes);
};

// The back end: the one registered, or soas-pdf.so loaded on first use
// (Failure "module-unavailable" when it cannot be).
const Backend& backend();
// Registers a back end linked into the program itself.
void use_backend(const Backend* linked);

}  // namespace soas::pdf

// The symbol soas-pdf.so exports: versioned, so a module of another build
// with another table is refused rather than called.
#define SOAS_PDF_BACKEND_SYMBOL "soas_pdf_backend_v1"
#define SOAS_PDF_MODULE_NAME "soas-pdf.so"
