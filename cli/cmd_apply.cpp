// soas apply: the checks before the form and the pre-filled form.

#include "app.hpp"
#include "core/error.hpp"
#include "service/applications.hpp"
#include "util/text.hpp"

namespace soas::cli {

namespace {

struct ApplyOptions {
  std::string kind;
  std::string permit;
  bool print_form = false;
};

std::string yaml_quote(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

int print_form(Context& ctx, const service::PreparedApplication& p) {
  const auto value = [&](const std::string& key) {
    const auto it = p.prefilled.find(key);
    return it == p.prefilled.end() ? std::string() : it->second;
  };
  if (ctx.json()) {
    Json fields = Json::array();
    for (const auto& f : p.fields) {
      Json row = {{"key", f.key},
                  {"label", ctx.tr(f.label)},
                  {"required", f.required},
                  {"read_only", f.read_only},
                  {"value", value(f.key)}};
      if (!f.choices.empty()) row["choices"] = f.choices;
      fields.push_back(row);
    }
    Json docs = Json::array();
    for (const auto& d : p.documents) {
      docs.push_back({{"key", d.key},
                      {"label", ctx.tr(d.label)},
                      {"required", d.required == domain::RequiredWhen::always}});
    }
    ctx.print_json({{"kind", domain::key(p.kind)},
                    {"permit", p.permit_no.empty() ? Json() : Json(p.permit_no)},
                    {"fields", fields},
                    {"documents", docs}});
    return 0;
  }
  const std::string permit = p.permit_no.empty() ? "" : " --permit " + p.permit_no;
  ctx.out() << "# " << ctx.tr(domain::label(p.kind)) << " (soas apply " << domain::key(p.kind) << permit
            << " --form FILE.yaml --doc ITEM=PATH ... --agree)\n"
            << "# "
            << ctx.tr({"* 為必填；[唯讀] 為系統帶出的資料，不可修改",
                       "* = required; [read-only] is filled by the system"})
            << '\n';
  std::vector<std::vector<std::string>> rows;
  std::string group;
  for (const auto& f : p.fields) {
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
    std::string comment = std::string("# ") + (f.required ? "* " : "  ") + ctx.tr(f.label);
    if (f.read_only) comment += ctx.tr({" [唯讀]", " [read-only]"});
    if (!f.choices.empty()) {
      std::string list;
      for (const auto& c : f.choices) list += (list.empty() ? "" : " | ") + c;
      comment += ": " + list;
    } else if (f.kind == domain::FieldKind::yes_no) {
      comment += ": yes | no";
    }
    rows.push_back({indent + key + ": " + yaml_quote(value(f.key)), comment});
  }
  ctx.print_table({"", ""}, rows);
  ctx.out() << "\n# "
            << ctx.tr({"應檢附文件（--doc 項目=檔案，可重複；JPG/JPEG/PNG/BMP/PDF，每檔小於512K）：",
                       "Documents (--doc ITEM=FILE, repeatable; JPG/JPEG/PNG/BMP/PDF, each under 512 KB):"})
            << '\n';
  for (const auto& d : p.documents) {
    const char* mark = d.required == domain::RequiredWhen::always                   ? "* "
                       : d.required == domain::RequiredWhen::unless_resumed_student ? "* "
                                                                                    : "  ";
    ctx.out() << "#   " << mark << util::pad_right(d.key, 20) << ctx.tr(d.label) << '\n';
  }
  return 0;
}

int run_apply(Context& ctx, const ApplyOptions& o) {
  if (!o.print_form) {
    throw UsageError("usage", Text{"目前僅支援 --print-form（送件將於後續版本提供）",
                                   "only --print-form is available in this version; submission follows"});
  }
  const auto prepared = service::prepare_application(ctx.service_env(), ctx.caller(),
                                                     *domain::parse_application_kind(o.kind), o.permit);
  return print_form(ctx, prepared);
}

}  // namespace

void register_apply(CLI::App& app, Commands& commands) {
  auto opts = std::make_shared<ApplyOptions>();
  std::vector<std::string> kinds;
  for (auto k : domain::k_application_kinds) kinds.emplace_back(domain::key(k));
  CLI::App* cmd =
      app.add_subcommand("apply", "Apply: the checks before the form, and the pre-filled form (students)");
  cmd->add_option("kind", opts->kind, "arc, multi-entry, extension or data-change")
      ->required()
      ->check(CLI::IsMember(kinds));
  cmd->add_option(
      "--permit", opts->permit,
      "The permit checked before the form: the single-entry permit for multi-entry, the multi-entry "
      "permit for extension and data-change");
  cmd->add_flag("--print-form", opts->print_form, "Run the checks and print the form as YAML, pre-filled");
  cmd->footer(
      "The checks run in the seed's order and refuse with its messages (exit 4):\n"
      "查無此證號資料, 帳號基資與案件資料不符, 不符合申請條件, and for an extension outside its\n"
      "window 須於停留期間屆滿前3個月內始得申請.\n\n"
      "Examples:\n  soas apply multi-entry --permit 108695200100 --print-form > form.yaml\n"
      "  soas apply arc --print-form");
  commands.add(cmd, [opts](Context& ctx) { return run_apply(ctx, *opts); });
}

}  // namespace soas::cli
