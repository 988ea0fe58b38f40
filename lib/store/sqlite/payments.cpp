// The SQLite repositories of payment orders and settlement lines, and of
// school batches (their files, headers and rows).

#include <nlohmann/json.hpp>

#include "store/sqlite/internal.hpp"

namespace soas::store {

namespace sqlite {

namespace {

constexpr const char* k_order_columns =
    "order_no, method, status, amount, handling_fee, charged, payer_id, payer_name, created_at, "
    "coalesce(deadline, ''), coalesce(virtual_account, ''), coalesce(paid_at, 0), coalesce(channel, ''), "
    "coalesce(reference, '')";

class SqlitePayments final : public Payments {
 public:
  SqlitePayments(Connection& db, const std::string& path) : m_db(db), m_path(path) {}

  void insert(const PaymentOrder& o) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO payment_orders (order_no, method, status, amount, handling_fee, charged, "
              "payer_id, payer_name, created_at, deadline, virtual_account) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, o.order_no);
      q.bind(2, std::string(domain::key(o.method)));
      q.bind(3, std::string(key(o.status)));
      q.bind(4, static_cast<std::int64_t>(o.amount));
      q.bind(5, static_cast<std::int64_t>(o.handling_fee));
      q.bind(6, static_cast<std::int64_t>(o.charged));
      q.bind(7, o.payer_id);
      q.bind(8, o.payer_name);
      q.bind(9, o.created_at);
      bind_text_or_null(q, 10, o.deadline);
      bind_text_or_null(q, 11, o.virtual_account);
      q.exec();
      Query g(m_db,
              "INSERT INTO payment_order_groups (order_no, group_no, amount, cases) VALUES (?, ?, ?, ?)");
      for (const auto& group : o.groups) {
        g.bind(1, o.order_no);
        g.bind(2, group.group_no);
        g.bind(3, static_cast<std::int64_t>(group.amount));
        g.bind(4, group.cases);
        g.exec();
        g.reset();
      }
    });
  }

  std::optional<PaymentOrder> find(const std::string& order_no) override {
    return guarded(m_path, [&]() -> std::optional<PaymentOrder> {
      Query q(m_db, std::string("SELECT ") + k_order_columns + " FROM payment_orders WHERE order_no = ?");
      q.bind(1, order_no);
      if (!q.executeStep()) return std::nullopt;
      return read(q);
    });
  }

  std::vector<PaymentOrder> for_group(const std::string& group_no) override {
    return guarded(m_path, [&] {
      Query q(m_db, std::string("SELECT ") + k_order_columns +
                        " FROM payment_orders WHERE order_no IN (SELECT order_no FROM "
                        "payment_order_groups WHERE group_no = ?) ORDER BY order_no DESC");
      q.bind(1, group_no);
      std::vector<PaymentOrder> out;
      while (q.executeStep()) out.push_back(read(q));
      return out;
    });
  }

  std::map<std::string, std::string> live_orders(const std::vector<std::string>& group_nos) override {
    return guarded(m_path, [&] {
      std::map<std::string, std::string> out;
      if (group_nos.empty()) return out;
      Query q(m_db,
              "SELECT g.group_no, o.order_no FROM payment_order_groups g "
              "JOIN payment_orders o ON o.order_no = g.order_no "
              "WHERE g.group_no IN (" +
                  sql_marks(group_nos.size()) + ") AND o.status = 'live'");
      for (std::size_t i = 0; i < group_nos.size(); ++i) q.bind(static_cast<int>(i + 1), group_nos[i]);
      while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
      return out;
    });
  }

  bool cancel(const std::string& order_no) override {
    return guarded(m_path, [&] {
      Query q(m_db, "UPDATE payment_orders SET status = 'cancelled' WHERE order_no = ? AND status = 'live'");
      q.bind(1, order_no);
      return q.exec() == 1;
    });
  }

