#include "service/settlement.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/case_state.hpp"
#include "service/cases.hpp"
#include "service/orders.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

using domain::CaseState;
using domain::PaymentMethod;

SettleResult result(const SettlementLine& line, SettleOutcome outcome, Text message) {
  SettleResult r;
  r.line = line;
  r.outcome = outcome;
  r.message = std::move(message);
  return r;
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

SettleResult apply_settlement_line(const Env& env, const std::string& actor, const SettlementLine& line,
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
  if (order->status == domain::OrderStatus::paid) {
    return result(line, SettleOutcome::already_paid, msg::settle_already_paid.text());
  }
  if (order->status == domain::OrderStatus::cancelled) {
    return result(line, SettleOutcome::cancelled, msg::settle_cancelled.text());
  }
  if (line.amount != order->charged) {
    return result(line, SettleOutcome::amount_mismatch,
                  msg::settle_amount.text({std::to_string(order->charged), std::to_string(line.amount)}));
  }
  if (order_expired(*order, to_taipei(line.paid_at).date)) {
    return result(line, SettleOutcome::expired, msg::settle_expired.text({order->deadline}));
  }
  SettleResult r = result(line, SettleOutcome::applied, msg::settle_applied.text());
  if (!env.store.payments().mark_paid(order->order_no, line.paid_at, line.channel, line.reference)) {
    throw Refusal(msg::case_changed, {order->order_no});
  }
  env.store.payments().add_settlement(domain::SettlementRecord{
      order->order_no, line.reference, line.channel, line.amount, line.paid_at, source, env.clock.now()});
  env.store.audit().append(
      domain::AuditEntry{0, "", actor, "order.paid", "order", order->order_no,
                         source + " " + line.channel + " " + std::to_string(line.amount)});
  for (const auto& g : order->groups) {
    store::CaseQuery q;
    q.group_no = g.group_no;
    for (const auto& c : env.store.cases().list(q)) {
      if (c.state != CaseState::awaiting_payment) continue;
      transition_case(env, actor, c,
                      CaseTransition{domain::CaseAction::settle, "", order->order_no, order->order_no, line.paid_at});
      r.issued.push_back(c.receipt_no);
    }
  }
  return r;
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
      env.store.write([&] { r = apply_settlement_line(env, caller.name, l, source); });
      out.push_back(std::move(r));
    }
  });
  return out;
}

}  // namespace soas::service
