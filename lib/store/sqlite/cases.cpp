// The SQLite repository of cases, their groups, fields, documents and history.

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "domain/application.hpp"
#include "store/sqlite/internal.hpp"
#include "store/sqlite/sqlite.hpp"

namespace soas::store::sqlite {

namespace {

constexpr const char* k_case_columns =
    "receipt_no, group_no, kind, applicant_id, filed_by, coalesce(school_code, ''), coalesce(permit_no, ''), "
    "state, "
    "fee, submitted_at, decision_due, opinion, reply, coalesce(paid_order, ''), coalesce(paid_at, 0), "
    "coalesce(issued_at, 0), coalesce(valid_until, ''), proxy, unrecorded";

// k_case_columns, each named by its table, then the listed name's parts
// (one JSON array of the form's four name fields, read from it in one pass)
// and the account's name (case_list_sql's join): columns 19 and 20.
constexpr const char* k_listed_case_columns =
    "cases.receipt_no, cases.group_no, cases.kind, cases.applicant_id, cases.filed_by, "
    "coalesce(cases.school_code, ''), coalesce(cases.permit_no, ''), cases.state, cases.fee, "
    "cases.submitted_at, "
    "cases.decision_due, cases.opinion, cases.reply, coalesce(cases.paid_order, ''), coalesce(cases.paid_at, "
    "0), "
    "coalesce(cases.issued_at, 0), coalesce(cases.valid_until, ''), cases.proxy, cases.unrecorded, "
    "json_extract(cases.form, '$.name_zh', '$.name_en', '$.surname_en', '$.given_name_en'), "
    "coalesce(a.name, '')";

// Binds a CaseQuery's values in case_where_sql's order; returns how many.
// With several states, case_list_sql has one part per state, each bound in turn.
int bind_case_part(SQLite::Statement& q, const CaseQuery& c, int i);
int bind_case_query(SQLite::Statement& q, const CaseQuery& c) {
  if (c.states.empty()) return bind_case_part(q, c, 0);
  int i = 0;
  for (const auto state : c.states) {
    CaseQuery part = c;
    part.states.clear();
    part.state = state;
    i = bind_case_part(q, part, i);
  }
  return i;
}
int bind_case_part(SQLite::Statement& q, const CaseQuery& c, int i) {
  if (c.applicant_id) q.bind(++i, *c.applicant_id);
  if (c.school_code) q.bind(++i, *c.school_code);
  if (c.group_no) q.bind(++i, *c.group_no);
  if (c.receipt_no) q.bind(++i, *c.receipt_no);
  for (const auto& r : c.receipt_nos) q.bind(++i, r);
  if (c.state) q.bind(++i, std::string(domain::key(*c.state)));
  if (c.kind) q.bind(++i, std::string(domain::key(*c.kind)));
  if (c.from) q.bind(++i, *c.from);
  if (c.to) q.bind(++i, *c.to);
  if (c.paid_from) q.bind(++i, *c.paid_from);
  if (c.paid_to) q.bind(++i, *c.paid_to);
  if (c.after) q.bind(++i, *c.after);
  return i;
}

// The name a listed case goes by: domain::display_name of its form's name
// fields, else its account's name.
std::string listed_name(SQLite::Statement& q) {
  std::map<std::string, std::string> form;
  const auto parts = nlohmann::json::parse(q.getColumn(19).getString(), nullptr, false);
  if (!parts.is_array() || parts.size() != 4) throw UnknownStoredValue("cases.form");
  const char* const keys[] = {"name_zh", "name_en", "surname_en", "given_name_en"};
  for (std::size_t i = 0; i < 4; ++i)
    if (parts[i].is_string()) form.emplace(keys[i], parts[i].get<std::string>());
  std::string name = domain::display_name(form);
  return name.empty() ? q.getColumn(20).getString() : name;
}

// A case's form as stored (cases.form): one JSON object of its fields. The
// form's values were checked as UTF-8 (domain::validate_form); a byte that is
// not would be stored as U+FFFD rather than fail the case's transaction.
std::string form_json(const std::map<std::string, std::string>& fields) {
  return nlohmann::json(fields).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
std::map<std::string, std::string> form_of(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) throw UnknownStoredValue("cases.form");
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) throw UnknownStoredValue("cases.form");
    out.emplace_hint(out.end(), k, v.get<std::string>());
  }
  return out;
}

