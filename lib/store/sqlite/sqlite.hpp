#pragma once
// The SQLite backend's start-up. Callers outside lib/store open a database
// through store/open.hpp (open_store, init_store), which hands a SQLite URL's
// file to these.

#include <memory>
#include <string>

#include "store/open.hpp"
#include "store/store.hpp"

namespace soas {
class Clock;
}

namespace soas::store {

// Creates the database file or migrates it to current_schema_version();
// running it again changes nothing. Refuses, leaving the file untouched: a
// file that is not a SQLite database or fails its integrity check
// ("database-corrupt"), a SQLite database of another program
// ("database-foreign"), a schema newer than this build ("schema-newer").
InitReport init_sqlite(const std::string& path, const Clock& clock, const std::string& actor);

// Opens an existing database file at the current schema. Refuses a missing
// file ("no-database"), an older schema ("schema-older": run soas init), and
// the cases init_sqlite refuses.
std::unique_ptr<Store> open_sqlite(const std::string& path, const Clock& clock);

namespace sqlite {
// The SELECT Cases::list runs for the query (its parameters in the order of
// CaseQuery's fields that are set), for the tests that read its query plan.
std::string case_list_sql(const CaseQuery& query);
// Its WHERE clause alone (" WHERE ..." or ""), for the count of a page's rest.
std::string case_where_sql(const CaseQuery& query);
}  // namespace sqlite

}  // namespace soas::store
