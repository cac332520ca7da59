#include "render/flowchart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <tuple>

namespace sx::render {

namespace {

using domain::CaseStage;
using domain::TransitionRule;

constexpr int kStages = domain::kCaseStageCount;
constexpr int kGroupMinSources = 5;  // from this many stages a rule is drawn as one grouped arrow

constexpr double kMargin = 24;
constexpr double kTitleHeight = 48;  // the visible title above the chart
constexpr double kStageFont = 15;
constexpr double kLabelFont = 12;
constexpr double kNoteFont = 12.5;
constexpr double kBoxHeight = 48;
constexpr double kRowPitch = 88;
constexpr double kBoxPad = 18;
constexpr double kMinBoxWidth = 96;
constexpr double kLaneStep = 14;
constexpr double kPortStep = 12;
constexpr double kLoopGap = 20;  // from a box to its innermost loop
constexpr double kLoopStep = 8;
constexpr double kLabelPad = 4;
constexpr double kLabelHeight = 17;
constexpr double kLineHeight = 21;
constexpr double kSampleRow = 40;  // the legend's row of sample boxes

int Index(CaseStage s) { return static_cast<int>(s); }
CaseStage StageAt(int i) { return static_cast<CaseStage>(i); }
std::uint32_t Bit(int i) { return 1u << i; }
bool Has(std::uint32_t bits, int i) { return (bits >> i) & 1u; }

std::vector<int> Members(std::uint32_t bits) {
  std::vector<int> out;
  for (int i = 0; i < kStages; ++i) {
    if (Has(bits, i)) out.push_back(i);
  }
  return out;
}

// The stages a rule leaves other than the one it leads to.
std::uint32_t Sources(const TransitionRule& r) { return r.from & ~domain::StageBit(r.to); }

// Code points of UTF-8 `text`, each as its bytes.
std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    len = std::min(len, text.size() - i);
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

std::vector<std::string> Wrap(std::string_view text, double font_size, double max_width) {
  std::vector<std::string> lines(1);
  double width = 0;
  for (std::string_view cp : CodePoints(text)) {
    const double w = TextWidth(cp, font_size);
    if (width + w > max_width && !lines.back().empty()) {
      lines.emplace_back();
      width = 0;
    }
    lines.back() += cp;
    width += w;
  }
  return lines;
}

std::string Join(const std::vector<int>& stages, std::string_view sep) {
  std::string out;
  for (int s : stages) {
    if (!out.empty()) out += sep;
    out += domain::CaseStageName(StageAt(s));
  }
  return out;
}

// The workflow as a graph: which rules are drawn grouped, and the ordinary edges between stages.
struct Graph {
  std::span<const TransitionRule> table;
  std::uint32_t present = 0;  // stages in the table
  std::uint32_t grouped = 0;  // end stages entered only by grouped rules
  std::vector<char> group;    // per rule: drawn as a grouped arrow
  std::vector<char> back_to;  // per rule: the return from a grouped end stage
  std::array<std::vector<std::pair<int, int>>, kStages> out;  // (to, rule), in table order

  explicit Graph(std::span<const TransitionRule> t)
      : table(t), group(t.size(), 0), back_to(t.size(), 0) {
    for (const TransitionRule& r : table) present |= r.from | domain::StageBit(r.to);
    for (int s : Members(present)) {
      bool entered = false;
      bool by_many_only = true;
      bool left = false;
      for (const TransitionRule& r : table) {
        if (Index(r.to) == s && Sources(r) != 0) {
          entered = true;
          by_many_only = by_many_only && std::popcount(Sources(r)) >= kGroupMinSources;
        }
        if (Has(r.from, s) && Index(r.to) != s) left = true;
      }
      if (entered && by_many_only && !left) grouped |= Bit(s);
    }
    for (std::size_t i = 0; i < table.size(); ++i) {
      const TransitionRule& r = table[i];
      if (!Has(grouped, Index(r.to))) continue;
      // A self-loop on a grouped end stage is its only way out: back to where the case was.
      if (Sources(r) != 0) {
        group[i] = 1;
      } else if (r.from != 0) {
        back_to[i] = 1;
      }
    }
    for (std::size_t i = 0; i < table.size(); ++i) {
      if (group[i] || back_to[i]) continue;
      for (int s : Members(Sources(table[i]))) {
        out[s].emplace_back(Index(table[i].to), static_cast<int>(i));
      }
    }
  }

  std::uint32_t Nodes() const { return present & ~grouped; }
  bool Ends(int s) const { return domain::IsFinal(StageAt(s)) || out[s].empty(); }

  bool ReachesEnd(int from, std::uint32_t avoid) const {
    std::uint32_t seen = avoid | Bit(from);
    std::vector<int> todo = {from};
    while (!todo.empty()) {
      const int s = todo.back();
      todo.pop_back();
      if (Ends(s)) return true;
      for (auto [to, rule] : out[s]) {
        if (!Has(seen, to)) {
          seen |= Bit(to);
          todo.push_back(to);
        }
      }
    }
    return false;
  }

  int Start() const {
    std::uint32_t entered = 0;
    for (int s = 0; s < kStages; ++s) {
      for (auto [to, rule] : out[s]) entered |= Bit(to);
    }
    for (int s : Members(Nodes())) {
      if (!Has(entered, s)) return s;
    }
    return Members(Nodes()).front();
  }

