// PDFs: the bytes are deterministic, small, well-formed, and the text comes
// back out (pdftotext, from poppler-utils) with every field.

#include <catch2/catch.hpp>
#include <cstdio>

#include "config/config.hpp"
#include "domain/payment.hpp"
#include "pdf/barcode.hpp"
#include "pdf/layouts.hpp"
#include "security/signing.hpp"
#include "service/signing.hpp"
#include "support.hpp"
#include "util/date.hpp"

using namespace soas;
using test::code_of;
using test::TempDir;

namespace {

// The default font (AR PL UMing TW: Taiwan's standard character forms).
const std::string k_font = config::PdfSettings{}.font_file;
const int k_face = config::PdfSettings{}.font_index;

// pdftotext's output (and whether it complained) for a PDF.
struct Extracted {
  std::string text;
  std::string errors;
};
Extracted extract(const TempDir& dir, const std::string& pdf, bool layout = false) {
  const std::string in = dir.write("in.pdf", pdf);
  const std::string cmd = std::string("pdftotext ") + (layout ? "-layout " : "") + in + " " +
                          dir.file("out.txt") + " 2>" + dir.file("err.txt");
  REQUIRE(std::system(cmd.c_str()) == 0);
  return {TempDir::read(dir.file("out.txt")), TempDir::read(dir.file("err.txt"))};
}

pdf::SlipData slip() {
  pdf::SlipData s;
  s.slip_no = "SOAS115000000001";
  s.printed = util::Date(2026, 11, 21);
  s.deadline = util::Date(2026, 11, 26);
  s.payer_name = "鄭小華";
  s.amount = 1000;
  s.handling_fee = 8;
  s.collection_code = "NIA";
  s.barcodes = domain::store_barcodes({}, s.deadline, s.printed, s.slip_no, 1000);
  return s;
}

std::string render_slip(const pdf::SlipData& s) {
  pdf::Document doc(pdf::Font::load(k_font, k_face));
  pdf::draw_slip(doc, s);
  return doc.render({"Payment slip", "", "", 1795226400});
}

}  // namespace

TEST_CASE("Code 39: start and stop, 16 modules a character, one gap between", "[pdf]") {
  const auto w = pdf::code39_widths("A");
  CHECK(w.size() == 3 * 9 + 2);
  int modules = 0;
  for (int x : w) modules += x;
  CHECK(modules == 3 * 16 - 1);
  CHECK(pdf::code39_width("SOAS115000000001", 1) == 18 * 16 - 1);
  CHECK(code_of([] { pdf::code39_widths("a"); }) == "barcode-char");
  CHECK(code_of([] { pdf::code39_widths("A*B"); }) == "barcode-char");
}

TEST_CASE("QR codes are deterministic and grow with the payload", "[pdf]") {
  const auto a = pdf::qr_encode("SOAS1.short");
  CHECK(a.size >= 21);
  CHECK(a.dark.size() == static_cast<std::size_t>(a.size * a.size));
  CHECK(pdf::qr_encode("SOAS1.short").dark == a.dark);
  CHECK(pdf::qr_encode(std::string(200, 'x')).size > a.size);
}

TEST_CASE("a store slip: every field extractable, deterministic, at most 30,000 bytes", "[pdf]") {
  TempDir dir;
  const std::string bytes = render_slip(slip());
  CHECK(bytes.compare(0, 5, "%PDF-") == 0);
  CHECK(bytes.find("%%EOF") != std::string::npos);
  CHECK(bytes.size() <= 30000);
  // The face embedded is AR PL UMing TW (PostScript name UMingTW).
  CHECK(bytes.find("/BaseFont /HPDFAA+UMingTW") != std::string::npos);
  CHECK(render_slip(slip()) == bytes);  // same input, same bytes
  CHECK(bytes.find("/CreationDate (D:20261121100000+08'00')") != std::string::npos);
  const auto e = extract(dir, bytes);
  CHECK(e.errors.empty());  // no reader warnings (the ToUnicode map is ours)
  for (const char* field :
       {"內政部移民署繳費單", "National Immigration Agency Demand Notes", "No: SOAS115000000001",
        "第一聯：繳款人收執聯", "第二聯：代收單位留存聯", "列印日期(Print Date): 2026/11/21", "鄭小華",
        "學生線上申辦 Student on-line application", "2026/11/26", "證照費", "1,000",
        "合計 Total Amount: NT$1,000", "需自行付8元手續費", "超商專用", "151126NIA", "1511B5000001000",
        "超商繳費務索取繳費證明", "領收號碼 Receipt No.", "代收類別 Collection category"}) {
    INFO(field);
    CHECK(e.text.find(field) != std::string::npos);
  }
}

