// lib/service/signing.cpp: the permit-signing key a database owns, and the
// signed payload each permit's QR code carries.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "core/error.hpp"
#include "pdf/layouts.hpp"
#include "service/signing.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using test::World;

namespace {

service::PermitClaims claims() {
  return service::PermitClaims{"115000000001", "李玫瑰",     "LEE ROSE", "P19990601",
                               "2026-11-21",   "2027-11-21", "arc"};
}

service::KeyLookup only(const security::SigningKey& key) {
  return [key](const std::string& id) -> std::optional<std::string> {
    if (id == key.key_id) return key.public_key;
    return std::nullopt;
  };
}

int mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return static_cast<int>(st.st_mode & 0777);
}

}  // namespace

TEST_CASE("the signing key: created once (0600, .pub beside it), then only recorded", "[signing]") {
  World w;
  w.cfg.pdf.signing_key_file = w.dir.file("permit.key");
  CHECK(code_of([&] { service::load_signing_key(w.cfg); }) == "no-signing-key");
  const auto first = service::ensure_signing_key(w.cfg, *w.store);
  CHECK(first.created);
  CHECK(first.path == w.dir.file("permit.key"));
  CHECK(first.key_id.size() == 16);
  CHECK(mode_of(first.path) == 0600);
  CHECK(std::filesystem::exists(first.path + ".pub"));
  const auto again = service::ensure_signing_key(w.cfg, *w.store);
  CHECK_FALSE(again.created);
  CHECK(again.key_id == first.key_id);
  const auto key = service::load_signing_key(w.cfg);
  CHECK(key.key_id == first.key_id);
  CHECK(service::known_public_key(w.env(), key.key_id) == key.public_key);
  CHECK_FALSE(service::known_public_key(w.env(), "0000000000000000"));
  CHECK(code_of([&] { service::require_own_signing_key(w.cfg, *w.store, key); }) == "ok");
}

TEST_CASE("another database's signing key is refused", "[signing]") {
  World mine;
  World theirs;
  mine.cfg.pdf.signing_key_file = mine.dir.file("permit.key");
  theirs.cfg.pdf.signing_key_file = theirs.dir.file("permit.key");
  service::ensure_signing_key(mine.cfg, *mine.store);
  service::ensure_signing_key(theirs.cfg, *theirs.store);
  const auto foreign = service::load_signing_key(theirs.cfg);
  CHECK(code_of([&] { service::require_own_signing_key(mine.cfg, *mine.store, foreign); }) ==
        "signing-key-foreign");
  mine.cfg.pdf.signing_key_file = theirs.cfg.pdf.signing_key_file;
  CHECK(code_of([&] { service::ensure_signing_key(mine.cfg, *mine.store); }) == "signing-key-foreign");
}

TEST_CASE("a lost key is replaced; the old public key still verifies", "[signing]") {
  World w;
  w.cfg.pdf.signing_key_file = w.dir.file("permit.key");
  service::ensure_signing_key(w.cfg, *w.store);
  const auto old_key = service::load_signing_key(w.cfg);
  const auto old_payload = service::sign_permit(old_key, claims());
  std::filesystem::remove(w.cfg.pdf.signing_key_file);
  const auto rotated = service::ensure_signing_key(w.cfg, *w.store);
  CHECK(rotated.created);
  CHECK(rotated.key_id != old_key.key_id);
  const auto lookup = [&](const std::string& id) { return service::known_public_key(w.env(), id); };
  CHECK(service::verify_permit(old_payload, lookup).verdict == service::Verdict::valid);
  // The old key is no longer the one this database signs with.
  CHECK(code_of([&] { service::require_own_signing_key(w.cfg, *w.store, old_key); }) ==
        "signing-key-foreign");
}

TEST_CASE("a permit payload verifies; changed, unknown or malformed it does not", "[signing]") {
  const auto key = security::generate_signing_key();
  const auto payload = service::sign_permit(key, claims());
  CHECK(payload.rfind("SOAS1." + key.key_id + ".", 0) == 0);
  const auto v = service::verify_permit(payload, only(key));
  CHECK(v.verdict == service::Verdict::valid);
  CHECK(v.key_id == key.key_id);
  CHECK(v.claims.permit_no == "115000000001");
  CHECK(v.claims.name_zh == "李玫瑰");
  CHECK(v.claims.valid_until == "2027-11-21");
  CHECK(v.claims.kind == "arc");
  CHECK(service::verify_permit("  " + payload + "\n", only(key)).verdict == service::Verdict::valid);

  auto other = claims();
  other.valid_until = "2099-11-21";
  const auto forged_fields = service::sign_permit(key, other);
  // Its fields with the first payload's signature.
  const auto spliced = forged_fields.substr(0, forged_fields.rfind('.')) + payload.substr(payload.rfind('.'));
  const auto t = service::verify_permit(spliced, only(key));
  CHECK(t.verdict == service::Verdict::tampered);
  CHECK(t.claims.valid_until == "2099-11-21");

  const auto stranger = security::generate_signing_key();
  CHECK(service::verify_permit(payload, only(stranger)).verdict == service::Verdict::unknown_key);
  CHECK(service::verify_permit("", only(key)).verdict == service::Verdict::malformed);
  CHECK(service::verify_permit("SOAS2" + payload.substr(5), only(key)).verdict ==
        service::Verdict::malformed);
  CHECK(service::verify_permit(payload + ".x", only(key)).verdict == service::Verdict::malformed);
  CHECK(service::verify_permit("SOAS1.short.abc.def", only(key)).verdict == service::Verdict::malformed);
}

TEST_CASE("page_shows: every signed value as the layouts print it", "[signing]") {
  const auto c = claims();
  const std::vector<std::string> page = {"No. 115000000001",
                                         "李玫瑰",
                                         "LEE ROSE",
                                         "P19990601",
                                         pdf::english_date(*util::parse_iso_date("2026-11-21")),
                                         pdf::english_date(*util::parse_iso_date("2027-11-21"))};
  CHECK(service::page_shows(page, c));
  auto missing = page;
  missing.pop_back();
  CHECK_FALSE(service::page_shows(missing, c));
  auto bad = c;
  bad.issued = "not-a-date";
  CHECK_FALSE(service::page_shows(page, bad));
}

TEST_CASE("a PDF that is not a permit has no payload", "[signing]") {
  CHECK_FALSE(service::read_permit_pdf("not a pdf"));
  const auto corpus = std::string(SOAS_TESTS_DIR) + "/documents/good.pdf";
  CHECK_FALSE(service::read_permit_pdf(test::TempDir::read(corpus)));
  const auto key = security::generate_signing_key();
  CHECK(service::verify_permit_pdf(test::TempDir::read(corpus), only(key)).verdict ==
        service::Verdict::malformed);
}
