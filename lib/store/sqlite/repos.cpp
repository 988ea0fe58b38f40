// The SQLite repositories of schools, agency records, accounts, tokens,
// sessions, the login throttle and the mail outbox. Every statement is
// parameterised.

#include <optional>
#include <tuple>

#include "store/sqlite/internal.hpp"

namespace soas::store::sqlite {

namespace {

using domain::Account;
using domain::Permit;
using domain::Person;

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

void bind_optional(SQLite::Statement& q, int index, const std::string& value) {
  if (value.empty()) {
    q.bind(index);  // NULL
  } else {
    q.bind(index, value);
  }
}

class SqliteSchools final : public Schools {
 public:
  SqliteSchools(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  bool add(const School& s) override {
    return guarded(m_path, [&] {
      Query q(m_db, "INSERT INTO schools (code, name) VALUES (?, ?) ON CONFLICT (code) DO NOTHING");
      q.bind(1, s.code);
      q.bind(2, s.name);
      return q.exec() == 1;
    });
  }
  std::optional<School> find(const std::string& code) override {
    return guarded(m_path, [&]() -> std::optional<School> {
      Query q(m_db, "SELECT code, name FROM schools WHERE code = ?");
      q.bind(1, code);
      if (!q.executeStep()) return std::nullopt;
      return School{q.getColumn(0).getString(), q.getColumn(1).getString()};
    });
  }
  std::vector<School> list(const Span& span) override {
    return guarded(m_path, [&] {
      std::vector<School> out;
      Query q(m_db, "SELECT code, name FROM schools WHERE (?1 IS NULL OR code > ?1) ORDER BY code LIMIT ?2");
      if (span.after) q.bind(1, *span.after);
      q.bind(2, sql_limit(span.limit));
      while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
      return out;
    });
  }
  std::int64_t count_after(const std::string& code, std::int64_t cap) override {
    return guarded(m_path, [&] {
      return count_capped(m_db, "SELECT 1 FROM schools WHERE code > ?1 ORDER BY code", 2, cap,
                          [&](Query& q) { q.bind(1, code); });
    });
  }

 private:
  Connection& m_db;
  const std::string& m_path;
};

constexpr const char* k_person_columns =
    "record_id, identity_type, name_zh, surname_en, given_name_en, birth_date, sex, nationality, birthplace, "
    "passport_no, mainland_id, travel_permit_no, ui_no, coalesce(school_code, ''), department";

const char* const k_permit_columns = "permit_no, kind, record_id, issue_date, stay_expiry, entry_inspected";
Permit read_permit(SQLite::Statement& q) {
  Permit p;
  p.permit_no = q.getColumn(0).getString();
  p.kind = stored(domain::parse_permit_kind(q.getColumn(1).getString()), "permits.kind");
  p.record_id = q.getColumn(2).getString();
  p.issue_date = stored(util::parse_iso_date(q.getColumn(3).getString()), "permits.issue_date");
  p.stay_expiry = stored(util::parse_iso_date(q.getColumn(4).getString()), "permits.stay_expiry");
  p.entry_inspected = q.getColumn(5).getInt() != 0;
  return p;
}

Person read_person(SQLite::Statement& q) {
  Person p;
  p.record_id = q.getColumn(0).getString();
  p.identity_type = stored(domain::parse_identity_type(q.getColumn(1).getString()), "persons.identity_type");
  p.name_zh = q.getColumn(2).getString();
  p.surname_en = q.getColumn(3).getString();
  p.given_name_en = q.getColumn(4).getString();
  p.birth_date = stored(util::parse_iso_date(q.getColumn(5).getString()), "persons.birth_date");
  p.sex = q.getColumn(6).getString();
  p.nationality = q.getColumn(7).getString();
  p.birthplace = q.getColumn(8).getString();
  p.passport_no = q.getColumn(9).getString();
  p.mainland_id = q.getColumn(10).getString();
  p.travel_permit_no = q.getColumn(11).getString();
  p.ui_no = q.getColumn(12).getString();
  p.school_code = q.getColumn(13).getString();
  p.department = q.getColumn(14).getString();
  return p;
}

class SqliteRecords final : public Records {
 public:
  SqliteRecords(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  std::optional<Person> person(const std::string& record_id) override {
    return one_person(std::string("SELECT ") + k_person_columns + " FROM persons WHERE record_id = ?",
                      record_id);
  }
  std::optional<Person> person_by_mainland_id(const std::string& mainland_id) override {
    return one_person(std::string("SELECT ") + k_person_columns + " FROM persons WHERE mainland_id = ?",
                      mainland_id);
  }
  std::optional<Person> person_by_passport(domain::IdentityType type,
                                           const std::string& passport_no) override {
    return guarded(m_path, [&]() -> std::optional<Person> {
      Query q(m_db,
              std::string("SELECT ") + k_person_columns +
                  " FROM persons WHERE identity_type = ? AND passport_no = ? ORDER BY record_id LIMIT 1");
      q.bind(1, std::string(domain::key(type)));
      q.bind(2, passport_no);
      if (!q.executeStep()) return std::nullopt;
      return read_person(q);
    });
  }
  void put_person(const Person& p) override {
    guarded(m_path, [&] {
      Query q(m_db, std::string("INSERT OR REPLACE INTO persons (") +
                        "record_id, identity_type, name_zh, surname_en, given_name_en, birth_date, "
                        "sex, nationality, birthplace, passport_no, mainland_id, travel_permit_no, "
                        "ui_no, school_code, department) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, p.record_id);
      q.bind(2, std::string(domain::key(p.identity_type)));
      q.bind(3, p.name_zh);
      q.bind(4, p.surname_en);
      q.bind(5, p.given_name_en);
      q.bind(6, p.birth_date.iso());
      q.bind(7, p.sex);
      q.bind(8, p.nationality);
      q.bind(9, p.birthplace);
      q.bind(10, p.passport_no);
      q.bind(11, p.mainland_id);
      q.bind(12, p.travel_permit_no);
      q.bind(13, p.ui_no);
      bind_optional(q, 14, p.school_code);
      q.bind(15, p.department);
      q.exec();
    });
  }
  std::optional<Permit> permit(const std::string& permit_no) override {
    return guarded(m_path, [&]() -> std::optional<Permit> {
      Query q(m_db, std::string("SELECT ") + k_permit_columns + " FROM permits WHERE permit_no = ?");
      q.bind(1, permit_no);
      if (!q.executeStep()) return std::nullopt;
      return read_permit(q);
    });
  }
  std::vector<Permit> permits_by_nos(const std::vector<std::string>& permit_nos) override {
    return guarded(m_path, [&] {
      std::vector<Permit> out;
      in_lists(permit_nos, [&](const std::string& marks, const std::vector<std::string>& piece) {
        Query q(m_db, std::string("SELECT ") + k_permit_columns + " FROM permits WHERE permit_no IN (" +
                          marks + ")");
        bind_piece(q, piece);
        while (q.executeStep()) out.push_back(read_permit(q));
      });
      return out;
    });
  }
  std::vector<Person> persons_by_ids(const std::vector<std::string>& record_ids) override {
    return many_persons("record_id", record_ids);
  }
  std::vector<Person> persons_by_passports(const std::vector<std::string>& passport_nos) override {
    return many_persons("passport_no", passport_nos);  // persons_by_passport's index
  }
  std::vector<Permit> permits_expiring(const util::Date& from, const util::Date& to) override {
    return guarded(m_path, [&] {
      Query q(m_db, std::string("SELECT ") + k_permit_columns +
                        " FROM permits WHERE stay_expiry BETWEEN ? AND ? AND kind IN ('multi-entry', 'arc') "
                        "ORDER BY stay_expiry, permit_no");
      q.bind(1, from.iso());
      q.bind(2, to.iso());
      std::vector<Permit> out;
      while (q.executeStep()) out.push_back(read_permit(q));
      return out;
    });
  }
  void put_permit(const Permit& p) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT OR REPLACE INTO permits "
              "(permit_no, kind, record_id, issue_date, stay_expiry, entry_inspected) "
              "VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(1, p.permit_no);
      q.bind(2, std::string(domain::key(p.kind)));
      q.bind(3, p.record_id);
      q.bind(4, p.issue_date.iso());
      q.bind(5, p.stay_expiry.iso());
      q.bind(6, p.entry_inspected ? 1 : 0);
      q.exec();
    });
  }
  long count_persons() override { return count("SELECT count(*) FROM persons"); }
  long count_permits() override { return count("SELECT count(*) FROM permits"); }
  std::vector<Person> persons(const std::optional<std::string>& school_code, const Span& span) override {
    return guarded(m_path, [&] {
      // Two statements, so each keeps its index: persons_by_school for a
      // school, the primary key for all.
      Query q(m_db, std::string("SELECT ") + k_person_columns + " FROM persons WHERE " +
                        (school_code ? "school_code = ?3 AND " : "") +
                        "(?1 IS NULL OR record_id > ?1) ORDER BY record_id LIMIT ?2");
      if (span.after) q.bind(1, *span.after);
      q.bind(2, sql_limit(span.limit));
      if (school_code) q.bind(3, *school_code);
      std::vector<Person> out;
      while (q.executeStep()) out.push_back(read_person(q));
      return out;
    });
  }
  std::int64_t count_persons_after(const std::optional<std::string>& school_code,
                                   const std::string& record_id, std::int64_t cap) override {
    return guarded(m_path, [&] {
      return count_capped(m_db,
                          std::string("SELECT 1 FROM persons WHERE ") +
                              (school_code ? "school_code = ?2 AND " : "") +
                              "record_id > ?1 ORDER BY record_id",
                          3, cap, [&](Query& q) {
                            q.bind(1, record_id);
                            if (school_code) q.bind(2, *school_code);
                          });
    });
  }
  std::vector<Permit> permits(const Span& span) override {
    return guarded(m_path, [&] {
      Query q(m_db, std::string("SELECT ") + k_permit_columns +
                        " FROM permits WHERE (?1 IS NULL OR permit_no > ?1) ORDER BY permit_no LIMIT ?2");
      if (span.after) q.bind(1, *span.after);
      q.bind(2, sql_limit(span.limit));
      std::vector<Permit> out;
      while (q.executeStep()) out.push_back(read_permit(q));
      return out;
    });
  }
  std::int64_t count_permits_after(const std::string& permit_no, std::int64_t cap) override {
    return guarded(m_path, [&] {
      return count_capped(m_db, "SELECT 1 FROM permits WHERE permit_no > ?1 ORDER BY permit_no", 2, cap,
                          [&](Query& q) { q.bind(1, permit_no); });
    });
  }