  std::vector<int> MainPath() const {
    std::vector<int> path = {Start()};
    std::uint32_t on = Bit(path.back());
    while (!domain::IsFinal(StageAt(path.back()))) {
      int next = -1;
      int end = -1;
      for (auto [to, rule] : out[path.back()]) {
        if (Has(on, to)) continue;
        if (Ends(to)) {
          if (end < 0) end = to;
        } else if (ReachesEnd(to, on)) {
          next = to;
          break;
        }
      }
      if (next < 0) next = end;
      if (next < 0) break;
      path.push_back(next);
      on |= Bit(next);
    }
    return path;
  }
};

// Where a lane runs: left of the main column (skips down it), between the main and the side
// column, right of the side column (loops on side stages), and close beside a main stage (loops).
enum class Region { kLeft, kRight, kFarRight, kLoop };
constexpr int kRegions = 4;

// What to draw for one rule (or part of one), before coordinates.
struct Plan {
  int rule = 0;
  EdgeKind kind = EdgeKind::kLane;
  Region region = Region::kRight;
  std::vector<int> sources = {};
  int target = 0;
  std::vector<double> exit_y = {};  // per source, kLane
  double entry_y = 0;
  int lane = 0;         // kLane: in its region, 0 nearest the main column; kGroup: bracket
  double offset = 0;    // kStraight: beside another straight arrow between the same boxes
  int group_plan = -1;  // kReturn: the grouped arrow it returns along
};

struct Port {
  int plan;
  int source;  // index into the plan's sources; -1 for the entry
  int band;    // 0 towards a box above, 1 a loop, 2 towards a box below
  double reach;
};

bool Crosses(Point a, Point b, const Rect& r) {
  const double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
  const double y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  return x1 > r.x && x0 < r.Right() && y1 > r.y && y0 < r.Bottom();
}

Rect Inflate(const Rect& r, double d) { return {r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d}; }

// Removes repeated and collinear points.
std::vector<Point> Simplify(const std::vector<Point>& in) {
  std::vector<Point> out;
  for (Point p : in) {
    if (!out.empty() && out.back().x == p.x && out.back().y == p.y) continue;
    if (out.size() >= 2) {
      const Point a = out[out.size() - 2], b = out.back();
      if ((a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y)) out.pop_back();
    }
    out.push_back(p);
  }
  return out;
}

class Layouter {
 public:
  explicit Layouter(std::span<const TransitionRule> table) : g_(table) {}

  FlowchartLayout Run() {
    if (g_.Nodes() == 0) return Empty();
    Rank();
    PlaceRows();
    MakePlans();
    AssignPorts();
    AssignLanes();
    PlaceColumns();
    Route();
    PlaceLabels();
    Finish();
    return std::move(out_);
  }

 private:
  FlowchartLayout Empty() {
    out_.width = 2 * kMargin + 320;
    out_.height = 2 * kMargin + kTitleHeight;
    return std::move(out_);
  }

  // Main path, then ranks: the longest path from the start over the graph without its back
  // edges, found by a depth-first search that takes the main path first.
  void Rank() {
    path_ = g_.MainPath();
    for (int s : path_) on_main_ |= Bit(s);
    std::array<std::vector<int>, kStages> succ;
    for (int s = 0; s < kStages; ++s) {
      const auto it = std::find(path_.begin(), path_.end(), s);
      if (it != path_.end() && it + 1 != path_.end()) succ[s].push_back(*(it + 1));
      for (auto [to, rule] : g_.out[s]) {
        if (std::find(succ[s].begin(), succ[s].end(), to) == succ[s].end()) succ[s].push_back(to);
      }
    }
    std::array<int, kStages> state{};
    std::array<std::uint32_t, kStages> back{};
    std::vector<int> post;
    std::function<void(int)> visit = [&](int u) {
      state[u] = 1;
      for (int v : succ[u]) {
        if (state[v] == 1) {
          back[u] |= Bit(v);
        } else if (state[v] == 0) {
          visit(v);
        }
      }
      state[u] = 2;
      post.push_back(u);
    };
    visit(path_.front());
    for (int s : Members(g_.Nodes())) {
      if (state[s] == 0) visit(s);
    }
    rank_.fill(0);
    for (auto it = post.rbegin(); it != post.rend(); ++it) {
      for (int v : succ[*it]) {
        if (!Has(back[*it], v)) rank_[v] = std::max(rank_[v], rank_[*it] + 1);
      }
    }
  }

  FlowColumn ColumnOf(int s) const {
    if (Has(g_.grouped, s)) return FlowColumn::kGrouped;
    return Has(on_main_, s) ? FlowColumn::kMain : FlowColumn::kSide;
  }

  // A rank takes as many rows as it has side stages (at least one), so no two side boxes share a
  // row and every horizontal line into a box meets no other box.
  void PlaceRows() {
    int max_rank = 0;
    for (int s : Members(g_.Nodes())) max_rank = std::max(max_rank, rank_[s]);
    std::vector<int> sides(max_rank + 1, 0);
    for (int s : Members(g_.Nodes())) {
      if (ColumnOf(s) == FlowColumn::kSide) ++sides[rank_[s]];
    }
    std::vector<int> first(max_rank + 2, 0);
    for (int r = 0; r <= max_rank; ++r) first[r + 1] = first[r] + std::max(1, sides[r]);
    std::vector<int> used(max_rank + 1, 0);
    row_.fill(-1);
    for (int s : path_) row_[s] = first[rank_[s]];
    for (int s : Members(g_.Nodes())) {
      if (ColumnOf(s) == FlowColumn::kSide) row_[s] = first[rank_[s]] + used[rank_[s]]++;
    }
    // A grouped end stage goes on the left, just under the lowest stage it is entered from.
    std::vector<int> taken;
    for (std::size_t i = 0; i < g_.table.size(); ++i) {
      const int t = Index(g_.table[i].to);
      if (!g_.group[i] || row_[t] >= 0) continue;
      int row = 0;
      for (int s : Members(Sources(g_.table[i]))) row = std::max(row, row_[s] + 1);
      while (std::find(taken.begin(), taken.end(), row) != taken.end()) ++row;
      taken.push_back(row);
      row_[t] = row;
    }
    for (int s : Members(g_.present)) {
      if (row_[s] < 0) continue;
      FlowBox box;
      box.stage = StageAt(s);
      box.label = std::string(domain::CaseStageName(box.stage));
      box.column = ColumnOf(s);
      box.row = row_[s];
      box.final = domain::IsFinal(box.stage);
      box.rect = {0, Top() + box.row * kRowPitch, 0, kBoxHeight};
      box_of_[s] = static_cast<int>(out_.boxes.size());
      out_.boxes.push_back(std::move(box));
    }
  }

