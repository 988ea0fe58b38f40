#include "batch.hpp"

#include <sodium.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/messages.hpp"
#include "domain/application.hpp"
#include "domain/countries.hpp"
#include "security/signing.hpp"
#include "service/applications.hpp"
#include "service/numbering.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

namespace soas::batch {

namespace {

namespace fs = std::filesystem;
using domain::ApplicationKind;

bool mainland_kind(ApplicationKind k) {
  return k != ApplicationKind::arc;
}

[[noreturn]] void xlsx_failed(const std::string& path, lxw_error e) {
  throw Failure("write-failed", Text{"無法寫入活頁簿：" + path + "（" + lxw_strerror(e) + "）",
                                     "cannot write the workbook: " + path + " (" + lxw_strerror(e) + ")"});
}

// Closes a workbook libxlsxwriter wrote to the PrivateFile's temporary name
// and puts it in place (core/files.hpp: 0600, whole or absent).
void close_into_place(lxw_workbook* wb, PrivateFile& file) {
  const lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    file.discard();
    xlsx_failed(file.target(), e);
  }
  file.commit();
}

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer),
                              static_cast<unsigned long long>(in.gcount()));
  }
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, h);
  return security::to_hex(std::string_view(reinterpret_cast<char*>(h), sizeof h));
}

// A row's documents: DIR/KEY/ITEM.ext, DIR/KEY/ITEM-2.ext, ... in name order.
// A symlink (to a file or a folder) or anything else that is not a regular
// file is never followed and never skipped without a word: it is named in
// `refused`, and the row fails.
struct RowDocuments {
  std::vector<std::pair<std::string, std::string>> files;  // (item, path)
  std::vector<CellProblem> refused;
};

CellProblem refused_document(const std::string& shown, bool symlink) {
  return symlink ? CellProblem{"documents", "batch-doc-symlink",
                               Text{shown + "：是符號連結，不予讀取", shown + ": a symbolic link; not followed"}}
                 : CellProblem{"documents", "batch-doc-not-regular",
                               Text{shown + "：不是一般檔案，不予讀取", shown + ": not a regular file; not read"}};
}

