#include "render/annual_report.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <numbers>
#include <optional>
#include <regex>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/json/value.hpp>

#include "render/pdf_internal.h"
#include "util/utf8.h"

namespace sx::render {

namespace {

namespace json = boost::json;
using namespace internal;  // NOLINT(google-build-using-namespace): the PDF engine's vocabulary

// ---------------------------------------------------------------------------------------------
// The Report JSON (docs/supervision.md, "A Report")

constexpr std::size_t kMaxText = 2000;       // code points in one text
constexpr std::size_t kMaxChartLabels = 40;  // more would not fit one chart on an A4 page
constexpr double kMaxMagnitude = 1e15;       // beyond any count or amount of one agency

struct Row {
  std::string code, label, unit;
  std::optional<double> value, previous;
};

struct Section {
  std::string code, title;
  std::vector<Row> rows;
};

enum class ChartKind { kBar, kPie, kLine };

struct Chart {
  std::string code, title;
  ChartKind kind = ChartKind::kBar;
  std::vector<std::string> labels;
  std::vector<std::optional<double>> values;
  std::vector<std::optional<double>> previous;  // empty without a previous year
};

struct Change {
  std::string code, label;
  std::optional<double> from, to;
};

// A point in time as the PDF's dates and the workbook's creation time take it.
struct Time {
  std::string iso;        // 2027-01-05T02:00:00Z
  std::string date;       // 2027-01-05, as written (local to its offset)
  std::int64_t unix = 0;  // seconds since 1970 (UTC)
};

struct Version {
  std::int64_t number = 0;
  std::optional<Time> published_on;
  std::string note;
};

struct Report {
  std::string agency;
  std::int64_t year = 0;
  std::int64_t version = 0;
  std::string status;  // draft | published | superseded
  std::optional<Time> compiled_at, published_on;
  std::string note;
  bool previous_available = true;
  std::vector<Section> sections;
  std::vector<Chart> charts;
  std::vector<Change> changes;
  std::vector<Version> versions;

