#pragma once
// The payment gateway's protocol: a checkout's signed request, a signed
// test notification, and a notification verified (HMAC-SHA256 with the key
// of payment.gateway_key_file) and settled exactly once.

#include <string>
#include <vector>

#include "domain/payment.hpp"
#include "service/accounts.hpp"
#include "service/orders.hpp"
#include "service/settlement.hpp"

namespace soas::service {

// The request a gateway needs: the order and the signed payload
// (form-encoded, HMAC-SHA256 with the shared key of payment.gateway_key_file).
struct Checkout {
  domain::PaymentOrder order;
  std::string url;
  std::string request;
};
Checkout checkout(const Env& env, const Caller& caller, const std::vector<std::string>& groups,
                  domain::PaymentMethod method);

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

}  // namespace soas::service
