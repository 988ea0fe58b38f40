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

TEST_CASE("a composed mail reads back as it was written: folded encoded subject, base64 body", "[mail]") {
  const auto content = mail::render(mail::k_verify, {{"account", "rose.lee"}}, "tokentoken", 24);
  const auto now = *parse_instant("2026-11-21T10:00:00");
  const auto e = mail::compose(12, mail::k_verify, "noreply@nia.example", "rose@example.com", content, now);
  const auto r = mail::read_message(e.data);
  CHECK(r.subject == content.subject);  // several encoded words, folded: one text again
  CHECK(r.body == content.body);
  CHECK(r.from == "noreply@nia.example");
  CHECK(r.to == "rose@example.com");
  CHECK(r.date == "Sat, 21 Nov 2026 10:00:00 +0800");
}

TEST_CASE("what is not a message of that form is refused, not guessed", "[mail]") {
  const auto code = [](const std::string& data) { return test::code_of([&] { mail::read_message(data); }); };
  CHECK(code("no header at all") == "mail-unreadable");
  CHECK(code("Subject x\r\n\r\nbody") == "mail-unreadable");           // a header line without ':'
  CHECK(code(" folded first\r\n\r\nbody") == "mail-unreadable");       // a continuation with nothing before
  CHECK(code("Content-Transfer-Encoding: base64\r\n\r\n@@@@") == "mail-unreadable");  // not base64
  // Plain text and words that are not UTF-8 B-encoded stay as they are.
  const auto r = mail::read_message("Subject: =?ISO-8859-1?Q?caf=E9?= ok\r\n\r\nplain\r\n");
  CHECK(r.subject == "=?ISO-8859-1?Q?caf=E9?= ok");
  CHECK(r.body == "plain\r\n");
}
