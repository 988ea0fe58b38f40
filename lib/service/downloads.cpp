#include "service/downloads.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "pdf/layouts.hpp"
#include "service/applications.hpp"
#include "service/calendar.hpp"
#include "service/payments.hpp"
#include "service/signing.hpp"

namespace soas::service {

namespace {

std::string field(const std::map<std::string, std::string>& f, const char* key) {
  const auto it = f.find(key);
  return it == f.end() ? "" : it->second;
}

util::Date date_field(const std::map<std::string, std::string>& f, const char* key) {
  const auto d = util::parse_user_date(field(f, key));
  return d ? *d : util::Date();
}

std::string address(const std::map<std::string, std::string>& f) {
  std::string out;
  for (const char* part :
       {"county", "district", "village", "neighbourhood", "street", "lane", "alley", "number"}) {
    std::string v = field(f, (std::string("taiwan_address.") + part).c_str());
    if (v.empty()) continue;
    if (std::string(part) == "neighbourhood") v += "鄰";
    if (std::string(part) == "lane") v += "巷";
    if (std::string(part) == "alley") v += "弄";
    out += v;
  }
  return out;
}

std::string school_name(const Env& env, const std::string& code) {
  const auto s = env.store.schools().find(code);
  return s ? s->name : code;
}

std::string permit_pdf(const Env& env, const domain::CaseRecord& c, const security::SigningKey& key) {
  const auto f = env.store.cases().fields(c.receipt_no);
  const util::Date issued = to_taipei(c.issued_at).date;
  const util::Date expiry = *util::parse_iso_date(c.valid_until);
  PermitClaims claims{
      c.receipt_no,
      field(f, "name_zh"),
      field(f, "name_en"),
      c.kind == domain::ApplicationKind::arc ? field(f, "passport_no") : field(f, "mainland_id"),
      issued.iso(),
      expiry.iso(),
      std::string(domain::key(c.kind))};
  const std::string payload = sign_permit(key, claims);
  pdf::Document doc(pdf::Font::load(env.config.pdf.font_file, env.config.pdf.font_index));
  if (c.kind == domain::ApplicationKind::arc) {
    pdf::ResidentData d;
    d.certificate_no = c.receipt_no;
    d.ui_no = field(f, "ui_no");
    d.name_en = field(f, "name_en");
    d.name_zh = field(f, "name_zh");
    d.nationality = field(f, "nationality");
    d.birth_date = date_field(f, "birth_date");
    d.sex = field(f, "sex");
    d.passport_no = field(f, "passport_no");
    d.purpose = "就學 Study";
    d.school = school_name(env, c.school_code);
    d.address = address(f);
    d.issued = issued;
    d.expiry = expiry;
    const std::string station = field(f, "pickup_station");
    const std::string name = config::station_name(env.config, station);
    d.station = name.empty() ? station : name;
    d.qr_payload = payload;
    pdf::draw_resident_certificate(doc, d);
  } else {
    pdf::PermitData d;
    d.permit_no = c.receipt_no;
    d.type_zh = "大陸地區人民多次入出境證";
    d.type_en = "Multiple Exit & Entry Permit";
    d.issued = issued;
    d.expiry = expiry;
    d.purpose = "陸生就學";
    d.name_zh = field(f, "name_zh");
    d.name_en = field(f, "name_en");
    d.travel_doc_no = field(f, "travel_permit_no");
    d.id_no = field(f, "mainland_id");
    d.birth_date = date_field(f, "birth_date");
    d.sex = field(f, "sex");
    d.birthplace = field(f, "birthplace");
    d.address = address(f);
    d.ui_no = field(f, "ui_no");
    d.school = school_name(env, c.school_code);
    d.qr_payload = payload;
    pdf::draw_permit(doc, d);
  }
  return doc.render(
      pdf::Info{"E-permit " + c.receipt_no, "National Immigration Agency e-permit", payload, c.issued_at});
}

std::string receipt_pdf(const Env& env, const domain::CaseRecord& c, const domain::PaymentOrder& order) {
  const auto f = env.store.cases().fields(c.receipt_no);
  pdf::ReceiptData d;
  d.receipt_no = c.receipt_no;
  d.group_no = c.group_no;
  d.order_no = order.order_no;
  d.payer = domain::display_name(f);
  const Text kind = domain::label(c.kind);
  d.item_zh = "證照費（" + kind.zh + "）";
  d.item_en = "";
  d.amount = c.fee;
  d.paid_at = order.paid_at;
  const Text method = domain::label(order.method);
  d.method_zh = method.zh;
  d.method_en = method.en;
  d.issued = receipt_available_on(env, order);
  pdf::Document doc(pdf::Font::load(env.config.pdf.font_file, env.config.pdf.font_index));
  pdf::draw_receipt(doc, d);
  return doc.render(pdf::Info{"E-receipt " + c.receipt_no, "National Immigration Agency e-receipt", "",
                              from_taipei(d.issued)});
}

}  // namespace

Downloads download(const Env& env, const Caller& caller, DownloadKind kind, const DownloadQuery& query) {
  store::CaseQuery q;
  q.group_no = query.group_no;
  q.receipt_no = query.receipt_no;
  q.state = domain::CaseState::issued;
  if (query.paid_from) q.paid_from = from_taipei(*query.paid_from);
  if (query.paid_to) q.paid_to = from_taipei(query.paid_to->add_days(1));
  const auto cases = list_cases(env, caller, q);
  if (cases.empty()) throw Refusal(msg::download_none);
  Downloads out;
  std::optional<security::SigningKey> key;
  const util::Date today = env.clock.today();
  for (const auto& c : cases) {
    if (kind == DownloadKind::permit) {
      if (!key) {
        key = load_signing_key(env.config);
        require_own_signing_key(env.config, env.store, *key);  // before anything is signed
      }
      out.files.push_back(DownloadFile{c.receipt_no, c.receipt_no + "-permit.pdf", permit_pdf(env, c, *key)});
      continue;
    }
    if (c.paid_order.empty()) {
      out.skipped.push_back(Skipped{c.receipt_no, msg::receipt_free.text({c.receipt_no})});
      continue;
    }
    const auto order = env.store.payments().find(c.paid_order);
    const util::Date from = receipt_available_on(env, *order);
    if (auto w = uncovered_warning(*working_calendar(env),
                                   {"收據 " + c.receipt_no + " 可下載日", "receipt " + c.receipt_no + "'s availability date"},
                                   to_taipei(order->paid_at).date, from)) {
      out.warnings.push_back(std::move(*w));
    }
    if (today < from) {
      out.skipped.push_back(Skipped{c.receipt_no, msg::receipt_not_yet.text({c.receipt_no, from.slashed()})});
      continue;
    }
    out.files.push_back(
        DownloadFile{c.receipt_no, c.receipt_no + "-receipt.pdf", receipt_pdf(env, c, *order)});
  }
  return out;
}

}  // namespace soas::service
