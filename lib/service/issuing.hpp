#pragma once
// The issue of paid (or free) cases and the slip that asks for payment:
// the permit's validity recorded when a case is issued, and the slip PDF with
// a store slip's barcodes.

#include <cstdint>
#include <string>

#include "domain/payment.hpp"
#include "service/accounts.hpp"
#include "store/store.hpp"

namespace soas::service {

// The slip of a slip order as a PDF, and a store slip's three barcodes (as
// configured: payment.slip_year, collection_code, slip_period).
std::string slip_pdf(const Env& env, const domain::PaymentOrder& order);
domain::StoreBarcodes slip_barcodes(const Env& env, const domain::PaymentOrder& order);

// Records a case's issue: free cases on approval, paid ones on settlement.
void record_issue(const Env& env, const domain::CaseRecord& c, const std::string& order_no,
                  std::int64_t paid_at);

}  // namespace soas::service