  std::string Title() const { return fmt::format("{}{}年度行政执法统计年报", agency, year); }
  // The export's creation time: fixed by the report, so that the same report gives the same bytes.
  Time Created() const {
    if (compiled_at) return *compiled_at;
    if (published_on) return *published_on;
    const auto day = std::chrono::sys_days(std::chrono::year(static_cast<int>(year)) /
                                           std::chrono::December / 31);
    return Time{fmt::format("{}-12-31T00:00:00Z", year), fmt::format("{}-12-31", year),
                day.time_since_epoch().count() * 86400};
  }
};

Status Invalid(const std::string& field, std::string_view problem) {
  return Status::Invalid(fmt::format("年报数据有误：{} {}", field, problem)).WithField(field);
}

// The member `key` of `o`; null counts as absent.
const json::value* Find(const json::object& o, std::string_view key) {
  const auto it = o.find(key);
  return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

Status ReadText(const json::value* v, const std::string& field, bool required, std::string& out) {
  out.clear();
  if (v == nullptr) return required ? Invalid(field, "缺失") : Status::Ok();
  if (!v->is_string()) return Invalid(field, "须为字符串");
  const std::string_view text(v->get_string().data(), v->get_string().size());
  if (!IsValidUtf8(text)) return Invalid(field, "不是有效的 UTF-8 文本");
  if (HasControlChars(text)) return Invalid(field, "含有控制字符");
  if (CodePointCount(text).value_or(0) > kMaxText) {
    return Invalid(field, fmt::format("超过 {} 字", kMaxText));
  }
  out.assign(text);
  return Status::Ok();
}

Status ReadNonEmptyText(const json::value* v, const std::string& field, std::string& out) {
  SX_RETURN_IF_ERROR(ReadText(v, field, true, out));
  return out.empty() ? Invalid(field, "不能为空") : Status::Ok();
}

// A number or null (absent counts as null).
Status ReadNumber(const json::value* v, const std::string& field, std::optional<double>& out) {
  out.reset();
  if (v == nullptr || v->is_null()) return Status::Ok();
  double x = 0;
  if (v->is_int64()) {
    x = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    x = static_cast<double>(v->get_uint64());
  } else if (v->is_double()) {
    x = v->get_double();
  } else {
    return Invalid(field, "须为数字或 null");
  }
  if (!std::isfinite(x) || std::fabs(x) > kMaxMagnitude) return Invalid(field, "超出范围");
  out = x;
  return Status::Ok();
}

Status ReadInteger(const json::value* v, const std::string& field, std::int64_t lo, std::int64_t hi,
                   std::int64_t& out) {
  auto bad = [&] { return Invalid(field, fmt::format("须为 {}–{} 的整数", lo, hi)); };
  if (v == nullptr) return Invalid(field, "缺失");
  if (v->is_int64()) {
    out = v->get_int64();
  } else if (v->is_uint64()) {
    if (v->get_uint64() > static_cast<std::uint64_t>(hi)) return bad();
    out = static_cast<std::int64_t>(v->get_uint64());
  } else if (v->is_double()) {
    const double d = v->get_double();
    if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || std::trunc(d) != d) {
      return bad();
    }
    out = static_cast<std::int64_t>(d);
  } else {
    return bad();
  }
  return out < lo || out > hi ? bad() : Status::Ok();
}

Status ReadArray(const json::value* v, const std::string& field, bool required,
                 const json::array*& out) {
  out = nullptr;
  if (v == nullptr) return required ? Invalid(field, "缺失") : Status::Ok();
  out = v->if_array();
  return out == nullptr ? Invalid(field, "须为数组") : Status::Ok();
}

Status ReadObject(const json::value& v, const std::string& field, const json::object*& out) {
  out = v.if_object();
  return out == nullptr ? Invalid(field, "须为对象") : Status::Ok();
}

// 2027-01-05, or a time 2027-01-05T02:00:00Z (a space for the T, fractions of a second and an
// offset allowed; no offset means UTC).
Status ReadTime(const json::value* v, const std::string& field, std::optional<Time>& out) {
  out.reset();
  std::string text;
  SX_RETURN_IF_ERROR(ReadText(v, field, false, text));
  if (v == nullptr) return Status::Ok();
  static const std::regex kTime(
      R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?)");
  std::smatch m;
  if (!std::regex_match(text, m, kTime)) {
    return Invalid(field, "须为日期(2027-01-20)或 ISO 8601 时间(2027-01-05T02:00:00Z)");
  }
  auto number = [&m](int i) { return m[i].matched ? std::atoi(m[i].str().c_str()) : 0; };
  const std::chrono::year_month_day day{std::chrono::year(number(1)),
                                        std::chrono::month(static_cast<unsigned>(number(2))),
                                        std::chrono::day(static_cast<unsigned>(number(3)))};
  const int hour = number(4), minute = number(5), second = number(6);
  if (!day.ok() || hour > 23 || minute > 59 || second > 59) return Invalid(field, "不是有效的时间");
  std::string zone = m[7].matched ? m[7].str() : "Z";
  int offset = 0;  // seconds east of UTC
  if (zone != "Z") {
    const int hours = std::atoi(zone.substr(1, 2).c_str());
    const int minutes = std::atoi(zone.substr(4, 2).c_str());
    if (hours > 23 || minutes > 59) return Invalid(field, "不是有效的时间");
    offset = (zone[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  }
  const std::int64_t days = std::chrono::sys_days(day).time_since_epoch().count();
  out =
      Time{fmt::format("{}-{}-{}T{:02}:{:02}:{:02}{}", m[1].str(), m[2].str(), m[3].str(), hour,
                       minute, second, zone),
           fmt::format("{}-{}-{}", m[1].str(), m[2].str(), m[3].str()),
           days * 86400 + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second - offset};
  return Status::Ok();
}

Status ReadRow(const json::value& v, const std::string& field, Row& row) {
  const json::object* o = nullptr;
  SX_RETURN_IF_ERROR(ReadObject(v, field, o));
  SX_RETURN_IF_ERROR(ReadText(Find(*o, "code"), field + ".code", true, row.code));
  SX_RETURN_IF_ERROR(ReadNonEmptyText(Find(*o, "label"), field + ".label", row.label));
  SX_RETURN_IF_ERROR(ReadText(Find(*o, "unit"), field + ".unit", true, row.unit));
  SX_RETURN_IF_ERROR(ReadNumber(Find(*o, "value"), field + ".value", row.value));
  return ReadNumber(Find(*o, "previous"), field + ".previous", row.previous);
}

Status ReadSection(const json::value& v, const std::string& field, Section& section) {
  const json::object* o = nullptr;
  SX_RETURN_IF_ERROR(ReadObject(v, field, o));
  SX_RETURN_IF_ERROR(ReadText(Find(*o, "code"), field + ".code", true, section.code));
  SX_RETURN_IF_ERROR(ReadNonEmptyText(Find(*o, "title"), field + ".title", section.title));
  const json::array* rows = nullptr;
  SX_RETURN_IF_ERROR(ReadArray(Find(*o, "rows"), field + ".rows", true, rows));
  for (std::size_t i = 0; i < rows->size(); ++i) {
    Row row;
    SX_RETURN_IF_ERROR(ReadRow((*rows)[i], fmt::format("{}.rows[{}]", field, i), row));
    section.rows.push_back(std::move(row));
  }
  return Status::Ok();
}

// A chart's series: one number or null per label.
Status ReadSeries(const json::value* v, const std::string& field, bool required, std::size_t size,
                  std::vector<std::optional<double>>& out) {
  const json::array* a = nullptr;
  SX_RETURN_IF_ERROR(ReadArray(v, field, required, a));
  if (a == nullptr) return Status::Ok();
  if (a->size() != size) return Invalid(field, fmt::format("须与 labels 一样有 {} 项", size));
  for (std::size_t i = 0; i < a->size(); ++i) {
    std::optional<double> x;
    SX_RETURN_IF_ERROR(ReadNumber(&(*a)[i], fmt::format("{}[{}]", field, i), x));
    out.push_back(x);
  }
  return Status::Ok();
}

Status ReadChart(const json::value& v, const std::string& field, Chart& chart) {
  const json::object* o = nullptr;
  SX_RETURN_IF_ERROR(ReadObject(v, field, o));
  SX_RETURN_IF_ERROR(ReadText(Find(*o, "code"), field + ".code", false, chart.code));
  SX_RETURN_IF_ERROR(ReadText(Find(*o, "title"), field + ".title", true, chart.title));
  std::string kind;
  SX_RETURN_IF_ERROR(ReadText(Find(*o, "kind"), field + ".kind", true, kind));
  if (kind == "bar") {
    chart.kind = ChartKind::kBar;
  } else if (kind == "pie") {
    chart.kind = ChartKind::kPie;
  } else if (kind == "line") {
    chart.kind = ChartKind::kLine;
  } else {
    return Invalid(field + ".kind", "须为 bar、pie 或 line");
  }
  const json::array* labels = nullptr;
  SX_RETURN_IF_ERROR(ReadArray(Find(*o, "labels"), field + ".labels", true, labels));
  if (labels->size() > kMaxChartLabels) {
    return Invalid(field + ".labels", fmt::format("最多 {} 项", kMaxChartLabels));
  }
  for (std::size_t i = 0; i < labels->size(); ++i) {
    std::string label;
    SX_RETURN_IF_ERROR(
        ReadText(&(*labels)[i], fmt::format("{}.labels[{}]", field, i), true, label));
    chart.labels.push_back(std::move(label));
  }
  SX_RETURN_IF_ERROR(
      ReadSeries(Find(*o, "values"), field + ".values", true, labels->size(), chart.values));
  SX_RETURN_IF_ERROR(
      ReadSeries(Find(*o, "previous"), field + ".previous", false, labels->size(), chart.previous));
  if (chart.kind == ChartKind::kPie) {
    for (std::size_t i = 0; i < chart.values.size(); ++i) {
      if (chart.values[i].value_or(0) < 0) {
        return Invalid(fmt::format("{}.values[{}]", field, i), "饼图的值不能为负");
      }
    }
  }
  return Status::Ok();
}

Status ReadChange(const json::value& v, const std::string& field, Change& change) {
  const json::object* o = nullptr;
  SX_RETURN_IF_ERROR(ReadObject(v, field, o));
  SX_RETURN_IF_ERROR(ReadText(Find(*o, "code"), field + ".code", false, change.code));
  SX_RETURN_IF_ERROR(ReadNonEmptyText(Find(*o, "label"), field + ".label", change.label));
  SX_RETURN_IF_ERROR(ReadNumber(Find(*o, "from"), field + ".from", change.from));
  return ReadNumber(Find(*o, "to"), field + ".to", change.to);
}

Status ReadVersion(const json::value& v, const std::string& field, Version& version) {
  const json::object* o = nullptr;
  SX_RETURN_IF_ERROR(ReadObject(v, field, o));
  SX_RETURN_IF_ERROR(
      ReadInteger(Find(*o, "version"), field + ".version", 1, 1'000'000, version.number));
  SX_RETURN_IF_ERROR(
      ReadTime(Find(*o, "publishedOn"), field + ".publishedOn", version.published_on));
  return ReadText(Find(*o, "note"), field + ".note", false, version.note);
}

// The elements of the optional (or required) array `key`, each read by `read`.
template <typename T, typename Read>
Status ReadList(const json::object& o, std::string_view key, bool required, std::vector<T>& out,
                Read read) {
  const std::string field(key);
  const json::array* a = nullptr;
  SX_RETURN_IF_ERROR(ReadArray(Find(o, key), field, required, a));
  if (a == nullptr) return Status::Ok();
  for (std::size_t i = 0; i < a->size(); ++i) {
    T item;
    SX_RETURN_IF_ERROR(read((*a)[i], fmt::format("{}[{}]", field, i), item));
    out.push_back(std::move(item));
  }
  return Status::Ok();
}

Result<Report> ParseReport(const json::object& o) {
  Report r;
  const json::value* agency = Find(o, "agency");
  if (agency == nullptr) return Invalid("agency", "缺失");
  const json::object* agency_object = nullptr;
  SX_RETURN_IF_ERROR(ReadObject(*agency, "agency", agency_object));
  SX_RETURN_IF_ERROR(ReadNonEmptyText(Find(*agency_object, "name"), "agency.name", r.agency));
  SX_RETURN_IF_ERROR(ReadInteger(Find(o, "year"), "year", 2000, 9999, r.year));
  SX_RETURN_IF_ERROR(ReadInteger(Find(o, "version"), "version", 1, 1'000'000, r.version));
  SX_RETURN_IF_ERROR(ReadText(Find(o, "status"), "status", true, r.status));
  if (r.status != "draft" && r.status != "published" && r.status != "superseded") {
    return Invalid("status", "须为 draft、published 或 superseded");
  }
  SX_RETURN_IF_ERROR(ReadTime(Find(o, "compiledAt"), "compiledAt", r.compiled_at));
  SX_RETURN_IF_ERROR(ReadTime(Find(o, "publishedOn"), "publishedOn", r.published_on));
  SX_RETURN_IF_ERROR(ReadText(Find(o, "note"), "note", false, r.note));
  if (const json::value* previous = Find(o, "previousYear")) {
    const json::object* p = nullptr;
    SX_RETURN_IF_ERROR(ReadObject(*previous, "previousYear", p));
    if (const json::value* available = Find(*p, "available")) {
      if (!available->is_bool()) return Invalid("previousYear.available", "须为 true 或 false");
      r.previous_available = available->get_bool();
    }
  }
  SX_RETURN_IF_ERROR(ReadList(o, "sections", true, r.sections, ReadSection));
  SX_RETURN_IF_ERROR(ReadList(o, "charts", false, r.charts, ReadChart));
  SX_RETURN_IF_ERROR(ReadList(o, "changes", false, r.changes, ReadChange));
  SX_RETURN_IF_ERROR(ReadList(o, "versions", false, r.versions, ReadVersion));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Numbers

enum class Measure { kAmount, kRate, kCount };

Measure MeasureOf(std::string_view unit) {
  if (unit.ends_with("元")) return Measure::kAmount;  // 元, 万元
  if (unit == "%" || unit == "％") return Measure::kRate;
  return Measure::kCount;
}

bool Integral(const std::optional<double>& x) { return !x || std::trunc(*x) == *x; }

// How a row's numbers are written: amounts in 元 with two decimals, rates with one, counts as
// integers (two decimals for the odd count with a fraction, such as average days).
struct NumberStyle {
  Measure measure = Measure::kCount;
  int decimals = 0;
};

NumberStyle StyleOf(std::string_view unit, const std::optional<double>& a,
                    const std::optional<double>& b) {
  switch (MeasureOf(unit)) {
    case Measure::kAmount:
      return {Measure::kAmount, 2};
    case Measure::kRate:
      return {Measure::kRate, 1};
    case Measure::kCount:
      break;
  }
  return {Measure::kCount, Integral(a) && Integral(b) ? 0 : 2};
}

double Round(double x, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double scaled = x * scale;
  return std::isfinite(scaled) ? std::round(scaled) / scale : x;
}

// `x` with `decimals` decimals, halves away from zero (四舍五入: 8.25 → 8.3), a thousands
// separator when `group`, never "-0".
std::string FormatNumber(double x, int decimals, bool group) {
  std::string s = fmt::format("{:.{}f}", Round(x, decimals), decimals);
  if (s.starts_with('-') && s.find_first_of("123456789") == std::string::npos) s.erase(0, 1);
  if (group) {
    const std::size_t digits_begin = s.starts_with('-') ? 1 : 0;
    std::size_t end = s.find('.');
    if (end == std::string::npos) end = s.size();
    for (std::size_t at = end; at > digits_begin + 3; at -= 3) s.insert(at - 3, ",");
  }
  return s;
}

std::string Format(double x, const NumberStyle& style) {
  return FormatNumber(x, style.decimals, style.measure == Measure::kAmount);
}

// The change from `previous` to `value`, signed ("+3", "-1,200.00", "0"); "—" without both.
std::string FormatDelta(const std::optional<double>& value, const std::optional<double>& previous,
                        const NumberStyle& style) {
  if (!value || !previous) return "—";
  std::string s = Format(*value - *previous, style);
  if (!s.starts_with('-') && s.find_first_of("123456789") != std::string::npos) s.insert(0, "+");
  return s;
}

// A chart's value, without a unit: an integer, else two decimals.
std::string FormatPlain(double x) { return FormatNumber(x, std::trunc(x) == x ? 0 : 2, true); }

std::string ChineseNumber(std::size_t n) {
  static constexpr const char* kDigits[] = {"",   "一", "二", "三", "四",
                                            "五", "六", "七", "八", "九"};
  if (n == 0 || n > 99) return std::to_string(n);
  if (n < 10) return kDigits[n];
  return std::string(n >= 20 ? kDigits[n / 10] : "") + "十" + kDigits[n % 10];
}

// 2027-01-20 → 2027年1月20日.
std::string ChineseDate(const Time& t) {
  return fmt::format("{}年{}月{}日", t.date.substr(0, 4), std::atoi(t.date.substr(5, 2).c_str()),
                     std::atoi(t.date.substr(8, 2).c_str()));
}

std::string StatusText(const Report& r) {
  if (r.status == "draft") return "草稿";
  if (r.status == "superseded") return "已被新版本替代";
  return "已发布";
}

// The unit of the row `code` (for the list of changes), empty when no row has it.
std::string UnitOf(const Report& r, std::string_view code) {
  for (const Section& s : r.sections) {
    for (const Row& row : s.rows) {
      if (row.code == code) return row.unit;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// PDF

struct Rgb {
  double r = 0, g = 0, b = 0;
};
constexpr Rgb kCurrent{0.24, 0.42, 0.68};   // 本年
constexpr Rgb kPrevious{0.67, 0.78, 0.90};  // 上年, lighter
constexpr Rgb kPalette[] = {{0.31, 0.47, 0.65}, {0.95, 0.56, 0.17}, {0.88, 0.34, 0.35},
                            {0.46, 0.72, 0.70}, {0.35, 0.63, 0.31}, {0.93, 0.79, 0.28},
                            {0.69, 0.48, 0.63}, {1.00, 0.62, 0.65}, {0.61, 0.46, 0.38},
                            {0.73, 0.69, 0.67}};
constexpr std::size_t kPaletteSize = std::size(kPalette);

void SetColor(cairo_t* cr, const Rgb& c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// A text of a chart, drawn by its top left corner.
struct Label {
  LayoutPtr layout;
  double width = 0, height = 0;
};

// `text` in `width` points (unwrapped when width <= 0), cut with … after `max_lines` lines.
Label MakeLabel(PangoContext* ctx, std::string_view text, const Style& style, double width,
                int max_lines) {
  Text t = MakeText(ctx, text, style, width);
  PangoLayout* l = t.layout.get();
  if (max_lines > 0 && width > 0) {
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(l, -max_lines);
  }
  int w = 0, h = 0;
  pango_layout_get_size(l, &w, &h);
  return {t.layout, Points(w), Points(h)};
}

void Show(cairo_t* cr, const Label& label, double x, double y) {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, label.layout.get());
}

// What a chart draws below its title: its height, and how to draw it from a given top.
struct Drawing {
  double height = 0;
  std::function<void(cairo_t*, double)> draw;
};

Drawing NoData(PangoContext* ctx) {
  Label note = MakeLabel(ctx, "无数据", Style{.size = 10, .align = PANGO_ALIGN_CENTER}, -1, 0);
  constexpr double kHeight = 36;
  return {kHeight, [note](cairo_t* cr, double top) {
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            Show(cr, note, kLeft + (kBodyWidth - note.width) / 2,
                 top + (kHeight - note.height) / 2);
          }};
}

// A value axis from `min` to `max` in steps of `step`, 1, 2 or 5 (2.5 from 25 up) times a power
// of ten, with 0 on it.
struct Scale {
  double min = 0, max = 1, step = 1;
  int decimals = 0;  // of the tick labels
  std::size_t Ticks() const {
    return static_cast<std::size_t>(std::lround((max - min) / step)) + 1;
  }
};

Scale NiceScale(double lo, double hi) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (hi - lo < 1e-6) hi = lo + 5;  // all zero, or too little to show
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  double nice = 10;
  if (f <= 1) {
    nice = 1;
  } else if (f <= 2) {
    nice = 2;
  } else if (f <= 2.5 && magnitude >= 10) {
    nice = 2.5;
  } else if (f <= 5) {
    nice = 5;
  }
  Scale s;
  s.step = nice * magnitude;
  s.min = std::floor(lo / s.step) * s.step;
  s.max = std::ceil(hi / s.step) * s.step;
  if (s.max <= s.min) s.max = s.min + s.step;
  s.decimals = s.step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(s.step) - 1e-9));
  return s;
}

// Bars or lines over labelled bands: 本年 and, when given, 上年 in a lighter colour.
Drawing AxesChart(PangoContext* ctx, const Chart& chart) {
  const std::size_t n = chart.labels.size();
  bool any = false;
  double lo = 0, hi = 0;
  for (const auto* series : {&chart.values, &chart.previous}) {
    for (const auto& v : *series) {
      if (!v) continue;
      any = true;
      lo = std::min(lo, *v);
      hi = std::max(hi, *v);
    }
  }
  if (n == 0 || !any) return NoData(ctx);
  const Scale scale = NiceScale(lo, hi);
  const bool previous = !chart.previous.empty();
  const bool bars = chart.kind == ChartKind::kBar;

  std::vector<Label> ticks;
  double tick_width = 0;
  for (std::size_t i = 0; i < scale.Ticks(); ++i) {
    const double v = scale.min + static_cast<double>(i) * scale.step;
    ticks.push_back(MakeLabel(ctx, FormatNumber(v, scale.decimals, true), Style{.size = 8}, -1, 0));
    tick_width = std::max(tick_width, ticks.back().width);
  }
  constexpr double kLegend = 14, kGap = 10, kPlot = 160;
  const double plot_left = kLeft + tick_width + 6;
  const double plot_right = kLeft + kBodyWidth - 2;
  const double band = (plot_right - plot_left) / static_cast<double>(n);
  std::vector<Label> labels;
  double label_height = 0;
  for (const std::string& text : chart.labels) {
    labels.push_back(
        MakeLabel(ctx, text, Style{.size = 8, .align = PANGO_ALIGN_CENTER}, band - 2, 2));
    label_height = std::max(label_height, labels.back().height);
  }
  const std::size_t series = previous ? 2 : 1;
  const std::array<Label, 2> legend = {MakeLabel(ctx, "本年", Style{.size = 9}, -1, 0),
                                       MakeLabel(ctx, "上年", Style{.size = 9}, -1, 0)};

  const double height = kLegend + kGap + kPlot + 4 + label_height + 4;
  return {height, [=](cairo_t* cr, double top) {
            const double plot_top = top + kLegend + kGap;
            const double plot_bottom = plot_top + kPlot;
            auto y_of = [&](double v) {
              return plot_bottom - (v - scale.min) / (scale.max - scale.min) * kPlot;
            };
            cairo_save(cr);
            // Legend, centred above the plot.
            constexpr double kSwatch = 12, kSwatchGap = 3, kItemGap = 14;
            double legend_width = 0;
            for (std::size_t i = 0; i < series; ++i) {
              legend_width += kSwatch + kSwatchGap + legend[i].width + kItemGap;
            }
            double x = kLeft + (kBodyWidth - legend_width + kItemGap) / 2;
            for (std::size_t i = 0; i < series; ++i) {
              const Label& label = legend[i];
              const double mid = top + label.height / 2;
              SetColor(cr, i == 0 ? kCurrent : kPrevious);
              if (bars) {
                cairo_rectangle(cr, x, mid - 4, kSwatch, 8);
                cairo_fill(cr);
              } else {
                cairo_set_line_width(cr, 1.5);
                cairo_move_to(cr, x, mid);
                cairo_line_to(cr, x + kSwatch, mid);
                cairo_stroke(cr);
              }
              cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
              Show(cr, label, x + kSwatch + kSwatchGap, top);
              x += kSwatch + kSwatchGap + label.width + kItemGap;
            }
            // Grid and ticks.
            cairo_set_line_width(cr, 0.4);
            for (std::size_t i = 0; i < ticks.size(); ++i) {
              const double y = y_of(scale.min + static_cast<double>(i) * scale.step);
              cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
              cairo_move_to(cr, plot_left, y);
              cairo_line_to(cr, plot_right, y);
              cairo_stroke(cr);
              cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
              Show(cr, ticks[i], plot_left - 4 - ticks[i].width, y - ticks[i].height / 2);
            }
            // Series.
            const double zero = y_of(0);
            auto center = [&](std::size_t i) {
              return plot_left + band * (static_cast<double>(i) + 0.5);
            };
            if (bars) {
              const double gap = band * 0.04;
              const double width = previous ? band * 0.34 : band * 0.6;
              auto bar = [&](double left, double v, const Rgb& color) {
                SetColor(cr, color);
                cairo_rectangle(cr, left, std::min(zero, y_of(v)), width,
                                std::fabs(y_of(v) - zero));
                cairo_fill(cr);
              };
              for (std::size_t i = 0; i < n; ++i) {
                const double c = center(i);
                if (previous) {
                  if (chart.values[i]) bar(c - gap / 2 - width, *chart.values[i], kCurrent);
                  if (chart.previous[i]) bar(c + gap / 2, *chart.previous[i], kPrevious);
                } else if (chart.values[i]) {
                  bar(c - width / 2, *chart.values[i], kCurrent);
                }
              }
            } else {
              auto line = [&](const std::vector<std::optional<double>>& series, const Rgb& color) {
                SetColor(cr, color);
                cairo_set_line_width(cr, 1.5);
                bool drawing = false;
                for (std::size_t i = 0; i < n; ++i) {
                  if (!series[i]) {
                    drawing = false;
                    continue;
                  }
                  if (drawing) {
                    cairo_line_to(cr, center(i), y_of(*series[i]));
                  } else {
                    cairo_move_to(cr, center(i), y_of(*series[i]));
                  }
                  drawing = true;
                }
                cairo_stroke(cr);
                for (std::size_t i = 0; i < n; ++i) {
                  if (!series[i]) continue;
                  cairo_new_sub_path(cr);
                  cairo_arc(cr, center(i), y_of(*series[i]), 2.2, 0, 2 * std::numbers::pi);
                  cairo_fill(cr);
                }
              };
              if (previous) line(chart.previous, kPrevious);
              line(chart.values, kCurrent);
            }
            // Axes and category labels.
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 0.6);
            cairo_move_to(cr, plot_left, plot_top);
            cairo_line_to(cr, plot_left, plot_bottom);
            cairo_move_to(cr, plot_left, zero);
            cairo_line_to(cr, plot_right, zero);
            cairo_stroke(cr);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            for (std::size_t i = 0; i < n; ++i) {
              Show(cr, labels[i], plot_left + band * static_cast<double>(i) + 1, plot_bottom + 4);
            }
            cairo_restore(cr);
          }};
}

// Slices clockwise from twelve o'clock, with a legend of label, value and share.
Drawing PieChart(PangoContext* ctx, const Chart& chart) {
  const std::size_t n = chart.labels.size();
  double total = 0;
  for (const auto& v : chart.values) total += v.value_or(0);
  if (n == 0 || total <= 0) return NoData(ctx);

  constexpr double kRadius = 70, kLegendGap = 40, kSwatch = 8, kEntryGap = 3;
  const double legend_left = kLeft + 2 * kRadius + kLegendGap;
  const double legend_width = kLeft + kBodyWidth - legend_left;
  std::vector<Label> entries;
  std::vector<Rgb> colors;
  double legend_height = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = chart.values[i].value_or(0);
    entries.push_back(MakeLabel(ctx,
                                fmt::format("{}　{}（{}%）", chart.labels[i], FormatPlain(v),
                                            FormatNumber(v / total * 100, 1, false)),
                                Style{.size = 9}, legend_width - kSwatch - 4, 1));
    legend_height += entries.back().height + kEntryGap;
    std::size_t color = i % kPaletteSize;
    if (i + 1 == n && n > 1 && color == 0) color = 1;  // not the first slice's colour beside it
    colors.push_back(kPalette[color]);
  }
  const double height = std::max(2 * kRadius + 8, legend_height) + 4;
  return {height, [=](cairo_t* cr, double top) {
            cairo_save(cr);
            const double cx = kLeft + 4 + kRadius, cy = top + 4 + kRadius;
            double angle = -std::numbers::pi / 2;
            for (std::size_t i = 0; i < n; ++i) {
              const double v = chart.values[i].value_or(0);
              if (v <= 0) continue;
              const double end = angle + v / total * 2 * std::numbers::pi;
              cairo_move_to(cr, cx, cy);
              cairo_arc(cr, cx, cy, kRadius, angle, end);
              cairo_close_path(cr);
              SetColor(cr, colors[i]);
              cairo_fill_preserve(cr);
              cairo_set_source_rgb(cr, 1, 1, 1);
              cairo_set_line_width(cr, 1);
              cairo_stroke(cr);
              angle = end;
            }
            double y = top + std::max(0.0, (2 * kRadius + 8 - legend_height) / 2);
            for (std::size_t i = 0; i < n; ++i) {
              SetColor(cr, colors[i]);
              cairo_rectangle(cr, legend_left, y + (entries[i].height - kSwatch) / 2, kSwatch,
                              kSwatch);
              cairo_fill(cr);
              cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
              Show(cr, entries[i], legend_left + kSwatch + 4, y);
              y += entries[i].height + kEntryGap;
            }
            cairo_restore(cr);
          }};
}

void PlaceHeading(Flow& flow, const std::string& text, double keep) {
  // A heading stays with what follows it (PlaceBlocks keeps it with one line only).
  if (flow.Room() < keep && flow.y() > kTop) flow.NewPage();
  PlaceBlocks(flow, {Block{.kind = Block::Kind::kHeading, .label = text}});
}

void PlaceParagraphs(Flow& flow, const std::string& text) {
  PlaceBlocks(flow, {Block{.kind = Block::Kind::kParagraph, .text = text, .indent = false}});
}

void PlaceTitle(Flow& flow, const Report& r) {
  PangoContext* ctx = flow.ctx();
  const Style title{.size = 20, .bold = true, .align = PANGO_ALIGN_CENTER};
  // Too long for a line: the agency's name on the first, the year's report on the second.
  std::string text = r.Title();
  if (NaturalWidth(ctx, text, title) > kBodyWidth) {
    text = fmt::format("{}\n{}年度行政执法统计年报", r.agency, r.year);
  }
  flow.Place(MakeText(ctx, text, title, kBodyWidth), kLeft);
  flow.Advance(6);
  std::string line = fmt::format("第 {} 版　{}　", r.version, StatusText(r));
  line += r.published_on ? "发布日期：" + ChineseDate(*r.published_on) : std::string("未发布");
  if (r.compiled_at) line += "　编制日期：" + ChineseDate(*r.compiled_at);
  const Style centered{.size = 11, .align = PANGO_ALIGN_CENTER};
  flow.Place(MakeText(ctx, line, centered, kBodyWidth), kLeft);
  flow.Place(MakeText(ctx, fmt::format("统计期间：{0}年1月1日至{0}年12月31日", r.year), centered,
                      kBodyWidth),
             kLeft);
  flow.Advance(8);
  if (!r.note.empty()) PlaceParagraphs(flow, "更正说明：" + r.note);
  if (!r.previous_available) {
    PlaceParagraphs(flow, fmt::format("{}年度没有已发布的年报，“上年”一栏空缺。", r.year - 1));
  }
}

void PlaceSections(Flow& flow, const Report& r, std::size_t& number) {
  for (const Section& section : r.sections) {
    PlaceHeading(flow, ChineseNumber(++number) + "、" + section.title, 96);
    if (section.rows.empty()) {
      PlaceParagraphs(flow, "本项无统计数据。");
      continue;
    }
    std::vector<std::vector<std::string>> rows = {{"指标", "单位", "本年", "上年", "增减"}};
    for (const Row& row : section.rows) {
      const NumberStyle style = StyleOf(row.unit, row.value, row.previous);
      rows.push_back({row.label, row.unit, row.value ? Format(*row.value, style) : "—",
                      row.previous ? Format(*row.previous, style) : "—",
                      FormatDelta(row.value, row.previous, style)});
    }
    PlaceTable(flow, rows,
               {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT,
                PANGO_ALIGN_RIGHT});
    flow.Advance(6);
  }
}

void PlaceCharts(Flow& flow, const Report& r, std::size_t& number) {
  if (r.charts.empty()) return;
  PlaceHeading(flow, ChineseNumber(++number) + "、统计图表", 240);
  PangoContext* ctx = flow.ctx();
  for (const Chart& chart : r.charts) {
    Text title = MakeText(ctx, chart.title,
                          Style{.size = 11, .bold = true, .align = PANGO_ALIGN_CENTER}, kBodyWidth);
    Drawing drawing = chart.kind == ChartKind::kPie ? PieChart(ctx, chart) : AxesChart(ctx, chart);
    flow.Advance(6);
    if (title.Height() + 6 + drawing.height > flow.Room() && flow.y() > kTop) flow.NewPage();
    flow.Place(title, kLeft);
    flow.Advance(6);
    flow.Add([draw = std::move(drawing.draw), top = flow.y()](cairo_t* cr) { draw(cr, top); });
    flow.Advance(drawing.height + 8);
  }
}

std::string FormatWithUnit(const std::optional<double>& x, const std::string& unit) {
  if (!x) return "—";
  const NumberStyle style = StyleOf(unit, x, std::nullopt);
  std::string number = Format(*x, style);
  if (unit.empty()) return number;
  return style.measure == Measure::kRate ? number + unit : number + " " + unit;
}

void PlaceChanges(Flow& flow, const Report& r, std::size_t& number) {
  if (r.changes.empty()) return;
  PlaceHeading(flow, ChineseNumber(++number) + "、本版更正", 60);
  std::string text;
  for (const Change& c : r.changes) {
    const std::string unit = UnitOf(r, c.code);
    if (!text.empty()) text += "\n";
    text += fmt::format("{}：{} → {}", c.label, FormatWithUnit(c.from, unit),
                        FormatWithUnit(c.to, unit));
  }
  PlaceParagraphs(flow, text);
}

void PlaceVersions(Flow& flow, const Report& r, std::size_t& number) {
  if (r.versions.empty()) return;
  PlaceHeading(flow, ChineseNumber(++number) + "、版本记录", 80);
  std::vector<std::vector<std::string>> rows = {{"版本", "发布日期", "说明"}};
  for (const Version& v : r.versions) {
    rows.push_back({fmt::format("第 {} 版", v.number),
                    v.published_on ? ChineseDate(*v.published_on) : "—",
                    v.note.empty() ? "—" : v.note});
  }
  PlaceTable(flow, rows);
}

// ---------------------------------------------------------------------------------------------
// XLSX

// A file name from mkstemp, removed when this goes.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/sx-annual-XXXXXX";
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      error_ = errno;
      path_.clear();
      return;
    }
    ::close(fd);
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return !path_.empty(); }
  int error() const { return error_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int error_ = 0;
};

constexpr const char* kReportSheet = "年报";
constexpr const char* kChartSheet = "图表";
constexpr lxw_color_t kCurrentRgb = 0x3D6BAD;
constexpr lxw_color_t kPreviousRgb = 0xABC7E6;

// Writes the workbook; remembers the first libxlsxwriter error.
class WorkbookWriter {
 public:
  explicit WorkbookWriter(lxw_workbook* wb) : wb_(wb) {}

