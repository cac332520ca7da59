#include "render/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <sys/mman.h>

#include <malloc.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <numbers>
#include <numeric>
#include <regex>
#include <string_view>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "render/pdf_internal.h"
#include "util/utf8.h"

namespace sx::render {

namespace internal {

namespace {

// Pango font maps are not thread-safe, so each thread has its own (freed when the thread ends).
// Its caches hold the few fonts used here, so memory stays bounded by the number of threads.
PangoFontMap* ThreadFontMap() {
  thread_local std::unique_ptr<PangoFontMap, GObjectUnref> map(pango_cairo_font_map_new());
  return map.get();
}

// FreeType maps the font files, and subsetting the CJK fonts for a PDF reads most of them: ≈50 MiB
// of the process's resident memory, kept for the process's life, and pango and cairo leave
// megabytes of freed heap behind. Both are given back once rendering has been idle for
// kReleaseAfterIdle (ReleaseMemory). Not after every render: mapping the pages in again costs
// ≈35 ms, more than a render.
constexpr auto kReleaseAfterIdle = std::chrono::seconds(2);

bool FontFile(std::string_view path) {
  for (std::string_view ext : {".ttc", ".ttf", ".otf", ".otc"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return true;
  }
  return false;
}

// MADV_DONTNEED on the read-only private mappings of font files: the pages leave this process
// (they stay in the page cache) and the next access maps them again; the fonts stay open.
void ReleaseFontPages() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    // "7f0c2e400000-7f0c2fc00000 r--p 00000000 08:01 1234   /usr/share/fonts/…/x.ttc"
    const auto dash = line.find('-');
    const auto space = line.find(' ');
    const auto slash = line.find('/');
    if (dash == std::string::npos || space == std::string::npos || slash == std::string::npos ||
        dash > space || line.compare(space + 1, 4, "r--p") != 0 ||
        !FontFile(std::string_view(line).substr(slash))) {
      continue;
    }
    const auto start = std::strtoull(line.c_str(), nullptr, 16);
    const auto end = std::strtoull(line.c_str() + dash + 1, nullptr, 16);
    if (end > start) (void)::madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
  }
}

// Counts the renders in flight; a thread (started with the first render) releases memory once
// none has run for kReleaseAfterIdle. Never destroyed: the thread outlives static destruction.
class Releaser {
 public:
  static Releaser& Get() {
    static Releaser* r = new Releaser;
    return *r;
  }
  void Begin() {
    std::lock_guard lock(mu_);
    ++in_flight_;
    if (!started_) {
      started_ = true;
      std::thread([this] { Run(); }).detach();
    }
  }
  void End() {
    std::lock_guard lock(mu_);
    --in_flight_;
    dirty_ = true;
    last_ = std::chrono::steady_clock::now();
    cv_.notify_one();
  }
  bool ReleaseNow() {
    std::unique_lock lock(mu_);
    if (in_flight_ > 0) return false;
    dirty_ = false;
    lock.unlock();
    ReleaseFontPages();
    ::malloc_trim(0);
    return true;
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return dirty_; });
      while (dirty_ &&
             (in_flight_ > 0 || std::chrono::steady_clock::now() < last_ + kReleaseAfterIdle)) {
        cv_.wait_until(lock, last_ + kReleaseAfterIdle);
      }
      if (!dirty_) continue;  // released meanwhile
      dirty_ = false;
      lock.unlock();
      ReleaseFontPages();
      ::malloc_trim(0);
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;
  bool started_ = false;
  bool dirty_ = false;  // rendered since the last release
  std::chrono::steady_clock::time_point last_;
};

struct RenderScope {
  RenderScope() { Releaser::Get().Begin(); }
  ~RenderScope() { Releaser::Get().End(); }
  RenderScope(const RenderScope&) = delete;
  RenderScope& operator=(const RenderScope&) = delete;
};

Style Body() { return Style{}; }

// Consecutive fields share a label column as wide as their widest label (up to 45% of the body).
void PlaceFields(Flow& flow, const std::vector<Block>& blocks, std::size_t first, std::size_t end) {
  PangoContext* ctx = flow.ctx();
  constexpr double kGap = 4;
  double label_width = 0;
  for (std::size_t i = first; i < end; ++i) {
    label_width = std::max(label_width, NaturalWidth(ctx, blocks[i].label + "：", Body()));
  }
  label_width = std::min(label_width + kGap, 0.45 * kBodyWidth);
  for (std::size_t i = first; i < end; ++i) {
    Text label = MakeText(ctx, blocks[i].label + "：", Body(), label_width - kGap);
    Text value = MakeText(ctx, blocks[i].text, Body(), kBodyWidth - label_width);
    flow.PlaceColumns({Column{&label, kLeft, 0}, Column{&value, kLeft + label_width, 0}});
    flow.Advance(2);
  }
}

// Column widths: each column gets its natural width when the body allows, otherwise a fair share
// of what is left (narrow columns first); the rest is spread in proportion.
std::vector<double> ColumnWidths(PangoContext* ctx,
                                 const std::vector<std::vector<std::string>>& rows,
                                 std::size_t columns) {
  Style cell{.size = kTableSize};
  std::vector<double> natural(columns, 3 * kTableSize);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      natural[c] = std::max(natural[c], NaturalWidth(ctx, row[c], cell) + 2 * kCellPad + 1);
    }
  }
  std::vector<std::size_t> order(columns);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return natural[a] < natural[b]; });
  std::vector<double> widths(columns, 0);
  double left = kBodyWidth;
  for (std::size_t k = 0; k < columns; ++k) {
    const std::size_t c = order[k];
    widths[c] = std::min(natural[c], left / static_cast<double>(columns - k));
    left -= widths[c];
  }
  const double total = kBodyWidth - left;
  for (double& w : widths) w *= kBodyWidth / total;
  return widths;
}

