#pragma once
// Paying for approved cases (seed 004 §10, seed 000 steps 16-20): the groups
// awaiting payment, the detail of a payment by a method, payment orders
// (slips and gateway checkouts, at most one live order per group),
// settlement from the collecting agent's files and from gateway callbacks,
// each line applied exactly once, and the issue of the paid cases.

#include <cstdint>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "domain/fees.hpp"
#include "domain/payment.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"
#include "store/store.hpp"
#include "tabular/table.hpp"

namespace soas::service {

struct PayableGroup {
  std::string group_no;
  domain::ApplicationKind kind = domain::ApplicationKind::multi_entry;
  std::string applicant_name;  // 申請名稱: the applicant; for a school's group of several, the school
  std::string first_receipt;   // 收件號
  int cases = 0;               // 申請人數
  long amount = 0;
  std::string live_order;  // the group's unpaid order, if any
};
// The caller's groups awaiting payment (a student's own, a school's filings).
std::vector<PayableGroup> payable_groups(const Env& env, const Caller& caller);

struct PaymentPlan {
  std::vector<PayableGroup> groups;
  domain::PaymentMethod method = domain::PaymentMethod::store;
  domain::PaymentQuote quote;
};
// The detail page for paying these groups together by one method. Refuses a
// group the caller cannot see or with nothing to pay (group-not-payable), and
// a paid group (group-paid).
PaymentPlan plan_payment(const Env& env, const Caller& caller, const std::vector<std::string>& groups,
                         domain::PaymentMethod method);

// Creates the order (cancelling any live order of the same groups), in one
// transaction with its number. Slips get a deadline and, for a virtual
// account, the account number.
store::PaymentOrder create_order(const Env& env, const Caller& caller, const std::vector<std::string>& groups,
                                 domain::PaymentMethod method);

// The request a gateway needs: the order and the signed payload
// (form-encoded, HMAC-SHA256 with the shared key of payment.gateway_key_file).
struct Checkout {
  store::PaymentOrder order;
  std::string url;
  std::string request;
};
Checkout checkout(const Env& env, const Caller& caller, const std::vector<std::string>& groups,
                  domain::PaymentMethod method);

// calendar-uncovered when a slip's deadline falls in a year the working-day
// calendar does not cover (the payer cannot tell whether it is a holiday).
std::vector<Warning> order_warnings(const Env& env, const store::PaymentOrder& order);

// The slip of a slip order as a PDF, and a store slip's three barcodes (as
// configured: payment.slip_year, collection_code, slip_period).
std::string slip_pdf(const Env& env, const store::PaymentOrder& order);
domain::StoreBarcodes slip_barcodes(const Env& env, const store::PaymentOrder& order);

// One settlement line (file or callback) and what became of it.
struct SettlementLine {
  int line = 0;  // in the file; 0 for a callback
  std::string order_no;
  long amount = 0;
  std::int64_t paid_at = 0;
  std::string channel;
  std::string reference;
  std::string problem;  // set when the line could not be read
};
enum class SettleOutcome {
  applied,
  duplicate,
  unknown_order,
  amount_mismatch,
  expired,
  already_paid,
  cancelled,
  invalid
};
std::string_view key(SettleOutcome o);
struct SettleResult {
  SettlementLine line;
  SettleOutcome outcome = SettleOutcome::invalid;
  Text message;
  std::vector<std::string> issued;  // receipt numbers of the cases issued
};
bool applied_or_duplicate(const SettleResult& r);

// The lines of a settlement table (man soas-pay(5)), each read or marked with
// its problem; no database. Throws Failure "file-format" for a missing
// header or column. What settle_file and the settlement fuzz target run.
std::vector<SettlementLine> read_settlement(tabular::TableReader& table, const std::string& path);
// Imports a settlement file (man soas-pay(5)) as an admin: every line is
// applied once; the others are reported. Throws for a file that cannot be
// read as a table or lacks a column.
std::vector<SettleResult> settle_file(const Env& env, const Caller& caller, const std::string& path);
// A gateway notification for an order, signed with the gateway key as a
// real gateway would sign it: for trying an integration without a gateway
// (soas pay sign-notification; admin). The amount is the order's charge;
// paid_at defaults to now. Refusals: order-not-found; the gateway key's own.
struct NotificationDraft {
  std::string order_no;
  std::string reference;  // default TEST-<order>
  std::string channel;    // default the order's method
  std::string paid_at;    // ISO 8601; default now
  std::string status = "success";
};
std::string sign_notification(const Env& env, const Caller& caller, const NotificationDraft& draft);

// Verifies and applies a gateway notification. Throws Refusal
// "callback-signature" (nothing changes) when its mac does not verify.
SettleResult settle_callback(const Env& env, const std::string& payload);

struct OrderView {
  store::PaymentOrder order;
  bool expired = false;
};
// The payer's (or an admin's) view of an order; anyone else gets
// order-not-found, exactly as for a number that does not exist.
OrderView order_status(const Env& env, const Caller& caller, const std::string& order_no);

// The day a paid case's receipt can be downloaded: the payment date plus the
// configured working days (store and bank-counter slips: 3, online: 0).
util::Date receipt_available_on(const Env& env, const store::PaymentOrder& order);

// Records a case's issue: free cases on approval, paid ones on settlement.
void record_issue(const Env& env, const store::CaseRecord& c, const std::string& order_no,
                  std::int64_t paid_at);

}  // namespace soas::service
