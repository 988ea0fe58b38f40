#pragma once
// UTF-8 text helpers. util/ knows nothing of soas.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soas::util {

// Decodes UTF-8; returns false on any invalid sequence (overlong, surrogate,
// out of range, truncated). Code points are appended to out when given.
bool decode_utf8(std::string_view text, std::vector<char32_t>* out = nullptr);
// Appends one code point (at most U+10FFFF) as UTF-8.
void append_utf8(std::string& out, char32_t codepoint);
bool is_valid_utf8(std::string_view text);
std::size_t codepoint_count(std::string_view utf8);  // precondition: valid UTF-8

// Terminal columns the text takes: East Asian wide and full-width characters
// count two, combining marks zero.
std::size_t display_width(std::string_view utf8);
// Pads with spaces on the right to the given display width.
std::string pad_right(std::string_view utf8, std::size_t width);

std::string_view trim(std::string_view s);  // ASCII white space
std::string to_lower_ascii(std::string_view s);
std::string to_upper_ascii(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to word within a small distance, or empty.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Replaces each "{}" in pattern with the next argument, in order.
std::string substitute(std::string_view pattern, const std::vector<std::string>& args);

// Control characters: C0 (U+0000-U+001F, ESC among them), DEL and C1
// (U+0080-U+009F). A terminal acts on them (titles, colours, cursor moves).
bool is_control(char32_t cp);
// The first control character of text, if any; tab and newline are allowed
// when allow_tab_newline. Bytes that are not UTF-8 are not looked at.
std::optional<char32_t> first_control(std::string_view text, bool allow_tab_newline = false);
// A code point as people name it: U+001B.
std::string codepoint_name(char32_t cp);
// Text fit for a terminal: every control character except tab and newline
// shown as \u00HH (C0 with ESC, DEL, C1), every byte that is not UTF-8 as
// \xHH, and a backslash left as it is. Valid text without controls comes
// back unchanged.
std::string escape_controls(std::string_view text);
// A word as a POSIX shell reads it back: unchanged when it is made of safe
// characters only, else in single quotes.
std::string shell_quote(std::string_view word);

}  // namespace soas::util