TEST_CASE("a virtual-account slip carries the account and the bank fee", "[pdf]") {
  TempDir dir;
  auto s = slip();
  s.store = false;
  s.handling_fee = 10;
  s.virtual_account = domain::virtual_account_number("95012", 1);
  s.bank = "臺灣銀行";
  const auto e = extract(dir, render_slip(s));
  CHECK(e.text.find(s.virtual_account) != std::string::npos);
  CHECK(e.text.find("需自行付10元手續費") != std::string::npos);
  CHECK(e.text.find("超商專用") == std::string::npos);
}

TEST_CASE("a group slip: the school as payer and an annex listing every case, paged, with the total", "[pdf]") {
  TempDir dir;
  auto s = slip();
  s.store = false;
  s.payer_name = "國立臺北科技大學";
  s.virtual_account = domain::virtual_account_number("95012", 1);
  s.bank = "臺灣銀行";
  s.amount = 0;
  for (int i = 1; i <= 45; ++i) {
    char receipt[16];
    std::snprintf(receipt, sizeof receipt, "1150000000%02d", i);
    s.cases.push_back({"000000001", receipt, i == 7 ? "WONG SIU MING" : "學生" + std::to_string(i), 1000});
    s.amount += 1000;
  }
  const std::string bytes = render_slip(s);
  const auto e = extract(dir, bytes);
  CHECK(e.errors.empty());
  for (const char* field : {"繳費明細 Payment annex", "繳款人 Payer: 國立臺北科技大學", "115000000001", "115000000045",
                            "WONG SIU MING", "學生45", "共 45 件 45 cases", "合計 Total NT$45000"}) {
    INFO(field);
    CHECK(e.text.find(field) != std::string::npos);
  }
  // Two annex pages after the slip page (the lines are paged).
  CHECK(e.text.find("第 2 / 2 頁") != std::string::npos);
  CHECK(e.text.find("第 3 / 2 頁") == std::string::npos);
  // One case: no annex.
  auto one = slip();
  one.cases.push_back({"000000001", "115000000001", "鄭小華", 1000});
  CHECK(extract(dir, render_slip(one)).text.find("繳費明細") == std::string::npos);
}

TEST_CASE("a permit: the fields of fig 80, 20 inspection boxes, the signed payload", "[pdf]") {
  TempDir dir;
  pdf::PermitData d;
  d.permit_no = "115000000001";
  d.type_zh = "大陸地區人民多次入出境證";
  d.issued = util::Date(2026, 11, 21);
  d.expiry = util::Date(2028, 11, 21);
  d.purpose = "陸生就學";
  d.name_zh = "鄭小華";
  d.name_en = "ZHENG XIAOHUA";
  d.travel_doc_no = "T12345678";
  d.id_no = "440524199501010014";
  d.birth_date = util::Date(1995, 1, 1);
  d.sex = "M";
  d.birthplace = "廣東省";
  d.address = "臺北市大安區忠孝東路三段1號";
  d.ui_no = "UA12345678";
  d.school = "國立臺北科技大學";
  d.qr_payload = "SOAS1.0123456789abcdef.AAAA.BBBB";
  pdf::Document doc(pdf::Font::load(k_font, k_face));
  pdf::draw_permit(doc, d);
  const std::string bytes = doc.render({"E-permit", "", d.qr_payload, 1795226400});
  CHECK(bytes.size() <= 64000);
  const auto read = service::read_permit_pdf(bytes);
  REQUIRE(read);
  CHECK(read->payload == d.qr_payload);
  const auto e = extract(dir, bytes);
  CHECK(e.errors.empty());
  for (const char* field : {"許可證號 115000000001",
                            "中華民國臺灣地區入出境許可證",
                            "EXIT & ENTRY PERMIT TAIWAN REPUBLIC OF CHINA",
                            "大陸地區人民多次入出境證",
                            "21 Nov 2026",
                            "21 Nov 2028 (2028年11月21日)",
                            "陸生就學",
                            "鄭小華",
                            "ZHENG XIAOHUA",
                            "T12345678",
                            "440524199501010014",
                            "01 Jan 1995",
                            "男 Male",
                            "廣東省",
                            "臺北市大安區忠孝東路三段1號",
                            "統一證號：UA12345678",
                            "學校名稱：國立臺北科技大學",
                            "注意事項",
                            "PLEASE TAKE NOTICE",
                            "附記 Notes",
                            "免備回程機(船)票",
                            "出境查驗 Exit Inspection 1",
                            "入境查驗 Entry Inspection 20"}) {
    INFO(field);
    CHECK(e.text.find(field) != std::string::npos);
  }
}

