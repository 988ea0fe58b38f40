#include "service/signing.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <exception>
#include <map>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include "pdf/layouts.hpp"
#include "util/date.hpp"

#include "core/error.hpp"
#include "core/messages.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

constexpr const char* k_prefix = "SOAS1";

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string settings_key(const std::string& key_id) {
  return "signing.public_key." + key_id;
}

}  // namespace

namespace {

constexpr const char* k_current_key = "signing.current_key_id";

// Whether this database recorded the key as its own: the public key under
// its id, and (when the database names its current key) that id.
bool is_own_key(store::Store& store, const security::SigningKey& key) {
  const auto hex = store.settings().get(settings_key(key.key_id));
  if (!hex || *hex != security::to_hex(key.public_key)) return false;
  const auto current = store.settings().get(k_current_key);
  return !current || *current == key.key_id;
}

bool knows_any_key(store::Store& store) {
  for (const auto& [k, v] : store.settings().all()) {
    if (k.rfind("signing.public_key.", 0) == 0) return true;
  }
  return false;
}

[[noreturn]] void refuse_foreign(const std::string& path, const std::string& key_id) {
  throw Refusal(msg::signing_key_foreign, {path, key_id});
}

}  // namespace

KeySetup ensure_signing_key(const config::Config& config, store::Store& store) {
  KeySetup out;
  out.path = config::signing_key_path(config);
  security::SigningKey key;
  std::string action = "registered";
  if (exists(out.path)) {
    key = security::read_secret_key_file(out.path);
    // Another database's key (another init's file) is not adopted: permits
    // it signed would not verify against this database.
    if (knows_any_key(store) && !is_own_key(store, key)) refuse_foreign(out.path, key.key_id);
  } else {
    // A new key (first init, or the private key was lost): its public key
    // file is written fresh beside it; the public keys recorded before stay
    // in the database, so permits already issued still verify.
    key = security::generate_signing_key();
    security::write_secret_key_file(out.path, key);
    const std::string pub = out.path + ".pub";
    security::write_public_key_file(pub, key);
    out.created = true;
    action = knows_any_key(store) ? "rotated" : "created";
  }
  out.key_id = key.key_id;
  const auto current = store.settings().get(k_current_key);
  if (!store.settings().get(settings_key(key.key_id)) || !current || *current != key.key_id) {
    store.write([&] {
      if (!store.settings().get(settings_key(key.key_id))) {
        store.settings().put(settings_key(key.key_id), security::to_hex(key.public_key));
      } else {
        action = "current";
      }
      store.settings().put(k_current_key, key.key_id);
      store.audit().append(domain::AuditEntry{0, "", "system", "signing.key", "key", key.key_id, action});
    });
  }
  return out;
}

void require_own_signing_key(const config::Config& config, store::Store& store, const security::SigningKey& key) {
  if (!is_own_key(store, key)) refuse_foreign(config::signing_key_path(config), key.key_id);
}

security::SigningKey load_signing_key(const config::Config& config) {
  const std::string path = config::signing_key_path(config);
  if (!exists(path)) {
    throw Failure("no-signing-key", Text{"找不到許可證簽章金鑰，請先執行 soas init：" + path,
                                         "no permit signing key; run soas init first: " + path});
  }
  return security::read_secret_key_file(path);
}

std::optional<std::string> known_public_key(const Env& env, const std::string& key_id) {
  const auto hex = env.store.settings().get(settings_key(key_id));
  if (!hex) return std::nullopt;
  return security::from_hex(*hex);
}

std::string sign_permit(const security::SigningKey& key, const PermitClaims& c) {
  const std::string fields = c.permit_no + "\n" + c.name_zh + "\n" + c.name_en + "\n" + c.id_no + "\n" +
                             c.issued + "\n" + c.valid_until + "\n" + c.kind;
  const std::string head = std::string(k_prefix) + "." + key.key_id + "." + security::base64url(fields);
  return head + "." + security::base64url(security::sign_detached(key, head));
}

Verification verify_permit(const std::string& payload_in, const KeyLookup& lookup) {
  Verification v;
  const std::string payload(util::trim(payload_in));
  const auto parts = util::split(payload, '.');
  if (parts.size() != 4 || parts[0] != k_prefix || parts[1].size() != 16) return v;
  v.key_id = parts[1];
  const auto fields = security::from_base64url(parts[2]);
  const auto sig = security::from_base64url(parts[3]);
  if (!fields || !sig) return v;
  const auto lines = util::split(*fields, '\n');
  if (lines.size() != 7) return v;
  v.claims = PermitClaims{lines[0], lines[1], lines[2], lines[3], lines[4], lines[5], lines[6]};
  const auto pk = lookup(v.key_id);
  if (!pk) {
    v.verdict = Verdict::unknown_key;
    return v;
  }
  const std::string head = payload.substr(0, payload.rfind('.'));
  v.verdict = security::verify_detached(*pk, head, *sig) ? Verdict::valid : Verdict::tampered;
  return v;
}

namespace {

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
    } else if ((op == "Tj" || op == "'" || op == "\"") && !m_operands.empty() && m_operands.back().isString()) {
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
      const std::uint32_t code = static_cast<unsigned char>(bytes[i]) << 8 | static_cast<unsigned char>(bytes[i + 1]);
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

std::optional<PermitPdf> read_permit_pdf(const std::string& bytes) {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processMemoryFile("permit", bytes.data(), bytes.size());
    QPDFObjectHandle info = pdf.getTrailer().getKey("/Info");
    if (!info.isDictionary()) return std::nullopt;
    QPDFObjectHandle keywords = info.getKey("/Keywords");
    if (!keywords.isString()) return std::nullopt;
    PermitPdf out;
    out.payload = keywords.getUTF8Value();
    if (out.payload.rfind(std::string(k_prefix) + ".", 0) != 0) return std::nullopt;
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
          fonts[name] = read_to_unicode(std::string(reinterpret_cast<const char*>(data->getBuffer()),
                                                    data->getSize()));
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

bool page_shows(const std::vector<std::string>& shown, const PermitClaims& c) {
  const auto issued = util::parse_iso_date(c.issued);
  const auto until = util::parse_iso_date(c.valid_until);
  if (!issued || !until) return false;
  for (const std::string& wanted : {c.permit_no, c.name_zh, c.name_en, c.id_no, pdf::english_date(*issued),
                                    pdf::english_date(*until)}) {
    if (wanted.empty()) continue;
    bool found = false;
    for (const std::string& s : shown) {
      if (s.find(wanted) != std::string::npos) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

Verification verify_permit_pdf(const std::string& bytes, const KeyLookup& lookup) {
  const auto read = read_permit_pdf(bytes);
  if (!read) return Verification{};
  Verification v = verify_permit(read->payload, lookup);
  if (v.verdict == Verdict::valid && !page_shows(read->shown, v.claims)) v.verdict = Verdict::tampered;
  return v;
}

}  // namespace soas::service