RowDocuments row_documents(const std::string& dir, const std::string& key) {
  RowDocuments out;
  if (dir.empty() || key.empty() || key.find('/') != std::string::npos || key == "." || key == "..")
    return out;
  const fs::path folder = fs::path(dir) / key;
  std::error_code ec;
  const auto folder_status = fs::symlink_status(folder, ec);
  if (ec || !fs::exists(folder_status)) return out;
  if (fs::is_symlink(folder_status) || !fs::is_directory(folder_status)) {
    out.refused.push_back(refused_document(key, fs::is_symlink(folder_status)));
    return out;
  }
  // ITEM.ext is the first of its item, ITEM-N.ext the N-th.
  std::vector<std::tuple<std::string, int, std::string>> files;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const auto st = e.symlink_status(ec);
    if (fs::is_symlink(st) || !fs::is_regular_file(st)) {
      out.refused.push_back(refused_document(key + "/" + e.path().filename().string(), fs::is_symlink(st)));
      continue;
    }
    std::string item = e.path().stem().string();
    int n = 1;
    const std::size_t dash = item.rfind('-');
    if (dash != std::string::npos && dash + 1 < item.size() && item.size() - dash <= 4 &&
        std::all_of(item.begin() + static_cast<long>(dash) + 1, item.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      n = std::atoi(item.c_str() + dash + 1);
      item = item.substr(0, dash);
    }
    files.emplace_back(item, n, e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::sort(out.refused.begin(), out.refused.end(),
            [](const CellProblem& a, const CellProblem& b) { return a.message.en < b.message.en; });
  for (const auto& [item, n, file] : files) out.files.emplace_back(item, file);
  return out;
}

bool is_text_column(const Column& c);

struct Prepared {
  tabular::Row row;
  RowResult result;
  std::optional<service::CheckedSubmission> checked;
};

class Runner {
 public:
  Runner(const service::Env& env, const service::Caller& caller, const std::string& path, const Options& o,
         RowSink& sink)
      : m_env(env), m_caller(caller), m_options(o), m_sink(sink) {
    service::require_role(caller, {domain::Role::school});
    m_report.file = path;
    m_report.documents_checked = !o.docs_dir.empty();
    m_table = tabular::open_table(path, o.sheet, {}, o.encoding);
    m_report.format = m_table->format();
    tabular::Row row;
    if (!m_table->next(row))
      throw Failure("file-format", Text{path + ": 沒有標題列", path + ": there is no header row"});
    m_report.headers = row.cells;
    // The kind: --kind, else the first kind cell (rows read ahead to find it
    // are kept for the run).
    const auto all = columns(ApplicationKind::arc, {});
    std::optional<std::size_t> kind_col;
    for (std::size_t i = 0; i < m_report.headers.size(); ++i) {
      if (column_of(m_report.headers[i], all) == std::optional<std::string>("kind")) kind_col = i;
    }
    std::optional<ApplicationKind> kind = o.kind;
    while (!kind && kind_col && m_table->next(row)) {
      const std::string cell =
          *kind_col < row.cells.size() ? std::string(util::trim(row.cells[*kind_col])) : "";
      m_ahead.push_back(std::move(row));
      if (!cell.empty()) kind = domain::parse_application_kind(cell);
    }
    if (!kind) {
      throw UsageError(
          "batch-kind",
          Text{path +
                   ": 無法判斷申辦項目：請填 kind 欄（arc、multi-entry、extension、data-change）或給 --kind",
               path + ": cannot tell the kind: fill the kind column (arc, multi-entry, "
                      "extension, data-change) or give --kind"});
    }
    m_report.kind = *kind;
    std::vector<std::string> stations;
    for (const auto& st : env.config.stations) stations.push_back(st.code);
    m_columns = columns(*kind, stations);
    // A key named by two columns is refused (header-duplicate): neither of
    // them is taken silently.
    const tabular::HeaderMap header(
        tabular::Row{0, m_report.headers, {}}, [&](const std::string& h) { return column_of(h, m_columns); },
        path);
    m_report.header_keys = header.keys();
    for (std::size_t i = 0; i < m_report.header_keys.size(); ++i) {
      const std::string& k = m_report.header_keys[i];
      if (!k.empty()) m_where[k] = i;
    }
    // The key column must be there; other required fields may come from the
    // agency's records (as the pre-filled form of soas apply), and a row
    // missing one is reported at that row.
    const std::string key_col = key_column(*kind);
    if (!m_where.count(key_col)) {
      const auto c =
          std::find_if(m_columns.begin(), m_columns.end(), [&](const Column& x) { return x.key == key_col; });
      throw Failure("file-format",
                    Text{path + ": 缺少欄位 " + header_text(*c) + "（見 soas batch template）",
                         path + ": the column " + key_col + " is missing (see soas batch template)"});
    }
    for (const auto& c : m_columns) {
      const auto it = m_where.find(c.key);
      m_at.push_back(it == m_where.end() ? std::string::npos : it->second);
    }
    if (const auto school = env.store.schools().find(caller.school_code)) m_school_name = school->name;
    m_sink.begin(m_report);
  }

  Report validate() {
    Prepared p;
    bool more = true;
    while (more && !m_report.stopped) {
      m_env.store.read([&] {  // a snapshot per thousand rows, not a lock per query
        for (int n = 0; n < 1000; ++n) {
          if (!read(p.row)) {
            more = false;
            return;
          }
          prepare(p);
          emit(p);
          if (!tick()) return;
        }
      });
    }
    return m_report;
  }

  Report submit() {
    if (!m_options.agreed) throw Refusal(msg::declaration_not_agreed);
    m_filing = true;  // every row's documents are checked: a row without them is not filed
    const std::string sha = file_sha256(m_report.file);
    if (const auto b = m_env.store.batches().find(m_caller.school_code, sha)) m_report.group_no = b->group_no;
    const std::size_t chunk_rows =
        std::clamp<std::size_t>(m_options.chunk_rows, 1, 10000);  // rows held at once
    std::vector<Prepared> chunk(chunk_rows);
    while (!m_report.stopped) {
      std::size_t n = 0;
      m_env.store.read([&] {  // checked outside the write lock
        while (n < chunk_rows && read(chunk[n].row)) prepare(chunk[n++]);
      });
      if (n == 0) break;
      std::size_t done = 0;
      m_env.store.write([&] {
        done = 0;
        // Another run of the same file may have made its group since this
        // one started: looked up again under the write lock, so that a run
        // that lost the race files into that group (and finds its rows
        // filed) instead of making a second one.
        if (m_report.group_no.empty()) {
          if (const auto b = m_env.store.batches().find(m_caller.school_code, sha)) m_report.group_no = b->group_no;
        }
        for (std::size_t i = 0; i < n; ++i) {
          if (chunk[i].checked) file(chunk[i], sha);
          ++done;
          if (!tick(done)) break;
        }
        record(chunk, done);
      });
      if (m_report.group_no.empty()) {
        for (std::size_t i = 0; i < done; ++i) m_unrecorded.push_back(batch_row(chunk[i]));
      } else {
        m_unrecorded.clear();  // recorded with this chunk, and the header with them
        m_header_recorded = true;
      }
      for (std::size_t i = 0; i < done; ++i) emit(chunk[i]);
    }
    return m_report;
  }

 private:
  bool read(tabular::Row& row) {
    if (!m_ahead.empty()) {
      row = std::move(m_ahead.front());
      m_ahead.pop_front();
      return true;
    }
    return m_table->next(row);
  }

  void emit(const Prepared& p) {
    ++m_report.rows;
    ++m_report.counts[static_cast<int>(p.result.status)];
    m_sink.row(p.result, p.row);
  }

  // `pending`: rows of this chunk decided but not yet emitted.
  bool tick(std::size_t pending = 0) {
    if (m_options.progress && !m_options.progress(m_report.rows + pending, m_table->fraction())) {
      m_report.stopped = true;
      return false;
    }
    return true;
  }

  const std::string* raw_cell(const tabular::Row& row, const std::string& key) const {
    const auto it = m_where.find(key);
    if (it == m_where.end() || it->second >= row.cells.size()) return nullptr;
    return &row.cells[it->second];
  }
  std::string cell(const tabular::Row& row, const std::string& key) const {
    const std::string* v = raw_cell(row, key);
    return v ? normalize_cell(key, *v) : "";
  }

  // Filed before: by an earlier run of this same file (its group has a case
  // for this student, whatever became of it since), or by this school and
  // still open (a row repeated, here or in another file).
  std::optional<store::CaseRecord> filed_before(std::int64_t applicant_id) {
    return filed_before(m_env.store.cases().cases_of(applicant_id, m_report.kind));
  }
  std::optional<store::CaseRecord> filed_before(std::vector<store::CaseRecord> cases) {
    for (auto& c : cases) {
      if (!m_report.group_no.empty() && c.group_no == m_report.group_no) return std::move(c);
      if (!domain::is_under_review(c.state)) continue;
      const auto filer = m_env.store.accounts().by_id(c.filed_by);
      if (filer && filer->role == domain::Role::school && filer->school_code == m_caller.school_code)
        return std::move(c);
    }
    return std::nullopt;
  }

  void file(Prepared& p, const std::string& sha) {
    // A row repeated in this file finds the case its first copy just filed
    // (through the proxy account that copy made, when it made one).
    if (const auto open = filed_before(service::account_id_of(m_env, p.checked->applicant))) {
      p.result.status = RowStatus::skipped;
      p.result.receipt_no = open->receipt_no;
      return;
    }
    try {
      m_env.store.write([&] {  // a savepoint: a failed row undoes only itself
        if (m_report.group_no.empty()) {
          m_report.group_no = service::allocate_group_number(m_env.store.sequences());
          m_env.store.cases().insert_group(m_report.group_no, m_report.kind, m_caller.account_id,
                                           m_env.clock.now());
          m_env.store.batches().insert(store::BatchRecord{m_caller.school_code, sha, m_report.group_no,
                                                          m_caller.account_id, m_env.clock.now()});
        }
        const auto out = service::file_submission(m_env, m_caller, *p.checked, m_report.group_no);
        p.result.status = RowStatus::filed;
        p.result.receipt_no = out.receipt_no;
        for (const auto& w : out.warnings) {
          const bool said = std::any_of(m_report.warnings.begin(), m_report.warnings.end(), [&](const auto& x) {
            return x.code == w.code && x.message.en == w.message.en;
          });
          if (!said) m_report.warnings.push_back(w);
        }
        if (m_options.kill_after_rows > 0 && ++m_filed == m_options.kill_after_rows) std::raise(SIGKILL);
      });
    } catch (const Refusal& e) {
      p.result.status = RowStatus::failed;
      p.result.problems.push_back(CellProblem{key_column(m_report.kind), e.code(), e.text()});
    }
  }

  // The rows of a chunk into batch_rows, in the chunk's transaction, so the
  // rows and the cases agree whatever stops the run. Rows decided before the
  // file's group exists (every one failed or skipped so far) wait for the
  // chunk that makes it; with the first, the header is stored.
  void record(const std::vector<Prepared>& chunk, std::size_t done) {
    if (m_report.group_no.empty()) return;
    if (!m_header_recorded) m_env.store.batches().set_header(m_report.group_no, m_report.headers);
    for (auto r : m_unrecorded) {
      r.group_no = m_report.group_no;
      m_env.store.batches().put_row(r);
    }
    for (std::size_t i = 0; i < done; ++i) m_env.store.batches().put_row(batch_row(chunk[i]));
  }

  store::BatchRow batch_row(const Prepared& p) const {
    store::BatchRow b;
    b.group_no = m_report.group_no;
    b.row_no = static_cast<std::int64_t>(p.result.row);
    b.key = p.result.key;
    b.receipt_no = p.result.receipt_no;
    b.cells = p.row.cells;
    if (p.result.status == RowStatus::filed) {
      b.outcome = store::RowOutcome::filed;
      b.name = domain::display_name(p.checked->submission.form);
      return b;
    }
    domain::Form names;  // the row's own name cells
    for (const char* k : {"name_zh", "name_en", "surname_en", "given_name_en"}) names[k] = cell(p.row, k);
    b.name = domain::display_name(names);
    b.outcome =
        p.result.status == RowStatus::skipped ? store::RowOutcome::skipped : store::RowOutcome::failed;
    // "column code" once each, in the row's order, with a count when a kind
    // repeats (five documents missing: "documents document-missing (5)").
    std::vector<std::pair<std::string, int>> seen;
    for (const auto& problem : p.result.problems) {
      const std::string one = problem.column.empty() ? problem.code : problem.column + " " + problem.code;
      const auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& e) { return e.first == one; });
      if (it == seen.end()) {
        seen.emplace_back(one, 1);
      } else {
        ++it->second;
      }
    }
    for (const auto& [one, n] : seen) {
      if (!b.problems.empty()) b.problems += "; ";
      b.problems += n > 1 ? one + " (" + std::to_string(n) + ")" : one;
    }
    return b;
  }

  // A number cell where text is wanted (an ID, a phone): Excel dropped any
  // leading zero and may have rounded it, so it is reported, not guessed.
  std::optional<CellProblem> number_cell(const tabular::Row& row, std::size_t i) const {
    const Column& c = m_columns[i];
    const std::size_t column = m_at[i];
    if (column >= row.cells.size() || !row.number(column) || !is_text_column(c)) return std::nullopt;
    const std::string* v = &row.cells[column];
    return CellProblem{
        c.key, "batch-cell-number",
        Text{"此欄須為文字，此格卻是數字（讀到 " + *v +
                 "）：數字會刪去開頭的 0；請把欄位格式設為文字後重新輸入",
             "this column takes text but the cell is a number (read " + *v +
                 "): a number drops leading zeros; format the column as text and type it again"}};
  }

  void prepare(Prepared& p) {
    p.result = RowResult{};
    p.checked.reset();
    RowResult& r = p.result;
    const tabular::Row& row = p.row;
    r.row = row.line;
    const ApplicationKind kind = m_report.kind;
    const std::string key_col = key_column(kind);
    r.key = util::to_upper_ascii(cell(row, key_col));
    const auto fail = [&](const std::string& column, const std::string& code, Text text) {
      r.status = RowStatus::failed;
      r.problems.push_back(CellProblem{column, code, std::move(text)});
    };
    const std::string kind_cell = cell(row, "kind");
    if (!kind_cell.empty() && domain::parse_application_kind(kind_cell) != kind) {
      return fail("kind", "batch-kind-mixed",
                  Text{"一個檔案只能有一種申辦項目：" + std::string(domain::key(kind)),
                       "one file holds one kind of application: " + std::string(domain::key(kind))});
    }
    if (r.key.empty()) return fail(key_col, msg::field_required.code, msg::field_required.text());
    std::vector<CellProblem> numbers;
    for (std::size_t i = 0; i < m_columns.size(); ++i)
      if (auto problem = number_cell(row, i)) numbers.push_back(std::move(*problem));
    if (!numbers.empty() && numbers.front().column == key_col) {  // the key itself: no student to look up
      r.status = RowStatus::failed;
      r.problems = std::move(numbers);
      return;
    }
    // The student: by the permit (mainland kinds), or the passport with the
    // nationality and birth date (ARC); each refusal with its own code.
    service::StudentKey key;
    if (mainland_kind(kind)) {
      key.permit_no = r.key;
    } else {
      key.passport_no = r.key;
      key.nationality = cell(row, "nationality");
      key.birth_date = cell(row, "birth_date");
    }
    service::SchoolStudent found;
    try {
      found = service::find_school_student(m_env, m_caller, key);
    } catch (const Refusal& e) {
      return fail(key_col, e.code(), e.text());
    }
    // A proxy not made yet (id 0) has no cases.
    auto cases = found.account.id != 0 ? m_env.store.cases().cases_of(found.account.id, kind)
                                       : std::vector<store::CaseRecord>{};
    std::string open_case;
    for (const auto& c : cases)
      if (open_case.empty() && domain::is_under_review(c.state)) open_case = c.receipt_no;
    if (const auto open = filed_before(std::move(cases))) {
      r.status = RowStatus::skipped;
      r.receipt_no = open->receipt_no;
      return;
    }
    service::Submission s;
    s.kind = kind;
    s.permit_no = mainland_kind(kind) ? r.key : "";
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      const Column& c = m_columns[i];
      if (m_at[i] >= row.cells.size() || c.key == "kind" || c.key == "permit_no") continue;
      std::string v = normalize_cell(c.key, row.cells[m_at[i]]);
      if (!v.empty()) s.form.emplace_hint(s.form.end(), c.key, std::move(v));
    }
    auto docs = row_documents(m_options.docs_dir, r.key);
    s.documents = std::move(docs.files);
    s.check_documents = m_filing || !m_options.docs_dir.empty();  // validate without --docs: the sheet alone
    if (!s.check_documents) docs.refused.clear();
    s.agreed = true;  // submit() refused already when the school has not agreed
    s.for_student = found.account.name;
    service::KnownApplicant known;
    known.account = std::move(found.account);
    known.record = std::move(found.person);
    known.open_case_of_kind = !open_case.empty();
    known.open_case = std::move(open_case);
    known.school_name = m_school_name;
    known.unrecorded = found.unrecorded;
    s.known = std::move(known);
    try {
      p.checked = service::check_submission(m_env, m_caller, std::move(s));
    } catch (const Refusal& e) {
      r.status = RowStatus::failed;
      if (e.problems().empty()) {
        r.problems.push_back(CellProblem{key_col, e.code(), e.text()});
      } else {
        for (const auto& fp : e.problems()) {
          const std::string column = util::starts_with(fp.field, "doc:") ? "documents" : fp.field;
          const bool told = std::any_of(numbers.begin(), numbers.end(),
                                        [&](const CellProblem& n) { return n.column == column; });
          if (told) continue;  // the number cell says more than the rule it broke
          r.problems.push_back(CellProblem{
              column, fp.code,
              util::starts_with(fp.field, "doc:")
                  ? Text{fp.field.substr(4) + "：" + fp.message.zh, fp.field.substr(4) + ": " + fp.message.en}
                  : fp.message});
        }
      }
    }
    if (!numbers.empty()) {
      r.status = RowStatus::failed;
      p.checked.reset();
      r.problems.insert(r.problems.begin(), numbers.begin(), numbers.end());
    }
    if (!docs.refused.empty()) {
      r.status = RowStatus::failed;
      p.checked.reset();
      r.problems.insert(r.problems.end(), docs.refused.begin(), docs.refused.end());
    }
  }

  const service::Env& m_env;
  const service::Caller& m_caller;
  Options m_options;
  RowSink& m_sink;
  Report m_report;
  std::unique_ptr<tabular::TableReader> m_table;
  std::deque<tabular::Row> m_ahead;
  std::vector<Column> m_columns;
  std::map<std::string, std::size_t> m_where;  // column key -> its column in the file
  std::vector<std::size_t> m_at;               // m_columns[i]'s column in the file (npos: none)
  std::string m_school_name;                   // the calling school's
  std::size_t m_filed = 0;
  bool m_filing = false;                      // submit, not validate
  std::vector<store::BatchRow> m_unrecorded;  // submit: rows decided before the group was made
  bool m_header_recorded = false;
};

