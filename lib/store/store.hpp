#pragma once
// The storage layer's narrow interfaces, and nothing else (the records they
// keep and return are the domain's values, lib/domain): every SQL
// statement of soas lives behind them (today in store/sqlite/), so that a
// server database can be added later without touching the domain, the
// services or the CLI. A database is opened through store/open.hpp.
//
// The contracts the services rely on, which every backend keeps (where the
// SQLite backend keeps each is said beside it):
//  - Store::write nested in a write is a savepoint: its failure rolls back
//    only its own part, and the outer write goes on (connection.cpp,
//    SqliteStore::write: SAVEPOINT / ROLLBACK TO / RELEASE).
//  - Sequences::next is gapless: it runs only inside write() and its
//    increment rolls back with the transaction (connection.cpp,
//    SqliteSequences::next).
//  - A case's documents come back in insertion order (Cases::documents).
//  - Account names compare without case (Accounts::find, LoginThrottle).
//  - In the records' fields, "" and 0 mean unset: the backend stores them as
//    absent (NULL) where said, and gives absent back as "" or 0, never as a
//    distinct value. std::optional marks the few fields where 0 is a value.
//  - The store decides no rule: it keeps and returns rows; which case is
//    open, what may follow what, is the domain's (lib/domain) and is applied
//    by lib/service.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/account.hpp"
#include "domain/audit.hpp"
#include "domain/batch.hpp"
#include "domain/calendar.hpp"
#include "domain/case.hpp"
#include "domain/outbox.hpp"
#include "domain/payment.hpp"
#include "domain/records.hpp"
#include "domain/school.hpp"
#include "domain/session.hpp"

namespace soas {
class Clock;
}

namespace soas::store {

// A page of a list in its key order (service/paging.hpp): the rows after
// `after` (a key cursor, never an offset, so any page costs what the first
// does), at most `limit` of them (0: every row). Each list's count(after,
// cap) says how many rows follow a key, counting no further than `cap`.
struct Span {
  std::optional<std::string> after;
  std::size_t limit = 0;
};

class Settings {
 public:
  virtual ~Settings() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const std::string& value) = 0;
  virtual std::vector<std::pair<std::string, std::string>> all() = 0;
};

// The audit log (domain::AuditEntry): who did what, when, on which record.
// Append-only: the database refuses updates and deletes of its rows.
struct AuditQuery {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  std::size_t limit = 100;             // newest first (0: all)
  std::optional<std::int64_t> before;  // a page: the entries older than this id
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual std::int64_t append(domain::AuditEntry entry) = 0;
  virtual std::vector<domain::AuditEntry> list(const AuditQuery& query) = 0;
  // How many entries the query matches (before and limit as given), to the cap.
  virtual std::int64_t count(const AuditQuery& query, std::int64_t cap) = 0;
};

// Named counters for case numbers. next() must run inside write(), so that a
// rolled-back transaction gives its number back and users never see a gap:
// the increment is part of the transaction (SQLite: an UPSERT on `sequences`
// in the caller's transaction; outside one, next() throws std::logic_error
// before it counts, checked with sqlite3_get_autocommit).
class Sequences {
 public:
  virtual ~Sequences() = default;
  virtual long next(const std::string& name) = 0;     // 1 the first time; inside write() only
  virtual long current(const std::string& name) = 0;  // 0 before the first next()
};

class Schools {
 public:
  virtual ~Schools() = default;
  // False when the code exists already (nothing changes).
  virtual bool add(const domain::School& school) = 0;
  virtual std::optional<domain::School> find(const std::string& code) = 0;
  // In code order.
  virtual std::vector<domain::School> list(const Span& span) = 0;
  virtual std::int64_t count_after(const std::string& code, std::int64_t cap) = 0;
};