  lxw_error error() const { return error_; }

  void Write(const Report& r) {
    WriteReportSheet(r);
    WriteChartSheet(r);
  }

 private:
  void Check(lxw_error e) {
    if (error_ == LXW_NO_ERROR) error_ = e;
  }

  lxw_format* NewFormat() {
    lxw_format* f = workbook_add_format(wb_);
    return f;
  }

  lxw_format* Cell() {
    if (!cell_) {
      cell_ = NewFormat();
      format_set_border(cell_, LXW_BORDER_THIN);
      format_set_text_wrap(cell_);
      format_set_align(cell_, LXW_ALIGN_VERTICAL_CENTER);
    }
    return cell_;
  }

  // A bordered number cell in `num_format`.
  lxw_format* Number(const std::string& num_format) {
    auto [it, added] = numbers_.try_emplace(num_format, nullptr);
    if (added) {
      it->second = NewFormat();
      format_set_border(it->second, LXW_BORDER_THIN);
      format_set_num_format(it->second, num_format.c_str());
    }
    return it->second;
  }

  static std::string NumFormat(const NumberStyle& style) {
    if (style.measure == Measure::kAmount) return "#,##0.00";
    return style.decimals == 0 ? "0"
                               : "0." + std::string(static_cast<std::size_t>(style.decimals), '0');
  }

