// Fuzz target: the YAML loaders: a form file, the config file and a holiday
// calendar, on the same text.
#include "config/config.hpp"
#include "config/form_file.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = soas::fuzz::text(data, size);
  soas::fuzz::expect_clean([&] { soas::config::parse_form(text, "fuzz.yaml"); });
  soas::fuzz::expect_clean([&] { soas::config::parse_file(text, "fuzz.yaml", "/nonexistent"); });
  soas::fuzz::expect_clean([&] { soas::config::parse_calendar(text, "fuzz.yaml"); });
  return 0;
}
