// soas school add|list: the schools students belong to (admin adds).

#include "cmd_school.hpp"
#include "app.hpp"
#include "service/records.hpp"

namespace soas::cli {

namespace cmd_school {

int run_school_add(Output& io, Services& sv, const std::string& code, const std::string& name) {
  service::add_school(sv.service_env(), sv.caller(), domain::School{code, name});
  if (io.json()) {
    io.print_json({{"code", code}, {"name", name}});
  } else {
    io.out() << io.tr({"已新增學校 " + code + " " + name, "Added school " + code + " " + name}) << '\n';
  }
  return 0;
}

int run_school_list(Output& io, Services& sv) {
  const auto schools = service::list_schools(sv.service_env(), sv.caller());
  if (io.json()) {
    Json a = Json::array();
    for (const auto& s : schools) a.push_back({{"code", s.code}, {"name", s.name}});
    io.print_json({{"schools", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : schools) rows.push_back({s.code, s.name});
  io.print_table({io.tr({"學校代碼", "code"}), io.tr({"學校名稱", "name"})}, rows);
  return 0;
}

}  // namespace cmd_school

using namespace cmd_school;  // its runners and options

void register_school(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("school", "Schools (admin adds; staff list)");
  group->require_subcommand(1);
  auto code = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  CLI::App* add = group->add_subcommand("add", "Add a school (admin)");
  add->add_option("code", *code, "The school's code (letters, digits, - or _)")->required();
  add->add_option("name", *name, "The school's name")->required();
  add->footer("Example:\n  soas school add NTUT 國立臺北科技大學");
  commands.add(add, [code, name](Context& ctx) { return run_school_add(ctx, ctx, *code, *name); });
  CLI::App* list = group->add_subcommand("list", "List the schools (admin, reviewer, school)");
  list->footer("Examples:\n  soas school list\n  soas --json school list");
  commands.add(list, run_school_list);
}

}  // namespace soas::cli
