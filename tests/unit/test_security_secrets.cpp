#include <catch2/catch.hpp>

#include <set>

#include "security/secrets.hpp"

using namespace soas::security;

TEST_CASE("passwords are hashed with Argon2id and verified", "[security]") {
  const std::string h = hash_password("student-pw1");
  CHECK(h.rfind("$argon2id$", 0) == 0);
  CHECK(h.find("student-pw1") == std::string::npos);
  CHECK(verify_password(h, "student-pw1"));
  CHECK_FALSE(verify_password(h, "student-pw2"));
  CHECK(hash_password("student-pw1") != h);  // salted
  CHECK_FALSE(verify_password("not a hash", "x"));
}

TEST_CASE("tokens: 256 random bits, stored only as a hash", "[security]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string t = new_token();
    CHECK(t.size() == 52);
    CHECK(t.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos);
    CHECK(seen.insert(t).second);
  }
  const std::string t = new_token();
  CHECK(token_hash(t).size() == 64);
  CHECK(token_hash(t) == token_hash(t));
  CHECK(token_hash(t) != token_hash(new_token()));
  CHECK(normalize_token("  " + std::string(52, 'A') + "\n") == std::string(52, 'a'));
  CHECK(normalize_token("short").empty());
  CHECK(normalize_token(std::string(51, 'a') + "1").empty());  // 1 is not base32
  std::string secret = "hunter22";
  wipe(secret);
  CHECK(secret.empty());
}
