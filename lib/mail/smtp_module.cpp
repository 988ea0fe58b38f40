// The SMTP module (see smtp_module.hpp): built as soas-smtp.so, linked with
// libcurl only, never part of soas_core.

#include "mail/smtp_module.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace {

struct Source {
  const char* data;
  std::size_t size;
  std::size_t offset;
};

std::size_t read_source(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* s = static_cast<Source*>(user);
  const std::size_t n = std::min(size * count, s->size - s->offset);
  std::memcpy(buffer, s->data + s->offset, n);
  s->offset += n;
  return n;
}

int fail(char* error, std::size_t error_size, const char* reason) {
  if (error_size > 0) {
    std::strncpy(error, reason, error_size - 1);
    error[error_size - 1] = '\0';
  }
  return 1;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int soas_smtp_send_v1(const char* url, const char* user,
                                                                        const char* password,
                                                                        const char* from, const char* to,
                                                                        const char* data, std::size_t size,
                                                                        char* error, std::size_t error_size) {
  static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (initialised != CURLE_OK) return fail(error, error_size, curl_easy_strerror(initialised));
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return fail(error, error_size, "curl_easy_init");
  Source source{data, size, 0};
  const std::string to_address = "<" + std::string(to) + ">";
  const std::string from_address = "<" + std::string(from) + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to_address.c_str());
  char curl_error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from_address.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_source);
  curl_easy_setopt(curl, CURLOPT_READDATA, &source);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  if (user[0] != '\0') {
    curl_easy_setopt(curl, CURLOPT_USERNAME, user);
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password);
    // Credentials never travel in clear: STARTTLS is required on smtp://.
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  } else {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return 0;
  return fail(error, error_size, curl_error[0] != '\0' ? curl_error : curl_easy_strerror(rc));
}
