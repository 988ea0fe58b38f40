// The workbooks soas writes (batch/workbooks.hpp), with libxlsxwriter. Part
// of soas-workbooks.so (batch/workbooks_backend.hpp), not of soas_batch.
#include "backend/parts.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "core/files.hpp"
#include "domain/application.hpp"
#include "domain/countries.hpp"
#include "tabular/table.hpp"
#include "util/text.hpp"

namespace soas::batch::backend_parts {

using domain::ApplicationKind;

namespace {

[[noreturn]] void xlsx_failed(const std::string& path, lxw_error e) {
  throw Failure("write-failed", Text{"無法寫入活頁簿：" + path + "（" + lxw_strerror(e) + "）",
                                     "cannot write the workbook: " + path + " (" + lxw_strerror(e) + ")"});
}

// Closes a workbook libxlsxwriter wrote to the PrivateFile's temporary name
// and puts it in place (core/files.hpp: 0600, whole or absent).
void close_into_place(lxw_workbook* wb, PrivateFile& file) {
  const lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    file.discard();
    xlsx_failed(file.target(), e);
  }
  file.commit();
}

// What a template cell takes, said in the prompt Excel and LibreOffice show
// when the cell is selected (at most 255 characters) and in the error when a
// value is refused.
struct CellHelp {
  std::string prompt;
  std::string error;
};

CellHelp cell_help(const Column& c, bool listed, bool countries) {
  using domain::FieldKind;
  std::string zh, en, ezh, een;
  if (countries) {
    zh = "請從清單選擇國籍；清單外的國名仍可自行輸入。";
    en = "Choose the country from the list; a name not listed may still be typed.";
    ezh = "此國名不在清單中。";
    een = "This name is not on the list.";
  } else if (c.kind == FieldKind::sex) {
    zh = "M（男）或 F（女）。";
    en = "M (male) or F (female).";
  } else if (c.kind == FieldKind::yes_no) {
    zh = "yes（是）或 no（否）。";
    en = "yes or no.";
  } else if (c.kind == FieldKind::years) {
    zh = "年數：1、2 或 3。";
    en = "Years: 1, 2 or 3.";
  } else if (listed) {
    zh = "請從清單選一項。";
    en = "Choose one from the list.";
  } else if (c.kind == FieldKind::date || c.kind == FieldKind::birth_date) {
    zh = "西元日期，如 2026-08-15。";
    en = "A date, e.g. 2026-08-15.";
    ezh = "請填西元日期 yyyy-mm-dd。";
    een = "Type a date, yyyy-mm-dd.";
  } else if (c.kind == FieldKind::number) {
    zh = "整數。";
    en = "A whole number.";
    ezh = "請填整數。";
    een = "Type a whole number.";
  } else if (c.kind == FieldKind::phone || c.kind == FieldKind::extension) {
    zh = "文字格式，保留開頭的 0，如 0912345678。";
    en = "Text: keep the leading 0, e.g. 0912345678.";
  } else if (c.kind == FieldKind::name_en) {
    zh = "英文字母，依護照填寫。";
    en = "Latin letters, as in the passport.";
  } else if (c.kind == FieldKind::email) {
    zh = "電子郵件地址。";
    en = "An e-mail address.";
  } else if (is_text_column(c)) {
    zh = "文字格式，依證件填寫，勿刪開頭的 0。";
    en = "Text, as on the document; keep leading zeros.";
  } else {
    zh = "文字。";
    en = "Text.";
  }
  if (ezh.empty()) {
    ezh = listed ? "請從清單選一項。" : "內容過長（至多 200 字元）。";
    een = listed ? "Choose one from the list." : "Too long (at most 200 characters).";
  }
  const std::string need = c.required ? "必填。Required.\n" : "";
  return CellHelp{need + zh + "\n" + en, ezh + "\n" + een};
}

// At most n characters (UTF-8), for the 32-character titles.
std::string clip_chars(const std::string& s, std::size_t n) {
  std::vector<char32_t> cps;
  if (!util::decode_utf8(s, &cps) || cps.size() <= n) return s;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) util::append_utf8(out, cps[i]);
  return out;
}

}  // namespace