  static double Top() { return kMargin + kTitleHeight; }
  double CenterY(int s) const { return Top() + row_[s] * kRowPitch + kBoxHeight / 2; }
  Rect& BoxRect(int s) { return out_.boxes[box_of_[s]].rect; }

  bool NothingBetween(FlowColumn col, int upper, int lower) const {
    for (int s : Members(g_.Nodes())) {
      if (ColumnOf(s) == col && row_[s] > upper && row_[s] < lower) return false;
    }
    return true;
  }

  void MakePlans() {
    for (std::size_t i = 0; i < g_.table.size(); ++i) {
      const TransitionRule& r = g_.table[i];
      const int t = Index(r.to);
      const int rule = static_cast<int>(i);
      if (g_.group[i]) {
        plans_.push_back(
            {.rule = rule, .kind = EdgeKind::kGroup, .sources = Members(Sources(r)), .target = t});
        continue;
      }
      if (g_.back_to[i]) {
        plans_.push_back({.rule = rule, .kind = EdgeKind::kReturn, .sources = {t}, .target = t});
        continue;
      }
      std::array<std::vector<int>, kRegions> lanes;
      for (int s : Members(r.from)) {
        const FlowColumn col = ColumnOf(s);
        if (s != t && col == ColumnOf(t) && row_[t] > row_[s] &&
            NothingBetween(col, row_[s], row_[t])) {
          double offset = 0;
          for (const Plan& p : plans_) {
            if (p.kind == EdgeKind::kStraight && p.sources[0] == s && p.target == t) offset += 16;
          }
          plans_.push_back({.rule = rule,
                            .kind = EdgeKind::kStraight,
                            .sources = {s},
                            .target = t,
                            .offset = offset});
          continue;
        }
        Region region = Region::kRight;
        if (s == t) {
          region = col == FlowColumn::kMain ? Region::kLoop : Region::kFarRight;
        } else if (col == FlowColumn::kMain && ColumnOf(t) == FlowColumn::kMain &&
                   row_[t] > row_[s]) {
          region = Region::kLeft;
        }
        lanes[static_cast<int>(region)].push_back(s);
      }
      for (int region = 0; region < kRegions; ++region) {
        if (lanes[region].empty()) continue;
        plans_.push_back({.rule = rule,
                          .kind = EdgeKind::kLane,
                          .region = static_cast<Region>(region),
                          .sources = lanes[region],
                          .target = t});
      }
    }
    for (Plan& p : plans_) {
      if (p.kind != EdgeKind::kReturn) continue;
      for (std::size_t j = 0; j < plans_.size(); ++j) {
        if (plans_[j].kind == EdgeKind::kGroup && plans_[j].target == p.target) {
          p.group_plan = static_cast<int>(j);
          break;
        }
      }
    }
  }

  // Which side of box `s` a lane in `region` touches: 0 left, 1 right.
  int SideOf(int s, Region region) const {
    if (region == Region::kLeft) return 0;
    if (region == Region::kFarRight || region == Region::kLoop) return 1;
    return ColumnOf(s) == FlowColumn::kSide ? 0 : 1;
  }

  // Spreads the lines meeting each side of a box so they do not cross beside it: lines to boxes
  // above on top, loops in the middle, lines to boxes below underneath. Within a band, a line
  // whose lane lies further out goes nearer the middle, so no stub crosses another line's lane;
  // shorter lines take the inner lanes (AssignLanes).
  void AssignPorts() {
    std::map<std::pair<int, int>, std::vector<Port>> sides;
    for (std::size_t p = 0; p < plans_.size(); ++p) {
      Plan& plan = plans_[p];
      plan.exit_y.assign(plan.sources.size(), 0);
      if (plan.kind != EdgeKind::kLane) continue;
      const double ty = CenterY(plan.target);
      double far = 0;
      int others = 0;
      for (std::size_t j = 0; j < plan.sources.size(); ++j) {
        const int s = plan.sources[j];
        const double d = ty - CenterY(s);
        const int band = s == plan.target ? 1 : d < 0 ? 0 : 2;
        sides[{s, SideOf(s, plan.region)}].push_back(
            {static_cast<int>(p), static_cast<int>(j), band, std::abs(d)});
        if (s != plan.target) {
          far += CenterY(s) - ty;
          ++others;
        }
      }
      const double d = others ? far / others : 0;
      const int band = others == 0 ? 1 : d < 0 ? 0 : 2;
      sides[{plan.target, SideOf(plan.target, plan.region)}].push_back(
          {static_cast<int>(p), -1, band, std::abs(d)});
    }
    for (auto& [key, ports] : sides) {
      const bool lane_beside = ColumnOf(key.first) != FlowColumn::kSide || key.second == 1;
      std::stable_sort(ports.begin(), ports.end(), [&](const Port& a, const Port& b) {
        if (a.band != b.band) return a.band < b.band;
        if (a.band == 1) {  // one loop after another, each leaving above where it comes back
          return a.plan != b.plan ? a.plan < b.plan : a.source > b.source;
        }
        const bool nearer_first = (a.band == 0) == lane_beside;
        return nearer_first ? a.reach < b.reach : a.reach > b.reach;
      });
      const double n = static_cast<double>(ports.size());
      const double step = n > 1 ? std::min(kPortStep, (kBoxHeight - 10) / (n - 1)) : 0;
      for (std::size_t i = 0; i < ports.size(); ++i) {
        const double y = CenterY(key.first) + (static_cast<double>(i) - (n - 1) / 2) * step;
        Plan& plan = plans_[ports[i].plan];
        if (ports[i].source < 0) {
          plan.entry_y = y;
        } else {
          plan.exit_y[ports[i].source] = y;
        }
      }
    }
  }

