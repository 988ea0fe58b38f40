// soas batch: a school files for many students at once from a spreadsheet
// (man soas-batch(1), soas-batch(5)): the template, validation with a report
// down to the cell, submission as one group, and the group's status.

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app.hpp"
#include "batch.hpp"
#include "cmd_batch.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/messages.hpp"
#include "service/applications.hpp"
#include "service/batches.hpp"

namespace soas::cli {

namespace cmd_batch {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) {
  g_interrupted = 1;
}

std::vector<std::string> kind_keys() {
  std::vector<std::string> out;
  for (auto k : batch::batch_kinds()) out.emplace_back(domain::key(k));
  return out;
}

std::vector<std::string> station_codes(Services& sv) {
  return config::station_codes(sv.config());
}

// A progress line on stderr when it is a terminal; Ctrl-C stops at a row
// boundary.
// SOAS_BATCH_CHUNK_ROWS: rows per transaction; SOAS_TEST_KILL_AFTER_ROWS: the
// fault tests' hook (man soas-batch(1) ENVIRONMENT).
std::size_t env_count(Services& sv, const char* name, std::size_t fallback) {
  const auto v = sv.env()(name);
  if (!v || v->empty()) return fallback;
  char* end = nullptr;
  const unsigned long n = std::strtoul(v->c_str(), &end, 10);
  if (*end != '\0')
    throw UsageError("bad-env",
                     Text{std::string(name) + " 須為整數", std::string(name) + " must be a whole number"});
  return n;
}

batch::Options options_of(Output& io, Services& sv, const FileOptions& o) {
  batch::Options opt;
  opt.chunk_rows = env_count(sv, "SOAS_BATCH_CHUNK_ROWS", 100);
  opt.kill_after_rows = env_count(sv, "SOAS_TEST_KILL_AFTER_ROWS", 0);
  opt.docs_dir = o.docs;
  opt.sheet = o.sheet;
  if (!o.kind.empty()) opt.kind = domain::parse_application_kind(o.kind);
  opt.agreed = o.agree;
  opt.encoding = *tabular::parse_encoding(o.encoding);  // CLI11 checked it
  const bool tty = isatty(STDERR_FILENO) == 1 && !io.quiet();
  const auto start = std::chrono::steady_clock::now();
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  opt.progress = [tty, start, last](std::size_t done, double fraction) {
    if (tty) {
      const auto now = std::chrono::steady_clock::now();
      if (now - *last >= std::chrono::milliseconds(100) || fraction >= 1.0) {  // ten redraws a second
        *last = now;
        const double secs = std::chrono::duration<double>(now - start).count();
        const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
        const double eta = fraction > 0 ? secs * (1 - fraction) / fraction : 0;
        std::fprintf(stderr, "\r%zu rows  %3.0f%%  %.0f rows/s  ETA %.0f s   ", done, fraction * 100, rate,
                     eta);
      }
    }
    return g_interrupted == 0;
  };
  return opt;
}

// Each row as it is decided: its problems printed (or, with --json, its
// result streamed into the document), and the report workbook fed.
class RowPrinter final : public batch::RowSink {
 public:
  RowPrinter(Output& io, const FileOptions& o) : m_io(io) {
    if (!o.report.empty()) m_writer = std::make_unique<batch::ReportWriter>(o.report);
  }

  void begin(const batch::Report& r) override {
    if (m_writer) m_writer->begin(r);
    if (m_io.json()) {
      m_results.reset(std::tmpfile());
      if (!m_results) throw Failure("write-failed", Text{"無法建立暫存檔", "cannot create a temporary file"});
    }
  }