void DrawWatermark(cairo_t* cr, PangoContext* ctx) {
  Style s{.size = 140, .bold = true, .align = PANGO_ALIGN_CENTER};
  Text t = MakeText(ctx, "草稿", s, -1);
  int w = 0, h = 0;
  pango_layout_get_size(t.layout.get(), &w, &h);
  cairo_save(cr);
  cairo_translate(cr, kPageWidth / 2, kPageHeight / 2);
  cairo_rotate(cr, -std::numbers::pi / 4);
  cairo_move_to(cr, -Points(w) / 2, -Points(h) / 2);
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  pango_cairo_show_layout(cr, t.layout.get());
  cairo_restore(cr);
}

// Right-aligned, clear of the QR code (`left` points kept free at the left).
void DrawFooter(cairo_t* cr, PangoContext* ctx, const std::string& footer, std::size_t page,
                std::size_t pages, double left) {
  std::string text = fmt::format("第 {} 页 共 {} 页", page, pages);
  if (!footer.empty()) text = footer + "    " + text;
  Style s{.size = 9, .align = PANGO_ALIGN_RIGHT};
  Text t = MakeText(ctx, text, s, kBodyWidth - left);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_move_to(cr, kLeft + left, kFooterTop);
  pango_cairo_show_layout(cr, t.layout.get());
  cairo_restore(cr);
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Text MakeText(PangoContext* ctx, std::string_view text, const Style& s, double width) {
  LayoutPtr layout(pango_layout_new(ctx), g_object_unref);
  PangoLayout* l = layout.get();
  PangoFontDescription* font = pango_font_description_from_string(s.family);
  pango_font_description_set_absolute_size(font, s.size * PANGO_SCALE);
  pango_font_description_set_weight(font, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(l, font);
  pango_font_description_free(font);
  if (width > 0) pango_layout_set_width(l, Units(width));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l, s.align);
  pango_layout_set_justify(l, s.justify);
  pango_layout_set_indent(l, Units(s.indent));
  pango_layout_set_line_spacing(l, static_cast<float>(s.line_spacing));
  pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));

  Text out{layout, {}};
  PangoLayoutIter* it = pango_layout_get_iter(l);
  int index = 0;
  do {
    int y0 = 0, y1 = 0;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    PangoRectangle logical = {};
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    out.lines.push_back(LineBox{index++, Points(y0), Points(y1),
                                Points(pango_layout_iter_get_baseline(it)), Points(logical.x)});
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return out;
}

