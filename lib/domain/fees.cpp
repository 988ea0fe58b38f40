#include "domain/fees.hpp"

#include "core/error.hpp"

namespace soas::domain {

long case_fee(const FeeSchedule& schedule, ApplicationKind kind, int arc_validity_years) {
  switch (kind) {
    case ApplicationKind::arc:
      if (arc_validity_years < 1) {
        throw Refusal("arc-validity",
                      Text{"居留證效期須至少1年", "The ARC validity must be at least 1 year"});
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

std::string percent_text(long basis_points) {
  std::string text = std::to_string(basis_points / 100);
  if (basis_points % 100 != 0) {
    std::string frac = (basis_points % 100 < 10 ? "0" : "") + std::to_string(basis_points % 100);
    if (frac.back() == '0') frac.pop_back();
    text += "." + frac;
  }
  return text;
}

std::optional<long> added_handling_fee(const HandlingFees& fees, PaymentMethod method) {
  switch (method) {
    case PaymentMethod::card: return std::nullopt;
    case PaymentMethod::webatm: return fees.webatm;
    case PaymentMethod::virtual_account: return fees.virtual_account;
    case PaymentMethod::egov: return fees.egov;
    case PaymentMethod::store: return fees.store;
  }
  return std::nullopt;
}

PaymentQuote quote_payment(const HandlingFees& fees, PaymentMethod method, long amount) {
  if (amount <= 0) throw Refusal(msg::nothing_to_pay);
  PaymentQuote q;
  q.amount = amount;
  if (const auto added = added_handling_fee(fees, method)) {
    q.handling_fee = *added;
    q.total = amount + *added;
  } else {
    // Rounded half up to whole dollars: 2% of 1000 is 20, of 300 is 6.
    q.handling_fee = (amount * fees.card_included_basis_points + 5000) / 10000;
    q.handling_included = true;
    q.total = amount;
  }
  return q;
}

}  // namespace soas::domain
