#include "core/error.hpp"

namespace soas {

Error::Error(Exit exit, std::string code, Text text, std::vector<FieldProblem> problems)
    : std::runtime_error(code + ": " + text.en),
      m_exit(exit),
      m_code(std::move(code)),
      m_text(std::move(text)),
      m_problems(std::move(problems)) {}

Error::Error(Exit exit, const Message& message, const std::vector<std::string>& args)
    : Error(exit, message.code, message.text(args)) {
  m_args = args;
}

Refusal form_refusal(std::vector<FieldProblem> problems) {
  const Text text = msg::form_invalid.text({std::to_string(problems.size())});  // before the move
  return Refusal(msg::form_invalid.code, text, std::move(problems));
}

}  // namespace soas
