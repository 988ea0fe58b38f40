#pragma once
// The CLI's own wording of the messages whose lib text names what a caller
// gives in general words ("the permit number", "the opinion"): here they name
// the flag that gives it ("--permit", "--opinion / --reason"). Same code,
// same parameters; lib/ never speaks of flags (core/messages.hpp).

#include <string_view>

#include "core/error.hpp"

namespace soas::cli {

// The CLI's wording of a catalogue message (the message itself when the CLI
// words it as lib does).
const Message& worded(const Message& message);
// An error's text as the CLI says it: in its own wording when the error is a
// catalogue message it words otherwise, else the error's text.
Text worded(const Error& error);
// A field problem's message, likewise (no parameters).
Text worded(const FieldProblem& problem);

}  // namespace soas::cli
