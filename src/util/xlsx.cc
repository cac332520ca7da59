#include "util/xlsx.h"

#include <archive.h>
#include <archive_entry.h>
#include <expat.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>

#include "util/utf8.h"

namespace sx::util {

namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr std::size_t kChunk = 64 << 10;    // bytes decompressed and parsed at a time
constexpr std::size_t kMaxStyles = 100000;  // Excel itself allows about 64,000 cell formats
constexpr std::string_view kFallbackSheet = "xl/worksheets/sheet1.xml";

Status NotXlsx(std::string_view why) {
  return Status::Invalid(fmt::format("不是有效的 XLSX 文件({})", why)).WithField("file");
}

Status TooLarge() {
  return Status::Invalid("XLSX 文件解压后内容过大,请删除无关的工作表或内容后重试")
      .WithField("file");
}

std::size_t SaturatingMul(std::size_t a, std::size_t b) {
  return a != 0 && b > std::numeric_limits<std::size_t>::max() / a
             ? std::numeric_limits<std::size_t>::max()
             : a * b;
}

std::optional<std::size_t> ParseIndex(std::string_view s) {
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// "A" for column 1, "AB" for 28.
std::string ColumnName(std::size_t col) {
  std::string name;
  for (; col > 0 && name.size() < 8; col = (col - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (col - 1) % 26));
  }
  return name;
}

// The 1-based column of a cell reference ("C7" → 3); 0 when it has no column letters. Saturates
// far beyond any limit instead of overflowing.
std::size_t ColumnOf(std::string_view ref) {
  std::size_t col = 0;
  for (char c : ref) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = std::min<std::size_t>(col * 26 + static_cast<std::size_t>(c - 'A' + 1), 1u << 30);
  }
  return col;
}

// Strings in OOXML escape characters XML cannot hold as "_xHHHH_" ("_x000D_" is a CR, and a
// literal "_x" is written "_x005F_x"); this undoes it for characters outside the surrogates.
std::string Unescape(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned cp = 0;
    if (s.compare(i, 2, "_x") == 0 && i + 7 <= s.size() && s[i + 6] == '_' &&
        std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16).ptr == s.data() + i + 6 &&
        (cp < 0xD800 || cp > 0xDFFF)) {
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
      i += 6;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Built-in number formats that show dates: 14–17 and 22 everywhere, and the year/month/day
// formats of the Chinese (and other East Asian) locales, which Excel writes without a <numFmt>.
// The time-only built-ins (18–21, 32–35, 45–47, 55–56) are not dates.
bool IsBuiltinDateFormat(std::size_t id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
         (id >= 50 && id <= 54) || id == 57 || id == 58;
}

// True when a custom format code shows a date: it has y or d, or m without h or s (else "m" is
// minutes), outside quoted text, [brackets] (colours, [h], locales), \escapes and the _x/*x
// spacing characters. Only the first section (positive numbers) counts.
bool IsDateFormatCode(std::string_view code) {
  bool year_or_day = false, month = false, time = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
    if (c == '"' || c == '[') {
      const auto close = code.find(c == '"' ? '"' : ']', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == ';') {
      break;
    } else if (c == 'y' || c == 'd') {
      year_or_day = true;
    } else if (c == 'm') {
      month = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    }
  }
  return year_or_day || (month && !time);
}

// "YYYY-MM-DD" for a date serial as written in a cell ("45292.75" → "2024-01-01"), or nullopt
// when it is not a day Excel can show. In the 1900 system serial 1 is 1900-01-01 and serial 60 is
// the 1900-02-29 that Lotus 1-2-3 invented and Excel keeps, so from 61 on serials count days from
// 1899-12-30. In the 1904 system (old Mac workbooks) serial 0 is 1904-01-01.
std::optional<std::string> SerialToDate(std::string_view v, bool date1904) {
  double serial = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), serial);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(serial))
    return std::nullopt;
  const double day = std::floor(serial);
  if (day < (date1904 ? 0 : 1) || day > 2958465) return std::nullopt;  // up to 9999-12-31
  const auto n = static_cast<long>(day);
  if (!date1904 && n == 60) return "1900-02-29";
  // Days since 1970-01-01 (Excel 1900 serial 25569, 1904 serial 24107).
  const long days = date1904 ? n - 24107 : (n < 60 ? n - 25568 : n - 25569);
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

// --- Streaming XML -------------------------------------------------------------------------

