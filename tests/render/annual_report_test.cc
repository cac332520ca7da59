#include "render/annual_report.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "util/xlsx.h"

namespace sx::render {
namespace {

namespace json = boost::json;

// A published report (version 2, with a correction) of two sections, a bar chart with the
// previous year and a pie; `draft` makes it the draft of version 3.
json::object Report(bool draft = false) {
  json::object r = json::parse(R"({
    "agency": {"id": 1, "code": "ZZGJJ", "name": "郑州住房公积金管理中心"},
    "year": 2026, "version": 2, "status": "published",
    "compiledAt": "2027-01-05T02:00:00Z", "publishedOn": "2027-02-03", "digest": "ab12",
    "note": "更正处罚金额", "previousYear": {"available": true, "version": 2},
    "sections": [
      {"code": "penalty", "title": "行政处罚", "rows": [
        {"code": "penalty.decisions", "label": "行政处罚决定", "unit": "件", "value": 12, "previous": 9},
        {"code": "penalty.fine_amount", "label": "罚款金额", "unit": "元", "value": 150000.0, "previous": 98765.4},
        {"code": "penalty.hearing_rate", "label": "听证告知率", "unit": "%", "value": 8.25, "previous": null}]},
      {"code": "inspection", "title": "行政检查", "rows": [
        {"code": "inspection.random_plans", "label": "双随机抽查计划", "unit": "个", "value": 4, "previous": 6},
        {"code": "inspection.units", "label": "检查单位", "unit": "家", "value": 1200, "previous": 1180}]}],
    "charts": [
      {"code": "decisions.by_month", "title": "各月执法决定", "kind": "bar",
       "labels": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
       "values": [1, 0, 2, 1, 0, 3, 1, 0, 1, 2, 0, 1],
       "previous": [0, 1, 1, 0, 2, 1, 0, 1, 1, 0, 1, 1]},
      {"code": "penalty.by_type", "title": "行政处罚决定按类型", "kind": "pie",
       "labels": ["罚款", "警告等其他处罚"], "values": [10, 2]}],
    "changes": [{"code": "penalty.fine_amount", "label": "罚款金额", "from": 140000.0, "to": 150000.0}],
    "versions": [{"version": 1, "publishedOn": "2027-01-20", "note": ""},
                 {"version": 2, "publishedOn": "2027-02-03", "note": "更正处罚金额"}]})")
                       .as_object();
  if (draft) {
    r["status"] = "draft";
    r["version"] = 3;
    r["publishedOn"] = nullptr;
  }
  return r;
}

// A fresh directory, removed with its files.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sx-annual-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Standard output of `command`.
std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buf;
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  pclose(pipe);
  return out;
}

bool HaveTool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

#define SX_REQUIRE_POPPLER()                                                                     \
  for (const char* tool : {"pdftotext", "pdfinfo"}) {                                            \
    if (!HaveTool(tool)) {                                                                       \
      FAIL() << tool << " not found: install poppler-utils (scripts/setup.sh does), then rerun"; \
    }                                                                                            \
  }

// The output of `tool` (pdftotext, pdfinfo) on `pdf`.
std::string RunOnPdf(const std::string& tool, const std::string& pdf) {
  TempDir dir;
  std::ofstream(dir.File("report.pdf"), std::ios::binary) << pdf;
  return Shell(tool + " " + dir.File("report.pdf") + (tool == "pdftotext" ? " -enc UTF-8 - " : ""));
}

// pdftotext's text with all white space removed (table cells and CJK lines break anywhere).
std::string PdfText(const std::string& pdf, int* pages = nullptr) {
  const std::string text = RunOnPdf("pdftotext", pdf);
  if (pages) *pages = static_cast<int>(std::count(text.begin(), text.end(), '\f'));
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\f' && c != '\t' && c != '\r') out += c;
  }
  return out;
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::string Pdf(const json::object& report) {
  auto pdf = AnnualReportPdf(report);
  EXPECT_TRUE(pdf.ok()) << pdf.status().message();
  return pdf.ok() ? *pdf : std::string();
}