 private:
  std::vector<Person> many_persons(const char* column, const std::vector<std::string>& values) {
    return guarded(m_path, [&] {
      std::vector<Person> out;
      in_lists(values, [&](const std::string& marks, const std::vector<std::string>& piece) {
        Query q(m_db, std::string("SELECT ") + k_person_columns + " FROM persons WHERE " + column + " IN (" +
                          marks + ")");
        bind_piece(q, piece);
        while (q.executeStep()) out.push_back(read_person(q));
      });
      return out;
    });
  }
  std::optional<Person> one_person(const std::string& sql, const std::string& value) {
    return guarded(m_path, [&]() -> std::optional<Person> {
      Query q(m_db, sql);
      q.bind(1, value);
      if (!q.executeStep()) return std::nullopt;
      return read_person(q);
    });
  }
  long count(const char* sql) {
    return guarded(m_path, [&] { return static_cast<long>(m_db.execAndGet(sql).getInt64()); });
  }
  Connection& m_db;
  const std::string& m_path;
};

constexpr const char* k_account_columns =
    "id, name, role, coalesce(identity_type, ''), coalesce(school_code, ''), email, password_hash, status, "
    "coalesce(person_key, ''), coalesce(record_id, ''), created_at, coalesce(proxy_key, '')";

class SqliteAccounts final : public Accounts {
 public:
  SqliteAccounts(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  std::optional<Account> find(const std::string& name) override {
    return one(std::string("SELECT ") + k_account_columns + " FROM accounts WHERE name = ? COLLATE NOCASE",
               [&](SQLite::Statement& q) { q.bind(1, name); });
  }
  std::optional<Account> by_id(std::int64_t id) override {
    return one(std::string("SELECT ") + k_account_columns + " FROM accounts WHERE id = ?",
               [&](SQLite::Statement& q) { q.bind(1, static_cast<std::int64_t>(id)); });
  }
  std::optional<Account> student_by_record(const std::string& record_id) override {
    return one(std::string("SELECT ") + k_account_columns +
                   " FROM accounts WHERE role = 'student' AND record_id = ? "
                   "ORDER BY proxy_key IS NOT NULL, id LIMIT 1",
               [&](SQLite::Statement& q) { q.bind(1, record_id); });
  }
  std::optional<Account> proxy(const std::string& proxy_key) override {
    return one(std::string("SELECT ") + k_account_columns + " FROM accounts WHERE proxy_key = ?",
               [&](SQLite::Statement& q) { q.bind(1, proxy_key); });
  }
  std::vector<Account> by_ids(const std::vector<std::int64_t>& ids) override {
    return many(ids, [](const std::string& marks) { return "id IN (" + marks + ")"; });
  }
  std::vector<Account> students_by_records(const std::vector<std::string>& record_ids) override {
    auto out = many(record_ids, [](const std::string& marks) {
      return "role = 'student' AND record_id IN (" + marks + ")";
    });
    // student_by_record's order within each record
    std::sort(out.begin(), out.end(), [](const Account& a, const Account& b) {
      const bool a_proxy = !a.proxy_key.empty(), b_proxy = !b.proxy_key.empty();
      return std::tie(a.record_id, a_proxy, a.id) < std::tie(b.record_id, b_proxy, b.id);
    });
    return out;
  }
  std::vector<Account> proxies(const std::vector<std::string>& proxy_keys) override {
    return many(proxy_keys, [](const std::string& marks) { return "proxy_key IN (" + marks + ")"; });
  }
  std::vector<Account> row_proxies(const std::string& passport_no) override {
    return guarded(m_path, [&] {
      std::vector<Account> out;
      // proxy_key is "row:PASSPORT:SCHOOL": the passport's keys are one range
      // of the proxy_key index (';' follows ':').
      Query q(m_db, std::string("SELECT ") + k_account_columns +
                        " FROM accounts WHERE proxy_key >= ?1 AND proxy_key < ?2 ORDER BY id");
      q.bind(1, "row:" + passport_no + ":");
      q.bind(2, "row:" + passport_no + ";");
      while (q.executeStep()) out.push_back(read(q));
      for (auto& a : out) a.profile = fields(a.id);
      return out;
    });
  }
  bool person_registered(domain::IdentityType type, const std::string& person_key) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT 1 FROM accounts WHERE identity_type = ? AND person_key = ? AND proxy_key IS NULL");
      q.bind(1, std::string(domain::key(type)));
      q.bind(2, person_key);
      return q.executeStep();
    });
  }
  std::int64_t insert(const Account& a) override {
    return guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO accounts (name, role, identity_type, school_code, email, password_hash, "
              "status, person_key, record_id, created_at, proxy_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, a.name);
      q.bind(2, std::string(domain::key(a.role)));
      bind_optional(q, 3, a.identity_type ? std::string(domain::key(*a.identity_type)) : "");
      bind_optional(q, 4, a.school_code);
      q.bind(5, a.email);
      q.bind(6, a.password_hash);
      q.bind(7, std::string(domain::key(a.status)));
      bind_optional(q, 8, a.person_key);
      bind_optional(q, 9, a.record_id);
      q.bind(10, static_cast<std::int64_t>(a.created_at));
      bind_optional(q, 11, a.proxy_key);
      q.exec();
      const std::int64_t id = m_db.getLastInsertRowid();
      write_fields(id, a.profile);
      return id;
    });
  }
  void set_status(std::int64_t id, domain::AccountStatus status) override {
    update("UPDATE accounts SET status = ? WHERE id = ?", std::string(domain::key(status)), id);
  }
  void set_password_hash(std::int64_t id, const std::string& hash) override {
    update("UPDATE accounts SET password_hash = ? WHERE id = ?", hash, id);
  }
  void set_profile(std::int64_t id, const std::string& email,
                   const std::map<std::string, std::string>& profile) override {
    update("UPDATE accounts SET email = ? WHERE id = ?", email, id);
    guarded(m_path, [&] {
      Query del(m_db, "DELETE FROM account_fields WHERE account_id = ?");
      del.bind(1, static_cast<std::int64_t>(id));
      del.exec();
      write_fields(id, profile);
    });
  }
  std::vector<Account> list(const Span& span) override {
    return guarded(m_path, [&] {
      std::vector<Account> out;
      Query q(m_db, std::string("SELECT ") + k_account_columns +
                        " FROM accounts WHERE (?1 IS NULL OR name > ?1 COLLATE NOCASE) "
                        "ORDER BY name COLLATE NOCASE LIMIT ?2");
      if (span.after) q.bind(1, *span.after);
      q.bind(2, sql_limit(span.limit));
      while (q.executeStep()) out.push_back(read(q));
      return out;
    });
  }
  std::int64_t count_after(const std::string& name, std::int64_t cap) override {
    return guarded(m_path, [&] {
      return count_capped(
          m_db, "SELECT 1 FROM accounts WHERE name > ?1 COLLATE NOCASE ORDER BY name COLLATE NOCASE", 2, cap,
          [&](Query& q) { q.bind(1, name); });
    });
  }
  long count_active(domain::Role role) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT count(*) FROM accounts WHERE role = ? AND status = 'active'");
      q.bind(1, std::string(domain::key(role)));
      q.executeStep();
      return static_cast<long>(q.getColumn(0).getInt64());
    });
  }
  long count_with_role(domain::Role role) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT count(*) FROM accounts WHERE role = ?");
      q.bind(1, std::string(domain::key(role)));
      q.executeStep();
      return static_cast<long>(q.getColumn(0).getInt64());
    });
  }

 private:
  // The accounts `where(marks)` selects for the values, with their profiles
  // read in one query a piece.
  template <typename T, typename Where>
  std::vector<Account> many(const std::vector<T>& values, Where&& where) {
    return guarded(m_path, [&] {
      std::vector<Account> out;
      in_lists(values, [&](const std::string& marks, const std::vector<T>& piece) {
        const std::size_t first = out.size();
        {
          Query q(m_db, std::string("SELECT ") + k_account_columns + " FROM accounts WHERE " + where(marks));
          bind_piece(q, piece);
          while (q.executeStep()) out.push_back(read(q));
        }
        if (out.size() == first) return;
        std::unordered_map<std::int64_t, Account*> by_id;
        std::vector<std::int64_t> ids;
        for (std::size_t i = first; i < out.size(); ++i) {
          by_id.emplace(out[i].id, &out[i]);
          ids.push_back(out[i].id);
        }
        in_lists(ids, [&](const std::string& id_marks, const std::vector<std::int64_t>& id_piece) {
          Query f(m_db, "SELECT account_id, field, value FROM account_fields WHERE account_id IN (" +
                            id_marks + ")");
          bind_piece(f, id_piece);
          while (f.executeStep())
            by_id.at(f.getColumn(0).getInt64())->profile[f.getColumn(1).getString()] =
                f.getColumn(2).getString();
        });
      });
      return out;
    });
  }
  template <typename Bind>
  std::optional<Account> one(const std::string& sql, Bind bind) {
    return guarded(m_path, [&]() -> std::optional<Account> {
      Query q(m_db, sql);
      bind(q);
      if (!q.executeStep()) return std::nullopt;
      Account a = read(q);
      a.profile = fields(a.id);
      return a;
    });
  }
  static Account read(SQLite::Statement& q) {
    Account a;
    a.id = q.getColumn(0).getInt64();
    a.name = q.getColumn(1).getString();
    a.role = stored(domain::parse_role(q.getColumn(2).getString()), "accounts.role");
    if (const std::string t = q.getColumn(3).getString(); !t.empty())
      a.identity_type = stored(domain::parse_identity_type(t), "accounts.identity_type");
    a.school_code = q.getColumn(4).getString();
    a.email = q.getColumn(5).getString();
    a.password_hash = q.getColumn(6).getString();
    a.status = stored(domain::parse_account_status(q.getColumn(7).getString()), "accounts.status");
    a.person_key = q.getColumn(8).getString();
    a.record_id = q.getColumn(9).getString();
    a.created_at = q.getColumn(10).getInt64();
    a.proxy_key = q.getColumn(11).getString();
    return a;
  }
  std::map<std::string, std::string> fields(std::int64_t id) {
    std::map<std::string, std::string> out;
    Query q(m_db, "SELECT field, value FROM account_fields WHERE account_id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
    return out;
  }
  void write_fields(std::int64_t id, const std::map<std::string, std::string>& profile) {
    Query q(m_db, "INSERT INTO account_fields (account_id, field, value) VALUES (?, ?, ?)");
    for (const auto& [field, value] : profile) {
      q.bind(1, static_cast<std::int64_t>(id));
      q.bind(2, field);
      q.bind(3, value);
      q.exec();
      q.reset();
    }
  }
  void update(const char* sql, const std::string& value, std::int64_t id) {
    guarded(m_path, [&] {
      Query q(m_db, sql);
      q.bind(1, value);
      q.bind(2, static_cast<std::int64_t>(id));
      q.exec();
    });
  }
  Connection& m_db;
  const std::string& m_path;
};

