#pragma once
// Payment orders (seed 004 §10, seed 000 steps 16-18): the groups awaiting
// payment, the detail of a payment by a method, the order that pays them (a
// slip or a gateway checkout; at most one live order per group), its status
// and when its receipt can be downloaded.

#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "domain/fees.hpp"
#include "domain/payment.hpp"
#include "service/accounts.hpp"
#include "service/caller.hpp"
#include "service/paging.hpp"
#include "store/store.hpp"
#include "util/date.hpp"

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
// The caller's groups awaiting payment (a student's own, a school's
// filings), a page at a time in group-number order: those after `after`.
// The caller's cases awaiting payment are read in one query with their
// names, and the page's live orders in another.
Page<PayableGroup> payable_groups(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& after, std::size_t limit);

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
domain::PaymentOrder create_order(const Env& env, const Caller& caller,
                                  const std::vector<std::string>& groups, domain::PaymentMethod method);

// calendar-uncovered when a slip's deadline falls in a year the working-day
// calendar does not cover (the payer cannot tell whether it is a holiday).
std::vector<Warning> order_warnings(const Env& env, const domain::PaymentOrder& order);

struct OrderView {
  domain::PaymentOrder order;
  bool expired = false;
};
// The payer's (or an admin's) view of an order; anyone else gets
// order-not-found, exactly as for a number that does not exist.
OrderView order_status(const Env& env, const Caller& caller, const std::string& order_no);

// The day a paid case's receipt can be downloaded: the payment date plus the
// configured working days (store and bank-counter slips: 3, online: 0).
util::Date receipt_available_on(const Env& env, const domain::PaymentOrder& order);

// Whether an order's deadline had passed on the day (an order without a
// deadline never expires).
bool order_expired(const domain::PaymentOrder& order, const util::Date& day);

}  // namespace soas::service
