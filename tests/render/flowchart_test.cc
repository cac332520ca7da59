#include "render/flowchart.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace sx::render {
namespace {

using domain::CaseAction;
using domain::CaseStage;
using domain::Role;
using domain::StageBit;
using domain::TransitionRule;
using Tree = boost::property_tree::ptree;

Tree ParseXml(const std::string& xml) {
  std::istringstream in(xml);
  Tree tree;
  boost::property_tree::read_xml(in, tree);  // throws on malformed XML
  return tree;
}

std::string Attr(const Tree& node, const std::string& name) {
  return node.get<std::string>("<xmlattr>." + name, "");
}

// Every element named `name` under `node`, in document order.
void Collect(const Tree& node, std::string_view name, std::vector<const Tree*>& out) {
  for (const auto& [key, child] : node) {
    if (key == name) out.push_back(&child);
    if (key != "<xmlattr>") Collect(child, name, out);
  }
}

std::vector<const Tree*> All(const Tree& node, std::string_view name) {
  std::vector<const Tree*> out;
  Collect(node, name, out);
  return out;
}

std::vector<CaseStage> StagesOf(std::uint32_t bits) {
  std::vector<CaseStage> out;
  for (int i = 0; i < domain::kCaseStageCount; ++i) {
    if (bits & (1u << i)) out.push_back(static_cast<CaseStage>(i));
  }
  return out;
}

std::uint32_t PresentStages(std::span<const TransitionRule> table) {
  std::uint32_t bits = 0;
  for (const TransitionRule& r : table) bits |= r.from | StageBit(r.to);
  return bits;
}

const FlowBox* BoxOf(const FlowchartLayout& layout, CaseStage s) {
  for (const FlowBox& b : layout.boxes) {
    if (b.stage == s) return &b;
  }
  return nullptr;
}

// Three stages, two steps: the smallest workflow that still has a path.
constexpr TransitionRule kSmallTable[] = {
    {CaseAction::kFile, "file", "立案", StageBit(CaseStage::kLead), CaseStage::kInvestigation,
     Role::kOfficer, "行政处罚法 第54条", "", true},
    {CaseAction::kFinishInvestigation, "finish_investigation", "调查终结",
     StageBit(CaseStage::kInvestigation), CaseStage::kInvestigated, Role::kOfficer,
     "行政处罚法 第55条", "", true},
};

TEST(FlowchartTest, IsAWellFormedAccessibleSvgDocument) {
  const std::string svg = FlowchartSvg(domain::TransitionTable());
  const Tree doc = ParseXml(svg);
  const Tree& root = doc.get_child("svg");
  EXPECT_EQ(Attr(root, "xmlns"), "http://www.w3.org/2000/svg");
  EXPECT_EQ(Attr(root, "role"), "img");
  EXPECT_EQ(Attr(root, "aria-labelledby"), "flowchart-title flowchart-desc");
  EXPECT_EQ(Attr(root, "font-family"), "Noto Sans CJK SC, sans-serif");
  const FlowchartLayout layout = LayoutFlowchart(domain::TransitionTable());
  std::istringstream box(Attr(root, "viewBox"));
  double x = -1, y = -1, w = 0, h = 0;
  box >> x >> y >> w >> h;
  EXPECT_EQ(x, 0);
  EXPECT_EQ(y, 0);
  EXPECT_GE(w, layout.width);
  EXPECT_EQ(h, layout.height);

  EXPECT_EQ(root.get<std::string>("title"), "行政处罚案件办理流程图");
  EXPECT_EQ(Attr(root.get_child("title"), "id"), "flowchart-title");
  EXPECT_EQ(Attr(root.get_child("desc"), "id"), "flowchart-desc");
  // The description reads the main path in order, then names every stage and every step.
  const std::string desc = root.get<std::string>("desc");
  std::size_t at = 0;
  for (CaseStage s : layout.main_path) {
    const std::size_t found = desc.find(domain::CaseStageName(s), at);
    ASSERT_NE(found, std::string::npos) << domain::CaseStageName(s);
    at = found;
  }
  for (CaseStage s : StagesOf(PresentStages(domain::TransitionTable()))) {
    EXPECT_NE(desc.find(domain::CaseStageName(s)), std::string::npos) << domain::CaseStageName(s);
  }
  for (const TransitionRule& r : domain::TransitionTable()) {
    EXPECT_NE(desc.find(std::string(r.name) + ":"), std::string::npos) << r.name;
    EXPECT_NE(desc.find(r.article), std::string::npos) << r.article;
  }
}

TEST(FlowchartTest, TitleOptionIsEscaped) {
  const std::string title = R"(A&B <流程> "图" 'x')";
  const std::string svg = FlowchartSvg(domain::TransitionTable(), {.title = title});
  EXPECT_EQ(svg.find(title), std::string::npos);
  const Tree doc = ParseXml(svg);
  EXPECT_EQ(doc.get<std::string>("svg.title"), title);
}

TEST(FlowchartTest, StepNamesAreEscaped) {
  TransitionRule rules[] = {kSmallTable[0], kSmallTable[1]};
  rules[0].name = R"(立案 <&"'>)";
  const Tree doc = ParseXml(FlowchartSvg(rules));
  bool found = false;
  for (const Tree* text : All(doc, "text")) found |= text->data() == rules[0].name;
  EXPECT_TRUE(found);
}

TEST(FlowchartTest, EveryStageInTheTableHasABox) {
  const auto table = domain::TransitionTable();
  const FlowchartLayout layout = LayoutFlowchart(table);
  const Tree doc = ParseXml(FlowchartSvg(table));
  std::set<std::string> drawn;
  for (const Tree* g : All(doc, "g")) {
    if (Attr(*g, "class") != "stage") continue;
    ASSERT_EQ(g->count("rect"), 1u);
    drawn.insert(g->get<std::string>("text"));
  }
  const auto stages = StagesOf(PresentStages(table));
  EXPECT_EQ(stages.size(), static_cast<std::size_t>(domain::kCaseStageCount));
  EXPECT_EQ(layout.boxes.size(), stages.size());
  EXPECT_EQ(drawn.size(), stages.size());
  for (CaseStage s : stages) {
    const FlowBox* box = BoxOf(layout, s);
    ASSERT_NE(box, nullptr) << domain::CaseStageName(s);
    EXPECT_EQ(box->label, domain::CaseStageName(s));
    EXPECT_EQ(box->final, domain::IsFinal(s));
    EXPECT_TRUE(drawn.contains(std::string(domain::CaseStageName(s))));
    // The label fits its box.
    EXPECT_GE(box->rect.w, TextWidth(box->label, 15) + 20) << box->label;
  }
}

TEST(FlowchartTest, FinalStagesAreDrawnDistinctly) {
  const Tree doc = ParseXml(FlowchartSvg(domain::TransitionTable()));
  for (const Tree* g : All(doc, "g")) {
    if (Attr(*g, "class") != "stage") continue;
    const CaseStage s = *domain::ParseCaseStage(Attr(*g, "data-stage"));
    const Tree& rect = g->get_child("rect");
    if (domain::IsFinal(s)) {
      EXPECT_EQ(Attr(rect, "stroke-width"), "3") << Attr(*g, "data-stage");
      EXPECT_NE(Attr(rect, "rx"), "4");
    } else {
      EXPECT_EQ(Attr(rect, "stroke-width"), "1.5") << Attr(*g, "data-stage");
    }
  }
}

TEST(FlowchartTest, EveryStepIsALabelledArrowCitingItsArticle) {
  const auto table = domain::TransitionTable();
  const Tree doc = ParseXml(FlowchartSvg(table));
  std::set<std::string> arrows;
  for (const Tree* g : All(doc, "g")) {
    if (Attr(*g, "class") != "edge") continue;
    bool headed = false;
    for (const auto& [key, child] : *g) {
      if (key == "path" && Attr(child, "marker-end").starts_with("url(#arrow")) headed = true;
    }
    EXPECT_TRUE(headed) << Attr(*g, "data-action");
    arrows.insert(Attr(*g, "data-action"));
  }
  std::multiset<std::string> labelled;
  for (const Tree* text : All(doc, "text")) {
    if (Attr(*text, "class") != "step-label") continue;
    const std::string action = Attr(*text, "data-action");
    const TransitionRule& r = domain::RuleOf(*domain::ParseCaseAction(action));
    EXPECT_TRUE(text->data().starts_with(r.name)) << text->data();
    const std::string tooltip = text->get<std::string>("title");
    EXPECT_NE(tooltip.find(r.article), std::string::npos) << tooltip;
    EXPECT_NE(tooltip.find(domain::RoleName(r.role)), std::string::npos) << tooltip;
    labelled.insert(action);
  }
  for (const TransitionRule& r : table) {
    EXPECT_TRUE(arrows.contains(std::string(r.code))) << r.code;
    EXPECT_GE(labelled.count(std::string(r.code)), 1u) << r.code;
  }
}

TEST(FlowchartTest, MainPathRunsDownTheMiddle) {
  const FlowchartLayout layout = LayoutFlowchart(domain::TransitionTable());
  const std::vector<CaseStage> expected = {
      CaseStage::kLead,     CaseStage::kInvestigation, CaseStage::kInvestigated,
      CaseStage::kReview,   CaseStage::kReviewed,      CaseStage::kNotice,
      CaseStage::kHearing,  CaseStage::kDecided,       CaseStage::kServed,
      CaseStage::kExecuted, CaseStage::kClosed,        CaseStage::kArchived};
  EXPECT_EQ(layout.main_path, expected);
  const FlowBox* prev = nullptr;
  for (CaseStage s : layout.main_path) {
    const FlowBox* box = BoxOf(layout, s);
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->column, FlowColumn::kMain);
    if (prev != nullptr) {
      EXPECT_EQ(box->rect.x + box->rect.w / 2, prev->rect.x + prev->rect.w / 2);
      EXPECT_GT(box->rect.y, prev->rect.Bottom());
    }
    prev = box;
  }
  for (CaseStage s :
       {CaseStage::kNotFiled, CaseStage::kDiscussion, CaseStage::kEnforcement, CaseStage::kCourt}) {
    EXPECT_EQ(BoxOf(layout, s)->column, FlowColumn::kSide) << domain::CaseStageName(s);
  }
  for (CaseStage s : {CaseStage::kWithdrawn, CaseStage::kSuspended}) {
    EXPECT_EQ(BoxOf(layout, s)->column, FlowColumn::kGrouped) << domain::CaseStageName(s);
  }
  // Each side stage sits below the stages that lead into it along the table's order.
  EXPECT_GT(BoxOf(layout, CaseStage::kCourt)->rect.y,
            BoxOf(layout, CaseStage::kEnforcement)->rect.y);
  EXPECT_GT(BoxOf(layout, CaseStage::kEnforcement)->rect.y,
            BoxOf(layout, CaseStage::kServed)->rect.y);
}