std::string Xlsx(const json::object& report) {
  auto xlsx = AnnualReportXlsx(report);
  EXPECT_TRUE(xlsx.ok()) << xlsx.status().message();
  return xlsx.ok() ? *xlsx : std::string();
}

// The entries of a ZIP file in memory, by name.
std::map<std::string, std::string> Unzip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  std::unique_ptr<archive, decltype(&archive_read_free)> zip(archive_read_new(),
                                                             &archive_read_free);
  archive_read_support_format_zip(zip.get());
  if (archive_read_open_memory(zip.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) return out;
  archive_entry* entry = nullptr;
  while (archive_read_next_header(zip.get(), &entry) == ARCHIVE_OK) {
    std::string& content = out[archive_entry_pathname(entry)];
    std::array<char, 8192> buf;
    la_ssize_t n = 0;
    while ((n = archive_read_data(zip.get(), buf.data(), buf.size())) > 0) {
      content.append(buf.data(), static_cast<std::size_t>(n));
    }
  }
  return out;
}

// The first row of `sheet` whose first cell is `first`; empty when none.
std::vector<std::string> RowStartingWith(const std::vector<std::vector<std::string>>& sheet,
                                         const std::string& first) {
  for (const auto& row : sheet) {
    if (!row.empty() && row[0] == first) return row;
  }
  return {};
}

TEST(AnnualReportPdf, TextTablesChartsAndCorrections) {
  SX_REQUIRE_POPPLER();
  const std::string pdf = Pdf(Report());
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const std::string info = RunOnPdf("pdfinfo", pdf);
  EXPECT_NE(info.find("595.28 x 841.89 pts (A4)"), std::string::npos) << info;
  EXPECT_NE(info.find("郑州住房公积金管理中心2026年度行政执法统计年报"), std::string::npos) << info;

  int pages = 0;
  const std::string text = PdfText(pdf, &pages);
  for (const char* want : {
           "郑州住房公积金管理中心2026年度行政执法统计年报",
           "第2版",   // version
           "已发布",  // status
           "发布日期：2027年2月3日",
           "一、行政处罚",
           "二、行政检查",
           "指标单位本年上年增减",                     // the table header
           "行政处罚决定件129+3",                      // a count row: 12 vs 9
           "罚款金额元150,000.0098,765.40+51,234.60",  // amounts: 2 decimals, separators
           "听证告知率%8.3——",  // a rate, 1 decimal (四舍五入); no previous: — for 上年 and 增减
           "双随机抽查计划个46-2",
           "检查单位家12001180+20",
           "三、统计图表",
           "各月执法决定",
           "本年",
           "上年",
           "12月",
           "行政处罚决定按类型",
           "罚款",
           "83.3%",
           "警告等其他处罚",
           "16.7%",
           "四、本版更正",
           "罚款金额：140,000.00元→150,000.00元",
           "五、版本记录",
           "第1版2027年1月20日",
           "第2版2027年2月3日更正处罚金额",
           "更正说明：更正处罚金额",
       }) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  EXPECT_NE(text.find(fmt::format("第1页共{}页", pages)), std::string::npos) << text;
  EXPECT_EQ(text.find("草稿"), std::string::npos) << "published reports carry no watermark";
}

TEST(AnnualReportPdf, DraftHasTheWatermark) {
  SX_REQUIRE_POPPLER();
  int pages = 0;
  const std::string text = PdfText(Pdf(Report(/*draft=*/true)), &pages);
  ASSERT_GE(pages, 2);
  // The watermark on every page, and the status line (pdftotext may split the rotated
  // watermark's two characters, so each is counted).
  EXPECT_EQ(Count(text, "草"), static_cast<std::size_t>(pages) + 1) << text;
  EXPECT_EQ(Count(text, "稿"), static_cast<std::size_t>(pages) + 1) << text;
  EXPECT_NE(text.find("第3版"), std::string::npos) << text;
  EXPECT_NE(text.find("未发布"), std::string::npos) << text;
}

