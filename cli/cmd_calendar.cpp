// soas calendar import: the DGPA's office calendar (政府行政機關辦公日曆表)
// into the database, a year at a time (man soas-calendar(1)).

#include "cmd_calendar.hpp"
#include "app.hpp"
#include "core/error.hpp"
#include "service/calendar.hpp"

namespace soas::cli {

namespace cmd_calendar {

std::string years_text(const std::vector<int>& years) {
  std::string out;
  for (int y : years) out += (out.empty() ? "" : ", ") + std::to_string(y);
  return out;
}

int run_import(Output& io, Services& sv, const std::string& file) {
  const auto r = service::import_calendar(sv.service_env(), sv.caller(), file);
  if (io.json()) {
    io.print_json({{"file", r.file},
                   {"format", r.format},
                   {"sha256", r.sha256},
                   {"applied", r.applied()},
                   {"rows", r.rows},
                   {"years", r.years},
                   {"replaced", r.replaced},
                   {"problems", row_problems_json(io, r.problems)}});
  } else if (r.applied()) {
    io.out() << io.tr({r.file + "：" + std::to_string(r.rows) + " 天，已匯入 " + years_text(r.years) + " 年" +
                           (r.replaced.empty() ? "" : "（取代先前匯入的 " + years_text(r.replaced) + " 年）"),
                       r.file + ": " + std::to_string(r.rows) + " days, imported " + years_text(r.years) +
                           (r.replaced.empty()
                                ? ""
                                : " (replacing the earlier import of " + years_text(r.replaced) + ")")})
             << '\n';
  } else {
    io.err() << "soas: error: "
             << io.tr(
                    {r.file + "：有 " + std::to_string(r.problems.size()) + " 項錯誤，未匯入任何年份",
                     r.file + ": " + std::to_string(r.problems.size()) + " problem(s); no year was imported"})
             << " [calendar-invalid]\n";
    print_row_problems(io, r.file, r.problems);
  }
  return r.applied() ? 0 : static_cast<int>(Exit::refused);
}

}  // namespace cmd_calendar

using namespace cmd_calendar;  // its runners and options

void register_calendar(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("calendar", "The working-day calendar: import the DGPA office calendar (admin)");
  group->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  CLI::App* imp = group->add_subcommand(
      "import", "Import the DGPA's office calendar (政府行政機關辦公日曆表) for its years");
  imp->add_option("file", *file, "The open-data CSV (UTF-8 or Big5) or an XLSX with the same columns")
      ->required();
  imp->footer(
      "The file has the columns 西元日期 (yyyymmdd), 星期 (一..日), 是否放假 (2 day off, 0\n"
      "working day) and 備註, and lists every day of each year it holds. Each year is stored in\n"
      "the database, replacing an earlier import of that year, and audited; soas rules holidays\n"
      "shows where each year comes from. A file with any bad row is reported line by line and\n"
      "nothing of it is imported. A calendar in soas.yaml (calendar:) is laid over the imported\n"
      "years, for overrides. Exit 0 imported, 4 refused. See man soas-calendar(1).\n\n"
      "Example:\n  soas calendar import 116年中華民國政府行政機關辦公日曆表.csv");
  commands.add(imp, [file](Context& ctx) { return run_import(ctx, ctx, *file); });
}

}  // namespace soas::cli