  void row(const batch::RowResult& row, const tabular::Row& input) override {
    if (m_writer) m_writer->row(row, input);
    if (m_io.json()) {
      for (const auto& p : row.problems) {
        m_problems.push_back({{"row", row.row},
                              {"key", row.key},
                              {"column", p.column},
                              {"code", p.code},
                              {"message", m_io.tr(p.message)}});
      }
      const Json j = {{"row", row.row},
                      {"key", row.key},
                      {"status", batch::key(row.status)},
                      {"receipt_no", row.receipt_no.empty() ? Json() : Json(row.receipt_no)}};
      const std::string text = (m_first ? "\n" : ",\n") + indented(j.dump(2), 4);
      if (std::fwrite(text.data(), 1, text.size(), m_results.get()) != text.size())
        throw Failure("write-failed", Text{"無法寫入暫存檔", "cannot write a temporary file"});
      m_first = false;
      return;
    }
    for (const auto& p : row.problems) {
      m_io.out() << m_io.tr({"第 " + std::to_string(row.row) + " 列", "row " + std::to_string(row.row)})
                 << "  " << (row.key.empty() ? "-" : row.key) << "  " << (p.column.empty() ? "-" : p.column)
                 << "  " << m_io.tr(p.message) << " [" << p.code << "]\n";
    }
  }

  // The counts, the group, the report; the exit code.
  int finish(const batch::Report& r, const FileOptions& o, bool submitted) {
    if (isatty(STDERR_FILENO) == 1 && !m_io.quiet() && r.rows > 0)
      std::fputc('\n', stderr);  // after the progress line
    if (m_writer) m_writer->finish(r);
    const std::size_t failed = r.count(batch::RowStatus::failed);
    if (m_io.json()) {
      Json tail = {{"rows", r.rows},
                   {"ok", r.count(batch::RowStatus::ok)},
                   {"filed", r.count(batch::RowStatus::filed)},
                   {"skipped", r.count(batch::RowStatus::skipped)},
                   {"failed", failed},
                   {"group_no", r.group_no.empty() ? Json() : Json(r.group_no)},
                   {"report", o.report.empty() ? Json() : Json(o.report)},
                   {"documents_checked", r.documents_checked},
                   {"interrupted", r.stopped},
                   {"warnings", warnings_json(m_io, r.warnings)}};
      m_io.out() << "{\n  \"file\": " << Json(r.file).dump()
                 << ",\n  \"kind\": " << Json(domain::key(r.kind)).dump() << ",\n  \"results\": [";
      if (m_results) {  // the results, held on disk until the document is whole
        std::rewind(m_results.get());
        char buffer[1 << 16];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, m_results.get())) > 0)
          m_io.out().write(buffer, static_cast<std::streamsize>(n));
      }
      m_io.out() << (m_first ? "]" : "\n  ]")
                 << ",\n  \"problems\": " << indented(m_problems.dump(2), 2, false);
      for (const auto& [k, v] : tail.items()) m_io.out() << ",\n  " << Json(k).dump() << ": " << v.dump();
      m_io.out() << "\n}\n";
    } else {
      m_io.warn(r.warnings);
      if (submitted) {
        if (!r.group_no.empty()) m_io.out() << m_io.tr({"團號/批次號：", "group: "}) << r.group_no << '\n';
        m_io.out() << m_io.tr({"送件 ", "submitted "}) << r.count(batch::RowStatus::filed)
                   << m_io.tr({"，失敗 ", ", failed "}) << failed
                   << m_io.tr({"，已送過略過 ", ", skipped (filed before) "})
                   << r.count(batch::RowStatus::skipped) << m_io.tr({"（共 ", " (of "}) << r.rows
                   << m_io.tr({" 列）", " rows)"}) << '\n';
      } else {
        m_io.out() << m_io.tr({"通過 ", "passed "}) << r.count(batch::RowStatus::ok)
                   << m_io.tr({"，有誤 ", ", failed "}) << failed << m_io.tr({"，已送過 ", ", filed before "})
                   << r.count(batch::RowStatus::skipped) << m_io.tr({"（共 ", " (of "}) << r.rows
                   << m_io.tr({" 列）", " rows)"}) << '\n';
        if (!r.documents_checked)
          m_io.out() << m_io.tr({"未檢查文件（未給 --docs）", "documents not checked (no --docs)"}) << '\n';
      }
      if (!o.report.empty()) m_io.out() << m_io.tr({"報告：", "report: "}) << o.report << '\n';
    }
    if (r.stopped) {
      m_io.err() << m_io.tr({"soas: 已於列邊界中斷；重新執行同一指令即可從中斷處繼續（已送出的列不會重送）",
                             "soas: interrupted at a row boundary; run the same command again to resume "
                             "(rows filed are not filed twice)"})
                 << '\n';
      return static_cast<int>(Exit::interrupted);
    }
    return failed > 0 ? static_cast<int>(Exit::partial) : 0;
  }

 private:
  // `text` with every line but (unless `first`) the first indented by `by` spaces.
  static std::string indented(const std::string& text, int by, bool first = true) {
    const std::string pad(static_cast<std::size_t>(by), ' ');
    std::string out = first ? pad : "";
    for (char c : text) {
      out += c;
      if (c == '\n') out += pad;
    }
    return out;
  }

  Output& m_io;
  std::unique_ptr<batch::ReportWriter> m_writer;
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Close> m_results;  // with --json: the results so far, on disk
  Json m_problems = Json::array();              // with --json: listed after the results
  bool m_first = true;
};

