#include "render/templates.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <boost/json.hpp>

namespace sx::render {

namespace {

namespace json = boost::json;

constexpr std::string_view kFormat = "sanxiang.documents/1";
constexpr std::string_view kBlank = "________";

// The embedded file is part of the build, so a mistake in it is a bug: parsing throws, and the
// tests parse it.
[[noreturn]] void Fail(std::string_view path, std::string_view what) {
  throw std::runtime_error(fmt::format("data/documents/templates.json {}: {}", path, what));
}

const json::object& Object(const json::value& v, std::string_view path) {
  if (!v.is_object()) Fail(path, "须为对象");
  return v.get_object();
}

const json::array& Array(const json::value& v, std::string_view path) {
  if (!v.is_array()) Fail(path, "须为数组");
  return v.get_array();
}

std::string String(const json::value& v, std::string_view path) {
  if (!v.is_string()) Fail(path, "须为字符串");
  return std::string(v.get_string());
}

bool Bool(const json::value& v, std::string_view path) {
  if (!v.is_bool()) Fail(path, "须为 true 或 false");
  return v.get_bool();
}

void OnlyKeys(const json::object& o, std::string_view path,
              std::initializer_list<std::string_view> keys) {
  for (const auto& [key, value] : o) {
    if (std::find(keys.begin(), keys.end(), std::string_view(key)) == keys.end()) {
      Fail(path, fmt::format("未知字段 \"{}\"", std::string_view(key)));
    }
  }
}

// The member `key`, or null when absent.
const json::value& Member(const json::object& o, std::string_view key) {
  static const json::value kNull;
  const json::value* v = o.if_contains(key);
  return v ? *v : kNull;
}

std::string OptionalString(const json::object& o, std::string_view key, std::string_view path) {
  const json::value* v = o.if_contains(key);
  return v ? String(*v, fmt::format("{}.{}", path, key)) : std::string();
}

TemplateBlock ParseBlock(const json::value& v, const std::string& path) {
  const json::object& o = Object(v, path);
  OnlyKeys(o, path, {"heading", "text", "field", "table", "spacer", "indent", "if"});
  TemplateBlock b;
  b.only_if = OptionalString(o, "if", path);
  if (const json::value* h = o.if_contains("heading")) {
    b.block.kind = Block::Kind::kHeading;
    b.block.label = String(*h, path + ".heading");
  } else if (const json::value* f = o.if_contains("field")) {
    b.block.kind = Block::Kind::kField;
    b.block.label = String(*f, path + ".field");
    b.block.text = OptionalString(o, "text", path);
  } else if (const json::value* t = o.if_contains("table")) {
    b.block.kind = Block::Kind::kTable;
    const json::array& rows = Array(*t, path + ".table");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::string row_path = fmt::format("{}.table[{}]", path, r);
      std::vector<std::string> cells;
      const json::array& row = Array(rows[r], row_path);
      for (std::size_t c = 0; c < row.size(); ++c) {
        cells.push_back(String(row[c], fmt::format("{}[{}]", row_path, c)));
      }
      b.block.rows.push_back(std::move(cells));
    }
    if (b.block.rows.empty()) Fail(path, "表格不能为空");
  } else if (o.contains("spacer")) {
    b.block.kind = Block::Kind::kSpacer;
  } else if (const json::value* p = o.if_contains("text")) {
    b.block.kind = Block::Kind::kParagraph;
    b.block.text = String(*p, path + ".text");
    if (const json::value* i = o.if_contains("indent")) b.block.indent = Bool(*i, path + ".indent");
  } else {
    Fail(path, "须有 heading、text、field、table 或 spacer 之一");
  }
  return b;
}

Template ParseTemplate(const json::value& v, const std::string& path,
                       const std::vector<std::string>& case_keys, const std::string& footer) {
  const json::object& o = Object(v, path);
  OnlyKeys(o, path,
           {"code", "name", "abbr", "inputs", "blocks", "signatures", "seal", "date", "footer"});
  Template t{.code = OptionalString(o, "code", path),
             .name = OptionalString(o, "name", path),
             .abbr = OptionalString(o, "abbr", path)};
  if (t.code.empty() || t.name.empty() || t.abbr.empty()) Fail(path, "须有 code、name 和 abbr");
  if (const json::value* inputs = o.if_contains("inputs")) {
    const json::array& a = Array(*inputs, path + ".inputs");
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = fmt::format("{}.inputs[{}]", path, i);
      const json::object& in = Object(a[i], p);
      OnlyKeys(in, p, {"key", "label", "multiline", "required"});
      TemplateInput input{.key = OptionalString(in, "key", p),
                          .label = OptionalString(in, "label", p)};
      if (input.key.empty() || input.label.empty()) Fail(p, "须有 key 和 label");
      if (std::find(case_keys.begin(), case_keys.end(), input.key) != case_keys.end() ||
          input.key.starts_with("doc.")) {
        Fail(p, fmt::format("\"{}\" 是案件数据的键,不能作为填写项", input.key));
      }
      if (const json::value* m = in.if_contains("multiline")) input.multiline = Bool(*m, p);
      if (const json::value* r = in.if_contains("required")) input.required = Bool(*r, p);
      t.inputs.push_back(std::move(input));
    }
  }
  const json::array& blocks = Array(Member(o, "blocks"), path + ".blocks");
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    t.blocks.push_back(ParseBlock(blocks[i], fmt::format("{}.blocks[{}]", path, i)));
  }
  if (const json::value* sigs = o.if_contains("signatures")) {
    const json::array& a = Array(*sigs, path + ".signatures");
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = fmt::format("{}.signatures[{}]", path, i);
      const json::object& s = Object(a[i], p);
      OnlyKeys(s, p, {"role", "name", "date"});
      t.signatures.push_back(Signature{.role = OptionalString(s, "role", p),
                                       .name = OptionalString(s, "name", p),
                                       .date = OptionalString(s, "date", p)});
    }
  }
  if (const json::value* seal = o.if_contains("seal")) t.seal = Bool(*seal, path + ".seal");
  t.date = OptionalString(o, "date", path);
  t.footer = o.contains("footer") ? OptionalString(o, "footer", path) : footer;
  return t;
}