  void WriteNumber(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::optional<double>& x,
                   lxw_format* format) {
    if (x) {
      Check(worksheet_write_number(ws, row, col, *x, format));
    } else {
      Check(worksheet_write_blank(ws, row, col, format));
    }
  }

  void WriteReportSheet(const Report& r) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, kReportSheet);
    if (ws == nullptr) return Check(LXW_ERROR_MEMORY_MALLOC_FAILED);
    Check(worksheet_set_column(ws, 0, 0, 36, nullptr));
    Check(worksheet_set_column(ws, 1, 1, 8, nullptr));
    Check(worksheet_set_column(ws, 2, 4, 16, nullptr));

    lxw_format* title = NewFormat();
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_align(title, LXW_ALIGN_CENTER);
    lxw_format* centered = NewFormat();
    format_set_align(centered, LXW_ALIGN_CENTER);
    lxw_format* heading = NewFormat();
    format_set_bold(heading);
    format_set_font_size(heading, 12);
    lxw_format* header = NewFormat();
    format_set_bold(header);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_bg_color(header, 0xE8E8E8);
    format_set_align(header, LXW_ALIGN_CENTER);
    lxw_format* unit = NewFormat();
    format_set_border(unit, LXW_BORDER_THIN);
    format_set_align(unit, LXW_ALIGN_CENTER);

