#include "domain/fees.hpp"

#include "core/error.hpp"

namespace soas::domain {

long case_fee(const FeeSchedule& schedule, ApplicationKind kind, int arc_validity_years) {
  switch (kind) {
    case ApplicationKind::arc:
      if (arc_validity_years < 1) {
        throw Refusal("arc-validity", Text{"居留證效期須至少1年", "The ARC validity must be at least 1 year"});
      }
      return schedule.arc_per_year * arc_validity_years;
    case ApplicationKind::multi_entry: return schedule.multi_entry;
    case ApplicationKind::extension: return schedule.extension;
    case ApplicationKind::data_change: return schedule.data_change;
  }
  return 0;
}

std::string_view key(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::card: return "card";
    case PaymentMethod::webatm: return "webatm";
    case PaymentMethod::virtual_account: return "virtual-account";
    case PaymentMethod::egov: return "egov";
    case PaymentMethod::store: return "store";
  }
  return "?";
}

Text label(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::card: return {"國際信用卡網路繳費", "international credit card"};
    case PaymentMethod::webatm: return {"網路收單ATM繳費", "WebATM"};
    case PaymentMethod::virtual_account: return {"虛擬帳號繳費", "virtual account"};
    case PaymentMethod::egov: return {"E政府繳費平台繳費", "e-Government payment platform"};
    case PaymentMethod::store: return {"四大超商繳費", "convenience store"};
  }
  return {"?", "?"};
}

std::optional<PaymentMethod> parse_payment_method(std::string_view k) {
  for (PaymentMethod m : k_payment_methods) {
    if (key(m) == k) return m;
  }
  return std::nullopt;
}

PaymentQuote quote_payment(const HandlingFees& fees, PaymentMethod method, long amount) {
  PaymentQuote q;
  q.amount = amount;
  switch (method) {
    case PaymentMethod::card:
      // Rounded half up to whole dollars: 2% of 1000 is 20, of 300 is 6.
      q.handling_fee = (amount * fees.card_included_basis_points + 5000) / 10000;
      q.handling_included = true;
      break;
    case PaymentMethod::webatm: q.handling_fee = fees.webatm; break;
    case PaymentMethod::virtual_account: q.handling_fee = fees.virtual_account; break;
    case PaymentMethod::egov: q.handling_fee = fees.egov; break;
    case PaymentMethod::store: q.handling_fee = fees.store; break;
  }
  q.total = q.handling_included ? amount : amount + q.handling_fee;
  return q;
}

}  // namespace soas::domain