// The agency's records: persons and permits, keyed by the agency's ids.
class Records {
 public:
  virtual ~Records() = default;
  virtual std::optional<domain::Person> person(const std::string& record_id) = 0;
  virtual std::optional<domain::Person> person_by_mainland_id(const std::string& mainland_id) = 0;
  // The first by record id, when two persons of a type hold one number.
  virtual std::optional<domain::Person> person_by_passport(domain::IdentityType type,
                                                           const std::string& passport_no) = 0;
  virtual void put_person(const domain::Person& person) = 0;  // insert or replace
  virtual std::optional<domain::Permit> permit(const std::string& permit_no) = 0;
  // Many at once (a batch's chunk of rows), in no order; the ones not found
  // are left out. By passport: every person holding one of the numbers, of
  // any identity type.
  virtual std::vector<domain::Permit> permits_by_nos(const std::vector<std::string>& permit_nos) = 0;
  virtual std::vector<domain::Person> persons_by_ids(const std::vector<std::string>& record_ids) = 0;
  virtual std::vector<domain::Person> persons_by_passports(const std::vector<std::string>& passport_nos) = 0;
  virtual void put_permit(const domain::Permit& permit) = 0;  // insert or replace
  // Multi-entry permits and ARCs whose stay ends between the two days
  // (inclusive), by expiry then number.
  virtual std::vector<domain::Permit> permits_expiring(const util::Date& from, const util::Date& to) = 0;
  virtual long count_persons() = 0;
  virtual long count_permits() = 0;
  // Lists (soas records list): persons in record-id order, of one school
  // when `school_code` is given; permits in number order.
  virtual std::vector<domain::Person> persons(const std::optional<std::string>& school_code,
                                              const Span& span) = 0;
  virtual std::int64_t count_persons_after(const std::optional<std::string>& school_code,
                                           const std::string& record_id, std::int64_t cap) = 0;
  virtual std::vector<domain::Permit> permits(const Span& span) = 0;
  virtual std::int64_t count_permits_after(const std::string& permit_no, std::int64_t cap) = 0;
};

// Account names are unique and compare without case: "Admin1" finds and
// collides with "admin1" (SQLite: accounts.name is UNIQUE COLLATE NOCASE, and
// find() compares with COLLATE NOCASE; NOCASE folds ASCII letters only).
// An Account's optional text fields (school_code, person_key, record_id,
// proxy_key, identity_type) are unset when "": stored as NULL (bind_optional
// in repos.cpp) and read back as "" (coalesce); id 0 is an account not yet
// inserted.
class Accounts {
 public:
  virtual ~Accounts() = default;
  virtual std::optional<domain::Account> find(const std::string& name) = 0;  // any case
  virtual std::optional<domain::Account> by_id(std::int64_t id) = 0;
  virtual bool person_registered(domain::IdentityType type, const std::string& person_key) = 0;
  // The student account matched to an agency record, if any: one that
  // registered before a proxy account of the same record.
  virtual std::optional<domain::Account> student_by_record(const std::string& record_id) = 0;
  // The proxy account of a key (domain::Account::proxy_key), if any.
  virtual std::optional<domain::Account> proxy(const std::string& proxy_key) = 0;
  // Many at once (a batch's chunk of rows), with their profiles, in no order;
  // the ones not found are left out. By records: every student account of
  // each record, the one student_by_record() chooses first among its record's.
  virtual std::vector<domain::Account> by_ids(const std::vector<std::int64_t>& ids) = 0;
  virtual std::vector<domain::Account> students_by_records(const std::vector<std::string>& record_ids) = 0;
  virtual std::vector<domain::Account> proxies(const std::vector<std::string>& proxy_keys) = 0;
  // The proxy accounts of ARC applicants filed from a row's data under this
  // passport number, by any school ("row:PASSPORT:SCHOOL").
  virtual std::vector<domain::Account> row_proxies(const std::string& passport_no) = 0;
  virtual std::int64_t insert(const domain::Account& account) = 0;
  virtual void set_status(std::int64_t id, domain::AccountStatus status) = 0;
  virtual void set_password_hash(std::int64_t id, const std::string& hash) = 0;
  virtual void set_profile(std::int64_t id, const std::string& email,
                           const std::map<std::string, std::string>& profile) = 0;
  // In name order (without case), without their profile fields.
  virtual std::vector<domain::Account> list(const Span& span) = 0;
  virtual std::int64_t count_after(const std::string& name, std::int64_t cap) = 0;
  virtual long count_with_role(domain::Role role) = 0;
  virtual long count_active(domain::Role role) = 0;
};