void write_template(ApplicationKind kind, const std::vector<std::string>& station_codes,
                    const std::string& path) {
  const auto cols = columns(kind, station_codes);
  PrivateFile file(path);
  lxw_workbook* wb = workbook_new(file.temp_path().c_str());
  if (!wb) xlsx_failed(path, LXW_ERROR_CREATING_XLSX_FILE);
  const auto check = [&](lxw_error e) {
    if (e != LXW_NO_ERROR) {
      workbook_close(wb);
      file.discard();
      xlsx_failed(path, e);
    }
  };
  lxw_worksheet* ws = workbook_add_worksheet(wb, "applications");
  lxw_worksheet* help = workbook_add_worksheet(wb, "instructions");
  // The drop-downs too long to write inline (Excel: 255 characters): one
  // column each on a hidden sheet the validation refers to.
  lxw_worksheet* lists = workbook_add_worksheet(wb, "lists");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_text_wrap(head);
  format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* head_required = workbook_add_format(wb);
  format_set_bold(head_required);
  format_set_text_wrap(head_required);
  format_set_align(head_required, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(head_required, 0xFCE4D6);
  format_set_border(head_required, LXW_BORDER_THIN);
  // The data rows are unlocked: the sheet is protected so the header stays
  // as soas reads it, and every cell below it stays the school's.
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format_index(text, 49);  // Excel's built-in Text (@)
  format_set_unlocked(text);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  format_set_unlocked(date);
  lxw_format* plain = workbook_add_format(wb);
  format_set_unlocked(plain);
  constexpr lxw_row_t k_rows = 10000;  // data rows 2 to 10001

  std::vector<std::string> country_list;
  for (const auto& c : domain::countries()) country_list.push_back(domain::country_choice(c));
  for (std::size_t i = 0; i < country_list.size(); ++i)
    check(worksheet_write_string(lists, static_cast<lxw_row_t>(i), 0, country_list[i].c_str(), nullptr));
  worksheet_set_column(lists, 0, 0, 40, nullptr);
  const std::string country_range = "=lists!$A$1:$A$" + std::to_string(country_list.size());
  lxw_col_t next_list = 1;  // the lists sheet's next free column

  for (std::size_t i = 0; i < cols.size(); ++i) {
    const auto col = static_cast<lxw_col_t>(i);
    const Column& c = cols[i];
    check(worksheet_write_string(ws, 0, col, (header_text(c) + "\n" + c.label.en).c_str(),
                                 c.required ? head_required : head));
    const bool countries = is_nationality_column(c.key);
    worksheet_set_column(ws, col, col, countries ? 24 : 18,
                         is_text_column(c)   ? text
                         : is_date_column(c) ? date
                                             : plain);
    const auto choices =
        c.key == "kind" ? std::vector<std::string>{std::string(domain::key(kind))} : choices_of(c);
    std::size_t total = 0;
    for (const auto& v : choices) total += v.size() + 1;
    const bool long_list = !countries && !choices.empty() && total > 255;
    const bool listed = countries || !choices.empty();
    std::vector<char*> list;  // libxlsxwriter's list is not const
    std::string range;
    lxw_data_validation dv{};
    if (countries) {
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = const_cast<char*>(country_range.c_str());
      dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;  // a name not listed may be kept
    } else if (long_list) {                               // its own column of the lists sheet
      const std::string letters = tabular::column_letters(next_list);
      for (std::size_t k = 0; k < choices.size(); ++k)
        check(
            worksheet_write_string(lists, static_cast<lxw_row_t>(k), next_list, choices[k].c_str(), nullptr));
      range = "=lists!$" + letters + "$1:$" + letters + "$" + std::to_string(choices.size());
      ++next_list;
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = const_cast<char*>(range.c_str());
    } else if (listed) {
      for (const auto& v : choices) list.push_back(const_cast<char*>(v.c_str()));
      list.push_back(nullptr);
      dv.validate = LXW_VALIDATION_TYPE_LIST;
      dv.value_list = list.data();
    } else if (is_date_column(c)) {
      dv.validate = LXW_VALIDATION_TYPE_DATE;
      dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN;
      dv.minimum_datetime = lxw_datetime{1900, 1, 1, 0, 0, 0};
    } else if (c.kind == domain::FieldKind::number) {
      dv.validate = LXW_VALIDATION_TYPE_INTEGER;
      dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      dv.value_number = 0;
    } else {
      dv.validate = LXW_VALIDATION_TYPE_LENGTH;
      dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
      dv.value_number = 200;
    }
    const CellHelp h = cell_help(c, listed, countries);
    const std::string title = clip_chars(c.label.zh, 32);
    const std::string error_title = "輸入有誤 Invalid value";
    dv.show_input = LXW_VALIDATION_ON;
    dv.show_error = LXW_VALIDATION_ON;
    dv.input_title = const_cast<char*>(title.c_str());
    dv.input_message = const_cast<char*>(h.prompt.c_str());
    dv.error_title = const_cast<char*>(error_title.c_str());
    dv.error_message = const_cast<char*>(h.error.c_str());
    check(worksheet_data_validation_range(ws, 1, col, k_rows, col, &dv));
  }
  worksheet_set_row(ws, 0, 48, nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  lxw_protection protection{};
  protection.format_columns = LXW_TRUE;  // libxlsxwriter: these allow the action
  protection.format_rows = LXW_TRUE;
  protection.insert_rows = LXW_TRUE;
  protection.delete_rows = LXW_TRUE;
  protection.sort = LXW_TRUE;
  protection.autofilter = LXW_TRUE;
  worksheet_protect(ws, nullptr, &protection);
  worksheet_hide(lists);
  // Instructions.
  const std::vector<std::string> lines = {
      "soas batch: " + std::string(domain::key(kind)) + " (" + domain::label(kind).zh + " / " +
          domain::label(kind).en + ")",
      "一列一位學生；標 * 者為必填。One row per student; columns marked * are required.",
      "kind 欄填 " + std::string(domain::key(kind)) + "。Fill the kind column with " +
          std::string(domain::key(kind)) + ".",
      "身分證號、護照號碼、電話等欄位為文字格式，請勿刪去開頭的 0。ID, passport and phone columns are text: "
      "keep leading zeros.",
      "日期請填 yyyy-mm-dd 或 yyyy/mm/dd（西元）。Dates: yyyy-mm-dd or yyyy/mm/dd (Gregorian).",
      "文件：--docs 目錄下每位學生一個資料夾，以 " + key_column(kind) +
          " 命名；檔名為項目代碼，如 photo.jpg、passport-2.pdf。",
      "Documents: one folder per student under --docs, named by " + key_column(kind) +
          "; files named by item, e.g. photo.jpg, passport-2.pdf.",
      "國籍欄可從下拉清單選擇（中文 English，讀作中文國名）；清單外的國名仍可輸入。Nationality: choose from "
      "the "
      "drop-down (read as the Chinese name); a name not listed may still be typed.",
      "標題列已保護，請勿更改；資料列可自由填寫、排序、篩選。The header row is protected; the data rows are "
      "yours to fill, sort and filter.",
      "先執行 soas batch validate 檢查，再以 soas batch submit 送件。Run soas batch validate first, then "
      "soas batch submit.",
      ""};
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* top = workbook_add_format(wb);
  format_set_align(top, LXW_ALIGN_VERTICAL_TOP);
  lxw_row_t r = 0;
  for (const auto& l : lines) {
    worksheet_write_string(help, r, 0, l.c_str(), r == 0 ? bold : nullptr);
    ++r;
  }
  const std::vector<std::string> help_head = {"column", "欄位 / label", "required", "choices"};
  for (std::size_t i = 0; i < help_head.size(); ++i)
    worksheet_write_string(help, r, static_cast<lxw_col_t>(i), help_head[i].c_str(), bold);
  ++r;
  constexpr std::size_t k_choices_width = 60;
  std::size_t key_width = 10, label_width = 10;
  for (const auto& c : cols) {
    std::string choices;
    if (is_nationality_column(c.key)) {
      choices = "清單 lists：中華民國 Taiwan (R.O.C.), …（" + std::to_string(country_list.size()) + "）";
    } else {
      for (const auto& v :
           c.key == "kind" ? std::vector<std::string>{std::string(domain::key(kind))} : choices_of(c))
        choices += (choices.empty() ? "" : ", ") + v;
    }
    const std::string label = c.label.zh + " / " + c.label.en;
    const std::size_t w = util::display_width(choices);
    const std::size_t lines_needed = w <= k_choices_width ? 1 : (w + k_choices_width - 1) / k_choices_width;
    if (lines_needed > 1) worksheet_set_row(help, r, 15.0 * static_cast<double>(lines_needed), nullptr);
    worksheet_write_string(help, r, 0, c.key.c_str(), top);
    worksheet_write_string(help, r, 1, label.c_str(), top);
    worksheet_write_string(help, r, 2, c.required ? "*" : "", top);
    worksheet_write_string(help, r, 3, choices.c_str(), wrap);
    key_width = std::max(key_width, c.key.size());
    label_width = std::max(label_width, util::display_width(label));
    ++r;
  }
  worksheet_set_column(help, 0, 0, static_cast<double>(key_width + 2), nullptr);
  worksheet_set_column(help, 1, 1, static_cast<double>(std::min<std::size_t>(label_width, 70) + 2), nullptr);
  worksheet_set_column(help, 2, 2, 9, nullptr);
  worksheet_set_column(help, 3, 3, static_cast<double>(k_choices_width + 2), nullptr);
  // Printed: landscape, one page wide; the template's header on every page.
  worksheet_set_landscape(help);
  worksheet_set_paper(help, 9);  // A4
  worksheet_fit_to_pages(help, 1, 0);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);
  worksheet_repeat_rows(ws, 0, 0);
  close_into_place(wb, file);
}

void write_table(const std::string& path, const std::string& sheet, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  PrivateFile file(path);
  lxw_workbook* wb = workbook_new(file.temp_path().c_str());
  if (!wb) xlsx_failed(path, LXW_ERROR_CREATING_XLSX_FILE);
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  for (std::size_t c = 0; c < headers.size(); ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), headers[c].c_str(), head);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), rows[r][c].c_str(),
                             text);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_column(ws, 0, static_cast<lxw_col_t>(headers.empty() ? 0 : headers.size() - 1), 16, nullptr);
  close_into_place(wb, file);
}

