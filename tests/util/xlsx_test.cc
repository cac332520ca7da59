#include "util/xlsx.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include <fmt/format.h>

namespace sx::util {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;
using Row = std::vector<std::string>;

// A fresh directory under the system temp directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fmt::format("{}/sx-xlsx-{}-{}", fs::temp_directory_path().string(), getpid(),
                        counter.fetch_add(1));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Writes a workbook with libxlsxwriter: `fill` adds sheets and cells; returns the file's bytes.
template <typename Fill>
std::string WriteXlsx(Fill fill, bool constant_memory = false) {
  TempDir dir;
  const std::string path = dir.File("book.xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  EXPECT_NE(wb, nullptr);
  if (wb == nullptr) return {};
  fill(wb);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  return ReadFile(path);
}

// A ZIP of the given (name, content) entries, deflated, built with libarchive in memory.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::size_t total = 0;
  for (const auto& e : entries) total += e.second.size();
  std::string buf(total + 64 * 1024 + entries.size() * 256, '\0');
  std::size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  EXPECT_EQ(archive_write_open_memory(a, buf.data(), buf.size(), &used), ARCHIVE_OK);
  for (const auto& [name, content] : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK);
    EXPECT_EQ(archive_write_data(a, content.data(), content.size()),
              static_cast<la_ssize_t>(content.size()));
    archive_entry_free(e);
  }
  EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
  buf.resize(used);
  return buf;
}

constexpr std::string_view kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string WorkbookXml(std::string_view first_rid, std::string_view workbook_pr = "") {
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<workbook xmlns="{}" xmlns:r="{}">{}<sheets>)"
      R"(<sheet name="甲" sheetId="1" r:id="{}"/><sheet name="乙" sheetId="2" r:id="rIdOther"/>)"
      R"(</sheets></workbook>)",
      kMain, kRel, workbook_pr, first_rid);
}

std::string SheetXml(std::string_view sheet_data) {
  return fmt::format(R"(<worksheet xmlns="{}"><sheetData>{}</sheetData></worksheet>)", kMain,
                     sheet_data);
}

// A minimal workbook: its one sheet at xl/worksheets/sheet1.xml, with these styles and strings.
std::string MinimalXlsx(std::string_view sheet_data, std::string_view styles = "",
                        std::string_view shared_strings = "", std::string_view workbook_pr = "") {
  std::vector<std::pair<std::string, std::string>> entries = {
      {"xl/workbook.xml", WorkbookXml("rId1", workbook_pr)},
      {"xl/_rels/workbook.xml.rels",
       fmt::format(R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/)"
                   R"(relationships"><Relationship Id="rId1" Type="{}/worksheet" )"
                   R"(Target="worksheets/sheet1.xml"/></Relationships>)",
                   kRel)},
      {"xl/worksheets/sheet1.xml", SheetXml(sheet_data)}};
  if (!styles.empty()) entries.emplace_back("xl/styles.xml", std::string(styles));
  if (!shared_strings.empty())
    entries.emplace_back("xl/sharedStrings.xml", std::string(shared_strings));
  return Zip(entries);
}

// Styles whose cell format 1 is a built-in date (14), 2 a custom date, 3 a custom time only;
// the <cellStyleXfs> and <dxfs> around them must not count.
std::string DateStyles() {
  return fmt::format(
      R"(<styleSheet xmlns="{}"><numFmts count="2">)"
      R"(<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
      R"(<numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>)"
      R"(<cellStyleXfs count="2"><xf numFmtId="165"/><xf numFmtId="0"/></cellStyleXfs>)"
      R"(<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>)"
      R"(<xf numFmtId="165"/></cellXfs>)"
      R"(<dxfs><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf></dxfs></styleSheet>)",
      kMain);
}

TEST(Xlsx, LooksLikeZip) {
  EXPECT_TRUE(LooksLikeZip(std::string_view("PK\x03\x04rest", 8)));
  EXPECT_FALSE(LooksLikeZip("姓名,电话\n"));
  EXPECT_FALSE(LooksLikeZip("PK"));
  EXPECT_FALSE(LooksLikeZip(""));
}

