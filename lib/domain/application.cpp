#include "domain/application.hpp"

#include <algorithm>
#include <deque>
#include <mutex>

#include "domain/extension_window.hpp"
#include "domain/validators.hpp"
#include "util/text.hpp"

namespace soas::domain {

namespace {

FormField f(const char* key, const char* zh, const char* en, bool required, FieldKind kind,
            std::vector<std::string> choices = {}) {
  return FormField{key, Text{zh, en}, required, kind, std::move(choices), false};
}

FormField read_only(FormField field) {
  field.read_only = true;
  return field;
}

const std::vector<std::string>& programs() {
  static const std::vector<std::string> k = {"二年制副學士班", "學士班", "碩士班", "博士班"};
  return k;
}

// The Taiwan address in its parts (000 step 10); checked together below.
void add_address(std::vector<FormField>& fields) {
  fields.push_back(f("taiwan_address.county", "在臺居住地址-縣市", "address in Taiwan: county or city", true,
                     FieldKind::text));
  fields.push_back(f("taiwan_address.district", "在臺居住地址-鄉鎮市區",
                     "address in Taiwan: township or district", true, FieldKind::text));
  fields.push_back(f("taiwan_address.village", "在臺居住地址-村/里", "address in Taiwan: village", false,
                     FieldKind::text));
  fields.push_back(f("taiwan_address.neighbourhood", "在臺居住地址-鄰",
                     "address in Taiwan: neighbourhood (鄰)", false, FieldKind::number));
  fields.push_back(f("taiwan_address.street", "在臺居住地址-街/路段", "address in Taiwan: street", false,
                     FieldKind::text));
  fields.push_back(
      f("taiwan_address.lane", "在臺居住地址-巷", "address in Taiwan: lane", false, FieldKind::number));
  fields.push_back(
      f("taiwan_address.alley", "在臺居住地址-弄", "address in Taiwan: alley", false, FieldKind::number));
  fields.push_back(f("taiwan_address.number", "在臺居住地址-門牌號樓", "address in Taiwan: number and floor",
                     true, FieldKind::text));
}

void add_relative(std::vector<FormField>& fields, const std::string& who, const char* zh, const char* en) {
  const auto key = [&](const char* part) { return who + "." + part; };
  const auto label = [&](const char* zpart, const char* epart) {
    return Text{std::string(zh) + "-" + zpart, std::string(en) + ": " + epart};
  };
  const struct {
    const char* part;
    const char* zh;
    const char* en;
    bool required;
    FieldKind kind;
  } parts[] = {{"name", "姓名", "name", true, FieldKind::text},
               {"birth_date", "生日(西元)", "date of birth", false, FieldKind::birth_date},
               {"phone", "電話", "phone", false, FieldKind::phone},
               {"occupation", "職業", "occupation", false, FieldKind::text},
               {"employer", "服務單位", "employer", false, FieldKind::text},
               {"title", "職稱", "title", false, FieldKind::text},
               {"address", "現居地址", "address", false, FieldKind::text}};
  for (const auto& p : parts) {
    const Text l = label(p.zh, p.en);
    fields.push_back(FormField{key(p.part), l, p.required, p.kind, {}, false});
  }
}

}  // namespace

void check_before_form(const PrecheckFacts& facts) {
  if (!kind_available_for(facts.kind, facts.applicant_type)) {
    const Text k = label(facts.kind);
    throw Refusal(msg::kind_not_for_type.code, msg::kind_not_for_type.text(std::vector<Text>{k}));
  }
  const auto wanted = permit_checked_for(facts.kind);
  if (!wanted) {
    if (facts.open_case_of_kind) throw Refusal(msg::not_eligible);
    return;  // an ARC first application checks no permit
  }
  // 1. The permit of that number and kind.
  if (!facts.permit || facts.permit->kind != *wanted) throw Refusal(msg::permit_not_found);
  // 2. The holder is the account's person.
  const auto& h = facts.holder;
  if (!h || h->mainland_id != value_of(facts.applicant, "mainland_id") ||
      h->name_zh != value_of(facts.applicant, "name_zh") ||
      h->birth_date.iso() != value_of(facts.applicant, "birth_date")) {
    throw Refusal(msg::record_mismatch);
  }
  // 3. The conditions of the kind.
  const bool enrolled = !h->school_code.empty();
  const bool inspected = facts.kind != ApplicationKind::multi_entry || facts.permit->entry_inspected;
  if (!enrolled || !inspected || facts.open_case_of_kind) throw Refusal(msg::not_eligible);
  // 4. The extension window.
  if (facts.kind == ApplicationKind::extension) {
    require_extension_window_open(facts.permit->stay_expiry, facts.today, facts.window_months);
  }
}

namespace {

std::vector<FormField> build_application_fields(IdentityType type, ApplicationKind kind,
                                                const std::vector<std::string>& station_codes) {
  std::vector<FormField> fields;
  if (kind == ApplicationKind::arc) {
    // 000 steps 9-12.
    fields = {
        f("program", "申請學歷就學學制", "study programme", true, FieldKind::choice, programs()),
        f("enrolment_status", "就學狀態", "enrolment status", true, FieldKind::choice, {"已註冊", "未註冊"}),
        f("name_zh", "中文姓名", "Chinese name (Traditional)", false, FieldKind::text),
        f("name_en", "英文姓名", "name (Latin letters)", true, FieldKind::name_en),
        f("birth_date", "出生日期", "date of birth", true, FieldKind::birth_date),
        f("sex", "性別", "sex (M/F)", true, FieldKind::sex),
        f("passport_no", "護照號碼", "passport number", true, FieldKind::passport),
        f("passport_expiry", "護照有效日期", "passport valid until", true, FieldKind::date),
        f("nationality", "國籍", "nationality", true, FieldKind::text),
        f("ui_no", "居留證號(統一證號)", "ARC / unified ID number", false, FieldKind::ui_number),
        f("visa_issue_date", "居留簽證發給日期", "residence visa issued on", true, FieldKind::date),
        f("visa_code", "簽證註記代碼", "visa annotation code", true, FieldKind::text),
        f("highest_education", "最高學歷", "highest education", true, FieldKind::text),
        f("highest_education_school", "最高學歷學校名稱", "school of the highest education", false,
          FieldKind::text),
        read_only(f("school", "就讀學校", "school", true, FieldKind::text)),
        f("grade", "就讀年級", "year of study", false, FieldKind::number),
        f("marital_status", "婚姻狀況", "marital status", true, FieldKind::choice,
          {"未婚", "已婚", "離婚", "喪偶"}),
        f("taiwan_phone", "在臺電話", "phone in Taiwan", false, FieldKind::phone),
    };
    add_address(fields);
    const std::vector<FormField> rest = {
        f("email", "Email", "e-mail", false, FieldKind::email),
        f("contact_name", "在臺聯絡人姓名", "contact in Taiwan: name", true, FieldKind::text),
        f("contact_id", "在臺聯絡人身分證號(護照號碼或居留證號)",
          "contact in Taiwan: ID, passport or ARC number", false, FieldKind::text),
        f("contact_phone", "在臺聯絡人電話", "contact in Taiwan: phone", true, FieldKind::phone),
        f("contact_nationality", "在臺聯絡人國籍", "contact in Taiwan: nationality", true, FieldKind::text),
        f("pickup_station", "領證方式(服務站)", "pick-up service station", true, FieldKind::choice,
          station_codes),
        f("validity_years", "居留證效期(年)", "ARC validity (years)", true, FieldKind::years),
    };
    fields.insert(fields.end(), rest.begin(), rest.end());
    (void)type;
    return fields;
  }
  // Mainland kinds: 004 figs 22, 40, 41, 47, 54.
  fields.push_back(f("qualification", "申請資格", "qualification", true, FieldKind::choice,
                     {"(一般) 大陸地區人民進入臺灣地區就學", "(學術合作) 大陸地區人民進入臺灣地區就學"}));
  if (kind != ApplicationKind::data_change) {
    fields.push_back(f("resumed", "是否為復學之陸生", "resuming studies", true, FieldKind::yes_no));
  }
  const std::vector<FormField> person = {
      f("name_zh", "中文姓名", "Chinese name", true, FieldKind::text),
      f("name_en", "英文姓名", "name (Latin letters)", false, FieldKind::name_en),
      f("birth_date", "出生日期", "date of birth", true, FieldKind::birth_date),
      f("former_name", "原名", "former name", false, FieldKind::text),
      f("ui_no", "統一證號", "unified ID number", false, FieldKind::ui_number),
      f("mainland_id", "大陸身分證號", "mainland resident ID number", true, FieldKind::mainland_id),
      f("mainland_id_expiry", "身分證有效日期", "resident ID valid until", false, FieldKind::date),
      f("mainland_passport_no", "大陸護照號碼", "mainland passport number", false, FieldKind::passport),
      f("mainland_passport_expiry", "大陸護照有效日期", "mainland passport valid until", false,
        FieldKind::date),
      f("sex", "性別", "sex (M/F)", true, FieldKind::sex),
      read_only(f("school", "就讀學校", "school", true, FieldKind::text)),
      f("department", "就讀系所", "department", true, FieldKind::text),
      f("program", "申請來臺就學學制", "study programme", true, FieldKind::choice, programs()),
      f("grade", "就讀年級", "year of study", true, FieldKind::number),
      f("birthplace", "出生地", "place of birth", true, FieldKind::text),
      f("highest_education", "最高學歷", "highest education", true, FieldKind::text),
      f("travel_permit_no", "大陸通行證號碼", "mainland travel permit number", false, FieldKind::passport),
      f("travel_permit_expiry", "大陸通行證效期", "travel permit valid until", false, FieldKind::date),
      f("mainland_phone", "大陸電話", "phone in the mainland", false, FieldKind::phone),
      f("mainland_address", "大陸居住地址", "address in the mainland", true, FieldKind::text),
      f("taiwan_phone", "在臺電話", "phone in Taiwan", false, FieldKind::phone),
  };
  fields.insert(fields.end(), person.begin(), person.end());
  add_address(fields);
  fields.push_back(f("email", "Email", "e-mail", false, FieldKind::email));
  if (kind == ApplicationKind::data_change) {
    fields.push_back(f("declaration", "申報事項", "declaration", true, FieldKind::choice,
                       {"formerly", "currently", "never"}));
    fields.push_back(f("declaration_detail", "申報事項-曾任/現任職務", "declaration: organisation and post",
                       false, FieldKind::text));
  }
  fields.push_back(f("guarantor", "保證人資料", "guarantor", false, FieldKind::text));
  add_relative(fields, "father", "父", "father");
  add_relative(fields, "mother", "母", "mother");
  return fields;
}

}  // namespace

const std::vector<FormField>& application_fields(IdentityType type, ApplicationKind kind,
                                                 const std::vector<std::string>& station_codes) {
  // Built once per type, kind and list of stations, then shared: a school's
  // batch asks for them at every row. A deque keeps the references handed out.
  struct Built {
    IdentityType type;
    ApplicationKind kind;
    std::vector<std::string> stations;
    std::vector<FormField> fields;
  };
  static std::mutex mutex;
  static std::deque<Built> built;
  const std::lock_guard<std::mutex> lock(mutex);
  for (const auto& b : built) {
    if (b.type == type && b.kind == kind && b.stations == station_codes) return b.fields;
  }
  built.push_back(Built{type, kind, station_codes, build_application_fields(type, kind, station_codes)});
  return built.back().fields;
}

Form prefill_application(IdentityType type, ApplicationKind kind, const Form& applicant,
                         const std::optional<Person>& holder, const std::string& school_name) {
  Form form;
  const auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) form[key] = value;
  };
  put("school", school_name);
  put("email", value_of(applicant, "email"));
  if (holder) {
    put("name_zh", holder->name_zh);
    put("name_en", std::string(util::trim(holder->surname_en + " " + holder->given_name_en)));
    put("birth_date", holder->birth_date.iso());
    put("sex", holder->sex);
    put("ui_no", holder->ui_no);
    if (kind == ApplicationKind::arc) {
      put("passport_no", holder->passport_no);
      put("nationality", holder->nationality);
    } else {
      put("mainland_id", holder->mainland_id);
      put("birthplace", holder->birthplace);
      put("department", holder->department);
      put("travel_permit_no", holder->travel_permit_no);
    }
  } else {
    put("name_zh", value_of(applicant, "name_zh"));
    put("name_en", std::string(util::trim(value_of(applicant, "surname_en") + " " +
                                          value_of(applicant, "given_name_en"))));
    put("birth_date", value_of(applicant, "birth_date"));
    put("sex", value_of(applicant, "sex"));
    if (type == IdentityType::mainland) {
      put("mainland_id", value_of(applicant, "mainland_id"));
      put("birthplace", value_of(applicant, "birthplace"));
      put("travel_permit_no", value_of(applicant, "travel_permit_no"));
    } else {
      put("passport_no", value_of(applicant, "passport_no"));
      put("nationality", value_of(applicant, "nationality"));
    }
  }
  return form;
}

