#include "pdf/backend.hpp"

#include <atomic>

#include "core/modules.hpp"

namespace soas::pdf {

namespace {
std::atomic<const Backend*> g_backend{nullptr};
}  // namespace

const Backend& backend() {
  if (const Backend* b = g_backend.load()) return *b;
  const auto entry =
      reinterpret_cast<soas_pdf_backend_fn>(module_symbol(SOAS_PDF_MODULE_NAME, SOAS_PDF_BACKEND_SYMBOL));
  const Backend* b = entry();
  g_backend.store(b);
  return *b;
}

void use_backend(const Backend* linked) {
  g_backend.store(linked);
}

}  // namespace soas::pdf
