#pragma once
// Applications (DOMAIN.md "Application kinds", "Form fields"; seed 004 §3-5,
// seed 000 steps 7-12): the checks before the form, in the seed's order, the
// form of each kind and identity type, and the form pre-filled from the
// agency's records.

#include <optional>
#include <string>
#include <vector>

#include "domain/documents.hpp"
#include "domain/form.hpp"
#include "domain/records.hpp"
#include "domain/types.hpp"

namespace soas::domain {

// What the checks before the form look at.
struct PrecheckFacts {
  ApplicationKind kind = ApplicationKind::arc;
  IdentityType applicant_type = IdentityType::foreign;
  Form applicant;  // the account's registration fields
  std::string permit_no_given;
  std::optional<Permit> permit;    // the permit of that number, if the records have one
  std::optional<Person> holder;    // its holder
  bool open_case_of_kind = false;  // the applicant has an undecided case of this kind
  util::Date today;
  int window_months = 3;
};

// Throws Refusal with the seed's message at the first check that fails, in the
// seed's order (004 §3-5):
//   0. the identity type cannot apply for the kind ("kind-not-for-type");
//   1. no permit of that number and kind in the records ("查無此證號資料");
//   2. the holder's data differ from the account's ("帳號基資與案件資料不符");
//   3. the conditions are not met ("不符合申請條件": a multi-entry exchange needs
//      entry inspected on the single-entry permit; every kind needs the holder
//      enrolled at a school and no undecided case of the same kind);
//   4. an extension outside its window ("須於停留期間屆滿前3個月內始得申請").
void check_before_form(const PrecheckFacts& facts);

// The fields of the form, in the seed's order. Pick-up stations are the
// choices of the ARC's pickup_station. Built once for each type, kind and
// list of stations; the reference stays valid for the life of the program.
const std::vector<FormField>& application_fields(IdentityType type, ApplicationKind kind,
                                                 const std::vector<std::string>& station_codes);

// The form pre-filled from the records and the account: names, dates, IDs,
// the school (read-only), the e-mail.
Form prefill_application(IdentityType type, ApplicationKind kind, const Form& applicant,
                         const std::optional<Person>& holder, const std::string& school_name);

// Every problem of a filled form at once: the fields, the Taiwan address in
// its parts, the data-change declaration (a post declared needs its text),
// read-only fields left as they were filled.
std::vector<FieldProblem> validate_application(IdentityType type, ApplicationKind kind, Form& form,
                                               const Form& prefilled, const FormRules& rules,
                                               const std::vector<std::string>& station_codes);

// The facts the documents' conditions need, from a validated form.
DocumentFacts document_facts(const Form& form);

// 申請名稱, the applicant's name wherever a case is named (case and group
// lists, the dashboard, payment lists, slips, checkouts, receipts, batch
// status): the Chinese name when the form has one, else the English name
// (name_en, or surname_en and given_name_en). Empty when it has neither.
std::string display_name(const Form& form);

}  // namespace soas::domain
