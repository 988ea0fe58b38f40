#include "service/numbering.hpp"

#include "domain/numbers.hpp"

namespace soas::service {

std::string allocate_receipt_number(store::Sequences& sequences, const util::Date& day) {
  const int roc_year = day.roc_year();
  return domain::format_receipt_number(roc_year, sequences.next(domain::receipt_sequence_name(roc_year)));
}

std::string allocate_group_number(store::Sequences& sequences) {
  return domain::format_group_number(sequences.next(domain::k_group_sequence_name));
}

}  // namespace soas::service