namespace {

pdf::PermitData permit_printing(const service::PermitClaims& c) {
  pdf::PermitData d;
  d.permit_no = c.permit_no;
  d.type_zh = "大陸地區人民多次入出境證";
  d.issued = *util::parse_iso_date(c.issued);
  d.expiry = *util::parse_iso_date(c.valid_until);
  d.purpose = "陸生就學";
  d.name_zh = c.name_zh;
  d.name_en = c.name_en;
  d.travel_doc_no = "T12345678";
  d.id_no = c.id_no;
  d.birth_date = util::Date(1995, 1, 1);
  d.sex = "M";
  d.birthplace = "廣東省";
  d.address = "臺北市大安區忠孝東路三段1號";
  d.ui_no = "UA12345678";
  d.school = "國立臺北科技大學";
  return d;
}

std::string render_permit(const pdf::PermitData& d) {
  pdf::Document doc(pdf::Font::load(k_font, k_face));
  pdf::draw_permit(doc, d);
  return doc.render({"E-permit", "", d.qr_payload, 1795226400});
}

}  // namespace

TEST_CASE("verify permit FILE: the Info payload, and the page must print what was signed", "[pdf]") {
  const auto key = security::generate_signing_key();
  const auto lookup = [&](const std::string& id) -> std::optional<std::string> {
    return id == key.key_id ? std::optional<std::string>(key.public_key) : std::nullopt;
  };
  const service::PermitClaims signed_claims{"115000000001", "鄭小華",     "ZHENG XIAOHUA", "440524199501010014",
                                            "2026-11-21",   "2028-11-21", "multi-entry"};
  const std::string payload = service::sign_permit(key, signed_claims);
  pdf::PermitData genuine = permit_printing(signed_claims);
  genuine.qr_payload = payload;
  CHECK(service::verify_permit_pdf(render_permit(genuine), lookup).verdict == service::Verdict::valid);

  // The genuine payload on a page printing another expiry, holder or number.
  for (int change = 0; change < 4; ++change) {
    INFO(change);
    pdf::PermitData forged = genuine;
    if (change == 0) forged.expiry = util::Date(2038, 11, 21);
    if (change == 1) forged.name_en = "SOMEONE ELSE";
    if (change == 2) forged.permit_no = "115000000999";
    if (change == 3) forged.issued = util::Date(2026, 11, 22);
    CHECK(service::verify_permit_pdf(render_permit(forged), lookup).verdict == service::Verdict::tampered);
  }

  // A four-line fake PDF holding the genuine payload is no permit.
  const std::string fake = "%PDF-1.3\n<< /Keywords (" + payload + ") >>\ntrailer << >>\n%%EOF\n";
  CHECK_FALSE(service::read_permit_pdf(fake));
  CHECK(service::verify_permit_pdf(fake, lookup).verdict == service::Verdict::malformed);
  // The payload bytes elsewhere than the Info dictionary (here, a comment) are not read.
  std::string moved = render_permit(permit_printing(signed_claims));
  moved.insert(moved.find('\n') + 1, "%/Keywords (" + payload + ")\n");
  CHECK(service::verify_permit_pdf(moved, lookup).verdict == service::Verdict::malformed);
}