bool is_text_column(const Column& c) {
  using domain::FieldKind;
  const auto ends = [&](std::string_view tail) {
    return c.key.size() >= tail.size() && c.key.compare(c.key.size() - tail.size(), tail.size(), tail) == 0;
  };
  // Identifiers: a number format would drop leading zeros or turn them into 1.2E+10.
  return c.key == "permit_no" || c.kind == FieldKind::passport || c.kind == FieldKind::mainland_id ||
         c.kind == FieldKind::ui_number || c.kind == FieldKind::phone || c.kind == FieldKind::extension ||
         ends("_no") || ends("_id") || ends(".id") || ends("phone") || c.key == "visa_code";
}

bool is_nationality_column(std::string_view key) {
  constexpr std::string_view tail = "nationality";
  return key.size() >= tail.size() && key.substr(key.size() - tail.size()) == tail;
}

bool is_date_column(const Column& c) {
  return c.kind == domain::FieldKind::date || c.kind == domain::FieldKind::birth_date;
}

std::vector<std::string> choices_of(const Column& c) {
  using domain::FieldKind;
  if (c.kind == FieldKind::sex) return {"M", "F"};
  if (c.kind == FieldKind::yes_no) return {"yes", "no"};
  if (c.kind == FieldKind::years) return {"1", "2", "3"};
  return c.choices;
}

}  // namespace