double NaturalWidth(PangoContext* ctx, std::string_view text, const Style& s) {
  Text t = MakeText(ctx, text, s, -1);
  int w = 0;
  pango_layout_get_size(t.layout.get(), &w, nullptr);
  return Points(w);
}

Op DrawLine(const LayoutPtr& layout, int index, double x, double baseline) {
  return [layout, index, x, baseline](cairo_t* cr) {
    cairo_move_to(cr, x, baseline);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(layout.get(), index));
  };
}

void PlaceTable(Flow& flow, const std::vector<std::vector<std::string>>& rows,
                const std::vector<PangoAlignment>& align) {
  std::size_t columns = 0;
  for (const auto& row : rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  PangoContext* ctx = flow.ctx();
  const std::vector<double> widths = ColumnWidths(ctx, rows, columns);

  using Row = std::vector<Text>;
  std::vector<Row> cells;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Row row;
    for (std::size_t c = 0; c < columns; ++c) {
      Style s{.size = kTableSize,
              .bold = r == 0,
              .align = c < align.size() ? align[c] : PANGO_ALIGN_LEFT};
      const std::string& text = c < rows[r].size() ? rows[r][c] : std::string();
      row.push_back(MakeText(ctx, text, s, widths[c] - 2 * kCellPad));
    }
    cells.push_back(std::move(row));
  }
  auto height = [](const Row& row) {
    double h = 0;
    for (const Text& t : row) h = std::max(h, t.Height());
    return h + 2 * kCellPad;
  };

  // Places `row` from the lines `next` on; returns false when nothing fitted on this page. With
  // `force` (a fresh page), at least one line of each cell goes on it.
  auto place_fragment = [&](const Row& row, std::vector<std::size_t>& next, bool header,
                            bool force) {
    const double room = flow.Room() - 2 * kCellPad;
    std::vector<std::size_t> end = next;
    double content = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      const auto& lines = row[c].lines;
      if (next[c] >= lines.size()) continue;
      const double top = lines[next[c]].top;
      while (end[c] < lines.size() && lines[end[c]].bottom - top <= room) ++end[c];
      if (force && end[c] == next[c]) ++end[c];
      if (end[c] > next[c]) content = std::max(content, lines[end[c] - 1].bottom - top);
    }
    if (end == next) return false;
    const double y = flow.y();
    double x = kLeft;
    for (std::size_t c = 0; c < columns; ++c) {
      const double w = widths[c];
      flow.Add([x, y, w, h = content + 2 * kCellPad, header](cairo_t* cr) {
        cairo_rectangle(cr, x, y, w, h);
        if (header) {
          cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
          cairo_fill_preserve(cr);
          cairo_set_source_rgb(cr, 0, 0, 0);
        }
        cairo_set_line_width(cr, kRule);
        cairo_stroke(cr);
      });
      const auto& lines = row[c].lines;
      if (next[c] < lines.size()) {
        const double top = lines[next[c]].top;
        for (std::size_t i = next[c]; i < end[c]; ++i) {
          flow.Add(DrawLine(row[c].layout, lines[i].index, x + kCellPad + lines[i].x,
                            y + kCellPad + lines[i].baseline - top));
        }
      }
      x += w;
    }
    next = end;
    flow.Advance(content + 2 * kCellPad);
    return true;
  };
  auto done = [&](const Row& row, const std::vector<std::size_t>& next) {
    for (std::size_t c = 0; c < columns; ++c) {
      if (next[c] < row[c].lines.size()) return false;
    }
    return true;
  };
  auto place_row = [&](const Row& row, bool header) {
    std::vector<std::size_t> next(columns, 0);
    auto new_page = [&] {
      flow.NewPage();
      if (!header) {
        std::vector<std::size_t> header_next(columns, 0);
        place_fragment(cells[0], header_next, true, true);
      }
    };
    // Rows stay whole when a page can hold them; longer rows break between lines.
    const double fresh = kPageHeight - kBottom - kTop - (header ? 0 : height(cells[0]));
    if (height(row) > flow.Room() && height(row) <= fresh) new_page();
    bool fresh_page = false;
    while (!done(row, next)) {
      const bool placed = place_fragment(row, next, header, fresh_page);
      fresh_page = false;
      if (!placed || !done(row, next)) {
        new_page();
        fresh_page = true;
      }
    }
  };

  // The header never ends a page alone.
  double keep = height(cells[0]);
  if (cells.size() > 1) {
    const Text& first = cells[1][0];
    keep += 2 * kCellPad + (first.lines.empty() ? 0 : first.lines[0].bottom - first.lines[0].top);
  }
  if (keep > flow.Room()) flow.NewPage();
  place_row(cells[0], true);
  for (std::size_t r = 1; r < cells.size(); ++r) place_row(cells[r], false);
}