TEST(FlowchartTest, ManyToOneStepsAreGroupedAndSpelledOutInTheLegend) {
  const FlowchartLayout layout = LayoutFlowchart(domain::TransitionTable());
  std::string legend;
  for (const std::string& line : layout.legend_notes) legend += line;
  for (CaseAction a : {CaseAction::kWithdraw, CaseAction::kSuspend}) {
    const TransitionRule& r = domain::RuleOf(a);
    const auto grouped = std::count_if(
        layout.edges.begin(), layout.edges.end(),
        [&](const FlowEdge& e) { return e.rule.action == a && e.kind == EdgeKind::kGroup; });
    EXPECT_EQ(grouped, 1) << r.name;
    for (CaseStage s : StagesOf(r.from)) {
      EXPECT_NE(legend.find(domain::CaseStageName(s)), std::string::npos)
          << domain::CaseStageName(s);
    }
    EXPECT_NE(legend.find(r.article), std::string::npos);
  }
  const auto back = std::find_if(layout.edges.begin(), layout.edges.end(), [](const FlowEdge& e) {
    return e.rule.action == CaseAction::kResume;
  });
  ASSERT_NE(back, layout.edges.end());
  EXPECT_EQ(back->kind, EdgeKind::kReturn);
  EXPECT_NE(legend.find("恢复"), std::string::npos);
}