std::string normalize_cell(const std::string& column, const std::string& value) {
  if (std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(util::trim(value));  // ASCII: nothing to fold
  std::vector<char32_t> cps;
  if (!util::decode_utf8(value, &cps)) return std::string(util::trim(value));
  std::string out;
  const bool address = util::starts_with(column, "taiwan_address.");
  for (char32_t cp : cps) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp == 0x3000) cp = U' ';                     // ideographic space
    if (address && cp == U'台') cp = U'臺';
    util::append_utf8(out, cp);
  }
  out = std::string(util::trim(out));
  if (is_nationality_column(column))  // the template's drop-down: "日本 Japan" is 日本
    if (auto zh = domain::country_of_choice(out)) return *zh;
  return out;
}

std::vector<ApplicationKind> batch_kinds() {
  return {domain::k_application_kinds.begin(), domain::k_application_kinds.end()};
}

std::vector<Column> columns(ApplicationKind kind, const std::vector<std::string>& station_codes) {
  std::vector<Column> out;
  std::vector<std::string> kinds;
  for (auto k : domain::k_application_kinds) kinds.emplace_back(domain::key(k));
  out.push_back(Column{"kind", {"申辦項目", "application kind"}, true, domain::FieldKind::choice, kinds});
  if (mainland_kind(kind)) {
    out.push_back(Column{"permit_no", {"許可證號", "permit number"}, true, domain::FieldKind::passport, {}});
  }
  const auto type = mainland_kind(kind) ? domain::IdentityType::mainland : domain::IdentityType::foreign;
  for (const auto& f : domain::application_fields(type, kind, station_codes)) {
    if (f.read_only) continue;  // the school: from the records
    out.push_back(Column{f.key, f.label, f.required, f.kind, f.choices});
  }
  return out;
}

std::string header_text(const Column& c) {
  return c.label.zh + " " + c.key + (c.required ? " *" : "");
}

std::optional<std::string> column_of(const std::string& header_cell, const std::vector<Column>& columns) {
  // The template's header holds the English label on a second line.
  std::string first = header_cell.substr(0, header_cell.find_first_of("\r\n"));
  const std::string h(util::trim(first));
  for (const auto& c : columns) {
    if (util::to_lower_ascii(h) == c.key || h == c.label.zh || h == header_text(c)) return c.key;
  }
  std::string spaced = header_cell;
  for (char& c : spaced)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  for (const auto& token : util::split(spaced, ' ')) {
    for (const auto& c : columns)
      if (util::to_lower_ascii(token) == c.key) return c.key;
  }
  return std::nullopt;
}

std::string key_column(ApplicationKind kind) {
  return mainland_kind(kind) ? "permit_no" : "passport_no";
}

std::string_view key(RowStatus s) {
  switch (s) {
    case RowStatus::ok: return "ok";
    case RowStatus::failed: return "failed";
    case RowStatus::skipped: return "skipped";
    case RowStatus::filed: return "filed";
  }
  return "ok";
}

Report validate(const service::Env& env, const service::Caller& caller, const std::string& path,
                const Options& options, RowSink& sink) {
  return Runner(env, caller, path, options, sink).validate();
}

Report submit(const service::Env& env, const service::Caller& caller, const std::string& path,
              const Options& options, RowSink& sink) {
  return Runner(env, caller, path, options, sink).submit();
}

