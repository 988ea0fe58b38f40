#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "domain/documents.hpp"
#include "support.hpp"

using namespace soas;
using namespace soas::domain;

namespace {

std::vector<std::string> keys(const std::vector<DocumentItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.key);
  return out;
}

// A file of the corpus in tests/documents (written by its make-corpus).
std::string corpus(const std::string& name) {
  return test::TempDir::read(std::string(SOAS_TESTS_DIR) + "/documents/" + name);
}

std::string refusal_code(std::string_view name, const std::string& content) {
  try {
    check_document("passport: " + std::string(name), name, content);
  } catch (const Refusal& e) {
    return e.code();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("ARC documents for foreign and overseas-Chinese students", "[documents]") {
  CHECK(keys(document_items(IdentityType::foreign, ApplicationKind::arc)) ==
        std::vector<std::string>{"photo", "enrolment", "passport", "residence-visa", "residence-proof",
                                 "scholarship", "other"});
  CHECK(keys(document_items(IdentityType::overseas_chinese, ApplicationKind::arc)) ==
        std::vector<std::string>{"photo", "enrolment", "passport", "residence-visa", "residence-proof",
                                 "placement-notice", "other"});
  const auto oc = document_items(IdentityType::overseas_chinese, ApplicationKind::arc);
  CHECK(oc[5].label.zh == "僑生分發通知書");
  CHECK(is_required(oc[5], {}));
  const auto f = document_items(IdentityType::foreign, ApplicationKind::arc);
  CHECK_FALSE(is_required(f[5], {}));  // scholarship
  CHECK(f[4].label.zh == "居住證明(房屋契約、戶口名簿或其他相關證明)");
}

TEST_CASE("mainland documents and the resumed-student condition", "[documents]") {
  const auto items = document_items(IdentityType::mainland, ApplicationKind::multi_entry);
  CHECK(keys(items) ==
        std::vector<std::string>{"photo", "entry-permit", "health-certificate", "travel-permit", "other"});
  CHECK(items[1].label.zh == "原單次入出境許可證(已查驗入境)");
  CHECK(is_required(items[2], DocumentFacts{false}));
  CHECK_FALSE(is_required(items[2], DocumentFacts{true}));
  CHECK(keys(document_items(IdentityType::mainland, ApplicationKind::data_change)) ==
        std::vector<std::string>{"photo", "change-proof"});
  CHECK(keys(document_items(IdentityType::mainland, ApplicationKind::extension)) ==
        std::vector<std::string>{"photo", "enrolment", "travel-permit", "other"});
}

TEST_CASE("every form asks for the photo first", "[documents]") {
  for (auto t : k_identity_types) {
    for (auto k : k_application_kinds) {
      if (!kind_available_for(k, t)) {
        CHECK_THROWS_AS(document_items(t, k), Refusal);
        continue;
      }
      const auto items = document_items(t, k);
      REQUIRE_FALSE(items.empty());
      CHECK(items.front().key == "photo");
      CHECK(is_required(items.front(), {}));
    }
  }
}

TEST_CASE("formats are recognised by content", "[documents]") {
  CHECK(sniff_format(std::string("\xFF\xD8\xFF\xE0", 4)) == DocumentFormat::jpeg);
  CHECK(sniff_format(corpus("good.png")) == DocumentFormat::png);
  CHECK(sniff_format("%PDF-1.7\n") == DocumentFormat::pdf);
  std::string bmp("BM", 2);
  bmp.resize(18, '\0');
  bmp[14] = 40;
  CHECK(sniff_format(bmp) == DocumentFormat::bmp);
  bmp[14] = 7;
  CHECK_FALSE(sniff_format(bmp));
  CHECK_FALSE(sniff_format("MZ\x90\x00"));  // a Windows executable
  CHECK_FALSE(sniff_format("GIF89a"));
  CHECK(format_from_name("Scan.JPEG") == DocumentFormat::jpeg);
  CHECK(format_from_name("a.jpg") == DocumentFormat::jpeg);
  CHECK_FALSE(format_from_name("a.gif"));
  CHECK_FALSE(format_from_name("noextension"));
}

TEST_CASE("the size limit: 524287 bytes pass, 524288 do not", "[documents]") {
  CHECK(refusal_code("a.png", corpus("limit-524287-bytes.png")) == "accepted");
  CHECK(refusal_code("a.png", corpus("too-large-524288-bytes.png")) == "document-too-large");
  CHECK(refusal_code("a.png", "") == "document-empty");
}

TEST_CASE("the corpus: good files pass, each bad one with its refusal", "[documents]") {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"good.png", "accepted"},
      {"good.jpg", "accepted"},
      {"good.bmp", "accepted"},
      {"good.pdf", "accepted"},
      {"empty.pdf", "document-empty"},
      {"truncated.png", "document-undecodable"},
      {"bad-crc.png", "document-undecodable"},
      {"truncated.jpg", "document-undecodable"},
      {"zero-width.bmp", "document-undecodable"},
      {"pdf-renamed.jpg", "document-type-mismatch"},
      {"executable-renamed.pdf", "document-format"},
      {"text-renamed.png", "document-format"},
      {"encrypted.pdf", "document-pdf-encrypted"},
      {"truncated.pdf", "document-pdf-invalid"},
      // Files riding along inside or after an image (zero padding carries nothing).
      {"zip-after-iend.png", "document-hidden-data"},
      {"pdf-in-text-chunk.png", "document-hidden-data"},
      {"zip-after-eoi.jpg", "document-hidden-data"},
      {"zip-comment-ends-ffd9.jpg", "document-hidden-data"},
      {"zip-zero-padded.jpg", "document-hidden-data"},
      {"second-jpeg-after-eoi.jpg", "document-hidden-data"},
      {"pdf-in-com.jpg", "document-hidden-data"},
      {"zip-in-app1.jpg", "document-hidden-data"},
      {"zero-padded-after-eoi.jpg", "accepted"},
      {"exif-app1.jpg", "accepted"},
      {"data-after-pixels.bmp", "document-undecodable"},
      {"declared-size-larger.bmp", "document-undecodable"},
      {"declared-size-smaller.bmp", "document-undecodable"},
      // PDFs as libqpdf reads them: escaped names, object streams.
      {"encrypted-escaped-name.pdf", "document-pdf-encrypted"},
      {"javascript-open-action.pdf", "document-pdf-active"},
      {"javascript-escaped-names.pdf", "document-pdf-active"},
      {"javascript-name-tree.pdf", "document-pdf-active"},
      {"javascript-in-object-stream.pdf", "document-pdf-active"},
      {"launch-action.pdf", "document-pdf-active"},
      {"embedded-file.pdf", "document-pdf-embedded"},
      {"file-attachment-annotation.pdf", "document-pdf-embedded"},
      {"richmedia.pdf", "document-pdf-embedded"},
      {"xfa-form.pdf", "document-pdf-embedded"},
      {"no-page.pdf", "document-pdf-no-page"},
      {"looks-like-pdf.pdf", "document-pdf-invalid"},
      {"encrypt-word-in-text.pdf", "accepted"},
      {"open-action-destination.pdf", "accepted"},
  };
  for (const auto& [name, code] : expected) {
    INFO(name);
    CHECK(refusal_code(name, corpus(name)) == code);
  }
}

