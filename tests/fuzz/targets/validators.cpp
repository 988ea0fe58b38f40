// Fuzz target: the field validators and parsers people's typing reaches:
// dates, mainland IDs, UI numbers, passports, phones, e-mail, order numbers,
// amounts of Excel serial dates, and the batch's cell normaliser.
#include <cstring>

#include "batch.hpp"
#include "domain/payment.hpp"
#include "domain/validators.hpp"
#include "fuzz.hpp"
#include "tabular/table.hpp"
#include "util/date.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = soas::fuzz::text(data, size);
  using namespace soas;
  fuzz::expect_clean([&] {
    domain::check_gregorian_date(text);
    domain::check_gregorian_date(text, util::Date(2026, 11, 21));
    domain::check_mainland_id(text);
    domain::mainland_id_birth_date(text);
    domain::check_ui_number(text);
    domain::check_passport(text);
    domain::check_phone(text);
    domain::check_extension(text);
    domain::check_email(text, domain::default_mainland_mail_domains());
    domain::check_password(text);
    domain::normalize_county(text);
    domain::looks_like_order_number(text);
    domain::code39_encodable(text);
    util::parse_iso_date(text);
    batch::normalize_cell("taiwan_address.county", text);
    batch::normalize_cell("passport_no", text);
    if (size >= 8) {
      double serial = 0;
      std::memcpy(&serial, data, sizeof serial);
      if (serial >= 0 && serial < 2958466) tabular::excel_serial_date(serial, data[0] & 1);
    }
  });
  return 0;
}