namespace {

// What a template cell takes, said in the prompt Excel and LibreOffice show
// when the cell is selected (at most 255 characters) and in the error when a
// value is refused.
struct CellHelp {
  std::string prompt;
  std::string error;
};

CellHelp cell_help(const Column& c, bool listed, bool countries) {
  using domain::FieldKind;
  std::string zh, en, ezh, een;
  if (countries) {
    zh = "請從清單選擇國籍；清單外的國名仍可自行輸入。";
    en = "Choose the country from the list; a name not listed may still be typed.";
    ezh = "此國名不在清單中。";
    een = "This name is not on the list.";
  } else if (c.kind == FieldKind::sex) {
    zh = "M（男）或 F（女）。";
    en = "M (male) or F (female).";
  } else if (c.kind == FieldKind::yes_no) {
    zh = "yes（是）或 no（否）。";
    en = "yes or no.";
  } else if (c.kind == FieldKind::years) {
    zh = "年數：1、2 或 3。";
    en = "Years: 1, 2 or 3.";
  } else if (listed) {
    zh = "請從清單選一項。";
    en = "Choose one from the list.";
  } else if (c.kind == FieldKind::date || c.kind == FieldKind::birth_date) {
    zh = "西元日期，如 2026-08-15。";
    en = "A date, e.g. 2026-08-15.";
    ezh = "請填西元日期 yyyy-mm-dd。";
    een = "Type a date, yyyy-mm-dd.";
  } else if (c.kind == FieldKind::number) {
    zh = "整數。";
    en = "A whole number.";
    ezh = "請填整數。";
    een = "Type a whole number.";
  } else if (c.kind == FieldKind::phone || c.kind == FieldKind::extension) {
    zh = "文字格式，保留開頭的 0，如 0912345678。";
    en = "Text: keep the leading 0, e.g. 0912345678.";
  } else if (c.kind == FieldKind::name_en) {
    zh = "英文字母，依護照填寫。";
    en = "Latin letters, as in the passport.";
  } else if (c.kind == FieldKind::email) {
    zh = "電子郵件地址。";
    en = "An e-mail address.";
  } else if (is_text_column(c)) {
    zh = "文字格式，依證件填寫，勿刪開頭的 0。";
    en = "Text, as on the document; keep leading zeros.";
  } else {
    zh = "文字。";
    en = "Text.";
  }
  if (ezh.empty()) {
    ezh = listed ? "請從清單選一項。" : "內容過長（至多 200 字元）。";
    een = listed ? "Choose one from the list." : "Too long (at most 200 characters).";
  }
  const std::string need = c.required ? "必填。Required.\n" : "";
  return CellHelp{need + zh + "\n" + en, ezh + "\n" + een};
}

// At most n characters (UTF-8), for the 32-character titles.
std::string clip_chars(const std::string& s, std::size_t n) {
  std::vector<char32_t> cps;
  if (!util::decode_utf8(s, &cps) || cps.size() <= n) return s;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) util::append_utf8(out, cps[i]);
  return out;
}

}  // namespace

