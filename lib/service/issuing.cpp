#include "service/issuing.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/issuance.hpp"
#include "domain/payment.hpp"
#include "pdf/layouts.hpp"
#include "service/applications.hpp"

namespace soas::service {

namespace {

using domain::CaseState;
using domain::PaymentMethod;

}  // namespace

domain::StoreBarcodes slip_barcodes(const Env& env, const domain::PaymentOrder& order) {
  domain::SlipSettings s;
  s.year = env.config.payment.slip_year == "gregorian" ? domain::SlipYear::gregorian : domain::SlipYear::roc;
  s.collection_code = env.config.payment.collection_code;
  s.period = env.config.payment.slip_period;
  return domain::store_barcodes(s, *util::parse_iso_date(order.deadline), to_taipei(order.created_at).date,
                                order.order_no, order.charged);
}

std::string slip_pdf(const Env& env, const domain::PaymentOrder& order) {
  if (!domain::is_slip_method(order.method))
    throw Refusal(msg::method_not_slip, {std::string(domain::key(order.method))});
  pdf::SlipData d;
  d.store = order.method == PaymentMethod::store;
  d.slip_no = order.order_no;
  d.printed = to_taipei(order.created_at).date;
  d.deadline = *util::parse_iso_date(order.deadline);
  d.payer_name = order.payer_name;
  d.amount = order.amount;
  d.handling_fee = order.handling_fee;
  d.collection_code = env.config.payment.collection_code;
  d.virtual_account = order.virtual_account;
  d.bank = env.config.payment.virtual_account_bank;
  if (d.store) d.barcodes = slip_barcodes(env, order);
  for (const auto& g : order.groups) {
    store::CaseQuery q;
    q.group_no = g.group_no;
    q.state = CaseState::awaiting_payment;
    for (const auto& c : env.store.cases().list(q))
      d.cases.push_back(pdf::SlipData::Case{g.group_no, c.receipt_no, applicant_name(env, c), c.fee});
  }
  pdf::Document doc(pdf::Font::load(env.config.pdf.font_file, env.config.pdf.font_index));
  pdf::draw_slip(doc, d);
  return doc.render(pdf::Info{"Payment slip " + order.order_no, "National Immigration Agency Demand Notes",
                              "", order.created_at});
}

void record_issue(const Env& env, const domain::CaseRecord& c, const std::string& order_no,
                  std::int64_t paid_at) {
  const util::Date today = env.clock.today();
  std::optional<util::Date> current;
  if (!c.permit_no.empty()) {
    if (const auto p = env.store.records().permit(c.permit_no)) current = p->stay_expiry;
  }
  int years = 1;
  if (c.kind == domain::ApplicationKind::arc) {
    const auto fields = env.store.cases().fields(c.receipt_no);
    const auto it = fields.find("validity_years");
    if (it != fields.end()) years = std::max(1, std::atoi(it->second.c_str()));
  }
  const domain::ValidityRules rules{env.config.timing.permit_validity_months,
                                    env.config.timing.extension_months};
  env.store.cases().set_issue(c.receipt_no, order_no, paid_at, env.clock.now(),
                              domain::valid_until(c.kind, today, current, years, rules).iso());
}

}  // namespace soas::service
