#include "service/batches.hpp"

#include <set>

#include "core/error.hpp"
#include "core/messages.hpp"
#include "service/applications.hpp"
#include "util/text.hpp"

namespace soas::service {

long amount_due(const store::CaseRecord& c) {
  if (domain::is_final(c.state) || c.paid_at > 0) return 0;
  return c.fee;
}

namespace {

bool staff(const Caller& caller) {
  return caller.role == domain::Role::reviewer || caller.role == domain::Role::admin;
}

BatchStatusRow case_line(const Env& env, const store::CaseRecord& c) {
  BatchStatusRow line;
  line.key = !c.permit_no.empty() ? c.permit_no : env.store.cases().fields(c.receipt_no)["passport_no"];
  line.name = applicant_name(env, c);
  line.receipt_no = c.receipt_no;
  line.state = c.state;
  line.due = amount_due(c);
  line.proxy = c.proxy;
  line.unrecorded = c.unrecorded;
  return line;
}

}  // namespace

BatchStatus batch_status(const Env& env, const Caller& caller, const std::string& group_no) {
  BatchStatus out;
  out.group_no = group_no;
  env.store.read([&] {
    const auto batch = env.store.batches().of_group(group_no);
    if (batch) {
      const bool own_school = caller.role == domain::Role::school && !caller.school_code.empty() &&
                              caller.school_code == batch->school_code;
      if (!own_school && !staff(caller)) throw Refusal(msg::group_not_found, {group_no});
    }
    const auto rows = batch ? env.store.batches().rows(group_no) : std::vector<store::BatchRow>{};
    if (rows.empty()) {  // one line per case
      store::CaseQuery q;
      q.group_no = group_no;
      const auto cases = batch ? env.store.cases().list(q) : list_cases(env, caller, q);
      if (cases.empty()) throw Refusal(msg::group_not_found, {group_no});
      for (const auto& c : cases) out.rows.push_back(case_line(env, c));
      return;
    }
    out.per_row = true;
    out.header = env.store.batches().header(group_no);
    for (const auto& r : rows) {
      BatchStatusRow line;
      line.row = r.row_no;
      line.key = r.key;
      line.name = r.name;
      line.receipt_no = r.receipt_no;
      line.cells = r.cells;
      if (!r.problems.empty())
        for (const auto& p : util::split(r.problems, ';')) line.problems.emplace_back(util::trim(p));
      if (!r.receipt_no.empty()) {
        if (const auto c = env.store.cases().find(r.receipt_no)) {
          line.state = c->state;
          line.due = amount_due(*c);
          line.proxy = c->proxy;
          line.unrecorded = c->unrecorded;
          if (line.name.empty()) line.name = applicant_name(env, *c);
        }
      }
      out.rows.push_back(std::move(line));
    }
  });
  std::set<std::string> counted;
  for (const auto& r : out.rows)
    if (!r.receipt_no.empty() && counted.insert(r.receipt_no).second) out.due += r.due;
  return out;
}

}  // namespace soas::service
