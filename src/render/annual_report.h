// The exports of the annual enforcement statistics report (行政执法统计年报, docs/supervision.md):
// PDF, XLSX and CSV of a Report as the API sends it.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "util/status.h"

namespace sx::render {

// Every export reads the Report JSON of docs/supervision.md ("A Report"). Required: agency.name,
// year (2000–9999), version (≥ 1), status (draft | published | superseded) and sections, each
// with code, title and rows (code, label, unit, value, previous); charts, changes, versions,
// compiledAt, publishedOn, note and previousYear may be absent or null. Values are numbers or
// null; a unit ending in 元 is an amount (2 decimals), % a rate (1 decimal), anything else a
// count (an integer unless the value has a fraction). kInvalid, naming the field
// ("sections[1].rows[0].value"), for anything missing, of the wrong type, out of range, not
// UTF-8 or with control characters; never a crash, whatever the JSON.

// A4 portrait, in the fonts of RenderPdf: the title {agency.name}{year}年度行政执法统计年报, the
// version, status and publication date (a draft carries the 草稿 watermark), then per section a
// ruled table 指标 | 单位 | 本年 | 上年 | 增减 (header repeated across pages), the charts as vector
// graphics (bar, line: axes with round ticks, 本年 and a lighter 上年; pie: slices with a legend of
// values and shares), 本版更正 when `changes` is non-empty, the version history, and 第 N 页 共 M
// 页. The same report gives the same bytes: the PDF's dates are compiledAt (else publishedOn, else
// 31 December of `year`). kInternal when cairo fails.
Result<std::string> AnnualReportPdf(const boost::json::object& report);

// An .xlsx workbook (libxlsxwriter): sheet 年报 with the title and, per section, a heading row and
// rows 指标/单位/本年/上年/增减 as numbers with number formats; sheet 图表 with each chart's data
// (labels, 本年, 上年) and a native Excel chart of it. The workbook's creation time is that of the
// PDF. kInternal when the temporary file (under $TMPDIR, else /tmp) cannot be written.
Result<std::string> AnnualReportXlsx(const boost::json::object& report);

// UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting: `section,code,label,unit,value,previous`
// (section and row codes), one line per row; numbers as plain decimals in their unit's precision,
// null as an empty field.
Result<std::string> AnnualReportCsv(const boost::json::object& report);

}  // namespace sx::render
