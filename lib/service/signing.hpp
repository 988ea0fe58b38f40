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
#include <vector>

#include "config/config.hpp"
#include "security/signing.hpp"
#include "service/accounts.hpp"
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
// Refusal "signing-key-foreign" unless the key is the one this database
// recorded as its own (another init's key file would sign permits this
// database cannot verify). ensure_signing_key refuses such a file too.
void require_own_signing_key(const config::Config& config, store::Store& store, const security::SigningKey& key);
// The private key; Failure "no-signing-key" (run soas init) when missing.
security::SigningKey load_signing_key(const config::Config& config);
// Public keys the database knows, by key id.
std::optional<std::string> known_public_key(const Env& env, const std::string& key_id);

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
// A permit PDF as libqpdf reads it (recovery off): the payload from the
// document's own Info dictionary (Keywords), and the text each show-text
// operator of its pages draws, decoded through the font's ToUnicode map.
// Nothing when the file is not a well-formed PDF or its Info holds no payload.
struct PermitPdf {
  std::string payload;
  std::vector<std::string> shown;  // one entry per Tj / TJ / ' / "
};
std::optional<PermitPdf> read_permit_pdf(const std::string& pdf_bytes);
// Whether the page prints what was signed: the permit number, the names, the
// ID number, and the issue and expiry dates as the layouts write them.
bool page_shows(const std::vector<std::string>& shown, const PermitClaims& claims);
// verify_permit on the PDF's payload, then tampered when a valid signature's
// claims are not those on the page; malformed when read_permit_pdf finds none.
Verification verify_permit_pdf(const std::string& pdf_bytes, const KeyLookup& lookup);

}  // namespace soas::service