TEST(AnnualReportPdf, SameReportSameBytes) {
  for (bool draft : {false, true}) {
    const std::string first = Pdf(Report(draft));
    ASSERT_TRUE(first.starts_with("%PDF-"));
    EXPECT_EQ(Pdf(Report(draft)), first);
    // The dates come from the report, not the clock.
    EXPECT_NE(first.find("20270105020000"), std::string::npos);
  }
  // Without compiledAt, publishedOn dates the file.
  json::object r = Report();
  r.erase("compiledAt");
  const std::string pdf = Pdf(r);
  EXPECT_NE(pdf.find("20270203000000"), std::string::npos);
  EXPECT_EQ(Pdf(r), pdf);
}

TEST(AnnualReportPdf, LongTableBreaksWithItsHeaderRepeated) {
  SX_REQUIRE_POPPLER();
  json::object r = Report();
  json::array rows;
  for (int i = 0; i < 90; ++i) {
    rows.push_back(json::object{{"code", fmt::format("x.{}", i)},
                                {"label", fmt::format("指标第{}项", i)},
                                {"unit", "件"},
                                {"value", i},
                                {"previous", 1}});
  }
  r["sections"].as_array()[0].as_object()["rows"] = rows;
  int pages = 0;
  const std::string text = PdfText(Pdf(r), &pages);
  EXPECT_GE(pages, 3);
  EXPECT_GE(Count(text, "指标单位本年上年增减"), 3u) << text;
  EXPECT_NE(text.find("指标第89项件891+88"), std::string::npos);
}

TEST(AnnualReportPdf, LineChartsNegativeBarsAndEmptyCharts) {
  SX_REQUIRE_POPPLER();
  json::object r = Report();
  r["charts"] = json::parse(R"([
    {"title": "各季度检查", "kind": "line", "labels": ["一季度", "二季度", "三季度", "四季度"],
     "values": [3, null, 5.5, 2], "previous": [1, 2, null, 4]},
    {"title": "同比变化", "kind": "bar", "labels": ["甲", "乙"], "values": [-3, 2500000]},
    {"title": "空饼图", "kind": "pie", "labels": ["甲", "乙"], "values": [0, null]},
    {"title": "空柱图", "kind": "bar", "labels": [], "values": []}])");
  const std::string text = PdfText(Pdf(r));
  // The value axis of 同比变化 runs from -1,000,000 to 3,000,000 in steps of 1,000,000.
  for (const char* want :
       {"各季度检查", "四季度", "同比变化", "-1,000,000", "3,000,000", "空饼图", "空柱图"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  EXPECT_EQ(Count(text, "无数据"), 2u) << text;
}

TEST(AnnualReportXlsx, SheetsNumbersAndNativeCharts) {
  const std::string xlsx = Xlsx(Report());
  ASSERT_TRUE(util::LooksLikeZip(xlsx));
  auto sheet = util::ReadXlsxFirstSheet(xlsx);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  ASSERT_FALSE(sheet->empty());
  EXPECT_EQ((*sheet)[0][0], "郑州住房公积金管理中心2026年度行政执法统计年报");
  EXPECT_EQ(RowStartingWith(*sheet, "一、行政处罚").size(), 1u);
  EXPECT_EQ(RowStartingWith(*sheet, "指标"),
            (std::vector<std::string>{"指标", "单位", "本年", "上年", "增减"}));
  EXPECT_EQ(RowStartingWith(*sheet, "行政处罚决定"),
            (std::vector<std::string>{"行政处罚决定", "件", "12", "9", "3"}));
  // libxlsxwriter writes 16 significant digits: 98765.4 comes back as 98765.39999999999.
  const auto fine = RowStartingWith(*sheet, "罚款金额");
  ASSERT_EQ(fine.size(), 5u);
  EXPECT_EQ(fine[1], "元");
  EXPECT_DOUBLE_EQ(std::stod(fine[2]), 150000.0);
  EXPECT_NEAR(std::stod(fine[3]), 98765.4, 1e-9);
  EXPECT_NEAR(std::stod(fine[4]), 51234.6, 1e-9);
  // No previous year: empty 上年 and 增减.
  EXPECT_EQ(RowStartingWith(*sheet, "听证告知率"),
            (std::vector<std::string>{"听证告知率", "%", "8.25"}));
  EXPECT_EQ(RowStartingWith(*sheet, "双随机抽查计划"),
            (std::vector<std::string>{"双随机抽查计划", "个", "4", "6", "-2"}));

  const auto zip = Unzip(xlsx);
  ASSERT_TRUE(zip.contains("xl/charts/chart1.xml"));
  ASSERT_TRUE(zip.contains("xl/charts/chart2.xml"));
  EXPECT_FALSE(zip.contains("xl/charts/chart3.xml"));
  const std::string& bar = zip.at("xl/charts/chart1.xml");
  EXPECT_NE(bar.find("<c:barChart>"), std::string::npos);
  EXPECT_NE(bar.find("<c:barDir val=\"col\"/>"), std::string::npos);
  EXPECT_EQ(Count(bar, "<c:ser>"), 2u);                         // 本年 and 上年
  EXPECT_NE(bar.find("$A$3:$A$14"), std::string::npos) << bar;  // the 12 months
  EXPECT_NE(zip.at("xl/charts/chart2.xml").find("<c:pieChart>"), std::string::npos);
  // Number formats: amounts with separators and two decimals, rates with one, signed changes.
  const std::string& styles = zip.at("xl/styles.xml");
  for (const char* format :
       {"formatCode=\"#,##0.00\"", "formatCode=\"0.0\"",
        "formatCode=\"+#,##0.00;-#,##0.00;#,##0.00\"", "formatCode=\"+0;-0;0\""}) {
    EXPECT_NE(styles.find(format), std::string::npos) << format;
  }
  // Sheet 图表: each chart's data.
  const std::string& workbook = zip.at("xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"年报\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"图表\""), std::string::npos);
  const std::string& strings = zip.at("xl/sharedStrings.xml");
  for (const char* want :
       {"各月执法决定", "行政处罚决定按类型", "项目", "12月", "警告等其他处罚"}) {
    EXPECT_NE(strings.find(want), std::string::npos) << want;
  }
}

