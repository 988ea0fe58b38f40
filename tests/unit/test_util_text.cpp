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
