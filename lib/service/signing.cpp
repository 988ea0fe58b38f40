#include "service/signing.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <exception>
#include <map>

#include "pdf/backend.hpp"
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

std::optional<PermitPdf> read_permit_pdf(const std::string& bytes) {
  auto read = pdf::backend().read_permit(bytes);  // libqpdf, in soas-pdf.so
  if (!read || read->keywords.rfind(std::string(k_prefix) + ".", 0) != 0) return std::nullopt;
  return PermitPdf{std::move(read->keywords), std::move(read->shown)};
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