    lxw_row_t row = 0;
    Check(worksheet_set_row(ws, row, 24, nullptr));
    Check(worksheet_merge_range(ws, row, 0, row, 4, r.Title().c_str(), title));
    ++row;
    std::string line = fmt::format("第 {} 版　{}　", r.version, StatusText(r));
    line += r.published_on ? "发布日期：" + ChineseDate(*r.published_on) : std::string("未发布");
    if (r.compiled_at) line += "　编制日期：" + ChineseDate(*r.compiled_at);
    Check(worksheet_merge_range(ws, row, 0, row, 4, line.c_str(), centered));
    ++row;
    std::vector<std::string> notes;
    if (!r.note.empty()) notes.push_back("更正说明：" + r.note);
    if (!r.previous_available) {
      notes.push_back(fmt::format("{}年度没有已发布的年报，“上年”一栏空缺。", r.year - 1));
    }
    for (const std::string& note : notes) {
      Check(worksheet_write_string(ws, row++, 0, note.c_str(), nullptr));
    }

    std::size_t number = 0;
    for (const Section& section : r.sections) {
      ++row;
      const std::string name = ChineseNumber(++number) + "、" + section.title;
      Check(worksheet_write_string(ws, row++, 0, name.c_str(), heading));
      const char* columns[] = {"指标", "单位", "本年", "上年", "增减"};
      for (lxw_col_t c = 0; c < 5; ++c) {
        Check(worksheet_write_string(ws, row, c, columns[c], header));
      }
      ++row;
      for (const Row& item : section.rows) {
        const NumberStyle style = StyleOf(item.unit, item.value, item.previous);
        const std::string plain = NumFormat(style);
        lxw_format* value = Number(plain);
        Check(worksheet_write_string(ws, row, 0, item.label.c_str(), Cell()));
        Check(worksheet_write_string(ws, row, 1, item.unit.c_str(), unit));
        WriteNumber(ws, row, 2, item.value, value);
        WriteNumber(ws, row, 3, item.previous, value);
        std::optional<double> delta;
        if (item.value && item.previous) {
          delta = Round(*item.value - *item.previous, style.decimals);
        }
        WriteNumber(ws, row, 4, delta, Number(fmt::format("+{0};-{0};{0}", plain)));
        ++row;
      }
    }
  }

  void WriteChartSheet(const Report& r) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, kChartSheet);
    if (ws == nullptr) return Check(LXW_ERROR_MEMORY_MALLOC_FAILED);
    Check(worksheet_set_column(ws, 0, 0, 24, nullptr));
    Check(worksheet_set_column(ws, 1, 2, 14, nullptr));
    lxw_format* bold = NewFormat();
    format_set_bold(bold);
    lxw_format* header = NewFormat();
    format_set_bold(header);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_bg_color(header, 0xE8E8E8);
    format_set_align(header, LXW_ALIGN_CENTER);

    lxw_row_t row = 0;
    for (const Chart& chart : r.charts) {
      const lxw_row_t title_row = row;
      const auto n = static_cast<lxw_row_t>(chart.labels.size());
      const bool previous = !chart.previous.empty();
      const bool integral = std::all_of(chart.values.begin(), chart.values.end(), Integral) &&
                            std::all_of(chart.previous.begin(), chart.previous.end(), Integral);
      lxw_format* number = Number(integral ? "#,##0" : "#,##0.00");
      Check(worksheet_write_string(ws, title_row, 0, chart.title.c_str(), bold));
      Check(worksheet_write_string(ws, title_row + 1, 0, "项目", header));
      Check(worksheet_write_string(ws, title_row + 1, 1, "本年", header));
      if (previous) Check(worksheet_write_string(ws, title_row + 1, 2, "上年", header));
      for (lxw_row_t i = 0; i < n; ++i) {
        Check(worksheet_write_string(ws, title_row + 2 + i, 0, chart.labels[i].c_str(), Cell()));
        WriteNumber(ws, title_row + 2 + i, 1, chart.values[i], number);
        if (previous) WriteNumber(ws, title_row + 2 + i, 2, chart.previous[i], number);
      }
      if (n == 0) {
        Check(worksheet_write_string(ws, title_row + 2, 0, "无数据", nullptr));
        row = title_row + 4;
        continue;
      }
      AddChart(ws, chart, title_row);
      // Below the table and the chart (288 px, about 15 rows), whichever ends lower.
      row = title_row + std::max<lxw_row_t>(n + 3, 17);
    }
  }

  void AddChart(lxw_worksheet* ws, const Chart& chart, lxw_row_t title_row) {
    const std::uint8_t type = chart.kind == ChartKind::kPie    ? LXW_CHART_PIE
                              : chart.kind == ChartKind::kLine ? LXW_CHART_LINE
                                                               : LXW_CHART_COLUMN;
    lxw_chart* c = workbook_add_chart(wb_, type);
    if (c == nullptr) return Check(LXW_ERROR_MEMORY_MALLOC_FAILED);
    const lxw_row_t first = title_row + 2;
    const lxw_row_t last = title_row + 1 + static_cast<lxw_row_t>(chart.labels.size());
    auto series = [&](lxw_col_t col, lxw_color_t color) {
      lxw_chart_series* s = chart_add_series(c, nullptr, nullptr);
      if (s == nullptr) return Check(LXW_ERROR_MEMORY_MALLOC_FAILED);
      chart_series_set_categories(s, kChartSheet, first, 0, last, 0);
      chart_series_set_values(s, kChartSheet, first, col, last, col);
      chart_series_set_name_range(s, kChartSheet, title_row + 1, col);
      if (chart.kind == ChartKind::kPie) {
        chart_series_set_labels(s);
        chart_series_set_labels_options(s, LXW_FALSE, LXW_FALSE, LXW_FALSE);
        chart_series_set_labels_percentage(s);
      } else if (chart.kind == ChartKind::kLine) {
        lxw_chart_line line = {};
        line.color = color;
        line.width = 2;
        chart_series_set_line(s, &line);
      } else {
        lxw_chart_fill fill = {};
        fill.color = color;
        chart_series_set_fill(s, &fill);
      }
    };
    series(1, kCurrentRgb);
    if (!chart.previous.empty() && chart.kind != ChartKind::kPie) series(2, kPreviousRgb);
    // The title from its cell: a title given as text would be taken as a formula when it
    // begins with '='.
    chart_title_set_name_range(c, kChartSheet, title_row, 0);
    chart_legend_set_position(
        c, chart.kind == ChartKind::kPie ? LXW_CHART_LEGEND_RIGHT : LXW_CHART_LEGEND_BOTTOM);
    Check(worksheet_insert_chart(ws, title_row + 1, 4, c));
  }

  lxw_workbook* wb_;
  lxw_error error_ = LXW_NO_ERROR;
  lxw_format* cell_ = nullptr;
  std::map<std::string, lxw_format*> numbers_;
};

