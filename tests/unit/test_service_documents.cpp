// lib/service/documents.cpp: an uploaded document read from its file,
// checked and identified by its SHA-256; the uploads of a form numbered, and
// its missing documents reported.

#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "security/signing.hpp"
#include "service/documents.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;

namespace {

std::string corpus(const std::string& name) {
  return std::string(SOAS_TESTS_DIR) + "/documents/" + name;
}

const FieldProblem* problem_of(const std::vector<FieldProblem>& problems, const std::string& field) {
  const auto it =
      std::find_if(problems.begin(), problems.end(), [&](const FieldProblem& p) { return p.field == field; });
  return it == problems.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("a document read from its file: name, format, size and hash of its bytes", "[documents][service]") {
  const auto pdf = service::inspect_document(corpus("good.pdf"), "passport: good.pdf");
  const auto bytes = test::TempDir::read(corpus("good.pdf"));
  CHECK(pdf.file_name == "good.pdf");
  CHECK(pdf.format == domain::DocumentFormat::pdf);
  CHECK(pdf.size == bytes.size());
  CHECK(pdf.content == bytes);
  CHECK(pdf.sha256 == security::sha256_hex(bytes));
  CHECK(pdf.sha256.size() == 64);
  CHECK(service::inspect_document(corpus("good.jpg"), "photo").format == domain::DocumentFormat::jpeg);
  CHECK(service::inspect_document(corpus("good.png"), "x").format == domain::DocumentFormat::png);
  CHECK(service::inspect_document(corpus("good.bmp"), "x").format == domain::DocumentFormat::bmp);
  CHECK(service::inspect_document(corpus("limit-524287-bytes.png"), "x").size == 524287);
}

TEST_CASE("a document refused: unreadable, too large, or not acceptable by content", "[documents][service]") {
  test::TempDir dir;
  CHECK(code_of([&] { service::inspect_document(dir.file("absent.pdf"), "x"); }) == "file-unreadable");
  try {
    service::inspect_document(corpus("too-large-524288-bytes.png"), "photo: big.png");
    FAIL("no refusal");
  } catch (const Refusal& e) {
    CHECK(e.code() == "document-too-large");
    CHECK(e.text().zh.find("photo: big.png") != std::string::npos);
  }
  CHECK(code_of([&] { service::inspect_document(corpus("pdf-renamed.jpg"), "x"); }) ==
        "document-type-mismatch");
  CHECK(code_of([&] { service::inspect_document(corpus("encrypted.pdf"), "x"); }) ==
        "document-pdf-encrypted");
  CHECK(code_of([&] { service::inspect_document(corpus("empty.pdf"), "x"); }) == "document-empty");
}

TEST_CASE("uploads: numbered per item after the given sequence; bad ones become problems",
          "[documents][service]") {
  const auto items = domain::document_items(domain::IdentityType::foreign, domain::ApplicationKind::arc);
  std::vector<FieldProblem> problems;
  const auto uploads = service::check_uploads(items,
                                              {{"passport", corpus("good.pdf")},
                                               {"passport", corpus("good.png")},
                                               {"photo", corpus("good.jpg")},
                                               {"no-such-item", corpus("good.pdf")},
                                               {"enrolment", corpus("truncated.pdf")}},
                                              {{"passport", 2}}, problems);
  REQUIRE(uploads.size() == 3);
  CHECK(uploads[0].item == "passport");
  CHECK(uploads[0].seq == 3);
  CHECK(uploads[1].item == "passport");
  CHECK(uploads[1].seq == 4);
  CHECK(uploads[1].info.format == domain::DocumentFormat::png);
  CHECK(uploads[2].item == "photo");
  CHECK(uploads[2].seq == 1);
  REQUIRE(problems.size() == 2);
  const auto* unknown = problem_of(problems, "doc:no-such-item");
  REQUIRE(unknown);
  CHECK(unknown->code == "document-item-unknown");
  const auto* invalid = problem_of(problems, "doc:enrolment");
  REQUIRE(invalid);
  CHECK(invalid->code == "document-pdf-invalid");

  const auto stored = service::case_document(uploads[1]);
  CHECK(stored.item == "passport");
  CHECK(stored.seq == 4);
  CHECK(stored.file_name == "good.png");
  CHECK(stored.format == "png");
  CHECK(stored.size == static_cast<std::int64_t>(uploads[1].info.size));
  CHECK(stored.sha256 == uploads[1].info.sha256);
}

TEST_CASE("files inspected ahead (on another thread) give the uploads and problems inspected in place give",
          "[documents][service]") {
  const auto items = domain::document_items(domain::IdentityType::foreign, domain::ApplicationKind::arc);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"passport", corpus("good.pdf")},
      {"photo", corpus("good.jpg")},
      {"no-such-item", corpus("good.pdf")},
      {"enrolment", corpus("truncated.pdf")},
      {"residence-proof", corpus("encrypted.pdf")},
      {"residence-visa", corpus("no-such-file.png")}};
  std::vector<FieldProblem> here;
  const auto in_place = service::check_uploads(items, files, {}, here);
  std::vector<service::Inspected> ahead;
  for (const auto& [item, path] : files) ahead.push_back(service::inspect_ahead(item, path));
  CHECK(ahead[0].info);
  CHECK(ahead[3].error);
  std::vector<FieldProblem> there;
  const auto taken = service::check_uploads(items, files, {}, there, &ahead);
  REQUIRE(taken.size() == in_place.size());
  REQUIRE(taken.size() == 2);
  for (std::size_t i = 0; i < taken.size(); ++i) {
    CHECK(taken[i].item == in_place[i].item);
    CHECK(taken[i].seq == in_place[i].seq);
    CHECK(taken[i].info.sha256 == in_place[i].info.sha256);
    CHECK(taken[i].info.content == in_place[i].info.content);
  }
  REQUIRE(there.size() == here.size());
  REQUIRE(here.size() == 4);
  for (std::size_t i = 0; i < here.size(); ++i) {
    CHECK(there[i].field == here[i].field);
    CHECK(there[i].code == here[i].code);
    CHECK(there[i].message.en == here[i].message.en);
  }
  // Ahead results that are not the files' are a programming error.
  std::vector<service::Inspected> short_list(2);
  CHECK_THROWS_AS(service::check_uploads(items, files, {}, there, &short_list), std::logic_error);
}

TEST_CASE("missing documents: each required item absent and not reported already", "[documents][service]") {
  const auto items = domain::document_items(domain::IdentityType::foreign, domain::ApplicationKind::arc);
  std::vector<FieldProblem> problems;
  service::missing_documents(items, {}, {}, problems);
  std::size_t required = 0;
  for (const auto& d : items)
    if (domain::is_required(d, {})) ++required;
  REQUIRE(required > 1);
  CHECK(problems.size() == required);
  for (const auto& p : problems) CHECK(p.code == "document-missing");
  const auto* photo = problem_of(problems, "doc:photo");
  REQUIRE(photo);

  // Present items, and items with a problem of their own, are not reported again.
  problems = {FieldProblem{"doc:photo", "document-empty", Text{"空", "empty"}}};
  service::missing_documents(items, {}, {"passport"}, problems);
  CHECK(problems.size() == required - 1);
  CHECK(problem_of(problems, "doc:passport") == nullptr);
  CHECK(problem_of(problems, "doc:photo")->code == "document-empty");
}
