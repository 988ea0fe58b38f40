#pragma once
// Passwords and tokens. Passwords are hashed with Argon2id (libsodium's
// crypto_pwhash_str, interactive limits); tokens are 256 random bits, shown
// once and stored only as a BLAKE2b-256 hash. Nothing here logs or prints.

#include <string>
#include <string_view>

namespace soas::security {

// An Argon2id hash in libsodium's encoded form ($argon2id$v=19$...).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& encoded_hash, std::string_view password);
// Spends the time a verification takes, for names that match no account, so
// timing does not tell whether an account exists.
void verify_against_nothing(std::string_view password);

// A new random token: 256 bits as 52 lower-case base32 characters.
std::string new_token();
// The hex BLAKE2b-256 of a token: what the database keeps.
std::string token_hash(std::string_view token);
// A token typed back by a person: trimmed, lower-cased, or empty when it
// cannot be one.
std::string normalize_token(std::string_view typed);

// Overwrites a secret held in a string before it is released.
void wipe(std::string& secret);

}  // namespace soas::security