const char* purpose_key(TokenPurpose p) {
  return p == TokenPurpose::verify ? "verify" : "reset";
}

class SqliteTokens final : public Tokens {
 public:
  SqliteTokens(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  void insert(const std::string& token_hash, const TokenRecord& r) override {
    guarded(m_path, [&] {
      Query q(m_db, "INSERT INTO tokens (token_hash, account_id, purpose, expires_at) VALUES (?, ?, ?, ?)");
      q.bind(1, token_hash);
      q.bind(2, static_cast<std::int64_t>(r.account_id));
      q.bind(3, purpose_key(r.purpose));
      q.bind(4, static_cast<std::int64_t>(r.expires_at));
      q.exec();
    });
  }
  std::optional<TokenRecord> find(const std::string& token_hash) override {
    return guarded(m_path, [&]() -> std::optional<TokenRecord> {
      Query q(m_db, "SELECT account_id, purpose, expires_at, used_at FROM tokens WHERE token_hash = ?");
      q.bind(1, token_hash);
      if (!q.executeStep()) return std::nullopt;
      return TokenRecord{q.getColumn(0).getInt64(),
                         q.getColumn(1).getString() == "verify" ? TokenPurpose::verify : TokenPurpose::reset,
                         q.getColumn(2).getInt64(), optional_int(q.getColumn(3))};
    });
  }
  bool use(const std::string& token_hash, std::int64_t at) override {
    return guarded(m_path, [&] {
      Query q(m_db, "UPDATE tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL");
      q.bind(1, static_cast<std::int64_t>(at));
      q.bind(2, token_hash);
      return q.exec() == 1;
    });
  }
  void revoke(std::int64_t account_id, TokenPurpose purpose, std::int64_t at) override {
    guarded(m_path, [&] {
      Query q(m_db, "UPDATE tokens SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL");
      q.bind(1, static_cast<std::int64_t>(at));
      q.bind(2, static_cast<std::int64_t>(account_id));
      q.bind(3, purpose_key(purpose));
      q.exec();
    });
  }

 private:
  Connection& m_db;
  const std::string& m_path;
};

class SqliteSessions final : public Sessions {
 public:
  SqliteSessions(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  void insert(const std::string& token_hash, const SessionRecord& r) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
      q.bind(1, token_hash);
      q.bind(2, static_cast<std::int64_t>(r.account_id));
      q.bind(3, static_cast<std::int64_t>(r.created_at));
      q.bind(4, static_cast<std::int64_t>(r.expires_at));
      q.exec();
    });
  }
  std::optional<SessionRecord> find(const std::string& token_hash) override {
    return guarded(m_path, [&]() -> std::optional<SessionRecord> {
      Query q(m_db, "SELECT account_id, created_at, expires_at, ended_at FROM sessions WHERE token_hash = ?");
      q.bind(1, token_hash);
      if (!q.executeStep()) return std::nullopt;
      return SessionRecord{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                           optional_int(q.getColumn(3))};
    });
  }
  void end(const std::string& token_hash, std::int64_t at) override {
    guarded(m_path, [&] {
      Query q(m_db, "UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL");
      q.bind(1, static_cast<std::int64_t>(at));
      q.bind(2, token_hash);
      q.exec();
    });
  }
  void end_all(std::int64_t account_id, std::int64_t at) override {
    guarded(m_path, [&] {
      Query q(m_db, "UPDATE sessions SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL");
      q.bind(1, static_cast<std::int64_t>(at));
      q.bind(2, static_cast<std::int64_t>(account_id));
      q.exec();
    });
  }

 private:
  Connection& m_db;
  const std::string& m_path;
};

