#pragma once
// The documents soas prints, after the seed's figures: the payment slip
// (004 fig 74: convenience store, and the same form for a virtual account),
// the e-permit (fig 80), the ARC case's resident certificate, and the
// e-receipt (fig 85). Each takes plain data and draws one page.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/payment.hpp"
#include "pdf/document.hpp"
#include "util/date.hpp"

namespace soas::pdf {

struct SlipData {
  bool store = true;  // else a virtual-account slip
  std::string slip_no;
  util::Date printed;
  util::Date deadline;
  std::string payer_name;
  long amount = 0;                 // the fees (證照費)
  long handling_fee = 0;           // the store's or bank's, paid on top
  domain::StoreBarcodes barcodes;  // store slips
  std::string collection_code;     // 代收類別
  std::string virtual_account;     // virtual-account slips
  std::string bank;
  // The cases the payment covers, listed on annex pages (繳費明細) when there
  // is more than one: a school's group slip.
  struct Case {
    std::string group_no;
    std::string receipt_no;
    std::string name;  // 申請名稱
    long fee = 0;
  };
  std::vector<Case> cases;
};
// The slip page, then, for more than one case, the annex pages.
void draw_slip(Document& doc, const SlipData& d);

struct PermitData {
  std::string permit_no;
  std::string type_zh;  // 大陸地區人民多次入出境證
  std::string type_en;
  util::Date issued;
  util::Date expiry;
  std::string purpose;  // 陸生就學
  std::string name_zh;
  std::string name_en;
  std::string travel_doc_no;
  std::string id_no;
  util::Date birth_date;
  std::string sex;  // M / F
  std::string birthplace;
  std::string address;
  std::string ui_no;
  std::string school;
  std::string qr_payload;
};
void draw_permit(Document& doc, const PermitData& d);

struct ResidentData {
  std::string certificate_no;  // the case's receipt number
  std::string ui_no;           // 統一證號
  std::string name_en;
  std::string name_zh;
  std::string nationality;
  util::Date birth_date;
  std::string sex;
  std::string passport_no;
  std::string purpose;  // 就學
  std::string school;
  std::string address;
  util::Date issued;
  util::Date expiry;
  std::string station;  // pick-up service station
  std::string qr_payload;
};
void draw_resident_certificate(Document& doc, const ResidentData& d);

struct ReceiptData {
  std::string receipt_no;  // 收件號
  std::string group_no;
  std::string order_no;
  std::string payer;
  std::string item_zh;  // 證照費 - 多次證
  std::string item_en;
  long amount = 0;
  std::int64_t paid_at = 0;
  std::string method_zh;
  std::string method_en;
  util::Date issued;
};
void draw_receipt(Document& doc, const ReceiptData& d);

// "04 Jul 2019" and "2019年07月04日", as fig 80 prints dates.
std::string english_date(const util::Date& d);
std::string chinese_date(const util::Date& d);
// 1,000
std::string thousands(long amount);

}  // namespace soas::pdf
