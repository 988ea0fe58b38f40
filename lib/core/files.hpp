#pragma once
// Reading a small file whole (a config, a form, a key, a permit PDF, a
// callback): its size is checked before a byte is read, so a huge or endless
// file named by mistake is refused at once instead of filling memory.

#include <cstdint>
#include <string>

#include "core/text.hpp"

namespace soas {

// The file's bytes. Throws Failure `unreadable_code` ("cannot read WHAT:
// PATH") when it cannot be opened or is not a regular file, and
// "file-too-large" ("WHAT is larger than N bytes: PATH") past max_bytes.
std::string read_small_file(const std::string& path, std::uint64_t max_bytes, const Text& what,
                            const std::string& unreadable_code = "file-unreadable");

// Text a YAML parser may be given: no NUL byte and valid UTF-8. Throws
// Failure `code` naming the file otherwise ("not a text file").
void require_text(const std::string& bytes, const std::string& shown_name, const std::string& code);

}  // namespace soas
