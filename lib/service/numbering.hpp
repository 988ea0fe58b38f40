#pragma once
// Allocates case numbers from the store's sequences. Call inside
// Store::write(), in the transaction that creates the case.

#include <string>

#include "store/store.hpp"
#include "util/date.hpp"

namespace soas::service {

// 收件號 of a case submitted on `day` (Taipei): ROC year + that year's sequence.
std::string allocate_receipt_number(store::Sequences& sequences, const util::Date& day);
// 團號/批次號 of a new group.
std::string allocate_group_number(store::Sequences& sequences);

}  // namespace soas::service
