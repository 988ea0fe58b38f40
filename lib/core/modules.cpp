#include "core/modules.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <vector>

#include "core/error.hpp"
#include "core/messages.hpp"

#ifndef SOAS_MODULE_DIR_FROM_BIN
#define SOAS_MODULE_DIR_FROM_BIN "../lib/soas"
#endif

namespace soas {

namespace {

std::vector<std::string> candidates(const std::string& file_name) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path dir = exe.parent_path();
  return {(dir / file_name).string(),
          (dir / SOAS_MODULE_DIR_FROM_BIN / file_name).lexically_normal().string()};
}

}  // namespace

void* module_symbol(const std::string& file_name, const std::string& symbol) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::string tried;
  for (const std::string& path : candidates(file_name)) {
    void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
      const char* why = ::dlerror();
      tried += (tried.empty() ? "" : "; ") + (why != nullptr ? std::string(why) : path);
      continue;
    }
    if (void* address = ::dlsym(module, symbol.c_str())) return address;
    throw Failure(msg::module_unavailable.code,
                  msg::module_unavailable.text({file_name, path + ": no " + symbol}));
  }
  if (tried.empty()) tried = "/proc/self/exe unreadable";
  throw Failure(msg::module_unavailable.code, msg::module_unavailable.text({file_name, tried}));
}

}  // namespace soas
