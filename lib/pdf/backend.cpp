#include "pdf/backend.hpp"

#include "core/modules.hpp"

namespace soas::pdf {

namespace {
ModuleTable<Backend> g_backend(SOAS_PDF_MODULE_NAME, SOAS_PDF_BACKEND_SYMBOL);
}  // namespace

const Backend& backend() {
  return g_backend.get();
}

void use_backend(const Backend* linked) {
  g_backend.use(linked);
}

}  // namespace soas::pdf
