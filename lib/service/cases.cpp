#include "service/cases.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/files.hpp"
#include "domain/application.hpp"
#include "mail/mail.hpp"
#include "service/mail_delivery.hpp"
#include "service/applications.hpp"
#include "service/documents.hpp"
#include "service/payments.hpp"

namespace soas::service {

namespace {

using domain::CaseAction;
using domain::CaseState;

bool needs_text(CaseAction a) {
  return a == CaseAction::return_correction || a == CaseAction::return_supplement ||
         a == CaseAction::reject || a == CaseAction::not_accept;
}

void require_actor(const Caller& caller, CaseAction action) {
  switch (domain::actor_of(action)) {
    case domain::Actor::applicant: require_role(caller, {domain::Role::student, domain::Role::school}); break;
    case domain::Actor::reviewer: require_role(caller, {domain::Role::reviewer}); break;
    case domain::Actor::system: require_role(caller, {domain::Role::admin}); break;
  }
}

// The mail a transition sends, if any.
const char* mail_for(CaseAction action, CaseState to) {
  switch (action) {
    case CaseAction::return_correction:
    case CaseAction::return_supplement: return mail::k_correction;
    case CaseAction::approve: return to == CaseState::awaiting_payment ? mail::k_payment : mail::k_decision;
    case CaseAction::reject:
    case CaseAction::not_accept: return mail::k_decision;
    default: return nullptr;
  }
}

}  // namespace

domain::CaseRecord transition_case(const Env& env, const std::string& actor, domain::CaseRecord c,
                                   const CaseTransition& t) {
  const CaseAction action = t.action;
  const CaseState from = c.state;
  const CaseState to = domain::transition(from, action, c.fee);
  if (needs_text(action)) c.opinion = t.text;
  if (action == CaseAction::resubmit) c.reply = t.text;
  if (!env.store.cases().update_state(c.receipt_no, from, to, c.opinion, c.reply)) {
    throw Refusal(msg::case_changed, {c.receipt_no});
  }
  c.state = to;
  if (to == CaseState::issued) record_issue(env, c, t.order_no, t.paid_at);
  env.store.cases().add_event(c.receipt_no,
                              domain::CaseEvent{action, from, to, actor, env.clock.now(), t.note});
  env.store.audit().append(
      domain::AuditEntry{0, "", actor, "case." + std::string(domain::key(action)), "case", c.receipt_no,
                         std::string(domain::key(from)) + " -> " + std::string(domain::key(to))});
  if (const char* kind = mail_for(action, to)) {
    const auto applicant = env.store.accounts().by_id(c.applicant_id);
    if (applicant) {
      const Text state = domain::label(to);
      queue_case_mail(env, c, *applicant, kind,
                      {{"account", applicant->name},
                       {"receipt", c.receipt_no},
                       {"group", c.group_no},
                       {"state_zh", state.zh},
                       {"state_en", state.en},
                       {"opinion", needs_text(action) ? c.opinion : ""},
                       {"fee", std::to_string(c.fee)}});
    }
  }
  return c;
}

domain::CaseRecord act_on_case(const Env& env, const Caller& caller, const std::string& receipt_no,
                               CaseAction action, const std::string& text) {
  require_actor(caller, action);
  if (needs_text(action) && text.empty()) throw Refusal(msg::opinion_required);
  (void)visible_case(env, caller, receipt_no);
  domain::CaseRecord out;
  try {
    env.store.write([&] {
      // Read again inside the transaction: the state may have moved meanwhile.
      out = transition_case(env, caller.name, visible_case(env, caller, receipt_no), CaseTransition{action, text, text, "", 0});
    });
  } catch (const Refusal& e) {
    if (action != CaseAction::withdraw) throw;
    throw Refusal(msg::withdraw_failed.code, Text{msg::withdraw_failed.zh + std::string("：") + e.text().zh,
                                                  msg::withdraw_failed.en + std::string(": ") + e.text().en});
  }
  return out;
}

std::vector<domain::CaseRecord> act_on_group(const Env& env, const Caller& caller,
                                             const std::string& group_no, CaseAction action,
                                             const std::string& text) {
  require_actor(caller, action);
  if (domain::actor_of(action) != domain::Actor::reviewer) require_role(caller, {domain::Role::reviewer});
  if (needs_text(action) && text.empty()) throw Refusal(msg::opinion_required);
  std::vector<domain::CaseRecord> out;
  env.store.write([&] {
    store::CaseQuery q;
    q.group_no = group_no;
    const auto cases = env.store.cases().list(q);
    if (cases.empty()) throw Refusal(msg::group_not_found, {group_no});
    for (const auto& c : cases) out.push_back(transition_case(env, caller.name, c, CaseTransition{action, text, "整團 " + text, "", 0}));
  });
  return out;
}

domain::CaseRecord correct_case(const Env& env, const Caller& caller, Correction corr) {
  require_actor(caller, CaseAction::resubmit);
  const domain::CaseRecord c = visible_case(env, caller, corr.receipt_no);
  if (c.state != CaseState::returned_correction && c.state != CaseState::returned_supplement) {
    domain::transition(c.state, CaseAction::resubmit);  // refuses naming the state
  }
  const auto applicant = env.store.accounts().by_id(c.applicant_id);
  const auto stored = env.store.cases().fields(c.receipt_no);
  std::vector<FieldProblem> problems;
  domain::Form merged = stored;
  if (c.state == CaseState::returned_supplement) {
    // 補件: the fields stay as they are.
    for (const auto& [k, v] : corr.changes) {
      const auto it = stored.find(k);
      if (it == stored.end() || it->second != v) {
        problems.push_back(FieldProblem{k, msg::field_read_only.code, msg::field_read_only.text({k})});
      }
    }
  } else {
    for (const auto& [k, v] : corr.changes) merged[k] = v;
    const std::vector<std::string> stations = config::station_codes(env.config);
    const domain::FormRules rules{env.clock.today(), env.config.mail.mainland_domains};
    auto more =
        domain::validate_application(*applicant->identity_type, c.kind, merged, stored, rules, stations);
    problems.insert(problems.end(), more.begin(), more.end());
  }
  // Documents after the change: the kept ones and the new ones.
  auto docs = env.store.cases().documents(c.receipt_no);
  for (const auto& removal : corr.remove_docs) {
    const auto& [item, seq] = removal;
    const auto it = std::find_if(docs.begin(), docs.end(), [&](const domain::CaseDocument& d) {
      return d.item == removal.first && d.seq == removal.second;
    });
    if (it == docs.end()) {
      problems.push_back(FieldProblem{"doc:" + item, msg::document_not_attached.code,
                                      msg::document_not_attached.text({item + "/" + std::to_string(seq)})});
    } else {
      docs.erase(it);
    }
  }
  const auto items = domain::document_items(*applicant->identity_type, c.kind);
  std::map<std::string, int> last_seq;
  for (const auto& d : env.store.cases().documents(c.receipt_no))
    last_seq[d.item] = std::max(last_seq[d.item], d.seq);
  const auto uploads = check_uploads(items, corr.add_docs, last_seq, problems);
  std::set<std::string> present;
  for (const auto& d : docs) present.insert(d.item);
  for (const auto& u : uploads) present.insert(u.item);
  missing_documents(items, domain::document_facts(merged), present, problems);
  if (!problems.empty()) throw form_refusal(std::move(problems));
  domain::CaseRecord out;
  env.store.write([&] {
    const auto current = visible_case(env, caller, corr.receipt_no);
    if (current.state != c.state) throw Refusal(msg::case_changed, {c.receipt_no});
    if (c.state == CaseState::returned_correction) env.store.cases().replace_fields(c.receipt_no, merged);
    for (const auto& [item, seq] : corr.remove_docs)
      env.store.cases().remove_document(c.receipt_no, item, seq);
    for (const auto& u : uploads)
      env.store.cases().add_document(c.receipt_no, case_document(u), u.info.content);
    out = transition_case(env, caller.name, current, CaseTransition{CaseAction::resubmit, corr.reply, corr.reply, "", 0});
  });
  return out;
}

TodoSection section_of(CaseState s, bool whole_group) {
  switch (s) {
    case CaseState::pending_review:
    case CaseState::resubmitted: return TodoSection::new_cases;
    case CaseState::returned_correction:
    case CaseState::returned_supplement: return TodoSection::awaiting_correction;
    case CaseState::awaiting_payment: return TodoSection::awaiting_payment;
    case CaseState::rejected:
    case CaseState::not_accepted: return whole_group ? TodoSection::group_refused : TodoSection::refused;
    default: return TodoSection::refused;
  }
}

std::vector<TodoRow> todo(const Env& env, const Caller& caller) {
  std::vector<TodoRow> rows;
  std::optional<std::string> after;
  do {
    auto page = todo_page(env, caller, after, k_page_max);
    for (auto& r : page.rows) rows.push_back(std::move(r));
    after = page.next;
  } while (after);
  return rows;
}

CaseDetail case_detail(const Env& env, const Caller& caller, const std::string& receipt_no) {
  CaseDetail d;
  d.c = visible_case(env, caller, receipt_no);
  d.fields = env.store.cases().fields(receipt_no);
  d.documents = env.store.cases().documents(receipt_no);
  d.history = env.store.cases().history(receipt_no);
  return d;
}

std::vector<DocumentFile> case_document_files(const Env& env, const Caller& caller,
                                              const std::string& receipt_no) {
  visible_case(env, caller, receipt_no);
  std::vector<DocumentFile> files;
  for (const auto& d : env.store.cases().documents(receipt_no)) {
    auto bytes = env.store.cases().blob(d.sha256);
    const std::string name = safe_file_name(d.item + "-" + std::to_string(d.seq) + "-" + d.file_name);
    if (!bytes) {
      throw Failure("docs-out-unwritable",
                    Text{"文件內容遺失：" + name, "a document's content is missing: " + name});
    }
    files.push_back({name, std::move(*bytes)});
  }
  return files;
}

namespace {

// Who sees which cases (list_cases' rule), applied to a query.
store::CaseQuery visible_to(const Caller& caller, store::CaseQuery query) {
  if (caller.role == domain::Role::student) query.applicant_id = caller.account_id;
  if (caller.role == domain::Role::school) query.school_code = caller.school_code;
  return query;
}

}  // namespace

std::vector<CaseListRow> case_list(const Env& env, const Caller& caller, store::CaseQuery query) {
  std::vector<CaseListRow> rows;
  for (auto& line : env.store.cases().lines(visible_to(caller, std::move(query)))) {
    rows.push_back({std::move(line.c), std::move(line.name)});
  }
  return rows;
}

namespace {

Page<CaseListRow> page_with(Page<CaseListRow> page, std::vector<store::CaseLine> lines) {
  for (auto& line : lines) page.rows.push_back({std::move(line.c), std::move(line.name)});
  return page;
}
Page<domain::CaseRecord> page_with(Page<domain::CaseRecord> page, std::vector<domain::CaseRecord> cases) {
  page.rows = std::move(cases);
  return page;
}
const domain::CaseRecord& record_of(const store::CaseLine& line) {
  return line.c;
}
const domain::CaseRecord& record_of(const domain::CaseRecord& c) {
  return c;
}

// A page of the store's cases for the query (read_page), counted on.
template <typename Row, typename Read>
Page<Row> page_of(const Env& env, store::CaseQuery query, std::size_t limit, Read read) {
  using Stored = typename decltype(read(query))::value_type;
  auto stored = read_page<Stored>(
      limit,
      [&](std::size_t n) {
        query.limit = n;
        return read(query);
      },
      [](const Stored& r) { return record_of(r).receipt_no; },
      [&](const std::string& key, std::int64_t cap) {
        store::CaseQuery rest = query;
        rest.after = key;
        return env.store.cases().count(rest, cap);
      });
  Page<Row> page;
  page.next = stored.next;
  page.more = stored.more;
  return page_with(std::move(page), std::move(stored.rows));
}

}  // namespace

Page<CaseListRow> case_list_page(const Env& env, const Caller& caller, store::CaseQuery query,
                                 std::size_t limit) {
  return page_of<CaseListRow>(env, visible_to(caller, std::move(query)), limit,
                              [&](const store::CaseQuery& q) { return env.store.cases().lines(q); });
}

Page<TodoRow> todo_page(const Env& env, const Caller& caller, const std::optional<std::string>& after,
                        std::size_t limit) {
  store::CaseQuery q;
  // The open states: everything but issued and withdrawn.
  q.states = {CaseState::pending_review, CaseState::returned_correction, CaseState::returned_supplement,
              CaseState::resubmitted,    CaseState::awaiting_payment,    CaseState::rejected,
              CaseState::not_accepted};
  q.after = after;
  auto lines = page_of<CaseListRow>(env, visible_to(caller, std::move(q)), limit,
                                    [&](const store::CaseQuery& cq) { return env.store.cases().lines(cq); });
  std::vector<std::string> refused;
  for (const auto& r : lines.rows) {
    if (r.c.state == CaseState::rejected || r.c.state == CaseState::not_accepted)
      refused.push_back(r.c.receipt_no);
  }
  const auto notes = env.store.cases().last_notes(refused);
  Page<TodoRow> page;
  page.next = lines.next;
  page.more = lines.more;
  for (auto& r : lines.rows) {
    const auto note = notes.find(r.c.receipt_no);
    const bool whole_group = note != notes.end() && note->second.rfind("整團", 0) == 0;
    const TodoSection section = section_of(r.c.state, whole_group);
    page.rows.push_back({std::move(r.c), section, std::move(r.applicant)});
  }
  return page;
}

Page<domain::CaseRecord> review_queue(const Env& env, const Caller& caller, const ReviewQuery& query,
                                      std::size_t limit) {
  require_role(caller, {domain::Role::reviewer});
  store::CaseQuery q;
  if (query.state) {
    q.state = query.state;
  } else {
    q.states = {CaseState::pending_review, CaseState::resubmitted};
  }
  q.kind = query.kind;
  q.after = query.after;
  return page_of<domain::CaseRecord>(env, std::move(q), limit,
                                     [&](const store::CaseQuery& cq) { return env.store.cases().list(cq); });
}

}  // namespace soas::service