void write_results(const std::string& path, const std::vector<std::string>& header,
                   const std::vector<ResultRow>& rows) {
  std::size_t width = header.size();
  for (const auto& r : rows) width = std::max(width, r.cells.size());
  PrivateFile file(path);
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;  // rows written in order, each flushed when the next starts
  lxw_workbook* wb = workbook_new_opt(file.temp_path().c_str(), &opt);
  if (!wb) xlsx_failed(path, LXW_ERROR_CREATING_XLSX_FILE);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "results");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  lxw_format* amount = workbook_add_format(wb);
  format_set_num_format(amount, "#,##0");
  const auto col = [](std::size_t c) { return static_cast<lxw_col_t>(c); };
  for (std::size_t c = 0; c < header.size(); ++c)
    worksheet_write_string(ws, 0, col(c), header[c].c_str(), head);
  const char* added[] = {"收件號 receipt", "辦理階段 state", "應繳金額 amount due", "問題 problems"};
  for (std::size_t c = 0; c < 4; ++c) worksheet_write_string(ws, 0, col(width + c), added[c], head);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    const ResultRow& x = rows[r];
    for (std::size_t c = 0; c < x.cells.size(); ++c)
      if (!x.cells[c].empty()) worksheet_write_string(ws, row, col(c), x.cells[c].c_str(), text);
    if (!x.receipt_no.empty()) worksheet_write_string(ws, row, col(width), x.receipt_no.c_str(), text);
    worksheet_write_string(ws, row, col(width + 1), x.state.c_str(), text);
    worksheet_write_number(ws, row, col(width + 2), static_cast<double>(x.due), amount);
    if (!x.problems.empty()) worksheet_write_string(ws, row, col(width + 3), x.problems.c_str(), text);
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size()), col(width + 3));
  worksheet_set_column(ws, 0, col(width + 3), 16, nullptr);
  close_into_place(wb, file);
}

