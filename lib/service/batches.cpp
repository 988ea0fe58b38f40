#include "service/batches.hpp"

#include <set>

#include "core/error.hpp"
#include "core/messages.hpp"
#include "service/applications.hpp"
#include "service/cases.hpp"
#include "service/numbering.hpp"
#include "util/text.hpp"

namespace soas::service {

long amount_due(const domain::CaseRecord& c) {
  if (domain::is_final(c.state) || c.paid_at > 0) return 0;
  return c.fee;
}

namespace {

bool staff(const Caller& caller) {
  return caller.role == domain::Role::reviewer || caller.role == domain::Role::admin;
}

BatchStatusRow case_line(const Env& env, const domain::CaseRecord& c, std::string name) {
  BatchStatusRow line;
  line.key = !c.permit_no.empty() ? c.permit_no : env.store.cases().fields(c.receipt_no)["passport_no"];
  line.name = std::move(name);
  line.receipt_no = c.receipt_no;
  line.state = c.state;
  line.due = amount_due(c);
  line.proxy = c.proxy;
  line.unrecorded = c.unrecorded;
  return line;
}

// The lines of kept rows: the cases they name read in one query, with their names.
std::vector<BatchStatusRow> row_lines(const Env& env, const std::vector<domain::BatchRow>& rows) {
  store::CaseQuery q;
  for (const auto& r : rows)
    if (!r.receipt_no.empty()) q.receipt_nos.push_back(r.receipt_no);
  std::map<std::string, store::CaseLine> cases;
  if (!q.receipt_nos.empty()) {
    for (auto& c : env.store.cases().lines(q)) {
      const std::string receipt = c.c.receipt_no;
      cases.emplace(receipt, std::move(c));
    }
  }
  std::vector<BatchStatusRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    BatchStatusRow line;
    line.row = r.row_no;
    line.key = r.key;
    line.name = r.name;
    line.receipt_no = r.receipt_no;
    line.cells = r.cells;
    if (!r.problems.empty())
      for (const auto& p : util::split(r.problems, ';')) line.problems.emplace_back(util::trim(p));
    if (const auto c = cases.find(r.receipt_no); c != cases.end()) {
      line.state = c->second.c.state;
      line.due = amount_due(c->second.c);
      line.proxy = c->second.c.proxy;
      line.unrecorded = c->second.c.unrecorded;
      if (line.name.empty()) line.name = c->second.name;
    }
    out.push_back(std::move(line));
  }
  return out;
}

constexpr std::size_t k_tally_chunk = 1000;

}  // namespace

BatchStatus batch_status(const Env& env, const Caller& caller, const std::string& group_no,
                         const std::optional<std::string>& after, std::size_t limit) {
  if (limit != 0) check_page_limit(limit);
  BatchStatus out;
  out.group_no = group_no;
  env.store.read([&] {
    const auto batch = env.store.batches().of_group(group_no);
    if (batch) {
      const bool own_school = caller.role == domain::Role::school && !caller.school_code.empty() &&
                              caller.school_code == batch->school_code;
      if (!own_school && !staff(caller)) throw Refusal(msg::group_not_found, {group_no});
    }
    out.per_row = batch && !env.store.batches().rows(group_no, 0, 1).empty();
    // Lines after a key, at most n (0: all), and a line's key.
    std::function<std::vector<BatchStatusRow>(const std::optional<std::string>&, std::size_t)> lines;
    std::function<std::string(const BatchStatusRow&)> key_of;
    if (out.per_row) {
      out.header = env.store.batches().header(group_no);
      lines = [&](const std::optional<std::string>& from, std::size_t n) {
        return row_lines(env, env.store.batches().rows(group_no, from ? cursor_number(*from) : 0, n));
      };
      key_of = [](const BatchStatusRow& r) { return std::to_string(*r.row); };
    } else {  // one line per case
      lines = [&](const std::optional<std::string>& from, std::size_t n) {
        store::CaseQuery q;
        q.group_no = group_no;
        q.after = from;
        q.limit = n;
        std::vector<BatchStatusRow> found;
        if (batch) {
          for (auto& c : env.store.cases().lines(q)) found.push_back(case_line(env, c.c, std::move(c.name)));
        } else {
          for (auto& c : case_list(env, caller, q))
            found.push_back(case_line(env, c.c, std::move(c.applicant)));
        }
        return found;
      };
      key_of = [](const BatchStatusRow& r) { return r.receipt_no; };
    }
    out.rows = lines(after, limit == 0 ? 0 : limit + 1);
    if (limit != 0 && out.rows.size() > limit) {
      out.rows.resize(limit);
      out.next = key_of(out.rows.back());
    }
    const auto follows_page = [&](const BatchStatusRow& r) {
      if (!out.next) return false;
      return out.per_row ? *r.row > cursor_number(*out.next) : r.receipt_no > *out.next;
    };
    // The totals, a chunk at a time.
    std::set<std::string> counted;
    std::optional<std::string> from;
    for (;;) {
      const auto chunk = lines(from, k_tally_chunk);
      for (const auto& r : chunk) {
        ++out.total;
        ++out.by_state[r.state];
        if (!r.receipt_no.empty() && counted.insert(r.receipt_no).second) out.due += r.due;
        if (out.more < k_count_cap && follows_page(r)) ++out.more;
      }
      if (chunk.size() < k_tally_chunk) break;
      from = key_of(chunk.back());
    }
    if (out.total == 0) throw Refusal(msg::group_not_found, {group_no});
  });
  return out;
}

}  // namespace soas::service

