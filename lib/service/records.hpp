#pragma once
// Importing the agency's records (persons and permits) from CSV or XLSX, and
// schools. Each file is applied whole or not at all.

#include <string>
#include <vector>

#include "domain/records.hpp"
#include "service/accounts.hpp"
#include "store/store.hpp"
#include "tabular/table.hpp"

namespace soas::service {

struct RowProblem {
  std::size_t line = 0;  // 1 is the header
  FieldProblem problem;
};

struct ImportReport {
  std::string file;
  std::string format;  // csv / xlsx
  domain::RecordFileKind kind = domain::RecordFileKind::persons;
  long rows = 0;
  long inserted = 0;
  long updated = 0;
  long unchanged = 0;
  std::vector<RowProblem> problems;  // when not empty, nothing of the file was applied
  bool applied() const { return problems.empty(); }
};

// A records file read and checked on its own (no database): the kind by its
// header, each row parsed, every bad cell reported. What import_records and
// the records fuzz target run.
struct RecordFile {
  domain::RecordFileKind kind = domain::RecordFileKind::persons;
  long rows = 0;
  std::vector<std::pair<std::size_t, domain::Person>> persons;  // (line, record)
  std::vector<std::pair<std::size_t, domain::Permit>> permits;
  std::vector<RowProblem> problems;
};
// Throws Failure "file-format" for a file without a header or whose header
// names neither kind.
RecordFile read_records(tabular::TableReader& table, const std::string& path);

// Reads one records file (format by content; the kind of records by its
// header, man soas-records(5)) and applies it in one transaction: new records
// are inserted, changed ones updated (the audit names the changed fields,
// never their values), identical ones left alone. Every bad cell is reported
// with its line and column and then nothing of the file is applied. Admin only.
ImportReport import_records(const Env& env, const Caller& caller, const std::string& path);

void add_school(const Env& env, const Caller& caller, const domain::School& school);
// A page of the schools in code order: those after the code `after`.
Page<domain::School> list_schools(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& after, std::size_t limit);

// soas records list (admin): a page of the persons in record-id order (of
// one school, when given), or of the permits in number order.
Page<domain::Person> list_persons(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& school_code,
                                  const std::optional<std::string>& after, std::size_t limit);
Page<domain::Permit> list_permits(const Env& env, const Caller& caller,
                                  const std::optional<std::string>& after, std::size_t limit);

}  // namespace soas::service