namespace {

// The widest line of a cell, CJK counted as two.
std::size_t widest_line(const std::string& v) {
  std::size_t w = 0;
  for (const auto& line : util::split(v, '\n')) w = std::max(w, util::display_width(line));
  return w;
}

// The lines a wrapped cell shows in a column `width` wide.
std::size_t line_count(const std::string& v, std::size_t width = 0) {
  std::size_t n = 0;
  for (const auto& line : util::split(v, '\n')) {
    const std::size_t w = util::display_width(line);
    n += width == 0 || w <= width ? 1 : (w + width - 1) / width;
  }
  return std::max<std::size_t>(n, 1);
}

// The height of a row showing `lines` lines; Excel's most is 409 points.
double row_height(std::size_t lines) {
  return std::min(409.0, 15.0 * static_cast<double>(lines));
}

// Row numbers as staff read them: 3, 7, 9-12; a cell holds at most 32,767
// characters, so a list longer than that ends with "...".
std::string row_list(const std::vector<std::size_t>& rows) {
  constexpr std::size_t k_max = 32000;
  std::string out;
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t j = i;
    while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1) ++j;
    std::string part = std::to_string(rows[i]);
    if (j >= i + 2) {
      part += "-" + std::to_string(rows[j]);
    } else {
      j = i;
    }
    if (out.size() + part.size() + 6 > k_max) return out + ", ...";
    out += (out.empty() ? "" : ", ") + part;
    i = j + 1;
  }
  return out;
}

