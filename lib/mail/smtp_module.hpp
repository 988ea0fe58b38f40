#pragma once
// The SMTP module (soas-smtp.so): SMTP delivery through libcurl, built as a
// module of its own and loaded by SmtpMailer only when a mail is sent over
// SMTP. libcurl and the thirty-odd libraries it pulls in (TLS, Kerberos,
// LDAP, SSH, HTTP/2, ...) are then not loaded, relocated and initialised at
// every start of soas: only `soas mail send` with mail.smtp_url pays for them.
//
// The boundary is one C function, so nothing of soas's C++ types crosses it:
// the module links libcurl alone, and soas finds it beside the executable
// (the build tree) or in LIBDIR/soas (an installation).

#include <cstddef>

extern "C" {

// Sends one message (RFC 5322 bytes) from `from` to `to` through `url`
// (smtp:// or smtps://). With a non-empty `user`, credentials are sent and
// STARTTLS is required on smtp://; without, TLS is tried. Returns 0 when the
// server took the message; otherwise non-zero with the reason in `error`
// (NUL-terminated, at most error_size bytes).
typedef int (*soas_smtp_send_fn)(const char* url, const char* user, const char* password, const char* from,
                                 const char* to, const char* data, std::size_t size, char* error,
                                 std::size_t error_size);

// The symbol the module exports: versioned, so a module from another build
// of soas with another contract is refused rather than called.
#define SOAS_SMTP_SEND_SYMBOL "soas_smtp_send_v1"
#define SOAS_SMTP_MODULE_NAME "soas-smtp.so"
}
