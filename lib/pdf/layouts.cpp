#include "pdf/layouts.hpp"

#include <algorithm>
#include <cstdio>

#include "core/clock.hpp"
#include "pdf/barcode.hpp"
#include "util/text.hpp"

namespace soas::pdf {

namespace {

constexpr double W = k_a4_width;
constexpr double H = k_a4_height;
constexpr double M = 42;  // page margin

std::string encode(char32_t cp) {
  std::string s;
  util::append_utf8(s, cp);
  return s;
}

// Lines of at most max_width points: Latin text breaks at spaces, CJK text
// between any two characters.
std::vector<std::string> wrap(const Font& font, const std::string& text, double size, double max_width) {
  std::vector<char32_t> cps;
  util::decode_utf8(text, &cps);
  std::vector<std::string> lines;
  std::string line;
  double width = 0;
  std::size_t last_space = std::string::npos;  // byte index in line
  double width_after_space = 0;                // width of the part after it
  for (char32_t cp : cps) {
    const std::string ch = encode(cp);
    const double w = font.advance(cp) * size;
    if (width + w > max_width && !line.empty()) {
      if (cp < 0x3000 && last_space != std::string::npos && cp != U' ') {
        lines.push_back(line.substr(0, last_space));
        line = line.substr(last_space + 1);
        width = width_after_space;
      } else {
        lines.push_back(line);
        line.clear();
        width = 0;
      }
      last_space = std::string::npos;
      if (cp == U' ') continue;
    }
    if (cp == U' ') {
      last_space = line.size();
      width_after_space = -w;
    }
    line += ch;
    width += w;
    width_after_space += w;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// Draws wrapped text from baseline y downwards; returns the y below it.
double paragraph(Page& p, const Font& font, double x, double y, double size, double max_width,
                 const std::string& text, double leading = 1.35) {
  for (const auto& l : wrap(font, text, size, max_width)) {
    p.text(x, y, size, l);
    y -= size * leading;
  }
  return y;
}

// A labelled cell: the label small at the top, the value below.
void cell(Page& p, double x, double top, double w, double h, const std::string& label,
          const std::string& value, double value_size = 10) {
  p.rect(x, top - h, w, h);
  p.text(x + 4, top - 10, 7, label);
  p.text(x + 4, top - h + 6, value_size, value);
}

// The size, at most `size`, at which a cell's value stays inside a cell this
// wide (a Ming face's Latin letters run wide).
double fitted(const Font& font, const std::string& value, double size, double cell_width) {
  return std::min(size, (cell_width - 8) / font.width(value, 1.0));
}

const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string sex_text(const std::string& s) {
  return s == "M" ? "男 Male" : s == "F" ? "女 Female" : s;
}

std::string date_time(std::int64_t t) {
  const LocalTime lt = to_taipei(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", lt.date.slashed().c_str(), lt.hour, lt.minute,
                lt.second);
  return buf;
}

void slip_part(Page& p, const Font& font, const SlipData& d, bool first, double top) {
  p.text(W / 2, top, 15, "內政部移民署繳費單", Align::center);
  p.text(W / 2, top - 15, 9, "National Immigration Agency Demand Notes", Align::center);
  p.text(W - M, top, 9, "No: " + d.slip_no, Align::right);
  const double y = top - 36;
  p.text(M, y, 9,
         first ? "第一聯：繳款人收執聯  The first form: The invoice stub"
               : "第二聯：代收單位留存聯  The second form: The invoice form");
  p.text(W - M, y, 9,
         std::string(first ? "列印日期(Print Date): " : "列印日期(Date): ") + d.printed.slashed(),
         Align::right);
  const double t = y - 8;
  const double cw = (W - 2 * M);
  const std::string type = "學生線上申辦 Student on-line application";
  if (first) {
    cell(p, M, t, cw * 0.3, 32, "繳款人姓名 Payee's Name", d.payer_name);
    cell(p, M + cw * 0.3, t, cw * 0.4, 32, "繳費類別 Type of payment", type, fitted(font, type, 10, cw * 0.4));
    cell(p, M + cw * 0.7, t, cw * 0.3, 32, "繳費期限 Please pay this amount by", d.deadline.slashed());
    const double t2 = t - 32;
    cell(p, M, t2, cw * 0.3, 44, "收入科目 Item", "證照費");
    cell(p, M + cw * 0.3, t2, cw * 0.2, 44, "金額 Amount", thousands(d.amount));
    p.rect(M + cw * 0.5, t2 - 44, cw * 0.5, 44);
    p.text(M + cw * 0.5 + 4, t2 - 10, 7, "備註 Notes");
    paragraph(p, font, M + cw * 0.5 + 4, t2 - 21, 7.5, cw * 0.5 - 8,
              d.store
                  ? "超商繳費務請記得索取繳費證明單並核對金額 Please request for payment confirmation and "
                    "check the amount"
                  : "臨櫃繳費務請記得索取繳費證明單並核對金額 Please request for payment confirmation and "
                    "check the amount");
    p.text(M + 4, t2 - 60, 10, "合計 Total Amount: NT$" + thousands(d.amount));
    double ny = t2 - 78;
    if (d.store) {
      ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                     "本繳費單至統一、全家、萊爾富及OK超商繳費，需自行付" + std::to_string(d.handling_fee) +
                         "元手續費。");
      ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                     "Please pay in person at convenience store (7-11, FamilyMart, Hi-Life or OK Mart). "
                     "Additional fees: NT$ " +
                         std::to_string(d.handling_fee) + ".");
    } else {
      ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                     "本繳費單請持至" + d.bank + "臨櫃繳費，或以ATM轉帳至下列虛擬帳號，需自行付" +
                         std::to_string(d.handling_fee) + "元手續費（跨行另加跨行費用）。");
      ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                     "Pay at a bank counter or transfer to the virtual account below. Additional fees: NT$ " +
                         std::to_string(d.handling_fee) + " (plus any inter-bank fee).");
      p.text(M + 4, ny - 4, 10, "虛擬帳號 Virtual account: " + d.virtual_account);
    }
    return;
  }
  cell(p, M, t, cw * 0.22, 32, "繳款人姓名 Payee's Name", d.payer_name);
  cell(p, M + cw * 0.22, t, cw * 0.38, 32, "繳費類別 Type of payment", type, fitted(font, type, 8.5, cw * 0.38));
  cell(p, M + cw * 0.6, t, cw * 0.2, 32, "繳費金額 Payment Amount", thousands(d.amount));
  cell(p, M + cw * 0.8, t, cw * 0.2, 32, "繳費期限 Payment Deadline", d.deadline.slashed());
  const double t2 = t - 32;
  cell(p, M, t2, cw * 0.5, 26, "合計 Amount", "NT$" + thousands(d.amount));
  cell(p, M + cw * 0.5, t2, cw * 0.5, 26, "領收號碼 Receipt No.", d.slip_no);
  const double t3 = t2 - 26;
  if (d.store) {
    cell(p, M, t3, cw * 0.5, 26, "代收類別 Collection category", d.collection_code);
  } else {
    cell(p, M, t3, cw * 0.5, 26, "虛擬帳號 Virtual account", d.virtual_account);
  }
  cell(p, M + cw * 0.5, t3, cw * 0.5, 26, "繳費金額 Amount", thousands(d.amount));
  double ny = t3 - 40;
  if (d.store) {
    ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                   "繳費單至統一、全家、萊爾富及OK超商繳費，需自行付" + std::to_string(d.handling_fee) +
                       "元手續費，繳款期限：" + d.deadline.slashed());
    ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                   "Pay on 7-11, FamilyMart, Hi-Life or OK Mart will be charged NT$ " +
                       std::to_string(d.handling_fee) + ". Payment deadline: " + d.deadline.slashed());
    // The three barcodes of the collection standard.
    const double box_top = ny - 4;
    p.rect(M, box_top - 180, cw, 180);
    p.text(M + 6, box_top - 14, 9, "超商專用");
    p.text(W - M - 6, box_top - 14, 9, "超商繳費務索取繳費證明", Align::right);
    double by = box_top - 50;
    for (const std::string* seg : {&d.barcodes.segment1, &d.barcodes.segment2, &d.barcodes.segment3}) {
      const double w = code39_width(*seg, 0.8);
      draw_code39(p, W / 2 - w / 2, by, 0.8, 30, *seg);
      p.text(W / 2, by - 10, 8, *seg, Align::center);
      by -= 50;
    }
  } else {
    ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                   "繳費單請持至" + d.bank + "臨櫃繳費，需自行付" + std::to_string(d.handling_fee) +
                       "元手續費，繳款期限：" + d.deadline.slashed());
    ny = paragraph(p, font, M + 4, ny, 8, cw - 8,
                   "Payment deadline: " + d.deadline.slashed() + ". Bank: " + d.bank + ".");
    p.rect(M, ny - 60, cw, 56);
    p.text(M + 6, ny - 18, 9, "臨櫃及ATM轉帳專用 For bank counters and ATM transfers");
    p.text(W / 2, ny - 46, 16, d.virtual_account, Align::center);
  }
}

}  // namespace

