#include "domain/documents.hpp"

#include <array>
#include <cstdint>

#include "core/error.hpp"
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

bool png_holds(std::string_view c) {
  std::size_t at = 8;
  bool first = true;
  while (at + 12 <= c.size()) {
    const std::uint32_t length = be32(c, at);
    if (length > c.size() - at - 12) return false;
    const std::string_view type = c.substr(at + 4, 4);
    const std::string_view data = c.substr(at + 8, length);
    if (crc32(c.substr(at + 4, 4 + length)) != be32(c, at + 8 + length)) return false;
    if (first) {
      if (type != "IHDR" || length != 13 || be32(data, 0) == 0 || be32(data, 4) == 0) return false;
      first = false;
    }
    if (type == "IEND") return true;
    at += 12 + length;
  }
  return false;
}

bool jpeg_holds(std::string_view c) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(c[i]); };
  std::size_t at = 2;
  bool frame = false;
  while (at + 4 <= c.size()) {
    if (byte(at) != 0xFF) return false;
    const unsigned char marker = byte(at + 1);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7)) return false;
    const std::size_t length = static_cast<std::size_t>(byte(at + 2)) << 8 | byte(at + 3);
    if (length < 2 || at + 2 + length > c.size()) return false;
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (length < 8) return false;
      const unsigned height = static_cast<unsigned>(byte(at + 5)) << 8 | byte(at + 6);
      const unsigned width = static_cast<unsigned>(byte(at + 7)) << 8 | byte(at + 8);
      if (width == 0 || height == 0) return false;
      frame = true;
    }
    if (marker == 0xDA) {  // start of scan: the image data runs to EOI at the end
      if (!frame) return false;
      std::size_t end = c.size();
      while (end > at && c[end - 1] == '\0') --end;  // padding some writers leave
      return end >= at + 4 && byte(end - 2) == 0xFF && byte(end - 1) == 0xD9;
    }
    at += 2 + length;
  }
  return false;
}

bool bmp_holds(std::string_view c) {
  const std::uint32_t declared = le32(c, 2);
  const std::uint32_t offset = le32(c, 10);
  const std::uint32_t dib = le32(c, 14);
  if ((declared != 0 && declared > c.size()) || offset >= c.size() || 14 + dib > c.size()) return false;
  if (dib == 12) {
    const unsigned w = static_cast<unsigned char>(c[18]) | static_cast<unsigned char>(c[19]) << 8;
    const unsigned h = static_cast<unsigned char>(c[20]) | static_cast<unsigned char>(c[21]) << 8;
    return w > 0 && h > 0;
  }
  if (c.size() < 30) return false;
  const auto width = static_cast<std::int32_t>(le32(c, 18));
  const auto height = static_cast<std::int32_t>(le32(c, 22));
  const unsigned bpp = static_cast<unsigned char>(c[28]) | static_cast<unsigned char>(c[29]) << 8;
  const bool bpp_ok = bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32;
  return width > 0 && height != 0 && bpp_ok;
}

}  // namespace

const Message* structure_problem(DocumentFormat format, std::string_view c) {
  switch (format) {
    case DocumentFormat::png: return png_holds(c) ? nullptr : &msg::document_undecodable;
    case DocumentFormat::jpeg: return jpeg_holds(c) ? nullptr : &msg::document_undecodable;
    case DocumentFormat::bmp: return bmp_holds(c) ? nullptr : &msg::document_undecodable;
    case DocumentFormat::pdf: {
      const std::string_view tail = c.size() > 1024 ? c.substr(c.size() - 1024) : c;
      if (tail.find("%%EOF") == std::string_view::npos) return &msg::document_pdf_invalid;
      if (c.find("/Encrypt") != std::string_view::npos) return &msg::document_pdf_encrypted;
      return nullptr;
    }
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
