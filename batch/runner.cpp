#include "runner.hpp"

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "columns.hpp"
#include "core/error.hpp"
#include "core/messages.hpp"
#include "domain/application.hpp"
#include "security/signing.hpp"
#include "service/applications.hpp"
#include "service/batches.hpp"
#include "util/text.hpp"

namespace soas::batch {

namespace {

namespace fs = std::filesystem;
using domain::ApplicationKind;

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

// The rows of a table read on a thread of their own, ahead of the checking:
// reading (inflating and parsing the sheet) and checking each take one core,
// not one after the other. Rows pass in blocks through a bounded queue, so
// at most k_blocks * k_block_rows rows wait, whatever the file's length, and
// they come out in the file's order. A failure of the reader (a damaged
// file) is thrown by next() where it happened, after the rows before it.
class RowPipe {
 public:
  static constexpr std::size_t k_block_rows = 64;
  static constexpr std::size_t k_blocks = 8;

  explicit RowPipe(tabular::TableReader& table) : m_table(table), m_thread([this] { run(); }) {}
  ~RowPipe() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_stop = true;
    }
    m_not_full.notify_all();
    m_thread.join();
  }
  RowPipe(const RowPipe&) = delete;
  RowPipe& operator=(const RowPipe&) = delete;

  bool next(tabular::Row& row) {
    if (m_at == m_block.rows.size()) {
      m_block.rows.clear();
      m_at = 0;
      std::unique_lock<std::mutex> lock(m_mutex);
      m_not_empty.wait(lock, [&] { return !m_queue.empty() || m_done; });
      if (m_queue.empty()) {
        if (m_error) std::rethrow_exception(m_error);
        return false;
      }
      m_block = std::move(m_queue.front());
      m_queue.pop_front();
      lock.unlock();
      m_not_full.notify_one();
    }
    row = std::move(m_block.rows[m_at++]);
    m_fraction = m_block.fraction;
    return true;
  }
  // How much of the file the rows handed out so far come from (0 to 1).
  double fraction() const { return m_fraction; }

 private:
  struct Block {
    std::vector<tabular::Row> rows;
    double fraction = 0;  // the reader's, after its last row
  };

  void run() {
    Block block;
    try {
      for (;;) {
        block = Block{};
        block.rows.reserve(k_block_rows);
        tabular::Row row;
        while (block.rows.size() < k_block_rows && m_table.next(row)) block.rows.push_back(std::move(row));
        const bool last = block.rows.size() < k_block_rows;
        block.fraction = last ? 1.0 : m_table.fraction();
        std::unique_lock<std::mutex> lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_queue.size() < k_blocks || m_stop; });
        if (m_stop) return;
        if (!block.rows.empty()) m_queue.push_back(std::move(block));
        if (last) {
          m_done = true;
          lock.unlock();
          m_not_empty.notify_one();
          return;
        }
        lock.unlock();
        m_not_empty.notify_one();
      }
    } catch (...) {
      {
        std::lock_guard<std::mutex> lock(m_mutex);
        block.fraction = 1.0;
        if (!block.rows.empty()) m_queue.push_back(std::move(block));  // the rows before the damage
        m_error = std::current_exception();
        m_done = true;
      }
      m_not_empty.notify_one();
    }
  }

  tabular::TableReader& m_table;  // read by the thread alone once the pipe runs
  std::mutex m_mutex;
  std::condition_variable m_not_full;
  std::condition_variable m_not_empty;
  std::deque<Block> m_queue;
  bool m_done = false;  // the reader has queued its last row (or failed)
  bool m_stop = false;  // the pipe is going away
  std::exception_ptr m_error;
  Block m_block;  // the consumer's: the rows being handed out
  std::size_t m_at = 0;
  double m_fraction = 0;
  std::thread m_thread;  // last: started once everything above is made
};

