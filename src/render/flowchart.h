// The public enforcement flowchart (执法流程图): the case workflow of domain::TransitionTable()
// drawn as a standalone SVG document. The picture is laid out from the table itself, so it cannot
// drift from the rules the platform enforces.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case_flow.h"

namespace sx::render {

struct FlowchartOptions {
  std::string title = "行政处罚案件办理流程图";
};

struct Point {
  double x = 0;
  double y = 0;
};

struct Rect {
  double x = 0;  // left
  double y = 0;  // top
  double w = 0;
  double h = 0;
  double Right() const { return x + w; }
  double Bottom() const { return y + h; }
};

// Whether the interiors of `a` and `b` intersect (rectangles that only touch do not).
bool Overlaps(const Rect& a, const Rect& b);

// The approximate advance of UTF-8 `text` set in Noto Sans CJK at `font_size`: 1 em for each
// CJK (any non-ASCII) character, 0.55 em for each ASCII one.
double TextWidth(std::string_view text, double font_size);

enum class FlowColumn {
  kGrouped,  // left: end stages entered from many stages at once (已撤案, 已中止)
  kMain,     // middle: the main path, top to bottom
  kSide,     // right: the other stages, each beside the main stage of its rank
};

// One stage (办理阶段) as a box.
struct FlowBox {
  domain::CaseStage stage = domain::CaseStage::kLead;
  std::string label;  // CaseStageName
  Rect rect;
  FlowColumn column = FlowColumn::kMain;
  int row = 0;
  bool final = false;  // IsFinal: drawn rounded with a thick border
};

enum class EdgeKind {
  kStraight,  // down its column into the next box
  kLane,      // out of the side of its boxes to a vertical lane and back in: skips, returns, loops
  kGroup,     // from a bracket beside many stages into their common end stage (撤案, 中止)
  kReturn,    // from such an end stage back to the stage the case was in (恢复)
};

// One arrow: a transition (办理步骤) from one or more stages. A rule may be drawn as several
// arrows (e.g. a straight one down the main path and a lane from a stage further up).
struct FlowEdge {
  domain::TransitionRule rule{};  // the row drawn; its strings point where the table's did
  EdgeKind kind = EdgeKind::kLane;
  std::vector<domain::CaseStage> from;              // the stages the arrow leaves
  domain::CaseStage to = domain::CaseStage::kLead;  // rule.to
  std::vector<Point> path;                          // axis-parallel; the arrowhead is at the end
  std::vector<std::vector<Point>> branches;  // more sources joining `path`, or a group's bracket
  std::vector<Point> joints;                 // where branches meet `path`
  std::string label;                         // the step name, with a note on grouped arrows
  Rect label_box;
  bool main = false;  // a step along the main path
};

struct FlowchartLayout {
  std::vector<domain::CaseStage> main_path;  // top to bottom
  std::vector<FlowBox> boxes;                // main path first, then by row
  std::vector<FlowEdge> edges;
  Rect legend;                            // under the chart: sample boxes, then the notes
  std::vector<std::string> legend_notes;  // lines, wrapped to the legend's width
  double width = 0;
  double height = 0;
};

// The layered layout of `table`. The main path starts at the stage nothing leads into and
// follows, from each stage, the first row of the table (the table lists the steps in their
// ordinary course) that leads to a new stage from which an end can still be reached; it runs
// down the middle column. Every other stage takes the row of its rank (longest path from the
// start, back edges aside) in the side column. A rule from five or more stages into an end stage
// that nothing else enters (撤案, 中止) is drawn as one arrow from a bracket along those stages,
// and a self-loop on such a stage, its only way out, as the return to where the case was (恢复).
// Edges run in vertical lanes between the columns, so none crosses a box.
FlowchartLayout LayoutFlowchart(std::span<const domain::TransitionRule> table);

// The layout of `table` as a standalone SVG document (UTF-8, role="img", <title> and <desc>
// for screen readers; each step label's <title> cites its article). Deterministic.
std::string FlowchartSvg(std::span<const domain::TransitionRule> table,
                         const FlowchartOptions& opts = {});

}  // namespace sx::render
