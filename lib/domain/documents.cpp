#include "domain/documents.hpp"

#include <array>
#include <climits>
#include <cstdint>
#include <exception>

#include "core/error.hpp"
#include "pdf/backend.hpp"
#include "util/text.hpp"

namespace soas::domain {

namespace {

DocumentItem item(std::string key, const char* zh, const char* en, RequiredWhen when) {
  return DocumentItem{std::move(key), Text{zh, en}, when};
}

DocumentItem photo() {
  return item("photo", "照片", "photo", RequiredWhen::always);
}

std::vector<DocumentItem> arc_items(IdentityType type) {
  std::vector<DocumentItem> items = {
      photo(),
      item("enrolment", "在學或註冊證明", "proof of enrolment or registration", RequiredWhen::always),
      item("passport", "護照", "passport", RequiredWhen::always),
      item("residence-visa", "居留簽證", "residence visa", RequiredWhen::always),
      item("residence-proof", "居住證明(房屋契約、戶口名簿或其他相關證明)",
           "proof of residence (lease, household register or similar)", RequiredWhen::always),
  };
  if (type == IdentityType::overseas_chinese) {
    items.push_back(item("placement-notice", "僑生分發通知書", "overseas-Chinese student placement notice",
                         RequiredWhen::always));
  } else {
    items.push_back(item("scholarship", "獎學金證明", "scholarship certificate", RequiredWhen::optional));
  }
  items.push_back(item("other", "其他相關證明文件(無則免)", "other supporting documents (if any)",
                       RequiredWhen::optional));
  return items;
}

}  // namespace

std::vector<DocumentItem> document_items(IdentityType type, ApplicationKind kind) {
  if (!kind_available_for(kind, type)) {
    const Text k = label(kind);
    throw Refusal(msg::kind_not_for_type.code, msg::kind_not_for_type.text(std::vector<Text>{k}));
  }
  const DocumentItem other = item("other", "其他相關證明文件(無則免)", "other supporting documents (if any)",
                                  RequiredWhen::optional);
  const DocumentItem travel = item("travel-permit", "大陸地區旅行證件(大通證)",
                                   "mainland travel document (大通證)", RequiredWhen::always);
  switch (kind) {
    case ApplicationKind::arc: return arc_items(type);
    case ApplicationKind::multi_entry:
      return {photo(),
              item("entry-permit", "原單次入出境許可證(已查驗入境)",
                   "the original single-entry permit (entry inspected)", RequiredWhen::always),
              item("health-certificate",
                   "經衛生福利部指定外籍人士體檢之國內醫院出具之健康檢查合格證明("
                   "復學之陸生於前就學期間已出具者，無須檢附)",
                   "health certificate from a hospital designated by the Ministry of Health and "
                   "Welfare (not needed by a resumed student who gave one before)",
                   RequiredWhen::unless_resumed_student),
              travel, other};
    case ApplicationKind::extension:
      // Not shown in the seeds (extrapolated): enrolment proof and the travel
      // document, as for the exchange.
      return {photo(),
              item("enrolment", "在學或註冊證明", "proof of enrolment or registration", RequiredWhen::always),
              travel, other};
    case ApplicationKind::data_change:
      return {photo(), item("change-proof", "資料異動相關證明文件", "documents proving the change",
                            RequiredWhen::always)};
  }
  return {};
}

bool is_required(const DocumentItem& item, const DocumentFacts& facts) {
  switch (item.required) {
    case RequiredWhen::always: return true;
    case RequiredWhen::optional: return false;
    case RequiredWhen::unless_resumed_student: return !facts.resumed_student;
  }
  return false;
}

std::string_view key(DocumentFormat f) {
  switch (f) {
    case DocumentFormat::jpeg: return "jpeg";
    case DocumentFormat::png: return "png";
    case DocumentFormat::bmp: return "bmp";
    case DocumentFormat::pdf: return "pdf";
  }
  return "?";
}

std::string_view mime_type(DocumentFormat f) {
  switch (f) {
    case DocumentFormat::jpeg: return "image/jpeg";
    case DocumentFormat::png: return "image/png";
    case DocumentFormat::bmp: return "image/bmp";
    case DocumentFormat::pdf: return "application/pdf";
  }
  return "application/octet-stream";
}

std::optional<DocumentFormat> sniff_format(std::string_view c) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(c[i]); };
  if (c.size() >= 3 && byte(0) == 0xFF && byte(1) == 0xD8 && byte(2) == 0xFF) {
    return DocumentFormat::jpeg;
  }
  if (c.size() >= 8 && c.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return DocumentFormat::png;
  if (c.size() >= 5 && c.compare(0, 5, "%PDF-") == 0) return DocumentFormat::pdf;
  if (c.size() >= 18 && c[0] == 'B' && c[1] == 'M') {
    // BITMAPFILEHEADER is 14 bytes; the DIB header that follows starts with its
    // own size, one of the known header versions.
    const unsigned dib = byte(14) | byte(15) << 8 | byte(16) << 16 | static_cast<unsigned>(byte(17)) << 24;
    if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
      return DocumentFormat::bmp;
    }
  }
  return std::nullopt;
}