  // Interval colouring per region: the shortest lanes nearest the main column.
  void AssignLanes() {
    std::vector<int> order;
    for (std::size_t p = 0; p < plans_.size(); ++p) {
      if (plans_[p].kind == EdgeKind::kLane) order.push_back(static_cast<int>(p));
    }
    auto span = [&](const Plan& p) {
      double lo = p.entry_y, hi = p.entry_y;
      for (double y : p.exit_y) lo = std::min(lo, y), hi = std::max(hi, y);
      return std::pair{lo, hi};
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const auto [alo, ahi] = span(plans_[a]);
      const auto [blo, bhi] = span(plans_[b]);
      return ahi - alo < bhi - blo;
    });
    std::array<std::vector<std::vector<std::pair<double, double>>>, kRegions> used;
    for (int p : order) {
      auto& lanes = used[static_cast<int>(plans_[p].region)];
      const auto [lo, hi] = span(plans_[p]);
      std::size_t k = 0;
      for (; k < lanes.size(); ++k) {
        const bool free = std::none_of(lanes[k].begin(), lanes[k].end(), [&](auto iv) {
          return lo < iv.second + 6 && iv.first < hi + 6;
        });
        if (free) break;
      }
      if (k == lanes.size()) lanes.emplace_back();
      lanes[k].emplace_back(lo, hi);
      plans_[p].lane = static_cast<int>(k);
    }
    for (int r = 0; r < kRegions; ++r) lane_count_[r] = static_cast<int>(used[r].size());
    // Brackets: the one reaching lowest nearest the main column, so every grouped arrow leaves
    // its bracket's foot below the brackets further out.
    std::vector<int> groups;
    for (std::size_t p = 0; p < plans_.size(); ++p) {
      if (plans_[p].kind == EdgeKind::kGroup) groups.push_back(static_cast<int>(p));
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [&](int a, int b) { return BracketFoot(a) > BracketFoot(b); });
    for (std::size_t k = 0; k < groups.size(); ++k) plans_[groups[k]].lane = static_cast<int>(k);
    brackets_ = static_cast<int>(groups.size());
    for (const Plan& p : plans_) returns_ += p.kind == EdgeKind::kReturn;
  }

  double BracketTop(int plan) const {
    double y = std::numeric_limits<double>::max();
    for (int s : plans_[plan].sources) y = std::min(y, CenterY(s) - kBoxHeight / 2 - 4);
    return y;
  }
  double BracketFoot(int plan) const {
    double y = 0;
    for (int s : plans_[plan].sources) y = std::max(y, CenterY(s) + kBoxHeight / 2 + 4);
    return y;
  }

  std::string LabelOf(const Plan& p) const {
    std::string label(g_.table[p.rule].name);
    if (p.kind == EdgeKind::kGroup) label += "(多个阶段可)";
    if (p.kind == EdgeKind::kReturn) label += "(回原阶段)";
    return label;
  }

  // The widest label among plans matching `pred`, plus room around it.
  template <typename Pred>
  double LabelRoom(Pred pred, double least) const {
    double w = 0;
    for (const Plan& p : plans_) {
      if (pred(p)) w = std::max(w, TextWidth(LabelOf(p), kLabelFont) + 2 * kLabelPad);
    }
    return std::max(least, w + 20);
  }

  double ColumnWidth(FlowColumn col) const {
    double w = kMinBoxWidth;
    for (const FlowBox& b : out_.boxes) {
      if (b.column == col) w = std::max(w, TextWidth(b.label, kStageFont) + 2 * kBoxPad);
    }
    return w;
  }

