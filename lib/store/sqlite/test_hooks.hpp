#pragma once
// Hooks of the SQLite store for the fault tests only.

#include <cstddef>

namespace soas::store {

// SOAS_TEST_KILL_AFTER_STATEMENTS, read by the CLI: a store opened afterwards
// in this process kills the process with SIGKILL as its n-th SQL statement
// starts (every statement counts, reads included), so a test can stop a
// command at each point of its work and check what a re-run makes of it.
// 0 disarms. Never set outside tests.
void arm_kill_after_statements(std::size_t n);

}  // namespace soas::store