void PlaceBlocks(Flow& flow, const std::vector<Block>& blocks) {
  PangoContext* ctx = flow.ctx();
  for (std::size_t i = 0; i < blocks.size();) {
    const Block& b = blocks[i];
    switch (b.kind) {
      case Block::Kind::kHeading: {
        Style s{.bold = true};
        Text t = MakeText(ctx, b.label, s, kBodyWidth);
        flow.Advance(6);
        // A heading stays with the first line after it.
        if (t.Height() + 2 * kBodySize > flow.Room()) flow.NewPage();
        flow.Place(t, kLeft);
        flow.Advance(2);
        ++i;
        break;
      }
      case Block::Kind::kParagraph: {
        Style s{.justify = true, .indent = b.indent ? 2 * kBodySize : 0};
        flow.Place(MakeText(ctx, b.text, s, kBodyWidth), kLeft);
        flow.Advance(3);
        ++i;
        break;
      }
      case Block::Kind::kField: {
        std::size_t end = i;
        while (end < blocks.size() && blocks[end].kind == Block::Kind::kField) ++end;
        PlaceFields(flow, blocks, i, end);
        i = end;
        break;
      }
      case Block::Kind::kTable:
        PlaceTable(flow, b.rows);
        flow.Advance(6);
        ++i;
        break;
      case Block::Kind::kSpacer:
        flow.Advance(kBodySize * 1.25);
        ++i;
        break;
    }
  }
}

// Pango takes well-formed UTF-8 only, and control characters would print as boxes.
Status CheckText(std::string_view text, std::string_view field) {
  if (!IsValidUtf8(text)) {
    return Status::Invalid(fmt::format("{} 不是有效的 UTF-8 文本", field))
        .WithField(std::string(field));
  }
  if (HasControlChars(text)) {
    return Status::Invalid(fmt::format("{} 含有控制字符", field)).WithField(std::string(field));
  }
  return Status::Ok();
}

bool IsPdfTime(const std::string& time) {
  static const std::regex kIso8601(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?)");
  return std::regex_match(time, kIso8601);
}

Result<std::string> RenderPages(const PageSetup& setup, const std::function<void(Flow&)>& place) {
  const RenderScope scope;
  std::string out;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight),
      cairo_surface_destroy);
  // Fixed dates: cairo would otherwise stamp the current time.
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                 setup.created.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, setup.created.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, setup.title.c_str());
  if (!setup.author.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, setup.author.c_str());
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "sanxiang");
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);

  std::unique_ptr<PangoContext, GObjectUnref> ctx(pango_font_map_create_context(ThreadFontMap()));
  {
    // Unhinted metrics: the layout is the same at any resolution and on any machine.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx.get(), options);
    cairo_font_options_destroy(options);
  }
  pango_cairo_context_set_resolution(ctx.get(), 72);
  pango_context_set_round_glyph_positions(ctx.get(), FALSE);
  pango_context_set_language(ctx.get(), pango_language_from_string("zh-cn"));
  pango_cairo_update_context(cr.get(), ctx.get());

  Flow flow(ctx.get(), setup.first_page_bottom);
  place(flow);

  const std::size_t pages = flow.pages().size();
  for (std::size_t p = 0; p < pages; ++p) {
    cairo_t* c = cr.get();
    if (setup.draft) DrawWatermark(c, ctx.get());
    cairo_set_source_rgb(c, 0, 0, 0);
    for (const Op& op : flow.pages()[p]) op(c);
    if (p == 0 && setup.first_page_extra) setup.first_page_extra(c, ctx.get());
    DrawFooter(c, ctx.get(), setup.footer, p + 1, pages, p == 0 ? setup.first_page_footer_left : 0);
    cairo_show_page(c);
  }
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(
        fmt::format("PDF 生成失败:{}", cairo_status_to_string(cairo_status(cr.get()))));
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(fmt::format(
        "PDF 生成失败:{}", cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  surface.reset();
  return out;
}

}  // namespace internal

