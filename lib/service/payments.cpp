#include "service/payments.hpp"

#include <algorithm>
#include <set>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/issuance.hpp"
#include "domain/numbers.hpp"
#include "domain/payment.hpp"
#include "pdf/layouts.hpp"
#include "security/signing.hpp"
#include "service/applications.hpp"
#include "service/calendar.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

using domain::CaseState;
using domain::PaymentMethod;

std::string live_order_of(const Env& env, const std::string& group_no) {
  for (const auto& o : env.store.payments().for_group(group_no))
    if (o.status == store::OrderStatus::live) return o.order_no;
  return "";
}

bool group_paid(const Env& env, const std::string& group_no) {
  const auto orders = env.store.payments().for_group(group_no);
  return std::any_of(orders.begin(), orders.end(),
                     [](const store::PaymentOrder& o) { return o.status == store::OrderStatus::paid; });
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
    const auto& first = *std::find_if(cases.begin(), cases.end(), [](const store::CaseRecord& c) {
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

bool expired(const store::PaymentOrder& o, const util::Date& day) {
  if (o.deadline.empty()) return false;
  const auto d = util::parse_iso_date(o.deadline);
  return d && day > *d;
}

SettleResult result(const SettlementLine& line, SettleOutcome outcome, Text message) {
  SettleResult r;
  r.line = line;
  r.outcome = outcome;
  r.message = std::move(message);
  return r;
}

// Applies one line inside the caller's transaction.
SettleResult apply_line(const Env& env, const std::string& actor, const SettlementLine& line,
                        const std::string& source) {
  if (!line.problem.empty())
    return result(line, SettleOutcome::invalid, msg::settle_invalid.text({line.problem}));
  const auto order = env.store.payments().find(line.order_no);
  if (!order) return result(line, SettleOutcome::unknown_order, msg::settle_unknown.text());
  if (env.store.payments().settled(line.order_no, line.reference)) {
    return result(line, SettleOutcome::duplicate, msg::settle_duplicate.text());
  }
  if (line.paid_at > env.clock.now()) {
    return result(line, SettleOutcome::invalid,
                  msg::settle_invalid.text({"paid_at " + iso_taipei(line.paid_at) + " > now"}));
  }
  if (line.paid_at < order->created_at) {
    return result(line, SettleOutcome::invalid,
                  msg::settle_invalid.text(
                      {"paid_at " + iso_taipei(line.paid_at) + " < " + iso_taipei(order->created_at)}));
  }
  if (order->status == store::OrderStatus::paid) {
    return result(line, SettleOutcome::already_paid, msg::settle_already_paid.text());
  }
  if (order->status == store::OrderStatus::cancelled) {
    return result(line, SettleOutcome::cancelled, msg::settle_cancelled.text());
  }
  if (line.amount != order->charged) {
    return result(line, SettleOutcome::amount_mismatch,
                  msg::settle_amount.text({std::to_string(order->charged), std::to_string(line.amount)}));
  }
  if (expired(*order, to_taipei(line.paid_at).date)) {
    return result(line, SettleOutcome::expired, msg::settle_expired.text({order->deadline}));
  }
  SettleResult r = result(line, SettleOutcome::applied, msg::settle_applied.text());
  if (!env.store.payments().mark_paid(order->order_no, line.paid_at, line.channel, line.reference)) {
    throw Refusal(msg::case_changed, {order->order_no});
  }
  env.store.payments().add_settlement(store::SettlementRecord{
      order->order_no, line.reference, line.channel, line.amount, line.paid_at, source, env.clock.now()});
  env.store.audit().append(
      store::AuditEntry{0, "", actor, "order.paid", "order", order->order_no,
                        source + " " + line.channel + " " + std::to_string(line.amount)});
  for (const auto& g : order->groups) {
    store::CaseQuery q;
    q.group_no = g.group_no;
    for (auto c : env.store.cases().list(q)) {
      if (c.state != CaseState::awaiting_payment) continue;
      const CaseState to = domain::transition(c.state, domain::CaseAction::settle, c.fee);
      if (!env.store.cases().update_state(c.receipt_no, c.state, to, c.opinion, c.reply)) {
        throw Refusal(msg::case_changed, {c.receipt_no});
      }
      env.store.cases().add_event(c.receipt_no, store::CaseEvent{"settle", std::string(domain::key(c.state)),
                                                                 std::string(domain::key(to)), actor,
                                                                 env.clock.now(), order->order_no});
      env.store.audit().append(
          store::AuditEntry{0, "", actor, "case.settle", "case", c.receipt_no,
                            std::string(domain::key(c.state)) + " -> " + std::string(domain::key(to))});
      c.state = to;
      record_issue(env, c, order->order_no, line.paid_at);
      r.issued.push_back(c.receipt_no);
    }
  }
  return r;
}

std::optional<long> parse_amount(const std::string& text) {
  std::string digits;
  for (char ch : text) {
    if (ch == ',') continue;
    if (ch < '0' || ch > '9') return std::nullopt;
    digits += ch;
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  return std::stol(digits);
}

std::string gateway_key(const Env& env) {
  if (env.config.payment.gateway_key_file.empty()) {
    throw Failure("no-gateway-key",
                  Text{"未設定金流共用金鑰檔（soas.yaml 的 payment.gateway_key_file：與金流閘道共用的金鑰，"
                       "權限 0600；試用金鑰見 samples/gateway-test.key，參見 soas-config(5)）",
                       "no gateway key file is configured (payment.gateway_key_file in soas.yaml: the key "
                       "shared with the payment gateway, a 0600 file; a test key is samples/gateway-test.key; "
                       "see soas-config(5))"});
  }
  return security::read_secret_file(env.config.payment.gateway_key_file, "金流共用金鑰檔",
                                    "the gateway key file");
}

}  // namespace

std::string_view key(SettleOutcome o) {
  switch (o) {
    case SettleOutcome::applied: return "applied";
    case SettleOutcome::duplicate: return "duplicate";
    case SettleOutcome::unknown_order: return "unknown-order";
    case SettleOutcome::amount_mismatch: return "amount-mismatch";
    case SettleOutcome::expired: return "expired";
    case SettleOutcome::already_paid: return "already-paid";
    case SettleOutcome::cancelled: return "cancelled";
    case SettleOutcome::invalid: return "invalid";
  }
  return "invalid";
}

bool applied_or_duplicate(const SettleResult& r) {
  return r.outcome == SettleOutcome::applied || r.outcome == SettleOutcome::duplicate;
}

std::vector<PayableGroup> payable_groups(const Env& env, const Caller& caller) {
  require_role(caller, {domain::Role::student, domain::Role::school});
  store::CaseQuery q;
  q.state = CaseState::awaiting_payment;
  std::set<std::string> groups;
  for (const auto& c : list_cases(env, caller, q)) groups.insert(c.group_no);
  std::vector<PayableGroup> out;
  for (const auto& g : groups)
    if (auto p = payable(env, caller, g)) out.push_back(std::move(*p));
  return out;
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

store::PaymentOrder create_order(const Env& env, const Caller& caller, const std::vector<std::string>& groups,
                                 PaymentMethod method) {
  store::PaymentOrder order;
  env.store.write([&] {
    // Planned again inside the transaction: another order may have been paid.
    const PaymentPlan plan = plan_payment(env, caller, groups, method);
    if (method == PaymentMethod::store && plan.quote.amount > env.config.payment.store_limit) {
      throw Refusal(msg::store_limit,
                    {std::to_string(env.config.payment.store_limit), std::to_string(plan.quote.amount)});
    }
    for (const auto& g : plan.groups) {
      for (const auto& o : env.store.payments().for_group(g.group_no)) {
        if (o.status == store::OrderStatus::live && env.store.payments().cancel(o.order_no)) {
          env.store.audit().append(
              store::AuditEntry{0, "", caller.name, "order.cancel", "order", o.order_no, "replaced"});
        }
      }
    }
    const util::Date today = env.clock.today();
    const long seq = env.store.sequences().next(domain::order_sequence_name(today.roc_year()));
    order.order_no = domain::format_order_number(today.roc_year(), seq);
    order.method = std::string(domain::key(method));
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
      order.groups.push_back(store::OrderGroup{g.group_no, g.amount, g.cases});
    env.store.payments().insert(order);
    std::string detail = order.method + " " + std::to_string(order.charged);
    for (const auto& g : order.groups) detail += " " + g.group_no;
    env.store.audit().append(
        store::AuditEntry{0, "", caller.name, "order.create", "order", order.order_no, detail});
  });
  return order;
}

Checkout checkout(const Env& env, const Caller& caller, const std::vector<std::string>& groups,
                  PaymentMethod method) {
  if (domain::is_slip_method(method))
    throw Refusal(msg::method_not_online, {std::string(domain::key(method))});
  const std::string key = gateway_key(env);  // before anything is written
  Checkout out;
  out.order = create_order(env, caller, groups, method);
  out.url = env.config.payment.gateway_url;
  const std::string body = domain::form_encode({{"order", out.order.order_no},
                                                {"amount", std::to_string(out.order.charged)},
                                                {"currency", "TWD"},
                                                {"method", out.order.method},
                                                {"created", iso_taipei(out.order.created_at)}});
  out.request = body + "&mac=" + security::hmac_sha256_hex(key, body);
  return out;
}

domain::StoreBarcodes slip_barcodes(const Env& env, const store::PaymentOrder& order) {
  domain::SlipSettings s;
  s.year = env.config.payment.slip_year == "gregorian" ? domain::SlipYear::gregorian : domain::SlipYear::roc;
  s.collection_code = env.config.payment.collection_code;
  s.period = env.config.payment.slip_period;
  return domain::store_barcodes(s, *util::parse_iso_date(order.deadline), to_taipei(order.created_at).date,
                                order.order_no, order.charged);
}

std::string slip_pdf(const Env& env, const store::PaymentOrder& order) {
  const auto method = domain::parse_payment_method(order.method);
  if (!method || !domain::is_slip_method(*method)) throw Refusal(msg::method_not_slip, {order.method});
  pdf::SlipData d;
  d.store = *method == PaymentMethod::store;
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

std::vector<SettlementLine> read_settlement(tabular::TableReader& table, const std::string& path) {
  tabular::Row header;
  if (!table.next(header))
    throw Failure("file-format", Text{path + ": 沒有標題列", path + ": there is no header row"});
  const std::vector<std::string> columns = {"order", "amount", "paid_at", "channel", "reference"};
  const tabular::HeaderMap map(
      header,
      [&](const std::string& cell) -> std::optional<std::string> {
        const std::string k = util::to_lower_ascii(util::trim(cell));
        if (std::find(columns.begin(), columns.end(), k) == columns.end()) return std::nullopt;
        return k;
      },
      path);
  std::vector<int> index(columns.size(), -1);
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (const auto at = map.find(columns[j])) index[j] = static_cast<int>(*at);
  }
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (index[j] < 0) {
      throw Failure("file-format",
                    Text{path + ": 缺少欄位 " + columns[j] + "（見 man soas-pay(5)）",
                         path + ": the column " + columns[j] + " is missing (see man soas-pay(5))"});
    }
  }
  std::vector<SettlementLine> lines;
  tabular::Row row;
  while (table.next(row)) {
    const auto cell = [&](std::size_t j) {
      const auto i = static_cast<std::size_t>(index[j]);
      return i < row.cells.size() ? std::string(util::trim(row.cells[i])) : std::string();
    };
    SettlementLine l;
    l.line = static_cast<int>(row.line);
    l.order_no = cell(0);
    l.channel = cell(3);
    l.reference = cell(4);
    const auto amount = parse_amount(cell(1));
    const auto paid = parse_instant(cell(2));
    // A control character in any cell (an escape sequence in a channel
    // name, ...) is no one's data: the line is refused naming the column.
    std::string control;
    for (std::size_t j = 0; j < columns.size() && control.empty(); ++j) {
      if (const auto cc = util::first_control(cell(j))) control = columns[j] + " " + util::codepoint_name(*cc);
    }
    if (!control.empty()) {
      l.problem = control;
    } else if (l.order_no.empty()) {
      l.problem = "order";
    } else if (!amount) {
      l.problem = "amount " + cell(1);
    } else if (!paid) {
      l.problem = "paid_at " + cell(2);
    } else if (l.channel.empty()) {
      l.problem = "channel";
    } else if (l.reference.empty()) {
      l.problem = "reference";
    }
    if (amount) l.amount = *amount;
    if (paid) l.paid_at = *paid;
    lines.push_back(std::move(l));
  }
  return lines;
}

std::vector<SettleResult> settle_file(const Env& env, const Caller& caller, const std::string& path) {
  require_role(caller, {domain::Role::admin});
  auto table = tabular::open_table(path);
  const std::vector<SettlementLine> lines = read_settlement(*table, path);
  std::vector<SettleResult> out;
  const std::string source = "file " + path;
  // One transaction, a savepoint per line: the good lines apply together, a
  // crash applies none, and a re-run finds them already applied.
  env.store.write([&] {
    for (const auto& l : lines) {
      SettleResult r;
      env.store.write([&] { r = apply_line(env, caller.name, l, source); });
      out.push_back(std::move(r));
    }
  });
  return out;
}

SettleResult settle_callback(const Env& env, const std::string& payload) {
  const std::string key = gateway_key(env);
  const auto form = domain::parse_signed_form(payload);
  if (!form) throw Refusal(msg::callback_malformed, {std::string("key=value&...&mac=")});
  if (!security::hmac_sha256_check(key, form->signed_part, form->mac)) throw Refusal(msg::callback_signature);
  const auto get = [&](const char* k) {
    const std::string* v = domain::form_value(form->pairs, k);
    if (!v || v->empty() || util::first_control(*v)) throw Refusal(msg::callback_malformed, {std::string(k)});
    return *v;
  };
  const std::string status = get("status");
  if (status != "success") throw Refusal(msg::callback_failed, {status});
  SettlementLine l;
  l.order_no = get("order");
  l.channel = get("channel");
  l.reference = get("reference");
  const auto amount = parse_amount(get("amount"));
  const auto paid = parse_instant(get("paid_at"));
  if (!amount) throw Refusal(msg::callback_malformed, {std::string("amount")});
  if (!paid) throw Refusal(msg::callback_malformed, {std::string("paid_at")});
  l.amount = *amount;
  l.paid_at = *paid;
  SettleResult r;
  env.store.write([&] { r = apply_line(env, "gateway", l, "callback"); });
  return r;
}

std::string sign_notification(const Env& env, const Caller& caller, const NotificationDraft& d) {
  require_role(caller, {domain::Role::admin});
  const std::string key = gateway_key(env);
  const auto order = env.store.payments().find(d.order_no);
  if (!order) throw Refusal(msg::order_not_found, {d.order_no});
  std::string paid_at = d.paid_at.empty() ? iso_taipei(env.clock.now()) : d.paid_at;
  if (!parse_instant(paid_at)) throw Refusal(msg::callback_malformed, {std::string("paid_at")});
  const std::string body = domain::form_encode({{"order", order->order_no},
                                                {"amount", std::to_string(order->charged)},
                                                {"paid_at", paid_at},
                                                {"channel", d.channel.empty() ? order->method : d.channel},
                                                {"reference", d.reference.empty() ? "TEST-" + order->order_no : d.reference},
                                                {"status", d.status}});
  env.store.write([&] {
    env.store.audit().append(store::AuditEntry{0, "", caller.name, "order.test-notification", "order",
                                               order->order_no, d.status});
  });
  return body + "&mac=" + security::hmac_sha256_hex(key, body);
}

OrderView order_status(const Env& env, const Caller& caller, const std::string& order_no) {
  const auto order = env.store.payments().find(order_no);
  if (!order || (caller.role != domain::Role::admin && order->payer_id != caller.account_id)) {
    throw Refusal(msg::order_not_found, {order_no});
  }
  return OrderView{*order, order->status == store::OrderStatus::live && expired(*order, env.clock.today())};
}

util::Date receipt_available_on(const Env& env, const store::PaymentOrder& order) {
  const auto m = domain::parse_payment_method(order.method);
  const int days = m && domain::is_slip_method(*m) ? env.config.timing.receipt_working_days_store
                                                   : env.config.timing.receipt_working_days_online;
  return working_calendar(env)->add_working_days(to_taipei(order.paid_at).date, days);
}

std::vector<Warning> order_warnings(const Env& env, const store::PaymentOrder& order) {
  std::vector<Warning> out;
  if (order.deadline.empty()) return out;
  const util::Date created = to_taipei(order.created_at).date;
  if (auto w = uncovered_warning(*working_calendar(env), {"繳費期限", "the payment deadline"}, created,
                                 *util::parse_iso_date(order.deadline)))
    out.push_back(std::move(*w));
  return out;
}

void record_issue(const Env& env, const store::CaseRecord& c, const std::string& order_no,
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