TEST(Xlsx, ReadsWorkbookWrittenByLibxlsxwriter) {
  const std::string bytes = WriteXlsx([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "当事人");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* date_time = workbook_add_format(wb);
    format_set_num_format(date_time, "yyyy/m/d h:mm");
    lxw_format* chinese_date = workbook_add_format(wb);
    format_set_num_format(chinese_date, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format* time = workbook_add_format(wb);
    format_set_num_format(time, "hh:mm");
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00\"元\"");
    worksheet_write_string(ws, 0, 0, "姓名", nullptr);
    worksheet_write_string(ws, 0, 1, "罚款", nullptr);
    worksheet_write_string(ws, 0, 2, "日期", nullptr);
    worksheet_write_string(ws, 1, 0, "张伟 & <李娜>", nullptr);
    worksheet_write_number(ws, 1, 1, 12, nullptr);
    lxw_datetime d = {2024, 3, 15, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 2, &d, date);
    worksheet_write_number(ws, 1, 3, 3.5, money);
    // Row 3 (index 2) stays empty; row 4 has a gap at B and a formatted blank at the end.
    worksheet_write_string(ws, 3, 0, "王芳", nullptr);
    worksheet_write_boolean(ws, 3, 2, 1, nullptr);
    worksheet_write_boolean(ws, 3, 3, 0, nullptr);
    worksheet_write_blank(ws, 3, 5, date);
    lxw_datetime dt = {1999, 12, 31, 18, 30, 0};
    worksheet_write_datetime(ws, 4, 0, &dt, date_time);
    worksheet_write_datetime(ws, 4, 1, &d, chinese_date);
    lxw_datetime t = {0, 0, 0, 12, 0, 0};
    worksheet_write_datetime(ws, 4, 2, &t, time);
    worksheet_write_number(ws, 4, 3, -0.25, nullptr);
    worksheet_write_formula_str(ws, 4, 4, "=\"A\"&\"B\"", nullptr, "AB");
    worksheet_write_string(ws, 5, 1, "第一行\r\n第二行\t_x", nullptr);
    lxw_worksheet* second = workbook_add_worksheet(wb, "其他");
    worksheet_write_string(second, 0, 0, "不应读到", nullptr);
  });
  auto rows = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const Rows want = {{"姓名", "罚款", "日期"},
                     {"张伟 & <李娜>", "12", "2024-03-15", "3.5"},
                     {},
                     {"王芳", "", "TRUE", "FALSE"},
                     {"1999-12-31", "2024-03-15", "0.5", "-0.25", "AB"},
                     {"", "第一行\r\n第二行\t_x"}};
  EXPECT_EQ(*rows, want);
}

TEST(Xlsx, ManyRows) {
  const std::string bytes = WriteXlsx([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    for (int i = 0; i < 5000; ++i) {
      worksheet_write_number(ws, i, 0, i, nullptr);
      worksheet_write_string(ws, i, 1, fmt::format("案件{}", i % 700).c_str(), nullptr);
      worksheet_write_number(ws, i, 2, i * 0.5, nullptr);
    }
  });
  auto rows = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 5000u);
  for (int i = 0; i < 5000; ++i) {
    const Row want = {std::to_string(i), fmt::format("案件{}", i % 700),
                      fmt::format("{}", i * 0.5)};
    ASSERT_EQ((*rows)[i], want) << "row " << i + 1;
  }

  XlsxLimits limits;
  limits.max_rows = 4999;
  auto limited = ReadXlsxFirstSheet(bytes, limits);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.status().code(), Code::kInvalid);
  EXPECT_EQ(limited.status().message(), "工作表超过 4999 行,请分批导入");
  limits.max_rows = 5000;
  EXPECT_TRUE(ReadXlsxFirstSheet(bytes, limits).ok());
}

TEST(Xlsx, InlineStringsFromConstantMemoryMode) {
  const std::string bytes = WriteXlsx(
      [](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
        worksheet_write_string(ws, 0, 0, "行内字符串", nullptr);
        worksheet_write_number(ws, 0, 2, 7, nullptr);
        worksheet_write_string(ws, 2, 1, "第三行", nullptr);
      },
      /*constant_memory=*/true);
  auto rows = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(*rows, (Rows{{"行内字符串", "", "7"}, {}, {"", "第三行"}}));
}