// With namespace processing expat names elements "uri|local". Producers use different prefixes
// (x:row, r:id, ns1:id), so parts are matched on local names only.
constexpr XML_Char kNsSep = '|';

std::string_view LocalName(const XML_Char* name) {
  const std::string_view n(name);
  const auto sep = n.rfind(kNsSep);
  return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

// The value of the attribute with local name `local`, "" when absent.
std::string_view Attr(const XML_Char** attrs, std::string_view local) {
  for (; *attrs != nullptr; attrs += 2) {
    if (LocalName(attrs[0]) == local) return attrs[1];
  }
  return {};
}

// Handlers for one XML part. A handler that finds a problem sets `error`, which stops the parse.
class XmlPart {
 public:
  virtual ~XmlPart() = default;
  virtual void Start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void End(std::string_view /*name*/) {}
  virtual void Text(std::string_view /*text*/) {}
  Status error;
};

// An expat parser fed chunk by chunk. DTDs are refused: OOXML never has one, and without a DTD
// there are no entity expansions (billion laughs) and no external entities.
class XmlStream {
 public:
  explicit XmlStream(XmlPart* part) : part_(part), parser_(XML_ParserCreateNS(nullptr, kNsSep)) {
    if (parser_ == nullptr) return;
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &OnStart, &OnEnd);
    XML_SetCharacterDataHandler(parser_, &OnText);
    XML_SetStartDoctypeDeclHandler(parser_, &OnDoctype);
  }
  ~XmlStream() {
    if (parser_ != nullptr) XML_ParserFree(parser_);
  }
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  Status Feed(std::string_view chunk, bool last) {
    if (parser_ == nullptr) return Status::Internal("无法创建 XML 解析器");
    if (XML_Parse(parser_, chunk.data(), static_cast<int>(chunk.size()), last) == XML_STATUS_OK) {
      return Status::Ok();
    }
    if (!part_->error.ok()) return part_->error;
    return NotXlsx(fmt::format("XML 格式错误:{}", XML_ErrorString(XML_GetErrorCode(parser_))));
  }

 private:
  static void OnStart(void* self, const XML_Char* name, const XML_Char** attrs) {
    auto* s = static_cast<XmlStream*>(self);
    if (s->part_->error.ok()) s->part_->Start(LocalName(name), attrs);
    s->StopOnError();
  }
  static void OnEnd(void* self, const XML_Char* name) {
    auto* s = static_cast<XmlStream*>(self);
    if (s->part_->error.ok()) s->part_->End(LocalName(name));
    s->StopOnError();
  }
  static void OnText(void* self, const XML_Char* text, int len) {
    auto* s = static_cast<XmlStream*>(self);
    if (s->part_->error.ok()) s->part_->Text(std::string_view(text, static_cast<std::size_t>(len)));
    s->StopOnError();
  }
  static void OnDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* s = static_cast<XmlStream*>(self);
    if (s->part_->error.ok()) s->part_->error = NotXlsx("XML 中含有 DTD");
    s->StopOnError();
  }
  void StopOnError() {
    if (!part_->error.ok()) XML_StopParser(parser_, XML_FALSE);
  }

  XmlPart* part_;
  XML_Parser parser_;
};

// --- The ZIP container ---------------------------------------------------------------------

// A part to look for in the ZIP, and the handlers to stream it into (none: only note it exists).
struct Wanted {
  std::string name;
  XmlPart* part = nullptr;
  bool found = false;
};

// OPC part names compare case-insensitively; some writers add a leading '/' or use '\'.
bool SamePart(std::string_view entry, std::string_view name) {
  if (entry.starts_with('/')) entry.remove_prefix(1);
  if (entry.size() != name.size() || name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char a = entry[i] == '\\' ? '/' : entry[i];
    if (std::tolower(static_cast<unsigned char>(a)) !=
        std::tolower(static_cast<unsigned char>(name[i]))) {
      return false;
    }
  }
  return true;
}

