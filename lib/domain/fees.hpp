#pragma once
// Fees (規費) per application kind and handling fees (手續費) per payment
// method (DOMAIN.md "Application kinds", "Payment"). Amounts are whole New
// Taiwan dollars. Defaults here; the config file may override every one.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "domain/types.hpp"

namespace soas::domain {

struct FeeSchedule {
  long arc_per_year = 1000;  // ARC: per year of validity
  long multi_entry = 1000;
  long extension = 300;
  long data_change = 0;
};

// The fee of one case. ARC needs its validity in whole years (>= 1); the other
// kinds ignore it. Throws Refusal "arc-validity" for an ARC with fewer than
// one year.
long case_fee(const FeeSchedule& schedule, ApplicationKind kind, int arc_validity_years = 1);

enum class PaymentMethod { card, webatm, virtual_account, egov, store };
inline constexpr std::array<PaymentMethod, 5> k_payment_methods = {PaymentMethod::card, PaymentMethod::webatm,
                                                                   PaymentMethod::virtual_account,
                                                                   PaymentMethod::egov, PaymentMethod::store};
std::string_view key(PaymentMethod m);  // card, webatm, virtual-account, egov, store
Text label(PaymentMethod m);
std::optional<PaymentMethod> parse_payment_method(std::string_view key);

struct HandlingFees {
  // International credit card: a percentage of the charged amount, included in
  // it (the payer is charged the fee itself). In basis points: 200 = 2%.
  long card_included_basis_points = 200;
  long webatm = 7;            // added per payment (inter-bank fees are the bank's)
  long virtual_account = 10;  // added per payment, paid at the bank counter
  long egov = 15;             // added per payment
  long store = 8;             // added per payment (convenience store)
};

// What one payment of `amount` (the sum of the fees of every case in it) costs
// by a method. For the card the handling fee is included, so total == amount;
// for the others it is added on top. One handling fee per payment, however many
// groups it covers.
struct PaymentQuote {
  long amount = 0;        // 規費: the fees
  long handling_fee = 0;  // 手續費
  bool handling_included = false;
  long total = 0;  // what the payer is charged
};
// Throws Refusal "nothing-to-pay" for an amount of 0 or less: a fee-0 case is
// issued on approval and never paid, so it never bears a handling fee.
PaymentQuote quote_payment(const HandlingFees& fees, PaymentMethod method, long amount);
// Basis points as a percent for people: 200 -> "2", 250 -> "2.5", 205 -> "2.05".
std::string percent_text(long basis_points);
// The flat fee a method adds per payment, or nothing for the card (whose fee
// is a percentage included in the amount).
std::optional<long> added_handling_fee(const HandlingFees& fees, PaymentMethod method);

}  // namespace soas::domain
