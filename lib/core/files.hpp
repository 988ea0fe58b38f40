#pragma once
// Reading a small file whole (a config, a form, a key, a permit PDF, a
// callback): its size is checked before a byte is read, so a huge or endless
// file named by mistake is refused at once instead of filling memory.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace soas {

// The file's bytes. Throws Failure `unreadable_code` ("cannot read WHAT:
// PATH") when it cannot be opened or is not a regular file, and
// "file-too-large" ("WHAT is larger than N bytes: PATH") past max_bytes.
std::string read_small_file(const std::string& path, std::uint64_t max_bytes, const Text& what,
                            const std::string& unreadable_code = "file-unreadable");

// Opens a file to read: O_NONBLOCK (a FIFO never hangs the command), then
// fstat: a directory, FIFO or device is refused ("file-not-regular", naming
// WHAT and PATH) before a byte is read. The file is protected from being
// overwritten by the same command (by its inode as opened). The caller closes the
// descriptor. Without follow_symlink a symlink is refused too.
int open_regular_file(const std::string& path, const Text& what,
                      const std::string& unreadable_code = "file-unreadable", bool follow_symlink = true);

// Text a YAML parser may be given: no NUL byte and valid UTF-8. Throws
// Failure `code` naming the file otherwise ("not a text file").
void require_text(const std::string& bytes, const std::string& shown_name, const std::string& code);

// --- Files soas writes --------------------------------------------------
// Every file soas writes goes through PrivateFile (or write_private_atomically,
// its one-call form): the bytes go to a new temporary file beside the target
// (created exclusively, mode 0600), are fsynced, and the temporary file is
// renamed over the target. The target is whole or untouched, is never opened
// through a symlink (rename replaces a symlink at the final name, it never
// writes through it), and is 0600 whatever the umask: every file soas writes
// may hold personal data.

// Files the running command must never overwrite: the database and its
// -wal/-shm files, the signing key and its .pub, the gateway key, the config
// file, and every file the command reads (read_small_file and the table
// reader register theirs). A target is compared by device and inode, not by
// spelling, at the moment it is written.
void protect_file(const std::string& path, const Text& what);
// Throws UsageError "output-protected" when `path` is one of those files.
void require_not_protected(const std::string& path);

class PrivateFile {
 public:
  // Refuses a protected target (above) unless `own_file`: soas writing one
  // of its installation's files itself (a new signing key); creates the
  // temporary file.
  explicit PrivateFile(std::string target, bool own_file = false);
  ~PrivateFile();  // removes the temporary file unless committed
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;

  const std::string& target() const { return m_target; }
  // Where a library that opens files by name (libxlsxwriter) writes.
  const std::string& temp_path() const { return m_temp; }
  void write(std::string_view bytes);
  // Checks the temporary file is still the one made, sets 0600, fsyncs it,
  // renames it into place and fsyncs the directory. With replace false an
  // existing target is refused ("output-exists") instead of replaced.
  void commit(bool replace = true);
  // Gives up: the temporary file is removed, the target untouched.
  void discard();

 private:
  std::string m_target;
  std::string m_temp;
  bool m_own_file = false;
  int m_fd = -1;
  bool m_done = false;
};

void write_private_atomically(const std::string& path, std::string_view bytes, bool replace = true,
                              bool own_file = false);

// A directory for output: created (with any missing parents) at 0700 when
// missing; an existing one is left exactly as it is, mode included. Throws
// Failure `code` when it cannot be made or is not a directory.
void ensure_private_directory(const std::string& dir, const std::string& code = "output-unwritable");

// A name taken from outside (an uploaded document's file name) made safe as
// one path component: no directory separators, no leading dot, no control
// characters; never empty.
std::string safe_file_name(const std::string& name);

}  // namespace soas