TEST(Xlsx, RichStringFromLibxlsxwriter) {
  const std::string bytes = WriteXlsx([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_rich_string_tuple red = {bold, const_cast<char*>("加粗")};
    lxw_rich_string_tuple plain = {nullptr, const_cast<char*>("普通")};
    lxw_rich_string_tuple* fragments[] = {&red, &plain, nullptr};
    worksheet_write_rich_string(ws, 0, 0, fragments, nullptr);
  });
  auto rows = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(*rows, (Rows{{"加粗普通"}}));
}

// A hand-built workbook: the first sheet is not sheet1.xml and has an absolute target, elements
// carry a namespace prefix, shared strings use rich text runs, phonetic guides and entities.
TEST(Xlsx, HandBuiltPartsInlineAndRichText) {
  const std::string rels = fmt::format(
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rIdOther" Type="{0}/worksheet" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rIdLink" Type="{0}/hyperlink" Target="http://x" TargetMode="External"/>)"
      R"(<Relationship Id="rIdS" Type="{0}/sharedStrings" Target="/xl/strings.xml"/>)"
      R"(<Relationship Id="rIdFirst" Type="{0}/worksheet" Target="/xl/worksheets/data.xml"/>)"
      R"(</Relationships>)",
      kRel);
  const std::string strings = fmt::format(
      R"(<x:sst xmlns:x="{}" count="3" uniqueCount="3">)"
      R"(<x:si><x:t>处罚决定书</x:t></x:si>)"
      R"(<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">富 </x:t></x:r>)"
      R"(<x:r><x:t>文本&amp;&#x4E2D;</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ふ</x:t></x:rPh></x:si>)"
      R"(<x:si><x:t/></x:si></x:sst>)",
      kMain);
  const std::string sheet = fmt::format(
      R"(<x:worksheet xmlns:x="{}"><x:sheetData>)"
      R"(<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>)"
      R"(<x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>行&lt;内</x:t>)"
      R"(</x:is></x:c></x:row>)"
      R"(<x:row r="3"><x:c t="inlineStr"><x:is><x:r><x:t>多</x:t></x:r><x:r><x:t>段</x:t></x:r>)"
      R"(</x:is></x:c><x:c t="str"><x:f>A3&amp;"!"</x:f><x:v>多段!</x:v></x:c>)"
      R"(<x:c t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c>)"
      R"(<x:c><x:v>1.5E-3</x:v></x:c></x:row>)"
      R"(<x:row><x:c r="C4" t="inlineStr"><x:is><x:t>_x005F_x000D_ and _x000D_</x:t></x:is></x:c>)"
      R"(</x:row></x:sheetData></x:worksheet>)",
      kMain);
  const std::string bytes =
      Zip({{"[Content_Types].xml", "<Types/>"},
           {"xl/worksheets/data.xml", sheet},
           {"xl/strings.xml", strings},
           {"xl/worksheets/sheet1.xml",
            SheetXml(R"(<row r="1"><c t="inlineStr"><is><t>错误的表</t></is></c></row>)")},
           {"xl/_rels/workbook.xml.rels", rels},
           {"xl/workbook.xml", WorkbookXml("rIdFirst")}});
  auto rows = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const Rows want = {{"处罚决定书", "富 文本&中", "", "行<内"},
                     {},
                     {"多段", "多段!", "#DIV/0!", "FALSE", "1.5E-3"},
                     {"", "", "_x000D_ and \r"}};
  EXPECT_EQ(*rows, want);
}

