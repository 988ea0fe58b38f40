#include "service/orders.hpp"

#include <algorithm>
#include <set>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/numbers.hpp"
#include "domain/payment.hpp"
#include "service/applications.hpp"
#include "service/calendar.hpp"
#include "service/cases.hpp"

namespace soas::service {

namespace {

using domain::CaseState;
using domain::PaymentMethod;

std::string live_order_of(const Env& env, const std::string& group_no) {
  for (const auto& o : env.store.payments().for_group(group_no))
    if (o.status == domain::OrderStatus::live) return o.order_no;
  return "";
}

bool group_paid(const Env& env, const std::string& group_no) {
  const auto orders = env.store.payments().for_group(group_no);
  return std::any_of(orders.begin(), orders.end(),
                     [](const domain::PaymentOrder& o) { return o.status == domain::OrderStatus::paid; });
}

// The group as the caller sees it, if it awaits payment.
std::optional<PayableGroup> payable(const Env& env, const Caller& caller, const std::string& group_no) {
  store::CaseQuery q;
  q.group_no = group_no;
  const auto cases = list_cases(env, caller, q);
  PayableGroup g;
  g.group_no = group_no;
  for (const auto& c : cases) {
    if (c.state != CaseState::awaiting_payment) continue;
    if (g.cases == 0) {
      g.kind = c.kind;
      g.first_receipt = c.receipt_no;
      g.applicant_name = applicant_name(env, c);
    }
    ++g.cases;
    g.amount += c.fee;
  }
  if (g.cases == 0) return std::nullopt;
  // A school's group of several students is named as the school's (the
  // count is in `cases`), not as its first student.
  if (g.cases > 1) {
    const auto& first = *std::find_if(cases.begin(), cases.end(), [](const domain::CaseRecord& c) {
      return c.state == CaseState::awaiting_payment;
    });
    if (!first.school_code.empty()) {
      const auto school = env.store.schools().find(first.school_code);
      g.applicant_name = school ? school->name : first.school_code;
    }
  }
  g.live_order = live_order_of(env, group_no);
  return g;
}
}  // namespace

bool order_expired(const domain::PaymentOrder& o, const util::Date& day) {
  if (o.deadline.empty()) return false;
  const auto d = util::parse_iso_date(o.deadline);
  return d && day > *d;
}

Page<PayableGroup> payable_groups(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& after, std::size_t limit) {
  require_role(caller, {domain::Role::student, domain::Role::school});
  check_page_limit(limit);
  store::CaseQuery q;
  q.state = CaseState::awaiting_payment;
  // The caller's groups awaiting payment, as payable() would see each:
  // their awaiting cases in receipt order, the first naming the group.
  std::map<std::string, PayableGroup> groups;
  std::map<std::string, std::string> school_of;  // a group's first case's school
  for (auto& row : case_list(env, caller, q)) {
    const auto& c = row.c;
    if (after && c.group_no <= *after) continue;
    auto& g = groups[c.group_no];
    if (g.cases == 0) {
      g.group_no = c.group_no;
      g.kind = c.kind;
      g.first_receipt = c.receipt_no;
      g.applicant_name = std::move(row.applicant);
      school_of[c.group_no] = c.school_code;
    }
    ++g.cases;
    g.amount += c.fee;
  }
  Page<PayableGroup> page;
  std::vector<std::string> shown;
  std::map<std::string, std::string> school_names;
  for (auto& [group_no, g] : groups) {
    if (page.rows.size() == limit) {
      page.next = page.rows.back().group_no;
      page.more = std::min<std::int64_t>(k_count_cap, static_cast<std::int64_t>(groups.size() - limit));
      break;
    }
    // A school's group of several students is named as the school's (the
    // count is in `cases`), not as its first student.
    const std::string& school_code = school_of[group_no];
    if (g.cases > 1 && !school_code.empty()) {
      auto name = school_names.find(school_code);
      if (name == school_names.end()) {
        const auto school = env.store.schools().find(school_code);
        name = school_names.emplace(school_code, school ? school->name : school_code).first;
      }
      g.applicant_name = name->second;
    }
    shown.push_back(group_no);
    page.rows.push_back(std::move(g));
  }
  const auto live = env.store.payments().live_orders(shown);
  for (auto& g : page.rows)
    if (const auto o = live.find(g.group_no); o != live.end()) g.live_order = o->second;
  return page;
}

PaymentPlan plan_payment(const Env& env, const Caller& caller, const std::vector<std::string>& groups,
                         PaymentMethod method) {
  require_role(caller, {domain::Role::student, domain::Role::school});
  PaymentPlan plan;
  plan.method = method;
  std::set<std::string> seen;
  long amount = 0;
  for (const auto& g : groups) {
    if (!seen.insert(g).second) continue;
    auto p = payable(env, caller, g);
    if (!p) {
      // A paid group the caller can see says so; any other answers alike.
      store::CaseQuery q;
      q.group_no = g;
      if (!list_cases(env, caller, q).empty() && group_paid(env, g)) throw Refusal(msg::group_paid, {g});
      throw Refusal(msg::group_not_payable, {g});
    }
    amount += p->amount;
    plan.groups.push_back(std::move(*p));
  }
  plan.quote = domain::quote_payment(env.config.handling_fees, method, amount);
  return plan;
}

domain::PaymentOrder create_order(const Env& env, const Caller& caller,
                                  const std::vector<std::string>& groups, PaymentMethod method) {
  domain::PaymentOrder order;
  env.store.write([&] {
    // Planned again inside the transaction: another order may have been paid.
    const PaymentPlan plan = plan_payment(env, caller, groups, method);
    if (method == PaymentMethod::store && plan.quote.amount > env.config.payment.store_limit) {
      throw Refusal(msg::store_limit,
                    {std::to_string(env.config.payment.store_limit), std::to_string(plan.quote.amount)});
    }
    for (const auto& g : plan.groups) {
      for (const auto& o : env.store.payments().for_group(g.group_no)) {
        if (o.status == domain::OrderStatus::live && env.store.payments().cancel(o.order_no)) {
          env.store.audit().append(
              domain::AuditEntry{0, "", caller.name, "order.cancel", "order", o.order_no, "replaced"});
        }
      }
    }
    const util::Date today = env.clock.today();
    const long seq = env.store.sequences().next(domain::order_sequence_name(today.roc_year()));
    order.order_no = domain::format_order_number(today.roc_year(), seq);
    order.method = method;
    order.amount = plan.quote.amount;
    order.handling_fee = plan.quote.handling_fee;
    // A slip collects the fees (the store or bank takes its fee on top, at
    // the counter); a gateway charges the total.
    order.charged = domain::is_slip_method(method) ? plan.quote.amount : plan.quote.total;
    order.payer_id = caller.account_id;
    // 繳款人: a school pays as the school (its name, never the staff login);
    // a student as the applicant the case names (申請名稱; every group a
    // student may pay is their own).
    if (caller.role == domain::Role::school) {
      const auto school = env.store.schools().find(caller.school_code);
      order.payer_name = school ? school->name : caller.school_code;
    } else {
      order.payer_name = plan.groups.front().applicant_name;
    }
    order.created_at = env.clock.now();
    if (domain::is_slip_method(method)) {
      order.deadline = today.add_days(env.config.timing.slip_deadline_days).iso();
    }
    if (method == PaymentMethod::virtual_account) {
      order.virtual_account = domain::virtual_account_number(env.config.payment.virtual_account_prefix, seq);
    }
    for (const auto& g : plan.groups)
      order.groups.push_back(domain::OrderGroup{g.group_no, g.amount, g.cases});
    env.store.payments().insert(order);
    std::string detail = std::string(domain::key(order.method)) + " " + std::to_string(order.charged);
    for (const auto& g : order.groups) detail += " " + g.group_no;
    env.store.audit().append(
        domain::AuditEntry{0, "", caller.name, "order.create", "order", order.order_no, detail});
  });
  return order;
}

OrderView order_status(const Env& env, const Caller& caller, const std::string& order_no) {
  const auto order = env.store.payments().find(order_no);
  if (!order || (caller.role != domain::Role::admin && order->payer_id != caller.account_id)) {
    throw Refusal(msg::order_not_found, {order_no});
  }
  return OrderView{*order,
                   order->status == domain::OrderStatus::live && order_expired(*order, env.clock.today())};
}

util::Date receipt_available_on(const Env& env, const domain::PaymentOrder& order) {
  const int days = domain::is_slip_method(order.method) ? env.config.timing.receipt_working_days_store
                                                        : env.config.timing.receipt_working_days_online;
  return working_calendar(env)->add_working_days(to_taipei(order.paid_at).date, days);
}

std::vector<Warning> order_warnings(const Env& env, const domain::PaymentOrder& order) {
  std::vector<Warning> out;
  if (order.deadline.empty()) return out;
  const util::Date created = to_taipei(order.created_at).date;
  if (auto w = uncovered_warning(*working_calendar(env), {"繳費期限", "the payment deadline"}, created,
                                 *util::parse_iso_date(order.deadline)))
    out.push_back(std::move(*w));
  return out;
}

}  // namespace soas::service
