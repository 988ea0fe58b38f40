// Linked into every executable of the sanitizer build (SOAS_SANITIZE): the
// leaks LeakSanitizer must not count, each a known bug of a library soas
// uses, never one of soas's own.
//
// libxlsxwriter 1.1.4 (Debian 12) copies the formula of a list-formula data
// validation twice and frees one copy (worksheet_data_validation_range;
// fixed upstream in "Fix memory leak in list formula data validation"): about
// 20 bytes per list-formula column of the batch template, once per process.
// The library is built without frame pointers, so the leak's stack ends at
// its lxw_strdup: that is the frame named.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:lxw_strdup\n";
}

// Without the table of suppressions used on stderr: golden tests compare it.
extern "C" const char* __lsan_default_options() {
  return "print_suppressions=0";
}
