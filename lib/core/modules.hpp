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

#include <string>

namespace soas {

// The address of `symbol` in the module `file_name` (e.g. "soas-pdf.so"),
// loaded once (RTLD_NOW: every symbol it needs resolved at once) and never
// unloaded. Throws Failure "module-unavailable" naming the module, each
// place tried and why it failed, when it cannot be loaded or lacks the symbol.
void* module_symbol(const std::string& file_name, const std::string& symbol);

}  // namespace soas