  bool mark_paid(const std::string& order_no, std::int64_t paid_at, const std::string& channel,
                 const std::string& reference) override {
    return guarded(m_path, [&] {
      Query q(m_db,
              "UPDATE payment_orders SET status = 'paid', paid_at = ?, channel = ?, reference = ? "
              "WHERE order_no = ? AND status = 'live'");
      q.bind(1, paid_at);
      q.bind(2, channel);
      q.bind(3, reference);
      q.bind(4, order_no);
      return q.exec() == 1;
    });
  }

  bool settled(const std::string& order_no, const std::string& reference) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT 1 FROM settlements WHERE order_no = ? AND reference = ?");
      q.bind(1, order_no);
      q.bind(2, reference);
      return q.executeStep();
    });
  }

  void add_settlement(const SettlementRecord& r) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO settlements (order_no, reference, channel, amount, paid_at, source, "
              "applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, r.order_no);
      q.bind(2, r.reference);
      q.bind(3, r.channel);
      q.bind(4, static_cast<std::int64_t>(r.amount));
      q.bind(5, r.paid_at);
      q.bind(6, r.source);
      q.bind(7, r.applied_at);
      q.exec();
    });
  }

 private:
  PaymentOrder read(SQLite::Statement& q) {
    PaymentOrder o;
    o.order_no = q.getColumn(0).getString();
    o.method = stored(domain::parse_payment_method(q.getColumn(1).getString()), "payment_orders.method");
    o.status = stored(domain::parse_order_status(q.getColumn(2).getString()), "payment_orders.status");
    o.amount = static_cast<long>(q.getColumn(3).getInt64());
    o.handling_fee = static_cast<long>(q.getColumn(4).getInt64());
    o.charged = static_cast<long>(q.getColumn(5).getInt64());
    o.payer_id = q.getColumn(6).getInt64();
    o.payer_name = q.getColumn(7).getString();
    o.created_at = q.getColumn(8).getInt64();
    o.deadline = q.getColumn(9).getString();
    o.virtual_account = q.getColumn(10).getString();
    o.paid_at = q.getColumn(11).getInt64();
    o.channel = q.getColumn(12).getString();
    o.reference = q.getColumn(13).getString();
    Query g(m_db,
            "SELECT group_no, amount, cases FROM payment_order_groups WHERE order_no = ? ORDER BY group_no");
    g.bind(1, o.order_no);
    while (g.executeStep()) {
      o.groups.push_back(OrderGroup{g.getColumn(0).getString(), static_cast<long>(g.getColumn(1).getInt64()),
                                    g.getColumn(2).getInt()});
    }
    return o;
  }

  Connection& m_db;
  const std::string& m_path;
};