TEST(AnnualReportXlsx, SameReportSameBytesAndNoTemporaryFileLeft) {
  TempDir dir;
  const std::string tmp = dir.File("");
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", tmp.c_str(), 1);
  const std::string first = Xlsx(Report(true));
  const std::string second = Xlsx(Report(true));
  const bool empty = std::filesystem::is_empty(tmp);
  if (old) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, second);
  EXPECT_TRUE(empty) << "the temporary workbook was left in " << tmp;
  // The workbook's creation time is the report's.
  EXPECT_NE(Unzip(first)["docProps/core.xml"].find("2027-01-05T02:00:00Z"), std::string::npos);
}

TEST(AnnualReportCsv, ExactText) {
  json::object r = json::parse(R"({
    "agency": {"name": "郑州住房公积金管理中心"}, "year": 2026, "version": 1, "status": "draft",
    "sections": [
      {"code": "penalty", "title": "行政处罚", "rows": [
        {"code": "penalty.decisions", "label": "行政处罚决定", "unit": "件", "value": 12, "previous": 9},
        {"code": "penalty.fine_amount", "label": "罚款金额", "unit": "元", "value": 150000, "previous": null},
        {"code": "penalty.days", "label": "平均办案天数", "unit": "天", "value": 12.5}]},
      {"code": "review", "title": "法制审核", "rows": [
        {"code": "review.rate", "label": "审核率, \"重大\"决定", "unit": "%", "value": 100, "previous": 97.5},
        {"code": "review.notes", "label": "两行\n标签", "unit": "", "value": null, "previous": 0}]}]})")
                       .as_object();
  auto csv = AnnualReportCsv(r);
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ(*csv,
            "\xEF\xBB\xBF"
            "section,code,label,unit,value,previous\r\n"
            "penalty,penalty.decisions,行政处罚决定,件,12,9\r\n"
            "penalty,penalty.fine_amount,罚款金额,元,150000.00,\r\n"
            "penalty,penalty.days,平均办案天数,天,12.50,\r\n"
            "review,review.rate,\"审核率, \"\"重大\"\"决定\",%,100.0,97.5\r\n"
            "review,review.notes,\"两行\n标签\",,,0\r\n");
}

