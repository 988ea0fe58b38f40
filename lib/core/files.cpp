#include "core/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "util/text.hpp"

namespace soas {

namespace {

struct Protected {
  std::string path;
  Text what;
  std::size_t seq = 0;  // the order it was protected in (the first protection names a file)
};

std::size_t& protection_seq() {
  static std::size_t seq = 0;
  return seq;
}

std::mutex& protected_mutex() {
  static std::mutex m;
  return m;
}

std::vector<Protected>& protected_files() {
  static std::vector<Protected> files;
  return files;
}

// The paths in protected_files(), to add each once without a scan.
std::unordered_set<std::string>& protected_paths() {
  static std::unordered_set<std::string> paths;
  return paths;
}

// The files this command has read, by device and inode as opened (not by
// path: a batch reads five documents a row, and 100,000 rows of paths and
// messages took 180 MB), each with what it was: an index into
// read_whats(), which holds each distinct text once.
struct FileId {
  dev_t dev;
  ino_t ino;
  bool operator==(const FileId& o) const { return dev == o.dev && ino == o.ino; }
};
struct FileIdHash {
  std::size_t operator()(const FileId& f) const {
    return std::hash<std::uint64_t>()(static_cast<std::uint64_t>(f.ino) * 1000003u ^
                                      static_cast<std::uint64_t>(f.dev));
  }
};
struct ReadFile {
  std::size_t what = 0;  // in read_whats()
  std::size_t seq = 0;
};
std::unordered_map<FileId, ReadFile, FileIdHash>& read_files() {
  static std::unordered_map<FileId, ReadFile, FileIdHash> files;
  return files;
}
std::vector<Text>& read_whats() {
  static std::vector<Text> whats;
  return whats;
}

void protect_read_file(const struct stat& st, const Text& what) {
  std::lock_guard<std::mutex> lock(protected_mutex());
  auto& whats = read_whats();
  auto at = std::find_if(whats.begin(), whats.end(),
                         [&](const Text& w) { return w.en == what.en && w.zh == what.zh; });
  if (at == whats.end()) at = whats.insert(whats.end(), what);
  const FileId id{st.st_dev, st.st_ino};
  if (read_files().count(id)) return;
  read_files().emplace(id, ReadFile{static_cast<std::size_t>(at - whats.begin()), ++protection_seq()});
}

}  // namespace

void protect_file(const std::string& path, const Text& what) {
  if (path.empty()) return;
  std::lock_guard<std::mutex> lock(protected_mutex());
  if (!protected_paths().insert(path).second) return;
  protected_files().push_back({path, what, ++protection_seq()});
}

void require_not_protected(const std::string& path) {
  const auto refuse_as = [&](const Text& what) {
    return UsageError("output-protected", Text{"不可寫入此檔案，它是" + what.zh + "：" + path,
                                               "refusing to write " + path + ": it is " + what.en});
  };
  struct stat target {};
  const bool exists = ::stat(path.c_str(), &target) == 0;
  std::lock_guard<std::mutex> lock(protected_mutex());
  // A file this command read: the same inode, whatever the spelling. When a
  // path below matches too, the one protected first names the file.
  const ReadFile* read = nullptr;
  if (exists) {
    const auto it = read_files().find(FileId{target.st_dev, target.st_ino});
    if (it != read_files().end()) read = &it->second;
  }
  const auto refuse = [&](const Protected& p) {
    return read && read->seq < p.seq ? refuse_as(read_whats()[read->what]) : refuse_as(p.what);
  };
  for (const auto& p : protected_files()) {
    struct stat st {};
    if (::stat(p.path.c_str(), &st) == 0) {
      // An existing file: the same inode, whatever the spelling (a hard
      // link, a symlink, ./x or an absolute path).
      if (exists && st.st_dev == target.st_dev && st.st_ino == target.st_ino) throw refuse(p);
    } else if (!exists) {
      // One that does not exist yet (the database's -wal while it is
      // closed): the same place, its directory resolved.
      std::error_code e1;
      std::error_code e2;
      const auto a = std::filesystem::weakly_canonical(std::filesystem::absolute(path, e1), e1);
      const auto b = std::filesystem::weakly_canonical(std::filesystem::absolute(p.path, e2), e2);
      if (!e1 && !e2 && a == b) throw refuse(p);
    }
  }
  if (read) throw refuse_as(read_whats()[read->what]);
}

int open_regular_file(const std::string& path, const Text& what, const std::string& unreadable_code,
                      bool follow_symlink) {
  const auto unreadable = [&] {
    return Failure(unreadable_code,
                   Text{"無法讀取" + what.zh + "：" + path, "cannot read " + what.en + ": " + path});
  };
  const auto not_regular = [&] {
    return Failure("file-not-regular",
                   Text{what.zh + "不是一般檔案（是目錄、FIFO 或裝置）：" + path,
                        what.en + " is not a regular file (a directory, FIFO or device): " + path});
  };
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then
  // refused by fstat like a directory or a device.
  const int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (follow_symlink ? 0 : O_NOFOLLOW);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0 && errno == EISDIR) throw not_regular();
  if (fd < 0) throw unreadable();
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw unreadable();
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw not_regular();
  }
  // Back to blocking reads (a regular file never blocks; this keeps the
  // descriptor ordinary for whoever reads it).
  (void)::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  protect_read_file(st, Text{"本指令讀取的" + what.zh, "a file this command reads (" + what.en + ")"});
  return fd;
}

