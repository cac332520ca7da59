#include "util/csv.h"

#include <iconv.h>

#include <fmt/format.h>

#include "util/utf8.h"

namespace sx {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Result<std::string> FromGb18030(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Status::Internal("系统缺少 GB18030 编码转换支持(glibc gconv)");
  }
  std::string out(bytes.size() * 2 + 16, '\0');  // GB18030 → UTF-8 grows at most 2×
  char* in = const_cast<char*>(bytes.data());    // iconv's signature; it does not write
  std::size_t in_left = bytes.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1) || in_left != 0) {
    return Status::Invalid(
               "文件编码无法识别:既不是 UTF-8 也不是 GBK,请在表格软件中另存为“CSV UTF-8”")
        .WithField("file");
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

Result<std::string> DecodeSpreadsheetText(std::string_view bytes) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (IsValidUtf8(bytes)) return std::string(bytes);
  auto converted = FromGb18030(bytes);
  if (!converted.ok()) return converted;
  if (!IsValidUtf8(*converted)) {
    return Status::Invalid(
               "文件编码无法识别:既不是 UTF-8 也不是 GBK,请在表格软件中另存为“CSV UTF-8”")
        .WithField("file");
  }
  return converted;
}

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::size_t max_records) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  int line = 1;
  row.line = 1;
  bool quoted = false;       // inside a quoted field
  bool after_quote = false;  // a quoted field has just closed
  auto end_record = [&]() -> Status {
    row.cells.push_back(std::move(cell));
    cell.clear();
    bool blank = true;
    for (const auto& c : row.cells) blank = blank && c.empty();
    if (!blank) {
      if (rows.size() == max_records) {
        return Status::Invalid(fmt::format("文件超过 {} 行数据,请分批导入", max_records))
            .WithField("file");
      }
      rows.push_back(std::move(row));
    }
    row = CsvRow{};
    row.line = line;
    after_quote = false;
    return Status::Ok();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (ch == '\n') ++line;
        cell += ch;
      }
      continue;
    }
    if (ch == ',') {
      row.cells.push_back(std::move(cell));
      cell.clear();
      after_quote = false;
    } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the LF ends the record
    } else if (ch == '\n') {
      ++line;
      SX_RETURN_IF_ERROR(end_record());
    } else if (after_quote) {
      return Status::Invalid(fmt::format("第 {} 行:引号结束后还有其他字符", line))
          .WithField("file");
    } else if (ch == '"' && cell.empty()) {
      quoted = true;
    } else {
      cell += ch;
    }
  }
  if (quoted) {
    return Status::Invalid(fmt::format("第 {} 行:引号没有闭合", row.line)).WithField("file");
  }
  if (!cell.empty() || !row.cells.empty()) SX_RETURN_IF_ERROR(end_record());
  return rows;
}

}  // namespace sx