  // Columns from left to right: grouped end stages, return lanes, brackets, left lanes, the main
  // path, right lanes, side stages, far-right lanes. The gaps beside the boxes leave room for the
  // labels of the lines entering them.
  void PlaceColumns() {
    const bool grouped = g_.grouped != 0;
    double x = kMargin;
    const double grouped_w = ColumnWidth(FlowColumn::kGrouped);
    if (grouped) {
      grouped_left_ = x;
      x += grouped_w;
      for (int k = 0; k < returns_; ++k) return_x_.push_back(x + 18 + k * kLaneStep);
      x += 18 + returns_ * kLaneStep;
      x += LabelRoom([](const Plan& p) { return p.kind == EdgeKind::kGroup; }, 40);
      for (int k = brackets_ - 1; k >= 0; --k) {
        bracket_x_.insert(bracket_x_.begin(), x);
        x += 18;
      }
    }
    const int left = lane_count_[0];
    const double left_room = LabelRoom(
        [](const Plan& p) { return p.kind == EdgeKind::kLane && p.region == Region::kLeft; }, 28);
    if (left > 0) x += 10 + (left - 1) * kLaneStep + left_room;
    main_left_ = x;
    const double main_w = ColumnWidth(FlowColumn::kMain);
    const double main_right = main_left_ + main_w;
    const int right = lane_count_[1];
    const int loops = lane_count_[3];
    const double loop_room =
        loops == 0 ? 0
                   : kLoopGap + (loops - 1) * kLoopStep +
                         LabelRoom([](const Plan& p) { return p.region == Region::kLoop; }, 0);
    const double into_main =
        std::max(loop_room, LabelRoom(
                                [&](const Plan& p) {
                                  return p.kind == EdgeKind::kLane && p.region == Region::kRight &&
                                         ColumnOf(p.target) == FlowColumn::kMain;
                                },
                                28));
    const double into_side = LabelRoom(
        [&](const Plan& p) {
          return p.kind == EdgeKind::kLane && p.region == Region::kRight &&
                 ColumnOf(p.target) == FlowColumn::kSide;
        },
        28);
    const double side_left =
        main_right + into_main + std::max(0, right - 1) * kLaneStep + into_side;
    const double side_w = ColumnWidth(FlowColumn::kSide);
    for (int k = 0; k < left; ++k) lane_x_[0].push_back(main_left_ - left_room - k * kLaneStep);
    for (int k = 0; k < right; ++k) lane_x_[1].push_back(main_right + into_main + k * kLaneStep);
    for (int k = 0; k < lane_count_[2]; ++k) {
      lane_x_[2].push_back(side_left + side_w + kLoopGap + k * kLoopStep);
    }
    for (int k = 0; k < loops; ++k) lane_x_[3].push_back(main_right + kLoopGap + k * kLoopStep);
    for (FlowBox& b : out_.boxes) {
      switch (b.column) {
        case FlowColumn::kGrouped:
          b.rect.x = grouped_left_;
          b.rect.w = grouped_w;
          break;
        case FlowColumn::kMain:
          b.rect.x = main_left_;
          b.rect.w = main_w;
          break;
        case FlowColumn::kSide:
          b.rect.x = side_left;
          b.rect.w = side_w;
          break;
      }
    }
  }

  double SideX(int s, int side) {
    const Rect& r = BoxRect(s);
    return side == 0 ? r.x : r.Right();
  }

  void Route() {
    for (const Plan& p : plans_) {
      const TransitionRule& r = g_.table[p.rule];
      FlowEdge e;
      e.rule = r;
      e.kind = p.kind;
      e.to = r.to;
      e.label = LabelOf(p);
      for (int s : p.sources) e.from.push_back(StageAt(s));
      const Rect target = BoxRect(p.target);
      switch (p.kind) {
        case EdgeKind::kStraight: {
          const Rect source = BoxRect(p.sources[0]);
          const double x = source.x + source.w / 2 + p.offset;
          e.path = {{x, source.Bottom()}, {x, target.y}};
          e.main = ColumnOf(p.target) == FlowColumn::kMain;
          break;
        }
        case EdgeKind::kLane: {
          const double lane = lane_x_[static_cast<int>(p.region)][p.lane];
          std::size_t trunk = 0;
          for (std::size_t j = 1; j < p.sources.size(); ++j) {
            if (std::abs(p.exit_y[j] - p.entry_y) > std::abs(p.exit_y[trunk] - p.entry_y))
              trunk = j;
          }
          const double tx = SideX(p.target, SideOf(p.target, p.region));
          e.path = Simplify(
              {{SideX(p.sources[trunk], SideOf(p.sources[trunk], p.region)), p.exit_y[trunk]},
               {lane, p.exit_y[trunk]},
               {lane, p.entry_y},
               {tx, p.entry_y}});
          const double lo = std::min(p.exit_y[trunk], p.entry_y);
          const double hi = std::max(p.exit_y[trunk], p.entry_y);
          for (std::size_t j = 0; j < p.sources.size(); ++j) {
            if (j == trunk) continue;
            const double y = p.exit_y[j];
            const double joint = std::clamp(y, lo, hi);
            e.branches.push_back(Simplify({{SideX(p.sources[j], SideOf(p.sources[j], p.region)), y},
                                           {lane, y},
                                           {lane, joint}}));
            e.joints.push_back({lane, joint});
          }
          break;
        }
        case EdgeKind::kGroup: {
          const double bx = bracket_x_[p.lane];
          const double top = BracketTop(static_cast<int>(&p - plans_.data()));
          const double foot = BracketFoot(static_cast<int>(&p - plans_.data()));
          const double y = CenterY(p.target) + (HasReturn(p) ? 7 : 0);
          e.branches.push_back({{bx + 8, top}, {bx, top}, {bx, foot}, {bx + 8, foot}});
          e.path = {{bx, foot}, {bx, y}, {target.Right(), y}};
          break;
        }
        case EdgeKind::kReturn: {
          if (p.group_plan < 0) continue;
          const Plan& group = plans_[p.group_plan];
          const double bx = bracket_x_[group.lane];
          const double x = return_x_[ReturnIndex(p)];
          const double y = CenterY(p.target) - 7;
          const double hit = BracketFoot(p.group_plan) - 14;
          e.path = {{target.Right(), y}, {x, y}, {x, hit}, {bx, hit}};
          break;
        }
      }
      out_.edges.push_back(std::move(e));
    }
  }

  bool HasReturn(const Plan& group) const {
    return std::any_of(plans_.begin(), plans_.end(), [&](const Plan& p) {
      return p.kind == EdgeKind::kReturn && p.target == group.target;
    });
  }
  int ReturnIndex(const Plan& ret) const {
    int k = 0;
    for (const Plan& p : plans_) {
      if (&p == &ret) break;
      k += p.kind == EdgeKind::kReturn;
    }
    return k;
  }