std::string read_small_file(const std::string& path, std::uint64_t max_bytes, const Text& what,
                            const std::string& unreadable_code) {
  const auto unreadable = [&] {
    return Failure(unreadable_code,
                   Text{"無法讀取" + what.zh + "：" + path, "cannot read " + what.en + ": " + path});
  };
  const int fd = open_regular_file(path, what, unreadable_code);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw unreadable();
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

// --- Files soas writes --------------------------------------------------

namespace {

[[noreturn]] void write_failed(const std::string& path, int err) {
  const std::string why = err != 0 ? std::string(" (") + std::strerror(err) + ")" : std::string();
  throw Failure("write-failed", Text{"無法寫入檔案：" + path + why, "cannot write the file: " + path + why});
}

void fsync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

PrivateFile::PrivateFile(std::string target, bool own_file) : m_target(std::move(target)), m_own_file(own_file) {
  if (m_target.empty()) write_failed(m_target, ENOENT);
  if (!m_own_file) require_not_protected(m_target);
  struct stat st {};
  if (::stat(m_target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) write_failed(m_target, EISDIR);
  const std::filesystem::path t(m_target);
  const std::string dir = t.parent_path().string();
  std::string pattern = (dir.empty() ? std::string() : dir + "/") + "." + t.filename().string() + ".XXXXXX";
  // mkstemp: O_CREAT | O_EXCL, mode 0600, a name nobody else chose.
  m_fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (m_fd < 0) write_failed(m_target, errno);
  m_temp = pattern;
}

PrivateFile::~PrivateFile() {
  if (!m_done) discard();
}

void PrivateFile::discard() {
  if (m_fd >= 0) ::close(m_fd);
  m_fd = -1;
  if (!m_done && !m_temp.empty()) ::unlink(m_temp.c_str());
  m_done = true;
}

void PrivateFile::write(std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      discard();
      write_failed(m_target, err);
    }
    done += static_cast<std::size_t>(n);
  }
}

void PrivateFile::commit(bool replace) {
  // The temporary file must still be the one mkstemp made (a library may
  // have written it by name): same inode, a regular file, not a symlink.
  struct stat ours {};
  struct stat named {};
  if (m_fd < 0 || ::fstat(m_fd, &ours) != 0 || ::lstat(m_temp.c_str(), &named) != 0 ||
      !S_ISREG(named.st_mode) || ours.st_dev != named.st_dev || ours.st_ino != named.st_ino) {
    discard();
    write_failed(m_target, 0);
  }
  if (::fchmod(m_fd, 0600) != 0 || ::fsync(m_fd) != 0) {
    const int err = errno;
    discard();
    write_failed(m_target, err);
  }
  const int closed = ::close(m_fd);
  m_fd = -1;
  if (closed != 0) {
    const int err = errno;
    discard();
    write_failed(m_target, err);
  }
  if (!m_own_file) require_not_protected(m_target);  // again: the target may have appeared meanwhile
  if (replace) {
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
      const int err = errno;
      discard();
      write_failed(m_target, err);
    }
  } else {
    // link() fails when the target exists: nothing is ever replaced.
    if (::link(m_temp.c_str(), m_target.c_str()) != 0) {
      const int err = errno;
      discard();
      if (err == EEXIST) {
        throw Failure("output-exists", Text{"檔案已存在，未覆寫：" + m_target,
                                            "the file exists already and was left as it is: " + m_target});
      }
      write_failed(m_target, err);
    }
    ::unlink(m_temp.c_str());
  }
  m_done = true;
  fsync_directory_of(m_target);
}

void write_private_atomically(const std::string& path, std::string_view bytes, bool replace, bool own_file) {
  PrivateFile f(path, own_file);
  f.write(bytes);
  f.commit(replace);
}

void ensure_private_directory(const std::string& dir, const std::string& code) {
  const auto cannot = [&](int err) {
    const std::string why = err != 0 ? std::string(" (") + std::strerror(err) + ")" : std::string();
    return Failure(code, Text{"無法建立目錄：" + dir + why, "cannot create the directory: " + dir + why});
  };
  if (dir.empty()) throw cannot(ENOENT);
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw cannot(ENOTDIR);
    return;  // exists: its mode is its owner's business
  }
  // Each missing part is made 0700 (mkdir's mode, whatever the umask).
  std::filesystem::path so_far;
  for (const auto& part : std::filesystem::path(dir)) {
    so_far /= part;
    const std::string p = so_far.string();
    if (::stat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) throw cannot(ENOTDIR);
      continue;
    }
    if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) throw cannot(errno);
    if (::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) (void)::chmod(p.c_str(), 0700);
  }
}

std::string safe_file_name(const std::string& name) {
  std::string out;
  const std::string base = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
  for (const char ch : base) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c < 0x20 || c == 0x7f || c == '\\') ? '_' : ch;
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  if (out.empty()) out = "file";
  return out;
}

}  // namespace soas