int run_template(Output& io, Services& sv, const std::string& kind, const std::string& out) {
  batch::write_template(*domain::parse_application_kind(kind), station_codes(sv), out);
  if (io.json()) {
    io.print_json({{"kind", kind}, {"file", out}});
  } else {
    io.out() << io.tr({"已產生範本：", "Template written: "}) << out << '\n';
  }
  return 0;
}

int run_validate(Output& io, Services& sv, const FileOptions& o) {
  std::signal(SIGINT, on_sigint);
  const auto opt = options_of(io, sv, o);
  protect_file(o.file, Text{"本指令讀取的批次檔", "the batch file this command reads"});
  RowPrinter out(io, o);
  return out.finish(batch::validate(sv.service_env(), sv.caller(), o.file, opt, out), o, false);
}

int run_submit(Output& io, Services& sv, const FileOptions& o) {
  if (!o.agree) throw Refusal(msg::declaration_not_agreed);
  std::signal(SIGINT, on_sigint);
  const auto opt = options_of(io, sv, o);
  protect_file(o.file, Text{"本指令讀取的批次檔", "the batch file this command reads"});
  RowPrinter out(io, o);
  return out.finish(batch::submit(sv.service_env(), sv.caller(), o.file, opt, out), o, true);
}

// A line's state: the case's, or "not filed".
// The state, and for a case filed from the row's own data (the applicant not
// in the school's records) a word saying so.
Text state_label(const service::BatchStatusRow& r) {
  if (!r.state) return Text{"未送件", "not filed"};
  const Text label = domain::label(*r.state);
  if (!r.unrecorded) return label;
  return Text{label.zh + "（依所填資料）", label.en + " (from the row's data)"};
}