// ---------------------------------------------------------------------------------------------
// CSV

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result<std::string> AnnualReportPdf(const boost::json::object& report) {
  auto parsed = ParseReport(report);
  if (!parsed.ok()) return parsed.status();
  const Report& r = *parsed;
  const PageSetup setup{.created = r.Created().iso,
                        .title = r.Title(),
                        .author = r.agency,
                        .footer = r.Title(),
                        .draft = r.status == "draft"};
  return RenderPages(setup, [&r](Flow& flow) {
    std::size_t number = 0;
    PlaceTitle(flow, r);
    PlaceSections(flow, r, number);
    PlaceCharts(flow, r, number);
    PlaceChanges(flow, r, number);
    PlaceVersions(flow, r, number);
  });
}

Result<std::string> AnnualReportXlsx(const boost::json::object& report) {
  auto parsed = ParseReport(report);
  if (!parsed.ok()) return parsed.status();
  const Report& r = *parsed;
  // This libxlsxwriter (1.1.4) writes to a file only: no output_buffer in lxw_workbook_options.
  TempFile file;
  if (!file.ok()) {
    return Status::Internal(
        fmt::format("年报 XLSX 临时文件创建失败：{}", std::strerror(file.error())));
  }
  lxw_workbook_options options = {};
  lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
  if (wb == nullptr) return Status::Internal("年报 XLSX 生成失败：无法创建工作簿");
  std::string title = r.Title(), author = r.agency;
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.author = author.data();
  properties.created = static_cast<time_t>(r.Created().unix);
  workbook_set_properties(wb, &properties);
  WorkbookWriter writer(wb);
  writer.Write(r);
  const lxw_error closed = workbook_close(wb);  // frees `wb` in any case
  const lxw_error error = writer.error() != LXW_NO_ERROR ? writer.error() : closed;
  if (error != LXW_NO_ERROR) {
    return Status::Internal(fmt::format("年报 XLSX 生成失败：{}", lxw_strerror(error)));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  if (!in.good() && !in.eof()) return Status::Internal("年报 XLSX 读取失败");
  return bytes;
}

Result<std::string> AnnualReportCsv(const boost::json::object& report) {
  auto parsed = ParseReport(report);
  if (!parsed.ok()) return parsed.status();
  std::string out =
      "\xEF\xBB\xBF"
      "section,code,label,unit,value,previous\r\n";
  for (const Section& section : parsed->sections) {
    for (const Row& row : section.rows) {
      const NumberStyle style = StyleOf(row.unit, row.value, row.previous);
      auto number = [&style](const std::optional<double>& x) {
        return x ? FormatNumber(*x, style.decimals, false) : std::string();
      };
      out += fmt::format("{},{},{},{},{},{}\r\n", CsvField(section.code), CsvField(row.code),
                         CsvField(row.label), CsvField(row.unit), number(row.value),
                         number(row.previous));
    }
  }
  return out;
}

}  // namespace sx::render
