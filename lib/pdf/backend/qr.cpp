// The PDF back end's QR codes (pdf/backend.hpp), through libqrencode.
#include <qrencode.h>

#include "core/error.hpp"
#include "pdf/backend/parts.hpp"

namespace soas::pdf::backend_parts {

QrMatrix qr_encode(const std::string& text) {
  QRcode* code = QRcode_encodeData(static_cast<int>(text.size()),
                                   reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M);
  if (!code) throw Failure("qr-failed", Text{"無法產生 QR 碼", "cannot make the QR code"});
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size * m.size));
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

}  // namespace soas::pdf::backend_parts