std::string problem_list(const service::BatchStatusRow& r) {
  std::string out;
  for (const auto& p : r.problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

// As the table shows it: a row not filed with its problems.
Text state_text(const service::BatchStatusRow& r) {
  const Text label = state_label(r);
  const std::string problems = problem_list(r);
  if (r.state || problems.empty()) return label;
  return Text{label.zh + "：" + problems, label.en + ": " + problems};
}

std::string state_key(const service::BatchStatusRow& r) {
  return r.state ? std::string(domain::key(*r.state)) : "not-filed";
}

Json status_row_json(const service::BatchStatusRow& r) {
  return {{"row", r.row ? Json(*r.row) : Json()},
          {"key", r.key},
          {"name", r.name},
          {"receipt_no", r.receipt_no.empty() ? Json() : Json(r.receipt_no)},
          {"state", state_key(r)},
          {"proxy", r.proxy},
          {"unrecorded", r.unrecorded},
          {"due", r.due},
          {"problems", r.problems}};
}

std::vector<std::string> status_row_cells(const Output& io, const service::BatchStatusRow& r) {
  return {
      r.row ? std::to_string(*r.row) : "-",      r.key.empty() ? "-" : r.key, r.name.empty() ? "-" : r.name,
      r.receipt_no.empty() ? "-" : r.receipt_no, io.tr(state_text(r)),        "NT$" + std::to_string(r.due)};
}

int run_status(Output& io, Services& sv, const StatusOptions& o) {
  const auto env = sv.service_env();
  const auto& caller = sv.caller();
  const auto fetch = [&](const std::optional<std::string>& after, std::size_t limit) {
    return service::batch_status(env, caller, o.group, after, limit);
  };
  if (!o.output.empty()) {
    const auto whole = fetch(std::nullopt, 0);
    std::vector<batch::ResultRow> rows;
    for (const auto& r : whole.rows)
      rows.push_back({r.cells, r.receipt_no, io.tr(state_label(r)), r.due, problem_list(r)});
    batch::write_results(o.output, whole.header, rows);
  }
  // --all: every row, a thousand at a time.
  const std::size_t limit = o.page.all ? 1000 : o.page.limit;
  auto status = fetch(o.page.after, limit);
  std::map<std::string, long> by_state;
  for (const auto& [state, n] : status.by_state)
    by_state[state ? std::string(domain::key(*state)) : "not-filed"] = n;
  const auto each_page = [&](const std::function<void(const service::BatchStatus&)>& emit) {
    emit(status);
    while (o.page.all && status.next) {
      status = fetch(status.next, limit);
      emit(status);
    }
  };
  const Json output = o.output.empty() ? Json() : Json(o.output);
  if (io.json()) {
    if (o.page.all) {
      JsonArrayStream stream(io, "rows", Json{{"group_no", o.group}});
      each_page([&](const service::BatchStatus& s) {
        for (const auto& r : s.rows) stream.add(status_row_json(r));
      });
      stream.finish(Json{{"by_state", by_state}, {"due", status.due}, {"output", output}});
      return 0;
    }
    Json rows = Json::array();
    for (const auto& r : status.rows) rows.push_back(status_row_json(r));
    Json doc{{"group_no", o.group},
             {"rows", rows},
             {"by_state", by_state},
             {"due", status.due},
             {"output", output}};
    if (status.next) {
      doc["next"] = *status.next;
      doc["more"] = status.more;
      if (status.more >= service::k_count_cap) doc["more_at_least"] = true;
    }
    io.print_json(doc);
    return 0;
  }
  const std::vector<std::string> headers{io.tr({"列", "row"}),         io.tr({"證號", "key"}),
                                         io.tr({"申請人", "name"}),    io.tr({"收件號", "receipt"}),
                                         io.tr({"辦理階段", "state"}), io.tr({"應繳金額", "due"})};
  TableStream table(io, headers);
  const long due = status.due;
  const long total = status.total;
  const bool per_row = status.per_row;
  each_page([&](const service::BatchStatus& s) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : s.rows) rows.push_back(status_row_cells(io, r));
    table.add(rows);
  });
  table.finish();
  if (!o.page.all) print_more_line(io, status.next, status.more, status.more >= service::k_count_cap);
  const auto not_filed = by_state.count("not-filed") ? by_state.at("not-filed") : 0;
  io.out() << io.tr({"共 ", ""}) << total
           << (per_row ? io.tr({" 列（未送件 ", " rows ("}) : io.tr({" 件（未送件 ", " cases ("}))
           << not_filed << io.tr({"），應繳合計 NT$", " not filed), due NT$"}) << due << '\n';
  if (!o.output.empty()) io.out() << io.tr({"結果：", "results: "}) << o.output << '\n';
  return 0;
}

}  // namespace cmd_batch

using namespace cmd_batch;  // its runners and options