std::string english_date(const util::Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d %s %04d", d.day(), k_months[d.month() - 1], d.year());
  return buf;
}

std::string chinese_date(const util::Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日", d.year(), d.month(), d.day());
  return buf;
}

std::string thousands(long amount) {
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return amount < 0 ? "-" + out : out;
}

void draw_slip(Document& doc, const SlipData& d) {
  Page& p = doc.add_page();
  slip_part(p, doc.font(), d, true, H - 50);
  p.line(M - 10, H / 2 + 40, W - M + 10, H / 2 + 40, 0.5, true);
  p.text(W - M, H / 2 + 44, 6, "請沿虛線撕開 Tear along the dotted line", Align::right, 0.4);
  slip_part(p, doc.font(), d, false, H / 2 + 14);
  if (d.cases.size() < 2) return;

  // 繳費明細: one line per case, paged, the total on the last page.
  constexpr double row_h = 16;
  const double cw = W - 2 * M;
  const double col[] = {M, M + cw * 0.08, M + cw * 0.24, M + cw * 0.42, M + cw};  // no., group, receipt, name, fee
  const std::size_t per_page = static_cast<std::size_t>((H - 150) / row_h);
  const std::size_t pages = (d.cases.size() + per_page - 1) / per_page;
  long total = 0;
  for (const auto& c : d.cases) total += c.fee;
  for (std::size_t page = 0; page < pages; ++page) {
    Page& a = doc.add_page();
    double y = H - 50;
    a.text(W / 2, y, 14, "繳費明細 Payment annex", Align::center);
    a.text(W - M, y, 9, "No: " + d.slip_no, Align::right);
    y -= 20;
    a.text(M, y, 9, "繳款人 Payer: " + d.payer_name);
    a.text(W - M, y, 9,
           "第 " + std::to_string(page + 1) + " / " + std::to_string(pages) + " 頁 Page " +
               std::to_string(page + 1) + " of " + std::to_string(pages),
           Align::right);
    y -= 22;
    const auto row = [&](const std::string& no, const std::string& group, const std::string& receipt,
                         const std::string& name, const std::string& fee, double size) {
      a.text(col[0] + 2, y, size, no);
      a.text(col[1] + 2, y, size, group);
      a.text(col[2] + 2, y, size, receipt);
      a.text(col[3] + 2, y, size, name);
      a.text(col[4] - 2, y, size, fee, Align::right);
      a.line(M, y - 5, W - M, y - 5, 0.3);
      y -= row_h;
    };
    row("項次 No.", "團號 Group", "收件號 Receipt", "申請名稱 Name", "規費 Fee (NT$)", 8);
    const std::size_t from = page * per_page;
    const std::size_t to = std::min(d.cases.size(), from + per_page);
    for (std::size_t i = from; i < to; ++i) {
      const auto& c = d.cases[i];
      row(std::to_string(i + 1), c.group_no, c.receipt_no, c.name, std::to_string(c.fee), 9);
    }
    if (page + 1 == pages) {
      y -= 4;
      a.text(M, y, 10, "共 " + std::to_string(d.cases.size()) + " 件 " + std::to_string(d.cases.size()) + " cases");
      a.text(W - M, y, 10, "合計 Total NT$" + std::to_string(total), Align::right);
    }
  }
}

