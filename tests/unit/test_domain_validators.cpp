#include <catch2/catch.hpp>

#include "domain/validators.hpp"

using namespace soas;
using namespace soas::domain;
using util::Date;

namespace {

std::string code_of(const Check& c) {
  return c ? c->code : "ok";
}

}  // namespace

TEST_CASE("password rule: 8 characters, a lowercase letter and a digit", "[validators]") {
  CHECK(code_of(check_password("abcdefg1")) == "ok");
  CHECK(code_of(check_password("abcdef1")) == "password-weak");   // 7 characters
  CHECK(code_of(check_password("abcdefgh")) == "password-weak");  // no digit
  CHECK(code_of(check_password("ABCDEFG1")) == "password-weak");  // no lowercase
  CHECK(code_of(check_password("12345678")) == "password-weak");
  CHECK(code_of(check_password("密碼密碼密碼a1")) == "ok");  // 8 characters, 20 bytes
  CHECK(code_of(check_password(std::string(127, 'a') + "1")) == "ok");
  CHECK(code_of(check_password(std::string(128, 'a') + "1")) == "password-too-long");
  CHECK(code_of(check_password("abcdefg1\xff")) == "password-weak");  // not UTF-8
  CHECK(check_password("abc")->message.zh == "密碼長度至少8個字，且至少1個英文小寫字母及1個阿拉伯數字");
  CHECK(code_of(check_password_confirmation("abcdefg1", "abcdefg2")) == "password-mismatch");
  CHECK(code_of(check_password_confirmation("abcdefg1", "abcdefg1")) == "ok");
}

TEST_CASE("e-mail shape", "[validators]") {
  for (const char* ok :
       {"yinnora@gmail.com", "tseng@hotmail.com", "a.b+c@sub.example.org", "X_Y@ntut.edu.tw"}) {
    INFO(ok);
    CHECK(code_of(check_email_shape(ok)) == "ok");
  }
  for (const char* bad : {"", "a", "a@b", "@b.com", "a@@b.com", "a b@c.com", "a@b.c", "a@b.c1", ".a@b.com",
                          "a..b@c.com", "a@-b.com", "a@b..com", "甲@b.com"}) {
    INFO(bad);
    CHECK(code_of(check_email_shape(bad)) == "email-invalid");
  }
}

TEST_CASE("mainland mail domains are refused with the seed's message", "[validators]") {
  const auto& providers = default_mainland_mail_domains();
  for (const char* bad :
       {"x@qq.cn", "x@xxx.cn", "x@qq.com", "x@vip.qq.com", "x@163.com", "x@example.com.cn", "X@QQ.COM"}) {
    INFO(bad);
    const auto c = check_email(bad, providers);
    REQUIRE(c);
    CHECK(c->code == "email-mainland-domain");
    CHECK(c->message.zh ==
          "申請人不得使用大陸地區郵件帳號作為回覆郵件位址(例如qq.cn或xxx.cn等相關大陸email)"
          "，並請務必提供正確email資訊。");
  }
  CHECK(code_of(check_email("x@notqq.com", providers)) == "ok");
  CHECK(code_of(check_email("x@gmail.com", providers)) == "ok");
  CHECK(code_of(check_email("x@gmail.com", {"gmail.com"})) == "email-mainland-domain");  // configurable
}

TEST_CASE("Gregorian dates, and birth dates not in the future", "[validators]") {
  CHECK(code_of(check_gregorian_date("1999/06/01")) == "ok");
  CHECK(code_of(check_gregorian_date("1999-06-01")) == "ok");
  CHECK(code_of(check_gregorian_date("88/06/01")) == "date-invalid");  // ROC year
  CHECK(code_of(check_gregorian_date("1999/02/29")) == "date-invalid");
  CHECK(code_of(check_gregorian_date("1800/01/01")) == "date-invalid");
  CHECK(code_of(check_gregorian_date("2000/02/29")) == "ok");
  const Date today(2026, 11, 21);
  CHECK(code_of(check_gregorian_date("2026/11/21", today)) == "ok");
  CHECK(code_of(check_gregorian_date("2026/11/22", today)) == "date-in-future");
}

TEST_CASE("mainland resident ID: ISO 7064 MOD 11-2", "[validators]") {
  // 11010519491231002X: sum of digit x weight = 167, 167 mod 11 = 2 -> 'X'.
  CHECK(mainland_id_check_character("11010519491231002") == 'X');
  // 44052419950101001: sum 217, 217 mod 11 = 8 -> '4'.
  CHECK(mainland_id_check_character("44052419950101001") == '4');
  CHECK(code_of(check_mainland_id("11010519491231002X")) == "ok");
  CHECK(code_of(check_mainland_id("440524199501010014")) == "ok");
  // GB 11643's own example, born 1880: any real date up to today is a birth date.
  CHECK(code_of(check_mainland_id("440524188001010014")) == "ok");
  CHECK(code_of(check_mainland_id("440524188001010014", Date(2026, 12, 2))) == "ok");
  CHECK(code_of(check_mainland_id("110105202701010010", Date(2026, 12, 2))) == "mainland-id-invalid");  // born tomorrow+
  CHECK(code_of(check_mainland_id("440524188002300014")) == "mainland-id-invalid");  // 30 February
  CHECK(code_of(check_mainland_id("110105194912310021")) == "mainland-id-check");
  // A wrong check character is a wrong check character, whatever it is.
  CHECK(code_of(check_mainland_id("11010519491231002x")) == "mainland-id-check");  // lowercase x
  CHECK(code_of(check_mainland_id("11010519491231002A")) == "mainland-id-check");
  CHECK(code_of(check_mainland_id("44052419950101001X")) == "mainland-id-check");
  CHECK(code_of(check_mainland_id("11010519491331002X")) == "mainland-id-invalid");  // month 13
  CHECK(code_of(check_mainland_id("1101051949123100")) == "mainland-id-invalid");    // 16 chars
  CHECK(code_of(check_mainland_id("01010519491231002X")) == "mainland-id-invalid");  // area 0
  CHECK(mainland_id_birth_date("11010519491231002X") == Date(1949, 12, 31));
}

