#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "mail/mail.hpp"
#include "support.hpp"

using namespace soas;

TEST_CASE("outbox params round-trip, escapes included", "[mail]") {
  const mail::Params p = {{"account", "rose.lee"}, {"note", "two\nlines \\ and = signs"}};
  CHECK(mail::decode_params(mail::encode_params(p)) == p);
}

TEST_CASE("a verification mail: folded encoded subject, base64 body, fixed Date and Message-ID", "[mail]") {
  const auto content = mail::render(mail::k_verify, {{"account", "rose.lee"}}, "tokentoken", 24);
  CHECK(content.body.find("soas account verify tokentoken") != std::string::npos);
  CHECK(content.body.find("24 小時") != std::string::npos);
  const auto now = *parse_instant("2026-11-21T10:00:00");
  const auto e = mail::compose(12, mail::k_verify, "noreply@nia.example", "rose@example.com", content, now);
  CHECK(e.name == "000012-verify.eml");
  CHECK(e.data.find("Date: Sat, 21 Nov 2026 10:00:00 +0800\r\n") != std::string::npos);
  CHECK(e.data.find("Message-ID: <000012.verify@nia.example>\r\n") != std::string::npos);
  CHECK(e.data.find("Content-Transfer-Encoding: base64\r\n") != std::string::npos);
  CHECK(e.data.find("tokentoken") == std::string::npos);  // only inside the base64 body
  // Every header line, folded, stays within 78 characters.
  std::size_t start = 0;
  const std::size_t end_of_headers = e.data.find("\r\n\r\n");
  while (start < end_of_headers) {
    const std::size_t eol = e.data.find("\r\n", start);
    CHECK(eol - start <= 78);
    start = eol + 2;
  }
  CHECK_THROWS(mail::render("birthday", {}, "", 0));
  CHECK(mail::needs_token(mail::k_reset));
}

TEST_CASE("the directory mailer writes one 0600 file per mail", "[mail]") {
  test::TempDir dir;
  mail::DirectoryMailer m(dir.file("out"));
  m.deliver(mail::Envelope{"a@x.example", "b@x.example", "000001-verify.eml", "data"});
  CHECK(test::TempDir::read(dir.file("out/000001-verify.eml")) == "data");
}
