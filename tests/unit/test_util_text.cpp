#include <catch2/catch.hpp>

#include "util/text.hpp"

using namespace soas::util;

TEST_CASE("UTF-8 validation refuses malformed sequences", "[text]") {
  CHECK(is_valid_utf8("臺北市"));
  CHECK(is_valid_utf8("plain"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xE8\x87"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));  // beyond U+10FFFF
  CHECK(codepoint_count("臺北abc") == 5);
}

TEST_CASE("display width counts CJK as two columns", "[text]") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("待審核") == 6);
  CHECK(display_width("ＡＢ") == 4);  // full-width letters
  CHECK(pad_right("待審", 6) == "待審  ");
  CHECK(pad_right("toolong", 3) == "toolong");
}

TEST_CASE("small string helpers", "[text]") {
  CHECK(trim("  a b \t\n") == "a b");
  CHECK(to_lower_ascii("QQ.Com") == "qq.com");
  CHECK(to_upper_ascii("p1234") == "P1234");
  CHECK(split("a,b,,c", ',') == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(starts_with("smtps://x", "smtps://"));
  CHECK(ends_with("a.qq.com", ".qq.com"));
  CHECK(substitute("送件成功，收件號:{}", {"115000000001"}) == "送件成功，收件號:115000000001");
  CHECK(substitute("{} and {}", {"a"}) == "a and {}");
}

TEST_CASE("did-you-mean picks a close candidate only", "[text]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(closest_match("windw", {"window", "workdays", "fees"}) == "window");
  CHECK(closest_match("fess", {"fees", "quote"}) == "fees");
  CHECK(closest_match("zzzzzz", {"fees", "quote"}).empty());
}

TEST_CASE("control characters are found and shown escaped, never passed on", "[text][hardening]") {
  CHECK(is_control(0x1B));
  CHECK(is_control(0x7F));
  CHECK(is_control(0x9B));  // C1 CSI
  CHECK_FALSE(is_control(0xA0));
  CHECK_FALSE(is_control('a'));
  CHECK(first_control("plain 臺北") == std::nullopt);
  CHECK(first_control("a\tb\nc") == char32_t{'\t'});
  CHECK(first_control("a\tb\nc", true) == std::nullopt);
  CHECK(first_control("x\x1b]0;t\x07") == char32_t{0x1B});
  CHECK(first_control("x\xC2\x9B" "31m") == char32_t{0x9B});

  CHECK(escape_controls("臺北 ok\n\ttab") == "臺北 ok\n\ttab");
  CHECK(escape_controls("A\x1b]0;pwned\x07" "B") == "A\\u001B]0;pwned\\u0007B");
  CHECK(escape_controls("del\x7f") == "del\\u007F");
  CHECK(escape_controls("c1\xC2\x9B" "2J") == "c1\\u009B2J");
  CHECK(escape_controls("bad\xFF\xC3") == "bad\\xFF\\xC3");  // not UTF-8: bytes shown
  CHECK(escape_controls("cr\r") == "cr\\u000D");
}

TEST_CASE("shell_quote gives words a shell reads back", "[text]") {
  CHECK(shell_quote("soas.db") == "soas.db");
  CHECK(shell_quote("/tmp/a-b_c/x.db-wal") == "/tmp/a-b_c/x.db-wal");
  CHECK(shell_quote("my db") == "'my db'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("") == "''");
}