  // Every segment drawn, for the label placer.
  std::vector<std::pair<Point, Point>> Segments() const {
    std::vector<std::pair<Point, Point>> out;
    for (const FlowEdge& e : out_.edges) {
      for (std::size_t i = 1; i < e.path.size(); ++i) out.emplace_back(e.path[i - 1], e.path[i]);
      for (const auto& b : e.branches) {
        for (std::size_t i = 1; i < b.size(); ++i) out.emplace_back(b[i - 1], b[i]);
      }
    }
    return out;
  }

  // Places along the edge where its label could go, the most natural first: beside its last
  // segment near the arrowhead, then the others.
  static std::vector<Rect> Candidates(const FlowEdge& e, double w, double h) {
    std::vector<std::pair<Point, Point>> segs;
    for (std::size_t i = e.path.size(); i-- > 1;) segs.emplace_back(e.path[i - 1], e.path[i]);
    for (const auto& b : e.branches) {
      for (std::size_t i = 1; i < b.size(); ++i) segs.emplace_back(b[i - 1], b[i]);
    }
    std::vector<Rect> out;
    for (auto [a, b] : segs) {
      if (a.y == b.y) {
        const bool rightward = b.x > a.x;
        const double end = rightward ? b.x - 10 - w : b.x + 10;
        const double mid = (a.x + b.x - w) / 2;
        const double start = rightward ? a.x + 6 : a.x - 6 - w;
        for (double x : {end, mid, start}) {
          out.push_back({x, a.y - 3 - h, w, h});
          out.push_back({x, a.y + 3, w, h});
        }
      } else {
        const bool down = b.y > a.y;
        const double mid = (a.y + b.y - h) / 2;
        const double end = down ? b.y - 14 - h : b.y + 14;
        const double start = down ? a.y + 6 : a.y - 6 - h;
        for (double y : {mid, end, start, mid - h / 2 - 2, mid + h / 2 + 2}) {
          out.push_back({a.x + 5, y, w, h});
          out.push_back({a.x - 5 - w, y, w, h});
        }
      }
    }
    return out;
  }

  void PlaceLabels() {
    const auto segments = Segments();
    std::vector<Rect> placed;
    const Rect title{-1e4, -1e4, 2e4, 1e4 + Top() - 6};
    std::vector<std::size_t> order(out_.edges.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return static_cast<int>(out_.edges[a].kind) < static_cast<int>(out_.edges[b].kind);
    });
    for (std::size_t i : order) {
      FlowEdge& e = out_.edges[i];
      const double w = TextWidth(e.label, kLabelFont) + 2 * kLabelPad;
      const auto candidates = Candidates(e, w, kLabelHeight);
      double best = std::numeric_limits<double>::max();
      for (std::size_t c = 0; c < candidates.size(); ++c) {
        const Rect& r = candidates[c];
        double score = static_cast<double>(c);
        if (Overlaps(r, title)) score += 1000;
        for (const FlowBox& b : out_.boxes) score += Overlaps(Inflate(b.rect, 2), r) ? 1000 : 0;
        for (const Rect& l : placed) score += Overlaps(Inflate(l, 1), r) ? 1000 : 0;
        const Rect inner = Inflate(r, -1);
        for (auto [a, b] : segments) score += Crosses(a, b, inner) ? 30 : 0;
        if (score < best) {
          best = score;
          e.label_box = r;
        }
      }
      placed.push_back(e.label_box);
    }
  }

  // Shifts everything right of the margin, then sizes the chart and puts the legend under it.
  void Finish() {
    double min_x = std::numeric_limits<double>::max();
    double max_x = 0;
    double max_y = 0;
    auto add = [&](double x0, double x1, double y1) {
      min_x = std::min(min_x, x0);
      max_x = std::max(max_x, x1);
      max_y = std::max(max_y, y1);
    };
    for (const FlowBox& b : out_.boxes) add(b.rect.x, b.rect.Right(), b.rect.Bottom());
    for (const FlowEdge& e : out_.edges) {
      add(e.label_box.x, e.label_box.Right(), e.label_box.Bottom());
      for (Point p : e.path) add(p.x, p.x, p.y);
      for (const auto& b : e.branches) {
        for (Point p : b) add(p.x, p.x, p.y);
      }
    }
    const double dx = kMargin - min_x;
    for (FlowBox& b : out_.boxes) b.rect.x += dx;
    for (FlowEdge& e : out_.edges) {
      e.label_box.x += dx;
      for (Point& p : e.path) p.x += dx;
      for (auto& b : e.branches) {
        for (Point& p : b) p.x += dx;
      }
      for (Point& p : e.joints) p.x += dx;
    }
    out_.width = std::max(max_x + dx + kMargin, 640.0);
    const double legend_w = out_.width - 2 * kMargin;
    out_.legend_notes =
        Wrap("中间一列为主流程;箭头上的文字为办理步骤,鼠标悬停可查看法律依据和办理人员。",
             kNoteFont, legend_w);
    for (const Plan& p : plans_) {
      const TransitionRule& r = g_.table[p.rule];
      std::string note;
      if (p.kind == EdgeKind::kGroup) {
        note = fmt::format("{}(多个阶段可):在{}阶段均可{},转入{}。依据:{}。", r.name,
                           Join(p.sources, "、"), r.name, domain::CaseStageName(r.to), r.article);
      } else if (p.kind == EdgeKind::kReturn) {
        note = fmt::format("{}(回原阶段):自{}回到{}前所处的阶段。依据:{}。", r.name,
                           domain::CaseStageName(r.to), GroupName(p), r.article);
      } else {
        continue;
      }
      for (std::string& line : Wrap(note, kNoteFont, legend_w)) {
        out_.legend_notes.push_back(std::move(line));
      }
    }
    out_.legend = {kMargin, max_y + 28, legend_w,
                   kSampleRow + kLineHeight * static_cast<double>(out_.legend_notes.size())};
    out_.height = out_.legend.Bottom() + kMargin;
    for (int s : path_) out_.main_path.push_back(StageAt(s));
    std::stable_sort(out_.boxes.begin(), out_.boxes.end(), [](const FlowBox& a, const FlowBox& b) {
      const auto key = [](const FlowBox& x) {
        return std::tuple(x.column == FlowColumn::kMain ? 0 : 1, x.row);
      };
      return key(a) < key(b);
    });
  }

