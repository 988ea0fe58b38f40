#include "service/records.hpp"

#include <set>

#include "core/error.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

namespace soas::service {

namespace {

using domain::RecordFileKind;

void audit(const Env& env, const std::string& actor, const char* action, const std::string& entity,
           const std::string& id, const std::string& detail = "") {
  env.store.audit().append(domain::AuditEntry{0, "", actor, action, entity, id, detail});
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Thrown inside the write transaction to roll it back when references fail.
struct Rejected {};

FieldProblem problem(const std::string& field, const char* code, const std::string& zh,
                     const std::string& en) {
  return FieldProblem{field, code, Text{zh, en}};
}

}  // namespace

RecordFile read_records(tabular::TableReader& table, const std::string& path) {
  RecordFile report;
  tabular::Row header;
  if (!table.next(header)) {
    throw Failure("file-format", Text{path + ": 沒有標題列", path + ": there is no header row"});
  }
  std::vector<std::string> keys;
  for (const auto& c : header.cells) keys.push_back(util::to_lower_ascii(util::trim(c)));
  // A column named twice is refused before anything else (header-duplicate):
  // which of the two holds the data cannot be told.
  const tabular::HeaderMap map(
      header,
      [](const std::string& cell) -> std::optional<std::string> {
        std::string k = util::to_lower_ascii(util::trim(cell));
        if (k.empty()) return std::nullopt;
        return k;
      },
      path);
  const auto has = [&](const char* k) { return map.has(k); };
  if (has("permit_no")) {
    report.kind = RecordFileKind::permits;
  } else if (has("record_id") && has("identity_type")) {
    report.kind = RecordFileKind::persons;
  } else {
    throw Failure("file-format",
                  Text{path + ": 無法判斷記錄種類：標題列須含 permit_no（許可證）或 record_id 與 "
                              "identity_type（人員），見 man soas-records(5)",
                       path + ": cannot tell the kind of records: the header needs permit_no "
                              "(permits) or record_id and identity_type (persons); see man "
                              "soas-records(5)"});
  }
  const auto& columns = domain::record_columns(report.kind);
  std::set<std::string> seen_columns;
  for (const auto& k : keys) {
    const bool known = std::any_of(columns.begin(), columns.end(), [&](const auto& c) { return k == c.key; });
    if (k.empty()) continue;
    if (!known) {
      report.problems.push_back(
          {header.line, problem(k, "unknown-column", "不明的欄位：" + k, "unknown column: " + k)});
    } else {
      seen_columns.insert(k);
    }
  }
  for (const auto& c : columns) {
    if (c.required && seen_columns.count(c.key) == 0) {
      report.problems.push_back(
          {header.line, problem(c.key, "missing-column", std::string("缺少欄位：") + c.key,
                                std::string("missing column: ") + c.key)});
    }
  }
  if (!report.problems.empty()) return report;

  std::set<std::string> ids;
  tabular::Row row;
  while (table.next(row)) {
    ++report.rows;
    domain::RecordRow cells;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      cells.emplace_back(keys[i], i < row.cells.size() ? std::string(util::trim(row.cells[i])) : "");
    }
    if (row.cells.size() > keys.size()) {
      report.problems.push_back(
          {row.line, problem("", "extra-cells", "資料比標題多", "more cells than headers")});
    }
    std::vector<FieldProblem> problems;
    std::string id;
    if (report.kind == RecordFileKind::persons) {
      auto p = domain::person_from_row(cells, problems);
      id = p.record_id;
      report.persons.emplace_back(row.line, std::move(p));
    } else {
      auto p = domain::permit_from_row(cells, problems);
      id = p.permit_no;
      report.permits.emplace_back(row.line, std::move(p));
    }
    if (!id.empty() && !ids.insert(id).second) {
      const char* key = report.kind == RecordFileKind::persons ? "record_id" : "permit_no";
      problems.push_back(
          problem(key, "duplicate-record", "檔案內重複：" + id, "listed twice in the file: " + id));
    }
    for (auto& p : problems) report.problems.push_back({row.line, std::move(p)});
  }