namespace {

using namespace internal;  // NOLINT(google-build-using-namespace): this file is the engine

// The QR code sits at the bottom left of the first page, partly in the bottom margin, beside the
// right-aligned footer.
constexpr double kQrSize = 56;  // points, quiet zone included
constexpr double kQrCaption = 11;
constexpr double kQrTop = kPageHeight - 10 * kMm - kQrCaption - kQrSize;
constexpr int kQrQuietZone = 4;  // modules (ISO/IEC 18004)

void PlaceHeader(Flow& flow, const PdfDocument& doc) {
  PangoContext* ctx = flow.ctx();
  if (!doc.agency_name.empty()) {
    Style s{.size = 16, .bold = true, .align = PANGO_ALIGN_CENTER};
    flow.Place(MakeText(ctx, doc.agency_name, s, kBodyWidth), kLeft);
    flow.Advance(4);
  }
  Style title{.size = 20, .bold = true, .align = PANGO_ALIGN_CENTER};
  flow.Place(MakeText(ctx, doc.title, title, kBodyWidth), kLeft);
  flow.Advance(4);
  if (!doc.number.empty()) {
    Style s{.align = PANGO_ALIGN_RIGHT};
    flow.Place(MakeText(ctx, doc.number, s, kBodyWidth), kLeft);
  }
  flow.Advance(10);
}

// Signatures in the right-hand part of the page, kept together.
void PlaceSignatures(Flow& flow, const std::vector<Signature>& signatures) {
  if (signatures.empty()) return;
  constexpr double kOffset = 0.35 * kBodyWidth;
  std::vector<Text> lines;
  double total = 0;
  for (const Signature& s : signatures) {
    std::string text = fmt::format("{}：{}    {}", s.role, s.name.empty() ? "____________" : s.name,
                                   s.date.empty() ? "______年____月____日" : s.date);
    lines.push_back(MakeText(flow.ctx(), text, Body(), kBodyWidth - kOffset));
    total += lines.back().Height() + 8;
  }
  if (16 + total > flow.Room()) flow.NewPageCarrying(2);
  flow.Advance(16);
  for (const Text& t : lines) {
    flow.Place(t, kLeft + kOffset);
    flow.Advance(8);
  }
}

// The issuing agency and date at the bottom right, with room above for the seal.
void PlaceSeal(Flow& flow, const PdfDocument& doc) {
  if (doc.seal_text.empty() && doc.date.empty()) return;
  std::string text = doc.seal_text;
  if (!doc.date.empty()) text += (text.empty() ? "" : "\n") + doc.date;
  Style s{.align = PANGO_ALIGN_CENTER};
  const double width = NaturalWidth(flow.ctx(), text, s) + 1;
  Text t = MakeText(flow.ctx(), text, s, width);
  if (36 + t.Height() > flow.Room()) flow.NewPageCarrying(2);
  flow.Advance(36);
  flow.Place(t, kPageWidth - kRight - 2 * kBodySize - width);
}

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};
using QrPtr = std::unique_ptr<QRcode, QrFree>;