CaseRecord read_case(SQLite::Statement& q) {
  CaseRecord c;
  c.receipt_no = q.getColumn(0).getString();
  c.group_no = q.getColumn(1).getString();
  c.kind = stored(domain::parse_application_kind(q.getColumn(2).getString()), "cases.kind");
  c.applicant_id = q.getColumn(3).getInt64();
  c.filed_by = q.getColumn(4).getInt64();
  c.school_code = q.getColumn(5).getString();
  c.permit_no = q.getColumn(6).getString();
  c.state = stored(domain::parse_case_state(q.getColumn(7).getString()), "cases.state");
  c.fee = static_cast<long>(q.getColumn(8).getInt64());
  c.submitted_at = q.getColumn(9).getInt64();
  c.decision_due = q.getColumn(10).getString();
  c.opinion = q.getColumn(11).getString();
  c.reply = q.getColumn(12).getString();
  c.paid_order = q.getColumn(13).getString();
  c.paid_at = q.getColumn(14).getInt64();
  c.issued_at = q.getColumn(15).getInt64();
  c.valid_until = q.getColumn(16).getString();
  c.proxy = q.getColumn(17).getInt() != 0;
  c.unrecorded = q.getColumn(18).getInt() != 0;
  return c;
}

class SqliteCases final : public Cases {
 public:
  SqliteCases(Connection& db, const std::string& path) : m_db(db), m_path(path) {}

  void insert_group(const std::string& group_no, domain::ApplicationKind kind, std::int64_t created_by,
                    std::int64_t at) override {
    guarded(m_path, [&] {
      Query q(m_db, "INSERT INTO case_groups (group_no, kind, created_by, created_at) VALUES (?, ?, ?, ?)");
      q.bind(1, group_no);
      q.bind(2, std::string(domain::key(kind)));
      q.bind(3, created_by);
      q.bind(4, at);
      q.exec();
    });
  }