TEST_CASE("Taiwan ID and unified ID (ARC) numbers", "[validators]") {
  CHECK(ui_letter_code('A') == 10);
  CHECK(ui_letter_code('H') == 17);
  CHECK(ui_letter_code('J') == 18);
  CHECK(ui_letter_code('W') == 32);
  CHECK(ui_letter_code('X') == 30);
  CHECK(ui_letter_code('Z') == 33);
  CHECK(ui_letter_code('I') == 34);
  CHECK(ui_letter_code('O') == 35);
  CHECK(ui_letter_code('a') == -1);
  // A123456789: 1*1 + 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 + 8*1 + 9 = 130.
  CHECK(code_of(check_ui_number("A123456789")) == "ok");
  CHECK(code_of(check_ui_number("A123456788")) == "ui-number-check");
  // New unified ID A800000014: 1 + 8*8 + 1*1 + 4 = 70.
  CHECK(code_of(check_ui_number("A800000014")) == "ok");
  CHECK(code_of(check_ui_number("A800000015")) == "ui-number-check");
  // Old ARC AC01234567: 1 + (12 mod 10)*8 + 0*7+1*6+2*5+3*4+4*3+5*2+6*1 + 7 = 80.
  CHECK(code_of(check_ui_number("AC01234567")) == "ok");
  // I123456781: I=34 -> 3 + 4*9 + 8 + 112 + 1 = 160.
  CHECK(code_of(check_ui_number("I123456781")) == "ok");
  CHECK(code_of(check_ui_number("A323456789")) == "ui-number-invalid");  // second digit 3
  CHECK(code_of(check_ui_number("AE01234567")) == "ui-number-invalid");  // old form is A-D
  CHECK(code_of(check_ui_number("a123456789")) == "ui-number-invalid");
  CHECK(code_of(check_ui_number("A12345678")) == "ui-number-invalid");
}

TEST_CASE("passport, phone and extension shapes", "[validators]") {
  CHECK(code_of(check_passport("P19990601")) == "ok");
  CHECK(code_of(check_passport("T12345678")) == "ok");
  CHECK(code_of(check_passport("p19990601")) == "passport-invalid");
  CHECK(code_of(check_passport("P1-99")) == "passport-invalid");
  CHECK(code_of(check_passport("P123")) == "passport-invalid");
  CHECK(code_of(check_passport(std::string(21, 'A'))) == "passport-invalid");
  for (const char* ok : {"02-27967162", "+886-2-2796-7162", "0800-024-111", "(02) 2796 7162", "0912345678"}) {
    INFO(ok);
    CHECK(code_of(check_phone(ok)) == "ok");
  }
  for (const char* bad :
       {"", "123456", "02-2796-716a", "++886227967162", "0227967162+", "1234567890123456"}) {
    INFO(bad);
    CHECK(code_of(check_phone(bad)) == "phone-invalid");
  }
  CHECK(code_of(check_extension("123")) == "ok");
  CHECK(code_of(check_extension("1234567")) == "phone-invalid");
  CHECK(code_of(check_extension("12a")) == "phone-invalid");
}

TEST_CASE("Taiwan addresses in their parts", "[validators]") {
  TaiwanAddress a;
  a.county = "高雄市";
  a.district = "苓雅區";
  a.street = "政南街";
  a.number = "6號5樓";
  CHECK(check_taiwan_address(a).empty());
  a.street.clear();
  a.village = "五權里";
  a.neighbourhood = "12";
  CHECK(check_taiwan_address(a).empty());

  TaiwanAddress bad;
  bad.county = "台北市";  // must be normalised first
  bad.district = "中正";
  bad.village = "五權";
  bad.lane = "十";
  const auto problems = check_taiwan_address(bad);
  std::vector<std::string> fields;
  for (const auto& p : problems) fields.push_back(p.field + ":" + p.code);
  CHECK(fields == std::vector<std::string>{"county:address-county", "district:address-district",
                                           "village:address-village", "lane:address-number-part",
                                           "number:field-required"});
  CHECK(problems[3].message.zh == "巷須為數字：十");
  CHECK(check_taiwan_address(TaiwanAddress{}).size() == 4);  // county, district, street/village, number
  CHECK(normalize_county(" 台北市 ") == "臺北市");
  CHECK(normalize_county("台東縣") == "臺東縣");
  CHECK(taiwan_counties().size() == 22);
}