void draw_permit(Document& doc, const PermitData& d) {
  Page& p = doc.add_page();
  const Font& font = doc.font();
  const double cw = W - 2 * M;
  double y = H - 46;
  p.text(M, y, 10, "許可證號 " + d.permit_no);
  p.text(W / 2, y - 22, 15, "中華民國臺灣地區入出境許可證", Align::center);
  p.text(W / 2, y - 36, 9, "EXIT & ENTRY PERMIT TAIWAN REPUBLIC OF CHINA", Align::center);
  if (!d.qr_payload.empty()) {
    const QrMatrix qr = qr_encode(d.qr_payload);
    const double module = 64.0 / qr.size;
    draw_qr(p, W - M - 64, y + 8, module, qr);
  }
  // The data table.
  double t = y - 62;
  const double h = 30;
  cell(p, M, t, cw * 0.4, h, "許可證類別 Permit Type", d.type_zh, 9);
  cell(p, M + cw * 0.4, t, cw * 0.25, h, "發證日期 Date of Issue", english_date(d.issued), 9);
  cell(p, M + cw * 0.65, t, cw * 0.35, h, "有效期限 Date of Expiry",
       english_date(d.expiry) + " (" + chinese_date(d.expiry) + ")", 9);
  t -= h;
  cell(p, M, t, cw * 0.4, h, "事由 Purpose", d.purpose, 9);
  cell(p, M + cw * 0.4, t, cw * 0.6, h, "姓名 Name", d.name_zh + "  " + d.name_en, 9);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "護照號碼(大陸居民往來臺灣通行證) Passport No.", d.travel_doc_no, 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "身分證號 ID No.", d.id_no, 9);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "出生日期 Date of Birth", english_date(d.birth_date), 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "性別 Gender", sex_text(d.sex), 9);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "出生地 Place of Birth", d.birthplace, 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "許可停留期限 Duration of Stay",
       english_date(d.expiry) + " (" + chinese_date(d.expiry) + ")", 9);
  t -= h;
  cell(p, M, t, cw, h, "在臺地址 Address in Taiwan", d.address, 9);
  t -= h + 14;
  // Notices.
  p.text(M, t, 9, "注意事項：");
  t = paragraph(p, font, M + 8, t - 12, 8, cw - 8, "1. 本證記載如有錯誤，請即申請更正。");
  t = paragraph(
      p, font, M + 8, t, 8, cw - 8,
      "2. 持證人除依規定經核准延期者外，應於許可在臺停留期限屆滿前離境。逾期居留者，依法得強制出境，"
      "並影響居留或再入境權益。");
  p.text(M, t - 4, 8, "PLEASE TAKE NOTICE :");
  t = paragraph(p, font, M + 8, t - 15, 7, cw - 8,
                "1. PLEASE APPLY FOR CORRECTION, IN CASE OF ANY ERROR IN THIS PERMIT.");
  t = paragraph(
      p, font, M + 8, t, 7, cw - 8,
      "2. THE HOLDER OF THIS PERMIT MUST DEPART TAIWAN BEFORE THE EXPIRATION DATE, UNLESS AN EXTENTION "
      "HAS BEEN GRANTED. OVERSTAYERS WILL BE DEPORTED AND DENIED THE PRIVILEGE OF RESIDENCE OR "
      "REENTRY.");
  // Notes.
  p.text(M, t - 6, 9, "附記 Notes");
  t = paragraph(
      p, font, M + 8, t - 18, 7.5, cw - 8,
      "本證提供持證人於走人工查驗台出境或入境時，加蓋入(出)境查驗章戳使用。入出境查驗格不敷使用時，請於本證"
      "有效期限前，於內政部移民署學生線上申辦系統自行下載列印。");
  for (const std::string& note :
       {std::string("統一證號：") + d.ui_no, std::string("免備回程機(船)票"),
        std::string(
            "入境應備有效之大陸地區旅行證件，但旅居香港、澳門者，得持憑『香港特別行政區簽證身分書』或『澳門"
            "特別行政區旅行證』查驗入境"),
        std::string("入境不須填繳入國登記表"), std::string("學校名稱：") + d.school}) {
    t = paragraph(p, font, M + 8, t, 7.5, cw - 8, "• " + note);
  }
  t = paragraph(
      p, font, M, t - 4, 8, cw,
      "為防範重大動物傳染病(如:非洲豬瘟)入侵，請勿攜帶肉類產品或動物產品入境臺灣，如經查獲將予重罰！");
  // The 20 numbered inspection boxes: 5 rows of 4, exit above entry.
  const double box_w = cw / 4;
  const double box_h = std::min(50.0, (t - 30) / 5);
  double by = t - 6;
  for (int row = 0; row < 5; ++row) {
    for (int col = 0; col < 4; ++col) {
      const int n = row * 4 + col + 1;
      const double x = M + col * box_w;
      p.rect(x, by - box_h, box_w, box_h, 0.5);
      p.line(x, by - box_h / 2, x + box_w, by - box_h / 2, 0.3, true);
      p.text(x + 3, by - 8, 6, "出境查驗 Exit Inspection " + std::to_string(n), Align::left, 0.35);
      p.text(x + 3, by - box_h / 2 - 8, 6, "入境查驗 Entry Inspection " + std::to_string(n), Align::left,
             0.35);
    }
    by -= box_h;
  }
}