class SqliteBatches final : public Batches {
 public:
  SqliteBatches(Connection& db, const std::string& path) : m_db(db), m_path(path) {}
  std::optional<BatchRecord> find(const std::string& school_code, const std::string& file_sha256) override {
    return guarded(m_path, [&]() -> std::optional<BatchRecord> {
      Query q(m_db,
              "SELECT school_code, file_sha256, group_no, created_by, created_at FROM batches "
              "WHERE school_code = ? AND file_sha256 = ?");
      q.bind(1, school_code);
      q.bind(2, file_sha256);
      if (!q.executeStep()) return std::nullopt;
      return BatchRecord{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                         q.getColumn(3).getInt64(), q.getColumn(4).getInt64()};
    });
  }
  std::optional<BatchRecord> of_group(const std::string& group_no) override {
    return guarded(m_path, [&]() -> std::optional<BatchRecord> {
      Query q(m_db,
              "SELECT school_code, file_sha256, group_no, created_by, created_at FROM batches "
              "WHERE group_no = ? ORDER BY created_at, school_code, file_sha256 LIMIT 1");
      q.bind(1, group_no);
      if (!q.executeStep()) return std::nullopt;
      return BatchRecord{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                         q.getColumn(3).getInt64(), q.getColumn(4).getInt64()};
    });
  }
  void insert(const BatchRecord& b) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO batches (school_code, file_sha256, group_no, created_by, created_at) "
              "VALUES (?, ?, ?, ?, ?)");
      q.bind(1, b.school_code);
      q.bind(2, b.file_sha256);
      q.bind(3, b.group_no);
      q.bind(4, b.created_by);
      q.bind(5, b.created_at);
      q.exec();
    });
  }
  void set_header(const std::string& group_no, const std::vector<std::string>& header) override {
    guarded(m_path, [&] {
      Query q(m_db, "UPDATE batches SET header = ? WHERE group_no = ?");
      q.bind(1, json_of(header));
      q.bind(2, group_no);
      q.exec();
    });
  }
  std::vector<std::string> header(const std::string& group_no) override {
    return guarded(m_path, [&] {
      Query q(m_db, "SELECT header FROM batches WHERE group_no = ? ORDER BY created_at LIMIT 1");
      q.bind(1, group_no);
      return q.executeStep() ? strings(q.getColumn(0)) : std::vector<std::string>{};
    });
  }
  void put_row(const BatchRow& r) override {
    guarded(m_path, [&] {
      Query q(m_db,
              "INSERT INTO batch_rows (group_no, row_no, key, name, receipt_no, outcome, problems, cells) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (group_no, row_no) DO UPDATE SET key = excluded.key, name = excluded.name, "
              "receipt_no = excluded.receipt_no, outcome = excluded.outcome, problems = excluded.problems, "
              "cells = excluded.cells");
      q.bind(1, r.group_no);
      q.bind(2, r.row_no);
      q.bind(3, r.key);
      q.bind(4, r.name);
      bind_text_or_null(q, 5, r.receipt_no);
      q.bind(6, std::string(key(r.outcome)));
      q.bind(7, r.problems);
      q.bind(8, json_of(r.cells));
      q.exec();
    });
  }
  std::vector<BatchRow> rows(const std::string& group_no, std::int64_t after_row,
                             std::size_t limit) override {
    return guarded(m_path, [&] {
      Query q(m_db,
              "SELECT group_no, row_no, key, name, coalesce(receipt_no, ''), outcome, problems, cells "
              "FROM batch_rows WHERE group_no = ?1 AND row_no > ?2 ORDER BY row_no LIMIT ?3");
      q.bind(1, group_no);
      q.bind(2, after_row);
      q.bind(3, sql_limit(limit));
      std::vector<BatchRow> out;
      while (q.executeStep()) {
        BatchRow r;
        r.group_no = q.getColumn(0).getString();
        r.row_no = q.getColumn(1).getInt64();
        r.key = q.getColumn(2).getString();
        r.name = q.getColumn(3).getString();
        r.receipt_no = q.getColumn(4).getString();
        r.outcome = stored(domain::parse_row_outcome(q.getColumn(5).getString()), "batch_rows.outcome");
        r.problems = q.getColumn(6).getString();
        r.cells = strings(q.getColumn(7));
        out.push_back(std::move(r));
      }
      return out;
    });
  }

 private:
  // The JSON columns (header, cells): an array of strings. The readers hand
  // out UTF-8 (CSV is converted or refused, XLSX is XML); a byte that is not
  // is stored as U+FFFD rather than failing the row's transaction.
  static std::string json_of(const std::vector<std::string>& v) {
    return nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  static std::vector<std::string> strings(const SQLite::Column& c) {
    const auto j = nlohmann::json::parse(c.getString(), nullptr, false);
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
  }

  Connection& m_db;
  const std::string& m_path;
};

}  // namespace

std::unique_ptr<Batches> make_batches(Connection& db, const std::string& path) {
  return std::make_unique<SqliteBatches>(db, path);
}

std::unique_ptr<Payments> make_payments(Connection& db, const std::string& path) {
  return std::make_unique<SqlitePayments>(db, path);
}

}  // namespace sqlite
}  // namespace soas::store
