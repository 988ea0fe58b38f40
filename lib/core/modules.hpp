#pragma once
// soas's own modules: parts built as shared objects of their own and loaded
// with dlopen when first needed, so the libraries behind them are not
// loaded, relocated and initialised at every start (SMTP delivery with
// libcurl; the PDF back end with libharu, HarfBuzz, libqrencode and libqpdf).
//
// A module is looked for beside the running executable (the build tree) and
// in LIBDIR/soas, reached from the executable's BINDIR by the path the build
// was configured with (an installation). Nothing else is searched: no
// environment variable and no library path makes soas load another file.

#include <atomic>
#include <string>

namespace soas {

// The address of `symbol` in the module `file_name` (e.g. "soas-pdf.so"),
// loaded once (RTLD_NOW: every symbol it needs resolved at once) and never
// unloaded. Throws Failure "module-unavailable" naming the module, each
// place tried and why it failed, when it cannot be loaded or lacks the symbol.
void* module_symbol(const std::string& file_name, const std::string& symbol);

// A module's table of functions (the PDF back end, the XLSX reader, the
// workbook writers): the one a program registered (`use`, the tests that
// link the module's code), else the one the module's entry `symbol` hands
// out, the module loaded at the first get(). Safe to reach from any thread.
template <typename Table>
class ModuleTable {
 public:
  // constexpr: the table is constant-initialised, before any program registers its own.
  constexpr ModuleTable(const char* file_name, const char* symbol) : m_file(file_name), m_symbol(symbol) {}
  const Table& get() {
    if (const Table* t = m_table.load()) return *t;
    using Entry = const Table* (*)();
    const Table* t = reinterpret_cast<Entry>(module_symbol(m_file, m_symbol))();
    m_table.store(t);
    return *t;
  }
  void use(const Table* linked) { m_table.store(linked); }

 private:
  const char* m_file;
  const char* m_symbol;
  std::atomic<const Table*> m_table{nullptr};
};

}  // namespace soas
