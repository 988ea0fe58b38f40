#pragma once
// The school spreadsheet processor (就讀學校代辦 in bulk; man soas-batch(1),
// soas-batch(5)): what the CLI uses. The columns of a file (columns.hpp),
// the runs (runner.hpp: rows in, service calls, results out) and the
// workbooks soas writes (workbooks.hpp). Nothing here reaches the store: a
// run asks lib/service for everything it reads or writes.

#include "columns.hpp"
#include "runner.hpp"
#include "workbooks.hpp"
