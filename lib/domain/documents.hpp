#pragma once
// Required documents (應檢附文件) per identity type and application kind, and
// the file rules every upload obeys (seed 000 step 11, seed 004 §3-5):
// JPG, JPEG, PNG, BMP or PDF, recognised by content; each file smaller than
// 512 KB, i.e. at most 524,287 bytes (524,288 is refused).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.hpp"
#include "core/text.hpp"
#include "domain/types.hpp"

namespace soas::domain {

inline constexpr std::size_t k_document_size_limit = 524288;  // files must be smaller

enum class RequiredWhen {
  always,
  optional,
  unless_resumed_student,  // health certificate: a resumed student gave one before
};

struct DocumentItem {
  std::string key;  // photo, passport, ... (file names in batch folders use it)
  Text label;
  RequiredWhen required = RequiredWhen::optional;
};

// Facts of a form that decide conditional requirements.
struct DocumentFacts {
  bool resumed_student = false;  // 是否為復學之陸生
};

// The items of a (type, kind) in the seed's order, the photo first. Throws
// Refusal "kind-not-for-type" when that type cannot apply for the kind.
std::vector<DocumentItem> document_items(IdentityType type, ApplicationKind kind);
bool is_required(const DocumentItem& item, const DocumentFacts& facts);

enum class DocumentFormat { jpeg, png, bmp, pdf };
std::string_view key(DocumentFormat f);  // jpeg, png, bmp, pdf
std::string_view mime_type(DocumentFormat f);

// The format told by the first bytes of the content (magic numbers), if any.
std::optional<DocumentFormat> sniff_format(std::string_view content);
// The format a file name claims: .jpg/.jpeg, .png, .bmp, .pdf (any case).
std::optional<DocumentFormat> format_from_name(std::string_view file_name);

// The checks every upload passes before it is stored: not empty, under the
// size limit, a format recognised by content, a name whose extension agrees
// with the content, and a structure that holds together: a PNG's chunks and
// their CRCs from IHDR to IEND, a JPEG's segments from SOI through a frame and
// its scans to the first EOI, a BMP whose header sizes describe the file
// exactly; nothing after the end but zero padding and no other file inside
// COM/APPn segments or ancillary chunks; a PDF that libqpdf parses without
// recovery, not encrypted, with a page, and no script, Launch, embedded
// files, RichMedia or XFA in any object. `shown_as` names the file in
// messages (for example "passport: scan.pdf"). Throws Refusal.
// The structural check alone: the message to refuse with, or nothing.
const Message* structure_problem(DocumentFormat format, std::string_view content);

DocumentFormat check_document(std::string_view shown_as, std::string_view file_name,
                              std::string_view content);

}  // namespace soas::domain