constexpr std::size_t k_width_cap = 60;
constexpr std::size_t k_message_cap = 80;
constexpr std::size_t k_rows_cap = 40;  // the problems sheet's row numbers

}  // namespace

class ReportBook final : public ReportSink {
 public:
  explicit ReportBook(std::string path);
  ~ReportBook() override;
  ReportBook(const ReportBook&) = delete;
  ReportBook& operator=(const ReportBook&) = delete;
  void begin(const Report& report) override;
  void row(const RowResult& result, const tabular::Row& row) override;
  void finish(const Report& report) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

struct ReportBook::Impl {
  std::string path;
  std::optional<PrivateFile> file;  // written here, put in place by finish()
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_worksheet* sum = nullptr;
  lxw_format* head = nullptr;
  lxw_format* bad = nullptr;
  lxw_format* text = nullptr;
  lxw_format* wrap = nullptr;  // the message column: one problem a line
  lxw_format* number = nullptr;
  lxw_worksheet* problems = nullptr;
  std::vector<std::string> header_keys;
  std::vector<std::size_t> widths;  // of each report column, as wide as its content
  // The same problem across rows: (column, code) -> the rows.
  struct Group {
    std::size_t first = 0;  // the order it was first seen
    Text message;           // the first row's
    bool varied = false;    // the rows' messages differ (they name the value read)
    std::vector<std::size_t> rows;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  lxw_row_t next = 1;

  void widen(std::size_t col, const std::string& v) {
    if (widths.size() <= col) widths.resize(col + 1, 0);
    widths[col] = std::max(widths[col], widest_line(v));
  }

