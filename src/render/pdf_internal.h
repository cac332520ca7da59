// The layout engine behind RenderPdf, shared with the other PDF exports of this folder (the
// annual statistics report, annual_report.cc). Internal to sx_render: not part of its API.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/pdf.h"
#include "util/status.h"

namespace sx::render::internal {

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kLeft = 28 * kMm;  // GB/T 9704 订口 28 mm, 版心 156 mm wide
constexpr double kRight = 26 * kMm;
constexpr double kTop = 30 * kMm;
constexpr double kBottom = 28 * kMm;
constexpr double kBodyWidth = kPageWidth - kLeft - kRight;
constexpr double kFooterTop = kPageHeight - 18 * kMm;

constexpr double kBodySize = 12;
constexpr double kTableSize = 11;
constexpr double kCellPad = 4;
constexpr double kRule = 0.6;  // table rules

// A family list: pango takes the first installed family that has the glyph. One family in two
// weights throughout: every face used is one more font to subset and embed.
constexpr const char* kSerif = "Noto Serif CJK SC,Noto Sans CJK SC";

struct GObjectUnref {
  void operator()(gpointer p) const { g_object_unref(p); }
};
using LayoutPtr = std::shared_ptr<PangoLayout>;  // shared by the draw ops of its lines
using Op = std::function<void(cairo_t*)>;

inline int Units(double pt) { return static_cast<int>(std::lround(pt * PANGO_SCALE)); }
inline double Points(int units) { return static_cast<double>(units) / PANGO_SCALE; }

struct Style {
  const char* family = kSerif;
  double size = kBodySize;
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  bool justify = false;
  double indent = 0;
  double line_spacing = 1.25;  // multiple of the font's height
};

// One laid-out line, in the coordinates of its layout (points).
struct LineBox {
  int index = 0;
  double top = 0, bottom = 0, baseline = 0, x = 0;
};

struct Text {
  LayoutPtr layout;
  std::vector<LineBox> lines;
  double Height() const { return lines.empty() ? 0 : lines.back().bottom - lines.front().top; }
};

// `text` laid out in `width` points (no wrapping when width <= 0).
Text MakeText(PangoContext* ctx, std::string_view text, const Style& s, double width);
double NaturalWidth(PangoContext* ctx, std::string_view text, const Style& s);
// Draws line `index` of `layout` with its baseline at (x, baseline).
Op DrawLine(const LayoutPtr& layout, int index, double x, double baseline);

// A text placed in a column: its x and the next line to place.
struct Column {
  const Text* text = nullptr;
  double x = 0;
  std::size_t next = 0;
  bool Done() const { return next >= text->lines.size(); }
};

// The pages being filled, top to bottom; each page is a list of draw operations.
class Flow {
 public:
  Flow(PangoContext* ctx, double first_page_bottom)
      : ctx_(ctx), first_page_bottom_(first_page_bottom) {
    NewPage();
  }

  PangoContext* ctx() const { return ctx_; }
  std::vector<std::vector<Op>>& pages() { return pages_; }
  double y() const { return y_; }
  void Advance(double dy) { y_ += dy; }
  double Room() const { return Bottom() - y_; }
  double Bottom() const { return pages_.size() == 1 ? first_page_bottom_ : kPageHeight - kBottom; }
  void NewPage() {
    pages_.emplace_back();
    rows_.clear();
    y_ = kTop;
  }
  void Add(Op op) { pages_.back().push_back(std::move(op)); }

  // Places texts side by side, line by line (the i-th lines of all columns share a row), and
  // breaks the page between rows.
  void PlaceColumns(std::vector<Column> columns) {
    for (;;) {
      TextRow row;
      bool any = false;
      for (const Column& c : columns) {
        if (c.Done()) continue;
        const LineBox& line = c.text->lines[c.next];
        row.height = std::max(row.height, line.bottom - line.top);
        any = true;
      }
      if (!any) return;
      if (row.height > Room() && y_ > kTop) NewPage();
      for (Column& c : columns) {
        if (c.Done()) continue;
        const LineBox& line = c.text->lines[c.next++];
        row.lines.push_back({c.text->layout, line.index, c.x + line.x, line.baseline - line.top});
      }
      PlaceRow(std::move(row), y_);
      y_ += rows_.back().height;
    }
  }
  void Place(const Text& text, double x) { PlaceColumns({Column{&text, x, 0}}); }