  void insert(const CaseRecord& c, const std::map<std::string, std::string>& fields) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO cases (receipt_no, group_no, kind, applicant_id, filed_by, school_code, "
              "permit_no, state, fee, submitted_at, decision_due, opinion, reply, proxy, unrecorded, form) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, c.receipt_no);
      q.bind(2, c.group_no);
      q.bind(3, std::string(domain::key(c.kind)));
      q.bind(4, c.applicant_id);
      q.bind(5, c.filed_by);
      bind_text_or_null(q, 6, c.school_code);
      bind_text_or_null(q, 7, c.permit_no);
      q.bind(8, std::string(domain::key(c.state)));
      q.bind(9, static_cast<std::int64_t>(c.fee));
      q.bind(10, c.submitted_at);
      q.bind(11, c.decision_due);
      q.bind(12, c.opinion);
      q.bind(13, c.reply);
      q.bind(14, c.proxy ? 1 : 0);
      q.bind(15, c.unrecorded ? 1 : 0);
      q.bind(16, form_json(fields));
      q.exec();
    });
  }

  void add_document(const std::string& receipt_no, const CaseDocument& d,
                    const std::string& content) override {
    guarded(m_path, [&] {
      Query b(m_db, "INSERT INTO blobs (sha256, content) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING");
      b.bind_view(1, d.sha256);
      b.bind_view(2, content.data(), static_cast<int>(content.size()));
      b.exec();
      Query q(m_db,
              "INSERT INTO case_documents (receipt_no, item, seq, file_name, format, size, sha256) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, receipt_no);
      q.bind(2, d.item);
      q.bind(3, d.seq);
      q.bind(4, d.file_name);
      q.bind(5, d.format);
      q.bind(6, d.size);
      q.bind(7, d.sha256);
      q.exec();
    });
  }

  void add_event(const std::string& receipt_no, const CaseEvent& e) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO case_history (receipt_no, action, from_state, to_state, actor, at, note) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, receipt_no);
      q.bind(2, std::string(domain::key(e.action)));
      q.bind(3, e.from ? std::string(domain::key(*e.from)) : std::string());  // "": the submission
      q.bind(4, std::string(domain::key(e.to)));
      q.bind(5, e.actor);
      q.bind(6, e.at);
      q.bind(7, e.note);
      q.exec();
    });
  }

  std::optional<CaseRecord> find(const std::string& receipt_no) override {
    return guarded(m_path, [&]() -> std::optional<CaseRecord> {
      Query q(m_db, std::string("SELECT ") + k_case_columns + " FROM cases WHERE receipt_no = ?");
      q.bind(1, receipt_no);
      if (!q.executeStep()) return std::nullopt;
      return read_case(q);
    });
  }

  std::vector<CaseRecord> list(const CaseQuery& c) override {
    return guarded(m_path, [&] {
      Query q(m_db, case_list_sql(c));
      bind_case_query(q, c);
      std::vector<CaseRecord> out;
      while (q.executeStep()) out.push_back(read_case(q));
      return out;
    });
  }

  std::vector<CaseLine> lines(const CaseQuery& c) override {
    return guarded(m_path, [&] {
      Query q(m_db, case_list_sql(c));
      bind_case_query(q, c);
      std::vector<CaseLine> out;
      while (q.executeStep()) {
        CaseLine line{read_case(q), {}};
        line.name = listed_name(q);
        out.push_back(std::move(line));
      }
      return out;
    });
  }

  std::int64_t count(const CaseQuery& c, std::int64_t cap) override {
    if (!c.states.empty()) {
      std::int64_t total = 0;
      for (const auto state : c.states) {
        CaseQuery part = c;
        part.states.clear();
        part.state = state;
        total += count(part, cap - total);
        if (total >= cap) break;
      }
      return total;
    }
    return guarded(m_path, [&] {
      CaseQuery unpaged = c;
      unpaged.limit = 0;
      Query q(m_db, "SELECT count(*) FROM (SELECT 1 FROM cases" + case_where_sql(unpaged) + " LIMIT ?)");
      const int n = bind_case_query(q, unpaged);
      q.bind(n + 1, cap);
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  }

  std::map<std::string, std::string> fields(const std::string& receipt_no) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT form FROM cases WHERE receipt_no = ?");
      q.bind(1, receipt_no);
      if (!q.executeStep()) return std::map<std::string, std::string>();
      return form_of(q.getColumn(0).getString());
    });
  }

  std::vector<CaseDocument> documents(const std::string& receipt_no) override {
    return guarded(m_path, [&] {
      std::vector<CaseDocument> out;
      Query q(m_db,
              "SELECT item, seq, file_name, format, size, sha256 FROM case_documents WHERE receipt_no = ? "
              "ORDER BY rowid");
      q.bind(1, receipt_no);
      while (q.executeStep()) {
        out.push_back(CaseDocument{q.getColumn(0).getString(), q.getColumn(1).getInt(),
                                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                                   q.getColumn(4).getInt64(), q.getColumn(5).getString()});
      }
      return out;
    });
  }

  std::map<std::string, std::string> last_notes(const std::vector<std::string>& receipt_nos) override {
    return guarded(m_path, [&] {
      std::map<std::string, std::string> out;
      if (receipt_nos.empty()) return out;
      const std::string marks = sql_marks(receipt_nos.size());
      // One search of case_history_by_case per case, for its last event.
      Query q(m_db,
              "SELECT receipt_no, note FROM case_history WHERE id IN (SELECT max(id) FROM case_history "
              "WHERE receipt_no IN (" +
                  marks + ") GROUP BY receipt_no)");
      for (std::size_t i = 0; i < receipt_nos.size(); ++i) q.bind(static_cast<int>(i + 1), receipt_nos[i]);
      while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
      return out;
    });
  }

  std::vector<CaseEvent> history(const std::string& receipt_no) override {
    return guarded(m_path, [&] {
      std::vector<CaseEvent> out;
      Query q(m_db,
              "SELECT action, from_state, to_state, actor, at, note FROM case_history WHERE receipt_no = ? "
              "ORDER BY id");
      q.bind(1, receipt_no);
      while (q.executeStep()) {
        CaseEvent e;
        e.action = stored(domain::parse_case_action(q.getColumn(0).getString()), "case_history.action");
        if (const std::string from = q.getColumn(1).getString(); !from.empty())
          e.from = stored(domain::parse_case_state(from), "case_history.from_state");
        e.to = stored(domain::parse_case_state(q.getColumn(2).getString()), "case_history.to_state");
        e.actor = q.getColumn(3).getString();
        e.at = q.getColumn(4).getInt64();
        e.note = q.getColumn(5).getString();
        out.push_back(std::move(e));
      }
      return out;
    });
  }

  long reassign_applicant(std::int64_t from, std::int64_t to) override {
    return guarded(m_path, [&] {
      Query q(m_db, "UPDATE cases SET applicant_id = ? WHERE applicant_id = ?");
      q.bind(1, to);
      q.bind(2, from);
      q.exec();
      return static_cast<long>(m_db.getChanges());
    });
  }

  std::vector<CaseRecord> cases_of(std::int64_t applicant_id, domain::ApplicationKind kind) override {
    return guarded(m_path, [&] {
      // Ordered here: ORDER BY would sort in a temporary b-tree per call
      // (the index is on applicant, kind, state), for the few cases a student has.
      Query q(m_db,
              std::string("SELECT ") + k_case_columns + " FROM cases WHERE applicant_id = ? AND kind = ?");
      q.bind(1, applicant_id);
      q.bind(2, std::string(domain::key(kind)));
      std::vector<CaseRecord> out;
      while (q.executeStep()) out.push_back(read_case(q));
      std::sort(out.begin(), out.end(),
                [](const CaseRecord& a, const CaseRecord& b) { return a.receipt_no < b.receipt_no; });
      return out;
    });
  }

  std::vector<CaseRecord> cases_of_applicants(const std::vector<std::int64_t>& applicant_ids,
                                              domain::ApplicationKind kind) override {
    return guarded(m_path, [&] {
      std::vector<CaseRecord> out;
      in_lists(applicant_ids, [&](const std::string& marks, const std::vector<std::int64_t>& piece) {
        Query q(m_db, std::string("SELECT ") + k_case_columns + " FROM cases WHERE applicant_id IN (" +
                          marks + ") AND kind = ?" + std::to_string(piece.size() + 1));
        bind_piece(q, piece);
        q.bind(static_cast<int>(piece.size()) + 1, std::string(domain::key(kind)));
        while (q.executeStep()) out.push_back(read_case(q));
      });
      std::sort(out.begin(), out.end(), [](const CaseRecord& a, const CaseRecord& b) {
        return std::tie(a.applicant_id, a.receipt_no) < std::tie(b.applicant_id, b.receipt_no);
      });
      return out;
    });
  }

  bool update_state(const std::string& receipt_no, domain::CaseState from, domain::CaseState to,
                    const std::string& opinion, const std::string& reply) override {
    return guarded(m_path, [&] {
      Query q(m_db, "UPDATE cases SET state = ?, opinion = ?, reply = ? WHERE receipt_no = ? AND state = ?");
      q.bind(1, std::string(domain::key(to)));
      q.bind(2, opinion);
      q.bind(3, reply);
      q.bind(4, receipt_no);
      q.bind(5, std::string(domain::key(from)));
      return q.exec() == 1;
    });
  }

  void replace_fields(const std::string& receipt_no,
                      const std::map<std::string, std::string>& fields) override {
    guarded(m_path, [&] {
      Query q(m_db, "UPDATE cases SET form = ? WHERE receipt_no = ?");
      q.bind(1, form_json(fields));
      q.bind(2, receipt_no);
      q.exec();
    });
  }

  void remove_document(const std::string& receipt_no, const std::string& item, int seq) override {
    guarded(m_path, [&] {
      Query q(m_db, "DELETE FROM case_documents WHERE receipt_no = ? AND item = ? AND seq = ?");
      q.bind(1, receipt_no);
      q.bind(2, item);
      q.bind(3, seq);
      q.exec();
    });
  }

  void set_issue(const std::string& receipt_no, const std::string& paid_order, std::int64_t paid_at,
                 std::int64_t issued_at, const std::string& valid_until) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "UPDATE cases SET paid_order = ?, paid_at = ?, issued_at = ?, valid_until = ? "
              "WHERE receipt_no = ?");
      bind_text_or_null(q, 1, paid_order);
      if (paid_at != 0)
        q.bind(2, paid_at);
      else
        q.bind(2);
      q.bind(3, issued_at);
      q.bind(4, valid_until);
      q.bind(5, receipt_no);
      q.exec();
    });
  }

  std::optional<std::string> blob(const std::string& sha256) override {
    return guarded(m_path, [&]() -> std::optional<std::string> {
      Query q(m_db, "SELECT content FROM blobs WHERE sha256 = ?");
      q.bind(1, sha256);
      if (!q.executeStep()) return std::nullopt;
      const SQLite::Column c = q.getColumn(0);
      return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
    });
  }

 private:
  Connection& m_db;
  const std::string& m_path;
};

}  // namespace