void write_template(ApplicationKind kind, const std::vector<std::string>& station_codes,
                    const std::string& path) {
  const auto cols = columns(kind, station_codes);
  PrivateFile file(path);
  lxw_workbook* wb = workbook_new(file.temp_path().c_str());
  if (!wb) xlsx_failed(path, LXW_ERROR_CREATING_XLSX_FILE);
  const auto check = [&](lxw_error e) {
    if (e != LXW_NO_ERROR) {
      workbook_close(wb);
      file.discard();
      xlsx_failed(path, e);
    }
  };
  lxw_worksheet* ws = workbook_add_worksheet(wb, "applications");
  lxw_worksheet* help = workbook_add_worksheet(wb, "instructions");
  // The drop-downs too long to write inline (Excel: 255 characters): one
  // column each on a hidden sheet the validation refers to.
  lxw_worksheet* lists = workbook_add_worksheet(wb, "lists");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_text_wrap(head);
  format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* head_required = workbook_add_format(wb);
  format_set_bold(head_required);
  format_set_text_wrap(head_required);
  format_set_align(head_required, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(head_required, 0xFCE4D6);
  format_set_border(head_required, LXW_BORDER_THIN);
  // The data rows are unlocked: the sheet is protected so the header stays
  // as soas reads it, and every cell below it stays the school's.
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format_index(text, 49);  // Excel's built-in Text (@)
  format_set_unlocked(text);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  format_set_unlocked(date);
  lxw_format* plain = workbook_add_format(wb);
  format_set_unlocked(plain);
  constexpr lxw_row_t k_rows = 10000;  // data rows 2 to 10001

  std::vector<std::string> country_list;
  for (const auto& c : domain::countries()) country_list.push_back(domain::country_choice(c));
  for (std::size_t i = 0; i < country_list.size(); ++i)
    check(worksheet_write_string(lists, static_cast<lxw_row_t>(i), 0, country_list[i].c_str(), nullptr));
  worksheet_set_column(lists, 0, 0, 40, nullptr);
  const std::string country_range = "=lists!$A$1:$A$" + std::to_string(country_list.size());
  lxw_col_t next_list = 1;  // the lists sheet's next free column

  for (std::size_t i = 0; i < cols.size(); ++i) {
    const auto col = static_cast<lxw_col_t>(i);
    const Column& c = cols[i];
    check(worksheet_write_string(ws, 0, col, (header_text(c) + "\n" + c.label.en).c_str(),
                                 c.required ? head_required : head));
    const bool countries = is_nationality_column(c.key);
    worksheet_set_column(ws, col, col, countries ? 24 : 18,
                         is_text_column(c) ? text : is_date_column(c) ? date : plain);
    const auto choices =
        c.key == "kind" ? std::vector<std::string>{std::string(domain::key(kind))} : choices_of(c);
    std::size_t total = 0;
    for (const auto& v : choices) total += v.size() + 1;
    const bool long_list = !countries && !choices.empty() && total > 255;
    const bool listed = countries || !choices.empty();
    std::vector<char*> list;  // libxlsxwriter's list is not const
    std::string range;
    lxw_data_validation dv{};
    if (countries) {
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = const_cast<char*>(country_range.c_str());
      dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;  // a name not listed may be kept
    } else if (long_list) {  // its own column of the lists sheet
      const std::string letters = tabular::column_letters(next_list);
      for (std::size_t k = 0; k < choices.size(); ++k)
        check(worksheet_write_string(lists, static_cast<lxw_row_t>(k), next_list, choices[k].c_str(), nullptr));
      range = "=lists!$" + letters + "$1:$" + letters + "$" + std::to_string(choices.size());
      ++next_list;
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = const_cast<char*>(range.c_str());
    } else if (listed) {
      for (const auto& v : choices) list.push_back(const_cast<char*>(v.c_str()));
      list.push_back(nullptr);
      dv.validate = LXW_VALIDATION_TYPE_LIST;
      dv.value_list = list.data();
    } else if (is_date_column(c)) {
      dv.validate = LXW_VALIDATION_TYPE_DATE;
      dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN;
      dv.minimum_datetime = lxw_datetime{1900, 1, 1, 0, 0, 0};
    } else if (c.kind == domain::FieldKind::number) {
      dv.validate = LXW_VALIDATION_TYPE_INTEGER;
      dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      dv.value_number = 0;
    } else {
      dv.validate = LXW_VALIDATION_TYPE_LENGTH;
      dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
      dv.value_number = 200;
    }
    const CellHelp h = cell_help(c, listed, countries);
    const std::string title = clip_chars(c.label.zh, 32);
    const std::string error_title = "輸入有誤 Invalid value";
    dv.show_input = LXW_VALIDATION_ON;
    dv.show_error = LXW_VALIDATION_ON;
    dv.input_title = const_cast<char*>(title.c_str());
    dv.input_message = const_cast<char*>(h.prompt.c_str());
    dv.error_title = const_cast<char*>(error_title.c_str());
    dv.error_message = const_cast<char*>(h.error.c_str());
    check(worksheet_data_validation_range(ws, 1, col, k_rows, col, &dv));
  }
  worksheet_set_row(ws, 0, 48, nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  lxw_protection protection{};
  protection.format_columns = LXW_TRUE;  // libxlsxwriter: these allow the action
  protection.format_rows = LXW_TRUE;
  protection.insert_rows = LXW_TRUE;
  protection.delete_rows = LXW_TRUE;
  protection.sort = LXW_TRUE;
  protection.autofilter = LXW_TRUE;
  worksheet_protect(ws, nullptr, &protection);
  worksheet_hide(lists);
  // Instructions.
  const std::vector<std::string> lines = {
      "soas batch: " + std::string(domain::key(kind)) + " (" + domain::label(kind).zh + " / " +
          domain::label(kind).en + ")",
      "一列一位學生；標 * 者為必填。One row per student; columns marked * are required.",
      "kind 欄填 " + std::string(domain::key(kind)) + "。Fill the kind column with " +
          std::string(domain::key(kind)) + ".",
      "身分證號、護照號碼、電話等欄位為文字格式，請勿刪去開頭的 0。ID, passport and phone columns are text: "
      "keep leading zeros.",
      "日期請填 yyyy-mm-dd 或 yyyy/mm/dd（西元）。Dates: yyyy-mm-dd or yyyy/mm/dd (Gregorian).",
      "文件：--docs 目錄下每位學生一個資料夾，以 " + key_column(kind) +
          " 命名；檔名為項目代碼，如 photo.jpg、passport-2.pdf。",
      "Documents: one folder per student under --docs, named by " + key_column(kind) +
          "; files named by item, e.g. photo.jpg, passport-2.pdf.",
      "國籍欄可從下拉清單選擇（中文 English，讀作中文國名）；清單外的國名仍可輸入。Nationality: choose from the "
      "drop-down (read as the Chinese name); a name not listed may still be typed.",
      "標題列已保護，請勿更改；資料列可自由填寫、排序、篩選。The header row is protected; the data rows are "
      "yours to fill, sort and filter.",
      "先執行 soas batch validate 檢查，再以 soas batch submit 送件。Run soas batch validate first, then "
      "soas batch submit.",
      ""};
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* top = workbook_add_format(wb);
  format_set_align(top, LXW_ALIGN_VERTICAL_TOP);
  lxw_row_t r = 0;
  for (const auto& l : lines) {
    worksheet_write_string(help, r, 0, l.c_str(), r == 0 ? bold : nullptr);
    ++r;
  }
  const std::vector<std::string> help_head = {"column", "欄位 / label", "required", "choices"};
  for (std::size_t i = 0; i < help_head.size(); ++i)
    worksheet_write_string(help, r, static_cast<lxw_col_t>(i), help_head[i].c_str(), bold);
  ++r;
  constexpr std::size_t k_choices_width = 60;
  std::size_t key_width = 10, label_width = 10;
  for (const auto& c : cols) {
    std::string choices;
    if (is_nationality_column(c.key)) {
      choices = "清單 lists：中華民國 Taiwan (R.O.C.), …（" + std::to_string(country_list.size()) + "）";
    } else {
      for (const auto& v :
           c.key == "kind" ? std::vector<std::string>{std::string(domain::key(kind))} : choices_of(c))
        choices += (choices.empty() ? "" : ", ") + v;
    }
    const std::string label = c.label.zh + " / " + c.label.en;
    const std::size_t w = util::display_width(choices);
    const std::size_t lines_needed = w <= k_choices_width ? 1 : (w + k_choices_width - 1) / k_choices_width;
    if (lines_needed > 1) worksheet_set_row(help, r, 15.0 * static_cast<double>(lines_needed), nullptr);
    worksheet_write_string(help, r, 0, c.key.c_str(), top);
    worksheet_write_string(help, r, 1, label.c_str(), top);
    worksheet_write_string(help, r, 2, c.required ? "*" : "", top);
    worksheet_write_string(help, r, 3, choices.c_str(), wrap);
    key_width = std::max(key_width, c.key.size());
    label_width = std::max(label_width, util::display_width(label));
    ++r;
  }
  worksheet_set_column(help, 0, 0, static_cast<double>(key_width + 2), nullptr);
  worksheet_set_column(help, 1, 1, static_cast<double>(std::min<std::size_t>(label_width, 70) + 2), nullptr);
  worksheet_set_column(help, 2, 2, 9, nullptr);
  worksheet_set_column(help, 3, 3, static_cast<double>(k_choices_width + 2), nullptr);
  // Printed: landscape, one page wide; the template's header on every page.
  worksheet_set_landscape(help);
  worksheet_set_paper(help, 9);  // A4
  worksheet_fit_to_pages(help, 1, 0);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);
  worksheet_repeat_rows(ws, 0, 0);
  close_into_place(wb, file);
}

void write_table(const std::string& path, const std::string& sheet, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  PrivateFile file(path);
  lxw_workbook* wb = workbook_new(file.temp_path().c_str());
  if (!wb) xlsx_failed(path, LXW_ERROR_CREATING_XLSX_FILE);
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  for (std::size_t c = 0; c < headers.size(); ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), headers[c].c_str(), head);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), rows[r][c].c_str(),
                             text);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_column(ws, 0, static_cast<lxw_col_t>(headers.empty() ? 0 : headers.size() - 1), 16, nullptr);
  close_into_place(wb, file);
}

void write_results(const std::string& path, const std::vector<std::string>& header,
                   const std::vector<ResultRow>& rows) {
  std::size_t width = header.size();
  for (const auto& r : rows) width = std::max(width, r.cells.size());
  PrivateFile file(path);
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;  // rows written in order, each flushed when the next starts
  lxw_workbook* wb = workbook_new_opt(file.temp_path().c_str(), &opt);
  if (!wb) xlsx_failed(path, LXW_ERROR_CREATING_XLSX_FILE);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "results");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  lxw_format* amount = workbook_add_format(wb);
  format_set_num_format(amount, "#,##0");
  const auto col = [](std::size_t c) { return static_cast<lxw_col_t>(c); };
  for (std::size_t c = 0; c < header.size(); ++c) worksheet_write_string(ws, 0, col(c), header[c].c_str(), head);
  const char* added[] = {"收件號 receipt", "辦理階段 state", "應繳金額 amount due", "問題 problems"};
  for (std::size_t c = 0; c < 4; ++c) worksheet_write_string(ws, 0, col(width + c), added[c], head);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    const ResultRow& x = rows[r];
    for (std::size_t c = 0; c < x.cells.size(); ++c)
      if (!x.cells[c].empty()) worksheet_write_string(ws, row, col(c), x.cells[c].c_str(), text);
    if (!x.receipt_no.empty()) worksheet_write_string(ws, row, col(width), x.receipt_no.c_str(), text);
    worksheet_write_string(ws, row, col(width + 1), x.state.c_str(), text);
    worksheet_write_number(ws, row, col(width + 2), static_cast<double>(x.due), amount);
    if (!x.problems.empty()) worksheet_write_string(ws, row, col(width + 3), x.problems.c_str(), text);
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size()), col(width + 3));
  worksheet_set_column(ws, 0, col(width + 3), 16, nullptr);
  close_into_place(wb, file);
}