// One-time tokens (e-mail verification, password reset) and sessions. Only
// a hash of each token is kept; times are Unix seconds.
class Tokens {
 public:
  virtual ~Tokens() = default;
  virtual void insert(const std::string& token_hash, const domain::TokenRecord& record) = 0;
  virtual std::optional<domain::TokenRecord> find(const std::string& token_hash) = 0;
  // Marks it used; false when it was used already (a second use changes nothing).
  virtual bool use(const std::string& token_hash, std::int64_t at) = 0;
  // Ends every unused token of the account for that purpose.
  virtual void revoke(std::int64_t account_id, domain::TokenPurpose purpose, std::int64_t at) = 0;
};

class Sessions {
 public:
  virtual ~Sessions() = default;
  virtual void insert(const std::string& token_hash, const domain::SessionRecord& record) = 0;
  virtual std::optional<domain::SessionRecord> find(const std::string& token_hash) = 0;
  virtual void end(const std::string& token_hash, std::int64_t at) = 0;
  virtual void end_all(std::int64_t account_id, std::int64_t at) = 0;
};

// Failed logins per name typed (whether or not such an account exists); the
// name compares without case, as account names do (SQLite:
// login_throttle.name is COLLATE NOCASE). A name never seen reads as
// {0, 0}: no failures, not locked (locked_until 0: unset).
class LoginThrottle {
 public:
  virtual ~LoginThrottle() = default;
  virtual domain::Throttle get(const std::string& name) = 0;
  virtual void put(const std::string& name, const domain::Throttle& throttle) = 0;
  virtual void clear(const std::string& name) = 0;
};

// Mail to send, written in the transaction of the change that causes it.
// It holds what to say, never a secret: tokens are minted at delivery.
// A failed delivery stays pending, with its error and attempt count, and is
// retried by the next send.
class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual std::int64_t enqueue(const domain::OutboxItem& item) = 0;
  virtual std::vector<domain::OutboxItem> list(std::optional<domain::OutboxStatus> status, int limit) = 0;
  virtual std::optional<domain::OutboxItem> find(std::int64_t id) = 0;
  // Delivered: over SMTP, or written to `exported_to` (absolute).
  virtual void mark_sent(std::int64_t id, std::int64_t at, const std::string& exported_to = "") = 0;
  virtual void mark_failed(std::int64_t id, const std::string& error) = 0;
  // Reminders (soas remind): one per permit and window. reminded() says
  // whether one was queued; remember() records the one just queued.
  virtual bool reminded(const std::string& permit_no, const std::string& window_closes) = 0;
  virtual void remember(const std::string& permit_no, const std::string& window_closes,
                        std::int64_t outbox_id, std::int64_t at) = 0;
};

// Cases (one applicant's application, 收件號) in groups (團號/批次號), with
// their fields, documents (stored once by content hash) and history.
// In a domain::CaseRecord, "" and 0 are unset: school_code, permit_no, paid_order and
// valid_until are stored as NULL when "" (bind_text_or_null), paid_at as NULL
// when 0, and all read back through coalesce(..., '') / coalesce(..., 0)
// (k_case_columns in cases.cpp).
struct CaseQuery {
  std::optional<std::int64_t> applicant_id;
  std::optional<std::string> school_code;
  std::optional<std::string> group_no;
  std::optional<std::string> receipt_no;
  std::vector<std::string> receipt_nos;  // any of these (none given: no such filter)
  std::optional<domain::CaseState> state;
  // Any of these states (with `state` unset): each state's index range read
  // in order and merged, so a page of several states is as flat as of one.
  std::vector<domain::CaseState> states;
  std::optional<domain::ApplicationKind> kind;
  std::optional<std::int64_t> from;       // submitted at or after
  std::optional<std::int64_t> to;         // submitted before
  std::optional<std::int64_t> paid_from;  // paid at or after
  std::optional<std::int64_t> paid_to;    // paid before
  // A page: the cases after this receipt number (a key cursor, not an
  // offset), in receipt-number order, at most `limit` of them (0: all).
  std::optional<std::string> after;
  std::size_t limit = 0;
};