std::unique_ptr<Cases> make_cases(Connection& db, const std::string& path) {
  return std::make_unique<SqliteCases>(db, path);
}

// Only the filters given, each a plain comparison with its own parameter,
// so the planner can use the index of the column (a student's cases by
// cases_by_applicant, a group's by cases_by_group): "(?1 IS NULL OR
// applicant_id = ?1)" reads every case whatever is bound. At most 2^9
// statements, each prepared once (Connection keeps them).
std::string case_where_sql(const CaseQuery& c) {
  std::string sql;
  const char* glue = " WHERE ";
  const auto add = [&](bool given, const char* condition) {
    if (!given) return;
    sql += glue;
    sql += condition;
    glue = " AND ";
  };
  add(c.applicant_id.has_value(), "cases.applicant_id = ?");
  add(c.school_code.has_value(), "cases.school_code = ?");
  add(c.group_no.has_value(), "cases.group_no = ?");
  add(c.receipt_no.has_value(), "cases.receipt_no = ?");
  if (!c.receipt_nos.empty()) {
    add(true, ("cases.receipt_no IN (" + sql_marks(c.receipt_nos.size()) + ")").c_str());
  }
  add(c.state.has_value(), "cases.state = ?");
  add(c.kind.has_value(), "cases.kind = ?");
  add(c.from.has_value(), "cases.submitted_at >= ?");
  add(c.to.has_value(), "cases.submitted_at < ?");
  add(c.paid_from.has_value(), "cases.paid_at >= ?");
  add(c.paid_to.has_value(), "cases.paid_at < ?");
  add(c.after.has_value(), "cases.receipt_no > ?");
  return sql;
}

std::string case_list_sql(const CaseQuery& c) {
  if (!c.states.empty()) {
    // One ordered, limited part per state, merged in receipt-number order.
    std::string sql;
    for (const auto state : c.states) {
      CaseQuery part = c;
      part.states.clear();
      part.state = state;
      sql += (sql.empty() ? "SELECT * FROM (" : " UNION ALL SELECT * FROM (") + case_list_sql(part) + ")";
    }
    sql += " ORDER BY 1";
    if (c.limit > 0) sql += " LIMIT " + std::to_string(c.limit);
    return sql;
  }
  // The name each case is listed under comes in the same query: its form's
  // four name fields (from the case's own row) and its account's.
  std::string sql = std::string("SELECT ") + k_listed_case_columns +
                    " FROM cases"
                    " LEFT JOIN accounts a ON a.id = cases.applicant_id" +
                    case_where_sql(c) + " ORDER BY cases.receipt_no";
  if (c.limit > 0) sql += " LIMIT " + std::to_string(c.limit);
  return sql;
}

}  // namespace soas::store::sqlite
