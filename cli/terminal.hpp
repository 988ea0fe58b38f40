#pragma once
// Nothing from outside reaches a terminal unescaped: soas's standard output
// and error pass through an EscapingBuffer, which shows every control
// character but tab and newline as \u00HH (C0, ESC, DEL, C1) and every byte
// that is not UTF-8 as \xHH (util::escape_controls). A name, a cell or a
// form field holding an OSC or CSI sequence is printed, never obeyed. In
// JSON, \u00HH is the character's own escape, so documents keep their
// values. soas's own colour codes go around it (write_raw).

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace soas::cli {

class EscapingBuffer final : public std::streambuf {
 public:
  explicit EscapingBuffer(std::streambuf* target) : m_target(target) {}
  ~EscapingBuffer() override;
  std::streambuf* target() const { return m_target; }
  // Writes bytes as they are (soas's own escape sequences), after what is pending.
  void write_raw(std::string_view bytes);

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void drain(bool all);
  std::streambuf* m_target;
  std::string m_pending;
};

// Installs an EscapingBuffer on std::cout and std::cerr for its lifetime
// and puts the original buffers back (flushed) when it ends.
class EscapedStandardStreams {
 public:
  EscapedStandardStreams();
  ~EscapedStandardStreams();
  EscapedStandardStreams(const EscapedStandardStreams&) = delete;
  EscapedStandardStreams& operator=(const EscapedStandardStreams&) = delete;

 private:
  std::unique_ptr<EscapingBuffer> m_out;
  std::unique_ptr<EscapingBuffer> m_err;
  std::streambuf* m_old_out;
  std::streambuf* m_old_err;
};

// Writes bytes unescaped to the stream (through its EscapingBuffer's target
// when it has one).
void write_raw(std::ostream& os, std::string_view bytes);

}  // namespace soas::cli
