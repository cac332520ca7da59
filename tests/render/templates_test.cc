#include "render/templates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/documents.h"
#include "render/test_values.h"

namespace sx::render {
namespace {

using testing::CaseValues;
using testing::FullValues;

// The {key}s in `text`.
std::vector<std::string> Placeholders(const std::string& text) {
  std::vector<std::string> keys;
  for (std::size_t open = text.find('{'); open != std::string::npos;
       open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    keys.push_back(text.substr(open + 1, close - open - 1));
  }
  return keys;
}

std::vector<std::string> Placeholders(const Template& t) {
  std::vector<std::string> texts = {t.date, t.footer};
  for (const TemplateBlock& b : t.blocks) {
    texts.push_back(b.block.label);
    texts.push_back(b.block.text);
    for (const auto& row : b.block.rows) texts.insert(texts.end(), row.begin(), row.end());
  }
  for (const Signature& s : t.signatures) texts.insert(texts.end(), {s.role, s.name, s.date});
  std::vector<std::string> keys;
  for (const std::string& text : texts) {
    for (std::string& key : Placeholders(text)) keys.push_back(std::move(key));
  }
  return keys;
}

// All the text of a filled document, in order.
std::string AllText(const PdfDocument& doc) {
  std::string out = doc.agency_name + doc.title + doc.number;
  for (const Block& b : doc.blocks) {
    out += b.label + b.text;
    for (const auto& row : b.rows) {
      for (const std::string& cell : row) out += cell;
    }
  }
  for (const Signature& s : doc.signatures) out += s.role + s.name + s.date;
  return out + doc.seal_text + doc.date + doc.footer;
}

TEST(Templates, TheStandardSet) {  // RULES.md §2
  struct Want {
    const char* code;
    const char* name;
    const char* abbr;
  };
  const Want want[] = {
      {"filing_approval", "立案审批表", "立审"},
      {"inquiry_record", "询问笔录", "询"},
      {"inspection_record", "现场检查笔录", "检"},
      {"seizure_decision", "查封（扣押）决定书", "查扣"},
      {"order_notice", "责令限期办理（缴存）通知书", "责通"},
      {"investigation_report", "案件调查终结报告", "调终"},
      {"penalty_notice", "行政处罚事先告知书", "罚告"},
      {"hearing_notice", "听证告知书", "听告"},
      {"hearing_record", "听证笔录", "听录"},
      {"statement_record", "陈述申辩笔录", "陈申"},
      {"legal_review_opinion", "法制审核意见书", "法审"},
      {"discussion_record", "重大复杂案件集体讨论笔录", "集讨"},
      {"penalty_decision", "行政处罚决定书", "罚决"},
      {"no_penalty_decision", "不予行政处罚决定书", "不罚"},
      {"on_spot_decision", "当场行政处罚决定书", "当罚"},
      {"transfer_letter", "案件移送函", "移"},
      {"service_receipt", "送达回证", "送"},
      {"reminder", "催告书", "催"},
      {"enforcement_application", "强制执行申请书", "强申"},
      {"closing_approval", "结案审批表", "结审"},
      {"withdrawal_approval", "撤销立案审批表", "撤审"},
  };
  ASSERT_EQ(Templates().size(), std::size(want));
  for (std::size_t i = 0; i < std::size(want); ++i) {
    const Template& t = Templates()[i];
    EXPECT_EQ(t.code, want[i].code);
    EXPECT_EQ(t.name, want[i].name);
    EXPECT_EQ(t.abbr, want[i].abbr);
    EXPECT_EQ(FindTemplate(want[i].code), &t);
  }
  EXPECT_EQ(FindTemplate("nonexistent"), nullptr);
}

// Titles print full-width brackets; the workflow's names may use ASCII ones.
std::string FullWidthBrackets(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '(') {
      out += "（";
    } else if (c == ')') {
      out += "）";
    } else {
      out += c;
    }
  }
  return out;
}

// The workflow's document kinds (domain/documents.h) each have a template of the same title.
TEST(Templates, MatchTheWorkflowsDocumentKinds) {
  for (const domain::DocumentKind& kind : domain::DocumentKinds()) {
    const Template* t = FindTemplate(kind.code);
    ASSERT_NE(t, nullptr) << kind.code;
    EXPECT_EQ(t->name, FullWidthBrackets(kind.name));
  }
}

