// Test tool: writes a CSV file's cells into an XLSX workbook with
// libxlsxwriter (shared strings, as Excel writes them). Cells that look like
// yyyy-mm-dd are written as real dates when --dates is given; cells of
// digits alone as numbers when --numbers is given (what Excel makes of an ID
// typed into a General cell: the leading zero gone).
//   csv2xlsx IN.csv OUT.xlsx [--dates] [--numbers]

#include <xlsxwriter.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tabular/table.hpp"
#include "util/date.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx [--dates] [--numbers]\n");
    return 2;
  }
  bool dates = false;
  bool numbers = false;
  for (int i = 3; i < argc; ++i) {
    dates = dates || std::strcmp(argv[i], "--dates") == 0;
    numbers = numbers || std::strcmp(argv[i], "--numbers") == 0;
  }
  auto table = soas::tabular::open_table(argv[1]);
  lxw_workbook* wb = workbook_new(argv[2]);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "records");
  lxw_format* date_format = workbook_add_format(wb);
  format_set_num_format(date_format, "yyyy-mm-dd");
  soas::tabular::Row row;
  lxw_row_t r = 0;
  while (table->next(row)) {
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      const std::string& v = row.cells[c];
      const auto d = soas::util::parse_iso_date(v);
      if (dates && d && r > 0) {
        lxw_datetime dt = {d->year(), static_cast<uint8_t>(d->month()), static_cast<uint8_t>(d->day()), 0, 0,
                           0};
        worksheet_write_datetime(ws, r, static_cast<lxw_col_t>(c), &dt, date_format);
      } else if (numbers && r > 0 && !v.empty() && v.size() < 16 &&
                 v.find_first_not_of("0123456789") == std::string::npos) {
        worksheet_write_number(ws, r, static_cast<lxw_col_t>(c), std::stod(v), nullptr);
      } else if (!v.empty()) {
        worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), v.c_str(), nullptr);
      }
    }
    ++r;
  }
  return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