// A line of a case list: the case and the name it is listed under (its
// form's name, as domain::display_name reads it, else its account's),
// read in the same query as the case.
struct CaseLine {
  domain::CaseRecord c;
  std::string name;
};

class Cases {
 public:
  virtual ~Cases() = default;
  virtual void insert_group(const std::string& group_no, domain::ApplicationKind kind,
                            std::int64_t created_by, std::int64_t at) = 0;
  virtual void insert(const domain::CaseRecord& c, const std::map<std::string, std::string>& fields) = 0;
  // Stores the bytes once per hash; the document refers to them.
  virtual void add_document(const std::string& receipt_no, const domain::CaseDocument& d,
                            const std::string& content) = 0;
  virtual void add_event(const std::string& receipt_no, const domain::CaseEvent& e) = 0;
  virtual std::optional<domain::CaseRecord> find(const std::string& receipt_no) = 0;
  virtual std::vector<domain::CaseRecord> list(const CaseQuery& q) = 0;
  // The same cases with their names: one query, the names joined.
  virtual std::vector<CaseLine> lines(const CaseQuery& q) = 0;
  // How many cases the query matches, counting no further than `cap` (so a
  // page's "how many more" costs at most that many index steps).
  virtual std::int64_t count(const CaseQuery& q, std::int64_t cap) = 0;
  virtual std::map<std::string, std::string> fields(const std::string& receipt_no) = 0;
  // In the order they were added (SQLite: ORDER BY rowid; a removed one
  // leaves the order of the others as it was, one added again comes last).
  virtual std::vector<domain::CaseDocument> documents(const std::string& receipt_no) = 0;
  // In the order the events were added (ORDER BY id).
  virtual std::vector<domain::CaseEvent> history(const std::string& receipt_no) = 0;
  // The note of each case's last event, for a page of cases in one query
  // (the dashboard tells a whole group's refusal by it). Cases without
  // events are absent.
  virtual std::map<std::string, std::string> last_notes(const std::vector<std::string>& receipt_nos) = 0;
  // Every case of one applicant becomes another's (registration claiming the
  // cases of a proxy account); returns how many.
  virtual long reassign_applicant(std::int64_t from, std::int64_t to) = 0;
  // Every case of that kind for that applicant, in number order (a student has
  // few), whatever their state: which is open is the service's to decide.
  virtual std::vector<domain::CaseRecord> cases_of(std::int64_t applicant_id,
                                                   domain::ApplicationKind kind) = 0;
  // The same for many applicants at once (a batch's chunk of rows): by
  // applicant, each one's in number order.
  virtual std::vector<domain::CaseRecord> cases_of_applicants(const std::vector<std::int64_t>& applicant_ids,
                                                              domain::ApplicationKind kind) = 0;
  // Moves a case from `from` to `to` with its opinion and reply; false, and
  // nothing changed, when the case is no longer in `from` (someone else acted).
  virtual bool update_state(const std::string& receipt_no, domain::CaseState from, domain::CaseState to,
                            const std::string& opinion, const std::string& reply) = 0;
  virtual void replace_fields(const std::string& receipt_no,
                              const std::map<std::string, std::string>& fields) = 0;
  virtual void remove_document(const std::string& receipt_no, const std::string& item, int seq) = 0;
  // Records the issue of a case: the paying order (empty when free), when it
  // was paid and issued, and the document's expiry.
  virtual void set_issue(const std::string& receipt_no, const std::string& paid_order, std::int64_t paid_at,
                         std::int64_t issued_at, const std::string& valid_until) = 0;
  // The bytes stored under a content hash.
  virtual std::optional<std::string> blob(const std::string& sha256) = 0;
};