// Streams the entries in `wanted` (the first of each name) through their parts' parsers; other
// entries are skipped without being decompressed. `budget` is what may still be decompressed,
// counted as the bytes come out, whatever the ZIP headers claim.
Status ReadEntries(std::string_view bytes, std::size_t& budget, std::vector<Wanted>& wanted) {
  std::unique_ptr<archive, decltype(&archive_read_free)> zip(archive_read_new(),
                                                             &archive_read_free);
  if (!zip) return Status::Internal("无法创建 ZIP 读取器");
  if (bytes.empty()) return NotXlsx("无法读取压缩包");
  archive_read_support_format_zip(zip.get());
  if (archive_read_open_memory(zip.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return NotXlsx("无法读取压缩包");
  }
  std::string buf(kChunk, '\0');
  for (;;) {
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(zip.get(), &entry);
    if (rc == ARCHIVE_EOF) return Status::Ok();
    if (rc < ARCHIVE_WARN) return NotXlsx("无法读取压缩包");
    const char* path = archive_entry_pathname(entry);
    if (path == nullptr) continue;
    Wanted* w = nullptr;  // the first wanted part of this name with handlers
    for (auto& c : wanted) {
      if (c.found || !SamePart(path, c.name)) continue;
      c.found = true;
      if (w == nullptr && c.part != nullptr) w = &c;
    }
    if (w == nullptr) continue;  // the next archive_read_next_header skips the data
    XmlStream xml(w->part);
    for (;;) {
      const la_ssize_t n = archive_read_data(zip.get(), buf.data(), buf.size());
      if (n < 0) return NotXlsx("压缩包已损坏");
      if (static_cast<std::size_t>(n) > budget) return TooLarge();
      budget -= static_cast<std::size_t>(n);
      SX_RETURN_IF_ERROR(
          xml.Feed(std::string_view(buf.data(), static_cast<std::size_t>(n)), n == 0));
      if (n == 0) break;
    }
  }
}

// Resolves a target in xl/_rels/workbook.xml.rels to a part name: "worksheets/sheet1.xml",
// "/xl/worksheets/sheet1.xml" and "./../xl/worksheets/sheet1.xml" all give
// xl/worksheets/sheet1.xml.
std::string ResolveTarget(std::string_view target) {
  const std::string joined =
      target.starts_with('/') ? std::string(target) : "xl/" + std::string(target);
  std::vector<std::string_view> segments;
  std::string_view rest(joined);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
  }
  std::string path;
  for (const auto& seg : segments) path += (path.empty() ? "" : "/") + std::string(seg);
  return path;
}

// --- The parts -----------------------------------------------------------------------------

// xl/workbook.xml: the relationship id of the first <sheet>, and the date system.
struct WorkbookPart : XmlPart {
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheet" && !has_sheet) {
      has_sheet = true;
      first_sheet_id = Attr(attrs, "id");  // r:id
    } else if (name == "workbookPr") {
      const auto v = Attr(attrs, "date1904");
      date1904 = v == "1" || v == "true";
    }
  }
  bool has_sheet = false;
  std::string first_sheet_id;
  bool date1904 = false;
};

// xl/_rels/workbook.xml.rels: where the first sheet, the shared strings and the styles are.
struct RelsPart : XmlPart {
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship" || Attr(attrs, "TargetMode") == "External") return;
    const auto id = Attr(attrs, "Id");
    const auto type = Attr(attrs, "Type");
    const auto target = ResolveTarget(Attr(attrs, "Target"));
    targets.emplace(id, target);  // the first sheet's id may only be known after this part
    if (type.ends_with("/sharedStrings")) shared_strings = target;
    if (type.ends_with("/styles")) styles = target;
  }
  std::unordered_map<std::string, std::string> targets;  // relationship id → part name
  std::string shared_strings = "xl/sharedStrings.xml";
  std::string styles = "xl/styles.xml";
};

// xl/sharedStrings.xml: each <si> is the text of its <t> elements (one, or one per rich text run
// <r>), without phonetic guides (<rPh>). Kept in one buffer to bound memory per string.
struct SharedStringsPart : XmlPart {
  explicit SharedStringsPart(std::size_t max) : max_count(max) {}
  void Start(std::string_view name, const XML_Char**) override {
    if (name == "si") in_si = true;
    if (name == "t") in_t = true;
    if (name == "rPh") in_rph = true;
  }
  void End(std::string_view name) override {
    if (name == "t") in_t = false;
    if (name == "rPh") in_rph = false;
    if (name == "si" && in_si) {
      in_si = false;
      if (ends.size() == max_count) {
        error = Status::Invalid("XLSX 文件中的共享字符串过多").WithField("file");
        return;
      }
      ends.push_back(pool.size());
    }
  }
  void Text(std::string_view text) override {
    if (in_si && in_t && !in_rph) pool += text;
  }
  std::size_t size() const { return ends.size(); }
  std::string_view Get(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(pool).substr(begin, ends[i] - begin);
  }
  std::size_t max_count;
  bool in_si = false, in_t = false, in_rph = false;
  std::string pool;
  std::vector<std::size_t> ends;  // where each string ends in `pool`
};

