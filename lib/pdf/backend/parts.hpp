#pragma once
// The parts of the PDF back end (pdf/backend.hpp), as soas-pdf.so and
// soas_pdf_linked build them; table() gathers them. Named apart from the
// forwarders in soas_core (Font::load, Document::render, qr_encode), which
// call through the table: a module resolving a name to soas's own forwarder
// would call itself.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pdf/backend.hpp"

namespace soas::pdf::backend_parts {

std::shared_ptr<const Font> load_font(const std::string& path, int index);
std::string render(const Document& doc, const Info& info);
QrMatrix qr_encode(const std::string& text);
const Message* upload_problem(std::string_view bytes);
std::optional<PermitText> read_permit(const std::string& bytes);

const Backend& table();

}  // namespace soas::pdf::backend_parts
