// soas apply: the checks before the form and the pre-filled form.

#include <unistd.h>

#include <iostream>

#include "app.hpp"
#include "cmd_apply.hpp"
#include "config/form_file.hpp"
#include "core/error.hpp"
#include "service/applications.hpp"
#include "util/text.hpp"

namespace soas::cli {

namespace cmd_apply {

// The declaration (使用聲明事項) shown before an application; the seed's
// text is not in the documents, so this wording is ours.
const Text k_declaration{
    "使用聲明事項：本人所填申請資料及上傳文件均屬實，並同意移民署依法蒐集、處理及利用本人個人資料以辦理本申請"
    "；如有不實，願負法律責任。",
    "Declaration: the data and documents I give are true, and I agree that the National Immigration Agency "
    "collects, processes and uses my personal data to handle this application; I am liable for anything "
    "untrue."};

std::string yaml_quote(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

int print_form(Output& io, const service::PreparedApplication& p) {
  const auto value = [&](const std::string& key) {
    const auto it = p.prefilled.find(key);
    return it == p.prefilled.end() ? std::string() : it->second;
  };
  if (io.json()) {
    Json fields = Json::array();
    for (const auto& f : *p.fields) {
      Json row = {{"key", f.key},
                  {"label", io.tr(f.label)},
                  {"required", f.required},
                  {"read_only", f.read_only},
                  {"value", value(f.key)}};
      if (!f.choices.empty()) row["choices"] = f.choices;
      fields.push_back(row);
    }
    Json docs = Json::array();
    for (const auto& d : p.documents) {
      docs.push_back({{"key", d.key},
                      {"label", io.tr(d.label)},
                      {"required", d.required == domain::RequiredWhen::always}});
    }
    io.print_json({{"kind", domain::key(p.kind)},
                   {"permit", p.permit_no.empty() ? Json() : Json(p.permit_no)},
                   {"fields", fields},
                   {"documents", docs}});
    return 0;
  }
  const std::string permit = p.permit_no.empty() ? "" : " --permit " + p.permit_no;
  io.out() << "# " << io.tr(domain::label(p.kind)) << " (soas apply " << domain::key(p.kind) << permit
           << " --form FILE.yaml --doc ITEM=PATH ... --agree)\n"
           << "# "
           << io.tr({"* 為必填；[唯讀] 為系統帶出的資料，不可修改",
                     "* = required; [read-only] is filled by the system"})
           << '\n';
  std::vector<std::vector<std::string>> rows;
  std::string group;
  for (const auto& f : *p.fields) {
    const auto dot = f.key.find('.');
    std::string key = f.key;
    std::string indent;
    if (dot != std::string::npos) {
      const std::string g = f.key.substr(0, dot);
      if (g != group) {
        rows.push_back({g + ":", ""});
        group = g;
      }
      key = f.key.substr(dot + 1);
      indent = "  ";
    } else {
      group.clear();
    }
    std::string comment = std::string("# ") + (f.required ? "* " : "  ") + io.tr(f.label);
    if (f.read_only) comment += io.tr({" [唯讀]", " [read-only]"});
    if (!f.choices.empty()) {
      std::string list;
      for (const auto& c : f.choices) list += (list.empty() ? "" : " | ") + c;
      comment += ": " + list;
    } else if (f.kind == domain::FieldKind::yes_no) {
      comment += ": yes | no";
    }
    rows.push_back({indent + key + ": " + yaml_quote(value(f.key)), comment});
  }
  io.print_table({"", ""}, rows);
  io.out() << "\n# "
           << io.tr({"應檢附文件（--doc 項目=檔案，可重複；JPG/JPEG/PNG/BMP/PDF，每檔小於512K）：",
                     "Documents (--doc ITEM=FILE, repeatable; JPG/JPEG/PNG/BMP/PDF, each under 512 KB):"})
           << '\n';
  for (const auto& d : p.documents) {
    const char* mark = d.required == domain::RequiredWhen::always                   ? "* "
                       : d.required == domain::RequiredWhen::unless_resumed_student ? "* "
                                                                                    : "  ";
    io.out() << "#   " << mark << util::pad_right(d.key, 20) << io.tr(d.label) << '\n';
  }
  return 0;
}

int run_apply(Output& io, Services& sv, ApplyOptions o) {
  const auto kind = *domain::parse_application_kind(o.kind);
  if (o.keyed()) {
    if (!o.for_student.empty()) {
      throw UsageError("for-twice", Text{"--for 與 --for-permit/--for-passport 只能擇一",
                                         "give either --for or --for-permit/--for-passport"});
    }
    const bool mainland = domain::permit_checked_for(kind).has_value();
    if (mainland != !o.for_key.permit_no.empty()) {
      throw UsageError("for-key", Text{"陸生申辦項目以 --for-permit 指定學生；居留證首次申請以 --for-passport、"
                                       "--nationality 與 --birth-date 指定",
                                       "name the student by --for-permit for the mainland kinds, by "
                                       "--for-passport, --nationality and --birth-date for an ARC"});
    }
    if (!mainland && (o.for_key.nationality.empty() || o.for_key.birth_date.empty())) {
      throw UsageError("for-key", Text{"--for-passport 須同時給 --nationality 與 --birth-date",
                                       "--for-passport needs --nationality and --birth-date"});
    }
    if (mainland && o.permit.empty()) o.permit = o.for_key.permit_no;
  }
  if (o.print_form) {
    const auto env = sv.service_env();
    return print_form(
        io, o.keyed()
                ? service::prepare_application(env, sv.caller(), kind, o.permit,
                                               service::known_student(env, sv.caller(), kind, o.for_key))
                : service::prepare_application(env, sv.caller(), kind, o.permit, o.for_student));
  }
  if (!o.form_file && o.settings.empty()) {
    throw UsageError("usage",
                     Text{"請以 --form FILE.yaml 提供申請書（範本：--print-form）",
                          "give the application form with --form FILE.yaml (template: --print-form)"});
  }
  service::Submission sub;
  sub.kind = kind;
  sub.permit_no = o.permit;
  if (o.form_file) sub.form = config::load_form_file(*o.form_file);
  config::apply_settings(sub.form, o.settings);
  sub.documents = parse_doc_options(o.docs);

  sub.agreed = o.agree;
  sub.for_student = o.for_student;
  if (o.keyed()) sub.for_key = o.for_key;
  if (!sub.agreed && isatty(STDIN_FILENO) == 1) {
    io.err() << io.tr(k_declaration) << '\n' << io.tr({"我同意 (y/N)：", "I agree (y/N): "}) << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    sub.agreed = answer == "y" || answer == "Y" || answer == "yes";
  }
  const auto done = service::submit_application(sv.service_env(), sv.caller(), std::move(sub));
  if (io.json()) {
    io.print_json({{"receipt_no", done.receipt_no},
                   {"group_no", done.group_no},
                   {"fee", done.fee},
                   {"decision_due", done.decision_due},
                   {"message", io.tr(msg::submitted.text({done.receipt_no}))},
                   {"warnings", warnings_json(io, done.warnings)}});
    return 0;
  }
  io.warn(done.warnings);
  io.out() << io.tr(msg::submitted.text({done.receipt_no})) << '\n'
           << io.tr({"團號/批次號：" + done.group_no + "，規費 NT$" + std::to_string(done.fee) +
                         "，預計審核完成 " + done.decision_due,
                     "Group number: " + done.group_no + ", fee NT$" + std::to_string(done.fee) +
                         ", decision expected by " + done.decision_due})
           << '\n';
  return 0;
}

}  // namespace cmd_apply

using namespace cmd_apply;  // its runners and options

void register_apply(CLI::App& app, Commands& commands) {
  auto opts = std::make_shared<ApplyOptions>();
  std::vector<std::string> kinds;
  for (auto k : domain::k_application_kinds) kinds.emplace_back(domain::key(k));
  CLI::App* cmd = app.add_subcommand(
      "apply",
      "Apply: the checks, the pre-filled form, and submission (students; schools for their students)");
  cmd->add_option("kind", opts->kind, "arc, multi-entry, extension or data-change")
      ->required()
      ->check(CLI::IsMember(kinds));
  cmd->add_option(
      "--permit", opts->permit,
      "The permit checked before the form: the single-entry permit for multi-entry, the multi-entry "
      "permit for extension and data-change");
  cmd->add_flag("--print-form", opts->print_form, "Run the checks and print the form as YAML, pre-filled");
  cmd->add_option("--form", opts->form_file, "Submit this filled form (YAML, as --print-form prints it)");
  cmd->add_option("--set", opts->settings, "field=value, over the form (repeatable)");
  cmd->add_option("--doc", opts->docs,
                  "ITEM=FILE: a document to attach (repeatable, several files per item)");
  cmd->add_option("--for", opts->for_student,
                  "A school user: the student account applied for (就讀學校代辦)");
  cmd->add_option("--for-permit", opts->for_key.permit_no,
                  "A school user: the student by their permit number (the mainland kinds; also --permit)");
  cmd->add_option("--for-passport", opts->for_key.passport_no,
                  "A school user: the student by passport number (an ARC; with --nationality and --birth-date)");
  cmd->add_option("--nationality", opts->for_key.nationality, "With --for-passport: the student's nationality");
  cmd->add_option("--birth-date", opts->for_key.birth_date, "With --for-passport: the birth date, yyyy-mm-dd");
  cmd->add_flag("--agree", opts->agree,
                "Agree to the declaration (使用聲明事項); asked on a terminal otherwise");
  cmd->footer(
      "The checks run in the seed's order and refuse with its messages (exit 4):\n"
      "查無此證號資料, 帳號基資與案件資料不符, 不符合申請條件, and for an extension outside its\n"
      "window 須於停留期間屆滿前3個月內始得申請. Submitting runs them again, then checks every\n"
      "field and document (all problems at once) and prints 送件成功，收件號:<receipt>.\n\n"
      "Examples:\n  soas apply multi-entry --permit 108695200100 --print-form > form.yaml\n"
      "  soas apply multi-entry --permit 108695200100 --form form.yaml --doc photo=me.jpg \\\n"
      "      --doc entry-permit=permit.pdf --doc health-certificate=health.pdf --doc travel-permit=tp.pdf "
      "--agree\n"
      "  soas apply arc --print-form");
  commands.add(cmd, [opts](Context& ctx) { return run_apply(ctx, ctx, *opts); });
}

}  // namespace soas::cli
