#include "secrets_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "security/secrets.hpp"

namespace fs = std::filesystem;

namespace soas::cli {

namespace {

std::string read_line_stdin() {
  std::string line;
  if (!std::getline(std::cin, line)) return "";
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string prompt_no_echo(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line = read_line_stdin();
  if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::cerr << '\n';
  return line;
}

[[noreturn]] void insecure(const std::string& path, mode_t mode) {
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode & 07777));
  throw Failure("session-file-insecure",
                Text{"登入檔的權限過寬（" + std::string(octal) + "），請刪除後重新登入：" + path,
                     "the session file's permissions are too open (" + std::string(octal) +
                         "); remove it and log in again: " + path});
}

}  // namespace

std::string read_secret(bool from_stdin, const char* prompt_zh, const char* prompt_en, bool english) {
  if (from_stdin) return read_line_stdin();
  if (isatty(STDIN_FILENO) != 1) {
    throw UsageError("no-terminal",
                     Text{"沒有終端機可詢問密碼，請改用 --password-stdin",
                          "there is no terminal to ask for the password; use --password-stdin"});
  }
  return prompt_no_echo(english ? prompt_en : prompt_zh);
}

NewPassword read_new_password(bool from_stdin, bool english) {
  NewPassword p;
  if (from_stdin) {
    p.password = read_line_stdin();
    p.confirmation = std::cin.good() ? read_line_stdin() : "";
    if (p.confirmation.empty()) p.confirmation = p.password;
    return p;
  }
  p.password = read_secret(false, "登入密碼：", "Password: ", english);
  p.confirmation = read_secret(false, "登入密碼確認：", "Password again: ", english);
  return p;
}

std::string session_path(const config::EnvLookup& env) {
  if (const auto s = env("SOAS_SESSION"); s && !s->empty()) return *s;
  if (const auto x = env("XDG_STATE_HOME"); x && !x->empty())
    return (fs::path(*x) / "soas" / "session").string();
  const auto home = env("HOME");
  if (!home || home->empty()) {
    throw Failure("no-session-place", Text{"無法決定登入檔位置：請設定 SOAS_SESSION 或 HOME",
                                           "nowhere to keep the session: set SOAS_SESSION or HOME"});
  }
  return (fs::path(*home) / ".local" / "state" / "soas" / "session").string();
}

std::optional<std::string> read_session_token(const config::EnvLookup& env) {
  const std::string path = session_path(env);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  // A FIFO or a device named by SOAS_SESSION is refused, never waited on.
  const int fd = open_regular_file(path, Text{"登入檔", "the session file"});
  if (::fstat(fd, &st) != 0) st.st_mode = 0;
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    insecure(path, st.st_mode);
  }
  char buf[128] = {};
  const ssize_t got = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  std::string token(buf, got > 0 ? static_cast<std::size_t>(got) : 0);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

void write_session_token(const config::EnvLookup& env, const std::string& token) {
  const fs::path path = session_path(env);
  const fs::path dir = path.parent_path();
  try {
    if (!dir.empty()) ensure_private_directory(dir.string());
    write_private_atomically(path.string(), token + "\n");
  } catch (const Error&) {
    throw Failure("session-file-unwritable", Text{"無法寫入登入檔：" + path.string(),
                                                  "cannot write the session file: " + path.string()});
  }
}

void remove_session_file(const config::EnvLookup& env) {
  ::unlink(session_path(env).c_str());
}

}  // namespace soas::cli
