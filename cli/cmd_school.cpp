// soas school add|list: the schools students belong to (admin adds).

#include "app.hpp"
#include "service/records.hpp"

namespace soas::cli {

namespace {

int run_school_add(Context& ctx, const std::string& code, const std::string& name) {
  service::add_school(ctx.service_env(), ctx.caller(), domain::School{code, name});
  if (ctx.json()) {
    ctx.print_json({{"code", code}, {"name", name}});
  } else {
    ctx.out() << ctx.tr({"已新增學校 " + code + " " + name, "Added school " + code + " " + name}) << '\n';
  }
  return 0;
}

int run_school_list(Context& ctx) {
  const auto schools = service::list_schools(ctx.service_env(), ctx.caller());
  if (ctx.json()) {
    Json a = Json::array();
    for (const auto& s : schools) a.push_back({{"code", s.code}, {"name", s.name}});
    ctx.print_json({{"schools", a}});
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : schools) rows.push_back({s.code, s.name});
  ctx.print_table({ctx.tr({"學校代碼", "code"}), ctx.tr({"學校名稱", "name"})}, rows);
  return 0;
}

}  // namespace

void register_school(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("school", "Schools (admin adds; staff list)");
  group->require_subcommand(1);
  auto code = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  CLI::App* add = group->add_subcommand("add", "Add a school (admin)");
  add->add_option("code", *code, "The school's code (letters, digits, - or _)")->required();
  add->add_option("name", *name, "The school's name")->required();
  add->footer("Example:\n  soas school add NTUT 國立臺北科技大學");
  commands.add(add, [code, name](Context& ctx) { return run_school_add(ctx, *code, *name); });
  CLI::App* list = group->add_subcommand("list", "List the schools (admin, reviewer, school)");
  list->footer("Examples:\n  soas school list\n  soas --json school list");
  commands.add(list, run_school_list);
}

}  // namespace soas::cli