  // Starts a new page and moves the last `n` rows of text to it, so that what comes next (the
  // seal, the signatures) does not stand alone on a page. Moves fewer rows when other drawing
  // follows them, and never empties the page.
  void NewPageCarrying(std::size_t n) {
    const std::vector<Op>& ops = pages_.back();
    std::size_t k = 0;
    std::size_t end = ops.size();
    while (k < n && k + 1 < rows_.size() && rows_[rows_.size() - 1 - k].end_op == end) {
      end = rows_[rows_.size() - 1 - k].first_op;
      ++k;
    }
    std::vector<TextRow> carried(rows_.end() - static_cast<std::ptrdiff_t>(k), rows_.end());
    pages_.back().resize(end);
    NewPage();
    if (carried.empty()) return;
    const double first_top = carried.front().top;
    for (TextRow& row : carried) {
      const double top = kTop + row.top - first_top;
      y_ = top + row.height;
      PlaceRow(std::move(row), top);
    }
  }

 private:
  struct PlacedLine {
    LayoutPtr layout;
    int index = 0;
    double x = 0;
    double baseline = 0;  // below the row's top
  };
  struct TextRow {
    std::vector<PlacedLine> lines = {};
    double height = 0;
    double top = 0;
    std::size_t first_op = 0, end_op = 0;  // the row's draw operations on its page
  };

  void PlaceRow(TextRow row, double top) {
    row.top = top;
    row.first_op = pages_.back().size();
    for (const PlacedLine& l : row.lines) Add(DrawLine(l.layout, l.index, l.x, top + l.baseline));
    row.end_op = pages_.back().size();
    rows_.push_back(std::move(row));
  }

  PangoContext* ctx_;
  double first_page_bottom_;
  std::vector<std::vector<Op>> pages_;
  std::vector<TextRow> rows_;  // the text rows of the current page
  double y_ = kTop;
};

// A ruled table across the body width; the first row is the header (bold, shaded, repeated when
// the table breaks). `align` gives each column's alignment (left when not given).
void PlaceTable(Flow& flow, const std::vector<std::vector<std::string>>& rows,
                const std::vector<PangoAlignment>& align = {});
// The blocks of a document (headings, paragraphs, fields, tables, spacers), as RenderPdf sets them.
void PlaceBlocks(Flow& flow, const std::vector<Block>& blocks);

// kInvalid naming `field` unless `text` is UTF-8 without control characters (what pango takes).
Status CheckText(std::string_view text, std::string_view field);
// True for an ISO 8601 time as a PDF date takes it: 2026-01-01T00:00:00Z or with an offset.
bool IsPdfTime(const std::string& time);

// What RenderPages needs besides the content.
struct PageSetup {
  std::string created;  // the PDF's CreationDate and ModDate; IsPdfTime
  std::string title;    // its Title
  std::string author;   // its Author, none when empty
  std::string footer;   // small text on every page, before 第 N 页 共 M 页
  bool draft = false;   // a light grey 草稿 across every page
  double first_page_bottom = kPageHeight - kBottom;
  // Drawn on the first page after its content (RenderPdf's QR code), with
  // `first_page_footer_left` points kept free at the left of that page's footer.
  std::function<void(cairo_t*, PangoContext*)> first_page_extra = {};
  double first_page_footer_left = 0;
};

// Runs `place` on a fresh flow (the thread's font map, unhinted metrics, 72 dpi) and draws its
// pages with the watermark and the footer. The same setup and placing give the same bytes; safe
// from several threads at once; counts as a render for ReleaseMemory. kInternal when cairo fails.
Result<std::string> RenderPages(const PageSetup& setup, const std::function<void(Flow&)>& place);

}  // namespace sx::render::internal
