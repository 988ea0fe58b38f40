#pragma once
// Country names as the forms take them: the Chinese name the records hold
// (國籍 "日本") and its English name. The batch template offers them as a
// drop-down ("日本 Japan"); a nationality cell holding such a choice is read
// as its Chinese name. Nationality stays free text: a name not listed is
// not refused.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soas::domain {

struct Country {
  std::string_view zh;  // 中華民國, 日本, 馬來西亞
  std::string_view en;  // Taiwan (R.O.C.), Japan, Malaysia
};

// In the order the drop-down shows them: 中華民國 first, then by English name.
const std::vector<Country>& countries();

// "日本 Japan" (the drop-down's text) -> "日本"; nullopt for anything else.
std::optional<std::string> country_of_choice(std::string_view cell);
// The drop-down's text of a country: "日本 Japan".
std::string country_choice(const Country& c);

}  // namespace soas::domain
