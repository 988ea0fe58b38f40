// Fonts and rendering are the PDF back end's (pdf/backend.hpp): these call
// through its table, which loads soas-pdf.so at the first PDF.
#include "pdf/document.hpp"

#include "pdf/backend.hpp"

namespace soas::pdf {

std::shared_ptr<const Font> Font::load(const std::string& path, int index) {
  return backend().load_font(path, index);
}

std::string Document::render(const Info& info) const {
  return backend().render(*this, info);
}

}  // namespace soas::pdf
