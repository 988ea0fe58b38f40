#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "core/files.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using soas::test::TempDir;

namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("write_private_atomically: 0600 whatever the umask, a planted symlink replaced", "[files][hardening]") {
  TempDir dir;
  const mode_t old = ::umask(0);
  const std::string victim = dir.write("victim.txt", "precious");
  const std::string target = dir.file("out.pdf");
  std::filesystem::create_symlink(victim, target);
  write_private_atomically(target, "new bytes");
  ::umask(old);
  CHECK(TempDir::read(victim) == "precious");
  CHECK_FALSE(std::filesystem::is_symlink(target));
  CHECK(TempDir::read(target) == "new bytes");
  CHECK(mode_of(target) == 0600);
  // Nothing is left beside it.
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.file(""))) n += e.is_regular_file() || e.is_symlink();
  CHECK(n == 2);
}

TEST_CASE("write_private_atomically without replace keeps an existing file", "[files]") {
  TempDir dir;
  const std::string f = dir.write("key", "old");
  CHECK(code_of([&] { write_private_atomically(f, "new", false); }) == "output-exists");
  CHECK(TempDir::read(f) == "old");
  write_private_atomically(dir.file("fresh"), "x", false);
  CHECK(TempDir::read(dir.file("fresh")) == "x");
}

TEST_CASE("a PrivateFile not committed leaves the target untouched", "[files]") {
  TempDir dir;
  const std::string f = dir.write("report.xlsx", "old");
  std::string temp;
  {
    PrivateFile p(f);
    temp = p.temp_path();
    p.write("half");
    CHECK(std::filesystem::exists(temp));
  }
  CHECK_FALSE(std::filesystem::exists(temp));
  CHECK(TempDir::read(f) == "old");
}

TEST_CASE("outputs on protected files are refused by inode, not by spelling", "[files][hardening]") {
  TempDir dir;
  const std::string db = dir.write("guarded.db", "data");
  protect_file(db, Text{"資料庫", "the database"});
  const std::string link = dir.file("hard-link.db");
  REQUIRE(::link(db.c_str(), link.c_str()) == 0);
  CHECK(code_of([&] { write_private_atomically(link, "x"); }) == "output-protected");
  CHECK(code_of([&] { write_private_atomically(dir.file("./guarded.db"), "x"); }) == "output-protected");
  CHECK(TempDir::read(db) == "data");
  // A protected file that does not exist yet (a database's -wal) is matched by place.
  protect_file(dir.file("guarded.db-wal"), Text{"資料庫的檔案", "a file of the database"});
  std::filesystem::create_directories(dir.file("sub"));
  CHECK(code_of([&] { require_not_protected(dir.file("sub/../guarded.db-wal")); }) == "output-protected");
  CHECK(code_of([&] { write_private_atomically(dir.file("other.pdf"), "x"); }) == "ok");
}

TEST_CASE("a file read is protected from the same command's output", "[files][hardening]") {
  TempDir dir;
  const std::string in = dir.write("in.csv", "a,b\n");
  (void)read_small_file(in, 1024, Text{"檔案", "the file"});
  CHECK(code_of([&] { write_private_atomically(in, "report"); }) == "output-protected");
}

TEST_CASE("reading refuses a FIFO, a device and a directory at once", "[files][hardening]") {
  TempDir dir;
  const std::string fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const Text what{"檔案", "the file"};
  CHECK(code_of([&] { (void)read_small_file(fifo, 1024, what); }) == "file-not-regular");  // no writer: would hang
  CHECK(code_of([&] { (void)read_small_file("/dev/zero", 1024, what); }) == "file-not-regular");
  CHECK(code_of([&] { (void)read_small_file(dir.file(""), 1024, what); }) == "file-not-regular");
  CHECK(code_of([&] { (void)read_small_file(dir.file("missing"), 1024, what); }) == "file-unreadable");
}

TEST_CASE("ensure_private_directory makes missing parts 0700 and leaves existing ones alone", "[files][hardening]") {
  TempDir dir;
  const std::string existing = dir.file("existing");
  std::filesystem::create_directories(existing);
  ::chmod(existing.c_str(), 0755);
  ensure_private_directory(existing);
  CHECK(mode_of(existing) == 0755);
  const mode_t old = ::umask(0);
  ensure_private_directory(dir.file("existing/a/b"));
  ::umask(old);
  CHECK(mode_of(existing) == 0755);
  CHECK(mode_of(dir.file("existing/a")) == 0700);
  CHECK(mode_of(dir.file("existing/a/b")) == 0700);
  const std::string file = dir.write("plain", "x");
  CHECK(code_of([&] { ensure_private_directory(file); }) == "output-unwritable");
}

TEST_CASE("safe_file_name keeps a name to one harmless path component", "[files][hardening]") {
  CHECK(safe_file_name("photo-1-good.jpg") == "photo-1-good.jpg");
  CHECK(safe_file_name("../../etc/passwd") == "passwd");
  CHECK(safe_file_name(".hidden") == "hidden");
  CHECK(safe_file_name("a\x1b[2Jb") == "a_[2Jb");
  CHECK(safe_file_name("") == "file");
}
