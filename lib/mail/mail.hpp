#pragma once
// Mail: what each kind of mail says, how it is written (RFC 5322, UTF-8,
// encoded headers), and the two ways it leaves: SMTP (libcurl) or .eml files
// in a directory. The outbox (lib/store) holds what to say; the secrets a mail
// carries (a verification or reset token) are minted when it is delivered.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace soas::mail {

using Params = std::map<std::string, std::string>;
// The outbox's params column: one "key=value" a line, '\\' and newlines escaped.
std::string encode_params(const Params& params);
Params decode_params(const std::string& text);

// Kinds of mail and whether delivering one mints a token.
inline constexpr const char* k_verify = "verify";
inline constexpr const char* k_reset = "reset";
inline constexpr const char* k_ack = "ack";                // 送件受理通知 (000 step 14)
inline constexpr const char* k_correction = "correction";  // 退回補正/補件
inline constexpr const char* k_payment = "payment";        // 送件線上繳費通知 (000 step 15)
inline constexpr const char* k_decision = "decision";      // 不核准 / 不受理 / 核發
inline constexpr const char* k_reminder = "reminder";      // 延期或居留證到期提醒 (soas remind)
bool needs_token(const std::string& kind);

struct Content {
  std::string subject;
  std::string body;  // both languages, zh-TW first
};
// The text of a mail of `kind`; `token` fills the verification or reset code.
Content render(const std::string& kind, const Params& params, const std::string& token, int token_hours);

struct Envelope {
  std::string from;
  std::string to;
  std::string name;  // a file name for it: 000012-verify.eml
  std::string data;  // the whole RFC 5322 message
};

// Headers (Subject encoded per RFC 2047), a base64 UTF-8 body, the Date in
// Asia/Taipei and a Message-ID made from the outbox id: deterministic.
Envelope compose(std::int64_t outbox_id, const std::string& kind, const std::string& from,
                 const std::string& to, const Content& content, std::int64_t unix_now);

// A message as a person reads it: the headers that matter, decoded (RFC 2047
// B-encoded words), and the text (base64 or plain). Refuses (Failure
// "mail-unreadable") what is not a message of that form.
struct Readable {
  std::string date, from, to, subject;
  std::string body;
};
Readable read_message(const std::string& data);

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Throws Failure "mail-send-failed" with the reason.
  virtual void deliver(const Envelope& envelope) = 0;
  // Where a delivered envelope was written, when it was written to a file.
  virtual std::string written_to(const Envelope&) const { return ""; }
};

class SmtpMailer final : public Mailer {
 public:
  // smtp:// (STARTTLS required when a user is given) or smtps://.
  SmtpMailer(std::string url, std::string user, std::string password);
  ~SmtpMailer() override;
  void deliver(const Envelope& envelope) override;

 private:
  std::string m_url;
  std::string m_user;
  std::string m_password;
};

class DirectoryMailer final : public Mailer {
 public:
  explicit DirectoryMailer(std::string dir);  // created (0700) when missing
  void deliver(const Envelope& envelope) override;
  std::string written_to(const Envelope& envelope) const override;  // absolute

 private:
  std::string m_dir;
};

}  // namespace soas::mail