// Two side stages at one rank, a loop, a lane from a side stage into the main path and one
// from two stages into a side stage: the cases the real table does not all have at once.
constexpr TransitionRule kBranchyTable[] = {
    {CaseAction::kFile, "file", "立案", StageBit(CaseStage::kLead), CaseStage::kInvestigation,
     Role::kOfficer, "第54条", "", true},
    {CaseAction::kDecline, "decline", "不予立案", StageBit(CaseStage::kLead), CaseStage::kNotFiled,
     Role::kUnitHead, "第54条", "", false},
    {CaseAction::kDecideOnSpot, "decide_on_spot", "当场处罚", StageBit(CaseStage::kLead),
     CaseStage::kServed, Role::kOfficer, "第51条", "", true},
    {CaseAction::kSeize, "seize", "查封扣押", StageBit(CaseStage::kInvestigation),
     CaseStage::kInvestigation, Role::kOfficer, "行政强制法 第18条", "", true},
    {CaseAction::kFinishInvestigation, "finish_investigation", "调查终结",
     StageBit(CaseStage::kInvestigation), CaseStage::kInvestigated, Role::kOfficer, "第55条", "",
     true},
    {CaseAction::kWithdraw, "withdraw", "撤案",
     StageBit(CaseStage::kInvestigation) | StageBit(CaseStage::kInvestigated),
     CaseStage::kWithdrawn, Role::kLeader, "第57条", "", false},
    {CaseAction::kClose, "close", "结案",
     StageBit(CaseStage::kInvestigated) | StageBit(CaseStage::kServed), CaseStage::kClosed,
     Role::kOfficer, "第47条", "", false},
    {CaseAction::kArchive, "archive", "归档", StageBit(CaseStage::kClosed), CaseStage::kArchived,
     Role::kUnitHead, "第47条", "", false},
};

