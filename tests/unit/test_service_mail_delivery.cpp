// lib/service/mail_delivery.cpp: the outbox delivered (a failure kept for a
// retry), case mail addressed, a mail shown, the SMTP password found.

#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "mail/mail.hpp"
#include "service/mail_delivery.hpp"
#include "service_world.hpp"
#include "support.hpp"

using namespace soas;
using soas::test::code_of;
using test::Awaiting;

namespace {

struct FakeMailer final : mail::Mailer {
  std::vector<mail::Envelope> delivered;
  bool fail = false;
  void deliver(const mail::Envelope& e) override {
    if (fail) throw Failure("mail-send-failed", Text{"連線失敗", "connection refused"});
    delivered.push_back(e);
  }
};

std::vector<domain::OutboxItem> pending(Awaiting& a) {
  return service::list_outbox(a.w.env(), a.w.admin(), domain::OutboxStatus::pending, 1000);
}

}  // namespace

TEST_CASE("case mail of a school's filing goes to the staff who filed it", "[mail][service]") {
  Awaiting a(1);
  const auto mails = pending(a);
  REQUIRE_FALSE(mails.empty());
  const bool payment_notice = std::any_of(mails.begin(), mails.end(), [](const domain::OutboxItem& m) {
    return m.kind == mail::k_payment && m.to == "intl@ntut.example";
  });
  CHECK(payment_notice);
  for (const auto& m : mails) CHECK(m.to == "intl@ntut.example");  // the student gave no address

  // Queued again: one mail, to the staff (the case holds no address of its own).
  const auto c = *a.w.store->cases().find(a.receipts[0]);
  const auto applicant = *a.w.store->accounts().by_id(c.applicant_id);
  REQUIRE(c.proxy);
  std::int64_t id = 0;
  a.w.store->write([&] { id = service::queue_case_mail(a.w.env(), c, applicant, mail::k_payment, {}); });
  CHECK(id > 0);
  CHECK(pending(a).size() == mails.size() + 1);
  const auto shown = service::show_mail(a.w.env(), a.w.admin(), id);
  CHECK(shown.item.to == "intl@ntut.example");
  CHECK_FALSE(shown.from_file);
  CHECK(shown.message.to == "intl@ntut.example");
  CHECK(shown.message.from == "noreply@soas.invalid");
  CHECK_FALSE(shown.message.subject.empty());
}

TEST_CASE("delivery: every pending mail once, oldest first; admins only", "[mail][service]") {
  Awaiting a(1);
  const auto before = pending(a);
  REQUIRE_FALSE(before.empty());
  FakeMailer mailer;
  CHECK(code_of([&] { service::deliver_pending(a.w.env(), a.staff, mailer); }) == "role-forbidden");
  CHECK(mailer.delivered.empty());
  const auto r = service::deliver_pending(a.w.env(), a.w.admin(), mailer);
  CHECK(r.delivered == static_cast<int>(before.size()));
  CHECK(r.failed == 0);
  REQUIRE(mailer.delivered.size() == before.size());
  CHECK(mailer.delivered[0].to == before[0].to);
  CHECK(mailer.delivered[0].from == "noreply@soas.invalid");
  CHECK(pending(a).empty());
  const auto sent = a.w.store->outbox().find(before[0].id);
  CHECK(sent->status == domain::OutboxStatus::sent);
  CHECK(sent->sent_at == a.w.clock.now());
  CHECK(service::deliver_pending(a.w.env(), a.w.admin(), mailer).delivered == 0);
  CHECK(mailer.delivered.size() == before.size());
}

TEST_CASE("delivery: a mail that fails stays pending with its error, for a retry", "[mail][service]") {
  Awaiting a(1);
  const auto before = pending(a);
  FakeMailer mailer;
  mailer.fail = true;
  const auto r = service::deliver_pending(a.w.env(), a.w.admin(), mailer, 1);
  CHECK(r.delivered == 0);
  CHECK(r.failed == 1);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "outbox " + std::to_string(before[0].id) + ": connection refused");
  const auto kept = a.w.store->outbox().find(before[0].id);
  CHECK(kept->status == domain::OutboxStatus::pending);
  CHECK(kept->attempts == 1);
  CHECK(kept->last_error == "connection refused");
  CHECK(pending(a).size() == before.size());
  mailer.fail = false;
  CHECK(service::deliver_pending(a.w.env(), a.w.admin(), mailer).delivered ==
        static_cast<int>(before.size()));
}

TEST_CASE("a verification mail's code exists only in the mail delivered", "[mail][service]") {
  test::World w;
  const auto a = service::register_student(w.env(), test::rose_registration());
  const auto admin = w.admin();
  const auto mails = service::list_outbox(w.env(), admin, domain::OutboxStatus::pending, 10);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].kind == mail::k_verify);
  CHECK(mails[0].account_id == a.id);
  CHECK(service::show_mail(w.env(), admin, mails[0].id).message.body.find("<code made when delivered>") !=
        std::string::npos);
  FakeMailer mailer;
  CHECK(service::deliver_pending(w.env(), admin, mailer).delivered == 1);
  CHECK(service::show_mail(w.env(), admin, mails[0].id)
            .message.body.find("<code only in the delivered mail>") != std::string::npos);
  CHECK(code_of([&] { service::show_mail(w.env(), admin, 9999); }) == "mail-not-found");
}

TEST_CASE("the SMTP password: the file's first line, or the variable named", "[mail][service]") {
  test::TempDir dir;
  config::MailSettings m;
  const config::EnvLookup none = [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  };
  CHECK(service::smtp_password(m, none).empty());
  m.password_env = "SOAS_SMTP_PASSWORD";
  CHECK(code_of([&] { service::smtp_password(m, none); }) == "smtp-password-unset");
  const config::EnvLookup env = [](const std::string& k) -> std::optional<std::string> {
    if (k == "SOAS_SMTP_PASSWORD") return std::string("from-env");
    return std::nullopt;
  };
  CHECK(service::smtp_password(m, env) == "from-env");
  m.password_file = dir.write("smtp.pw", "s3cret\r\nignored\n");
  CHECK(service::smtp_password(m, env) == "s3cret");  // the file wins
  m.password_file = dir.file("absent");
  CHECK(code_of([&] { service::smtp_password(m, env); }) == "smtp-password-unreadable");
}