void draw_resident_certificate(Document& doc, const ResidentData& d) {
  Page& p = doc.add_page();
  const Font& font = doc.font();
  const double cw = W - 2 * M;
  double y = H - 46;
  p.text(M, y, 10, "證明號碼 " + d.certificate_no);
  p.text(W / 2, y - 22, 15, "中華民國居留證 電子證明", Align::center);
  p.text(W / 2, y - 36, 9, "RESIDENT CERTIFICATE (ARC) E-CERTIFICATE, REPUBLIC OF CHINA (TAIWAN)",
         Align::center);
  if (!d.qr_payload.empty()) {
    const QrMatrix qr = qr_encode(d.qr_payload);
    draw_qr(p, W - M - 64, y + 8, 64.0 / qr.size, qr);
  }
  double t = y - 62;
  const double h = 30;
  cell(p, M, t, cw * 0.5, h, "統一證號 UI No.", d.ui_no.empty() ? "-" : d.ui_no, 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "居留事由 Purpose of Residence", d.purpose, 9);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "姓名 Name", d.name_en, 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "中文姓名 Chinese Name", d.name_zh, 9);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "國籍 Nationality", d.nationality, 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "護照號碼 Passport No.", d.passport_no, 9);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "出生日期 Date of Birth", english_date(d.birth_date), 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "性別 Gender", sex_text(d.sex), 9);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "發證日期 Date of Issue", english_date(d.issued), 9);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "居留期限 Date of Expiry",
       english_date(d.expiry) + " (" + chinese_date(d.expiry) + ")", 9);
  t -= h;
  cell(p, M, t, cw, h, "就讀學校 School", d.school, 9);
  t -= h;
  cell(p, M, t, cw, h, "在臺居住地址 Address in Taiwan", d.address, 9);
  t -= h;
  cell(p, M, t, cw, h, "領證服務站 Pick-up service station", d.station, 9);
  t -= h + 16;
  p.text(M, t, 9, "注意事項 Notice");
  t = paragraph(p, font, M + 8, t - 12, 8, cw - 8,
                "1. 請持本證明、電子收據及護照至上列服務站領取居留證（IC卡）。");
  t = paragraph(p, font, M + 8, t, 8, cw - 8, "2. 居留期限屆滿前須申請延期；記載如有錯誤，請即申請更正。");
  t = paragraph(
      p, font, M + 8, t - 2, 7, cw - 8,
      "1. Bring this certificate, the e-receipt and your passport to the station above to collect the "
      "resident certificate (IC card).");
  paragraph(p, font, M + 8, t, 7, cw - 8,
            "2. Apply for an extension before the expiry date; apply for correction in case of any error.");
}

