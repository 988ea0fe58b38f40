#pragma once
// Payment orders and the convenience-store collection standard (DOMAIN.md
// "Payment"; seed 004 §10, fig 74). Pure functions: numbers, barcode
// segments and their check characters, virtual account numbers, and the
// signed key=value payloads gateways exchange with us.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "domain/fees.hpp"
#include "util/date.hpp"

namespace soas::domain {

// Order numbers: "SOAS", the 3-digit ROC year and a 9-digit sequence of that
// year, 16 characters (SOAS115000000001). The same number is the slip number
// (No:) and barcode segment 2, so a settlement line names its order directly.
std::string order_sequence_name(int roc_year);  // "order/115"
std::string format_order_number(int roc_year, long sequence);
bool looks_like_order_number(std::string_view text);

// Which methods pay with a printed slip (the others go through a gateway).
bool is_slip_method(PaymentMethod m);  // store, virtual-account

// A payment order's state: live until it is paid or cancelled (a group has
// at most one live order).
enum class OrderStatus { live, cancelled, paid };
std::string_view key(OrderStatus s);  // live, cancelled, paid
std::optional<OrderStatus> parse_order_status(std::string_view key);

// A payment order (one per payment: a slip or a gateway checkout) covers
// one or more groups; "" and 0 are unset (deadline and virtual_account for
// a gateway order; paid_at, channel and reference until it is paid).
struct OrderGroup {
  std::string group_no;
  long amount = 0;  // the fees of the group's cases
  int cases = 0;
};

struct PaymentOrder {
  std::string order_no;
  PaymentMethod method = PaymentMethod::store;
  OrderStatus status = OrderStatus::live;
  long amount = 0;        // the fees
  long handling_fee = 0;  // the method's
  long charged = 0;       // what the slip or gateway collects for us
  std::int64_t payer_id = 0;
  std::string payer_name;
  std::int64_t created_at = 0;
  std::string deadline;         // yyyy-mm-dd; slips only
  std::string virtual_account;  // virtual-account slips only
  std::int64_t paid_at = 0;
  std::string channel;
  std::string reference;
  std::vector<OrderGroup> groups;
};

// A settlement line applied to an order (a collector's file, or the
// gateway's notification).
struct SettlementRecord {
  std::string order_no;
  std::string reference;
  std::string channel;
  long amount = 0;
  std::int64_t paid_at = 0;
  std::string source;  // file name or "callback"
  std::int64_t applied_at = 0;
};

// --- Convenience-store collection barcodes (Code 39, three segments)

enum class SlipYear { roc, gregorian };
struct SlipSettings {
  SlipYear year = SlipYear::roc;        // how yy is written in segments 1 and 3
  std::string collection_code = "NIA";  // 3 characters: the agency's collection code (代收項目)
  // Segment 3's 4-character period: "deadline" (yymm of the deadline),
  // "print" (yymm of the print date), or 4 literal characters.
  std::string period = "deadline";
};

// The value of one barcode character in the check sum: digits as themselves,
// A-I 1-9, J-R 1-9, S-Z 2-9. The rule covers digits and letters only, so
// store_barcodes refuses any other character in what it sums (and config
// refuses it in payment.collection_code and slip_period); others are 0 here.
int store_check_value(char c);
// The two check characters of segment 3 (positions 5 and 6) over the three
// segments as printed, the check slots excluded: odd positions (1-based, per
// segment) summed mod 11 give the first (0->A, 10->B, else the digit), even
// positions the second (0->X, 10->Y, else the digit).
std::pair<char, char> store_check_characters(std::string_view segment1, std::string_view segment2,
                                             std::string_view segment3);

struct StoreBarcodes {
  std::string segment1;  // 9: deadline yymmdd + collection code
  std::string segment2;  // 16: the payment reference (order number)
  std::string segment3;  // 15: period (4) + checks (2) + amount (9 digits)
};
// What is wrong with the collection code or a literal period (wrong length,
// or a character other than 0-9 and A-Z, which the check sum has no value
// for), or nothing. Config checks this at load, naming file:line.
std::optional<Text> slip_settings_problem(const SlipSettings& settings);
// Only 0-9 and A-Z: the characters the check sum values.
bool store_check_encodable(std::string_view text);
// Throws UsageError "slip-settings" for a collection code, period or
// reference that slip_settings_problem / store_check_encodable refuse, Refusal
// "amount-too-large" past 999,999,999.
StoreBarcodes store_barcodes(const SlipSettings& settings, const util::Date& deadline,
                             const util::Date& printed, const std::string& reference, long amount);
// Code 39 carries 0-9, A-Z, space and - . $ / + %.
bool code39_encodable(std::string_view text);

// --- Virtual account (虛擬帳號): prefix + 9-digit order sequence + a Luhn
// check digit, so a mistyped transfer is caught by the bank.
std::string virtual_account_number(const std::string& prefix, long sequence);
char luhn_check_digit(std::string_view digits);

// --- Signed payloads (checkout requests, gateway callbacks):
// key=value pairs joined by '&', values percent-encoded, then "&mac=" and
// the lower-case hex HMAC-SHA256 of every byte before "&mac=".
using FormPairs = std::vector<std::pair<std::string, std::string>>;
std::string form_encode(const FormPairs& pairs);
// The pairs and the signed part; nothing for a malformed payload (a bad
// escape, a pair without '=', no mac).
struct SignedForm {
  FormPairs pairs;
  std::string signed_part;  // the bytes the mac covers
  std::string mac;          // hex as sent
};
std::optional<SignedForm> parse_signed_form(std::string_view payload);
const std::string* form_value(const FormPairs& pairs, std::string_view key);

}  // namespace soas::domain
