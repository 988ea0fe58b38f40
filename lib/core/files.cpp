#include "core/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/error.hpp"
#include "util/text.hpp"

namespace soas {

std::string read_small_file(const std::string& path, std::uint64_t max_bytes, const Text& what,
                            const std::string& unreadable_code) {
  const auto unreadable = [&] {
    return Failure(unreadable_code,
                   Text{"無法讀取" + what.zh + "：" + path, "cannot read " + what.en + ": " + path});
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw unreadable();
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) throw unreadable();
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) {
    throw Failure("file-too-large",
                  Text{what.zh + "超過 " + std::to_string(max_bytes) + " 位元組：" + path,
                       what.en + " is larger than " + std::to_string(max_bytes) + " bytes: " + path});
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw unreadable();
    if (n == 0) break;  // shrank while read
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

void require_text(const std::string& bytes, const std::string& shown_name, const std::string& code) {
  if (bytes.find('\0') != std::string::npos || !util::is_valid_utf8(bytes)) {
    throw Failure(code, Text{shown_name + "：不是 UTF-8 文字檔（含二進位資料）",
                             shown_name + ": not a UTF-8 text file (binary data)"});
  }
}

}  // namespace soas