namespace {

// The widest line of a cell, CJK counted as two.
std::size_t widest_line(const std::string& v) {
  std::size_t w = 0;
  for (const auto& line : util::split(v, '\n')) w = std::max(w, util::display_width(line));
  return w;
}

// The lines a wrapped cell shows in a column `width` wide.
std::size_t line_count(const std::string& v, std::size_t width = 0) {
  std::size_t n = 0;
  for (const auto& line : util::split(v, '\n')) {
    const std::size_t w = util::display_width(line);
    n += width == 0 || w <= width ? 1 : (w + width - 1) / width;
  }
  return std::max<std::size_t>(n, 1);
}

// The height of a row showing `lines` lines; Excel's most is 409 points.
double row_height(std::size_t lines) {
  return std::min(409.0, 15.0 * static_cast<double>(lines));
}

// Row numbers as staff read them: 3, 7, 9-12; a cell holds at most 32,767
// characters, so a list longer than that ends with "...".
std::string row_list(const std::vector<std::size_t>& rows) {
  constexpr std::size_t k_max = 32000;
  std::string out;
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t j = i;
    while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1) ++j;
    std::string part = std::to_string(rows[i]);
    if (j >= i + 2) {
      part += "-" + std::to_string(rows[j]);
    } else {
      j = i;
    }
    if (out.size() + part.size() + 6 > k_max) return out + ", ...";
    out += (out.empty() ? "" : ", ") + part;
    i = j + 1;
  }
  return out;
}

constexpr std::size_t k_width_cap = 60;
constexpr std::size_t k_message_cap = 80;
constexpr std::size_t k_rows_cap = 40;  // the problems sheet's row numbers

}  // namespace

struct ReportWriter::Impl {
  std::string path;
  std::optional<PrivateFile> file;  // written here, put in place by finish()
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_worksheet* sum = nullptr;
  lxw_format* head = nullptr;
  lxw_format* bad = nullptr;
  lxw_format* text = nullptr;
  lxw_format* wrap = nullptr;  // the message column: one problem a line
  lxw_format* number = nullptr;
  lxw_worksheet* problems = nullptr;
  std::vector<std::string> header_keys;
  std::vector<std::size_t> widths;  // of each report column, as wide as its content
  // The same problem across rows: (column, code) -> the rows.
  struct Group {
    std::size_t first = 0;  // the order it was first seen
    Text message;           // the first row's
    bool varied = false;    // the rows' messages differ (they name the value read)
    std::vector<std::size_t> rows;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  lxw_row_t next = 1;

  void widen(std::size_t col, const std::string& v) {
    if (widths.size() <= col) widths.resize(col + 1, 0);
    widths[col] = std::max(widths[col], widest_line(v));
  }