  std::string_view GroupName(const Plan& ret) const {
    if (ret.group_plan < 0) return g_.table[ret.rule].name;
    return g_.table[plans_[ret.group_plan].rule].name;
  }

  Graph g_;
  FlowchartLayout out_;
  std::vector<int> path_;
  std::uint32_t on_main_ = 0;
  std::array<int, kStages> rank_{};
  std::array<int, kStages> row_{};
  std::array<int, kStages> box_of_{};
  std::vector<Plan> plans_;
  std::array<int, kRegions> lane_count_{};
  std::array<std::vector<double>, kRegions> lane_x_;
  int brackets_ = 0;
  int returns_ = 0;
  double grouped_left_ = 0;
  double main_left_ = 0;
  std::vector<double> return_x_;
  std::vector<double> bracket_x_;
};

// ---------------------------------------------------------------------------------------------
// SVG

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  const double r = std::round(v * 10) / 10;
  std::string s = fmt::format("{:.1f}", r == 0 ? 0.0 : r);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

std::string PathData(const std::vector<Point>& points) {
  std::string d;
  for (std::size_t i = 0; i < points.size(); ++i) {
    d += fmt::format("{}{},{}", i == 0 ? "M" : " L", Num(points[i].x), Num(points[i].y));
  }
  return d;
}

constexpr std::string_view kFont = "Noto Sans CJK SC, sans-serif";
constexpr std::string_view kInk = "#334155";
constexpr std::string_view kMainInk = "#1d4ed8";
constexpr std::string_view kGroupInk = "#b45309";

std::string_view InkOf(const FlowEdge& e) {
  if (e.kind == EdgeKind::kGroup || e.kind == EdgeKind::kReturn) return kGroupInk;
  return e.main ? kMainInk : kInk;
}
std::string_view MarkerOf(const FlowEdge& e) {
  if (e.kind == EdgeKind::kGroup || e.kind == EdgeKind::kReturn) return "arrow-group";
  return e.main ? "arrow-main" : "arrow";
}

void BoxSvg(std::string& out, const Rect& r, std::string_view label, FlowColumn column,
            bool final) {
  const std::string_view fill = final                         ? "#f1f5f9"
                                : column == FlowColumn::kMain ? "#e8f0fe"
                                                              : "#ffffff";
  const std::string_view stroke = final                         ? "#0f172a"
                                  : column == FlowColumn::kMain ? kMainInk
                                                                : "#64748b";
  out += fmt::format(
      R"(<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="{}" stroke-width="{}"/>)",
      Num(r.x), Num(r.y), Num(r.w), Num(r.h), final ? Num(r.h / 2) : "4", fill, stroke,
      final ? "3" : "1.5");
  out += fmt::format(
      R"(<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="#0f172a"{}>{}</text>)",
      Num(r.x + r.w / 2), Num(r.y + r.h / 2 + kStageFont * 0.35), Num(kStageFont),
      final ? R"( font-weight="bold")" : "", Escape(label));
}

std::string Description(std::span<const TransitionRule> table, const FlowchartLayout& layout,
                        std::string_view title) {
  std::string text = fmt::format("{}。主流程依次为:", title);
  for (std::size_t i = 0; i < layout.main_path.size(); ++i) {
    if (i > 0) text += "→";
    text += domain::CaseStageName(layout.main_path[i]);
  }
  text += "。";
  std::string others;
  for (const FlowBox& b : layout.boxes) {
    if (b.column == FlowColumn::kMain) continue;
    if (!others.empty()) others += "、";
    others += b.label;
  }
  if (!others.empty()) text += fmt::format("其他阶段:{}。", others);
  if (!table.empty()) text += "办理步骤:";
  int n = 0;
  for (const TransitionRule& r : table) {
    std::string from;
    for (int s : Members(r.from)) {
      if (!from.empty()) from += "、";
      from += domain::CaseStageName(StageAt(s));
    }
    const bool back = r.from == domain::StageBit(r.to) &&
                      std::any_of(layout.edges.begin(), layout.edges.end(), [&](const FlowEdge& e) {
                        return e.kind == EdgeKind::kReturn && e.rule.action == r.action;
                      });
    const std::string to = back ? fmt::format("{}前所处的阶段", domain::CaseStageName(r.to))
                                : std::string(domain::CaseStageName(r.to));
    text += fmt::format("{}.{}:{}→{},由{}办理,依据{}。", ++n, r.name, from, to,
                        domain::RoleName(r.role), r.article);
  }
  return text;
}

}  // namespace

bool Overlaps(const Rect& a, const Rect& b) {
  return a.x < b.Right() && b.x < a.Right() && a.y < b.Bottom() && b.y < a.Bottom();
}

double TextWidth(std::string_view text, double font_size) {
  double em = 0;
  for (std::string_view cp : CodePoints(text)) em += cp.size() == 1 ? 0.55 : 1.0;
  return em * font_size;
}

FlowchartLayout LayoutFlowchart(std::span<const TransitionRule> table) {
  return Layouter(table).Run();
}