// xl/styles.xml: which cell formats (the s attribute of a cell indexes <cellXfs>) show dates.
struct StylesPart : XmlPart {
  void Start(std::string_view name, const XML_Char** attrs) override {
    const auto id = ParseIndex(Attr(attrs, "numFmtId")).value_or(0);
    if (name == "numFmt" && in_num_fmts && custom_date.size() < kMaxStyles) {
      custom_date[id] = IsDateFormatCode(Attr(attrs, "formatCode"));
    } else if (name == "numFmts") {
      in_num_fmts = true;
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs && xf_formats.size() < kMaxStyles) {
      xf_formats.push_back(id);
    }
  }
  void End(std::string_view name) override {
    if (name == "numFmts") in_num_fmts = false;
    if (name == "cellXfs") in_cell_xfs = false;
  }
  bool IsDate(std::size_t style) const {
    if (style >= xf_formats.size()) return false;
    const auto custom = custom_date.find(xf_formats[style]);
    return custom != custom_date.end() ? custom->second : IsBuiltinDateFormat(xf_formats[style]);
  }
  // Only <numFmts> and <cellXfs> count: <dxfs> hold numFmts too, <cellStyleXfs> hold xfs too.
  bool in_num_fmts = false, in_cell_xfs = false;
  std::unordered_map<std::size_t, bool> custom_date;  // numFmtId → shows a date
  std::vector<std::size_t> xf_formats;                // numFmtId of each cell format
};

// The worksheet: <sheetData><row r="1"><c r="A1" t="s" s="2"><v>0</v></c>...
class SheetPart : public XmlPart {
 public:
  SheetPart(const XlsxLimits& limits, const SharedStringsPart& strings, const StylesPart& styles,
            bool date1904)
      : limits_(limits), strings_(strings), styles_(styles), date1904_(date1904) {}

  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "row") {
      const auto r = Attr(attrs, "r");
      const auto number = r.empty() ? std::optional(row_ + 1) : ParseIndex(r);
      if (!number || *number <= row_) {
        error = NotXlsx("工作表的行号无效或顺序错误");
        return;
      }
      row_ = *number;
      col_ = 0;
    } else if (name == "c") {
      const auto ref = Attr(attrs, "r");
      col_ = ref.empty() ? std::min<std::size_t>(col_ + 1, 1u << 30) : ColumnOf(ref);
      if (col_ == 0 || row_ == 0) {
        error = NotXlsx("工作表的单元格位置无效");
        return;
      }
      type_ = Attr(attrs, "t");
      style_ = ParseIndex(Attr(attrs, "s")).value_or(0);
      value_.clear();
      in_cell_ = true;
    } else if (in_cell_) {
      if (name == "v") in_v_ = true;
      if (name == "is") in_is_ = true;
      if (name == "t") in_t_ = true;
      if (name == "rPh") in_rph_ = true;
    }
  }

  void End(std::string_view name) override {
    if (name == "v") in_v_ = false;
    if (name == "is") in_is_ = false;
    if (name == "t") in_t_ = false;
    if (name == "rPh") in_rph_ = false;
    if (name == "c" && in_cell_) {
      in_cell_ = false;
      error = Place(CellText());
    }
  }

  void Text(std::string_view text) override {
    if (!in_v_ && !(in_is_ && in_t_ && !in_rph_)) return;
    if (value_.size() + text.size() > MaxCellBytes()) {
      error = CellTooLong();
      return;
    }
    value_ += text;
  }

  Rows rows;

 private:
  // A UTF-8 code point takes at most 4 bytes.
  std::size_t MaxCellBytes() const { return SaturatingMul(limits_.max_cell_chars, 4); }
  Status CellTooLong() const {
    return Status::Invalid(fmt::format("单元格 {}{} 超过 {} 个字符", ColumnName(col_), row_,
                                       limits_.max_cell_chars))
        .WithField("file");
  }

  // The cell's text by its type (t attribute), the error in `error` when it has none.
  std::string CellText() {
    if (type_ == "s") {
      const auto i = ParseIndex(value_);
      if (!i || *i >= strings_.size()) {
        error = NotXlsx(fmt::format("单元格 {}{} 引用的共享字符串不存在", ColumnName(col_), row_));
        return {};
      }
      const auto s = strings_.Get(*i);
      if (s.size() > MaxCellBytes()) error = CellTooLong();
      return error.ok() ? Unescape(s) : std::string();
    }
    if (type_ == "inlineStr" || type_ == "str") return Unescape(value_);
    if (type_ == "b") return value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
    if (type_ == "d" && value_.size() >= 10 && value_[4] == '-' && value_[7] == '-') {
      return value_.substr(0, 10);  // ISO 8601 date cells (strict OOXML)
    }
    if ((type_.empty() || type_ == "n") && styles_.IsDate(style_)) {
      if (auto date = SerialToDate(value_, date1904_)) return *date;
    }
    return value_;  // numbers and error values (t="e") as written
  }

  // Puts a non-empty cell into `rows`, growing them only up to it.
  Status Place(std::string text) {
    if (!error.ok() || text.empty()) return error;
    if (row_ > limits_.max_rows) {
      return Status::Invalid(fmt::format("工作表超过 {} 行,请分批导入", limits_.max_rows))
          .WithField("file");
    }
    if (col_ > limits_.max_columns) {
      return Status::Invalid(fmt::format("工作表超过 {} 列(单元格 {}{})", limits_.max_columns,
                                         ColumnName(col_), row_))
          .WithField("file");
    }
    if (CodePointCount(text).value_or(text.size()) > limits_.max_cell_chars) return CellTooLong();
    output_ += text.size();
    if (output_ > limits_.max_uncompressed) return TooLarge();
    if (rows.size() < row_) rows.resize(row_);
    auto& cells = rows[row_ - 1];
    if (cells.size() < col_) cells.resize(col_);
    cells[col_ - 1] = std::move(text);
    return Status::Ok();
  }

  const XlsxLimits& limits_;
  const SharedStringsPart& strings_;
  const StylesPart& styles_;
  const bool date1904_;
  std::size_t row_ = 0, col_ = 0;  // 1-based position of the current row and cell
  std::string type_;
  std::size_t style_ = 0;
  std::string value_;
  bool in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false, in_rph_ = false;
  std::size_t output_ = 0;  // bytes of text in `rows`
};

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4));
}

