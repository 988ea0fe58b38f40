// Fuzz target: the document sniffer: format by content, then the structure
// walk (PNG chunks and CRCs, JPEG segments and scans, BMP headers, data
// after the end or inside metadata, PDFs parsed by libqpdf: encryption, pages,
// script, embedded files), under each of the five names a file might carry.
#include "domain/documents.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string content = soas::fuzz::text(data, size);
  for (const char* name : {"scan.pdf", "photo.jpg", "photo.jpeg", "visa.png", "proof.bmp", "x.exe"}) {
    soas::fuzz::expect_clean([&] { soas::domain::check_document("fuzz", name, content); });
  }
  return 0;
}
