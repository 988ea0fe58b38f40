#pragma once
// The message catalogue: every user-facing message with its stable code word,
// its zh-TW text and its English rendering. Texts quoted from the seeds are
// verbatim (marked "seed"); the others are ours (marked "soas"). "{}" marks a
// parameter, filled in order.

#include <string>
#include <vector>

#include "core/text.hpp"

namespace soas {

struct Message {
  const char* code;
  const char* zh;
  const char* en;
  bool from_seed;

  Text text(const std::vector<std::string>& args = {}) const;
  // Parameters that are themselves in both languages (a state's label, ...).
  Text text(const std::vector<Text>& args) const;
};

namespace msg {
// --- accounts (seed 000 step 4, seed 004 §1-2, §9)
inline constexpr Message student_not_found{"student-not-found", "查無此學生資料", "No record of this student",
                                           true};
inline constexpr Message registered{"registered", "註冊成功,請至Email認證啟用!",
                                    "Registered. Please activate the account from the e-mail we sent.", true};
inline constexpr Message password_weak{
    "password-weak", "密碼長度至少8個字，且至少1個英文小寫字母及1個阿拉伯數字",
    "The password must be at least 8 characters long and contain at least 1 lowercase letter and 1 "
    "digit",
    true};
inline constexpr Message email_mainland_domain{
    "email-mainland-domain",
    "申請人不得使用大陸地區郵件帳號作為回覆郵件位址(例如qq.cn或xxx.cn等相關大陸email)"
    "，並請務必提供正確email資訊。",
    "Applicants may not use a mainland-China mail account as their reply address (for example "
    "qq.cn or xxx.cn); please give a correct e-mail address.",
    true};
inline constexpr Message password_changed{"password-changed", "修改成功，請重新登入!",
                                          "Success! Please log in again.", true};
inline constexpr Message saved{"saved", "儲存成功!", "Saved.", true};
inline constexpr Message wrong_identity_type{"wrong-identity-type", "陸生帳號僅允許登入陸生自行線上申辦系統",
                                             "A mainland-student account may only use the "
                                             "mainland-student self-service system",
                                             true};
inline constexpr Message wrong_identity_type_hk{"wrong-identity-type-hk",
                                                "港澳僑生帳號僅允許登入港澳僑生自行線上申辦系統",
                                                "A Hong Kong / Macau or overseas-Chinese student account may "
                                                "only use that self-service system",
                                                true};
inline constexpr Message wrong_identity_type_other{"wrong-identity-type-other", "{}帳號僅允許使用{}的服務",
                                                   "A {} account may only use the services for {}", false};
inline constexpr Message login_failed{"login-failed", "帳號或密碼錯誤", "Wrong account or password", false};
inline constexpr Message login_locked{"login-locked", "登入失敗次數過多，請於 {} 後再試",
                                      "Too many failed logins; try again after {}", false};
inline constexpr Message not_verified{"not-verified", "帳號尚未完成Email認證啟用",
                                      "The account has not been activated from its e-mail yet", false};
inline constexpr Message account_disabled{"account-disabled", "帳號已停用", "The account is disabled", false};
inline constexpr Message account_taken{"account-taken", "此登入帳號已有人使用", "This account name is taken",
                                       false};
inline constexpr Message already_registered{"already-registered", "此身分已註冊過帳號",
                                            "This person already has an account of this type", false};
inline constexpr Message account_name_invalid{
    "account-name-invalid", "登入帳號須為4至32個英文字母、數字或 . _ -，並以英文字母或數字開頭",
    "Account names are 4 to 32 letters, digits, '.', '_' or '-', "
    "starting with a letter or digit",
    false};
inline constexpr Message token_invalid{"token-invalid", "認證碼無效、已使用或已過期",
                                       "The code is invalid, used or expired", false};
inline constexpr Message verified{"verified", "帳號已啟用，請登入", "The account is active; please log in",
                                  false};
inline constexpr Message reset_sent{"reset-sent", "若帳號存在，重設密碼的信件已寄至註冊的電子郵件",
                                    "If the account exists, a password-reset mail has been sent to its "
                                    "e-mail address",
                                    false};
inline constexpr Message password_reset{"password-reset", "密碼已重設，請重新登入",
                                        "The password has been reset; please log in", false};
inline constexpr Message not_logged_in{"not-logged-in", "請先登入 (soas login)",
                                       "Please log in first (soas login)", false};
inline constexpr Message role_forbidden{"role-forbidden", "此指令僅限{}使用", "Only {} may use this command",
                                        false};
inline constexpr Message form_invalid{"form-invalid", "表單資料有誤，共 {} 項", "The form has {} problem(s)",
                                      false};
inline constexpr Message unknown_field{"unknown-field", "不明的欄位：{}", "Unknown field: {}", false};
inline constexpr Message field_read_only{"field-read-only", "此欄位不可修改：{}",
                                         "This field cannot be changed: {}", false};
inline constexpr Message text_invalid{"text-invalid", "文字格式錯誤（須為UTF-8，至多200位元組）",
                                      "Invalid text (UTF-8, at most 200 bytes)", false};
inline constexpr Message name_en_invalid{"name-en-invalid",
                                         "英文姓名僅能使用英文字母、空白、連字號、句點及撇號",
                                         "Latin names may use letters, spaces, hyphens, full stops and "
                                         "apostrophes only",
                                         false};
inline constexpr Message sex_invalid{"sex-invalid", "性別須為 M(男) 或 F(女)", "Sex must be M or F", false};
inline constexpr Message current_password_wrong{"current-password-wrong", "目前的密碼不正確",
                                                "The current password is wrong", false};
inline constexpr Message admin_exists{"admin-exists", "已有系統管理者，請由管理者以 soas user add 新增帳號",
                                      "An administrator exists already; an administrator adds accounts "
                                      "with soas user add",
                                      false};
inline constexpr Message last_admin{"last-admin", "不可停用最後一個啟用中的系統管理者",
                                    "The last active administrator cannot be disabled", false};
inline constexpr Message no_such_account{"no-such-account", "查無此帳號：{}", "No such account: {}", false};
inline constexpr Message school_not_found{"school-not-found", "查無此學校代碼：{}", "No such school code: {}",
                                          false};
inline constexpr Message school_exists{"school-exists", "學校代碼已存在：{}",
                                       "The school code exists already: {}", false};
inline constexpr Message school_only_for_school{"school-only-for-school", "只有學校帳號需要學校代碼",
                                                "Only school accounts take a school code", false};
inline constexpr Message students_register{"students-register", "學生帳號請以 soas account register 自行註冊",
                                           "Students register themselves with soas account register", false};
inline constexpr Message yes_no_invalid{"yes-no-invalid", "請填「是」或「否」(yes/no)", "Answer yes or no",
                                        false};
inline constexpr Message choice_invalid{"choice-invalid", "請從下列選擇：{}", "Choose one of: {}", false};
inline constexpr Message years_invalid{"years-invalid", "須為1至3年", "Must be 1 to 3 years", false};
inline constexpr Message number_invalid{"number-invalid", "須為數字", "Must be a number", false};
// --- applications (seed 004 §3-5)
inline constexpr Message permit_not_found{"permit-not-found", "查無此證號資料",
                                          "No record of this permit number", true};
inline constexpr Message record_mismatch{"record-mismatch", "帳號基資與案件資料不符",
                                         "The account's personal data do not match the case "
                                         "record",
                                         true};
inline constexpr Message not_eligible{"not-eligible", "不符合申請條件",
                                      "The conditions for this application are not met", true};
inline constexpr Message extension_window_not_open{
    "extension-window-not-open", "須於停留期間屆滿前3個月內始得申請",
    "An extension may only be applied for within 3 months before the permitted stay ends", true};
inline constexpr Message stay_expired{"stay-expired", "不符合申請條件：停留期限已於{}屆滿",
                                      "The conditions for this application are not met: the "
                                      "permitted stay ended on {}",
                                      false};
inline constexpr Message submitted{"submitted", "送件成功，收件號:{}", "Submitted. Receipt number: {}", true};
inline constexpr Message declaration_not_agreed{"declaration-not-agreed", "須同意使用聲明事項始得送件",
                                                "The declaration must be agreed to before submitting", false};
inline constexpr Message document_item_unknown{"document-item-unknown", "此申辦項目沒有這項應檢附文件：{}",
                                               "This application has no document item {}", false};
inline constexpr Message document_missing{"document-missing", "應檢附文件未上傳：{}",
                                          "A required document is missing: {}", false};
inline constexpr Message case_changed{"case-changed", "案件 {} 已由他人處理，請重新查詢後再試",
                                      "Case {} was changed by someone else meanwhile; look again and retry",
                                      false};
inline constexpr Message opinion_required{"opinion-required", "請填寫審核意見或理由",
                                          "Give the opinion or reason", false};
inline constexpr Message group_not_found{"group-not-found", "查無此團號/批次號：{}", "No such group: {}",
                                         false};
inline constexpr Message document_not_attached{"document-not-attached", "案件沒有此文件：{}",
                                               "The case has no such document: {}", false};
inline constexpr Message case_not_found{"case-not-found", "查無此案件：{}", "No such case: {}", false};
inline constexpr Message corrected{"corrected", "補正(件)完成", "Correction submitted", true};
inline constexpr Message withdrawn{"withdrawn", "撤銷成功", "Withdrawn", true};
inline constexpr Message withdraw_failed{"withdraw-failed", "撤銷失敗", "Withdrawal failed", true};
inline constexpr Message no_refund{"no-refund", "繳費成功後，將不退費", "Fees are not refunded once paid",
                                   true};
inline constexpr Message nothing_to_pay{"nothing-to-pay", "無須繳費（規費為 0）",
                                        "There is nothing to pay (the fee is 0)", false};
inline constexpr Message transaction_ok{"transaction-ok", "交易成功", "Transaction successful", true};
// --- payments (seed 004 §10, seed 000 steps 16-20)
inline constexpr Message fee_receipt_only{
    "fee-receipt-only", "繳費後本署僅開立規費收據，無法開立相關之交易處理費或手續費收據。",
    "The agency issues a receipt for the fee only, not for any handling "
    "or transaction fee.",
    true};
inline constexpr Message transaction_ok_detail{
    "transaction-ok-detail", "交易成功，您可於[首頁>下載專區>收據下載]處下載電子收據。",
    "Transaction successful; download the e-receipt under Home > Downloads > Receipts.", true};
inline constexpr Message group_not_payable{"group-not-payable", "團號 {} 沒有待繳費的案件",
                                           "Group {} has nothing awaiting payment", false};
inline constexpr Message group_paid{"group-paid", "團號 {} 已繳費，不可重複繳費",
                                    "Group {} is paid already and cannot be paid again", false};
inline constexpr Message order_not_found{"order-not-found", "查無此繳費單：{}", "No such payment order: {}",
                                         false};
inline constexpr Message method_not_slip{"method-not-slip", "繳費單僅適用於超商或虛擬帳號繳費：{}",
                                         "Slips are for store or virtual-account payments only: {}", false};
// A school's student, by the keys of a batch row or apply --for-*.
inline constexpr Message not_school_student{"not-school-student", "機關資料中查無此校學生：{}",
                                            "Not a student of this school in the agency's records: {}", false};
inline constexpr Message record_data_differ{"record-data-differ", "機關資料與所填不符：{}",
                                            "The agency's record differs from what was given: {}", false};
inline constexpr Message open_case_exists{"open-case-exists", "此學生已有同一申辦項目的案件辦理中：{}",
                                          "This student already has an open case of this kind: {}", false};
inline constexpr Message student_account_disabled{"student-account-disabled", "此學生的 soas 帳號已停用：{}",
                                                  "This student's soas account is disabled: {}", false};
inline constexpr Message store_limit{
    "store-limit", "超商繳費單每張至多代收 NT${}，此筆規費 NT${}；請改用虛擬帳號",
    "A convenience-store slip collects at most NT${}; these fees are NT${}: pay by virtual account", false};
inline constexpr Message method_not_online{"method-not-online", "線上繳費僅適用於信用卡、網路ATM或E政府：{}",
                                           "Checkout is for card, WebATM or e-Government payments only: {}",
                                           false};
inline constexpr Message settle_applied{"settle-applied", "入帳成功", "Applied", false};
inline constexpr Message settle_duplicate{"settle-duplicate", "此筆已入帳，略過", "Applied before; skipped",
                                          false};
inline constexpr Message settle_unknown{"settle-unknown-order", "查無此繳費單", "Unknown order", false};
inline constexpr Message settle_amount{"settle-amount", "金額不符：應為 {}，入帳 {}",
                                       "Amount differs: the order is for {}, the line says {}", false};
inline constexpr Message settle_expired{"settle-expired", "已逾繳費期限 {}", "Paid after the deadline {}",
                                        false};
inline constexpr Message settle_already_paid{"settle-already-paid", "繳費單已繳費（重複繳款，請辦理退款）",
                                             "The order is paid already (a second payment: refund it)",
                                             false};
inline constexpr Message settle_cancelled{"settle-cancelled", "繳費單已作廢（已由新的繳費單取代）",
                                          "The order was cancelled (replaced by a newer one)", false};
inline constexpr Message settle_invalid{"settle-invalid", "資料不正確：{}", "Invalid line: {}", false};
inline constexpr Message callback_signature{"callback-signature", "通知簽章驗證失敗，未做任何變更",
                                            "The notification's signature does not verify; nothing changed",
                                            false};
inline constexpr Message callback_malformed{"callback-malformed", "通知內容格式錯誤：{}",
                                            "The notification is malformed: {}", false};
inline constexpr Message callback_failed{"callback-not-success", "金流回報交易未成功（{}），未做任何變更",
                                         "The gateway reports no successful payment ({}); nothing changed",
                                         false};
// --- downloads and verification (seed 004 §11)
inline constexpr Message download_none{"download-none", "查無可下載的已核發案件", "No issued case matches",
                                       false};
inline constexpr Message receipt_not_yet{"receipt-not-yet", "案件 {} 的收據於 {} 起可下載",
                                         "The receipt of case {} can be downloaded from {}", false};
inline constexpr Message receipt_free{"receipt-free", "案件 {} 無須繳費，沒有收據",
                                      "Case {} was free of charge and has no receipt", false};
inline constexpr Message permit_valid{"permit-valid", "驗證成功：許可證內容由金鑰 {} 簽章，未遭竄改",
                                      "Valid: signed with key {} and unchanged", false};
inline constexpr Message permit_tampered{"permit-tampered", "驗證失敗：內容遭竄改或簽章不符",
                                         "Invalid: the content was changed or the signature does not match",
                                         false};
inline constexpr Message permit_unknown_key{"permit-unknown-key", "無法驗證：未知的簽章金鑰 {}",
                                            "Cannot verify: unknown signing key {}", false};
inline constexpr Message permit_no_payload{"permit-no-payload", "檔案中沒有許可證簽章資料：{}",
                                           "No signed permit data in the file: {}", false};
// --- documents (seed 000 step 11, seed 004 §3)
inline constexpr Message document_format{"document-format", "檔案格式為JPG|JPEG|PNG|BMP|PDF：{}",
                                         "Files must be JPG, JPEG, PNG, BMP or PDF: {}", true};
inline constexpr Message document_too_large{"document-too-large", "檔案請小於512K：{}",
                                            "Files must be smaller than 512 KB: {}", true};
inline constexpr Message document_empty{"document-empty", "檔案內容為空：{}", "The file is empty: {}", false};
inline constexpr Message document_type_mismatch{
    "document-type-mismatch", "副檔名與檔案內容不符：{}（內容為 {}）",
    "The file name's extension does not match its content: {} (content is {})", false};
inline constexpr Message document_undecodable{"document-undecodable", "圖檔無法解讀（檔案損毀或不完整）：{}",
                                              "The image does not decode (damaged or incomplete): {}", false};
inline constexpr Message document_pdf_invalid{"document-pdf-invalid", "PDF 檔不完整或已損毀：{}",
                                              "The PDF is incomplete or damaged: {}", false};
inline constexpr Message document_pdf_encrypted{"document-pdf-encrypted",
                                                "PDF 檔已加密，請上傳未加密的檔案：{}",
                                                "The PDF is encrypted; upload it unencrypted: {}", false};
// --- documents: what a file carries besides itself (Hardening II)
inline constexpr Message document_hidden_data{"document-hidden-data",
                                              "檔案夾帶其他資料（結尾之後的資料或內嵌的其他檔案）：{}",
                                              "The file carries other data (after its end, or another file inside it): {}",
                                              false};
inline constexpr Message document_pdf_active{"document-pdf-active",
                                             "PDF 檔含有程式碼或動作（JavaScript、開啟時執行、啟動程式）：{}",
                                             "The PDF holds script or actions (JavaScript, an open action, Launch): {}",
                                             false};
inline constexpr Message document_pdf_embedded{"document-pdf-embedded",
                                               "PDF 檔內嵌其他檔案或多媒體（附件、RichMedia、XFA）：{}",
                                               "The PDF embeds other files or media (attachments, RichMedia, XFA): {}",
                                               false};
inline constexpr Message document_pdf_no_page{"document-pdf-no-page", "PDF 檔沒有任何頁面：{}",
                                              "The PDF has no page: {}", false};
// --- permit signing key (Hardening II)
inline constexpr Message signing_key_foreign{
    "signing-key-foreign", "簽章金鑰不是此資料庫的金鑰，不予使用：{}（金鑰 {}）",
    "The signing key is not this database's own; it is not used: {} (key {})", false};
// --- field validation (soas wording; the seeds only mark fields required)
inline constexpr Message field_required{"field-required", "此欄位為必填", "This field is required", false};
inline constexpr Message date_invalid{"date-invalid", "日期格式錯誤，請以西元年月日輸入(例如 1999/06/01)",
                                      "Invalid date; give a Gregorian date such as 1999/06/01", false};
inline constexpr Message date_in_future{"date-in-future", "日期不可晚於今日",
                                        "The date may not be later than today", false};
inline constexpr Message email_invalid{"email-invalid", "電子郵件格式錯誤", "Invalid e-mail address", false};
inline constexpr Message password_mismatch{"password-mismatch", "登入密碼確認與登入密碼不一致",
                                           "The password confirmation does not match", false};
inline constexpr Message password_too_long{"password-too-long", "密碼長度不可超過{}個字",
                                           "The password may be at most {} characters long", false};
inline constexpr Message mainland_id_invalid{"mainland-id-invalid", "大陸身分證字號格式錯誤",
                                             "Invalid mainland resident ID number", false};
inline constexpr Message mainland_id_check{"mainland-id-check", "大陸身分證字號檢查碼錯誤",
                                           "The mainland resident ID's check character is wrong", false};
inline constexpr Message ui_number_invalid{"ui-number-invalid", "統一證號(身分證號)格式錯誤",
                                           "Invalid Taiwan ID / unified ID (ARC) number", false};
inline constexpr Message ui_number_check{"ui-number-check", "統一證號(身分證號)檢查碼錯誤",
                                         "The Taiwan ID / unified ID (ARC) number's check digit is "
                                         "wrong",
                                         false};
inline constexpr Message passport_invalid{"passport-invalid", "護照號碼格式錯誤", "Invalid passport number",
                                          false};
inline constexpr Message phone_invalid{"phone-invalid", "電話號碼格式錯誤", "Invalid phone number", false};
inline constexpr Message address_county{"address-county", "請選擇縣市：{}", "Unknown county or city: {}",
                                        false};
inline constexpr Message address_district{"address-district", "鄉鎮市區格式錯誤：{}",
                                          "Invalid township or district: {}", false};
inline constexpr Message address_village{"address-village", "村/里格式錯誤：{}", "Invalid village: {}",
                                         false};
inline constexpr Message address_number_part{"address-number-part", "{}須為數字：{}",
                                             "{} must be a number: {}", false};
inline constexpr Message address_street_or_village{
    "address-street-or-village", "街/路段與村/里至少須填寫一項", "Give a street or a village", false};
// --- case states
inline constexpr Message illegal_transition{"illegal-transition", "案件狀態「{}」不可執行「{}」",
                                            "A case in state \"{}\" cannot be given the action "
                                            "\"{}\"",
                                            false};
inline constexpr Message kind_not_for_type{"kind-not-for-type", "此身分類型不得申辦「{}」",
                                           "This identity type cannot apply for \"{}\"", false};
// --- the working-day calendar (soas calendar import)
inline constexpr Message calendar_uncovered{
    "calendar-uncovered",
    "{} {} 落在行事曆未涵蓋的 {} 年：該年的國定假日與補行上班日未知；請以 soas calendar import 匯入該年的政府行政機關辦公日曆表",
    "{} {} falls in {}, a year the working-day calendar does not cover: its holidays and make-up days are unknown; "
    "import that year's DGPA office calendar with soas calendar import",
    false};

// --- what a caller names: said in general words ("the permit number"); a
// front end that names these things otherwise words the same code its own
// way (the CLI: by its flags, cli/wording.cpp)
inline constexpr Message for_school_only{"for-school-only", "只有學校帳號可代學生申請",
                                         "Only a school account applies for a student", false};
inline constexpr Message for_required{"for-required", "學校代辦須指定學生帳號",
                                      "A school applies for a student: name the student's account", false};
inline constexpr Message for_twice{"for-twice", "學生帳號與許可證號/護照號碼只能擇一指定",
                                   "Name the student either by account or by permit or passport number",
                                   false};
inline constexpr Message permit_required{"permit-required", "此申辦項目須提供許可證號",
                                         "This kind of application needs the permit number", false};
inline constexpr Message permit_not_taken{"permit-not-taken", "居留證首次申請不需許可證號",
                                          "An ARC first application takes no permit number", false};
inline constexpr Message bad_set{"bad-set", "欄位須以 欄位=值 給定，而非 {}",
                                 "A field is given as field=value, not {}", false};
inline constexpr Message bad_db{"bad-db", "資料庫位置不可為空", "The database location may not be empty",
                                false};
inline constexpr Message bad_language{"bad-language", "語言須為 zh-TW 或 en",
                                      "The language must be zh-TW or en", false};

// --- text from outside (hardening)
inline constexpr Message field_control_character{
    "field-control-character", "含有控制字元（{}），不予接受",
    "contains a control character ({}); not accepted", false};
// --- tables read from outside (hardening)
inline constexpr Message header_duplicate{
    "header-duplicate", "{}：第 {} 欄與第 {} 欄都是「{}」，請刪除或改名其中一欄",
    "{}: columns {} and {} are both '{}'; remove or rename one of them", false};
// A list's page size (service/paging.hpp).
inline constexpr Message limit_invalid{"limit-invalid", "每頁筆數須為 1 到 {} 的整數",
                                       "a page holds from 1 to {} rows", false};
// A page's cursor that is no key of its list (service/paging.hpp).
inline constexpr Message after_invalid{"after-invalid", "「{}」不是這份清單的鍵（請用上一頁最後一行給的值）",
                                       "'{}' is not a key of this list (use the one the last page gave)",
                                       false};
// A part of soas built as a module of its own (core/modules.hpp) that cannot be loaded.
inline constexpr Message module_unavailable{
    "module-unavailable", "soas 的模組 {} 無法載入（安裝不完整？）：{}",
    "soas's module {} cannot be loaded (an incomplete installation?): {}", false};
}  // namespace msg

// Every message above, for tests and documentation.
const std::vector<const Message*>& all_messages();

}  // namespace soas
