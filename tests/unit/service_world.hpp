#pragma once
// A fresh database with its first admin, a fixed clock and the default
// config: what the service tests act on.

#include <memory>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "service/accounts.hpp"
#include "store/open.hpp"
#include "support.hpp"

namespace soas::test {

struct World {
  TempDir dir;
  FixedClock clock;
  config::Config cfg = config::parse_file("", "t", "");
  std::unique_ptr<store::Store> store;
  explicit World(const std::string& now = "2026-11-21T10:00:00") : clock(*parse_instant(now)) {
    store::init_store(dir.file("soas.db"), clock, "system");
    store = store::open_store(dir.file("soas.db"), clock);
    service::create_first_admin(env(), {"admin1", domain::Role::admin, "", "a@nia.example", "admin-pass1"});
  }
  service::Env env() { return service::Env{*store, cfg, clock}; }
  service::Caller admin() {
    return service::resolve_session(*store, service::login(env(), "admin1", "admin-pass1").token, clock.now());
  }
};

}  // namespace soas::test
