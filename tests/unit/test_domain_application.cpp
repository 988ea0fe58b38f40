#include <catch2/catch.hpp>

#include "domain/application.hpp"
#include "domain/validators.hpp"
#include "support.hpp"

using namespace soas;
using namespace soas::domain;
using soas::test::code_of;
using util::Date;

namespace {

Person holder() {
  Person p;
  p.record_id = "M0001";
  p.identity_type = IdentityType::mainland;
  p.name_zh = "鄭小華";
  p.surname_en = "ZHENG";
  p.given_name_en = "XIAOHUA";
  p.birth_date = Date(1995, 3, 23);
  p.sex = "F";
  p.mainland_id = "440524199501010014";
  p.school_code = "NTUT";
  p.birthplace = "廣東省";
  return p;
}

PrecheckFacts facts(ApplicationKind kind, PermitKind permit_kind, Date expiry, bool inspected = true) {
  PrecheckFacts f;
  f.kind = kind;
  f.applicant_type = IdentityType::mainland;
  f.applicant = {{"mainland_id", "440524199501010014"}, {"name_zh", "鄭小華"}, {"birth_date", "1995-03-23"}};
  f.permit = Permit{"P1", permit_kind, "M0001", Date(2026, 1, 1), expiry, inspected};
  f.holder = holder();
  f.today = Date(2026, 11, 21);
  return f;
}

}  // namespace

TEST_CASE("the checks before the form pass for a good applicant", "[application]") {
  CHECK(code_of([] {
          check_before_form(facts(ApplicationKind::multi_entry, PermitKind::single_entry, Date(2027, 1, 1)));
        }) == "ok");
  CHECK(code_of([] {
          check_before_form(facts(ApplicationKind::data_change, PermitKind::multi_entry, Date(2027, 9, 1)));
        }) == "ok");
  // An extension on the first day of its window.
  CHECK(code_of([] {
          check_before_form(facts(ApplicationKind::extension, PermitKind::multi_entry, Date(2027, 2, 21)));
        }) == "ok");
}

TEST_CASE("each check refuses with the seed's message, in the seed's order", "[application]") {
  // 0. The kind is not for the type.
  auto f = facts(ApplicationKind::arc, PermitKind::single_entry, Date(2027, 1, 1));
  CHECK(code_of([&] { check_before_form(f); }) == "kind-not-for-type");
  // 1. No permit, or a permit of another kind: 查無此證號資料 comes before anything else.
  f = facts(ApplicationKind::multi_entry, PermitKind::single_entry, Date(2027, 1, 1), false);
  f.permit.reset();
  f.applicant["name_zh"] = "張三";  // would also mismatch
  CHECK(code_of([&] { check_before_form(f); }) == "permit-not-found");
  f = facts(ApplicationKind::multi_entry, PermitKind::multi_entry, Date(2027, 1, 1));
  CHECK(code_of([&] { check_before_form(f); }) == "permit-not-found");
  // 2. The holder is someone else: 帳號基資與案件資料不符 before the conditions.
  f = facts(ApplicationKind::multi_entry, PermitKind::single_entry, Date(2027, 1, 1), false);
  f.applicant["birth_date"] = "1995-03-24";
  CHECK(code_of([&] { check_before_form(f); }) == "record-mismatch");
  // 3. Entry not inspected, not enrolled, or a case already open: 不符合申請條件.
  f = facts(ApplicationKind::multi_entry, PermitKind::single_entry, Date(2027, 1, 1), false);
  CHECK(code_of([&] { check_before_form(f); }) == "not-eligible");
  f = facts(ApplicationKind::extension, PermitKind::multi_entry, Date(2027, 9, 1));
  f.holder->school_code.clear();
  CHECK(code_of([&] { check_before_form(f); }) == "not-eligible");  // before the window
  f = facts(ApplicationKind::data_change, PermitKind::multi_entry, Date(2027, 9, 1));
  f.open_case_of_kind = true;
  CHECK(code_of([&] { check_before_form(f); }) == "not-eligible");
  // 4. The extension window, month-end clamped.
  CHECK(code_of([] {
          check_before_form(facts(ApplicationKind::extension, PermitKind::multi_entry, Date(2027, 2, 22)));
        }) == "extension-window-not-open");
  CHECK(code_of([] {
          check_before_form(facts(ApplicationKind::extension, PermitKind::multi_entry, Date(2026, 11, 20)));
        }) == "stay-expired");
}