Result<Rows> ReadXlsxFirstSheet(std::string_view bytes, const XlsxLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    const auto limit = limits.max_bytes >= (1 << 20) ? fmt::format("{} MB", limits.max_bytes >> 20)
                                                     : fmt::format("{} 字节", limits.max_bytes);
    return Status::Invalid(fmt::format("XLSX 文件过大(超过 {})", limit)).WithField("file");
  }
  std::size_t budget = limits.max_uncompressed;

  // Pass 1: which part is the first sheet, and the date system. ZIP entries come in any order,
  // so each pass reads only parts whose names the earlier passes settled.
  WorkbookPart workbook;
  RelsPart rels;
  std::vector<Wanted> pass1 = {{"xl/workbook.xml", &workbook},
                               {"xl/_rels/workbook.xml.rels", &rels}};
  SX_RETURN_IF_ERROR(ReadEntries(bytes, budget, pass1));
  if (!pass1[0].found) return NotXlsx("缺少 xl/workbook.xml");
  std::string sheet;
  if (const auto it = rels.targets.find(workbook.first_sheet_id);
      workbook.has_sheet && it != rels.targets.end()) {
    sheet = it->second;
  }

  // Pass 2: shared strings and styles; also whether the sheet (or the usual fallback) exists.
  // A sheet has at most max_rows × max_columns cells, so more strings than that is hostile.
  SharedStringsPart strings(SaturatingMul(limits.max_rows, limits.max_columns));
  StylesPart styles;
  std::vector<Wanted> pass2 = {{rels.shared_strings, &strings},
                               {rels.styles, &styles},
                               {sheet, nullptr},
                               {std::string(kFallbackSheet), nullptr}};
  SX_RETURN_IF_ERROR(ReadEntries(bytes, budget, pass2));
  if (!pass2[2].found) sheet = pass2[3].found ? std::string(kFallbackSheet) : "";
  if (sheet.empty()) return Status::Invalid("XLSX 文件中没有工作表").WithField("file");

  // Pass 3: the sheet itself, streamed into rows.
  SheetPart sheet_part(limits, strings, styles, workbook.date1904);
  std::vector<Wanted> pass3 = {{sheet, &sheet_part}};
  SX_RETURN_IF_ERROR(ReadEntries(bytes, budget, pass3));
  return std::move(sheet_part.rows);
}

}  // namespace sx::util