namespace soas::service {

void batch_read(const Env& env, const std::function<void()>& fn) {
  env.store.read(fn);
}

void batch_write(const Env& env, const std::function<void()>& fn) {
  env.store.write(fn);
}

std::string calling_school_name(const Env& env, const Caller& caller) {
  require_role(caller, {domain::Role::school});
  const auto school = env.store.schools().find(caller.school_code);
  return school ? school->name : "";
}

std::string find_batch_group(const Env& env, const Caller& caller, const BatchFiling& filing) {
  require_role(caller, {domain::Role::school});
  const auto b = env.store.batches().find(caller.school_code, filing.file_sha256);
  return b ? b->group_no : "";
}

std::string open_batch_group(const Env& env, const Caller& caller, BatchFiling& filing) {
  require_role(caller, {domain::Role::school});
  if (filing.group_no.empty()) filing.group_no = find_batch_group(env, caller, filing);
  if (!filing.group_no.empty()) return filing.group_no;
  const std::string group_no = allocate_group_number(env.store.sequences());
  env.store.cases().insert_group(group_no, filing.kind, caller.account_id, env.clock.now());
  env.store.batches().insert(domain::BatchRecord{caller.school_code, filing.file_sha256, group_no,
                                                 caller.account_id, env.clock.now()});
  filing.group_no = group_no;
  return filing.group_no;
}

namespace {

domain::RowOutcome outcome_of(BatchRowOutcome o) {
  switch (o) {
    case BatchRowOutcome::filed: return domain::RowOutcome::filed;
    case BatchRowOutcome::skipped: return domain::RowOutcome::skipped;
    case BatchRowOutcome::failed: return domain::RowOutcome::failed;
  }
  return domain::RowOutcome::failed;
}

domain::BatchRow stored_row(const std::string& group_no, BatchRowEntry&& e) {
  return domain::BatchRow{group_no,
                          e.row_no,
                          std::move(e.key),
                          std::move(e.name),
                          std::move(e.receipt_no),
                          outcome_of(e.outcome),
                          std::move(e.problems),
                          std::move(e.cells)};
}

// The row with its group, in the chunk's write, so that the rows and the
// cases agree whatever stops the run; before the group exists, it waits.
void keep_row(const Env& env, BatchFiling& filing, BatchRowEntry&& entry) {
  if (filing.group_no.empty()) {
    filing.waiting.push_back(std::move(entry));
    return;
  }
  if (!filing.header_kept) {
    env.store.batches().set_header(filing.group_no, filing.header);
    filing.header_kept = true;
  }
  for (auto& w : filing.waiting) env.store.batches().put_row(stored_row(filing.group_no, std::move(w)));
  filing.waiting.clear();
  env.store.batches().put_row(stored_row(filing.group_no, std::move(entry)));
}

}  // namespace

BatchRowFiled file_batch_row(const Env& env, const Caller& caller, BatchFiling& filing, BatchRowEntry entry,
                             const CheckedSubmission* checked) {
  require_role(caller, {domain::Role::school});
  BatchRowFiled out;
  if (checked) {
    // A row repeated in this file finds the case its first copy just filed
    // (through the proxy account that copy made, when it made one).
    const auto prior =
        prior_cases(env, caller, filing.group_no, filing.kind, account_id_of(env, checked->applicant));
    if (prior.filed) {
      entry.outcome = BatchRowOutcome::skipped;
      entry.receipt_no = *prior.filed;
    } else {
      const std::string group_before = filing.group_no;
      try {
        env.store.write([&] {  // a savepoint: a failed row undoes only itself
          open_batch_group(env, caller, filing);
          auto filed = file_checked(env, caller, *checked, filing.group_no);
          entry.outcome = BatchRowOutcome::filed;
          entry.receipt_no = std::move(filed.receipt_no);
          entry.name = domain::display_name(checked->submission.form);
          out.warnings = std::move(filed.warnings);
        });
      } catch (const Refusal& e) {
        filing.group_no = group_before;  // a group made with the row is undone with it
        entry.outcome = BatchRowOutcome::failed;
        out.refusal_code = e.code();
        out.refusal = e.text();
        const std::string one = filing.key_column.empty() ? e.code() : filing.key_column + " " + e.code();
        entry.problems += (entry.problems.empty() ? "" : "; ") + one;
      }
    }
  }
  out.outcome = entry.outcome;
  out.receipt_no = entry.receipt_no;
  keep_row(env, filing, std::move(entry));
  return out;
}

}  // namespace soas::service