TEST_CASE("the forms: the photo's kin, read-only school, the kind's own fields", "[application]") {
  const auto arc = application_fields(IdentityType::foreign, ApplicationKind::arc, {"taipei-1"});
  const auto has = [](const std::vector<FormField>& fields, const std::string& key) {
    return std::any_of(fields.begin(), fields.end(), [&](const FormField& f) { return f.key == key; });
  };
  CHECK(has(arc, "validity_years"));
  CHECK(has(arc, "pickup_station"));
  CHECK_FALSE(has(arc, "mainland_id"));
  const auto exchange = application_fields(IdentityType::mainland, ApplicationKind::multi_entry, {});
  const auto change = application_fields(IdentityType::mainland, ApplicationKind::data_change, {});
  CHECK(has(exchange, "resumed"));
  CHECK_FALSE(has(change, "resumed"));
  CHECK(has(change, "declaration"));
  CHECK_FALSE(has(exchange, "declaration"));
  for (const auto& f : exchange) {
    if (f.key == "school") CHECK(f.read_only);
  }
}

TEST_CASE("the forms are built once for each type, kind and list of stations", "[application]") {
  const auto& a = application_fields(IdentityType::foreign, ApplicationKind::arc, {"taipei-1"});
  const auto& again = application_fields(IdentityType::foreign, ApplicationKind::arc, {"taipei-1"});
  const auto& other_stations =
      application_fields(IdentityType::foreign, ApplicationKind::arc, {"kaohsiung-1"});
  const auto& other_type =
      application_fields(IdentityType::overseas_chinese, ApplicationKind::arc, {"taipei-1"});
  CHECK(&a == &again);
  CHECK(&a != &other_stations);
  CHECK(&a != &other_type);
  const auto choices_of = [](const std::vector<FormField>& fields, const std::string& key) {
    for (const auto& f : fields)
      if (f.key == key) return f.choices;
    return std::vector<std::string>{};
  };
  CHECK(choices_of(a, "pickup_station") == std::vector<std::string>{"taipei-1"});
  CHECK(choices_of(other_stations, "pickup_station") == std::vector<std::string>{"kaohsiung-1"});
}

TEST_CASE("a filled form: every problem at once, address and declaration included", "[application]") {
  const FormRules rules{Date(2026, 11, 21), default_mainland_mail_domains()};
  Form prefilled = prefill_application(IdentityType::mainland, ApplicationKind::data_change, {}, holder(),
                                       "國立臺北科技大學");
  CHECK(prefilled.at("name_en") == "ZHENG XIAOHUA");
  CHECK(prefilled.at("school") == "國立臺北科技大學");
  Form form = prefilled;
  form["qualification"] = "(一般) 大陸地區人民進入臺灣地區就學";
  form["department"] = "餐旅管理系";
  form["program"] = "學士班";
  form["grade"] = "2";
  form["highest_education"] = "高中";
  form["mainland_address"] = "廣東省廣州市";
  form["taiwan_address.county"] = "台北市";
  form["taiwan_address.district"] = "中正區";
  form["taiwan_address.street"] = "廣州街";
  form["taiwan_address.number"] = "15號";
  form["declaration"] = "never";
  form["father.name"] = "鄭大";
  form["mother.name"] = "林美";
  CHECK(validate_application(IdentityType::mainland, ApplicationKind::data_change, form, prefilled, rules, {})
            .empty());
  CHECK(form.at("taiwan_address.county") == "臺北市");  // 台 -> 臺

  form["declaration"] = "formerly";
  form["school"] = "別的學校";
  form["taiwan_address.county"] = "火星市";
  form["taiwan_address.lane"] = "十";
  form.erase("father.name");
  std::vector<std::string> fields;
  for (const auto& p : validate_application(IdentityType::mainland, ApplicationKind::data_change, form,
                                            prefilled, rules, {})) {
    fields.push_back(p.field + ":" + p.code);
  }
  CHECK(fields == std::vector<std::string>{"taiwan_address.lane:number-invalid", "father.name:field-required",
                                           "school:field-read-only", "taiwan_address.county:address-county",
                                           "declaration_detail:field-required"});
  CHECK(document_facts({{"resumed", "yes"}}).resumed_student);
  CHECK_FALSE(document_facts({}).resumed_student);
}

TEST_CASE("申請名稱: the Chinese name when there is one, else the English name", "[application]") {
  CHECK(domain::display_name({{"name_zh", "黃少明"}, {"name_en", "WONG SIU MING"}}) == "黃少明");
  CHECK(domain::display_name({{"name_zh", " "}, {"name_en", "WONG SIU MING"}}) == "WONG SIU MING");
  CHECK(domain::display_name({{"surname_en", "Lee"}, {"given_name_en", "Rose"}}) == "Lee Rose");
  CHECK(domain::display_name({{"surname_en", "Lee"}}) == "Lee");
  CHECK(domain::display_name({{"account", "rose.lee"}}).empty());
}
