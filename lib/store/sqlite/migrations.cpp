// The schema versions of the SQLite store, in order. Append only: a released
// migration is never edited, a change is a new step (soas init applies each
// in its own transaction, connection.cpp).

#include "store/open.hpp"
#include "store/sqlite/internal.hpp"

namespace soas::store {

namespace sqlite {

const std::vector<MigrationStep>& migrations() {
  static const std::vector<MigrationStep> k_steps = {
      {1, "settings, audit log and number sequences", R"sql(
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE sequences (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL CHECK (value >= 0)
) STRICT;
)sql"},
      {2, "schools, agency records, accounts, tokens, sessions, login throttle, mail outbox", R"sql(
CREATE TABLE schools (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE persons (
  record_id        TEXT PRIMARY KEY,
  identity_type    TEXT NOT NULL,
  name_zh          TEXT NOT NULL,
  surname_en       TEXT NOT NULL,
  given_name_en    TEXT NOT NULL,
  birth_date       TEXT NOT NULL,
  sex              TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  nationality      TEXT NOT NULL,
  birthplace       TEXT NOT NULL,
  passport_no      TEXT NOT NULL,
  mainland_id      TEXT NOT NULL,
  travel_permit_no TEXT NOT NULL,
  ui_no            TEXT NOT NULL,
  school_code      TEXT REFERENCES schools (code),
  department       TEXT NOT NULL
) STRICT;
CREATE INDEX persons_by_mainland_id ON persons (mainland_id) WHERE mainland_id <> '';

CREATE TABLE permits (
  permit_no       TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('single-entry', 'multi-entry', 'arc')),
  record_id       TEXT NOT NULL REFERENCES persons (record_id),
  issue_date      TEXT NOT NULL,
  stay_expiry     TEXT NOT NULL,
  entry_inspected INTEGER NOT NULL CHECK (entry_inspected IN (0, 1))
) STRICT;
CREATE INDEX permits_by_holder ON permits (record_id);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role          TEXT NOT NULL CHECK (role IN ('student', 'school', 'reviewer', 'admin')),
  identity_type TEXT,
  school_code   TEXT REFERENCES schools (code),
  email         TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('unverified', 'active', 'disabled')),
  person_key    TEXT,
  record_id     TEXT REFERENCES persons (record_id),
  created_at    INTEGER NOT NULL,
  UNIQUE (identity_type, person_key)
) STRICT;

CREATE TABLE account_fields (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (account_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  purpose    TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at   INTEGER
) STRICT;
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE login_throttle (
  name         TEXT PRIMARY KEY COLLATE NOCASE,
  failures     INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
) STRICT;

CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  to_addr    TEXT NOT NULL,
  params     TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at    INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (status, id);
)sql"},
      {3, "case groups, cases, their fields, documents by content hash, and history", R"sql(
CREATE TABLE case_groups (
  group_no   TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES accounts (id),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cases (
  receipt_no   TEXT PRIMARY KEY,
  group_no     TEXT NOT NULL REFERENCES case_groups (group_no),
  kind         TEXT NOT NULL,
  applicant_id INTEGER NOT NULL REFERENCES accounts (id),
  filed_by     INTEGER NOT NULL REFERENCES accounts (id),
  school_code  TEXT,
  permit_no    TEXT,
  state        TEXT NOT NULL,
  fee          INTEGER NOT NULL CHECK (fee >= 0),
  submitted_at INTEGER NOT NULL,
  decision_due TEXT NOT NULL,
  opinion      TEXT NOT NULL DEFAULT '',
  reply        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX cases_by_applicant ON cases (applicant_id, kind, state);
CREATE INDEX cases_by_group ON cases (group_no);
CREATE INDEX cases_by_school ON cases (school_code);

CREATE TABLE case_fields (
  receipt_no TEXT NOT NULL REFERENCES cases (receipt_no),
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (receipt_no, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE blobs (
  sha256  TEXT PRIMARY KEY,
  content BLOB NOT NULL
) STRICT;

CREATE TABLE case_documents (
  receipt_no TEXT NOT NULL REFERENCES cases (receipt_no),
  item       TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  file_name  TEXT NOT NULL,
  format     TEXT NOT NULL,
  size       INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  PRIMARY KEY (receipt_no, item, seq)
) STRICT;

CREATE TABLE case_history (
  id         INTEGER PRIMARY KEY,
  receipt_no TEXT NOT NULL REFERENCES cases (receipt_no),
  action     TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  actor      TEXT NOT NULL,
  at         INTEGER NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX case_history_by_case ON case_history (receipt_no, id);
)sql"},
      {4, "payment orders, their groups, settlement lines, and the issue of cases", R"sql(
CREATE TABLE payment_orders (
  order_no        TEXT PRIMARY KEY,
  method          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('live', 'cancelled', 'paid')),
  amount          INTEGER NOT NULL CHECK (amount > 0),
  handling_fee    INTEGER NOT NULL CHECK (handling_fee >= 0),
  charged         INTEGER NOT NULL CHECK (charged > 0),
  payer_id        INTEGER NOT NULL REFERENCES accounts (id),
  payer_name      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  deadline        TEXT,
  virtual_account TEXT UNIQUE,
  paid_at         INTEGER,
  channel         TEXT,
  reference       TEXT
) STRICT;

CREATE TABLE payment_order_groups (
  order_no TEXT NOT NULL REFERENCES payment_orders (order_no),
  group_no TEXT NOT NULL REFERENCES case_groups (group_no),
  amount   INTEGER NOT NULL,
  cases    INTEGER NOT NULL,
  PRIMARY KEY (order_no, group_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX payment_order_groups_by_group ON payment_order_groups (group_no);

CREATE TABLE settlements (
  id         INTEGER PRIMARY KEY,
  order_no   TEXT NOT NULL REFERENCES payment_orders (order_no),
  reference  TEXT NOT NULL,
  channel    TEXT NOT NULL,
  amount     INTEGER NOT NULL,
  paid_at    INTEGER NOT NULL,
  source     TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  UNIQUE (order_no, reference)
) STRICT;

ALTER TABLE cases ADD COLUMN paid_order TEXT REFERENCES payment_orders (order_no);
ALTER TABLE cases ADD COLUMN paid_at INTEGER;
ALTER TABLE cases ADD COLUMN issued_at INTEGER;
ALTER TABLE cases ADD COLUMN valid_until TEXT;
CREATE INDEX cases_by_paid_at ON cases (paid_at);
)sql"},
      {5, "school batches: a filed file's group", R"sql(
CREATE TABLE batches (
  school_code TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  group_no    TEXT NOT NULL REFERENCES case_groups (group_no),
  created_by  INTEGER NOT NULL REFERENCES accounts (id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (school_code, file_sha256)
) STRICT, WITHOUT ROWID;
)sql"},
      // A school's batch looks each row's student up by passport and record:
      // without these, every row scanned both tables (bench/batch).
      {6, "indexes: persons by passport, accounts by record", R"sql(
CREATE INDEX persons_by_passport ON persons (passport_no, identity_type);
CREATE INDEX accounts_by_record ON accounts (record_id) WHERE record_id IS NOT NULL;
)sql"},
      {7, "reminders: permits by stay expiry, reminders sent once per window", R"sql(
CREATE INDEX permits_by_expiry ON permits (stay_expiry);
CREATE TABLE reminders_sent (
  permit_no     TEXT NOT NULL,
  window_closes TEXT NOT NULL,
  outbox_id     INTEGER NOT NULL REFERENCES outbox (id),
  sent_at       INTEGER NOT NULL,
  PRIMARY KEY (permit_no, window_closes)
) STRICT, WITHOUT ROWID;
)sql"},
      {8, "office calendars imported per year (soas calendar import)", R"sql(
CREATE TABLE calendar_years (
  year        INTEGER PRIMARY KEY,
  source      TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  days        INTEGER NOT NULL,
  imported_at INTEGER NOT NULL,
  imported_by TEXT NOT NULL
) STRICT;
CREATE TABLE calendar_days (
  date    TEXT PRIMARY KEY,
  year    INTEGER NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
  day_off INTEGER NOT NULL,
  note    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX calendar_days_by_year ON calendar_days (year);
)sql"},
      // A school files for students who have no account (proxy filing): the
      // case belongs to a proxy account of the person (proxy_key: "record:ID"
      // for a person in the agency's records, "row:PASSPORT:SCHOOL" for an ARC
      // applicant filed from the row's own data), which registration claims.
      // A batch keeps its rows, so status answers per row of the school's file.
      // A mail written to a file (soas mail export) keeps the file's name, so
      // soas mail show reads what was delivered.
      {9, "proxy filing: proxy accounts, proxy cases, the rows of a batch; exported mail's file", R"sql(
ALTER TABLE outbox ADD COLUMN exported_to TEXT;
ALTER TABLE accounts ADD COLUMN proxy_key TEXT;
CREATE UNIQUE INDEX accounts_by_proxy_key ON accounts (proxy_key) WHERE proxy_key IS NOT NULL;
ALTER TABLE cases ADD COLUMN proxy INTEGER NOT NULL DEFAULT 0 CHECK (proxy IN (0, 1));
ALTER TABLE cases ADD COLUMN unrecorded INTEGER NOT NULL DEFAULT 0 CHECK (unrecorded IN (0, 1));
ALTER TABLE batches ADD COLUMN header TEXT NOT NULL DEFAULT '[]';
CREATE TABLE batch_rows (
  group_no   TEXT NOT NULL REFERENCES case_groups (group_no),
  row_no     INTEGER NOT NULL,
  key        TEXT NOT NULL,
  name       TEXT NOT NULL,
  receipt_no TEXT REFERENCES cases (receipt_no),
  outcome    TEXT NOT NULL CHECK (outcome IN ('filed', 'skipped', 'failed')),
  problems   TEXT NOT NULL DEFAULT '',
  cells      TEXT NOT NULL,
  PRIMARY KEY (group_no, row_no)
) STRICT, WITHOUT ROWID;
)sql"},
      // Lists page by receipt number (a key cursor): each filter's index
      // ends in receipt_no, so a page of a school's, a group's or a state's
      // cases is a range of one index, read in order, with no sort.
      {10, "paged case lists: the school, group and state indexes in receipt-number order", R"sql(
DROP INDEX cases_by_group;
DROP INDEX cases_by_school;
CREATE INDEX cases_by_group ON cases (group_no, receipt_no);
CREATE INDEX cases_by_school ON cases (school_code, receipt_no);
CREATE INDEX cases_by_state ON cases (state, receipt_no);
)sql"},
      // soas records list --school: a school's persons in record-id order.
      {11, "paged records list: a school's persons by record id", R"sql(
CREATE INDEX persons_by_school ON persons (school_code, record_id);
)sql"},
      // A case's form is one value of its row (a JSON object of its fields),
      // not a row per field: filing writes one row, not 25, and a case's
      // listed name is read from its own row. No query searches by a field's
      // value, so the form needs no index of its own. Its reader refuses a
      // value that is not a JSON object of strings (database-corrupt).
      {12, "a case's form as one JSON value of its row", R"sql(
ALTER TABLE cases ADD COLUMN form TEXT NOT NULL DEFAULT '{}';
UPDATE cases SET form = (SELECT json_group_object(field, value) FROM case_fields f WHERE f.receipt_no = cases.receipt_no)
  WHERE EXISTS (SELECT 1 FROM case_fields f WHERE f.receipt_no = cases.receipt_no);
DROP TABLE case_fields;
)sql"},
  };
  return k_steps;
}

}  // namespace sqlite

int current_schema_version() {
  return sqlite::migrations().back().version;
}

}  // namespace soas::store
