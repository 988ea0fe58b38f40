// The permit-signing key (Ed25519), its files, and the signed QR payload.

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "security/signing.hpp"
#include "service/signing.hpp"
#include "support.hpp"
#include "util/text.hpp"

using namespace soas;
using test::code_of;
using test::TempDir;

namespace {

service::PermitClaims claims() {
  return {"115000000001", "鄭小華",     "ZHENG XIAOHUA", "440524199501010014",
          "2026-11-21",   "2028-11-21", "multi-entry"};
}

}  // namespace

TEST_CASE("Ed25519 signatures verify, and fail for any change", "[security]") {
  const auto k = security::generate_signing_key();
  CHECK(k.key_id.size() == 16);
  CHECK(k.key_id == security::key_id_of(k.public_key));
  const std::string sig = security::sign_detached(k, "message");
  CHECK(sig.size() == 64);
  CHECK(security::verify_detached(k.public_key, "message", sig));
  CHECK_FALSE(security::verify_detached(k.public_key, "messagE", sig));
  CHECK(security::sign_detached(k, "message") == sig);  // deterministic: same PDF bytes
  const auto other = security::generate_signing_key();
  CHECK_FALSE(security::verify_detached(other.public_key, "message", sig));
}

TEST_CASE("key files: private 0600, refused when looser, read back whole", "[security]") {
  TempDir dir;
  const std::string path = dir.file("k.key");
  const auto k = security::generate_signing_key();
  security::write_secret_key_file(path, k);
  security::write_public_key_file(path + ".pub", k);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const auto back = security::read_secret_key_file(path);
  CHECK(back.key_id == k.key_id);
  CHECK(back.secret_key == k.secret_key);
  CHECK(security::read_public_key_file(path + ".pub") == k.public_key);
  // Never overwritten.
  CHECK(code_of([&] { security::write_secret_key_file(path, security::generate_signing_key()); }) ==
        "key-file");
  ::chmod(path.c_str(), 0640);
  CHECK(code_of([&] { security::read_secret_key_file(path); }) == "key-file");
  ::chmod(path.c_str(), 0600);
  // Not a key, or a key id that does not match its key.
  std::ofstream(path + ".bad") << "soas-ed25519-public v1 0123456789abcdef\nAAAA\n";
  CHECK(code_of([&] { security::read_public_key_file(path + ".bad"); }) == "key-file");
  std::ifstream in(path + ".pub");
  std::string magic, v, id, b64;
  in >> magic >> v >> id >> b64;
  std::ofstream(path + ".wrongid") << magic << " " << v << " 0000000000000000\n" << b64 << "\n";
  CHECK(code_of([&] { security::read_public_key_file(path + ".wrongid"); }) == "key-file");
  CHECK(code_of([&] { security::read_public_key_file(dir.file("none")); }) == "key-file");
}

TEST_CASE("permit payloads: valid, tampered, unknown key, malformed", "[security]") {
  const auto k = security::generate_signing_key();
  const auto lookup = [&](const std::string& id) -> std::optional<std::string> {
    if (id == k.key_id) return k.public_key;
    return std::nullopt;
  };
  const std::string payload = service::sign_permit(k, claims());
  CHECK(payload.rfind("SOAS1." + k.key_id + ".", 0) == 0);
  const auto v = service::verify_permit(payload, lookup);
  CHECK(v.verdict == service::Verdict::valid);
  CHECK(v.claims.name_zh == "鄭小華");
  CHECK(v.claims.valid_until == "2028-11-21");

  // Another expiry in the same key's payload.
  auto changed = claims();
  changed.valid_until = "2038-11-21";
  const std::string forged_fields = service::sign_permit(security::generate_signing_key(), changed);
  const auto parts_forged = util::split(forged_fields, '.');
  const auto parts = util::split(payload, '.');
  const std::string tampered = parts[0] + "." + parts[1] + "." + parts_forged[2] + "." + parts[3];
  CHECK(service::verify_permit(tampered, lookup).verdict == service::Verdict::tampered);

  CHECK(service::verify_permit(forged_fields, lookup).verdict == service::Verdict::unknown_key);
  CHECK(service::verify_permit("SOAS1.x.y.z", lookup).verdict == service::Verdict::malformed);
  CHECK(service::verify_permit("hello", lookup).verdict == service::Verdict::malformed);
  CHECK(service::verify_permit("", lookup).verdict == service::Verdict::malformed);
}

TEST_CASE("the payload is read from a well-formed PDF's Info dictionary only", "[security]") {
  // The first matching bytes no longer count: these are not PDFs qpdf reads.
  CHECK_FALSE(service::read_permit_pdf("%PDF-1.3\n<< /Keywords (SOAS1.a.b.c) >>"));
  CHECK_FALSE(service::read_permit_pdf("<< /Keywords (SOAS1.a.b.c) >>"));
  CHECK_FALSE(service::read_permit_pdf(""));
}

TEST_CASE("a key file that is a FIFO is refused at once, never waited on", "[security][hardening]") {
  soas::test::TempDir dir;
  const std::string fifo = dir.file("gateway.key");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(soas::test::code_of([&] { (void)soas::security::read_secret_file(fifo, "金鑰檔", "the key file"); }) ==
        "key-file");
}

TEST_CASE("a file's SHA-256 read in blocks is the bytes' own, and only a regular file is read",
          "[security]") {
  TempDir dir;
  std::string big(200000, 'x');  // more than one 64 KiB block
  big[123456] = 'y';
  const auto path = dir.write("batch.csv", big);
  CHECK(security::sha256_file_hex(path, Text{"批次檔", "the batch file"}) == security::sha256_hex(big));
  CHECK(security::sha256_file_hex(dir.write("empty", ""), Text{"x", "x"}) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(code_of([&] { security::sha256_file_hex(dir.file(""), Text{"x", "x"}); }) == "file-not-regular");
  CHECK(code_of([&] {
          security::sha256_file_hex(dir.file("missing"), Text{"x", "x"});
        }) == "file-unreadable");
}