  return report;
}

ImportReport import_records(const Env& env, const Caller& caller, const std::string& path) {
  require_role(caller, {domain::Role::admin});
  ImportReport report;
  report.file = path;
  auto table = tabular::open_table(path);
  report.format = table->format();
  RecordFile file = read_records(*table, path);
  report.kind = file.kind;
  report.rows = file.rows;
  report.problems = std::move(file.problems);
  if (!report.problems.empty() && file.rows == 0) return report;  // the header is wrong: no row was read
  const auto& persons = file.persons;
  const auto& permits = file.permits;

  // References are checked against the database as it is, in the same
  // transaction that applies the file.
  try {
    env.store.write([&] {
      for (const auto& [line, p] : persons) {
        if (!p.school_code.empty() && !env.store.schools().find(p.school_code)) {
          report.problems.push_back({line, FieldProblem{"school_code", msg::school_not_found.code,
                                                        msg::school_not_found.text({p.school_code})}});
        }
      }
      for (const auto& [line, p] : permits) {
        if (!p.record_id.empty() && !env.store.records().person(p.record_id)) {
          report.problems.push_back(
              {line, problem("record_id", "person-not-found", "查無此人員記錄：" + p.record_id,
                             "no person record " + p.record_id)});
        }
      }
      if (!report.problems.empty()) throw Rejected{};

      // Insert the new, update the changed (audited by field name), count the rest.
      const auto apply = [&](const auto& rows, const char* entity, auto key, auto find, auto put) {
        for (const auto& row : rows) {
          const auto& record = row.second;
          const auto before = find(key(record));
          if (!before) {
            put(record);
            audit(env, caller.name, "records.insert", entity, key(record));
            ++report.inserted;
          } else if (const auto changed = domain::changed_fields(*before, record); !changed.empty()) {
            put(record);
            audit(env, caller.name, "records.update", entity, key(record), "fields: " + join(changed));
            ++report.updated;
          } else {
            ++report.unchanged;
          }
        }
      };
      auto& records = env.store.records();
      apply(
          persons, "person", [](const domain::Person& p) { return p.record_id; },
          [&](const std::string& id) { return records.person(id); },
          [&](const domain::Person& p) { records.put_person(p); });
      apply(
          permits, "permit", [](const domain::Permit& p) { return p.permit_no; },
          [&](const std::string& id) { return records.permit(id); },
          [&](const domain::Permit& p) { records.put_permit(p); });
    });
  } catch (const Rejected&) {
    report.inserted = report.updated = report.unchanged = 0;
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const RowProblem& a, const RowProblem& b) { return a.line < b.line; });
  return report;
}

void add_school(const Env& env, const Caller& caller, const domain::School& school) {
  require_role(caller, {domain::Role::admin});
  if (school.code.empty() || school.code.size() > 20 ||
      school.code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
          std::string::npos) {
    throw Refusal("school-code-invalid", Text{"學校代碼須為1至20個英數字、- 或 _",
                                              "school codes are 1 to 20 letters, digits, '-' or '_'"});
  }
  if (util::trim(school.name).empty() || !util::is_valid_utf8(school.name)) {
    throw Refusal("school-name-invalid", Text{"請輸入學校名稱", "give the school's name"});
  }
  env.store.write([&] {
    if (!env.store.schools().add(school)) throw Refusal(msg::school_exists, {school.code});
    audit(env, caller.name, "school.add", "school", school.code, school.name);
  });
}

Page<domain::School> list_schools(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& after, std::size_t limit) {
  require_role(caller, {domain::Role::admin, domain::Role::reviewer, domain::Role::school});
  return read_page<domain::School>(
      limit,
      [&](std::size_t n) {
        return env.store.schools().list({after, n});
      },
      [](const domain::School& s) { return s.code; },
      [&](const std::string& key, std::int64_t cap) { return env.store.schools().count_after(key, cap); });
}

Page<domain::Person> list_persons(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& school_code,
                                  const std::optional<std::string>& after, std::size_t limit) {
  require_role(caller, {domain::Role::admin});
  return read_page<domain::Person>(
      limit,
      [&](std::size_t n) {
        return env.store.records().persons(school_code, {after, n});
      },
      [](const domain::Person& p) { return p.record_id; },
      [&](const std::string& key, std::int64_t cap) {
        return env.store.records().count_persons_after(school_code, key, cap);
      });
}

Page<domain::Permit> list_permits(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& after, std::size_t limit) {
  require_role(caller, {domain::Role::admin});
  return read_page<domain::Permit>(
      limit,
      [&](std::size_t n) {
        return env.store.records().permits({after, n});
      },
      [](const domain::Permit& p) { return p.permit_no; },
      [&](const std::string& key, std::int64_t cap) {
        return env.store.records().count_permits_after(key, cap);
      });
}

}  // namespace soas::service