TEST(Xlsx, DateSerials) {
  const std::string sheet =
      R"(<row r="1"><c s="1"><v>1</v></c><c s="1"><v>59</v></c><c s="1"><v>60</v></c>)"
      R"(<c s="1"><v>61</v></c><c s="2"><v>45366.75</v></c><c s="1"><v>2958465</v></c></row>)"
      R"(<row r="2"><c s="1"><v>0.5</v></c><c s="1"><v>-3</v></c><c s="1"><v>3000000</v></c>)"
      R"(<c s="3"><v>1.25</v></c><c s="0"><v>45366</v></c><c s="9"><v>45366</v></c>)"
      R"(<c s="1" t="s"><v>0</v></c><c s="1" t="d"><v>2024-03-15T08:00:00</v></c></row>)";
  const std::string strings = fmt::format(R"(<sst xmlns="{}"><si><t>45366</t></si></sst>)", kMain);
  auto rows = ReadXlsxFirstSheet(MinimalXlsx(sheet, DateStyles(), strings));
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const Rows want = {
      {"1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "2024-03-15", "9999-12-31"},
      {"0.5", "-3", "3000000", "1.25", "45366", "45366", "45366", "2024-03-15"}};
  EXPECT_EQ(*rows, want);

  // The 1904 date system of old Mac workbooks.
  auto mac =
      ReadXlsxFirstSheet(MinimalXlsx(R"(<row><c s="1"><v>0</v></c><c s="1"><v>43904</v></c></row>)",
                                     DateStyles(), "", R"(<workbookPr date1904="1"/>)"));
  ASSERT_TRUE(mac.ok()) << mac.status().message();
  EXPECT_EQ(*mac, (Rows{{"1904-01-01", "2024-03-15"}}));
}

TEST(Xlsx, FallsBackToSheet1WithoutRelationships) {
  const std::string bytes =
      Zip({{"xl/workbook.xml", WorkbookXml("rId1")},
           {"xl/worksheets/sheet1.xml", SheetXml(R"(<row r="2"><c r="B2"><v>42</v></c></row>)")}});
  auto rows = ReadXlsxFirstSheet(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(*rows, (Rows{{}, {"", "42"}}));
}

void ExpectInvalid(const Result<Rows>& r, std::string_view message_part) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_NE(r.status().message().find(message_part), std::string::npos) << r.status().message();
}

TEST(XlsxErrors, NotAZipOrNotAWorkbook) {
  ExpectInvalid(ReadXlsxFirstSheet("姓名,电话\n张伟,123\n"), "无法读取压缩包");
  ExpectInvalid(ReadXlsxFirstSheet(""), "无法读取压缩包");
  ExpectInvalid(ReadXlsxFirstSheet(Zip({{"word/document.xml", "<document/>"}})),
                "缺少 xl/workbook.xml");
  ExpectInvalid(ReadXlsxFirstSheet(Zip({{"xl/workbook.xml", WorkbookXml("rId1")}})),
                "XLSX 文件中没有工作表");
  ExpectInvalid(ReadXlsxFirstSheet(Zip({{"xl/workbook.xml", "<workbook><sheets>"},
                                        {"xl/worksheets/sheet1.xml", SheetXml("")}})),
                "XML 格式错误");
}

TEST(XlsxErrors, BadCells) {
  ExpectInvalid(ReadXlsxFirstSheet(MinimalXlsx(R"(<row r="1"><c t="s"><v>3</v></c></row>)")),
                "共享字符串不存在");
  ExpectInvalid(ReadXlsxFirstSheet(MinimalXlsx(R"(<row r="2"/><row r="1"/>)")), "行号");
  ExpectInvalid(ReadXlsxFirstSheet(MinimalXlsx(R"(<row r="x"/>)")), "行号");
  ExpectInvalid(ReadXlsxFirstSheet(MinimalXlsx(R"(<row r="1"><c r="12"><v>1</v></c></row>)")),
                "单元格位置");
}

TEST(XlsxErrors, Limits) {
  const std::string sheet = R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="7"/>)"
                            R"(<row r="9"><c r="BL9" t="inlineStr"><is><t>长长的文字</t></is></c>)"
                            R"(<c r="ZZZZZZZZZZZZ9"/></row><row r="99999999999"/>)";
  const std::string bytes = MinimalXlsx(sheet);
  auto ok = ReadXlsxFirstSheet(bytes);  // empty rows and cells beyond the limits are ignored
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_EQ(ok->size(), 9u);
  EXPECT_EQ((*ok)[8].size(), 64u);
  EXPECT_EQ((*ok)[8][63], "长长的文字");

  XlsxLimits limits;
  limits.max_rows = 8;
  ExpectInvalid(ReadXlsxFirstSheet(bytes, limits), "工作表超过 8 行");
  limits = {};
  limits.max_columns = 63;
  ExpectInvalid(ReadXlsxFirstSheet(bytes, limits), "工作表超过 63 列(单元格 BL9)");
  limits = {};
  limits.max_cell_chars = 4;
  ExpectInvalid(ReadXlsxFirstSheet(bytes, limits), "单元格 BL9 超过 4 个字符");
  limits = {};
  limits.max_bytes = 100;
  ExpectInvalid(ReadXlsxFirstSheet(bytes, limits), "XLSX 文件过大");
  limits = {};
  limits.max_rows = 1;
  limits.max_columns = 1;
  ExpectInvalid(
      ReadXlsxFirstSheet(MinimalXlsx("", "", R"(<sst><si><t>1</t></si><si/></sst>)"), limits),
      "共享字符串过多");
}