  void check(lxw_error e) const {
    if (e != LXW_NO_ERROR) xlsx_failed(path, e);
  }
};

ReportBook::ReportBook(std::string path) : m(std::make_unique<Impl>()) {
  m->path = std::move(path);
  m->file.emplace(m->path);
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;  // each row goes to a temporary file as soon as the next starts
  m->wb = workbook_new_opt(m->file->temp_path().c_str(), &opt);
  if (!m->wb) xlsx_failed(m->path, LXW_ERROR_CREATING_XLSX_FILE);
  m->ws = workbook_add_worksheet(m->wb, "report");
  m->problems = workbook_add_worksheet(m->wb, "problems");
  m->sum = workbook_add_worksheet(m->wb, "summary");
  m->head = workbook_add_format(m->wb);
  format_set_bold(m->head);
  format_set_text_wrap(m->head);
  format_set_align(m->head, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(m->head, 0xDDEBF7);
  m->bad = workbook_add_format(m->wb);
  format_set_bg_color(m->bad, 0xFFC7CE);
  format_set_num_format(m->bad, "@");
  format_set_align(m->bad, LXW_ALIGN_VERTICAL_TOP);
  m->text = workbook_add_format(m->wb);
  format_set_num_format(m->text, "@");
  format_set_align(m->text, LXW_ALIGN_VERTICAL_TOP);
  m->wrap = workbook_add_format(m->wb);
  format_set_num_format(m->wrap, "@");
  format_set_text_wrap(m->wrap);
  format_set_align(m->wrap, LXW_ALIGN_VERTICAL_TOP);
  m->number = workbook_add_format(m->wb);
  format_set_align(m->number, LXW_ALIGN_LEFT);
  format_set_align(m->number, LXW_ALIGN_VERTICAL_TOP);
  // Printed: landscape A4, the header on every page (the report also keeps
  // its status column); the problems one page wide.
  for (lxw_worksheet* ws : {m->ws, m->problems, m->sum}) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
  }
  worksheet_repeat_rows(m->ws, 0, 0);
  worksheet_repeat_columns(m->ws, 0, 0);
  worksheet_repeat_rows(m->problems, 0, 0);
  worksheet_fit_to_pages(m->problems, 1, 0);
}

ReportBook::~ReportBook() {
  if (m->wb != nullptr) {  // not finished: an exception ended the run
    workbook_close(m->wb);
    m->file->discard();
  }
}

void ReportBook::begin(const Report& report) {
  m->header_keys = report.header_keys;
  worksheet_freeze_panes(m->ws, 1, 2);
  std::vector<std::string> head = {"狀態 status", "說明 message"};
  head.insert(head.end(), report.headers.begin(), report.headers.end());
  std::size_t lines = 1;
  for (const auto& h : head) lines = std::max(lines, line_count(h));
  m->check(worksheet_set_row(m->ws, 0, row_height(lines), nullptr));
  for (std::size_t c = 0; c < head.size(); ++c) {
    m->check(worksheet_write_string(m->ws, 0, static_cast<lxw_col_t>(c), head[c].c_str(), m->head));
    m->widen(c, head[c]);
  }
}

void ReportBook::row(const RowResult& r, const tabular::Row& input) {
  const lxw_row_t row = m->next++;
  std::string status(key(r.status));
  if (!r.receipt_no.empty()) status += " " + r.receipt_no;
  std::string message;
  for (const auto& p : r.problems) {
    message += (message.empty() ? "" : "\n") + (p.column.empty() ? std::string("row") : p.column) + ": " +
               p.message.zh + " / " + p.message.en;
    auto& g = m->groups[{p.column, p.code}];
    if (g.rows.empty()) {
      g.first = m->groups.size();
      g.message = p.message;
    } else if (g.message.en != p.message.en) {
      g.varied = true;
    }
    if (g.rows.empty() || g.rows.back() != r.row) g.rows.push_back(r.row);
  }
  // Every problem shows: the row as tall as its lines (set before its
  // cells: libxlsxwriter's constant memory mode writes a row once the next
  // begins).
  m->check(worksheet_set_row(m->ws, row, row_height(line_count(message, k_message_cap)), nullptr));
  m->check(worksheet_write_string(m->ws, row, 0, status.c_str(),
                                  r.status == RowStatus::failed ? m->bad : m->text));
  m->widen(0, status);
  if (!message.empty()) {
    m->check(worksheet_write_string(m->ws, row, 1, message.c_str(), m->wrap));
    m->widen(1, message);
  }
  const std::size_t ncols = std::max(m->header_keys.size(), input.cells.size());
  for (std::size_t c = 0; c < ncols; ++c) {
    const std::string& k = c < m->header_keys.size() ? m->header_keys[c] : std::string();
    std::string note;
    for (const auto& p : r.problems)
      if (!k.empty() && p.column == k)
        note += (note.empty() ? "" : "\n") + p.message.zh + "\n" + p.message.en;
    const std::string& v = c < input.cells.size() ? input.cells[c] : std::string();
    if (v.empty() && note.empty()) continue;
    const auto col = static_cast<lxw_col_t>(c + 2);
    m->check(worksheet_write_string(m->ws, row, col, v.c_str(), note.empty() ? m->text : m->bad));
    m->widen(c + 2, v);
    if (!note.empty()) m->check(worksheet_write_comment(m->ws, row, col, note.c_str()));
  }
}

void ReportBook::finish(const Report& report) {
  // The report: columns as wide as their content, a filter on the header.
  for (std::size_t c = 0; c < m->widths.size(); ++c) {
    const std::size_t cap = c == 1 ? k_message_cap : k_width_cap;
    const double w = static_cast<double>(std::min(cap, std::max<std::size_t>(m->widths[c], 6)) + 2);
    m->check(worksheet_set_column(m->ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w,
                                  c == 1 ? m->wrap : nullptr));
  }
  const lxw_row_t last_row = m->next - 1;
  const auto last_col = static_cast<lxw_col_t>(m->widths.empty() ? 0 : m->widths.size() - 1);
  m->check(worksheet_autofilter(m->ws, 0, 0, last_row, last_col));

  // The problems, one line per kind of mistake, the commonest first.
  std::vector<const std::pair<const std::pair<std::string, std::string>, Impl::Group>*> order;
  for (const auto& g : m->groups) order.push_back(&g);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    if (a->second.rows.size() != b->second.rows.size()) return a->second.rows.size() > b->second.rows.size();
    return a->second.first < b->second.first;
  });
  const std::vector<std::string> phead = {"欄位 column", "代碼 code", "問題 problem", "列數 rows",
                                          "列號 row numbers"};
  std::vector<std::size_t> pw(phead.size(), 0);
  for (std::size_t c = 0; c < phead.size(); ++c) {
    m->check(worksheet_write_string(m->problems, 0, static_cast<lxw_col_t>(c), phead[c].c_str(), m->head));
    pw[c] = widest_line(phead[c]);
  }
  lxw_row_t pr = 1;
  for (const auto* g : order) {
    const auto& [column, code] = g->first;
    const std::string col = column.empty() ? "row" : column;
    std::string msg = g->second.message.zh + "\n" + g->second.message.en;
    if (g->second.varied)
      msg += "\n（各列說明不同，見 report 工作表 / the wording differs by row: see the report sheet）";
    const std::string rows = row_list(g->second.rows);
    m->check(worksheet_set_row(
        m->problems, pr, row_height(std::max(line_count(msg, k_message_cap), line_count(rows, k_rows_cap))),
        nullptr));
    m->check(worksheet_write_string(m->problems, pr, 0, col.c_str(), m->text));
    m->check(worksheet_write_string(m->problems, pr, 1, code.c_str(), m->text));
    m->check(worksheet_write_string(m->problems, pr, 2, msg.c_str(), m->wrap));
    m->check(
        worksheet_write_number(m->problems, pr, 3, static_cast<double>(g->second.rows.size()), m->number));
    m->check(worksheet_write_string(m->problems, pr, 4, rows.c_str(), m->wrap));
    pw[0] = std::max(pw[0], widest_line(col));
    pw[1] = std::max(pw[1], widest_line(code));
    pw[2] = std::max(pw[2], widest_line(msg));
    pw[4] = std::max(pw[4], widest_line(rows));
    ++pr;
  }
  for (std::size_t c = 0; c < pw.size(); ++c) {
    const std::size_t cap = c == 2 ? k_message_cap : c == 4 ? k_rows_cap : k_width_cap;
    m->check(worksheet_set_column(m->problems, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                  static_cast<double>(std::min(cap, std::max<std::size_t>(pw[c], 6)) + 2),
                                  c == 2 || c == 4 ? m->wrap : nullptr));
  }
  worksheet_freeze_panes(m->problems, 1, 0);
  m->check(worksheet_autofilter(m->problems, 0, 0, pr - 1, static_cast<lxw_col_t>(phead.size() - 1)));

