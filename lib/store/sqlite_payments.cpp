// The SQLite repository of payment orders and settlement lines.

#include "store/sqlite_internal.hpp"

namespace soas::store {

std::string_view key(OrderStatus s) {
  switch (s) {
    case OrderStatus::live: return "live";
    case OrderStatus::cancelled: return "cancelled";
    case OrderStatus::paid: return "paid";
  }
  return "live";
}

namespace sqlite {

namespace {

OrderStatus parse_status(const std::string& s) {
  if (s == "paid") return OrderStatus::paid;
  if (s == "cancelled") return OrderStatus::cancelled;
  return OrderStatus::live;
}

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
      q.bind(2, o.method);
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
    o.method = q.getColumn(1).getString();
    o.status = parse_status(q.getColumn(2).getString());
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

 private:
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
