// The PDF back end's reading half (pdf/backend.hpp), through libqpdf: the
// checks an uploaded PDF must pass, and a permit's Info payload and page text
// for verify permit. Part of soas-pdf.so, not of soas_core.

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <cstdint>
#include <exception>
#include <map>

#include "pdf/backend/parts.hpp"

namespace soas::pdf::backend_parts {

namespace {

// What a PDF object holds that an upload must not: script, actions that run
// something, embedded files and media. Names are compared after qpdf has
// decoded their escapes (/Encr#79pt is /Encrypt, /J#53 is /JS).
const Message* active_content(QPDFObjectHandle object, int depth) {
  if (depth > 64) return &msg::document_pdf_invalid;  // qpdf bounds nesting when parsing; so do we
  if (object.isArray()) {
    for (QPDFObjectHandle item : object.getArrayAsVector()) {
      if (item.isIndirect()) continue;  // visited on its own
      if (const Message* m = active_content(item, depth + 1)) return m;
    }
    return nullptr;
  }
  const bool stream = object.isStream();
  if (!stream && !object.isDictionary()) return nullptr;
  QPDFObjectHandle dict = stream ? object.getDict() : object;
  const auto name_of = [&](const char* key) {
    QPDFObjectHandle v = dict.getKey(key);
    return v.isName() ? v.getName() : std::string();
  };
  const std::string action = name_of("/S");
  const std::string type = name_of("/Type");
  const std::string subtype = name_of("/Subtype");
  if (dict.hasKey("/JS") || action == "/JavaScript" || action == "/Launch" || action == "/ImportData") {
    return &msg::document_pdf_active;
  }
  if (dict.hasKey("/XFA") || dict.hasKey("/EF") || dict.hasKey("/RichMediaContent") ||
      type == "/EmbeddedFile" || type.rfind("/RichMedia", 0) == 0 || subtype == "/RichMedia" ||
      subtype == "/FileAttachment" || action == "/GoToE") {
    return &msg::document_pdf_embedded;
  }
  for (auto [key, value] : dict.getDictAsMap()) {
    if (value.isIndirect()) continue;
    if (const Message* m = active_content(value, depth + 1)) return m;
  }
  return nullptr;
}

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// <XXXX> at `at` (after skipping blanks) as a number; advances `at`.
std::optional<std::uint32_t> cmap_hex(const std::string& s, std::size_t& at) {
  while (at < s.size() && std::isspace(static_cast<unsigned char>(s[at]))) ++at;
  if (at >= s.size() || s[at] != '<') return std::nullopt;
  std::uint32_t v = 0;
  std::size_t digits = 0;
  for (++at; at < s.size() && s[at] != '>'; ++at, ++digits) {
    const int h = hex_value(s[at]);
    if (h < 0 || digits >= 8) return std::nullopt;
    v = v << 4 | static_cast<std::uint32_t>(h);
  }
  if (at >= s.size()) return std::nullopt;
  ++at;
  return v;
}

// The bfchar entries of a ToUnicode CMap (the form lib/pdf writes: two-byte
// codes, one BMP character each). Other forms map nothing, and so their text
// does not match what was signed.
std::map<std::uint32_t, char32_t> read_to_unicode(const std::string& cmap) {
  std::map<std::uint32_t, char32_t> out;
  std::size_t at = 0;
  while ((at = cmap.find("beginbfchar", at)) != std::string::npos) {
    at += 11;
    const std::size_t end = cmap.find("endbfchar", at);
    if (end == std::string::npos) break;
    while (at < end) {
      const auto code = cmap_hex(cmap, at);
      const auto cp = code ? cmap_hex(cmap, at) : std::nullopt;
      if (!code || !cp || at > end) break;
      out[*code] = static_cast<char32_t>(*cp);
    }
    at = end;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Collects the text of a page's show-text operators.
class ShownText : public QPDFObjectHandle::ParserCallbacks {
 public:
  ShownText(std::map<std::string, std::map<std::uint32_t, char32_t>> fonts, std::vector<std::string>& out)
      : m_fonts(std::move(fonts)), m_out(out) {}

  void handleObject(QPDFObjectHandle object) override {
    if (!object.isOperator()) {
      m_operands.push_back(object);
      return;
    }
    const std::string op = object.getOperatorValue();
    if (op == "Tf" && m_operands.size() == 2 && m_operands[0].isName()) {
      const auto it = m_fonts.find(m_operands[0].getName());
      m_font = it == m_fonts.end() ? nullptr : &it->second;
    } else if ((op == "Tj" || op == "'" || op == "\"") && !m_operands.empty() &&
               m_operands.back().isString()) {
      m_out.push_back(decode(m_operands.back().getStringValue()));
    } else if (op == "TJ" && m_operands.size() == 1 && m_operands[0].isArray()) {
      std::string text;
      for (QPDFObjectHandle item : m_operands[0].getArrayAsVector()) {
        if (item.isString()) text += decode(item.getStringValue());
      }
      m_out.push_back(text);
    }
    m_operands.clear();
  }
  void handleEOF() override {}

 private:
  std::string decode(const std::string& bytes) const {
    std::string text;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
      const std::uint32_t code =
          static_cast<unsigned char>(bytes[i]) << 8 | static_cast<unsigned char>(bytes[i + 1]);
      const auto it = m_font ? m_font->find(code) : decltype(m_font->end()){};
      append_utf8(text, m_font && it != m_font->end() ? it->second : U'\uFFFD');
    }
    return text;
  }

  std::map<std::string, std::map<std::uint32_t, char32_t>> m_fonts;
  std::vector<std::string>& m_out;
  std::vector<QPDFObjectHandle> m_operands;
  const std::map<std::uint32_t, char32_t>* m_font = nullptr;
};

}  // namespace

// A PDF is parsed by libqpdf with recovery off, so a damaged cross-reference
// table, a file that only looks like a PDF (%PDF- and %%EOF, nothing between)
// or an object that does not parse is refused rather than rebuilt. Then:
// not encrypted (qpdf reads the trailer, whatever the spelling of its names),
// at least one page, and no object anywhere (object streams included) holding
// script, a Launch action, embedded files, RichMedia or XFA.
const Message* upload_problem(std::string_view c) {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processMemoryFile("document", c.data(), c.size());
    if (pdf.isEncrypted()) return &msg::document_pdf_encrypted;
    if (pdf.getTrailer().hasKey("/Encrypt")) return &msg::document_pdf_encrypted;
    if (QPDFPageDocumentHelper(pdf).getAllPages().empty()) return &msg::document_pdf_no_page;
    if (QPDFEmbeddedFileDocumentHelper(pdf).hasEmbeddedFiles()) return &msg::document_pdf_embedded;
    if (const Message* m = active_content(pdf.getTrailer(), 0)) return m;
    for (QPDFObjectHandle object : pdf.getAllObjects()) {
      if (const Message* m = active_content(object, 0)) return m;
    }
    if (pdf.anyWarnings()) return &msg::document_pdf_invalid;
    return nullptr;
  } catch (const QPDFExc& e) {
    if (e.getErrorCode() == qpdf_e_password) return &msg::document_pdf_encrypted;
    return &msg::document_pdf_invalid;
  } catch (const std::exception&) {  // qpdf's runtime and logic errors: a file it cannot read
    return &msg::document_pdf_invalid;
  }
}

std::optional<PermitText> read_permit(const std::string& bytes) {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processMemoryFile("permit", bytes.data(), bytes.size());
    QPDFObjectHandle info = pdf.getTrailer().getKey("/Info");
    if (!info.isDictionary()) return std::nullopt;
    QPDFObjectHandle keywords = info.getKey("/Keywords");
    if (!keywords.isString()) return std::nullopt;
    PermitText out;
    out.keywords = keywords.getUTF8Value();
    const auto pages = QPDFPageDocumentHelper(pdf).getAllPages();
    if (pages.empty()) return std::nullopt;
    for (QPDFPageObjectHelper page : pages) {
      std::map<std::string, std::map<std::uint32_t, char32_t>> fonts;
      QPDFObjectHandle resources = page.getAttribute("/Resources", false);
      QPDFObjectHandle font_dict = resources.isDictionary() ? resources.getKey("/Font") : QPDFObjectHandle();
      if (font_dict.isDictionary()) {
        for (auto [name, font] : font_dict.getDictAsMap()) {
          if (!font.isDictionary()) continue;
          QPDFObjectHandle map = font.getKey("/ToUnicode");
          if (!map.isStream()) continue;
          const auto data = map.getStreamData(qpdf_dl_generalized);
          fonts[name] =
              read_to_unicode(std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize()));
        }
      }
      ShownText text(std::move(fonts), out.shown);
      page.parseContents(&text);
    }
    if (pdf.anyWarnings()) return std::nullopt;
    return out;
  } catch (const std::exception&) {  // QPDFExc and qpdf's other errors: not a well-formed PDF
    return std::nullopt;
  }
}

}  // namespace soas::pdf::backend_parts