std::optional<DocumentFormat> format_from_name(std::string_view file_name) {
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string ext = util::to_lower_ascii(file_name.substr(dot + 1));
  if (ext == "jpg" || ext == "jpeg") return DocumentFormat::jpeg;
  if (ext == "png") return DocumentFormat::png;
  if (ext == "bmp") return DocumentFormat::bmp;
  if (ext == "pdf") return DocumentFormat::pdf;
  return std::nullopt;
}

namespace {

std::uint32_t be32(std::string_view c, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(c[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(c[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(c[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(c[at + 3]));
}

std::uint32_t le32(std::string_view c, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(c[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(c[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(c[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(c[at + 3])) << 24;
}

std::uint32_t crc32(std::string_view data) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

// Signatures of files that have no business inside an image's metadata: a
// PDF, a ZIP (local header, central directory, end record), RAR, 7-Zip, ELF,
// a PNG. An EXIF thumbnail (a JPEG) is allowed.
bool carries_another_file(std::string_view data) {
  static const std::array<std::string_view, 8> signatures = {
      std::string_view("%PDF-", 5),         std::string_view("PK\x03\x04", 4),
      std::string_view("PK\x01\x02", 4),    std::string_view("PK\x05\x06", 4),
      std::string_view("Rar!\x1a\x07", 6),  std::string_view("7z\xbc\xaf\x27\x1c", 6),
      std::string_view("\x7f" "ELF", 4),    std::string_view("\x89PNG\r\n\x1a\n", 8),
  };
  for (std::string_view sig : signatures) {
    if (data.find(sig) != std::string_view::npos) return true;
  }
  return false;
}

// After a file's end (IEND, EOI) only zero bytes, the padding some writers
// leave; anything else is another file riding along (a ZIP appended).
bool only_padding(std::string_view tail) {
  return tail.find_first_not_of('\0') == std::string_view::npos;
}

const Message* png_problem(std::string_view c) {
  std::size_t at = 8;
  bool first = true;
  while (at + 12 <= c.size()) {
    const std::uint32_t length = be32(c, at);
    if (length > c.size() - at - 12) return &msg::document_undecodable;
    const std::string_view type = c.substr(at + 4, 4);
    const std::string_view data = c.substr(at + 8, length);
    if (crc32(c.substr(at + 4, 4 + length)) != be32(c, at + 8 + length)) return &msg::document_undecodable;
    if (first) {
      if (type != "IHDR" || length != 13 || be32(data, 0) == 0 || be32(data, 4) == 0) {
        return &msg::document_undecodable;
      }
      first = false;
    }
    if (type == "IEND") {
      return only_padding(c.substr(at + 12 + length)) ? nullptr : &msg::document_hidden_data;
    }
    // Ancillary chunks (text, private ones) are where another file would hide.
    if (type != "IDAT" && type != "PLTE" && type != "IHDR" && carries_another_file(data)) {
      return &msg::document_hidden_data;
    }
    at += 12 + length;
  }
  return &msg::document_undecodable;
}

bool is_sof(unsigned char marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// The segments from SOI, through each scan's entropy-coded data (stuffed
// FF 00, restart markers, fill bytes), to the first EOI, which must end the
// file (zero padding aside). COM and APPn segments must not carry a file.
const Message* jpeg_problem(std::string_view c) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(c[i]); };
  std::size_t at = 2;
  bool frame = false;
  bool scanned = false;
  while (at + 2 <= c.size()) {
    if (byte(at) != 0xFF) return &msg::document_undecodable;
    const unsigned char marker = byte(at + 1);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD9) {  // EOI
      if (!scanned) return &msg::document_undecodable;
      return only_padding(c.substr(at + 2)) ? nullptr : &msg::document_hidden_data;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      return &msg::document_undecodable;
    }
    if (at + 4 > c.size()) return &msg::document_undecodable;
    const std::size_t length = static_cast<std::size_t>(byte(at + 2)) << 8 | byte(at + 3);
    if (length < 2 || at + 2 + length > c.size()) return &msg::document_undecodable;
    const std::string_view payload = c.substr(at + 4, length - 2);
    if (is_sof(marker)) {
      if (length < 8) return &msg::document_undecodable;
      const unsigned height = static_cast<unsigned>(byte(at + 5)) << 8 | byte(at + 6);
      const unsigned width = static_cast<unsigned>(byte(at + 7)) << 8 | byte(at + 8);
      if (width == 0 || height == 0) return &msg::document_undecodable;
      frame = true;
    }
    if ((marker == 0xFE || (marker >= 0xE0 && marker <= 0xEF)) && carries_another_file(payload)) {
      return &msg::document_hidden_data;
    }
    at += 2 + length;
    if (marker == 0xDA) {  // start of scan: entropy-coded data up to the next marker
      if (!frame) return &msg::document_undecodable;
      scanned = true;
      for (;;) {
        const std::size_t ff = c.find('\xFF', at);
        if (ff == std::string_view::npos || ff + 1 >= c.size()) return &msg::document_undecodable;
        const unsigned char next = byte(ff + 1);
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {  // stuffed byte, restart marker
          at = ff + 2;
          continue;
        }
        if (next == 0xFF) {  // fill bytes before a marker
          at = ff + 1;
          continue;
        }
        at = ff;
        break;
      }
    }
  }
  return &msg::document_undecodable;
}

// The headers must describe the file exactly: its declared size is its size,
// and the pixel array (rows padded to four bytes, or the declared size of a
// run-length one) ends where the file does.
const Message* bmp_problem(std::string_view c) {
  const std::uint64_t declared = le32(c, 2);
  const std::uint64_t offset = le32(c, 10);
  const std::uint64_t dib = le32(c, 14);
  if (offset >= c.size() || 14 + dib > c.size() || 14 + dib > offset) return &msg::document_undecodable;
  if (declared != c.size()) return &msg::document_undecodable;
  std::uint64_t width = 0;
  std::uint64_t height = 0;
  unsigned bpp = 0;
  std::uint32_t compression = 0;
  std::uint64_t image_size = 0;
  if (dib == 12) {
    width = static_cast<unsigned char>(c[18]) | static_cast<unsigned char>(c[19]) << 8;
    height = static_cast<unsigned char>(c[20]) | static_cast<unsigned char>(c[21]) << 8;
    bpp = static_cast<unsigned char>(c[24]) | static_cast<unsigned char>(c[25]) << 8;
  } else {
    if (c.size() < 38) return &msg::document_undecodable;
    const auto w = static_cast<std::int32_t>(le32(c, 18));
    const auto h = static_cast<std::int32_t>(le32(c, 22));
    if (w <= 0 || h == 0 || h == INT32_MIN) return &msg::document_undecodable;
    width = static_cast<std::uint64_t>(w);
    height = static_cast<std::uint64_t>(h < 0 ? -static_cast<std::int64_t>(h) : h);
    bpp = static_cast<unsigned char>(c[28]) | static_cast<unsigned char>(c[29]) << 8;
    compression = le32(c, 30);
    image_size = le32(c, 34);
  }
  const bool bpp_ok = bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32;
  constexpr std::uint64_t k_max_side = 1u << 24;  // far beyond any 512 KB file; keeps the sums in range
  if (width == 0 || height == 0 || width > k_max_side || height > k_max_side || !bpp_ok) {
    return &msg::document_undecodable;
  }
  std::uint64_t pixels = 0;
  if (compression == 0 || compression == 3 || compression == 6) {  // RGB, BITFIELDS, ALPHABITFIELDS
    pixels = (width * bpp + 31) / 32 * 4 * height;
  } else if ((compression == 1 && bpp == 8) || (compression == 2 && bpp == 4)) {  // RLE8, RLE4
    if (image_size == 0) return &msg::document_undecodable;
    pixels = image_size;
  } else {
    return &msg::document_undecodable;  // JPEG or PNG inside a BMP, or unknown
  }
  if (offset + pixels != c.size()) return &msg::document_undecodable;
  return nullptr;
}

// A PDF is parsed by the PDF back end (libqpdf, in soas-pdf.so): see
// pdf/backend/reading.cpp for what it refuses.
const Message* pdf_problem(std::string_view c) {
  return pdf::backend().upload_problem(c);
}

}  // namespace

const Message* structure_problem(DocumentFormat format, std::string_view c) {
  switch (format) {
    case DocumentFormat::png: return png_problem(c);
    case DocumentFormat::jpeg: return jpeg_problem(c);
    case DocumentFormat::bmp: return bmp_problem(c);
    case DocumentFormat::pdf: return pdf_problem(c);
  }
  return nullptr;
}

DocumentFormat check_document(std::string_view shown_as, std::string_view file_name,
                              std::string_view content) {
  const std::string shown(shown_as);
  if (content.empty()) throw Refusal(msg::document_empty, {shown});
  if (content.size() >= k_document_size_limit) throw Refusal(msg::document_too_large, {shown});
  const auto claimed = format_from_name(file_name);
  const auto actual = sniff_format(content);
  if (!claimed || !actual) throw Refusal(msg::document_format, {shown});
  if (*claimed != *actual) {
    throw Refusal(msg::document_type_mismatch, {shown, std::string(util::to_upper_ascii(key(*actual)))});
  }
  if (const Message* problem = structure_problem(*actual, content)) throw Refusal(*problem, {shown});
  return *actual;
}

}  // namespace soas::domain
