// soas download: e-permits and e-receipts (下載專區, seed 004 §11); soas
// verify: checks a permit's signed QR payload (man soas-download(1)).

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app.hpp"
#include "cmd_download.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/messages.hpp"
#include "pdf/document.hpp"
#include "security/signing.hpp"
#include "service/downloads.hpp"
#include "service/signing.hpp"

namespace soas::cli {

namespace cmd_download {

int run_download(Output& io, Services& sv, const DownloadOptions& o) {
  service::DownloadQuery q;
  if (!o.group.empty()) q.group_no = o.group;
  if (!o.receipt.empty()) q.receipt_no = o.receipt;
  if (!o.paid_from.empty()) q.paid_from = parse_date_option("--paid-from", o.paid_from);
  if (!o.paid_to.empty()) q.paid_to = parse_date_option("--paid-to", o.paid_to);
  if (!q.group_no && !q.receipt_no && !(q.paid_from && q.paid_to)) {
    throw UsageError("usage", Text{"請給 --group、--receipt，或 --paid-from 與 --paid-to",
                                   "give --group, --receipt, or --paid-from and --paid-to"});
  }
  const auto kind = o.kind == "permit" ? service::DownloadKind::permit : service::DownloadKind::receipt;
  const auto d = service::download(sv.service_env(), sv.caller(), kind, q);
  if (!d.files.empty()) {
    ensure_private_directory(o.out, "output-unwritable");
  }
  std::vector<std::string> written;
  for (const auto& f : d.files) {
    const std::string path = (std::filesystem::path(o.out) / f.file_name).string();
    write_private_atomically(path, f.bytes);
    written.push_back(path);
  }
  if (io.json()) {
    Json files = Json::array();
    for (std::size_t i = 0; i < d.files.size(); ++i) {
      files.push_back(
          {{"receipt_no", d.files[i].receipt_no}, {"file", written[i]}, {"bytes", d.files[i].bytes.size()}});
    }
    Json skipped = Json::array();
    for (const auto& s : d.skipped)
      skipped.push_back({{"receipt_no", s.receipt_no}, {"reason", io.tr(s.reason)}});
    io.print_json({{"files", files}, {"skipped", skipped}, {"warnings", warnings_json(io, d.warnings)}});
  } else {
    io.warn(d.warnings);
    if (!io.quiet())
      for (const auto& p : written) io.out() << p << '\n';
    if (!d.files.empty())
      for (const auto& s : d.skipped) io.err() << "soas: " << io.tr(s.reason) << '\n';
  }
  if (d.files.empty()) {
    // Nothing could be written: the first reason is the refusal.
    throw Refusal("download-unavailable", d.skipped.front().reason);
  }
  return d.skipped.empty() ? 0 : static_cast<int>(Exit::partial);
}

int run_verify(Output& io, Services& sv, const VerifyOptions& o) {
  if (o.file.empty() && o.payload.empty()) {
    throw UsageError("usage", Text{"請給許可證 PDF 檔或 --payload", "give a permit PDF or --payload"});
  }
  std::optional<std::string> given_key;
  if (!o.public_key.empty()) given_key = security::read_public_key_file(o.public_key);
  const service::KeyLookup lookup = [&](const std::string& id) -> std::optional<std::string> {
    if (given_key) return security::key_id_of(*given_key) == id ? given_key : std::nullopt;
    return service::known_public_key(sv.service_env(), id);
  };
  service::Verification v;
  if (!o.file.empty()) {
    // An e-permit is ~40 KB; 16 MiB is any PDF a person might mistake for one.
    // The payload comes from the PDF's own Info dictionary (libqpdf), and the
    // page must print what it signs; a file that is no well-formed PDF or has
    // no payload there is not a permit.
    v = service::verify_permit_pdf(read_small_file(o.file, 16u << 20, Text{"檔案", "the file"}), lookup);
    if (v.verdict == service::Verdict::malformed) throw Refusal(msg::permit_no_payload, {o.file});
  } else {
    v = service::verify_permit(o.payload, lookup);
  }
  Text message;
  std::string verdict;
  switch (v.verdict) {
    case service::Verdict::valid:
      message = msg::permit_valid.text({v.key_id});
      verdict = "valid";
      break;
    case service::Verdict::tampered:
      message = msg::permit_tampered.text();
      verdict = "tampered";
      break;
    case service::Verdict::unknown_key:
      message = msg::permit_unknown_key.text({v.key_id});
      verdict = "unknown-key";
      break;
    case service::Verdict::malformed:
      message = msg::permit_no_payload.text({o.file.empty() ? "--payload" : o.file});
      verdict = "malformed";
      break;
  }
  if (io.json()) {
    Json j = {{"verdict", verdict}, {"key_id", v.key_id}, {"message", io.tr(message)}};
    if (v.verdict == service::Verdict::valid) {
      j["permit"] = {{"permit_no", v.claims.permit_no},
                     {"name_zh", v.claims.name_zh},
                     {"name_en", v.claims.name_en},
                     {"id_no", v.claims.id_no},
                     {"issued", v.claims.issued},
                     {"valid_until", v.claims.valid_until},
                     {"kind", v.claims.kind}};
    }
    io.print_json(j);
  } else {
    io.out() << io.tr(message) << '\n';
    if (v.verdict == service::Verdict::valid) {
      io.print_table({io.tr({"項目", "item"}), io.tr({"內容", "value"})},
                     {{io.tr({"許可證號", "permit"}), v.claims.permit_no},
                      {io.tr({"姓名", "name"}), v.claims.name_zh + " " + v.claims.name_en},
                      {io.tr({"證號", "ID number"}), v.claims.id_no},
                      {io.tr({"發證日期", "issued"}), v.claims.issued},
                      {io.tr({"有效期限", "valid until"}), v.claims.valid_until},
                      {io.tr({"種類", "kind"}), v.claims.kind}});
    }
  }
  return v.verdict == service::Verdict::valid ? 0 : static_cast<int>(Exit::refused);
}

}  // namespace cmd_download

using namespace cmd_download;  // its runners and options

void register_download(CLI::App& app, Commands& commands) {
  CLI::App* cmd = app.add_subcommand("download", "Download area (下載專區): e-permits and e-receipts as PDF");
  auto o = std::make_shared<DownloadOptions>();
  cmd->add_option("what", o->kind, "permit or receipt")
      ->required()
      ->check(CLI::IsMember(std::vector<std::string>{"permit", "receipt"}));
  cmd->add_option("--group", o->group, "By group number (團號/批次號)");
  cmd->add_option("--receipt", o->receipt, "By receipt number (收件號)");
  cmd->add_option("--paid-from", o->paid_from, "Paid on or after this day (with --paid-to)");
  cmd->add_option("--paid-to", o->paid_to, "Paid on or before this day");
  cmd->add_option("-o,--output", o->out, "The directory to write into (one PDF per case, files 0600)")
      ->required();
  cmd->footer(
      "Permits of issued cases; receipts of paid cases once available (store slips: 3 working days after "
      "payment). Exit 3 when some matched cases were skipped, 4 when none could be written.\n\n"
      "Examples:\n  soas download permit --group 000000001 -o permits\n"
      "  soas download receipt --paid-from 2026-11-01 --paid-to 2026-11-30 -o receipts");
  commands.add(cmd, [o](Context& ctx) { return run_download(ctx, ctx, *o); });

  CLI::App* verify = app.add_subcommand("verify", "Check the signature of an e-permit's QR payload");
  verify->require_subcommand(1);
  auto v = std::make_shared<VerifyOptions>();
  CLI::App* permit =
      verify->add_subcommand("permit", "Check a permit PDF or its QR text: valid, tampered or unknown key");
  permit->add_option("file", v->file, "The permit PDF soas made");
  permit->add_option("--payload", v->payload, "The QR code's text instead of a file");
  permit->add_option("--public-key", v->public_key,
                     "Trust this public key file (default: the database's keys)");
  permit->footer(
      "Exit 0 valid; 4 tampered, unknown key or no payload.\n\n"
      "Examples:\n  soas verify permit permits/115000000001-permit.pdf\n"
      "  soas verify permit --payload \"$(zbarimg -q --raw scan.png)\" --public-key nia.pub");
  commands.add(permit, [v](Context& ctx) { return run_verify(ctx, ctx, *v); });
}

}  // namespace soas::cli
