// Fuzz target: the settlement file's reader (man soas-pay(5)) and the
// gateway callback's signed key=value form, on the same bytes.
#include "domain/payment.hpp"
#include "fuzz.hpp"
#include "service/payments.hpp"
#include "tabular/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = soas::fuzz::text(data, size);
  soas::fuzz::expect_clean([&] {
    soas::tabular::Limits limits;
    limits.max_entry_bytes = 8u << 20;
    limits.max_total_bytes = 16u << 20;
    auto t = soas::tabular::table_from_memory(text, "fuzz-settlement", "", limits);
    soas::service::read_settlement(*t, "fuzz-settlement");
  });
  soas::fuzz::expect_clean([&] {
    if (const auto form = soas::domain::parse_signed_form(text)) soas::domain::form_encode(form->pairs);
  });
  return 0;
}
