// The CLI's runners called as functions, without a command line: an Output
// over string streams and Services over a test store (cli/app.hpp), so a
// front end other than CLI11's parser can drive them the same way.

#include <catch2/catch.hpp>

#include <sstream>

#include "cmd_audit.hpp"
#include "cmd_case.hpp"
#include "cmd_rules.hpp"
#include "cmd_school.hpp"
#include "service/calendar.hpp"
#include "service_world.hpp"
#include "wording.hpp"

using namespace soas;

namespace {

// Output into two strings, in a fixed language and format.
class StringOutput final : public cli::Output {
 public:
  explicit StringOutput(Lang lang = Lang::en, bool json = false)
      : Output(m_o, m_e, json, false), m_lang(lang) {}
  Lang lang() const override { return m_lang; }
  std::string out() const { return m_o.str(); }
  std::string err() const { return m_e.str(); }

 private:
  std::ostringstream m_o;
  std::ostringstream m_e;
  Lang m_lang;
};

// The world's store, config and clock, and one logged-in caller.
class WorldServices final : public cli::Services {
 public:
  WorldServices(test::World& w, service::Caller caller) : m_w(w), m_caller(std::move(caller)) {}
  const config::Config& config() override { return m_w.cfg; }
  const Clock& clock() override { return m_w.clock; }
  const config::EnvLookup& env() const override { return m_env; }
  service::Env service_env() override { return m_w.env(); }
  const service::Caller& caller() override { return m_caller; }
  std::shared_ptr<const domain::WorkingCalendar> working_calendar() override {
    return service::working_calendar(m_w.env());
  }
  bool has_database() override { return true; }

 private:
  test::World& m_w;
  service::Caller m_caller;
  config::EnvLookup m_env = [](const std::string&) { return std::optional<std::string>(); };
};

}  // namespace

TEST_CASE("runners: school add and list, called without parsing", "[cli]") {
  test::World w;
  WorldServices sv(w, w.admin());
  StringOutput add;
  CHECK(cli::cmd_school::run_school_add(add, sv, "NTUT", "國立臺北科技大學") == 0);
  StringOutput list;
  CHECK(cli::cmd_school::run_school_list(list, sv, {}) == 0);
  CHECK(list.out().find("NTUT") != std::string::npos);
  CHECK(list.out().find("國立臺北科技大學") != std::string::npos);
  REQUIRE(w.store->schools().find("NTUT"));
}

TEST_CASE("runners: the audit list as JSON, filtered by record", "[cli]") {
  test::World w;
  WorldServices sv(w, w.admin());
  StringOutput ignored;
  cli::cmd_school::run_school_add(ignored, sv, "NTUT", "國立臺北科技大學");
  StringOutput out(Lang::en, true);
  cli::cmd_audit::AuditOptions o;
  o.entity = "school";
  o.id = "NTUT";
  CHECK(cli::cmd_audit::run_audit_list(out, sv, o) == 0);
  const auto doc = nlohmann::json::parse(out.out());
  REQUIRE(doc["entries"].size() == 1);
  CHECK(doc["entries"][0]["entity_id"] == "NTUT");
  CHECK(doc["entries"][0]["actor"] == "admin1");
}

TEST_CASE("runners: a refusal is thrown to the caller, as main() reports it", "[cli]") {
  test::World w;
  WorldServices sv(w, w.admin());
  StringOutput out;
  cli::cmd_case::ListOptions o;
  o.from = "yesterday";
  try {
    cli::cmd_case::run_list(out, sv, o);
    FAIL("a bad date is refused");
  } catch (const Error& e) {
    CHECK(e.code() == "bad-date");
    CHECK(e.exit_code() == Exit::usage);
  }
  CHECK(out.out().empty());
}

TEST_CASE("runners: the rules that need no database take only an Output", "[cli]") {
  StringOutput zh(Lang::zh_tw);
  CHECK(cli::cmd_rules::run_states(zh) == 0);
  CHECK(zh.out().find("待審核") != std::string::npos);
  StringOutput messages;
  CHECK(cli::cmd_rules::run_messages(messages) == 0);
  // The catalogue as the CLI words it: the flags, not lib's general words.
  CHECK(messages.out().find("--permit") != std::string::npos);
}

TEST_CASE("the CLI words by its flags only what lib says in general words", "[cli]") {
  const UsageError permit(msg::permit_required);
  CHECK(cli::worded(permit).en == "this kind of application needs the permit number: --permit");
  CHECK(cli::worded(permit).zh == "此申辦項目須以 --permit 提供許可證號");
  const UsageError set(msg::bad_set, {"grade"});
  CHECK(cli::worded(set).en == "--set takes field=value, not grade");
  // The same code with other words (SOAS_LANG's) keeps them.
  const UsageError env_lang(
      "bad-language", Text{"SOAS_LANG 須為 zh-TW 或 en，而非 x", "SOAS_LANG must be zh-TW or en, not x"});
  CHECK(cli::worded(env_lang).en == "SOAS_LANG must be zh-TW or en, not x");
  // A message the CLI words as lib does is itself.
  CHECK(&cli::worded(msg::student_not_found) == &msg::student_not_found);
  CHECK(std::string(cli::worded(msg::opinion_required).en) ==
        "Give the opinion or reason (--opinion / --reason)");
  const FieldProblem p{"school", msg::school_only_for_school.code, msg::school_only_for_school.text()};
  CHECK(cli::worded(p).en == "Only school accounts (--role school) take --school");
  // Every CLI wording keeps lib's code and parameters.
  for (const Message* m : all_messages()) {
    const Message& c = cli::worded(*m);
    INFO(m->code);
    CHECK(std::string(c.code) == m->code);
    const auto count = [](const std::string& s) {
      std::size_t n = 0;
      for (std::size_t q = s.find("{}"); q != std::string::npos; q = s.find("{}", q + 2)) ++n;
      return n;
    };
    CHECK(count(c.zh) == count(m->zh));
    CHECK(count(c.en) == count(m->en));
  }
}
