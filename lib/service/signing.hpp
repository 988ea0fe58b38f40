#pragma once
// The agency's permit-signing key and the signed payload each permit's QR
// code carries (man soas-download(1) "VERIFYING").
//
// Payload: SOAS1.<key id>.<fields>.<signature>, where fields is the base64url
// of the UTF-8 lines permit number, Chinese name, name, ID number, issue
// date, expiry, kind; the signature is the base64url Ed25519 signature of
// everything before the last dot.

#include <functional>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "security/signing.hpp"
#include "store/store.hpp"

namespace soas::service {

struct KeySetup {
  std::string path;
  std::string key_id;
  bool created = false;
};
// Creates the key pair when the key file does not exist (private key 0600,
// public key beside it as <file>.pub) and records the public key in the
// database; with an existing file, only records its public key. Idempotent.
KeySetup ensure_signing_key(const config::Config& config, store::Store& store);
// The private key; Failure "no-signing-key" (run soas init) when missing.
security::SigningKey load_signing_key(const config::Config& config);
// Public keys the database knows, by key id.
std::optional<std::string> known_public_key(store::Store& store, const std::string& key_id);

struct PermitClaims {
  std::string permit_no;
  std::string name_zh;
  std::string name_en;
  std::string id_no;
  std::string issued;       // yyyy-mm-dd
  std::string valid_until;  // yyyy-mm-dd
  std::string kind;
};
std::string sign_permit(const security::SigningKey& key, const PermitClaims& claims);

enum class Verdict { valid, tampered, unknown_key, malformed };
struct Verification {
  Verdict verdict = Verdict::malformed;
  std::string key_id;
  PermitClaims claims;  // as read from the payload (untrusted unless valid)
};
using KeyLookup = std::function<std::optional<std::string>(const std::string& key_id)>;
Verification verify_permit(const std::string& payload, const KeyLookup& lookup);
// The payload a soas permit PDF carries (its Keywords entry), if any.
std::optional<std::string> payload_in_pdf(const std::string& pdf_bytes);

}  // namespace soas::service
