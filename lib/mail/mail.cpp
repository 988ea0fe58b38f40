#include "mail/mail.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include <sodium.h>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/modules.hpp"
#include "mail/smtp_module.hpp"
#include "security/secrets.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace soas::mail {

namespace {

std::string base64(std::string_view in) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  while (i + 2 < in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    out += k_alphabet[v >> 18 & 63];
    out += k_alphabet[v >> 12 & 63];
    out += k_alphabet[v >> 6 & 63];
    out += k_alphabet[v & 63];
    i += 3;
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += k_alphabet[v >> 18 & 63];
    out += k_alphabet[v >> 12 & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8;
    out += k_alphabet[v >> 18 & 63];
    out += k_alphabet[v >> 12 & 63];
    out += k_alphabet[v >> 6 & 63];
    out += '=';
  }
  return out;
}

// RFC 2047 encoded-word for a header value that is not plain ASCII.
std::string encode_header(const std::string& value) {
  const bool ascii = std::all_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
  });
  if (ascii) return value;
  // Encoded-words of 39 bytes of UTF-8 (52 base64 characters), split at
  // character boundaries and folded, keep each line within 78 characters
  // even after "Subject: ".
  std::string out;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = std::min(value.size(), start + 39);
    while (end < value.size() && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") +
           base64(value.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string rfc5322_date(std::int64_t unix_now) {
  static constexpr const char* k_days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const LocalTime t = to_taipei(unix_now);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0800",
                k_days[static_cast<int>(t.date.weekday()) - 1], t.date.day(), k_months[t.date.month() - 1],
                t.date.year(), t.hour, t.minute, t.second);
  return buf;
}

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "soas.invalid" : address.substr(at + 1);
}

[[noreturn]] void send_failed(const std::string& why) {
  throw Failure("mail-send-failed", Text{"寄信失敗：" + why, "mail delivery failed: " + why});
}

}  // namespace

std::string encode_params(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    out += k + "=";
    for (char c : v) {
      if (c == '\\')
        out += "\\\\";
      else if (c == '\n')
        out += "\\n";
      else
        out += c;
    }
    out += '\n';
  }
  return out;
}

Params decode_params(const std::string& text) {
  Params out;
  for (const auto& line : util::split(text, '\n')) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value;
    for (std::size_t i = eq + 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        value += line[i + 1] == 'n' ? '\n' : line[i + 1];
        ++i;
      } else {
        value += line[i];
      }
    }
    out[line.substr(0, eq)] = value;
  }
  return out;
}

bool needs_token(const std::string& kind) {
  return kind == k_verify || kind == k_reset;
}

namespace {

Content render_kind(const std::string& kind, const Params& params, const std::string& token, int token_hours);

}  // namespace

Content render(const std::string& kind, const Params& params, const std::string& token, int token_hours) {
  Content c = render_kind(kind, params, token, token_hours);
  // A case a school filed for a student without an account: the staff who
  // filed it get the same mail.
  if (const auto it = params.find("filed_by_school"); it != params.end() && !it->second.empty()) {
    c.body += "\n本案由就讀學校（" + it->second + "）代為辦理，本信同時寄送代辦人員。\n" +
              "Your school (" + it->second + ") filed this case for you; this mail also goes to the staff who filed it.\n";
  }
  return c;
}