void register_batch(CLI::App& app, Commands& commands) {
  CLI::App* group =
      app.add_subcommand("batch", "School batches (就讀學校代辦): template, validate, submit, status");
  group->require_subcommand(1);
  const auto kinds = kind_keys();

  auto tk = std::make_shared<std::string>();
  auto tout = std::make_shared<std::string>();
  CLI::App* t = group->add_subcommand("template", "Write the workbook to fill in for a kind");
  t->add_option("--kind", *tk, "arc, multi-entry, extension or data-change")
      ->required()
      ->check(CLI::IsMember(kinds));
  t->add_option("-o,--output", *tout, "The .xlsx to write")->required();
  t->footer(
      "Examples:\n  soas batch template --kind arc -o arc.xlsx\n"
      "  soas batch template --kind multi-entry -o rows.xlsx");
  commands.add(t, [tk, tout](Context& ctx) { return run_template(ctx, ctx, *tk, *tout); });

  const auto file_options = [&](CLI::App* cmd, std::shared_ptr<FileOptions> o, bool docs_required) {
    cmd->add_option("file", o->file, "The filled workbook (XLSX) or CSV")->required();
    auto* docs =
        cmd->add_option("--docs", o->docs, "One folder per student, named by passport or permit number");
    if (docs_required) docs->required();
    cmd->add_option("--report", o->report, "Also write a report workbook: each bad cell marked");
    cmd->add_option("--sheet", o->sheet, "The worksheet to read (default: the first)");
    cmd->add_option("--kind", o->kind, "The kind, when the file has no kind column")
        ->check(CLI::IsMember(kinds));
    cmd->add_option("--encoding", o->encoding, "CSV text: auto (UTF-8, else Big5), utf-8 or big5")
        ->check(CLI::IsMember(std::vector<std::string>{"auto", "utf-8", "big5"}));
  };
  auto v = std::make_shared<FileOptions>();
  CLI::App* val = group->add_subcommand("validate", "Check every row as soas apply would; writes nothing");
  file_options(val, v, false);
  val->footer(
      "Exit 0 when every row passes, 3 when some do not; --json lists row, column, code, message.\n\n"
      "Examples:\n  soas batch validate rows.xlsx --docs scans\n"
      "  soas batch validate rows.xlsx --docs scans --report checked.xlsx");
  commands.add(val, [v](Context& ctx) { return run_validate(ctx, ctx, *v); });

  auto s = std::make_shared<FileOptions>();
  CLI::App* sub = group->add_subcommand("submit", "File every valid row as one group (團號/批次號)");
  file_options(sub, s, true);
  sub->add_flag("--agree", s->agree, "Agree to the declaration (使用聲明事項) for these students");
  sub->footer(
      "Safe to re-run: rows filed before are skipped; an interrupted run resumes. Exit 3 when some rows "
      "fail.\n\n"
      "Example:\n  soas batch submit rows.xlsx --docs scans --agree");
  commands.add(sub, [s](Context& ctx) { return run_submit(ctx, ctx, *s); });

  auto so = std::make_shared<StatusOptions>();
  CLI::App* st =
      group->add_subcommand("status", "Each row of the group's file: its case, state and amount due");
  st->add_option("group", so->group, "The group number (團號/批次號)")->required();
  st->add_option("-o,--output", so->output,
                 "Also write the results workbook (.xlsx) of every row: the school's sheet with them added");
  add_page_options(st, so->page);
  st->footer("One line per row of the school's file: row, key, name, receipt, state and the amount due.\n" +
             paging_help("row order", "row") +
             "The last line counts the whole group: its rows, those not filed and the amount due.\n\n"
             "Examples:\n  soas batch status 000000012\n  soas batch status 000000012 -o results.xlsx\n"
             "  soas batch status 000000012 --after 101");
  commands.add(st, [so](Context& ctx) { return run_status(ctx, ctx, *so); });
}

}  // namespace soas::cli
