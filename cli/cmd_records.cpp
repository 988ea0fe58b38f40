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
}

}  // namespace soas::cli