  // The summary: the counts as numbers.
  struct Line {
    std::string label;
    std::optional<std::string> text;
    double number = 0;
  };
  const auto n = [](std::size_t v) { return static_cast<double>(v); };
  const std::vector<Line> summary = {
      {"檔案 file", report.file},
      {"申辦項目 kind", std::string(domain::key(report.kind))},
      {"團號/批次號 group", report.group_no},
      {"列數 rows", std::nullopt, n(report.rows)},
      {"通過 ok", std::nullopt, n(report.count(RowStatus::ok))},
      {"已送件 filed", std::nullopt, n(report.count(RowStatus::filed))},
      {"已送過 skipped", std::nullopt, n(report.count(RowStatus::skipped))},
      {"有誤 failed", std::nullopt, n(report.count(RowStatus::failed))},
      {"已中斷 interrupted", std::string(report.stopped ? "yes" : "no")},
  };
  std::size_t w0 = 0, w1 = 0;
  lxw_row_t r = 0;
  for (const auto& l : summary) {
    m->check(worksheet_write_string(m->sum, r, 0, l.label.c_str(), m->head));
    if (l.text) {
      m->check(worksheet_write_string(m->sum, r, 1, l.text->c_str(), m->text));
      w1 = std::max(w1, widest_line(*l.text));
    } else {
      m->check(worksheet_write_number(m->sum, r, 1, l.number, m->number));
    }
    w0 = std::max(w0, widest_line(l.label));
    ++r;
  }
  m->check(worksheet_set_column(m->sum, 0, 0, static_cast<double>(w0 + 2), nullptr));
  m->check(worksheet_set_column(
      m->sum, 1, 1,
      static_cast<double>(std::min<std::size_t>(std::max<std::size_t>(w1, 10), k_width_cap) + 2), nullptr));
  lxw_workbook* wb = m->wb;
  m->wb = nullptr;
  close_into_place(wb, *m->file);
}

std::unique_ptr<ReportSink> report_book(std::string path) {
  return std::make_unique<ReportBook>(std::move(path));
}

const WorkbookBackend& table() {
  static const WorkbookBackend k_table{&write_template, &write_table, &write_results, &report_book};
  return k_table;
}

}  // namespace soas::batch::backend_parts