  void check(lxw_error e) const {
    if (e != LXW_NO_ERROR) xlsx_failed(path, e);
  }
};

ReportWriter::ReportWriter(std::string path) : m(std::make_unique<Impl>()) {
  m->path = std::move(path);
  m->file.emplace(m->path);
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;  // each row goes to a temporary file as soon as the next starts
  m->wb = workbook_new_opt(m->file->temp_path().c_str(), &opt);
  if (!m->wb) xlsx_failed(m->path, LXW_ERROR_CREATING_XLSX_FILE);
  m->ws = workbook_add_worksheet(m->wb, "report");
  m->problems = workbook_add_worksheet(m->wb, "problems");
  m->sum = workbook_add_worksheet(m->wb, "summary");
  m->head = workbook_add_format(m->wb);
  format_set_bold(m->head);
  format_set_text_wrap(m->head);
  format_set_align(m->head, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(m->head, 0xDDEBF7);
  m->bad = workbook_add_format(m->wb);
  format_set_bg_color(m->bad, 0xFFC7CE);
  format_set_num_format(m->bad, "@");
  format_set_align(m->bad, LXW_ALIGN_VERTICAL_TOP);
  m->text = workbook_add_format(m->wb);
  format_set_num_format(m->text, "@");
  format_set_align(m->text, LXW_ALIGN_VERTICAL_TOP);
  m->wrap = workbook_add_format(m->wb);
  format_set_num_format(m->wrap, "@");
  format_set_text_wrap(m->wrap);
  format_set_align(m->wrap, LXW_ALIGN_VERTICAL_TOP);
  m->number = workbook_add_format(m->wb);
  format_set_align(m->number, LXW_ALIGN_LEFT);
  format_set_align(m->number, LXW_ALIGN_VERTICAL_TOP);
  // Printed: landscape A4, the header on every page (the report also keeps
  // its status column); the problems one page wide.
  for (lxw_worksheet* ws : {m->ws, m->problems, m->sum}) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
  }
  worksheet_repeat_rows(m->ws, 0, 0);
  worksheet_repeat_columns(m->ws, 0, 0);
  worksheet_repeat_rows(m->problems, 0, 0);
  worksheet_fit_to_pages(m->problems, 1, 0);
}

ReportWriter::~ReportWriter() {
  if (m->wb != nullptr) {  // not finished: an exception ended the run
    workbook_close(m->wb);
    m->file->discard();
  }
}

void ReportWriter::begin(const Report& report) {
  m->header_keys = report.header_keys;
  worksheet_freeze_panes(m->ws, 1, 2);
  std::vector<std::string> head = {"狀態 status", "說明 message"};
  head.insert(head.end(), report.headers.begin(), report.headers.end());
  std::size_t lines = 1;
  for (const auto& h : head) lines = std::max(lines, line_count(h));
  m->check(worksheet_set_row(m->ws, 0, row_height(lines), nullptr));
  for (std::size_t c = 0; c < head.size(); ++c) {
    m->check(worksheet_write_string(m->ws, 0, static_cast<lxw_col_t>(c), head[c].c_str(), m->head));
    m->widen(c, head[c]);
  }
}

void ReportWriter::row(const RowResult& r, const tabular::Row& input) {
  const lxw_row_t row = m->next++;
  std::string status(key(r.status));
  if (!r.receipt_no.empty()) status += " " + r.receipt_no;
  std::string message;
  for (const auto& p : r.problems) {
    message += (message.empty() ? "" : "\n") + (p.column.empty() ? std::string("row") : p.column) + ": " +
               p.message.zh + " / " + p.message.en;
    auto& g = m->groups[{p.column, p.code}];
    if (g.rows.empty()) {
      g.first = m->groups.size();
      g.message = p.message;
    } else if (g.message.en != p.message.en) {
      g.varied = true;
    }
    if (g.rows.empty() || g.rows.back() != r.row) g.rows.push_back(r.row);
  }
  // Every problem shows: the row as tall as its lines (set before its
  // cells: libxlsxwriter's constant memory mode writes a row once the next
  // begins).
  m->check(worksheet_set_row(m->ws, row, row_height(line_count(message, k_message_cap)), nullptr));
  m->check(worksheet_write_string(m->ws, row, 0, status.c_str(),
                                  r.status == RowStatus::failed ? m->bad : m->text));
  m->widen(0, status);
  if (!message.empty()) {
    m->check(worksheet_write_string(m->ws, row, 1, message.c_str(), m->wrap));
    m->widen(1, message);
  }
  const std::size_t ncols = std::max(m->header_keys.size(), input.cells.size());
  for (std::size_t c = 0; c < ncols; ++c) {
    const std::string& k = c < m->header_keys.size() ? m->header_keys[c] : std::string();
    std::string note;
    for (const auto& p : r.problems)
      if (!k.empty() && p.column == k)
        note += (note.empty() ? "" : "\n") + p.message.zh + "\n" + p.message.en;
    const std::string& v = c < input.cells.size() ? input.cells[c] : std::string();
    if (v.empty() && note.empty()) continue;
    const auto col = static_cast<lxw_col_t>(c + 2);
    m->check(worksheet_write_string(m->ws, row, col, v.c_str(), note.empty() ? m->text : m->bad));
    m->widen(c + 2, v);
    if (!note.empty()) m->check(worksheet_write_comment(m->ws, row, col, note.c_str()));
  }
}

void ReportWriter::finish(const Report& report) {
  // The report: columns as wide as their content, a filter on the header.
  for (std::size_t c = 0; c < m->widths.size(); ++c) {
    const std::size_t cap = c == 1 ? k_message_cap : k_width_cap;
    const double w = static_cast<double>(std::min(cap, std::max<std::size_t>(m->widths[c], 6)) + 2);
    m->check(worksheet_set_column(m->ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w,
                                  c == 1 ? m->wrap : nullptr));
  }
  const lxw_row_t last_row = m->next - 1;
  const auto last_col = static_cast<lxw_col_t>(m->widths.empty() ? 0 : m->widths.size() - 1);
  m->check(worksheet_autofilter(m->ws, 0, 0, last_row, last_col));

  // The problems, one line per kind of mistake, the commonest first.
  std::vector<const std::pair<const std::pair<std::string, std::string>, Impl::Group>*> order;
  for (const auto& g : m->groups) order.push_back(&g);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    if (a->second.rows.size() != b->second.rows.size()) return a->second.rows.size() > b->second.rows.size();
    return a->second.first < b->second.first;
  });
  const std::vector<std::string> phead = {"欄位 column", "代碼 code", "問題 problem", "列數 rows",
                                          "列號 row numbers"};
  std::vector<std::size_t> pw(phead.size(), 0);
  for (std::size_t c = 0; c < phead.size(); ++c) {
    m->check(worksheet_write_string(m->problems, 0, static_cast<lxw_col_t>(c), phead[c].c_str(), m->head));
    pw[c] = widest_line(phead[c]);
  }
  lxw_row_t pr = 1;
  for (const auto* g : order) {
    const auto& [column, code] = g->first;
    const std::string col = column.empty() ? "row" : column;
    std::string msg = g->second.message.zh + "\n" + g->second.message.en;
    if (g->second.varied) msg += "\n（各列說明不同，見 report 工作表 / the wording differs by row: see the report sheet）";
    const std::string rows = row_list(g->second.rows);
    m->check(worksheet_set_row(
        m->problems, pr, row_height(std::max(line_count(msg, k_message_cap), line_count(rows, k_rows_cap))),
        nullptr));
    m->check(worksheet_write_string(m->problems, pr, 0, col.c_str(), m->text));
    m->check(worksheet_write_string(m->problems, pr, 1, code.c_str(), m->text));
    m->check(worksheet_write_string(m->problems, pr, 2, msg.c_str(), m->wrap));
    m->check(worksheet_write_number(m->problems, pr, 3, static_cast<double>(g->second.rows.size()), m->number));
    m->check(worksheet_write_string(m->problems, pr, 4, rows.c_str(), m->wrap));
    pw[0] = std::max(pw[0], widest_line(col));
    pw[1] = std::max(pw[1], widest_line(code));
    pw[2] = std::max(pw[2], widest_line(msg));
    pw[4] = std::max(pw[4], widest_line(rows));
    ++pr;
  }
  for (std::size_t c = 0; c < pw.size(); ++c) {
    const std::size_t cap = c == 2 ? k_message_cap : c == 4 ? k_rows_cap : k_width_cap;
    m->check(worksheet_set_column(m->problems, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                  static_cast<double>(std::min(cap, std::max<std::size_t>(pw[c], 6)) + 2),
                                  c == 2 || c == 4 ? m->wrap : nullptr));
  }
  worksheet_freeze_panes(m->problems, 1, 0);
  m->check(worksheet_autofilter(m->problems, 0, 0, pr - 1, static_cast<lxw_col_t>(phead.size() - 1)));

  // The summary: the counts as numbers.
  struct Line {
    std::string label;
    std::optional<std::string> text;
    double number = 0;
  };
  const auto n = [](std::size_t v) { return static_cast<double>(v); };
  const std::vector<Line> summary = {
      {"檔案 file", report.file},
      {"申辦項目 kind", std::string(domain::key(report.kind))},
      {"團號/批次號 group", report.group_no},
      {"列數 rows", std::nullopt, n(report.rows)},
      {"通過 ok", std::nullopt, n(report.count(RowStatus::ok))},
      {"已送件 filed", std::nullopt, n(report.count(RowStatus::filed))},
      {"已送過 skipped", std::nullopt, n(report.count(RowStatus::skipped))},
      {"有誤 failed", std::nullopt, n(report.count(RowStatus::failed))},
      {"已中斷 interrupted", std::string(report.stopped ? "yes" : "no")},
  };
  std::size_t w0 = 0, w1 = 0;
  lxw_row_t r = 0;
  for (const auto& l : summary) {
    m->check(worksheet_write_string(m->sum, r, 0, l.label.c_str(), m->head));
    if (l.text) {
      m->check(worksheet_write_string(m->sum, r, 1, l.text->c_str(), m->text));
      w1 = std::max(w1, widest_line(*l.text));
    } else {
      m->check(worksheet_write_number(m->sum, r, 1, l.number, m->number));
    }
    w0 = std::max(w0, widest_line(l.label));
    ++r;
  }
  m->check(worksheet_set_column(m->sum, 0, 0, static_cast<double>(w0 + 2), nullptr));
  m->check(worksheet_set_column(m->sum, 1, 1, static_cast<double>(std::min<std::size_t>(std::max<std::size_t>(w1, 10), k_width_cap) + 2), nullptr));
  lxw_workbook* wb = m->wb;
  m->wb = nullptr;
  close_into_place(wb, *m->file);
}

}  // namespace soas::batch