class SqliteThrottle final : public LoginThrottle {
 public:
  SqliteThrottle(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  Throttle get(const std::string& name) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT failures, locked_until FROM login_throttle WHERE name = ?");
      q.bind(1, name);
      if (!q.executeStep()) return Throttle{};
      return Throttle{q.getColumn(0).getInt(), q.getColumn(1).getInt64()};
    });
  }
  void put(const std::string& name, const Throttle& t) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO login_throttle (name, failures, locked_until) VALUES (?, ?, ?) "
              "ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, "
              "locked_until = excluded.locked_until");
      q.bind(1, name);
      q.bind(2, t.failures);
      q.bind(3, static_cast<std::int64_t>(t.locked_until));
      q.exec();
    });
  }
  void clear(const std::string& name) override {
    guarded(m_path, [&] {
      Query q(m_db, "DELETE FROM login_throttle WHERE name = ?");
      q.bind(1, name);
      q.exec();
    });
  }

 private:
  Connection& m_db;
  const std::string& m_path;
};

class SqliteOutbox final : public Outbox {
 public:
  SqliteOutbox(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  bool reminded(const std::string& permit_no, const std::string& window_closes) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT 1 FROM reminders_sent WHERE permit_no = ? AND window_closes = ?");
      q.bind(1, permit_no);
      q.bind(2, window_closes);
      return q.executeStep();
    });
  }
  void remember(const std::string& permit_no, const std::string& window_closes, std::int64_t outbox_id,
                std::int64_t at) override {
    guarded(m_path, [&] {
      Query q(
          m_db,
          "INSERT INTO reminders_sent (permit_no, window_closes, outbox_id, sent_at) VALUES (?, ?, ?, ?)");
      q.bind(1, permit_no);
      q.bind(2, window_closes);
      q.bind(3, outbox_id);
      q.bind(4, at);
      q.exec();
    });
  }
  std::int64_t enqueue(const OutboxItem& item) override {
    return guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO outbox (kind, account_id, to_addr, params, status, created_at) "
              "VALUES (?, ?, ?, ?, 'pending', ?)");
      q.bind(1, item.kind);
      q.bind(2, static_cast<std::int64_t>(item.account_id));
      q.bind(3, item.to);
      q.bind(4, item.params);
      q.bind(5, static_cast<std::int64_t>(item.created_at));
      q.exec();
      return static_cast<std::int64_t>(m_db.getLastInsertRowid());
    });
  }
  std::vector<OutboxItem> list(std::optional<OutboxStatus> status, int limit) override {
    return guarded(m_path, [&] {
      Query q(m_db, std::string("SELECT ") + k_columns +
                        " FROM outbox WHERE (?1 IS NULL OR status = ?1) ORDER BY id LIMIT ?2");
      if (status) q.bind(1, *status == OutboxStatus::sent ? "sent" : "pending");
      q.bind(2, limit);
      std::vector<OutboxItem> out;
      while (q.executeStep()) out.push_back(read(q));
      return out;
    });
  }
  std::optional<OutboxItem> find(std::int64_t id) override {
    return guarded(m_path, [&]() -> std::optional<OutboxItem> {
      Query q(m_db, std::string("SELECT ") + k_columns + " FROM outbox WHERE id = ?");
      q.bind(1, static_cast<std::int64_t>(id));
      if (!q.executeStep()) return std::nullopt;
      return read(q);
    });
  }
  void mark_sent(std::int64_t id, std::int64_t at, const std::string& exported_to) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
              "last_error = '', exported_to = ? WHERE id = ? AND status = 'pending'");
      q.bind(1, static_cast<std::int64_t>(at));
      bind_optional(q, 2, exported_to);
      q.bind(3, static_cast<std::int64_t>(id));
      q.exec();
    });
  }
  void mark_failed(std::int64_t id, const std::string& error) override {
    guarded(m_path, [&] {
      Query q(m_db, "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?");
      q.bind(1, error);
      q.bind(2, static_cast<std::int64_t>(id));
      q.exec();
    });
  }

 private:
  static constexpr const char* k_columns =
      "id, kind, account_id, to_addr, params, status, attempts, last_error, created_at, sent_at, "
      "coalesce(exported_to, '')";
  static OutboxItem read(SQLite::Statement& q) {
    OutboxItem i;
    i.id = q.getColumn(0).getInt64();
    i.kind = q.getColumn(1).getString();
    i.account_id = q.getColumn(2).getInt64();
    i.to = q.getColumn(3).getString();
    i.params = q.getColumn(4).getString();
    i.status = q.getColumn(5).getString() == "sent" ? OutboxStatus::sent : OutboxStatus::pending;
    i.attempts = q.getColumn(6).getInt();
    i.last_error = q.getColumn(7).getString();
    i.created_at = q.getColumn(8).getInt64();
    i.sent_at = optional_int(q.getColumn(9));
    i.exported_to = q.getColumn(10).getString();
    return i;
  }
  Connection& m_db;
  const std::string& m_path;
};