// School batches: a file (by content hash) filed by a school becomes one
// group; filing the same file again continues that group. The batch keeps
// the file's header and one row per data row decided (batch_rows), so its
// status answers per row of the school's own sheet.
class Batches {
 public:
  virtual ~Batches() = default;
  virtual std::optional<domain::BatchRecord> find(const std::string& school_code,
                                                  const std::string& file_sha256) = 0;
  // The batch whose file made the group; none for a group filed otherwise
  // (soas apply).
  virtual std::optional<domain::BatchRecord> of_group(const std::string& group_no) = 0;
  virtual void insert(const domain::BatchRecord& batch) = 0;
  // The header cells of the group's file as read (empty until set).
  virtual void set_header(const std::string& group_no, const std::vector<std::string>& header) = 0;
  virtual std::vector<std::string> header(const std::string& group_no) = 0;
  // Inserts the row, or replaces what an earlier run decided for the same
  // (group, row number): a re-run of the file re-decides its rows.
  virtual void put_row(const domain::BatchRow& row) = 0;
  // The group's rows in row order (none for a group filed before rows were
  // kept); a page: at most `limit` rows (0: all) after the row `after_row`.
  virtual std::vector<domain::BatchRow> rows(const std::string& group_no, std::int64_t after_row,
                                             std::size_t limit) = 0;
};

// Payment orders (one per payment: a slip or a gateway checkout) covering one
// or more groups, and the settlement lines applied to them. An order is live
// until it is paid or cancelled; a group has at most one live order.
// In a domain::PaymentOrder, "" and 0 are unset: deadline and virtual_account are
// stored as NULL when "" (bind_text_or_null in payments.cpp; many orders
// share "no virtual account" under its UNIQUE column), and paid_at, channel
// and reference are NULL until mark_paid; all read back as "" or 0.
class Payments {
 public:
  virtual ~Payments() = default;
  virtual void insert(const domain::PaymentOrder& order) = 0;
  virtual std::optional<domain::PaymentOrder> find(const std::string& order_no) = 0;
  // Orders covering the group, newest first.
  virtual std::vector<domain::PaymentOrder> for_group(const std::string& group_no) = 0;
  // The live order of each of these groups that has one, in one query.
  virtual std::map<std::string, std::string> live_orders(const std::vector<std::string>& group_nos) = 0;
  // Conditional: false, and nothing changed, unless the order is still live.
  virtual bool cancel(const std::string& order_no) = 0;
  virtual bool mark_paid(const std::string& order_no, std::int64_t paid_at, const std::string& channel,
                         const std::string& reference) = 0;
  // A settlement line seen before (same order and reference).
  virtual bool settled(const std::string& order_no, const std::string& reference) = 0;
  virtual void add_settlement(const domain::SettlementRecord& record) = 0;
};

// The office calendars imported (soas calendar import): per year, where it
// came from, and the days that differ from the weekend rule.
class Calendars {
 public:
  virtual ~Calendars() = default;
  virtual std::vector<domain::CalendarYear> years() = 0;  // by year
  // The kept days of every imported year, by date (domain::notable_days).
  virtual std::vector<domain::OfficeDay> days() = 0;
  // Replaces whatever was imported for the year. Inside write().
  virtual void replace_year(const domain::CalendarYear& year, const std::vector<domain::OfficeDay>& days) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual int schema_version() = 0;
  virtual Settings& settings() = 0;
  virtual AuditLog& audit() = 0;
  virtual Sequences& sequences() = 0;
  virtual Schools& schools() = 0;
  virtual Records& records() = 0;
  virtual Accounts& accounts() = 0;
  virtual Tokens& tokens() = 0;
  virtual Sessions& sessions() = 0;
  virtual LoginThrottle& throttle() = 0;
  virtual Outbox& outbox() = 0;
  virtual Cases& cases() = 0;
  virtual Payments& payments() = 0;
  virtual Batches& batches() = 0;
  virtual Calendars& calendars() = 0;
  // Runs fn in one write transaction (BEGIN IMMEDIATE): committed when fn
  // returns, rolled back when it throws (the exception goes on).
  // A write() inside a write() is a savepoint: when the inner fn throws, only
  // what it did is undone, the exception goes on, and the outer transaction
  // may catch it and carry on (a batch files each row so). The inner part is
  // committed only with the outer transaction. (SQLite: SAVEPOINT soas_spN,
  // ROLLBACK TO and RELEASE on failure, RELEASE on success.)
  virtual void write(const std::function<void()>& fn) = 0;
  // Runs fn, which only reads, in one read transaction: every query sees the
  // same snapshot, and the file is locked once rather than per query. Inside
  // write() or read(), fn simply runs; write() inside read() is refused.
  virtual void read(const std::function<void()>& fn) = 0;
};

}  // namespace soas::store