void draw_receipt(Document& doc, const ReceiptData& d) {
  Page& p = doc.add_page();
  const Font& font = doc.font();
  const double cw = W - 2 * M;
  double y = H - 60;
  p.text(W / 2, y, 15, "內政部移民署 電子收據", Align::center);
  p.text(W / 2, y - 15, 9, "NATIONAL IMMIGRATION AGENCY E-RECEIPT", Align::center);
  double t = y - 40;
  const double h = 30;
  cell(p, M, t, cw * 0.5, h, "收據號碼(收件號) Receipt No.", d.receipt_no, 10);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "團號/批次號 Group No.", d.group_no, 10);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "繳款人 Payer", d.payer, 10);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "繳費單號 Order No.", d.order_no, 10);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "收入科目 Item", d.item_zh + " " + d.item_en, 10);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "金額 Amount", "NT$" + thousands(d.amount), 10);
  t -= h;
  cell(p, M, t, cw * 0.5, h, "繳費日期 Date of Payment", date_time(d.paid_at), 10);
  cell(p, M + cw * 0.5, t, cw * 0.5, h, "繳費方式 Method", d.method_zh + " " + d.method_en, 10);
  t -= h + 18;
  t = paragraph(
      p, font, M, t, 8, cw,
      "繳費後本署僅開立規費收據，無法開立相關之交易處理費或手續費收據。This receipt covers the fee only, "
      "not the handling fees of the payment method.");
  paragraph(p, font, M, t - 2, 8, cw,
            "請於接獲領證通知時，備妥本電子收據，至內政部移民署指定服務站領取證件。Bring this receipt to the "
            "designated service station to collect the document.");
  p.text(W - M, 60, 7, "開立日期 Issued: " + d.issued.slashed(), Align::right, 0.4);
}

}  // namespace soas::pdf