class SqliteCalendars final : public Calendars {
 public:
  SqliteCalendars(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  std::vector<CalendarYear> years() override {
    return guarded(m_path, [&] {
      std::vector<CalendarYear> out;
      Query q(m_db,
              "SELECT year, source, sha256, days, imported_at, imported_by FROM calendar_years ORDER BY year");
      while (q.executeStep()) {
        out.push_back(CalendarYear{q.getColumn(0).getInt(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                   static_cast<long>(q.getColumn(3).getInt64()), q.getColumn(4).getInt64(),
                                   q.getColumn(5).getString()});
      }
      return out;
    });
  }
  std::vector<domain::OfficeDay> days() override {
    return guarded(m_path, [&] {
      std::vector<domain::OfficeDay> out;
      Query q(m_db, "SELECT date, day_off, note FROM calendar_days ORDER BY date");
      while (q.executeStep()) {
        out.push_back(
            domain::OfficeDay{stored(util::parse_iso_date(q.getColumn(0).getString()), "calendar_days.date"),
                              q.getColumn(1).getInt() != 0, q.getColumn(2).getString()});
      }
      return out;
    });
  }
  void replace_year(const CalendarYear& y, const std::vector<domain::OfficeDay>& days) override {
    guarded(m_path, [&] {
      Query drop(m_db, "DELETE FROM calendar_days WHERE year = ?");
      drop.bind(1, y.year);
      drop.exec();
      Query year(m_db,
                 "INSERT INTO calendar_years (year, source, sha256, days, imported_at, imported_by) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET source = excluded.source, "
                 "sha256 = excluded.sha256, days = excluded.days, imported_at = excluded.imported_at, "
                 "imported_by = excluded.imported_by");
      year.bind(1, y.year);
      year.bind(2, y.source);
      year.bind(3, y.sha256);
      year.bind(4, static_cast<std::int64_t>(y.days));
      year.bind(5, static_cast<std::int64_t>(y.imported_at));
      year.bind(6, y.imported_by);
      year.exec();
      for (const auto& d : days) {
        Query q(m_db, "INSERT INTO calendar_days (date, year, day_off, note) VALUES (?, ?, ?, ?)");
        q.bind(1, d.date.iso());
        q.bind(2, y.year);
        q.bind(3, d.day_off ? 1 : 0);
        q.bind(4, d.note);
        q.exec();
      }
    });
  }

 private:
  Connection& m_db;
  const std::string& m_path;
};

}  // namespace

std::unique_ptr<Calendars> make_calendars(Connection& db, const std::string& path) {
  return std::make_unique<SqliteCalendars>(db, path);
}
std::unique_ptr<Schools> make_schools(Connection& db, const std::string& path) {
  return std::make_unique<SqliteSchools>(db, path);
}
std::unique_ptr<Records> make_records(Connection& db, const std::string& path) {
  return std::make_unique<SqliteRecords>(db, path);
}
std::unique_ptr<Accounts> make_accounts(Connection& db, const std::string& path) {
  return std::make_unique<SqliteAccounts>(db, path);
}
std::unique_ptr<Tokens> make_tokens(Connection& db, const std::string& path) {
  return std::make_unique<SqliteTokens>(db, path);
}
std::unique_ptr<Sessions> make_sessions(Connection& db, const std::string& path) {
  return std::make_unique<SqliteSessions>(db, path);
}
std::unique_ptr<LoginThrottle> make_throttle(Connection& db, const std::string& path) {
  return std::make_unique<SqliteThrottle>(db, path);
}
std::unique_ptr<Outbox> make_outbox(Connection& db, const std::string& path) {
  return std::make_unique<SqliteOutbox>(db, path);
}

}  // namespace soas::store::sqlite
