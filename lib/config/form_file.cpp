#include "config/form_file.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "core/error.hpp"
#include "core/files.hpp"

namespace soas::config {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& zh, const std::string& en) {
  throw Failure("form-file-invalid", Text{where + ": " + zh, where + ": " + en});
}

}  // namespace

domain::Form load_form_file(const std::string& path) {
  return parse_form(read_small_file(path, 1u << 20, Text{"表單檔", "the form file"}, "form-file-invalid"),
                    path);
}

domain::Form parse_form(const std::string& yaml_text, const std::string& path) {
  require_text(yaml_text, path, "form-file-invalid");
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    fail(path + ":" + std::to_string(e.mark.line + 1), "YAML 格式錯誤：" + e.msg, "bad YAML: " + e.msg);
  }
  domain::Form form;
  if (root.IsNull()) return form;
  if (!root.IsMap()) fail(path, "表單須為「欄位: 值」的對照表", "a form is a mapping of field: value");
  // Nested maps (taiwan_address: {county: ...}) become dotted keys.
  std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& map,
                                                                        const std::string& prefix) {
    for (const auto& kv : map) {
      const std::string where = path + ":" + std::to_string(kv.first.Mark().line + 1);
      if (!kv.first.IsScalar()) fail(where, "欄位名稱須為文字", "field names are text");
      const std::string key = prefix + kv.first.Scalar();
      if (kv.second.IsMap()) {
        walk(kv.second, key + ".");
      } else if (kv.second.IsNull() || kv.second.IsScalar()) {
        form[key] = kv.second.IsNull() ? "" : kv.second.Scalar();
      } else {
        fail(where, "「" + key + "」的值須為單一值", "the value of '" + key + "' must be a single value");
      }
    }
  };
  walk(root, "");
  return form;
}

void apply_settings(domain::Form& form, const std::vector<std::string>& settings) {
  for (const auto& s : settings) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError(msg::bad_set, {s});
    }
    form[s.substr(0, eq)] = s.substr(eq + 1);
  }
}

}  // namespace soas::config
