#pragma once
// A user-facing text in both languages soas speaks.

#include <string>

namespace soas {

enum class Lang { zh_tw, en };

struct Text {
  std::string zh;  // Traditional Chinese, the seeds' own wording
  std::string en;
  const std::string& in(Lang lang) const { return lang == Lang::en ? en : zh; }
  bool operator==(const Text& other) const { return zh == other.zh && en == other.en; }
  bool operator!=(const Text& other) const { return !(*this == other); }
};

}  // namespace soas