Result<QrPtr> EncodeQr(std::string_view text) {
  errno = 0;
  QrPtr code(QRcode_encodeData(static_cast<int>(text.size()),
                               reinterpret_cast<const unsigned char*>(text.data()), 0,
                               QR_ECLEVEL_M));
  if (!code) {
    if (errno == ERANGE || errno == EINVAL) {
      return Status::Invalid(fmt::format("验证链接过长({} 字节),无法生成二维码", text.size()))
          .WithField("verify_url");
    }
    return Status::Internal(fmt::format("二维码生成失败(errno {})", errno));
  }
  return code;
}

// Dark modules as one path of horizontal runs, filled once (no seams between modules).
void DrawQr(cairo_t* cr, const QRcode& code, double x, double y, double size) {
  const double module = size / (code.width + 2 * kQrQuietZone);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  for (int r = 0; r < code.width; ++r) {
    const unsigned char* row = code.data + static_cast<std::ptrdiff_t>(r) * code.width;
    for (int c = 0; c < code.width;) {
      if (!(row[c] & 1)) {
        ++c;
        continue;
      }
      int end = c;
      while (end < code.width && (row[end] & 1)) ++end;
      cairo_rectangle(cr, x + (c + kQrQuietZone) * module, y + (r + kQrQuietZone) * module,
                      (end - c) * module, module);
      c = end;
    }
  }
  cairo_fill(cr);
  cairo_restore(cr);
}

Status CheckDocument(const PdfDocument& doc) {
  if (!IsPdfTime(doc.created)) {
    return Status::Invalid("created 须为 ISO 8601 时间,如 2026-01-01T00:00:00Z")
        .WithField("created");
  }
  for (auto [text, field] :
       {std::pair<const std::string&, std::string_view>{doc.agency_name, "agency_name"},
        {doc.title, "title"},
        {doc.number, "number"},
        {doc.seal_text, "seal_text"},
        {doc.date, "date"},
        {doc.verify_url, "verify_url"},
        {doc.footer, "footer"}}) {
    SX_RETURN_IF_ERROR(CheckText(text, field));
  }
  for (const Block& b : doc.blocks) {
    SX_RETURN_IF_ERROR(CheckText(b.label, "blocks"));
    SX_RETURN_IF_ERROR(CheckText(b.text, "blocks"));
    for (const auto& row : b.rows) {
      for (const std::string& cell : row) SX_RETURN_IF_ERROR(CheckText(cell, "blocks"));
    }
  }
  for (const Signature& s : doc.signatures) {
    for (const std::string* text : {&s.role, &s.name, &s.date}) {
      SX_RETURN_IF_ERROR(CheckText(*text, "signatures"));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderPdf(const PdfDocument& doc) {
  SX_RETURN_IF_ERROR(CheckDocument(doc));
  QrPtr qr;
  if (!doc.verify_url.empty()) {
    auto code = EncodeQr(doc.verify_url);
    if (!code.ok()) return code.status();
    qr = std::move(code).value();
  }
  PageSetup setup{.created = doc.created,
                  .title = doc.number.empty() ? doc.title : doc.title + " " + doc.number,
                  .author = doc.agency_name,
                  .footer = doc.footer,
                  .draft = doc.draft};
  if (qr) {
    setup.first_page_bottom = std::min(kPageHeight - kBottom, kQrTop - 6);
    setup.first_page_extra = [&qr](cairo_t* c, PangoContext* ctx) {
      DrawQr(c, *qr, kLeft, kQrTop, kQrSize);
      Style s{.size = 8, .align = PANGO_ALIGN_CENTER};
      Text caption = MakeText(ctx, "扫码验证文书", s, kQrSize + 20);
      cairo_move_to(c, kLeft - 10, kQrTop + kQrSize);
      pango_cairo_show_layout(c, caption.layout.get());
    };
    setup.first_page_footer_left = kQrSize + 12;
  }
  return RenderPages(setup, [&doc](Flow& flow) {
    PlaceHeader(flow, doc);
    PlaceBlocks(flow, doc.blocks);
    PlaceSignatures(flow, doc.signatures);
    PlaceSeal(flow, doc);
  });
}

bool ReleaseMemory() { return internal::Releaser::Get().ReleaseNow(); }

}  // namespace sx::render
