#include <catch2/catch.hpp>

#include <set>

#include "core/error.hpp"
#include "core/messages.hpp"
#include "util/text.hpp"

using namespace soas;

TEST_CASE("every message has a unique code and both languages", "[messages]") {
  std::set<std::string> codes;
  for (const Message* m : all_messages()) {
    INFO(m->code);
    CHECK(codes.insert(m->code).second);
    CHECK(std::string(m->zh).size() > 0);
    CHECK(std::string(m->en).size() > 0);
    CHECK(util::is_valid_utf8(m->zh));
    // Parameters line up between the languages.
    const auto count = [](const std::string& s) {
      std::size_t n = 0;
      for (std::size_t p = s.find("{}"); p != std::string::npos; p = s.find("{}", p + 2)) ++n;
      return n;
    };
    CHECK(count(m->zh) == count(m->en));
  }
}

TEST_CASE("the seeds' messages are verbatim", "[messages]") {
  CHECK(std::string(msg::student_not_found.zh) == "查無此學生資料");
  CHECK(std::string(msg::registered.zh) == "註冊成功,請至Email認證啟用!");
  CHECK(std::string(msg::password_weak.zh) == "密碼長度至少8個字，且至少1個英文小寫字母及1個阿拉伯數字");
  CHECK(std::string(msg::password_changed.zh) == "修改成功，請重新登入!");
  CHECK(std::string(msg::permit_not_found.zh) == "查無此證號資料");
  CHECK(std::string(msg::record_mismatch.zh) == "帳號基資與案件資料不符");
  CHECK(std::string(msg::not_eligible.zh) == "不符合申請條件");
  CHECK(std::string(msg::extension_window_not_open.zh) == "須於停留期間屆滿前3個月內始得申請");
  CHECK(std::string(msg::withdrawn.zh) == "撤銷成功");
  CHECK(std::string(msg::withdraw_failed.zh) == "撤銷失敗");
  CHECK(std::string(msg::no_refund.zh) == "繳費成功後，將不退費");
  CHECK(std::string(msg::wrong_identity_type.zh) == "陸生帳號僅允許登入陸生自行線上申辦系統");
  CHECK(msg::submitted.text({"108695200100"}).zh == "送件成功，收件號:108695200100");
  CHECK(msg::submitted.text({"108695200100"}).en == "Submitted. Receipt number: 108695200100");
}

TEST_CASE("errors carry code, text and exit code", "[messages]") {
  const Refusal r(msg::permit_not_found);
  CHECK(r.code() == "permit-not-found");
  CHECK(r.exit_code() == Exit::refused);
  CHECK(r.text().in(Lang::zh_tw) == "查無此證號資料");
  CHECK(r.text().in(Lang::en) == "No record of this permit number");
  CHECK(UsageError("usage", Text{"a", "b"}).exit_code() == Exit::usage);
  CHECK(Forbidden("forbidden", Text{"a", "b"}).exit_code() == Exit::forbidden);
  CHECK(Failure("x", Text{"a", "b"}).exit_code() == Exit::failure);
  CHECK(static_cast<int>(Exit::interrupted) == 130);
  CHECK(static_cast<int>(Exit::partial) == 3);
}

TEST_CASE("no catalogue message names a command-line flag: the CLI words its own (cli/wording.cpp)",
          "[messages]") {
  for (const Message* m : all_messages()) {
    INFO(m->code);
    for (const std::string& text : {std::string(m->zh), std::string(m->en)}) {
      for (std::size_t p = text.find("--"); p != std::string::npos; p = text.find("--", p + 2)) {
        CHECK_FALSE((p + 2 < text.size() && text[p + 2] >= 'a' && text[p + 2] <= 'z'));
      }
    }
  }
}

TEST_CASE("an error made from a catalogue message keeps its parameters", "[messages]") {
  const UsageError e(msg::bad_set, {"grade"});
  CHECK(e.code() == "bad-set");
  CHECK(e.args() == std::vector<std::string>{"grade"});
  CHECK(e.text().en == "A field is given as field=value, not grade");
  CHECK(UsageError("usage", Text{"a", "b"}).args().empty());
}
