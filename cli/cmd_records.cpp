// soas records import: load the agency's records of persons and permits.

#include "cmd_records.hpp"
#include "app.hpp"
#include "core/error.hpp"
#include "service/records.hpp"

namespace soas::cli {

namespace cmd_records {

int run_import(Output& io, Services& sv, const std::vector<std::string>& files) {
  const auto& caller = sv.caller();
  std::vector<service::ImportReport> reports;
  for (const auto& f : files) reports.push_back(service::import_records(sv.service_env(), caller, f));
  int applied = 0;
  for (const auto& r : reports) applied += r.applied() ? 1 : 0;
  const auto kind_key = [](domain::RecordFileKind k) {
    return k == domain::RecordFileKind::persons ? "persons" : "permits";
  };
  if (io.json()) {
    Json a = Json::array();
    for (const auto& r : reports) {
      const Json problems = row_problems_json(io, r.problems);
      a.push_back({{"file", r.file},
                   {"format", r.format},
                   {"kind", kind_key(r.kind)},
                   {"applied", r.applied()},
                   {"rows", r.rows},
                   {"inserted", r.inserted},
                   {"updated", r.updated},
                   {"unchanged", r.unchanged},
                   {"problems", problems}});
    }
    io.print_json({{"files", a}});
  } else {
    for (const auto& r : reports) {
      if (r.applied()) {
        io.out() << io.tr({r.file + "（" + kind_key(r.kind) + "）：" + std::to_string(r.rows) + " 列，新增 " +
                               std::to_string(r.inserted) + "、更新 " + std::to_string(r.updated) +
                               "、未變更 " + std::to_string(r.unchanged),
                           r.file + " (" + kind_key(r.kind) + "): " + std::to_string(r.rows) + " rows, " +
                               std::to_string(r.inserted) + " inserted, " + std::to_string(r.updated) +
                               " updated, " + std::to_string(r.unchanged) + " unchanged"})
                 << '\n';
        continue;
      }
      io.err() << "soas: error: "
               << io.tr({r.file + "：有 " + std::to_string(r.problems.size()) + " 項錯誤，整個檔案未匯入",
                         r.file + ": " + std::to_string(r.problems.size()) +
                             " problem(s); nothing of the file was applied"})
               << " [records-invalid]\n";
      print_row_problems(io, r.file, r.problems);
    }
  }
  if (applied == static_cast<int>(reports.size())) return 0;
  return static_cast<int>(applied > 0 ? Exit::partial : Exit::refused);
}

int run_list(Output& io, Services& sv, const ListOptions& o) {
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  if (o.permits) {
    if (o.school)
      throw UsageError("usage", Text{"--school 只用於人員清單", "--school lists persons, not permits"});
    using Row = domain::Permit;
    return print_paged<Row>(
        io, o.page, "permits",
        [&](const std::optional<std::string>& after, std::size_t limit) {
          return service::list_permits(env, caller, after, limit);
        },
        [](const Row& p) {
          return Json{{"permit_no", p.permit_no},           {"kind", domain::key(p.kind)},
                      {"record_id", p.record_id},           {"issue_date", p.issue_date.iso()},
                      {"stay_expiry", p.stay_expiry.iso()}, {"entry_inspected", p.entry_inspected}};
        },
        {io.tr({"證號", "permit"}), io.tr({"證別", "kind"}), io.tr({"持證人", "holder"}),
         io.tr({"核發日期", "issued"}), io.tr({"居留期限", "stay until"}), io.tr({"已查驗入境", "entered"})},
        [&](const Row& p) {
          return std::vector<std::string>{
              p.permit_no,         io.tr(domain::label(p.kind)),
              p.record_id,         p.issue_date.iso(),
              p.stay_expiry.iso(), p.entry_inspected ? io.tr({"是", "yes"}) : io.tr({"否", "no"})};
        });
  }
  using Row = domain::Person;
  const auto document_of = [](const Row& p) {
    return !p.mainland_id.empty() ? p.mainland_id : p.passport_no;
  };
  const auto name_of = [](const Row& p) {
    if (!p.name_zh.empty()) return p.name_zh;
    return p.surname_en + (p.given_name_en.empty() ? "" : " " + p.given_name_en);
  };
  return print_paged<Row>(
      io, o.page, "persons",
      [&](const std::optional<std::string>& after, std::size_t limit) {
        return service::list_persons(env, caller, o.school, after, limit);
      },
      [](const Row& p) {
        return Json{{"record_id", p.record_id},
                    {"identity_type", domain::key(p.identity_type)},
                    {"name_zh", p.name_zh},
                    {"surname_en", p.surname_en},
                    {"given_name_en", p.given_name_en},
                    {"birth_date", p.birth_date.iso()},
                    {"sex", p.sex},
                    {"nationality", p.nationality},
                    {"passport_no", p.passport_no},
                    {"mainland_id", p.mainland_id},
                    {"ui_no", p.ui_no},
                    {"school", p.school_code.empty() ? Json() : Json(p.school_code)},
                    {"department", p.department}};
      },
      {io.tr({"資料編號", "record"}), io.tr({"身分類型", "type"}), io.tr({"姓名", "name"}),
       io.tr({"證件號碼", "document"}), io.tr({"學校", "school"}), io.tr({"系所", "department"})},
      [&](const Row& p) {
        return std::vector<std::string>{p.record_id,
                                        std::string(domain::key(p.identity_type)),
                                        name_of(p),
                                        document_of(p),
                                        p.school_code.empty() ? "-" : p.school_code,
                                        p.department.empty() ? "-" : p.department};
      });
}

}  // namespace cmd_records

using namespace cmd_records;  // its runners and options

void register_records(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("records", "The agency's records of persons and permits (admin)");
  group->require_subcommand(1);
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* imp =
      group->add_subcommand("import", "Import records files (CSV or XLSX), each whole or not at all");
  imp->add_option("files", *files, "Files of persons or permits (told by the header)")->required();
  imp->footer(
      "Each file is applied in one transaction: a file with any bad cell is reported line by\n"
      "line and nothing of it is applied. Importing the same file again changes nothing; a\n"
      "changed row updates the record, audited. Give persons before the permits they hold.\n"
      "Exit 0 all applied, 3 some files refused, 4 all refused. Format: man soas-records(5).\n\n"
      "Example:\n  soas records import samples/records-persons.csv samples/records-permits.csv");
  commands.add(imp, [files](Context& ctx) { return run_import(ctx, ctx, *files); });

  auto lo = std::make_shared<ListOptions>();
  CLI::App* list =
      group->add_subcommand("list", "The records imported: persons, or with --permits the permits");
  list->add_option("--school", lo->school, "Only the persons of this school");
  list->add_flag("--permits", lo->permits, "The permits (by number) instead of the persons");
  add_page_options(list, lo->page);
  list->footer(paging_help("record-id order (permits: by number)", "record") +
               "Examples:\n  soas records list\n  soas records list --school NTUT\n"
               "  soas --json records list --permits --all > permits.json");
  commands.add(list, [lo](Context& ctx) { return run_list(ctx, ctx, *lo); });
}

}  // namespace soas::cli
