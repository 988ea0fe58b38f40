#include "domain/documents.hpp"

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
  return *actual;
}

}  // namespace soas::domain