// The documents of a chunk of rows inspected on a thread of their own
// (service::inspect_ahead: reading each file, checking it by content, PDFs
// above all, and hashing it is most of a row's check), while the thread that
// holds the store checks and files the chunk before. The thread that waits
// for a set (finish) inspects the files not begun yet itself, so no core
// idles while there is a file to inspect. One set at a time; the inspector
// touches no store and no sink.
class Inspector {
 public:
  struct Job {
    std::size_t row = 0;  // the job's row in its chunk
    std::string item;
    std::string path;
    service::Inspected result;
  };

  Inspector() : m_thread([this] { run(); }) {}
  ~Inspector() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_stop = true;
      m_next = m_jobs.size();  // nothing more begins
    }
    m_wake.notify_all();
    m_thread.join();
  }
  Inspector(const Inspector&) = delete;
  Inspector& operator=(const Inspector&) = delete;

  // Begins a set (the one before must be finished).
  void begin(std::vector<Job> jobs) {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      if (m_done != m_jobs.size()) throw std::logic_error("Inspector::begin: a set is still being inspected");
      m_jobs = std::move(jobs);
      m_next = 0;
      m_done = 0;
    }
    m_wake.notify_all();
  }
  // The set begun last, every job of it inspected.
  std::vector<Job> finish() {
    while (work()) {
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_finished.wait(lock, [&] { return m_done == m_jobs.size(); });
    std::vector<Job> out = std::move(m_jobs);
    m_jobs.clear();
    m_next = m_done = 0;
    return out;
  }

 private:
  // Inspects the next job not begun; false when there is none.
  bool work() {
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_next >= m_jobs.size()) return false;
    Job& job = m_jobs[m_next++];  // m_jobs is not resized until every job is done
    lock.unlock();
    try {
      job.result = service::inspect_ahead(job.item, job.path);
    } catch (...) {
      job.result.error = std::current_exception();  // std::bad_alloc: thrown where the result is taken
    }
    lock.lock();
    if (++m_done == m_jobs.size()) m_finished.notify_all();
    return true;
  }
  void run() {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stop || m_next < m_jobs.size(); });
        if (m_stop) return;
      }
      while (work()) {
      }
    }
  }

  std::mutex m_mutex;
  std::condition_variable m_wake;      // a set begun, or stop
  std::condition_variable m_finished;  // the last job of a set done
  std::vector<Job> m_jobs;
  std::size_t m_next = 0;  // the first job not begun
  std::size_t m_done = 0;  // jobs inspected
  bool m_stop = false;
  std::thread m_thread;  // last: started once everything above is made
};

struct Prepared {
  tabular::Row row;
  service::StudentKey student;                // the row's key cells, as looked up
  RowDocuments docs;                          // its documents folder's files
  std::vector<service::Inspected> inspected;  // docs.files[i] inspected ahead (when documents are checked)
  RowResult result;
  std::optional<service::CheckedSubmission> checked;
};

