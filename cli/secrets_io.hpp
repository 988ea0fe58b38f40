#pragma once
// The client side of secrets: reading passwords (standard input or a prompt
// without echo; never a flag or an environment variable) and keeping the
// session token in a file only its owner can read.

#include <optional>
#include <string>

#include "config/config.hpp"

namespace soas::cli {

// One line from standard input when `from_stdin`; otherwise asked on the
// terminal with echo off. Refuses (usage) when there is no terminal to ask.
std::string read_secret(bool from_stdin, const char* prompt_zh, const char* prompt_en, bool english);

// A new password and its confirmation: from standard input, the first line
// and, if there is one, the second (else the first again); on a terminal,
// asked twice.
struct NewPassword {
  std::string password;
  std::string confirmation;
};
NewPassword read_new_password(bool from_stdin, bool english);

// The session file: SOAS_SESSION, else $XDG_STATE_HOME/soas/session, else
// ~/.local/state/soas/session. Created 0600 in a 0700 directory; refused
// ("session-file-insecure") when group or others may read it.
std::string session_path(const config::EnvLookup& env);
std::optional<std::string> read_session_token(const config::EnvLookup& env);
void write_session_token(const config::EnvLookup& env, const std::string& token);
void remove_session_file(const config::EnvLookup& env);

}  // namespace soas::cli
