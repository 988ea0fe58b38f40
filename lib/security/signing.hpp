#pragma once
// Signatures: the agency's Ed25519 key that signs each permit's QR payload,
// and the HMAC-SHA256 shared with payment gateways (libsodium). Key files
// hold secrets: they are written 0600 and refused when group or others may
// read them. Nothing here logs or prints a key.

#include <optional>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace soas::security {

struct SigningKey {
  std::string key_id;      // 16 hex characters naming the public key
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes (libsodium's seed + public key form)
};

SigningKey generate_signing_key();
// The key id of a public key: the first 8 bytes of its BLAKE2b hash, in hex.
std::string key_id_of(std::string_view public_key);
std::string sign_detached(const SigningKey& key, std::string_view message);  // 64 bytes
bool verify_detached(std::string_view public_key, std::string_view message, std::string_view signature);

// Key files. The secret key file: "soas-ed25519-secret v1 <key id>" and the
// base64 seed on the next line; created with O_EXCL and mode 0600. The public
// key file: "soas-ed25519-public v1 <key id>" and the base64 public key.
// Failures throw Failure "key-file" naming the file (never its content).
void write_secret_key_file(const std::string& path, const SigningKey& key);
void write_public_key_file(const std::string& path, const SigningKey& key);
SigningKey read_secret_key_file(const std::string& path);
// The public key (32 bytes) in a public key file.
std::string read_public_key_file(const std::string& path);
// A shared secret from a file (trailing newline dropped), refused when
// group or others may read it or it is empty.
std::string read_secret_file(const std::string& path, const char* what_zh, const char* what_en);

// SHA-256 of the bytes as lower-case hex (a file's fingerprint).
std::string sha256_hex(std::string_view bytes);
// The same of a whole file, read in blocks (a batch file of any size), opened
// as every file soas reads is (open_regular_file: a regular file, named as
// WHAT in the error otherwise). Failure "file-unreadable" on a read error.
std::string sha256_file_hex(const std::string& path, const Text& what);

// HMAC-SHA256 as lower-case hex; the check compares in constant time.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
bool hmac_sha256_check(std::string_view key, std::string_view message, std::string_view hex_mac);

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);
std::string base64url(std::string_view bytes);  // no padding
std::optional<std::string> from_base64url(std::string_view text);

}  // namespace soas::security
