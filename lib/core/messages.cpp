#include "core/messages.hpp"

#include "util/text.hpp"

namespace soas {

Text Message::text(const std::vector<std::string>& args) const {
  return Text{util::substitute(zh, args), util::substitute(en, args)};
}

Text Message::text(const std::vector<Text>& args) const {
  std::vector<std::string> zh_args, en_args;
  for (const auto& a : args) {
    zh_args.push_back(a.zh);
    en_args.push_back(a.en);
  }
  return Text{util::substitute(zh, zh_args), util::substitute(en, en_args)};
}

const std::vector<const Message*>& all_messages() {
  using namespace msg;
  static const std::vector<const Message*> k_all = {
      &student_not_found,
      &registered,
      &password_weak,
      &email_mainland_domain,
      &password_changed,
      &saved,
      &wrong_identity_type,
      &permit_not_found,
      &record_mismatch,
      &not_eligible,
      &extension_window_not_open,
      &stay_expired,
      &submitted,
      &corrected,
      &withdrawn,
      &withdraw_failed,
      &no_refund,
      &nothing_to_pay,
      &transaction_ok,
      &fee_receipt_only,
      &transaction_ok_detail,
      &group_not_payable,
      &group_paid,
      &order_not_found,
      &method_not_slip,
      &store_limit,
      &not_school_student,
      &record_data_differ,
      &open_case_exists,
      &student_account_disabled,
      &method_not_online,
      &settle_applied,
      &settle_duplicate,
      &settle_unknown,
      &settle_amount,
      &settle_expired,
      &settle_already_paid,
      &settle_cancelled,
      &settle_invalid,
      &callback_signature,
      &callback_malformed,
      &callback_failed,
      &download_none,
      &receipt_not_yet,
      &receipt_free,
      &permit_valid,
      &permit_tampered,
      &permit_unknown_key,
      &permit_no_payload,
      &document_format,
      &document_too_large,
      &document_empty,
      &document_type_mismatch,
      &document_undecodable,
      &document_pdf_invalid,
      &document_pdf_encrypted,
      &field_required,
      &date_invalid,
      &date_in_future,
      &email_invalid,
      &password_mismatch,
      &password_too_long,
      &mainland_id_invalid,
      &mainland_id_check,
      &ui_number_invalid,
      &ui_number_check,
      &passport_invalid,
      &phone_invalid,
      &address_county,
      &address_district,
      &address_village,
      &address_number_part,
      &address_street_or_village,
      &illegal_transition,
      &kind_not_for_type,
      &for_school_only,
      &for_required,
      &for_twice,
      &permit_required,
      &permit_not_taken,
      &bad_set,
      &bad_db,
      &bad_language,
      &field_control_character,
      &header_duplicate,
      &limit_invalid,
      &after_invalid,
      &module_unavailable,
      &calendar_uncovered,
  };
  return k_all;
}

}  // namespace soas