std::vector<FieldProblem> validate_application(IdentityType type, ApplicationKind kind, Form& form,
                                               const Form& prefilled, const FormRules& rules,
                                               const std::vector<std::string>& station_codes) {
  const auto& fields = application_fields(type, kind, station_codes);
  if (auto it = form.find("taiwan_address.county"); it != form.end())
    it->second = normalize_county(it->second);
  std::vector<FieldProblem> problems = validate_form(fields, form, rules, FormMode::complete);
  // Read-only fields keep the value they were filled with.
  for (const auto& field : fields) {
    if (!field.read_only) continue;
    if (value_of(form, field.key) != value_of(prefilled, field.key)) {
      problems.push_back(
          FieldProblem{field.key, msg::field_read_only.code, msg::field_read_only.text({field.key})});
    }
  }
  // The address in its parts.
  TaiwanAddress a{value_of(form, "taiwan_address.county"),  value_of(form, "taiwan_address.district"),
                  value_of(form, "taiwan_address.village"), value_of(form, "taiwan_address.neighbourhood"),
                  value_of(form, "taiwan_address.street"),  value_of(form, "taiwan_address.lane"),
                  value_of(form, "taiwan_address.alley"),   value_of(form, "taiwan_address.number")};
  for (auto& p : check_taiwan_address(a)) {
    const std::string field = "taiwan_address." + p.field;
    const bool already = std::any_of(problems.begin(), problems.end(),
                                     [&](const FieldProblem& q) { return q.field == field; });
    if (already) continue;
    p.field = field;
    problems.push_back(std::move(p));
  }
  // A post declared needs the organisation and post.
  const std::string d = value_of(form, "declaration");
  if ((d == "formerly" || d == "currently") && value_of(form, "declaration_detail").empty()) {
    problems.push_back(
        FieldProblem{"declaration_detail", msg::field_required.code, msg::field_required.text()});
  }
  return problems;
}

DocumentFacts document_facts(const Form& form) {
  return DocumentFacts{value_of(form, "resumed") == "yes"};
}

std::string display_name(const Form& form) {
  const auto value = [&](const char* key) {
    const auto it = form.find(key);
    return it == form.end() ? std::string() : std::string(util::trim(it->second));
  };
  if (!value("name_zh").empty()) return value("name_zh");
  if (!value("name_en").empty()) return value("name_en");
  return std::string(util::trim(value("surname_en") + " " + value("given_name_en")));
}

}  // namespace soas::domain