namespace {

Content render_kind(const std::string& kind, const Params& params, const std::string& token, int token_hours) {
  const auto param = [&](const char* key) {
    const auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  };
  const std::string account = param("account");
  const std::string hours = std::to_string(token_hours);
  if (kind == k_verify) {
    return {"【移民署學生線上申辦系統】會員信箱認證通知 / E-mail verification",
            "親愛的使用者 " + account +
                " 您好：\n\n"
                "您已註冊內政部移民署學生線上申辦系統帳號。請於 " +
                hours +
                " 小時內執行下列指令完成Email認證啟用：\n\n"
                "    soas account verify " +
                token +
                "\n\n"
                "若您並未註冊，請忽略本信。\n\n"
                "Dear " +
                account +
                ",\n\n"
                "An account of the NIA Students Online Application System was registered with this address.\n"
                "To activate it within " +
                hours +
                " hours, run:\n\n"
                "    soas account verify " +
                token +
                "\n\n"
                "If you did not register, ignore this mail.\n"};
  }
  if (kind == k_reset) {
    return {"【移民署學生線上申辦系統】重設密碼通知 / Password reset",
            "親愛的使用者 " + account +
                " 您好：\n\n"
                "我們收到重設您帳號密碼的申請。請於 " +
                hours +
                " 小時內執行下列指令設定新密碼：\n\n"
                "    soas account reset " +
                token +
                " --password-stdin\n\n"
                "若您並未申請，請忽略本信，您的密碼不會改變。\n\n"
                "Dear " +
                account +
                ",\n\n"
                "A password reset was asked for your account. To set a new password within " +
                hours +
                " hours, run:\n\n"
                "    soas account reset " +
                token +
                " --password-stdin\n\n"
                "If you did not ask for it, ignore this mail; your password stays as it is.\n"};
  }
  if (kind == k_ack) {
    const std::string receipt = param("receipt");
    return {
        "【移民署學生線上申辦系統】送件受理通知 / Application received",
        "親愛的使用者 " + account +
            " 您好：\n\n"
            "您的「" +
            param("kind_zh") + "」已送件成功，收件號:" + receipt + "，團號/批次號:" + param("group") +
            "。\n"
            "送件 14 個工作天後且未有待補件之情形，將另行通知審核結果（預計 " +
            param("decision_due") +
            "）。\n"
            "可執行 soas case show " +
            receipt +
            " 查詢案件進度。\n\n"
            "Dear " +
            account +
            ",\n\n"
            "Your application (" +
            param("kind_en") + ") was received. Receipt number: " + receipt +
            ", group number: " + param("group") +
            ".\n"
            "You will hear of the decision after 14 working days if nothing needs correcting (expected by " +
            param("decision_due") +
            ").\n"
            "Follow it with: soas case show " +
            receipt + "\n"};
  }
  if (kind == k_correction || kind == k_payment || kind == k_decision) {
    const std::string receipt = param("receipt");
    const bool pay = kind == k_payment;
    const bool fix = kind == k_correction;
    const std::string subject_zh = fix   ? "案件退回補正(件)通知"
                                   : pay ? "送件線上繳費通知"
                                         : "案件審核結果通知";
    const std::string subject_en = fix   ? "Correction requested"
                                   : pay ? "Please pay online"
                                         : "Decision on your application";
    std::string zh = "親愛的使用者 " + account + " 您好：\n\n您的案件（收件號:" + receipt +
                     "）目前辦理階段為「" + param("state_zh") + "」。\n";
    std::string en = "Dear " + account + ",\n\nYour case (receipt number " + receipt +
                     ") is now: " + param("state_en") + ".\n";
    if (!param("opinion").empty()) {
      zh += "審核意見：" + param("opinion") + "\n";
      en += "Reviewer's opinion: " + param("opinion") + "\n";
    }
    if (fix) {
      zh += "請執行 soas case correct " + receipt + " 補正(件)。\n";
      en += "Answer it with: soas case correct " + receipt + "\n";
    } else if (pay) {
      zh += "規費 NT$" + param("fee") + "，請登入系統線上繳費（團號/批次號:" + param("group") + "）。\n";
      en += "The fee is NT$" + param("fee") + "; pay online (group " + param("group") + ").\n";
    }
    return {"【移民署學生線上申辦系統】" + subject_zh + " / " + subject_en, zh + "\n" + en};
  }
  if (kind == k_reminder) {
    const std::string permit = param("permit");
    const bool arc = param("permit_kind") == "arc";
    std::string zh = "親愛的使用者 " + account + " 您好：\n\n";
    std::string en = "Dear " + account + ",\n\n";
    if (arc) {
      zh += "您的居留證（" + permit + "）將於 " + param("closes") + " 到期，請於 " + param("opens") +
            " 起至到期日前辦理居留延期。\n";
      en += "Your resident certificate (" + permit + ") expires on " + param("closes") + ". Renew it from " +
            param("opens") + " until that day.\n";
    } else {
      zh += "您的多次入出境許可證（" + permit + "）停留期限至 " + param("closes") + "，可於 " +
            param("opens") + " 起至該日申請延期：\n    soas apply extension --permit " + permit + "\n";
      en += "Your multi-entry permit (" + permit + ") allows a stay until " + param("closes") +
            ". You may apply for an extension from " + param("opens") + " until that day:\n" +
            "    soas apply extension --permit " + permit + "\n";
    }
    return {std::string("【移民署學生線上申辦系統】") +
                (arc ? "居留證到期提醒 / ARC expiry reminder" : "延期申請提醒 / Extension reminder"),
            zh + "\n" + en};
  }
  throw Failure("mail-kind-unknown", Text{"不明的信件種類：" + kind, "unknown kind of mail: " + kind});
}

}  // namespace

namespace {

[[noreturn]] void unreadable(const std::string& why) {
  throw Failure("mail-unreadable", Text{"無法讀取此郵件：" + why, "cannot read this mail: " + why});
}

std::string base64_decode(std::string_view in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(),
                        "\r\n ", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    unreadable("base64");
  }
  out.resize(len);
  return out;
}