// Rows whose students are looked up at once (service::SchoolStudents): a
// few queries for them all, not a few a row.
constexpr std::size_t k_lookup_rows = 250;

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
    m_columns = columns(*kind, config::station_codes(env.config));
    // A key named by two columns is refused (header-duplicate): neither of
    // them is taken silently.
    m_header.emplace(
        tabular::Row{0, m_report.headers, {}}, [&](const std::string& h) { return column_of(h, m_columns); },
        path);
    m_report.header_keys = m_header->keys();
    // The key column must be there; other required fields may come from the
    // agency's records (as the pre-filled form of soas apply), and a row
    // missing one is reported at that row.
    const std::string key_col = key_column(*kind);
    if (!m_header->has(key_col)) {
      const auto c =
          std::find_if(m_columns.begin(), m_columns.end(), [&](const Column& x) { return x.key == key_col; });
      throw Failure("file-format",
                    Text{path + ": 缺少欄位 " + header_text(*c) + "（見 soas batch template）",
                         path + ": the column " + key_col + " is missing (see soas batch template)"});
    }
    for (const auto& c : m_columns) m_at.push_back(m_header->find(c.key).value_or(std::string::npos));
    m_school_name = service::calling_school_name(env, caller);
    m_sink.begin(m_report);
    m_rows = std::make_unique<RowPipe>(*m_table);  // the header and the rows read ahead are taken
  }

  Report validate() {
    // Two chunks: one checked while the next one's documents are inspected.
    std::vector<Prepared> chunk(k_lookup_rows);
    std::vector<Prepared> next(k_lookup_rows);
    std::size_t n = take(chunk);
    while (n > 0 && !m_report.stopped) {
      service::batch_read(m_env, [&] {  // a snapshot per thousand rows, not a lock per query
        for (int lookups = 0; lookups < 4 && n > 0; ++lookups) {
          ready(chunk, n);
          const std::size_t following = take(next);
          const auto students = look_up(chunk, n);
          for (std::size_t i = 0; i < n; ++i) {
            prepare(chunk[i], students);
            emit(chunk[i]);
            if (!tick()) return;
          }
          std::swap(chunk, next);
          n = following;
        }
      });
    }
    rethrow_read_error();
    return m_report;
  }

  Report submit() {
    if (!m_options.agreed) throw Refusal(msg::declaration_not_agreed);
    m_filing = true;  // every row's documents are checked: a row without them is not filed
    m_batch.file_sha256 = security::sha256_file_hex(m_report.file, Text{"批次檔", "the batch file"});
    m_batch.kind = m_report.kind;
    m_batch.header = m_report.headers;
    m_batch.key_column = key_column(m_report.kind);
    m_batch.group_no = service::find_batch_group(m_env, m_caller, m_batch);
    m_report.group_no = m_batch.group_no;
    const std::size_t chunk_rows =
        std::clamp<std::size_t>(m_options.chunk_rows, 1, 10000);  // rows held at once
    // Two chunks: one checked and filed while the next one's documents are
    // inspected.
    std::vector<Prepared> chunk(chunk_rows);
    std::vector<Prepared> next(chunk_rows);
    std::size_t n = take(chunk);
    while (n > 0 && !m_report.stopped) {
      ready(chunk, n);
      const std::size_t following = take(next);
      service::batch_read(m_env, [&] {  // checked outside the write lock
        for (std::size_t from = 0; from < n; from += k_lookup_rows) {
          const std::size_t to = std::min(n, from + k_lookup_rows);
          const auto students = look_up(chunk, to, from);
          for (std::size_t i = from; i < to; ++i) prepare(chunk[i], students);
        }
      });
      std::size_t done = 0;
      service::batch_write(m_env, [&] {  // the chunk: every row of it, or none
        // Another run of the same file may have made its group since this
        // one started: looked up again under the write lock, so that a run
        // that lost the race files into that group (and finds its rows
        // filed) instead of making a second one.
        if (m_batch.group_no.empty()) m_batch.group_no = service::find_batch_group(m_env, m_caller, m_batch);
        for (std::size_t i = 0; i < n; ++i) {
          file(chunk[i]);
          ++done;
          if (!tick(done)) break;
        }
      });
      m_report.group_no = m_batch.group_no;
      for (std::size_t i = 0; i < done; ++i) emit(chunk[i]);
      std::swap(chunk, next);
      n = following;
    }
    rethrow_read_error();
    return m_report;
  }

 private:
  bool read(tabular::Row& row) {
    if (!m_ahead.empty()) {
      row = std::move(m_ahead.front());
      m_ahead.pop_front();
      return true;
    }
    return m_rows->next(row);
  }

  // Whether the rows' documents are checked: always when filing, and when
  // validating with --docs (without, the sheet alone).
  bool checks_documents() const { return m_filing || !m_options.docs_dir.empty(); }

  // Reads the next rows into `chunk` (as many as it holds, fewer at the end):
  // each with its key cells and its documents folder's files, whose
  // inspection begins on the inspector's thread. Returns how many.
  std::size_t take(std::vector<Prepared>& chunk) {
    const ApplicationKind kind = m_report.kind;
    std::size_t n = 0;
    if (m_read_error) return n;
    std::vector<Inspector::Job> jobs;
    // A read error (a damaged file) waits until the rows before it are
    // decided (rethrow_read_error).
    const auto next_row = [&](tabular::Row& row) {
      try {
        return read(row);
      } catch (...) {
        m_read_error = std::current_exception();
        return false;
      }
    };
    while (n < chunk.size() && next_row(chunk[n].row)) {
      Prepared& p = chunk[n];
      service::StudentKey& key = p.student;
      key = {};
      const std::string row_key = util::to_upper_ascii(cell(p.row, key_column(kind)));
      if (mainland_kind(kind)) {
        key.permit_no = row_key;
      } else {
        key.passport_no = row_key;
        key.nationality = cell(p.row, "nationality");
        key.birth_date = cell(p.row, "birth_date");
      }
      p.docs = row_documents(m_options.docs_dir, row_key);
      p.inspected.clear();
      if (checks_documents()) {
        for (const auto& [item, path] : p.docs.files) jobs.push_back(Inspector::Job{n, item, path, {}});
      }
      ++n;
    }
    if (!jobs.empty()) {
      if (!m_inspector) m_inspector = std::make_unique<Inspector>();
      m_inspector->begin(std::move(jobs));
      m_inspecting = true;
    }
    return n;
  }

  // After the last rows: the read error that ended them, if any (a stopped
  // run reports the stop instead).
  void rethrow_read_error() const {
    if (m_read_error && !m_report.stopped) std::rethrow_exception(m_read_error);
  }

  // The documents of chunk[0, n) inspected (take() began them), each with
  // its row.
  void ready(std::vector<Prepared>& chunk, std::size_t n) {
    if (!m_inspecting) return;
    m_inspecting = false;
    for (auto& job : m_inspector->finish()) {
      if (job.row >= n) throw std::logic_error("Runner::ready: a document of a row not in the chunk");
      chunk[job.row].inspected.push_back(std::move(job.result));
    }
  }

  // The students of chunk[from, to) (their key cells, as take() read them),
  // in one look-up.
  service::SchoolStudents look_up(const std::vector<Prepared>& chunk, std::size_t to,
                                  std::size_t from = 0) const {
    std::vector<service::StudentKey> keys;
    keys.reserve(to - from);
    for (std::size_t i = from; i < to; ++i) keys.push_back(chunk[i].student);
    return service::SchoolStudents(m_env, m_caller, m_report.kind, keys);
  }

  void emit(const Prepared& p) {
    ++m_report.rows;
    ++m_report.counts[static_cast<int>(p.result.status)];
    m_sink.row(p.result, p.row);
  }

  // `pending`: rows of this chunk decided but not yet emitted.
  bool tick(std::size_t pending = 0) {
    if (m_options.progress && !m_options.progress(m_report.rows + pending, m_rows->fraction())) {
      m_report.stopped = true;
      return false;
    }
    return true;
  }

  const std::string* raw_cell(const tabular::Row& row, const std::string& key) const {
    const auto at = m_header->find(key);
    if (!at || *at >= row.cells.size()) return nullptr;
    return &row.cells[*at];
  }
  std::string cell(const tabular::Row& row, const std::string& key) const {
    const std::string* v = raw_cell(row, key);
    return v ? normalize_cell(key, *v) : "";
  }

  // One service call per row, in the chunk's write: a row that passed its
  // checks is filed (or skipped, when its case was filed before), and every
  // row is recorded with the file's group.
  void file(Prepared& p) {
    const auto filed =
        service::file_batch_row(m_env, m_caller, m_batch, entry(p), p.checked ? &*p.checked : nullptr);
    if (!p.checked) return;
    switch (filed.outcome) {
      case service::BatchRowOutcome::skipped:
        p.result.status = RowStatus::skipped;
        p.result.receipt_no = filed.receipt_no;
        return;
      case service::BatchRowOutcome::failed:
        p.result.status = RowStatus::failed;
        p.result.problems.push_back(
            CellProblem{key_column(m_report.kind), filed.refusal_code, filed.refusal});
        return;
      case service::BatchRowOutcome::filed: break;
    }
    p.result.status = RowStatus::filed;
    p.result.receipt_no = filed.receipt_no;
    for (const auto& w : filed.warnings) {
      const bool said = std::any_of(m_report.warnings.begin(), m_report.warnings.end(), [&](const auto& x) {
        return x.code == w.code && x.message.en == w.message.en;
      });
      if (!said) m_report.warnings.push_back(w);
    }
    if (m_options.kill_after_rows > 0 && ++m_filed == m_options.kill_after_rows) std::raise(SIGKILL);
  }

  // The row as kept with the group: as decided so far (a row that passed
  // its checks is decided by file_batch_row).
  service::BatchRowEntry entry(const Prepared& p) const {
    service::BatchRowEntry b;
    b.row_no = static_cast<std::int64_t>(p.result.row);
    b.key = p.result.key;
    b.receipt_no = p.result.receipt_no;
    b.cells = p.row.cells;
    domain::Form names;  // the row's own name cells
    for (const char* k : {"name_zh", "name_en", "surname_en", "given_name_en"}) names[k] = cell(p.row, k);
    b.name = domain::display_name(names);
    b.outcome = p.result.status == RowStatus::skipped ? service::BatchRowOutcome::skipped
                                                      : service::BatchRowOutcome::failed;
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

  void prepare(Prepared& p, const service::SchoolStudents& students) {
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
    // nationality and birth date (ARC), as looked up for the chunk (look_up);
    // each refusal with its own code.
    service::SchoolStudent found;
    try {
      found = students.find(p.student);
    } catch (const Refusal& e) {
      return fail(key_col, e.code(), e.text());
    }
    // A proxy not made yet (id 0) has no cases.
    auto prior = students.prior(m_report.group_no, found.account.id);
    if (prior.filed) {
      r.status = RowStatus::skipped;
      r.receipt_no = std::move(*prior.filed);
      return;
    }
    std::string open_case = std::move(prior.open_case);
    service::Submission s;
    s.kind = kind;
    s.permit_no = mainland_kind(kind) ? r.key : "";
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      const Column& c = m_columns[i];
      if (m_at[i] >= row.cells.size() || c.key == "kind" || c.key == "permit_no") continue;
      std::string v = normalize_cell(c.key, row.cells[m_at[i]]);
      if (!v.empty()) s.form.emplace_hint(s.form.end(), c.key, std::move(v));
    }
    RowDocuments& docs = p.docs;  // take() listed them and began their inspection
    s.documents = std::move(docs.files);
    s.inspected = std::move(p.inspected);
    s.check_documents = checks_documents();
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
  std::deque<tabular::Row> m_ahead;  // rows read to find the kind, before the pipe
  std::unique_ptr<RowPipe> m_rows;   // the rest (declared after the table: stopped before it goes)
  std::unique_ptr<Inspector> m_inspector;  // made when the first documents are to be inspected
  bool m_inspecting = false;               // a set begun by take() and not yet taken by ready()
  std::exception_ptr m_read_error;         // what ended the rows, thrown once the rows before it are decided
  std::vector<Column> m_columns;
  std::optional<tabular::HeaderMap> m_header;  // column key -> its column in the file
  std::vector<std::size_t> m_at;               // m_columns[i]'s column in the file (npos: none)
  std::string m_school_name;                   // the calling school's
  std::size_t m_filed = 0;
  bool m_filing = false;         // submit, not validate
  service::BatchFiling m_batch;  // submit: the file's group and the rows waiting for it
};

}  // namespace

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

}  // namespace soas::batch
