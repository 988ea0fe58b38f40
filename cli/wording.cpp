#include "wording.hpp"

#include <array>
#include <string>

namespace soas::cli {

namespace {

struct Worded {
  const Message& lib;
  Message cli;
};

// Each with the lib message's code and its number of parameters.
const std::array<Worded, 12>& table() {
  static const std::array<Worded, 12> k_table = {{
      {msg::for_school_only,
       {"for-school-only", "--for 僅供學校帳號使用", "--for is for school accounts", false}},
      {msg::for_required,
       {"for-required", "學校代辦請以 --for 指定學生帳號", "a school applies for a student: --for ACCOUNT",
        false}},
      {msg::for_twice,
       {"for-twice", "--for 與 --for-permit/--for-passport 只能擇一",
        "give either --for or --for-permit/--for-passport", false}},
      {msg::permit_required,
       {"permit-required", "此申辦項目須以 --permit 提供許可證號",
        "this kind of application needs the permit number: --permit", false}},
      {msg::permit_not_taken,
       {"permit-not-taken", "居留證首次申請不需 --permit", "an ARC first application takes no --permit",
        false}},
      {msg::bad_set, {"bad-set", "--set 須為 欄位=值，而非 {}", "--set takes field=value, not {}", false}},
      {msg::bad_db, {"bad-db", "--db 不可為空", "--db may not be empty", false}},
      {msg::bad_language, {"bad-language", "--lang 須為 zh-TW 或 en", "--lang must be zh-TW or en", false}},
      {msg::school_only_for_school,
       {"school-only-for-school", "只有學校帳號 (--role school) 需要 --school",
        "Only school accounts (--role school) take --school", false}},
      {msg::declaration_not_agreed,
       {"declaration-not-agreed", "須同意使用聲明事項（--agree）始得送件",
        "The declaration must be agreed to (--agree) before submitting", false}},
      {msg::opinion_required,
       {"opinion-required", "請填寫審核意見或理由 (--opinion / --reason)",
        "Give the opinion or reason (--opinion / --reason)", false}},
      {msg::store_limit,
       {"store-limit",
        "超商繳費單每張至多代收 NT${}，此筆規費 NT${}；請改用虛擬帳號（--method virtual-account）",
        "A convenience-store slip collects at most NT${}; these fees are NT${}: pay by virtual account "
        "(--method virtual-account)",
        false}},
  }};
  return k_table;
}

const Worded* find(std::string_view code) {
  for (const auto& w : table())
    if (code == w.lib.code) return &w;
  return nullptr;
}

}  // namespace

const Message& worded(const Message& message) {
  const Worded* w = find(message.code);
  return w != nullptr && &w->lib == &message ? w->cli : message;
}

Text worded(const Error& error) {
  const Worded* w = find(error.code());
  // Only the catalogue's own text is worded again: an error that shares the
  // code but says something else (SOAS_LANG's) keeps its words.
  if (w == nullptr || error.text() != w->lib.text(error.args())) return error.text();
  return w->cli.text(error.args());
}

Text worded(const FieldProblem& problem) {
  const Worded* w = find(problem.code);
  if (w == nullptr || problem.message != w->lib.text()) return problem.message;
  return w->cli.text();
}

}  // namespace soas::cli
