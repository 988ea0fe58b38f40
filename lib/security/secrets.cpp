#include "security/secrets.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/error.hpp"
#include "util/text.hpp"

namespace soas::security {

namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready)
    throw Failure("crypto-unavailable", Text{"無法初始化 libsodium", "libsodium failed to initialise"});
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Failure("out-of-memory", Text{"雜湊密碼時記憶體不足", "out of memory while hashing the password"});
  }
  return out;
}

bool verify_password(const std::string& encoded_hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

void verify_against_nothing(std::string_view password) {
  // A fixed hash of a random password with the same limits as real ones.
  static const std::string k_decoy = hash_password(new_token());
  (void)verify_password(k_decoy, password);
}

std::string new_token() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  static constexpr char k_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += k_alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += k_alphabet[(buffer << (5 - bits)) & 31];
  sodium_memzero(bytes, sizeof bytes);
  return out;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES];  // 32
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string normalize_token(std::string_view typed) {
  const std::string t = util::to_lower_ascii(util::trim(typed));
  if (t.size() != 52 || t.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") != std::string::npos)
    return "";
  return t;
}

void wipe(std::string& secret) {
  if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

}  // namespace soas::security