std::string FlowchartSvg(std::span<const TransitionRule> table, const FlowchartOptions& opts) {
  const FlowchartLayout layout = LayoutFlowchart(table);
  const double width = std::max(layout.width, TextWidth(opts.title, 20) + 2 * kMargin);
  const double height = layout.height;
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                    "\n";
  out += fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
      R"(role="img" aria-labelledby="flowchart-title flowchart-desc" font-family="{2}">)"
      "\n",
      Num(width), Num(height), kFont);
  out += fmt::format("<title id=\"flowchart-title\">{}</title>\n", Escape(opts.title));
  out += fmt::format("<desc id=\"flowchart-desc\">{}</desc>\n",
                     Escape(Description(table, layout, opts.title)));
  out += "<defs>";
  for (auto [id, ink] : {std::pair{"arrow", kInk}, std::pair{"arrow-main", kMainInk},
                         std::pair{"arrow-group", kGroupInk}}) {
    out += fmt::format(R"(<marker id="{}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" )"
                       R"(markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">)"
                       R"(<path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>)",
                       id, ink);
  }
  out += "</defs>\n";
  out += fmt::format(R"(<rect width="{}" height="{}" fill="#ffffff"/>)"
                     "\n",
                     Num(width), Num(height));
  out +=
      fmt::format(R"(<text x="{}" y="{}" font-size="20" font-weight="bold" text-anchor="middle" )"
                  R"(fill="#0f172a">{}</text>)"
                  "\n",
                  Num(width / 2), Num(kMargin + 22), Escape(opts.title));

  out += "<g class=\"edges\" fill=\"none\">\n";
  for (const FlowEdge& e : layout.edges) {
    const std::string_view ink = InkOf(e);
    // A group's bracket is solid; the arrows to and from its end stage are dashed, as those
    // steps interrupt the ordinary course.
    const bool grouped = e.kind == EdgeKind::kGroup || e.kind == EdgeKind::kReturn;
    out += fmt::format(R"(<g class="edge" data-action="{}" stroke="{}" stroke-width="{}">)",
                       Escape(e.rule.code), ink,
                       e.main    ? "2"
                       : grouped ? "1.6"
                                 : "1.4");
    for (const auto& b : e.branches) {
      out += fmt::format(R"(<path d="{}"{}/>)", PathData(b),
                         e.kind == EdgeKind::kGroup ? R"( stroke-width="2.5")" : "");
    }
    out += fmt::format(R"svg(<path d="{}" marker-end="url(#{})"{}/>)svg", PathData(e.path),
                       MarkerOf(e), grouped ? R"( stroke-dasharray="6 3")" : "");
    for (Point j : e.joints) {
      out += fmt::format(R"(<circle cx="{}" cy="{}" r="3" fill="{}" stroke="none"/>)", Num(j.x),
                         Num(j.y), ink);
    }
    out += "</g>\n";
  }
  out += "</g>\n<g class=\"stages\">\n";
  for (const FlowBox& b : layout.boxes) {
    out +=
        fmt::format(R"(<g class="stage" data-stage="{}">)", Escape(domain::CaseStageCode(b.stage)));
    BoxSvg(out, b.rect, b.label, b.column, b.final);
    out += "</g>\n";
  }
  out += "</g>\n<g class=\"labels\">\n";
  for (const FlowEdge& e : layout.edges) {
    const Rect& r = e.label_box;
    out += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#ffffff" fill-opacity="0.92"/>)",
        Num(r.x), Num(r.y), Num(r.w), Num(r.h));
    out += fmt::format(
        R"(<text class="step-label" data-action="{}" x="{}" y="{}" font-size="{}" )"
        R"(text-anchor="middle" fill="{}"><title>{}:{}(办理人员:{})</title>{}</text>)"
        "\n",
        Escape(e.rule.code), Num(r.x + r.w / 2), Num(r.y + r.h / 2 + kLabelFont * 0.35),
        Num(kLabelFont),
        e.kind == EdgeKind::kGroup || e.kind == EdgeKind::kReturn ? kGroupInk : "#0f172a",
        Escape(e.rule.name), Escape(e.rule.article), Escape(domain::RoleName(e.rule.role)),
        Escape(e.label));
  }
  out += "</g>\n";

  if (!layout.edges.empty() || !layout.boxes.empty()) {
    const Rect& lg = layout.legend;
    out += "<g class=\"legend\">\n";
    double x = lg.x;
    const struct {
      std::string_view label;
      FlowColumn column;
      bool final;
      std::string_view caption;
    } samples[] = {{"阶段", FlowColumn::kMain, false, "主流程阶段"},
                   {"阶段", FlowColumn::kSide, false, "其他阶段"},
                   {"阶段", FlowColumn::kSide, true, "终结状态"}};
    for (const auto& s : samples) {
      BoxSvg(out, {x, lg.y, 64, 28}, s.label, s.column, s.final);
      out +=
          fmt::format(R"(<text x="{}" y="{}" font-size="{}" fill="#0f172a">{}</text>)", Num(x + 72),
                      Num(lg.y + 14 + kNoteFont * 0.35), Num(kNoteFont), Escape(s.caption));
      x += 72 + TextWidth(s.caption, kNoteFont) + 28;
    }
    out += "\n";
    double y = lg.y + kSampleRow + kLineHeight / 2;
    for (const std::string& line : layout.legend_notes) {
      out += fmt::format(R"(<text x="{}" y="{}" font-size="{}" fill="#0f172a">{}</text>)"
                         "\n",
                         Num(lg.x), Num(y + kNoteFont * 0.35), Num(kNoteFont), Escape(line));
      y += kLineHeight;
    }
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace sx::render
