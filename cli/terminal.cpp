#include "terminal.hpp"

#include <iostream>

#include "util/text.hpp"

namespace soas::cli {

namespace {

// How many bytes at the end of text form the start of a UTF-8 sequence that
// is not complete yet (held back until the rest arrives).
std::size_t incomplete_tail(const std::string& text) {
  const std::size_t n = text.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto c = static_cast<unsigned char>(text[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    std::size_t need = 0;
    if (c >= 0xC2 && c <= 0xDF) need = 2;
    else if (c >= 0xE0 && c <= 0xEF) need = 3;
    else if (c >= 0xF0 && c <= 0xF4) need = 4;
    return need > back ? back : 0;
  }
  return 0;
}

}  // namespace

EscapingBuffer::~EscapingBuffer() {
  drain(true);
  m_target->pubsync();
}

void EscapingBuffer::drain(bool all) {
  if (m_pending.empty()) return;
  const std::size_t hold = all ? 0 : incomplete_tail(m_pending);
  const std::string chunk = util::escape_controls(std::string_view(m_pending).substr(0, m_pending.size() - hold));
  m_target->sputn(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  m_pending.erase(0, m_pending.size() - hold);
}

EscapingBuffer::int_type EscapingBuffer::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  m_pending += traits_type::to_char_type(ch);
  if (ch == '\n' || m_pending.size() >= 4096) drain(false);
  return ch;
}

std::streamsize EscapingBuffer::xsputn(const char* s, std::streamsize n) {
  m_pending.append(s, static_cast<std::size_t>(n));
  if (m_pending.size() >= 4096 || (n > 0 && s[n - 1] == '\n')) drain(false);
  return n;
}

int EscapingBuffer::sync() {
  drain(false);
  return m_target->pubsync();
}

void EscapingBuffer::write_raw(std::string_view bytes) {
  drain(true);
  m_target->sputn(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

EscapedStandardStreams::EscapedStandardStreams()
    : m_out(std::make_unique<EscapingBuffer>(std::cout.rdbuf())),
      m_err(std::make_unique<EscapingBuffer>(std::cerr.rdbuf())),
      m_old_out(std::cout.rdbuf()),
      m_old_err(std::cerr.rdbuf()) {
  std::cout.rdbuf(m_out.get());
  std::cerr.rdbuf(m_err.get());
}

EscapedStandardStreams::~EscapedStandardStreams() {
  std::cout.flush();
  std::cerr.flush();
  std::cout.rdbuf(m_old_out);
  std::cerr.rdbuf(m_old_err);
}

void write_raw(std::ostream& os, std::string_view bytes) {
  if (auto* b = dynamic_cast<EscapingBuffer*>(os.rdbuf())) {
    b->write_raw(bytes);
  } else {
    os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
}

}  // namespace soas::cli