TEST_CASE("a resident certificate (a permit): its fields, at most 64,000 bytes", "[pdf]") {
  TempDir dir;
  pdf::ResidentData d;
  d.certificate_no = "115000000002";
  d.name_en = "LEE ROSE";
  d.nationality = "馬來西亞";
  d.birth_date = util::Date(1999, 6, 1);
  d.sex = "F";
  d.passport_no = "P19990601";
  d.purpose = "就學 Study";
  d.school = "國立臺北科技大學";
  d.address = "臺北市大安區忠孝東路三段1號5樓";
  d.issued = util::Date(2026, 11, 25);
  d.expiry = util::Date(2027, 11, 25);
  d.station = "內政部移民署臺北市第一服務站";
  d.qr_payload = service::sign_permit(
      security::generate_signing_key(),
      {d.certificate_no, "", d.name_en, d.passport_no, "2026-11-25", "2027-11-25", "arc"});
  pdf::Document doc(pdf::Font::load(k_font, k_face));
  pdf::draw_resident_certificate(doc, d);
  const std::string bytes = doc.render({"E-permit", "", d.qr_payload, 1795226400});
  CHECK(bytes.size() <= 64000);
  // What the page prints is what was signed.
  const auto read = service::read_permit_pdf(bytes);
  REQUIRE(read);
  CHECK(service::page_shows(read->shown, {d.certificate_no, "", d.name_en, d.passport_no, "2026-11-25",
                                          "2027-11-25", "arc"}));
  CHECK_FALSE(service::page_shows(read->shown, {d.certificate_no, "", d.name_en, d.passport_no, "2026-11-25",
                                                "2029-11-25", "arc"}));
  const auto e = extract(dir, bytes);
  for (const char* field :
       {"中華民國居留證 電子證明", "115000000002", "LEE ROSE", "馬來西亞", "P19990601", "01 Jun 1999",
        "女 Female", "國立臺北科技大學", "25 Nov 2027 (2027年11月25日)", "內政部移民署臺北市第一服務站"}) {
    INFO(field);
    CHECK(e.text.find(field) != std::string::npos);
  }
}

TEST_CASE("a receipt: number, payer, item, amount, date and method", "[pdf]") {
  TempDir dir;
  pdf::ReceiptData d;
  d.receipt_no = "115000000001";
  d.group_no = "000000001";
  d.order_no = "SOAS115000000001";
  d.payer = "鄭小華";
  d.item_zh = "證照費（陸生換發多次證申請）";
  d.amount = 1000;
  d.paid_at = 1795311000;  // 2026-11-22 09:30 in Taipei
  d.method_zh = "四大超商繳費";
  d.method_en = "convenience store";
  d.issued = util::Date(2026, 11, 25);
  pdf::Document doc(pdf::Font::load(k_font, k_face));
  pdf::draw_receipt(doc, d);
  const auto e = extract(dir, doc.render({"E-receipt", "", "", 1795311000}));
  for (const char* field :
       {"電子收據", "115000000001", "000000001", "SOAS115000000001", "鄭小華", "證照費（陸生換發多次證申請）",
        "NT$1,000", "2026/11/22 09:30:00", "四大超商繳費"}) {
    INFO(field);
    CHECK(e.text.find(field) != std::string::npos);
  }
}

TEST_CASE("text outside the font's reach is drawn, not dropped or crashed on", "[pdf]") {
  TempDir dir;
  pdf::Document doc(pdf::Font::load(k_font, k_face));
  doc.add_page().text(40, 800, 12, "A\xF0\x9F\x98\x80Z");  // an emoji outside the BMP
  const auto e = extract(dir, doc.render({"t", "", "", 0}));
  CHECK(e.text.find("A?Z") != std::string::npos);
}

TEST_CASE("a missing or unusable font is a clear failure", "[pdf]") {
  TempDir dir;
  CHECK(code_of([] { pdf::Font::load("/nonexistent/font.ttc", 0); }) == "font-missing");
  const std::string text = dir.write("font.ttf", "not a font at all");
  CHECK(code_of([&] { pdf::Font::load(text, 0); }) == "font-unusable");
}