class FlowchartGeometryTest : public ::testing::TestWithParam<std::span<const TransitionRule>> {};

INSTANTIATE_TEST_SUITE_P(Tables, FlowchartGeometryTest,
                         ::testing::Values(domain::TransitionTable(),
                                           std::span<const TransitionRule>(kSmallTable),
                                           std::span<const TransitionRule>(kBranchyTable)));

TEST_P(FlowchartGeometryTest, NothingOverlaps) {
  const FlowchartLayout layout = LayoutFlowchart(GetParam());
  const auto& boxes = layout.boxes;
  EXPECT_EQ(boxes.size(), StagesOf(PresentStages(GetParam())).size());
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    EXPECT_GE(boxes[i].rect.x, 0);
    EXPECT_LE(boxes[i].rect.Right(), layout.width);
    EXPECT_LE(boxes[i].rect.Bottom(), layout.legend.y);
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      EXPECT_FALSE(Overlaps(boxes[i].rect, boxes[j].rect))
          << boxes[i].label << " and " << boxes[j].label;
    }
  }
  for (std::size_t i = 0; i < layout.edges.size(); ++i) {
    const FlowEdge& e = layout.edges[i];
    EXPECT_GE(e.label_box.x, 0) << e.label;
    EXPECT_LE(e.label_box.Right(), layout.width) << e.label;
    EXPECT_LE(e.label_box.Bottom(), layout.legend.y) << e.label;
    EXPECT_GE(e.label_box.w, TextWidth(e.label, 12)) << e.label;
    for (const FlowBox& b : boxes) {
      EXPECT_FALSE(Overlaps(e.label_box, b.rect)) << e.label << " on " << b.label;
    }
    for (std::size_t j = i + 1; j < layout.edges.size(); ++j) {
      EXPECT_FALSE(Overlaps(e.label_box, layout.edges[j].label_box))
          << e.label << " and " << layout.edges[j].label;
    }
  }
}

// Segments may end on a box's border but never run through its inside.
TEST_P(FlowchartGeometryTest, ArrowsGoAroundBoxes) {
  const FlowchartLayout layout = LayoutFlowchart(GetParam());
  auto check = [&](const std::vector<Point>& line, const FlowEdge& e) {
    for (std::size_t i = 1; i < line.size(); ++i) {
      const Point a = line[i - 1], b = line[i];
      EXPECT_TRUE(a.x == b.x || a.y == b.y) << e.label;
      const Rect seg{std::min(a.x, b.x), std::min(a.y, b.y), std::abs(a.x - b.x),
                     std::abs(a.y - b.y)};
      for (const FlowBox& box : layout.boxes) {
        const Rect inside{box.rect.x + 0.5, box.rect.y + 0.5, box.rect.w - 1, box.rect.h - 1};
        const bool through = seg.x <= inside.Right() && inside.x <= seg.Right() &&
                             seg.y <= inside.Bottom() && inside.y <= seg.Bottom();
        EXPECT_FALSE(through) << e.label << " through " << box.label;
      }
    }
  };
  for (const FlowEdge& e : layout.edges) {
    ASSERT_GE(e.path.size(), 2u) << e.label;
    check(e.path, e);
    for (const auto& b : e.branches) check(b, e);
  }
}