// Every placeholder is case data, an input of the template or a document setting, and every
// input is printed somewhere: a typo in the data file fails here.
TEST(Templates, PlaceholdersAreKnownAndInputsUsed) {
  const auto& case_keys = CaseKeys();
  for (const Template& t : Templates()) {
    const std::vector<std::string> used = Placeholders(t);
    std::set<std::string> inputs;
    for (const TemplateInput& in : t.inputs) {
      EXPECT_TRUE(inputs.insert(in.key).second) << t.code << ": input " << in.key << " twice";
      EXPECT_NE(std::find(used.begin(), used.end(), in.key), used.end())
          << t.code << ": input " << in.key << " is never printed";
    }
    for (const std::string& key : used) {
      const bool known = inputs.contains(key) ||
                         std::find(case_keys.begin(), case_keys.end(), key) != case_keys.end();
      EXPECT_TRUE(known) << t.code << ": unknown placeholder {" << key << "}";
    }
    for (const TemplateBlock& b : t.blocks) {
      if (b.only_if.empty()) continue;
      const bool known = inputs.contains(b.only_if) || std::find(case_keys.begin(), case_keys.end(),
                                                                 b.only_if) != case_keys.end();
      EXPECT_TRUE(known) << t.code << ": unknown key in \"if\": " << b.only_if;
    }
  }
}

TEST(Templates, EveryCaseKeyIsUsedSomewhere) {
  std::set<std::string> used;
  for (const Template& t : Templates()) {
    for (std::string& key : Placeholders(t)) used.insert(std::move(key));
  }
  for (const std::string& key : CaseKeys()) {
    if (key == "power.name" || key == "power.category") continue;  // for listings, not letters
    EXPECT_TRUE(used.contains(key)) << key;
  }
}

TEST(FillTemplate, SubstitutesOncePrintsBlanksAndDropsOptionalBlocks) {
  const Template* t = FindTemplate("penalty_decision");
  ASSERT_NE(t, nullptr);
  Values v = FullValues(*t);
  v["facts"] = "{party.name} 与 {evidence} 原样保留。";  // values are not searched again
  v.erase("payment.text");
  v["party.representative"] = "";  // an individual: no 法定代表人 line
  v["unrelated.key"] = "ignored";
  auto doc = FillTemplate(*t, v);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const std::string text = AllText(*doc);
  EXPECT_NE(text.find("{party.name} 与 {evidence} 原样保留。"), std::string::npos);
  EXPECT_NE(text.find("缴款方式：________。"), std::string::npos);
  EXPECT_EQ(text.find("法定代表人"), std::string::npos);
  EXPECT_EQ(text.find("ignored"), std::string::npos);
  EXPECT_TRUE(doc->draft) << "no 文号 yet";
  EXPECT_EQ(doc->seal_text, "郑州住房公积金管理中心（印章）");
  EXPECT_EQ(doc->date, "2026年11月28日");
  EXPECT_EQ(doc->footer, "郑州住房公积金管理中心  案件编号：郑公积金立〔2026〕12号");
}

TEST(FillTemplate, DocumentSettingsFromValues) {
  const Template* t = FindTemplate("service_receipt");
  Values v = FullValues(*t);
  v["doc.number"] = DocumentNumber("郑公积金", *t, 2026, 7);
  v["doc.verify_url"] = "https://gjj.zhengzhou.example/v/1";
  v["doc.created"] = "2026-11-28T09:00:00+08:00";
  auto doc = FillTemplate(*t, v);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->number, "郑公积金送〔2026〕7号");
  EXPECT_EQ(doc->verify_url, "https://gjj.zhengzhou.example/v/1");
  EXPECT_EQ(doc->created, "2026-11-28T09:00:00+08:00");
  EXPECT_FALSE(doc->draft);
}

// 行政处罚法 第59条: what a 行政处罚决定书 must state.
TEST(FillTemplate, PenaltyDecisionStatesWhatTheLawRequires) {
  const Template* t = FindTemplate("penalty_decision");
  const Values case_values = CaseValues();
  Values v = FullValues(*t);
  const std::string text = AllText(*FillTemplate(*t, v));
  for (const char* key : {"party.name", "party.id_number", "party.address", "party.representative",
                          "facts", "power.basis", "fine.amount_cn", "payment.text", "deadline.text",
                          "remedy.text", "decision.date", "agency.name"}) {
    EXPECT_NE(text.find(case_values.at(key)), std::string::npos) << key;
  }
  for (const char* want : {"证据", "罚款人民币30000元", "第六十七条", "十五日内", "第七十二条",
                           "百分之三", "不超出罚款的数额", "不停止执行"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want;
  }
}

TEST(FillTemplate, ApprovalFormsAreTablesWithTheThreeOpinions) {
  for (const char* code : {"filing_approval", "closing_approval", "withdrawal_approval"}) {
    const Template* t = FindTemplate(code);
    auto doc = FillTemplate(*t, FullValues(*t));
    ASSERT_TRUE(doc.ok());
    ASSERT_EQ(doc->blocks.size(), 1u);
    const Block& table = doc->blocks[0];
    ASSERT_EQ(table.kind, Block::Kind::kTable);
    std::vector<std::string> labels;
    for (const auto& row : table.rows) {
      ASSERT_EQ(row.size(), 2u);
      labels.push_back(row[0]);
    }
    for (const char* opinion : {"承办人意见", "承办机构负责人意见", "机关负责人意见"}) {
      EXPECT_NE(std::find(labels.begin(), labels.end(), opinion), labels.end())
          << code << " " << opinion;
    }
  }
}

}  // namespace
}  // namespace sx::render
