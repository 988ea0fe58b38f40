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

int run_school_list(Output& io, Services& sv, const PageOptions& page) {
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  using Row = domain::School;
  return print_paged<Row>(
      io, page, "schools",
      [&](const std::optional<std::string>& after, std::size_t limit) {
        return service::list_schools(env, caller, after, limit);
      },
      [](const Row& s) {
        return Json{{"code", s.code}, {"name", s.name}};
      },
      {io.tr({"學校代碼", "code"}), io.tr({"學校名稱", "name"})},
      [](const Row& s) {
        return std::vector<std::string>{s.code, s.name};
      });
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
  auto page = std::make_shared<PageOptions>();
  add_page_options(list, *page);
  list->footer(paging_help("code order", "school") +
               "Examples:\n  soas school list\n  soas --json school list\n  soas school list --after NTUT");
  commands.add(list, [page](Context& ctx) { return run_school_list(ctx, ctx, *page); });
}

}  // namespace soas::cli