// Every (stage, step) pair of the table is drawn: by its own arrow, a branch joining one, or the
// bracket of a grouped arrow.
TEST_P(FlowchartGeometryTest, EveryTransitionLeavesEveryStageItNames) {
  const FlowchartLayout layout = LayoutFlowchart(GetParam());
  for (const TransitionRule& r : GetParam()) {
    for (CaseStage s : StagesOf(r.from)) {
      const bool drawn =
          std::any_of(layout.edges.begin(), layout.edges.end(), [&](const FlowEdge& e) {
            return e.rule.action == r.action &&
                   std::find(e.from.begin(), e.from.end(), s) != e.from.end();
          });
      EXPECT_TRUE(drawn) << r.name << " from " << domain::CaseStageName(s);
    }
  }
  ParseXml(FlowchartSvg(GetParam()));
}

TEST(FlowchartTest, SideStagesOfOneRankTakeRowsOfTheirOwn) {
  const FlowchartLayout layout = LayoutFlowchart(kBranchyTable);
  EXPECT_EQ(layout.main_path, (std::vector<CaseStage>{CaseStage::kLead, CaseStage::kInvestigation,
                                                      CaseStage::kInvestigated, CaseStage::kClosed,
                                                      CaseStage::kArchived}));
  const FlowBox* not_filed = BoxOf(layout, CaseStage::kNotFiled);
  const FlowBox* served = BoxOf(layout, CaseStage::kServed);
  ASSERT_NE(not_filed, nullptr);
  ASSERT_NE(served, nullptr);
  EXPECT_EQ(not_filed->column, FlowColumn::kSide);
  EXPECT_EQ(served->column, FlowColumn::kSide);
  EXPECT_NE(not_filed->row, served->row);
  // Two sources are not many: 撤案 is an ordinary arrow here.
  for (const FlowEdge& e : layout.edges) EXPECT_NE(e.kind, EdgeKind::kGroup) << e.label;
}

TEST(FlowchartTest, IsDrawnFromTheTableGiven) {
  const FlowchartLayout small = LayoutFlowchart(kSmallTable);
  ASSERT_EQ(small.boxes.size(), 3u);
  EXPECT_EQ(small.edges.size(), 2u);
  EXPECT_EQ(small.main_path, (std::vector<CaseStage>{CaseStage::kLead, CaseStage::kInvestigation,
                                                     CaseStage::kInvestigated}));
  for (const FlowEdge& e : small.edges) {
    EXPECT_EQ(e.kind, EdgeKind::kStraight);
    EXPECT_TRUE(e.main);
  }
  const std::string svg = FlowchartSvg(kSmallTable);
  EXPECT_NE(svg, FlowchartSvg(domain::TransitionTable()));
  ParseXml(svg);
  EXPECT_NE(svg.find(">立案<"), std::string::npos);
  EXPECT_NE(svg.find("行政处罚法 第55条"), std::string::npos);
  EXPECT_EQ(svg.find("归档"), std::string::npos);
  EXPECT_LT(small.height, LayoutFlowchart(domain::TransitionTable()).height);

  // Renaming a step renames its arrow.
  TransitionRule renamed[] = {kSmallTable[0], kSmallTable[1]};
  renamed[1].name = "制作调查终结报告";
  EXPECT_NE(FlowchartSvg(renamed).find(">制作调查终结报告<"), std::string::npos);
}

TEST(FlowchartTest, IsDeterministic) {
  EXPECT_EQ(FlowchartSvg(domain::TransitionTable()), FlowchartSvg(domain::TransitionTable()));
}

TEST(FlowchartTest, EmptyTableIsStillAValidDocument) {
  const Tree doc = ParseXml(FlowchartSvg({}));
  EXPECT_EQ(doc.get<std::string>("svg.title"), "行政处罚案件办理流程图");
}

TEST(FlowchartTest, TextWidthCountsCjkAsOneEm) {
  EXPECT_DOUBLE_EQ(TextWidth("立案", 10), 20);
  EXPECT_DOUBLE_EQ(TextWidth("ab", 10), 11);
  EXPECT_DOUBLE_EQ(TextWidth("第54条", 10), 31);
}

}  // namespace
}  // namespace sx::render