// RFC 2047 B-encoded UTF-8 words, as compose writes them; other text as it is.
std::string decode_header(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    const std::size_t start = value.find("=?", i);
    if (start == std::string::npos) {
      out += value.substr(i);
      break;
    }
    const std::string between = value.substr(i, start - i);
    // Space between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(last_was_word && between.find_first_not_of(" \t") == std::string::npos)) out += between;
    const std::size_t q1 = value.find('?', start + 2);
    const std::size_t q2 = q1 == std::string::npos ? q1 : value.find('?', q1 + 1);
    const std::size_t end = q2 == std::string::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string::npos) {
      out += value.substr(start);
      break;
    }
    const std::string charset = value.substr(start + 2, q1 - start - 2);
    const std::string encoding = value.substr(q1 + 1, q2 - q1 - 1);
    if ((encoding == "B" || encoding == "b") && (charset == "UTF-8" || charset == "utf-8")) {
      out += base64_decode(value.substr(q2 + 1, end - q2 - 1));
      last_was_word = true;
    } else {
      out += value.substr(start, end + 2 - start);
      last_was_word = false;
    }
    i = end + 2;
  }
  return out;
}

}  // namespace

Readable read_message(const std::string& data) {
  const std::size_t split = data.find("\r\n\r\n");
  if (split == std::string::npos) unreadable("no header");
  // Unfold: a line starting with white space continues the header before it.
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t at = 0;
  while (at < split) {
    std::size_t eol = data.find("\r\n", at);
    if (eol == std::string::npos || eol > split) eol = split;
    const std::string line = data.substr(at, eol - at);
    at = eol + 2;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (headers.empty()) unreadable("header");
      headers.back().second += line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) unreadable("header");
    std::string value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    headers.emplace_back(util::to_lower_ascii(line.substr(0, colon)), value);
  }
  Readable r;
  std::string transfer;
  for (const auto& [name, value] : headers) {
    if (name == "date") r.date = value;
    if (name == "from") r.from = decode_header(value);
    if (name == "to") r.to = decode_header(value);
    if (name == "subject") r.subject = decode_header(value);
    if (name == "content-transfer-encoding") transfer = util::to_lower_ascii(value);
  }
  const std::string body = data.substr(split + 4);
  r.body = transfer == "base64" ? base64_decode(body) : body;
  return r;
}

Envelope compose(std::int64_t outbox_id, const std::string& kind, const std::string& from,
                 const std::string& to, const Content& content, std::int64_t unix_now) {
  char id[32];
  std::snprintf(id, sizeof id, "%06lld", static_cast<long long>(outbox_id));
  std::string body64;
  const std::string encoded = base64(content.body);
  for (std::size_t i = 0; i < encoded.size(); i += 76) body64 += encoded.substr(i, 76) + "\r\n";
  std::string data;
  data += "Date: " + rfc5322_date(unix_now) + "\r\n";
  data += "From: " + from + "\r\n";
  data += "To: " + to + "\r\n";
  data += "Subject: " + encode_header(content.subject) + "\r\n";
  data += "Message-ID: <" + std::string(id) + "." + kind + "@" + domain_of(from) + ">\r\n";
  data += "MIME-Version: 1.0\r\n";
  data += "Content-Type: text/plain; charset=UTF-8\r\n";
  data += "Content-Transfer-Encoding: base64\r\n";
  data += "\r\n";
  data += body64;
  return Envelope{from, to, std::string(id) + "-" + kind + ".eml", data};
}

SmtpMailer::SmtpMailer(std::string url, std::string user, std::string password)
    : m_url(std::move(url)), m_user(std::move(user)), m_password(std::move(password)) {}

SmtpMailer::~SmtpMailer() {
  security::wipe(m_password);
}

namespace {

// The module's send function, loaded at the first mail sent over SMTP.
soas_smtp_send_fn smtp_send() {
  static soas_smtp_send_fn fn = nullptr;
  if (fn == nullptr) {
    try {
      fn = reinterpret_cast<soas_smtp_send_fn>(module_symbol(SOAS_SMTP_MODULE_NAME, SOAS_SMTP_SEND_SYMBOL));
    } catch (const Error& e) {
      send_failed(e.text().en);  // the mail stays pending, with the reason
    }
  }
  return fn;
}

}  // namespace

void SmtpMailer::deliver(const Envelope& e) {
  const soas_smtp_send_fn send = smtp_send();
  char error[512] = {};
  if (send(m_url.c_str(), m_user.c_str(), m_password.c_str(), e.from.c_str(), e.to.c_str(), e.data.data(),
           e.data.size(), error, sizeof error) != 0) {
    send_failed(error[0] != '\0' ? error : "the SMTP module gave no reason");
  }
}

DirectoryMailer::DirectoryMailer(std::string dir) : m_dir(std::move(dir)) {
  try {
    ensure_private_directory(m_dir);  // 0700 when made: mails may carry tokens
  } catch (const Error& e) {
    send_failed(e.text().en);
  }
}

std::string DirectoryMailer::written_to(const Envelope& e) const {
  return fs::absolute(fs::path(m_dir) / safe_file_name(e.name)).lexically_normal().string();
}

void DirectoryMailer::deliver(const Envelope& e) {
  const std::string path = (fs::path(m_dir) / safe_file_name(e.name)).string();
  try {
    write_private_atomically(path, e.data);
  } catch (const Error& err) {
    send_failed(err.text().en);
  }
}

}  // namespace soas::mail
