#include <catch2/catch.hpp>

#include "domain/account.hpp"
#include "domain/validators.hpp"

using namespace soas;
using namespace soas::domain;

namespace {

RegistrationRules rules() {
  return {util::Date(2026, 11, 21), default_mainland_mail_domains()};
}

std::vector<std::string> fields_of(const std::vector<FieldProblem>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.field + ":" + p.code);
  return out;
}

}  // namespace

TEST_CASE("account names", "[account]") {
  CHECK_FALSE(check_account_name("rose.lee"));
  CHECK_FALSE(check_account_name("a_b-c.1"));
  CHECK(check_account_name("abc"));        // too short
  CHECK(check_account_name(".rose"));      // must start with a letter or digit
  CHECK(check_account_name("rose lee"));   // no spaces
  CHECK(check_account_name("鄭小華abc"));  // ASCII only
  CHECK(check_account_name(std::string(33, 'a')));
}

TEST_CASE("the registration fields follow the seed forms", "[account]") {
  const auto& f = registration_fields(IdentityType::foreign);
  CHECK(f.front().key == "name_zh");
  CHECK_FALSE(f.front().required);  // optional for foreign students (000 step 4)
  const auto& m = registration_fields(IdentityType::mainland);
  CHECK(m.front().key == "name_zh");
  CHECK(m.front().required);  // required for mainland students (004 fig 6)
  CHECK(m[3].label.zh == "大陸身分證字號");
  for (auto t : {IdentityType::overseas_chinese, IdentityType::hk_macau, IdentityType::no_household}) {
    CHECK(&registration_fields(t) == &f);
  }
}

TEST_CASE("a valid form is normalised", "[account]") {
  Form form = {{"account", "zheng.xh"},
               {"name_zh", "鄭小華"},
               {"surname_en", "Zheng"},
               {"given_name_en", "Xiao-hua"},
               {"mainland_id", "440524199501010014"},
               {"birthplace", "廣東省"},
               {"birth_date", "1995/3/23"},
               {"sex", "女"},
               {"travel_permit_no", "t12345678"},
               {"phone", "02-22345678"},
               {"email", "zheng@hotmail.com"},
               {"extension", " "}};
  CHECK(validate_registration(IdentityType::mainland, form, rules()).empty());
  CHECK(form["surname_en"] == "ZHENG");
  CHECK(form["given_name_en"] == "XIAO-HUA");
  CHECK(form["birth_date"] == "1995-03-23");
  CHECK(form["sex"] == "F");
  CHECK(form["travel_permit_no"] == "T12345678");
  CHECK(form.count("extension") == 0);  // blank optional fields are dropped
  CHECK(person_key(IdentityType::mainland, form) == "440524199501010014");
}

TEST_CASE("every problem of a form is reported at once", "[account]") {
  Form form = {{"account", "x"}, {"surname_en", "L3e"}, {"email", "a@qq.cn"}, {"colour", "blue"}};
  const auto problems = validate_registration(IdentityType::foreign, form, rules());
  CHECK(fields_of(problems) ==
        std::vector<std::string>{"account:account-name-invalid", "colour:unknown-field",
                                 "surname_en:name-en-invalid", "given_name_en:field-required",
                                 "nationality:field-required", "birth_date:field-required",
                                 "sex:field-required", "passport_no:field-required", "phone:field-required",
                                 "email:email-mainland-domain"});
}

TEST_CASE("profile updates: given fields only, never account or password", "[account]") {
  Form changes = {{"phone", "0912345678"}, {"account", "other"}, {"password", "x"}};
  const auto problems = validate_profile_update(IdentityType::foreign, changes, rules());
  CHECK(fields_of(problems) ==
        std::vector<std::string>{"account:field-read-only", "password:field-read-only"});
  CHECK(changes == Form{{"phone", "0912345678"}});
  Form blank = {{"surname_en", ""}};
  CHECK(fields_of(validate_profile_update(IdentityType::foreign, blank, rules())) ==
        std::vector<std::string>{"surname_en:field-required"});
}
