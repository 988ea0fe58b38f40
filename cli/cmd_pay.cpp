// soas pay: the groups awaiting payment, the detail by method, slips and
// gateway checkouts, settlement files and gateway callbacks, order status
// (seed 004 §10, seed 000 steps 16-20; man soas-pay(1), soas-pay(5)).

#include <fstream>
#include <sstream>

#include "app.hpp"
#include "cmd_pay.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/messages.hpp"
#include "domain/payment.hpp"
#include "pdf/document.hpp"
#include "service/payments.hpp"

namespace soas::cli {

namespace cmd_pay {

std::string money(long v) {
  return "NT$" + std::to_string(v);
}

domain::PaymentMethod method_of(const std::string& key) {
  return *domain::parse_payment_method(key);  // CLI11 checked membership
}

std::vector<std::string> method_keys() {
  std::vector<std::string> out;
  for (auto m : domain::k_payment_methods) out.emplace_back(domain::key(m));
  return out;
}

Text kind_name(domain::ApplicationKind k) {
  switch (k) {
    case domain::ApplicationKind::multi_entry:
      return {"陸生(含親屬)就學入臺申請 - 多次證", "mainland student - multi-entry permit"};
    case domain::ApplicationKind::extension:
      return {"陸生(含親屬)就學入臺申請 - 多次證延期", "mainland student - extension"};
    case domain::ApplicationKind::data_change:
      return {"陸生(含親屬)就學入臺申請 - 資料異動", "mainland student - data change"};
    case domain::ApplicationKind::arc: return {"外(國)生就學", "foreign student - study"};
  }
  return {"", ""};
}

Text issued_kind(domain::ApplicationKind k) {
  return k == domain::ApplicationKind::arc ? Text{"居留證 ARC", "ARC"} : Text{"多次證", "multi-entry permit"};
}

Json order_json(const domain::PaymentOrder& o) {
  Json groups = Json::array();
  for (const auto& g : o.groups)
    groups.push_back({{"group_no", g.group_no}, {"cases", g.cases}, {"amount", g.amount}});
  Json j = {
      {"order_no", o.order_no}, {"method", domain::key(o.method)},        {"status", domain::key(o.status)},
      {"amount", o.amount},     {"handling_fee", o.handling_fee},         {"charged", o.charged},
      {"payer", o.payer_name},  {"created_at", iso_taipei(o.created_at)}, {"groups", groups}};
  if (!o.deadline.empty()) j["deadline"] = o.deadline;
  if (!o.virtual_account.empty()) j["virtual_account"] = o.virtual_account;
  if (o.status == domain::OrderStatus::paid) {
    j["paid_at"] = iso_taipei(o.paid_at);
    j["channel"] = o.channel;
  }
  return j;
}

// --- list ------------------------------------------------------------------

int run_list(Output& io, Services& sv, const PageOptions& page) {
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  using Row = service::PayableGroup;
  const auto fetch = [&](const std::optional<std::string>& after, std::size_t limit) {
    return service::payable_groups(env, caller, after, limit);
  };
  if (!io.json() && !page.after && fetch(std::nullopt, 1).rows.empty()) {
    io.out() << io.tr({"沒有待繳費的案件", "Nothing awaits payment"}) << '\n';
    return 0;
  }
  return print_paged<Row>(
      io, page, "groups", fetch,
      [&](const Row& g) {
        return Json{{"group_no", g.group_no},
                    {"kind", domain::key(g.kind)},
                    {"applicant", g.applicant_name},
                    {"issued", io.tr(issued_kind(g.kind))},
                    {"receipt_no", g.first_receipt},
                    {"cases", g.cases},
                    {"amount", g.amount},
                    {"live_order", g.live_order.empty() ? Json() : Json(g.live_order)}};
      },
      {io.tr({"團號/批次號", "group"}), io.tr({"申辦項目", "application"}), io.tr({"申請名稱", "applicant"}),
       io.tr({"核發證別", "issues"}), io.tr({"收件號", "receipt"}), io.tr({"申請人數", "people"}),
       io.tr({"應繳金額", "amount"}), io.tr({"繳費單", "order"})},
      [&](const Row& g) {
        return std::vector<std::string>{
            g.group_no,      io.tr(kind_name(g.kind)), g.applicant_name, io.tr(issued_kind(g.kind)),
            g.first_receipt, std::to_string(g.cases),  money(g.amount),  g.live_order};
      });
}

// --- quote -----------------------------------------------------------------

void print_plan(Output& io, const service::PaymentPlan& plan) {
  const auto& q = plan.quote;
  const Text method = domain::label(plan.method);
  std::string fee_text = money(q.handling_fee) + (q.handling_included ? io.tr({"（內含）", " (included)"})
                                                                      : io.tr({"（外加）", " (added)"}));
  io.print_table(
      {io.tr({"繳費規費金額", "fees"}), io.tr({"手續費", "handling fee"}), io.tr({"總繳費金額", "total"})},
      {{money(q.amount), fee_text, money(q.total)}});
  io.out() << '\n';
  std::vector<std::vector<std::string>> rows;
  int n = 1;
  for (const auto& g : plan.groups) {
    rows.push_back(
        {std::to_string(n++), g.group_no, g.first_receipt, std::to_string(g.cases), money(g.amount)});
  }
  io.print_table({io.tr({"項次", "#"}), io.tr({"團號/批次號", "group"}), io.tr({"收件號", "receipt"}),
                  io.tr({"繳費人數", "people"}), io.tr({"繳費金額", "amount"})},
                 rows);
  io.out() << '\n' << io.tr({"繳費方式：", "Method: "}) << io.tr(method) << '\n';
  io.out() << "1. " << io.tr(msg::no_refund.text()) << '\n';
  io.out() << "2. " << io.tr(msg::fee_receipt_only.text()) << '\n';
}

Json plan_json(Output& io, const service::PaymentPlan& plan) {
  Json groups = Json::array();
  for (const auto& g : plan.groups) {
    groups.push_back({{"group_no", g.group_no},
                      {"receipt_no", g.first_receipt},
                      {"cases", g.cases},
                      {"amount", g.amount}});
  }
  return {{"method", domain::key(plan.method)},
          {"amount", plan.quote.amount},
          {"handling_fee", plan.quote.handling_fee},
          {"handling_included", plan.quote.handling_included},
          {"total", plan.quote.total},
          {"groups", groups},
          {"notes", Json::array({io.tr(msg::no_refund.text()), io.tr(msg::fee_receipt_only.text())})}};
}

int run_quote(Output& io, Services& sv, const GroupsOptions& o) {
  const auto plan = service::plan_payment(sv.service_env(), sv.caller(), o.groups, method_of(o.method));
  if (io.json()) {
    io.print_json(plan_json(io, plan));
  } else {
    print_plan(io, plan);
  }
  return 0;
}

// --- slip ------------------------------------------------------------------

int run_slip(Output& io, Services& sv, const GroupsOptions& o) {
  const auto method = method_of(o.method);
  if (!domain::is_slip_method(method)) throw Refusal(msg::method_not_slip, {o.method});
  auto env = sv.service_env();
  // The font is checked before the order is made: a missing font leaves no
  // half-made payment behind.
  (void)pdf::Font::load(env.config.pdf.font_file, env.config.pdf.font_index);
  require_not_protected(o.out);  // and so is an output that would destroy the database or a key
  const auto order = service::create_order(env, sv.caller(), o.groups, method);
  write_private_atomically(o.out, service::slip_pdf(env, order));
  const auto warnings = service::order_warnings(env, order);
  if (io.json()) {
    Json j = order_json(order);
    j["file"] = o.out;
    if (method == domain::PaymentMethod::store) {
      const auto b = service::slip_barcodes(env, order);
      j["barcodes"] = Json::array({b.segment1, b.segment2, b.segment3});
    }
    j["warnings"] = warnings_json(io, warnings);
    io.print_json(j);
    return 0;
  }
  io.warn(warnings);
  io.out() << io.tr({"已產生繳費單 ", "Payment slip "}) << order.order_no << io.tr({"：", ": "}) << o.out
           << '\n';
  io.out() << io.tr({"繳費金額：", "Amount: "}) << money(order.charged)
           << io.tr({"（另付手續費 ", " (plus a handling fee of "}) << money(order.handling_fee)
           << io.tr({"）", ")"}) << '\n';
  io.out() << io.tr({"繳費期限：", "Deadline: "}) << util::parse_iso_date(order.deadline)->slashed() << '\n';
  if (!order.virtual_account.empty()) {
    io.out() << io.tr({"虛擬帳號：", "Virtual account: "}) << order.virtual_account << '\n';
  }
  return 0;
}

// --- checkout --------------------------------------------------------------

int run_checkout(Output& io, Services& sv, const GroupsOptions& o) {
  const auto c = service::checkout(sv.service_env(), sv.caller(), o.groups, method_of(o.method));
  if (io.json()) {
    Json j = order_json(c.order);
    j["gateway_url"] = c.url;
    j["request"] = c.request;
    io.print_json(j);
    return 0;
  }
  io.out() << io.tr({"繳費單號：", "Order: "}) << c.order.order_no << '\n';
  io.out() << io.tr({"交易金額：", "Amount charged: "}) << money(c.order.charged) << '\n';
  io.out() << io.tr({"金流網址：", "Gateway: "}) << c.url << '\n';
  io.out() << io.tr({"交易請求：", "Request: "}) << c.request << '\n';
  return 0;
}

// --- settle / callback -----------------------------------------------------

int report_settlement(Output& io, const std::vector<service::SettleResult>& results) {
  int applied = 0, duplicate = 0, reported = 0;
  for (const auto& r : results) {
    if (r.outcome == service::SettleOutcome::applied)
      ++applied;
    else if (r.outcome == service::SettleOutcome::duplicate)
      ++duplicate;
    else
      ++reported;
  }
  if (io.json()) {
    Json lines = Json::array();
    for (const auto& r : results) {
      lines.push_back({{"line", r.line.line},
                       {"order_no", r.line.order_no},
                       {"outcome", service::key(r.outcome)},
                       {"message", io.tr(r.message)},
                       {"issued", r.issued}});
    }
    io.print_json({{"applied", applied}, {"duplicate", duplicate}, {"reported", reported}, {"lines", lines}});
  } else {
    for (const auto& r : results) {
      // --quiet: only the lines that need someone's attention.
      if (io.quiet() &&
          (r.outcome == service::SettleOutcome::applied || r.outcome == service::SettleOutcome::duplicate))
        continue;
      std::string where = r.line.line > 0
                              ? io.tr({"第 ", "line "}) + std::to_string(r.line.line) + io.tr({" 行", ""})
                              : io.tr({"通知", "callback"});
      io.out() << where << "  " << (r.line.order_no.empty() ? "-" : r.line.order_no) << "  "
               << io.tr(r.message) << " [" << service::key(r.outcome) << "]";
      if (!r.issued.empty()) {
        io.out() << io.tr({"  核發：", "  issued: "});
        for (std::size_t i = 0; i < r.issued.size(); ++i) io.out() << (i ? " " : "") << r.issued[i];
      }
      io.out() << '\n';
    }
    io.out() << io.tr({"入帳 ", "applied "}) << applied << io.tr({"，已入帳略過 ", ", already applied "})
             << duplicate << io.tr({"，待處理 ", ", reported "}) << reported << '\n';
  }
  return reported > 0 ? static_cast<int>(Exit::partial) : 0;
}

int run_settle(Output& io, Services& sv, const std::string& file) {
  return report_settlement(io, service::settle_file(sv.service_env(), sv.caller(), file));
}

int run_callback(Output& io, Services& sv, const std::string& file) {
  // A gateway notification is a few hundred bytes.
  const std::string payload = read_small_file(file, 65536, Text{"通知檔", "the notification file"});
  try {
    return report_settlement(io, {service::settle_callback(sv.service_env(), payload)});
  } catch (const Refusal& e) {
    if (e.code() != msg::callback_malformed.code) throw;
    throw Refusal(e.code(), Text{file + "：" + e.text().zh, file + ": " + e.text().en});  // which file
  }
}

// --- sign-notification (testing) -------------------------------------------

int run_sign_notification(Output& io, Services& sv, const SignOptions& o) {
  require_not_protected(o.out);
  const std::string payload = service::sign_notification(sv.service_env(), sv.caller(), o.draft);
  write_private_atomically(o.out, payload + "\n");
  if (io.json()) {
    io.print_json({{"order_no", o.draft.order_no}, {"file", o.out}, {"payload", payload}});
  } else {
    io.out() << io.tr({"已產生測試用付款通知：", "test notification written: "}) << o.out << '\n'
             << io.tr({"套用：soas pay callback --payload ", "apply it: soas pay callback --payload "})
             << o.out << '\n';
  }
  return 0;
}

// --- status ----------------------------------------------------------------

int run_status(Output& io, Services& sv, const std::string& order_no) {
  const auto v = service::order_status(sv.service_env(), sv.caller(), order_no);
  const auto& o = v.order;
  const bool paid = o.status == domain::OrderStatus::paid;
  if (io.json()) {
    Json j = order_json(o);
    j["expired"] = v.expired;
    if (paid) j["result"] = io.tr(msg::transaction_ok.text());
    io.print_json(j);
    return 0;
  }
  Text state;
  // The seed's 交易成功 detail names the web site's menu; here the receipt is
  // a command, given in its own row below.
  if (paid)
    state = msg::transaction_ok.text();
  else if (o.status == domain::OrderStatus::cancelled)
    state = {"已作廢（已由新的繳費單取代）", "cancelled (replaced by a newer order)"};
  else if (v.expired)
    state = {"已逾繳費期限，請重新產生繳費單", "past its deadline; make a new order"};
  else
    state = {"待繳費", "awaiting payment"};
  std::vector<std::vector<std::string>> rows = {
      {io.tr({"繳費單號", "order"}), o.order_no},
      {io.tr({"交易結果", "result"}), io.tr(state)},
      {io.tr({"繳費方式", "method"}), io.tr(domain::label(o.method))},
  };
  if (paid) {
    const LocalTime t = to_taipei(o.paid_at);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", t.date.iso().c_str(), t.hour, t.minute, t.second);
    rows.push_back({io.tr({"交易日期及時間", "date and time"}), buf});
  } else if (!o.deadline.empty()) {
    rows.push_back({io.tr({"繳費期限", "deadline"}), o.deadline});
  }
  rows.push_back({io.tr({"交易金額", "amount"}), io.tr({"新臺幣 $", "NT$"}) + std::to_string(o.charged)});
  if (paid) {
    const util::Date on = service::receipt_available_on(sv.service_env(), o);
    for (const auto& g : o.groups) {
      rows.push_back({io.tr({"電子收據", "e-receipt"}),
                      "soas download receipt --group " + g.group_no + " -o receipts" +
                          io.tr({"（" + on.iso() + " 起）", " (from " + on.iso() + ")"})});
    }
  }
  io.print_table({io.tr({"項目", "item"}), io.tr({"內容", "value"})}, rows);
  return 0;
}

}  // namespace cmd_pay

using namespace cmd_pay;  // its runners and options

void register_pay(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("pay", "Online payment (線上繳費): slips, checkouts, settlement");
  group->require_subcommand(1);
  const auto methods = method_keys();

  CLI::App* list = group->add_subcommand("list", "Your approved groups awaiting payment (線上繳費-列表)");
  auto page = std::make_shared<PageOptions>();
  add_page_options(list, *page);
  list->footer(paging_help("group-number order", "group") +
               "Examples:\n  soas pay list\n  soas --json pay list\n  soas pay list --after 000000100");
  commands.add(list, [page](Context& ctx) { return run_list(ctx, ctx, *page); });

  auto q = std::make_shared<GroupsOptions>();
  CLI::App* quote = group->add_subcommand("quote", "The payment detail of groups by a method (繳費明細)");
  quote->add_option("groups", q->groups, "Group numbers (團號/批次號); several pay together")->required();
  quote->add_option("--method", q->method, "card, webatm, virtual-account, egov or store")
      ->required()
      ->check(CLI::IsMember(methods));
  quote->footer(
      "Card: 2% included in the amount; WebATM +7, virtual account +10, e-Government +15, store +8.\n\n"
      "Examples:\n  soas pay quote 000000001 --method store\n"
      "  soas pay quote 000000001 000000002 --method card");
  commands.add(quote, [q](Context& ctx) { return run_quote(ctx, ctx, *q); });

  auto s = std::make_shared<GroupsOptions>();
  CLI::App* slip = group->add_subcommand("slip", "Make a payment order and print its slip as PDF (繳費單)");
  slip->add_option("groups", s->groups, "Group numbers (團號/批次號)")->required();
  slip->add_option("--method", s->method, "store or virtual-account")
      ->required()
      ->check(CLI::IsMember(std::vector<std::string>{"store", "virtual-account"}));
  slip->add_option("-o,--output", s->out, "The PDF to write")->required();
  slip->footer(
      "A new slip cancels the group's unpaid older slip or checkout. See man soas-pay(1).\n\n"
      "Examples:\n  soas pay slip 000000001 --method virtual-account -o slip.pdf\n"
      "  soas --json pay slip 000000001 --method store -o slip.pdf   # with the barcodes' text");
  commands.add(slip, [s](Context& ctx) { return run_slip(ctx, ctx, *s); });

  auto c = std::make_shared<GroupsOptions>();
  CLI::App* co =
      group->add_subcommand("checkout", "Make a payment order for a gateway (card, WebATM, e-Government)");
  co->add_option("groups", c->groups, "Group numbers (團號/批次號)")->required();
  co->add_option("--method", c->method, "card, webatm or egov")
      ->required()
      ->check(CLI::IsMember(std::vector<std::string>{"card", "webatm", "egov"}));
  co->footer(
      "Prints the order number, the amount charged and the signed request (HMAC-SHA256).\n\n"
      "Example:\n  soas pay checkout 000000001 --method card");
  commands.add(co, [c](Context& ctx) { return run_checkout(ctx, ctx, *c); });

  auto file = std::make_shared<std::string>();
  CLI::App* settle =
      group->add_subcommand("settle", "Import a settlement file (admin): each line applied once");
  settle->add_option("file", *file, "CSV or XLSX: order, amount, paid_at, channel, reference")->required();
  settle->footer(
      "Exit 0: every line applied (or applied before); 3: some lines reported. See man soas-pay(5).\n\n"
      "Example:\n  soas pay settle 2026-11-22-7eleven.csv");
  commands.add(settle, [file](Context& ctx) { return run_settle(ctx, ctx, *file); });

  auto payload = std::make_shared<std::string>();
  CLI::App* cb = group->add_subcommand("callback", "Verify and apply a gateway notification");
  cb->add_option("--payload", *payload, "The notification: key=value&...&mac=HEX")->required();
  cb->footer(
      "A bad signature changes nothing (exit 4). See man soas-pay(5).\n\n"
      "Example:\n  soas pay callback --payload notification.txt");
  commands.add(cb, [payload](Context& ctx) { return run_callback(ctx, ctx, *payload); });

  auto sn = std::make_shared<SignOptions>();
  CLI::App* sign = group->add_subcommand(
      "sign-notification", "For testing: write a gateway notification for an order, signed with the gateway key");
  sign->add_option("order", sn->draft.order_no, "The order number (SOAS...)")->required();
  sign->add_option("-o,--output", sn->out, "The file to write (0600)")->required();
  sign->add_option("--reference", sn->draft.reference, "The gateway's transaction reference (default TEST-ORDER)");
  sign->add_option("--channel", sn->draft.channel, "The channel paid through (default the order's method)");
  sign->add_option("--paid-at", sn->draft.paid_at, "When it was paid, ISO 8601 (default now)");
  sign->add_option("--status", sn->draft.status, "success (default), or another status a gateway may send");
  sign->footer(
      "For trying a gateway integration without a gateway: the notification is what a gateway\n"
      "would post (soas-pay(5)), signed with payment.gateway_key_file. Administrators only.\n"
      "Never use it to settle a real payment.\n\n"
      "Example:\n  soas pay sign-notification SOAS115000000002 -o notification.txt\n"
      "  soas pay callback --payload notification.txt");
  commands.add(sign, [sn](Context& ctx) { return run_sign_notification(ctx, ctx, *sn); });

  auto order = std::make_shared<std::string>();
  CLI::App* st = group->add_subcommand("status", "The transaction result of an order (交易結果)");
  st->add_option("order", *order, "The order (slip) number")->required();
  st->footer("Example:\n  soas pay status SOAS115000000001");
  commands.add(st, [order](Context& ctx) { return run_status(ctx, ctx, *order); });
}

}  // namespace soas::cli
