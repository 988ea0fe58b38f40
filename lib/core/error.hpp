#pragma once
// The one exception hierarchy of soas. Every error carries a stable code word
// (for scripts), a text in both languages (for people) and the exit code the
// CLI ends with. lib/ throws; cli/main.cpp catches once.

#include <stdexcept>
#include <string>
#include <vector>

#include "core/messages.hpp"
#include "core/text.hpp"

namespace soas {

// Fixed exit codes, documented in man/soas.1.
enum class Exit : int {
  ok = 0,
  failure = 1,    // I/O, database, configuration file, internal error
  usage = 2,      // bad options, arguments or environment values
  partial = 3,    // a batch in which some rows failed
  refused = 4,    // refused by a domain rule (the seeds' messages)
  forbidden = 5,  // the caller's role or ownership does not allow it
  interrupted = 130,
};

// One failing field of a form or record: all are reported at once.
struct FieldProblem {
  std::string field;
  std::string code;
  Text message;
};

class Error : public std::runtime_error {
 public:
  Error(Exit exit, std::string code, Text text, std::vector<FieldProblem> problems = {});
  Error(Exit exit, const Message& message, const std::vector<std::string>& args = {});

  Exit exit_code() const { return m_exit; }
  const std::string& code() const { return m_code; }
  const Text& text() const { return m_text; }
  const std::vector<FieldProblem>& problems() const { return m_problems; }
  // The parameters a catalogue message was filled with (empty for a text
  // given whole): a front end that words the message its own way fills its
  // wording with the same ones.
  const std::vector<std::string>& args() const { return m_args; }

 private:
  Exit m_exit;
  std::string m_code;
  Text m_text;
  std::vector<FieldProblem> m_problems;
  std::vector<std::string> m_args;
};

// Bad use of the command line or environment (exit 2).
class UsageError : public Error {
 public:
  UsageError(std::string code, Text text) : Error(Exit::usage, std::move(code), std::move(text)) {}
  explicit UsageError(const Message& message, const std::vector<std::string>& args = {})
      : Error(Exit::usage, message, args) {}
};

// A domain rule says no (exit 4).
class Refusal : public Error {
 public:
  explicit Refusal(const Message& message, const std::vector<std::string>& args = {})
      : Error(Exit::refused, message, args) {}
  Refusal(std::string code, Text text, std::vector<FieldProblem> problems = {})
      : Error(Exit::refused, std::move(code), std::move(text), std::move(problems)) {}
};

// The refusal of a form with every problem it has ("form-invalid", naming
// the count).
Refusal form_refusal(std::vector<FieldProblem> problems);

// The caller may not do this (exit 5).
class Forbidden : public Error {
 public:
  Forbidden(std::string code, Text text) : Error(Exit::forbidden, std::move(code), std::move(text)) {}
};

// Anything else that stops the command: files, database, configuration (exit 1).
class Failure : public Error {
 public:
  Failure(std::string code, Text text) : Error(Exit::failure, std::move(code), std::move(text)) {}
};

}  // namespace soas
