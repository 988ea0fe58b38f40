// cli/terminal.cpp: what reaches soas's standard output and error from
// outside is shown, never obeyed: control characters escaped however the
// bytes are split across writes, UTF-8 kept whole, soas's own codes raw.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "terminal.hpp"

using namespace soas;

namespace {

// What an ostream through an EscapingBuffer delivers to its target.
struct Escaped {
  std::stringstream target;
  cli::EscapingBuffer buffer{target.rdbuf()};
  std::ostream out{&buffer};
  std::string text() {
    out.flush();
    return target.str();
  }
};

}  // namespace

TEST_CASE("terminal: C0, ESC, DEL and C1 are shown escaped; tab and newline pass", "[cli]") {
  Escaped e;
  e.out << "A\x1b]0;pwned\x07"
        << "B\tC\x7f"
        << "D\xc2\x9b"
        << "E\n";
  CHECK(e.text() == "A\\u001B]0;pwned\\u0007B\tC\\u007FD\\u009BE\n");
}

TEST_CASE("terminal: a sequence split across writes is escaped all the same", "[cli]") {
  Escaped e;
  e.out << "A\x1b";
  e.out.flush();
  e.out << "[2J";
  e.out << "\xc2";  // the first byte of C1 CSI (U+009B) ...
  e.out.flush();
  e.out << "\x9b"
        << "31m\n";  // ... and its second
  CHECK(e.text() == "A\\u001B[2J\\u009B31m\n");
}

TEST_CASE("terminal: UTF-8 split across writes arrives whole; bytes that are not UTF-8 are shown", "[cli]") {
  Escaped e;
  e.out << "\xe5\xad";  // 學 in two writes
  e.out.flush();
  e.out << "\xb8 ok\n";
  e.out << "bad \xff\xfe\n";
  CHECK(e.text() == "學 ok\nbad \\xFF\\xFE\n");
}

TEST_CASE("terminal: soas's own codes go around the escaping, after what is pending", "[cli]") {
  Escaped e;
  e.out << "before ";
  cli::write_raw(e.out, "\x1b[1m");
  e.out << "bold\x1b";
  cli::write_raw(e.out, "\x1b[0m");
  e.out << "\n";
  CHECK(e.text() == "before \x1b[1mbold\\u001B\x1b[0m\n");
}
