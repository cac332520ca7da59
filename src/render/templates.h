// The standard enforcement documents (执法文书, RULES.md §2; 河南省 formats, 2016, with the
// 公积金 additions) as templates: blocks with {placeholder}s filled from case data and from what
// the officer types in. The set lives in data/documents/templates.json, embedded at build time.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "render/pdf.h"
#include "util/status.h"

namespace sx::render {

// A field the officer fills in for this document (询问地点, 问答记录 …).
struct TemplateInput {
  std::string key;    // "place"; never one of CaseKeys()
  std::string label;  // 询问地点
  bool multiline = false;
  bool required = true;
};

struct TemplateBlock {
  Block block = {};          // label, text and cells may hold {placeholder}s
  std::string only_if = {};  // a key: the block is left out when that value is missing or empty
};

struct Template {
  std::string code;  // penalty_decision
  std::string name;  // the title: 行政处罚决定书
  std::string abbr;  // in the 文号: 罚决
  std::vector<TemplateInput> inputs = {};
  std::vector<TemplateBlock> blocks = {};
  std::vector<Signature> signatures = {};  // role, name and date may hold {placeholder}s
  bool seal = false;                       // the agency's name and `date` at the bottom right
  std::string date = {};                   // {decision.date}
  std::string footer = {};
};

// The case data every template may use, supplied by the caller: agency.name, case.number,
// party.name, fine.amount_cn, remedy.text, today … (listed in the data file).
const std::vector<std::string>& CaseKeys();

// Besides case data and inputs, values may hold the document's own settings: doc.number (文号;
// without it the document is a draft), doc.verify_url, doc.created (see PdfDocument).
using Values = std::map<std::string, std::string, std::less<>>;

// All templates, in case-file order; parsed once from the embedded data.
const std::vector<Template>& Templates();
const Template* FindTemplate(std::string_view code);

// Fills `t` from `values` into a document ready for RenderPdf. Every {key} is replaced by its
// value, or by "________" (a blank to fill in by hand) when the value is missing or empty; values
// are not themselves searched for placeholders, and unused values are ignored. kInvalid naming
// the first missing required input (field = its key).
Result<PdfDocument> FillTemplate(const Template& t, const Values& values);

// The document as plain text (title, 文号, blocks, signatures and date, one paragraph per line):
// what a public disclosure of the document shows before redaction.
std::string PlainText(const PdfDocument& d);

// The 文号: DocumentNumber("郑公积金", penalty_decision, 2026, 3) → "郑公积金罚决〔2026〕3号".
std::string DocumentNumber(std::string_view agency_prefix, const Template& t, int year, int serial);

// The embedded data/documents/templates.json.
std::string_view TemplateData();

}  // namespace sx::render