struct Catalogue {
  std::vector<std::string> case_keys;
  std::vector<Template> templates;
};

Catalogue Parse() {
  boost::system::error_code ec;
  json::value doc = json::parse(TemplateData(), ec);
  if (ec) Fail("", ec.message());
  const json::object& root = Object(doc, "$");
  OnlyKeys(root, "$", {"format", "case_keys", "footer", "templates"});
  if (OptionalString(root, "format", "$") != kFormat) {
    Fail("$.format", fmt::format("须为 \"{}\"", kFormat));
  }
  Catalogue c;
  const json::array& keys = Array(Member(root, "case_keys"), "$.case_keys");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    c.case_keys.push_back(String(keys[i], fmt::format("$.case_keys[{}]", i)));
  }
  const json::array& templates = Array(Member(root, "templates"), "$.templates");
  for (std::size_t i = 0; i < templates.size(); ++i) {
    Template t = ParseTemplate(templates[i], fmt::format("$.templates[{}]", i), c.case_keys,
                               OptionalString(root, "footer", "$"));
    if (std::any_of(c.templates.begin(), c.templates.end(),
                    [&](const Template& other) { return other.code == t.code; })) {
      Fail(fmt::format("$.templates[{}]", i), fmt::format("code \"{}\" 重复", t.code));
    }
    c.templates.push_back(std::move(t));
  }
  return c;
}

const Catalogue& Data() {
  static const Catalogue c = Parse();
  return c;
}

std::string_view Lookup(const Values& values, std::string_view key) {
  auto it = values.find(key);
  return it == values.end() ? std::string_view() : std::string_view(it->second);
}

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

// One pass: substituted values are not searched again. Braces around anything but a key are
// kept as they are.
std::string Substitute(std::string_view text, const Values& values) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      std::size_t end = i + 1;
      while (end < text.size() && IsKeyChar(text[end])) ++end;
      if (end < text.size() && text[end] == '}' && end > i + 1) {
        std::string_view value = Lookup(values, text.substr(i + 1, end - i - 1));
        out += value.empty() ? kBlank : value;
        i = end + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

const std::vector<std::string>& CaseKeys() { return Data().case_keys; }

const std::vector<Template>& Templates() { return Data().templates; }

const Template* FindTemplate(std::string_view code) {
  for (const Template& t : Templates()) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

Result<PdfDocument> FillTemplate(const Template& t, const Values& values) {
  for (const TemplateInput& input : t.inputs) {
    if (input.required && Lookup(values, input.key).empty()) {
      return Status::Invalid(fmt::format("请填写「{}」", input.label)).WithField(input.key);
    }
  }
  PdfDocument doc{.agency_name = std::string(Lookup(values, "agency.name")),
                  .title = t.name,
                  .number = std::string(Lookup(values, "doc.number"))};
  for (const TemplateBlock& tb : t.blocks) {
    if (!tb.only_if.empty() && Lookup(values, tb.only_if).empty()) continue;
    Block b = tb.block;
    b.label = Substitute(b.label, values);
    b.text = Substitute(b.text, values);
    for (auto& row : b.rows) {
      for (std::string& cell : row) cell = Substitute(cell, values);
    }
    doc.blocks.push_back(std::move(b));
  }
  for (const Signature& s : t.signatures) {
    doc.signatures.push_back(Signature{.role = Substitute(s.role, values),
                                       .name = Substitute(s.name, values),
                                       .date = Substitute(s.date, values)});
  }
  if (t.seal) doc.seal_text = Substitute("{agency.name}（印章）", values);
  doc.date = Substitute(t.date, values);
  doc.footer = Substitute(t.footer, values);
  doc.verify_url = std::string(Lookup(values, "doc.verify_url"));
  if (std::string_view created = Lookup(values, "doc.created"); !created.empty()) {
    doc.created = std::string(created);
  }
  doc.draft = doc.number.empty();
  return doc;
}

std::string PlainText(const PdfDocument& d) {
  std::string out;
  auto line = [&out](std::string_view text) {
    out.append(text);
    out.push_back('\n');
  };
  if (!d.agency_name.empty()) line(d.agency_name);
  line(d.title);
  if (!d.number.empty()) line(d.number);
  for (const Block& b : d.blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        line(b.label);
        break;
      case Block::Kind::kParagraph:
        line(b.text);
        break;
      case Block::Kind::kField:
        line(b.label + ":" + b.text);
        break;
      case Block::Kind::kTable:
        for (const auto& row : b.rows) {
          std::string cells;
          for (const auto& c : row) cells += (cells.empty() ? "" : " | ") + c;
          line(cells);
        }
        break;
      case Block::Kind::kSpacer:
        break;
    }
  }
  for (const Signature& s : d.signatures) {
    line(fmt::format("{}:{} {}", s.role, s.name, s.date));
  }
  if (!d.seal_text.empty()) line(d.seal_text);
  if (!d.date.empty()) line(d.date);
  return out;
}

std::string DocumentNumber(std::string_view agency_prefix, const Template& t, int year,
                           int serial) {
  return fmt::format("{}{}〔{}〕{}号", agency_prefix, t.abbr, year, serial);
}

}  // namespace sx::render
