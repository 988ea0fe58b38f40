#include "security/signing.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/files.hpp"

namespace soas::security {

namespace {

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

[[noreturn]] void key_failure(const std::string& path, const std::string& zh, const std::string& en) {
  throw Failure("key-file", Text{zh + "：" + path, en + ": " + path});
}

std::string base64(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> unbase64(std::string_view text, int variant) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, variant) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

// The file's content, refused when group or others may read it.
std::string read_private(const std::string& path) {
  // O_NONBLOCK: a FIFO named as a key is refused below, never waited on.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) key_failure(path, "無法讀取金鑰檔", "cannot read the key file");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    key_failure(path, "金鑰檔不是一般檔案", "the key file is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    key_failure(path, "金鑰檔權限過寬，請執行 chmod 600",
                "the key file's permissions are too open; run chmod 600");
  }
  std::string content;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) {
    content.append(buf, static_cast<std::size_t>(n));
    if (content.size() > 65536) break;
  }
  ::close(fd);
  return content;
}

std::string read_public(const std::string& path) {
  try {
    return read_small_file(path, 4096, Text{"公鑰檔", "the public key file"});
  } catch (const Failure&) {
    key_failure(path, "無法讀取公鑰檔（或過大）", "cannot read the public key file (or it is too large)");
  }
}

// "<magic> v1 <key id>\n<base64>\n" -> (key id, bytes)
std::pair<std::string, std::string> parse_key_text(const std::string& path, const std::string& text,
                                                   const std::string& magic, std::size_t size) {
  std::istringstream in(text);
  std::string m, version, id, b64;
  in >> m >> version >> id >> b64;
  const auto bytes = unbase64(b64, sodium_base64_VARIANT_ORIGINAL);
  if (m != magic || version != "v1" || id.size() != 16 || !bytes || bytes->size() != size) {
    key_failure(path, "金鑰檔格式錯誤", "the key file is not a soas key");
  }
  return {id, *bytes};
}

// Key files go through the one private writer (core/files.hpp): whole or
// absent, 0600. A secret key is never replaced (another init's key, or a
// race, leaves the file there as it was).
void write_file(const std::string& path, const std::string& content, bool replace) {
  try {
    write_private_atomically(path, content, replace, /*own_file=*/true);
  } catch (const Error& e) {
    if (e.code() == "output-exists") key_failure(path, "金鑰檔已存在", "the key file exists already");
    key_failure(path, "無法寫入金鑰檔", "cannot write the key file");
  }
}

}  // namespace

SigningKey generate_signing_key() {
  init_sodium();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SigningKey k;
  k.public_key.assign(reinterpret_cast<char*>(pk), sizeof pk);
  k.secret_key.assign(reinterpret_cast<char*>(sk), sizeof sk);
  sodium_memzero(sk, sizeof sk);
  k.key_id = key_id_of(k.public_key);
  return k;
}

std::string key_id_of(std::string_view public_key) {
  init_sodium();
  unsigned char h[8];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(public_key.data()),
                     public_key.size(), nullptr, 0);
  return to_hex(std::string_view(reinterpret_cast<char*>(h), sizeof h));
}

std::string sign_detached(const SigningKey& key, std::string_view message) {
  init_sodium();
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return std::string(reinterpret_cast<char*>(sig), sizeof sig);
}

bool verify_detached(std::string_view public_key, std::string_view message, std::string_view signature) {
  init_sodium();
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

void write_secret_key_file(const std::string& path, const SigningKey& key) {
  init_sodium();
  unsigned char seed[crypto_sign_SEEDBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  std::string text =
      "soas-ed25519-secret v1 " + key.key_id + "\n" +
      base64(std::string_view(reinterpret_cast<char*>(seed), sizeof seed), sodium_base64_VARIANT_ORIGINAL) +
      "\n";
  sodium_memzero(seed, sizeof seed);
  write_file(path, text, false);
  sodium_memzero(text.data(), text.size());
}

void write_public_key_file(const std::string& path, const SigningKey& key) {
  write_file(path,
             "soas-ed25519-public v1 " + key.key_id + "\n" +
                 base64(key.public_key, sodium_base64_VARIANT_ORIGINAL) + "\n",
             true);
}

SigningKey read_secret_key_file(const std::string& path) {
  init_sodium();
  std::string text = read_private(path);
  auto [id, seed] = parse_key_text(path, text, "soas-ed25519-secret", crypto_sign_SEEDBYTES);
  sodium_memzero(text.data(), text.size());
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, reinterpret_cast<const unsigned char*>(seed.data()));
  sodium_memzero(seed.data(), seed.size());
  SigningKey k;
  k.public_key.assign(reinterpret_cast<char*>(pk), sizeof pk);
  k.secret_key.assign(reinterpret_cast<char*>(sk), sizeof sk);
  sodium_memzero(sk, sizeof sk);
  k.key_id = key_id_of(k.public_key);
  if (k.key_id != id)
    key_failure(path, "金鑰檔的金鑰代號與內容不符", "the key file's key id does not match its key");
  return k;
}

std::string read_public_key_file(const std::string& path) {
  const auto [id, pk] =
      parse_key_text(path, read_public(path), "soas-ed25519-public", crypto_sign_PUBLICKEYBYTES);
  if (key_id_of(pk) != id)
    key_failure(path, "公鑰檔的金鑰代號與內容不符", "the key file's key id does not match its key");
  return pk;
}

std::string read_secret_file(const std::string& path, const char* what_zh, const char* what_en) {
  std::string text = read_private(path);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) {
    throw Failure("key-file", Text{std::string(what_zh) + "是空的：" + path,
                                   std::string(what_en) + " is empty: " + path});
  }
  return text;
}

std::string sha256_hex(std::string_view bytes) {
  init_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return to_hex(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
}

std::string sha256_file_hex(const std::string& path, const Text& what) {
  init_sodium();
  const int fd = open_regular_file(path, what);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw Failure("file-unreadable", Text{"無法讀取" + what.zh + "：" + path + "（" + why + "）",
                                            "cannot read " + what.en + ": " + path + " (" + why + ")"});
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer),
                              static_cast<unsigned long long>(n));
  }
  ::close(fd);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return to_hex(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  init_sodium();
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return to_hex(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
}

bool hmac_sha256_check(std::string_view key, std::string_view message, std::string_view hex_mac) {
  const std::string expected = hmac_sha256_hex(key, message);
  if (hex_mac.size() != expected.size()) return false;
  std::string given(hex_mac);
  for (auto& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  std::size_t len = 0;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(),
                     nullptr, &len, nullptr) != 0 ||
      len != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::string base64url(std::string_view bytes) {
  return base64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> from_base64url(std::string_view text) {
  return unbase64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

}  // namespace soas::security
