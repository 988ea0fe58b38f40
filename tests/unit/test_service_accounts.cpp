#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "core/error.hpp"
#include "security/secrets.hpp"
#include "service/accounts.hpp"
#include "service/mail_delivery.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;

namespace {

// A mailer that keeps what it is given.
class MemoryMailer final : public mail::Mailer {
 public:
  void deliver(const mail::Envelope& e) override { sent.push_back(e); }
  std::vector<mail::Envelope> sent;
};

using test::World;

service::Registration foreign(const std::string& account, const std::string& passport) {
  return service::Registration{domain::IdentityType::foreign,
                               {{"account", account},
                                {"surname_en", "Lee"},
                                {"given_name_en", "Rose"},
                                {"nationality", "馬來西亞"},
                                {"birth_date", "1999-06-01"},
                                {"sex", "F"},
                                {"passport_no", passport},
                                {"phone", "0912345678"},
                                {"email", "rose@example.com"}},
                               "student-pw1",
                               "student-pw1"};
}

}  // namespace

TEST_CASE("the lock grows from 30 s and stops at the configured cap", "[accounts]") {
  World w;
  w.cfg.security.lock_after = 3;
  w.cfg.security.lock_max_minutes = 2;
  for (int i = 0; i < 3; ++i)
    CHECK(code_of([&] { service::login(w.env(), "ghost", "x"); }) == "login-failed");
  CHECK(w.store->throttle().get("ghost").locked_until == w.clock.now() + 30);
  CHECK(code_of([&] { service::login(w.env(), "GHOST", "x"); }) == "login-locked");  // any case
  FixedClock later(w.clock.now() + 30);
  service::Env env2{*w.store, w.cfg, later};
  CHECK(code_of([&] { service::login(env2, "ghost", "x"); }) == "login-failed");
  CHECK(w.store->throttle().get("ghost").locked_until == later.now() + 60);
  FixedClock much_later(later.now() + 60);
  service::Env env3{*w.store, w.cfg, much_later};
  CHECK(code_of([&] { service::login(env3, "ghost", "x"); }) == "login-failed");
  CHECK(w.store->throttle().get("ghost").locked_until == much_later.now() + 120);  // capped at 2 min
}

TEST_CASE("registration queues a mail whose code is minted at delivery", "[accounts]") {
  World w;
  const auto account = service::register_student(w.env(), foreign("rose.lee", "P19990601"));
  CHECK(account.status == domain::AccountStatus::unverified);
  CHECK(account.password_hash.rfind("$argon2id$", 0) == 0);
  const auto outbox = w.store->outbox().list(std::nullopt, 10);
  REQUIRE(outbox.size() == 1);
  CHECK(outbox[0].params.find("account=rose.lee") != std::string::npos);
  MemoryMailer mailer;
  const auto report = service::deliver_pending(w.env(), w.admin(), mailer);
  CHECK(report.delivered == 1);
  REQUIRE(mailer.sent.size() == 1);
  CHECK(mailer.sent[0].data.find("Subject: =?UTF-8?B?") != std::string::npos);
  CHECK(mailer.sent[0].to == "rose@example.com");
  CHECK(service::deliver_pending(w.env(), w.admin(), mailer).delivered == 0);  // sent once
  CHECK(code_of([&] { service::register_student(w.env(), foreign("rose.lee", "P00000001")); }) ==
        "account-taken");
  CHECK(code_of([&] { service::register_student(w.env(), foreign("rose.two", "P19990601")); }) ==
        "already-registered");
}

TEST_CASE("first admin once; staff roles checked", "[accounts]") {
  World w;
  CHECK_FALSE(service::create_first_admin(
      w.env(), {"admin1", domain::Role::admin, "", "a@nia.example", "admin-pass1"}));
  CHECK(code_of([&] {
          service::create_first_admin(w.env(),
                                      {"admin2", domain::Role::admin, "", "b@nia.example", "admin-pass1"});
        }) == "admin-exists");
  const auto admin = w.admin();
  service::add_user(w.env(), admin,
                    {"reviewer1", domain::Role::reviewer, "", "r@nia.example", "staff-pass1"});
  const auto reviewer = service::resolve_session(
      *w.store, service::login(w.env(), "reviewer1", "staff-pass1").token, w.clock.now());
  CHECK(code_of([&] { service::list_users(w.env(), reviewer, std::nullopt, 100); }) == "role-forbidden");
  CHECK(code_of([&] { service::disable_user(w.env(), admin, "admin1"); }) == "last-admin");
  service::disable_user(w.env(), admin, "reviewer1");
  CHECK(code_of([&] { service::resolve_session(*w.store, "", w.clock.now()); }) == "not-logged-in");
}

TEST_CASE("sessions end at their expiry and at logout", "[accounts]") {
  World w;
  const auto s = service::login(w.env(), "admin1", "admin-pass1");
  CHECK(s.expires_at == w.clock.now() + 8 * 3600);
  CHECK(code_of([&] { service::resolve_session(*w.store, s.token, s.expires_at - 1); }) == "ok");
  CHECK(code_of([&] { service::resolve_session(*w.store, s.token, s.expires_at); }) == "not-logged-in");
  service::logout(w.env(), s.token);
  CHECK(code_of([&] { service::resolve_session(*w.store, s.token, w.clock.now()); }) == "not-logged-in");
  CHECK_FALSE(w.store->sessions().find(s.token));  // only the hash is a key
  CHECK(w.store->sessions().find(security::token_hash(s.token)));
}

TEST_CASE("whoami: the caller and the account's e-mail address", "[accounts]") {
  World w;
  const auto admin = w.admin();
  const auto me = service::whoami(w.env(), admin);
  CHECK(me.caller.name == "admin1");
  CHECK(me.caller.role == domain::Role::admin);
  REQUIRE(me.email);
  CHECK(*me.email == "a@nia.example");
  service::Caller gone = admin;
  gone.account_id = 999999;
  CHECK(!service::whoami(w.env(), gone).email);
}