TEST(XlsxErrors, ZipBombAndEntityExpansion) {
  // 5 MB of rows that compress to a few kilobytes.
  std::string rows;
  for (int i = 1; i <= 200000; ++i) rows += "<row><c><v>0</v></c></row>";
  const std::string bomb = MinimalXlsx(rows);
  EXPECT_LT(bomb.size(), 1u << 20);
  XlsxLimits limits;
  limits.max_rows = 1000000;
  limits.max_uncompressed = 1 << 20;
  ExpectInvalid(ReadXlsxFirstSheet(bomb, limits), "解压后内容过大");

  // Shared strings repeated in every cell: little XML, much text.
  std::string cells;
  for (int i = 1; i <= 2000; ++i)
    cells += fmt::format(R"(<row r="{}"><c t="s"><v>0</v></c></row>)", i);
  const std::string big_string =
      fmt::format(R"(<sst><si><t>{}</t></si></sst>)", std::string(5000, 'x'));
  limits = {};
  limits.max_uncompressed = 4 << 20;
  ExpectInvalid(ReadXlsxFirstSheet(MinimalXlsx(cells, "", big_string), limits), "解压后内容过大");

  const std::string laughs =
      R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">)"
      R"(<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>)"
      R"(<worksheet><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row>)"
      R"(</sheetData></worksheet>)";
  ExpectInvalid(ReadXlsxFirstSheet(Zip({{"xl/workbook.xml", WorkbookXml("rId1")},
                                        {"xl/worksheets/sheet1.xml", laughs}})),
                "DTD");
}

std::string SampleWorkbook() {
  return WriteXlsx([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    for (int i = 0; i < 300; ++i) {
      worksheet_write_string(ws, i, 0, fmt::format("当事人{}", i).c_str(), nullptr);
      worksheet_write_number(ws, i, 1, i * 1.25, nullptr);
      lxw_datetime d = {2020 + i % 5, 1 + i % 12, 1 + i % 28, 0, 0, 0};
      worksheet_write_datetime(ws, i, 3, &d, date);
    }
  });
}

TEST(XlsxRobustness, TruncatedFile) {
  const std::string bytes = SampleWorkbook();
  ASSERT_TRUE(ReadXlsxFirstSheet(bytes).ok());
  ExpectInvalid(ReadXlsxFirstSheet(std::string_view(bytes).substr(0, bytes.size() / 2)), "");
  // Any other cut must not crash either; most are rejected.
  for (std::size_t cut = 0; cut < bytes.size(); cut += 97) {
    auto r = ReadXlsxFirstSheet(std::string_view(bytes).substr(0, cut));
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kInvalid) << r.status().message();
    }
  }
}

TEST(XlsxRobustness, RandomByteFlips) {
  const std::string original = SampleWorkbook();
  std::mt19937 rng(20240315);
  int rejected = 0;
  for (int iteration = 0; iteration < 200; ++iteration) {
    std::string bytes = original;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int f = 0; f < flips; ++f) {
      bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    }
    auto r = ReadXlsxFirstSheet(bytes);
    if (!r.ok()) {
      ++rejected;
      EXPECT_EQ(r.status().code(), Code::kInvalid) << r.status().message();
      EXPECT_FALSE(r.status().message().empty());
    }
  }
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace sx::util