TEST_CASE("name and content must agree", "[documents]") {
  CHECK(refusal_code("scan.jpg", "%PDF-1.4\n") == "document-type-mismatch");
  CHECK(refusal_code("virus.pdf", "MZ\x90\x00\x03") == "document-format");
  CHECK(refusal_code("notes.txt", "%PDF-1.4\n") == "document-format");
  try {
    check_document("passport: scan.jpg", "scan.jpg", "%PDF-1.4\n");
  } catch (const Refusal& e) {
    CHECK(e.text().zh == "副檔名與檔案內容不符：passport: scan.jpg（內容為 PDF）");
  }
  try {
    check_document("photo: big.png", "big.png", corpus("too-large-524288-bytes.png") + "xx");
  } catch (const Refusal& e) {
    CHECK(e.text().zh == "檔案請小於512K：photo: big.png");
  }
}

TEST_CASE("a refusal of what a file carries names the document", "[documents]") {
  try {
    check_document("passport: scan.jpg", "scan.jpg", corpus("zip-comment-ends-ffd9.jpg"));
    FAIL("accepted");
  } catch (const Refusal& e) {
    CHECK(e.code() == "document-hidden-data");
    CHECK(e.text().en.find("passport: scan.jpg") != std::string::npos);
  }
  try {
    check_document("other: a.pdf", "a.pdf", corpus("javascript-in-object-stream.pdf"));
    FAIL("accepted");
  } catch (const Refusal& e) {
    CHECK(e.code() == "document-pdf-active");
    CHECK(e.text().zh.find("other: a.pdf") != std::string::npos);
  }
}

