#include "domain/payment.hpp"

#include <algorithm>
#include <cstdio>

#include "core/error.hpp"
#include "domain/numbers.hpp"

namespace soas::domain {

std::string_view key(OrderStatus s) {
  switch (s) {
    case OrderStatus::live: return "live";
    case OrderStatus::cancelled: return "cancelled";
    case OrderStatus::paid: return "paid";
  }
  return "live";
}

std::optional<OrderStatus> parse_order_status(std::string_view key) {
  for (auto s : {OrderStatus::live, OrderStatus::cancelled, OrderStatus::paid})
    if (domain::key(s) == key) return s;
  return std::nullopt;
}

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

[[noreturn]] void bad_settings(const std::string& zh, const std::string& en) {
  throw UsageError("slip-settings", Text{zh, en});
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v % 100);
  return buf;
}

std::string yy(const util::Date& d, SlipYear year) {
  return two(year == SlipYear::roc ? d.roc_year() : d.year());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string order_sequence_name(int roc_year) {
  return "order/" + std::to_string(roc_year);
}

std::string format_order_number(int roc_year, long sequence) {
  return "SOAS" + format_receipt_number(roc_year, sequence);
}

bool looks_like_order_number(std::string_view text) {
  return text.size() == 16 && text.substr(0, 4) == "SOAS" && all_digits(text.substr(4));
}

bool is_slip_method(PaymentMethod m) {
  return m == PaymentMethod::store || m == PaymentMethod::virtual_account;
}

int store_check_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'I') return c - 'A' + 1;
  if (c >= 'J' && c <= 'R') return c - 'J' + 1;
  if (c >= 'S' && c <= 'Z') return c - 'S' + 2;
  return 0;
}

std::pair<char, char> store_check_characters(std::string_view s1, std::string_view s2, std::string_view s3) {
  int odd = 0, even = 0;
  const auto add = [&](std::string_view seg, bool skip_checks) {
    for (std::size_t i = 0; i < seg.size(); ++i) {
      const std::size_t pos = i + 1;  // 1-based within the segment
      if (skip_checks && (pos == 5 || pos == 6)) continue;
      (pos % 2 == 1 ? odd : even) += store_check_value(seg[i]);
    }
  };
  add(s1, false);
  add(s2, false);
  add(s3, true);
  const int o = odd % 11, e = even % 11;
  const char first = o == 0 ? 'A' : o == 10 ? 'B' : static_cast<char>('0' + o);
  const char second = e == 0 ? 'X' : e == 10 ? 'Y' : static_cast<char>('0' + e);
  return {first, second};
}

bool code39_encodable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-' || c == '.' || c == '$' ||
           c == '/' || c == '+' || c == '%';
  });
}

bool store_check_encodable(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

std::optional<Text> slip_settings_problem(const SlipSettings& s) {
  if (s.collection_code.size() != 3 || !store_check_encodable(s.collection_code)) {
    return Text{"代收項目代碼須為 3 個英數字（0-9、A-Z）：" + s.collection_code,
                "the collection code must be 3 letters or digits (0-9, A-Z): " + s.collection_code};
  }
  if (s.period != "deadline" && s.period != "print" &&
      (s.period.size() != 4 || !store_check_encodable(s.period))) {
    return Text{"繳費期別須為 deadline、print 或 4 個英數字（0-9、A-Z）：" + s.period,
                "the slip period must be deadline, print or 4 letters or digits (0-9, A-Z): " + s.period};
  }
  return std::nullopt;
}

StoreBarcodes store_barcodes(const SlipSettings& s, const util::Date& deadline, const util::Date& printed,
                             const std::string& reference, long amount) {
  if (const auto problem = slip_settings_problem(s)) bad_settings(problem->zh, problem->en);
  std::string period;
  if (s.period == "deadline") {
    period = yy(deadline, s.year) + two(deadline.month());
  } else if (s.period == "print") {
    period = yy(printed, s.year) + two(printed.month());
  } else {
    period = s.period;
  }
  if (reference.size() != 16 || !store_check_encodable(reference)) {
    bad_settings("繳費單號須為 16 個英數字：" + reference,
                 "the slip number must be 16 letters or digits: " + reference);
  }
  if (amount < 0 || amount > 999'999'999) {
    throw Refusal("amount-too-large",
                  Text{"金額超出條碼可容納的 9 位數：" + std::to_string(amount),
                       "the amount does not fit the barcode's 9 digits: " + std::to_string(amount)});
  }
  StoreBarcodes b;
  b.segment1 = yy(deadline, s.year) + two(deadline.month()) + two(deadline.day()) + s.collection_code;
  b.segment2 = reference;
  char digits[16];
  std::snprintf(digits, sizeof digits, "%09ld", amount);
  b.segment3 = period + "00" + digits;
  const auto [c1, c2] = store_check_characters(b.segment1, b.segment2, b.segment3);
  b.segment3[4] = c1;
  b.segment3[5] = c2;
  return b;
}

char luhn_check_digit(std::string_view digits) {
  int sum = 0;
  bool dbl = true;  // the rightmost payload digit is doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string virtual_account_number(const std::string& prefix, long sequence) {
  if (!all_digits(prefix) || prefix.size() > 7) {
    bad_settings("虛擬帳號前置碼須為 1 至 7 位數字：" + prefix,
                 "the virtual account prefix must be 1 to 7 digits: " + prefix);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%09ld", sequence);
  const std::string body = prefix + buf;
  return body + luhn_check_digit(body);
}

std::string form_encode(const FormPairs& pairs) {
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out += '&';
    out += percent_encode(k) + "=" + percent_encode(v);
  }
  return out;
}

std::optional<SignedForm> parse_signed_form(std::string_view payload) {
  while (!payload.empty() && (payload.back() == '\n' || payload.back() == '\r')) payload.remove_suffix(1);
  const std::size_t at = payload.rfind("&mac=");
  if (at == std::string_view::npos) return std::nullopt;
  SignedForm f;
  f.signed_part = std::string(payload.substr(0, at));
  f.mac = std::string(payload.substr(at + 5));
  if (f.mac.empty() || f.signed_part.empty()) return std::nullopt;
  std::string_view rest = f.signed_part;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    auto k = percent_decode(pair.substr(0, eq));
    auto v = percent_decode(pair.substr(eq + 1));
    if (!k || !v) return std::nullopt;
    f.pairs.emplace_back(std::move(*k), std::move(*v));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return f;
}

const std::string* form_value(const FormPairs& pairs, std::string_view key) {
  for (const auto& [k, v] : pairs)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace soas::domain