// Each case: a change to the sample report and the field kInvalid must name.
struct BadCase {
  std::string field;
  std::function<void(json::object&)> spoil;
};

json::object& Section0(json::object& r) { return r["sections"].as_array()[0].as_object(); }
json::object& Row(json::object& r, std::size_t i) {
  return Section0(r)["rows"].as_array()[i].as_object();
}
json::object& ChartAt(json::object& r, std::size_t i) {
  return r["charts"].as_array()[i].as_object();
}

TEST(AnnualReport, InvalidReportsNameTheField) {
  const std::vector<BadCase> cases = {
      {"agency", [](json::object& r) { r.erase("agency"); }},
      {"agency", [](json::object& r) { r["agency"] = "郑州"; }},
      {"agency.name", [](json::object& r) { r["agency"].as_object().erase("name"); }},
      {"agency.name", [](json::object& r) { r["agency"].as_object()["name"] = 7; }},
      {"agency.name", [](json::object& r) { r["agency"].as_object()["name"] = ""; }},
      {"year", [](json::object& r) { r.erase("year"); }},
      {"year", [](json::object& r) { r["year"] = "2026"; }},
      {"year", [](json::object& r) { r["year"] = 1999; }},
      {"year", [](json::object& r) { r["year"] = 2026.5; }},
      {"version", [](json::object& r) { r["version"] = 0; }},
      {"status", [](json::object& r) { r["status"] = "final"; }},
      {"compiledAt", [](json::object& r) { r["compiledAt"] = "yesterday"; }},
      {"compiledAt", [](json::object& r) { r["compiledAt"] = "2027-02-30T00:00:00Z"; }},
      {"publishedOn", [](json::object& r) { r["publishedOn"] = 20270203; }},
      {"previousYear.available",
       [](json::object& r) { r["previousYear"].as_object()["available"] = "yes"; }},
      {"sections", [](json::object& r) { r.erase("sections"); }},
      {"sections", [](json::object& r) { r["sections"] = json::object(); }},
      {"sections[1]", [](json::object& r) { r["sections"].as_array()[1] = 3; }},
      {"sections[0].title", [](json::object& r) { Section0(r).erase("title"); }},
      {"sections[0].rows", [](json::object& r) { Section0(r)["rows"] = "none"; }},
      {"sections[0].rows[1].value", [](json::object& r) { Row(r, 1)["value"] = "150000"; }},
      {"sections[0].rows[1].previous", [](json::object& r) { Row(r, 1)["previous"] = 1e300; }},
      {"sections[0].rows[0].label", [](json::object& r) { Row(r, 0).erase("label"); }},
      {"sections[0].rows[0].label", [](json::object& r) { Row(r, 0)["label"] = "罚款\x01"; }},
      {"sections[0].rows[0].label", [](json::object& r) { Row(r, 0)["label"] = "\xff\xfe"; }},
      {"sections[0].rows[0].unit", [](json::object& r) { Row(r, 0)["unit"] = json::array(); }},
      {"charts", [](json::object& r) { r["charts"] = 1; }},
      {"charts[0].kind", [](json::object& r) { ChartAt(r, 0)["kind"] = "radar"; }},
      {"charts[0].values", [](json::object& r) { ChartAt(r, 0)["values"].as_array().pop_back(); }},
      {"charts[0].previous", [](json::object& r) { ChartAt(r, 0)["previous"] = json::array{1}; }},
      {"charts[0].labels[2]", [](json::object& r) { ChartAt(r, 0)["labels"].as_array()[2] = 3; }},
      {"charts[0].labels",
       [](json::object& r) {
         json::array labels, values;
         for (int i = 0; i < 41; ++i) {
           labels.push_back(json::value(fmt::format("{}", i)));
           values.push_back(i);
         }
         ChartAt(r, 0)["labels"] = labels;
         ChartAt(r, 0)["values"] = values;
         ChartAt(r, 0).erase("previous");
       }},
      {"charts[1].values[0]", [](json::object& r) { ChartAt(r, 1)["values"].as_array()[0] = -1; }},
      {"changes[0].from",
       [](json::object& r) { r["changes"].as_array()[0].as_object()["from"] = "140000"; }},
      {"versions[0].version",
       [](json::object& r) { r["versions"].as_array()[0].as_object()["version"] = "1"; }},
      {"note", [](json::object& r) { r["note"] = std::string(2001, 'x'); }},
  };
  for (const BadCase& c : cases) {
    json::object r = Report();
    c.spoil(r);
    for (const auto& [format, result] : {std::pair{"pdf", AnnualReportPdf(r).status()},
                                         std::pair{"xlsx", AnnualReportXlsx(r).status()},
                                         std::pair{"csv", AnnualReportCsv(r).status()}}) {
      EXPECT_EQ(result.code(), Code::kInvalid) << c.field << " " << format;
      EXPECT_EQ(result.field(), c.field) << format << ": " << result.message();
      EXPECT_FALSE(result.message().empty());
    }
  }
}

