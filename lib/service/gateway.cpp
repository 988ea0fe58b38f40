#include "service/gateway.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/payment.hpp"
#include "security/signing.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

using domain::CaseState;
using domain::PaymentMethod;

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
                                                {"method", std::string(domain::key(out.order.method))},
                                                {"created", iso_taipei(out.order.created_at)}});
  out.request = body + "&mac=" + security::hmac_sha256_hex(key, body);
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
  env.store.write([&] { r = apply_settlement_line(env, "gateway", l, "callback"); });
  return r;
}

std::string sign_notification(const Env& env, const Caller& caller, const NotificationDraft& d) {
  require_role(caller, {domain::Role::admin});
  const std::string key = gateway_key(env);
  const auto order = env.store.payments().find(d.order_no);
  if (!order) throw Refusal(msg::order_not_found, {d.order_no});
  std::string paid_at = d.paid_at.empty() ? iso_taipei(env.clock.now()) : d.paid_at;
  if (!parse_instant(paid_at)) throw Refusal(msg::callback_malformed, {std::string("paid_at")});
  const std::string body = domain::form_encode(
      {{"order", order->order_no},
       {"amount", std::to_string(order->charged)},
       {"paid_at", paid_at},
       {"channel", d.channel.empty() ? std::string(domain::key(order->method)) : d.channel},
       {"reference", d.reference.empty() ? "TEST-" + order->order_no : d.reference},
       {"status", d.status}});
  env.store.write([&] {
    env.store.audit().append(domain::AuditEntry{0, "", caller.name, "order.test-notification", "order",
                                                order->order_no, d.status});
  });
  return body + "&mac=" + security::hmac_sha256_hex(key, body);
}

}  // namespace soas::service
