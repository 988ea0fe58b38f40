#include "service/signing.hpp"

#include <sys/stat.h>

#include "core/error.hpp"
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

KeySetup ensure_signing_key(const config::Config& config, store::Store& store) {
  KeySetup out;
  out.path = config::signing_key_path(config);
  security::SigningKey key;
  if (exists(out.path)) {
    key = security::read_secret_key_file(out.path);
  } else {
    key = security::generate_signing_key();
    security::write_secret_key_file(out.path, key);
    if (!exists(out.path + ".pub")) security::write_public_key_file(out.path + ".pub", key);
    out.created = true;
  }
  out.key_id = key.key_id;
  if (!store.settings().get(settings_key(key.key_id))) {
    store.write([&] {
      store.settings().put(settings_key(key.key_id), security::to_hex(key.public_key));
      store.audit().append(store::AuditEntry{0, "", "system", "signing.key", "key", key.key_id,
                                             out.created ? "created" : "registered"});
    });
  }
  return out;
}

security::SigningKey load_signing_key(const config::Config& config) {
  const std::string path = config::signing_key_path(config);
  if (!exists(path)) {
    throw Failure("no-signing-key", Text{"找不到許可證簽章金鑰，請先執行 soas init：" + path,
                                         "no permit signing key; run soas init first: " + path});
  }
  return security::read_secret_key_file(path);
}

std::optional<std::string> known_public_key(store::Store& store, const std::string& key_id) {
  const auto hex = store.settings().get(settings_key(key_id));
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

std::optional<std::string> payload_in_pdf(const std::string& pdf) {
  if (pdf.compare(0, 5, "%PDF-") != 0) return std::nullopt;
  const std::size_t at = pdf.find("/Keywords (SOAS1.");
  if (at == std::string::npos) return std::nullopt;
  const std::size_t start = at + 11;
  const std::size_t end = pdf.find(')', start);
  if (end == std::string::npos) return std::nullopt;
  return pdf.substr(start, end - start);
}

}  // namespace soas::service