// Every value of a JSON tree, with a way to replace or delete it.
struct Slot {
  json::value* value;
  std::function<void()> erase;
};

void CollectSlots(json::value& v, std::vector<Slot>& out) {
  if (auto* o = v.if_object()) {
    for (auto& kv : *o) {
      out.push_back({&kv.value(), [o, key = std::string(kv.key())] { o->erase(key); }});
      CollectSlots(kv.value(), out);
    }
  } else if (auto* a = v.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      out.push_back({&(*a)[i], [a, i] { a->erase(a->begin() + static_cast<std::ptrdiff_t>(i)); }});
      CollectSlots((*a)[i], out);
    }
  }
}

// Random deletions and changes of type: every export either succeeds or says kInvalid, and the
// three agree on which. Seeded, so a failure reproduces.
TEST(AnnualReport, RandomMutationsNeverCrash) {
  std::mt19937 random(20270120);
  const std::vector<json::value> replacements = {nullptr,
                                                 true,
                                                 0,
                                                 -1,
                                                 2.5,
                                                 1e300,
                                                 "",
                                                 "文本",
                                                 json::array(),
                                                 json::object(),
                                                 json::array{1, "a", nullptr},
                                                 json::object{{"name", 1}},
                                                 std::int64_t{9'000'000'000'000'000'000}};
  int ok = 0, invalid = 0;
  for (int round = 0; round < 150; ++round) {
    json::value root = Report(round % 2 == 0);
    const int mutations = 1 + static_cast<int>(random() % 3);
    for (int m = 0; m < mutations; ++m) {
      std::vector<Slot> slots;
      CollectSlots(root, slots);
      if (slots.empty()) break;
      Slot& slot = slots[random() % slots.size()];
      if (random() % 3 == 0) {
        slot.erase();
      } else {
        *slot.value = replacements[random() % replacements.size()];
      }
    }
    const json::object& r = root.as_object();
    const Status csv = AnnualReportCsv(r).status();
    const Status xlsx = AnnualReportXlsx(r).status();
    ASSERT_TRUE(csv.ok() || csv.code() == Code::kInvalid) << csv.message();
    ASSERT_EQ(xlsx.code(), csv.code()) << xlsx.message() << "\n" << json::serialize(r);
    // The PDF for a sample of the rest (rendering is the slow part).
    if (!csv.ok() || round % 5 == 0) {
      const Status pdf = AnnualReportPdf(r).status();
      ASSERT_EQ(pdf.code(), csv.code()) << pdf.message() << "\n" << json::serialize(r);
    }
    if (csv.ok()) {
      ++ok;
    } else {
      EXPECT_FALSE(csv.field().empty()) << csv.message();
      ++invalid;
    }
  }
  // Both outcomes were exercised.
  EXPECT_GT(ok, 10);
  EXPECT_GT(invalid, 10);
}

}  // namespace
}  // namespace sx::render
