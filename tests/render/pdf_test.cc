#include "render/pdf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "render/templates.h"
#include "render/test_values.h"

namespace sx::render {
namespace {

using testing::CaseValues;
using testing::FullValues;
using testing::PenaltyDecision;

// A fresh directory, removed with its files.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sx-render-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

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

// pdftotext's text with all white space removed (lines break anywhere in CJK text).
std::string PdfText(const std::string& pdf, int* pages = nullptr) {
  TempDir dir;
  WriteFile(dir.File("doc.pdf"), pdf);
  const std::string text = Shell("pdftotext -enc UTF-8 " + dir.File("doc.pdf") + " -");
  if (pages) *pages = static_cast<int>(std::count(text.begin(), text.end(), '\f'));
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\f' && c != '\t' && c != '\r') out += c;
  }
  return out;
}

#define SX_REQUIRE_POPPLER()                                                                     \
  for (const char* tool : {"pdftotext", "pdffonts"}) {                                           \
    if (!HaveTool(tool)) {                                                                       \
      FAIL() << tool << " not found: install poppler-utils (scripts/setup.sh does), then rerun"; \
    }                                                                                            \
  }

// The digits of a date in the PDF's Info dictionary (cairo 1.16 omits the "D:" prefix).
std::string InfoDate(const std::string& pdf, const std::string& key) {
  std::size_t at = pdf.find("/" + key + " (");
  if (at == std::string::npos) return "";
  at += key.size() + 3;
  if (pdf.compare(at, 2, "D:") == 0) at += 2;
  std::string digits;
  while (at < pdf.size() && pdf[at] >= '0' && pdf[at] <= '9') digits += pdf[at++];
  return digits;
}

std::string Render(const PdfDocument& doc) {
  auto pdf = RenderPdf(doc);
  EXPECT_TRUE(pdf.ok()) << pdf.status().message();
  return pdf.ok() ? *pdf : std::string();
}

TEST(RenderPdf, EveryTemplateFillsAndRenders) {
  ASSERT_EQ(Templates().size(), 21u);
  for (const Template& t : Templates()) {
    auto doc = FillTemplate(t, FullValues(t));
    ASSERT_TRUE(doc.ok()) << t.code << ": " << doc.status().message();
    const std::string pdf = Render(*doc);
    EXPECT_TRUE(pdf.starts_with("%PDF-")) << t.code;
    EXPECT_NE(pdf.find("%%EOF"), std::string::npos) << t.code;
  }
}

TEST(RenderPdf, SameDocumentSameBytes) {
  const PdfDocument doc = PenaltyDecision();
  const std::string first = Render(doc);
  EXPECT_EQ(Render(doc), first);
  // No clock in the metadata: the dates are `created`.
  EXPECT_EQ(InfoDate(first, "CreationDate"), "20260101000000");
  EXPECT_EQ(InfoDate(first, "ModDate"), "20260101000000");
  PdfDocument later = doc;
  later.created = "2026-11-28T09:30:00+08:00";
  const std::string other = Render(later);
  EXPECT_NE(other, first);
  EXPECT_EQ(InfoDate(other, "CreationDate"), "20261128093000");
}

// Writes the penalty decision where the parent test asks (SX_RENDER_CHILD_OUT), from a process
// that has rendered nothing before: font caches, object numbering and subset tags start afresh.
TEST(RenderChild, WritePenaltyDecision) {
  const char* out = std::getenv("SX_RENDER_CHILD_OUT");
  if (!out) GTEST_SKIP() << "run by RenderPdf.SameBytesInAnotherProcess";
  WriteFile(out, Render(PenaltyDecision()));
}

TEST(RenderPdf, SameBytesInAnotherProcess) {
  TempDir dir;
  const std::string path = dir.File("child.pdf");
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string command = "SX_RENDER_CHILD_OUT='" + path + "' '" + self +
                              "' --gtest_filter=RenderChild.WritePenaltyDecision >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string child = ReadFile(path);
  ASSERT_FALSE(child.empty());
  EXPECT_EQ(child, Render(PenaltyDecision()));
}

TEST(RenderPdf, PenaltyDecisionTextAndFonts) {
  SX_REQUIRE_POPPLER();
  const std::string pdf = Render(PenaltyDecision());
  const std::string text = PdfText(pdf);
  for (const char* want : {"郑州住房公积金管理中心", "行政处罚决定书", "郑公积金罚决〔2026〕3号",
                           "河南示例商贸有限公司", "91410100MA00000000", "罚款人民币30000元",
                           "叁万元整", "《住房公积金管理条例》第三十七条", "第六十七条", "百分之三",
                           "六十日内", "六个月内", "扫码验证文书", "2026年11月28日"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  EXPECT_EQ(text.find("草稿"), std::string::npos);
  EXPECT_EQ(text.find("________"), std::string::npos) << "every placeholder has a value";

  TempDir dir;
  WriteFile(dir.File("doc.pdf"), pdf);
  std::istringstream fonts(Shell("pdffonts " + dir.File("doc.pdf")));
  bool cjk_embedded = false;
  for (std::string line; std::getline(fonts, line);) {
    if (line.find("NotoSerifCJK") == std::string::npos &&
        line.find("NotoSansCJK") == std::string::npos) {
      continue;
    }
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    ASSERT_GE(w.size(), 6u) << line;
    EXPECT_EQ(w[w.size() - 5], "yes") << "not embedded: " << line;
    cjk_embedded = true;
  }
  EXPECT_TRUE(cjk_embedded) << "no Noto CJK font in the PDF";
}

TEST(RenderPdf, LongRecordBreaksPages) {
  SX_REQUIRE_POPPLER();
  const Template* t = FindTemplate("inquiry_record");
  Values v = FullValues(*t);
  std::string qa;
  for (int i = 1; i <= 40; ++i) {
    qa += "问：请说明你单位第" + std::to_string(i) +
          "名职工的入职时间、岗位以及是否为其办理了住房公积金个人账户设立手续？\n答：该职工于"
          "2024年入职，从事销售工作，单位尚未为其办理住房公积金账户设立手续，原因是单位负责人"
          "认为试用期职工无须缴存。\n";
  }
  v["qa"] = qa;
  auto doc = FillTemplate(*t, v);
  ASSERT_TRUE(doc.ok());
  int pages = 0;
  const std::string text = PdfText(Render(*doc), &pages);
  ASSERT_GE(pages, 3);
  EXPECT_NE(text.find("第2页共" + std::to_string(pages) + "页"), std::string::npos);
  EXPECT_NE(text.find("第" + std::to_string(pages) + "页共" + std::to_string(pages) + "页"),
            std::string::npos);
  EXPECT_NE(text.find("第40名职工"), std::string::npos);
}

TEST(RenderPdf, TallTableRowsBreakAcrossPages) {
  SX_REQUIRE_POPPLER();
  std::string tall;
  for (int i = 1; i <= 80; ++i) tall += "第" + std::to_string(i) + "行意见\n";
  PdfDocument doc{
      .title = "结案审批表",
      .blocks = {Block{.kind = Block::Kind::kTable,
                       .rows = {{"项目", "内容"}, {"执行情况", tall}, {"备注", "无"}}}}};
  int pages = 0;
  const std::string text = PdfText(Render(doc), &pages);
  EXPECT_GE(pages, 2);
  EXPECT_NE(text.find("第80行意见"), std::string::npos);
  // The header row is repeated on the next page.
  std::size_t headers = 0;
  for (std::size_t at = text.find("项目内容"); at != std::string::npos;
       at = text.find("项目内容", at + 1)) {
    ++headers;
  }
  EXPECT_EQ(headers, static_cast<std::size_t>(pages));
}

// GB/T 9704: the page with the seal carries body text; the last lines move with the seal.
TEST(RenderPdf, SealNeverStandsAloneOnAPage) {
  SX_REQUIRE_POPPLER();
  int checked = 0;
  for (int lines = 24; lines <= 40 && checked < 3; ++lines) {
    PdfDocument doc{
        .title = "催告书", .seal_text = "郑州住房公积金管理中心（印章）", .date = "2026年11月28日"};
    for (int i = 1; i <= lines; ++i) {
      doc.blocks.push_back(Block{.text = "正文第" + std::to_string(i) + "段。"});
    }
    const std::string pdf = Render(doc);
    TempDir dir;
    WriteFile(dir.File("doc.pdf"), pdf);
    const std::string last = Shell("pdftotext -enc UTF-8 -f 2 -l 2 " + dir.File("doc.pdf") + " -");
    if (last.find("（印章）") == std::string::npos) continue;  // one page, or the seal on page 1
    ++checked;
    EXPECT_NE(last.find("正文第" + std::to_string(lines) + "段"), std::string::npos)
        << lines << " paragraphs: the seal is alone on page 2";
  }
  EXPECT_GT(checked, 0) << "no paragraph count put the seal on page 2";
}

TEST(RenderPdf, DraftWatermark) {
  SX_REQUIRE_POPPLER();
  PdfDocument doc = PenaltyDecision();
  doc.draft = true;
  EXPECT_NE(PdfText(Render(doc)).find("草稿"), std::string::npos);
}

TEST(RenderPdf, RejectsBadInput) {
  PdfDocument doc = PenaltyDecision();
  doc.verify_url = std::string(3000, 'a');
  auto too_long = RenderPdf(doc);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().code(), Code::kInvalid);
  EXPECT_EQ(too_long.status().field(), "verify_url");

  doc = PenaltyDecision();
  doc.blocks.push_back(Block{.text = "\xff\xfe"});
  EXPECT_EQ(RenderPdf(doc).status().code(), Code::kInvalid);

  doc = PenaltyDecision();
  doc.footer = std::string("页脚\0", 7);
  EXPECT_EQ(RenderPdf(doc).status().field(), "footer");

  doc = PenaltyDecision();
  doc.created = "yesterday";
  EXPECT_EQ(RenderPdf(doc).status().field(), "created");
}

TEST(RenderPdf, ConcurrentRendersGiveTheSameBytes) {
  const PdfDocument doc = PenaltyDecision();
  const std::string want = Render(doc);
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < 3; ++n) {
        auto pdf = RenderPdf(doc);
        got[i] = pdf.ok() ? *pdf : pdf.status().message();
        if (got[i] != want) return;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& pdf : got) EXPECT_TRUE(pdf == want);
}

// KiB of this process's resident memory in mappings of font files (/proc/self/smaps).
long FontRssKb() {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool font = false;
  long kb = 0;
  while (std::getline(smaps, line)) {
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
        line.find('-') < line.find(' ')) {
      font = line.ends_with(".ttc") || line.ends_with(".ttf") || line.ends_with(".otf");
    } else if (font && line.starts_with("Rss:")) {
      kb += std::strtol(line.c_str() + 4, nullptr, 10);
    }
  }
  return kb;
}

// Subsetting the CJK fonts maps megabytes of them into the process; ReleaseMemory gives the
// pages back, and the next render (mapping them again) gives the same bytes.
TEST(RenderPdf, ReleaseMemoryGivesBackTheFontPages) {
  const PdfDocument doc = PenaltyDecision();
  const std::string first = Render(doc);
  EXPECT_GT(FontRssKb(), 4 * 1024);
  EXPECT_TRUE(ReleaseMemory());
  EXPECT_LT(FontRssKb(), 512);
  EXPECT_EQ(Render(doc), first);
}

TEST(FillTemplate, MissingRequiredInputNamesTheKey) {
  const Template* t = FindTemplate("inquiry_record");
  ASSERT_NE(t, nullptr);
  Values v = FullValues(*t);
  v.erase("place");
  v["qa"] = "";
  auto doc = FillTemplate(*t, v);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Code::kInvalid);
  EXPECT_EQ(doc.status().field(), "place");
  EXPECT_NE(doc.status().message().find("询问地点"), std::string::npos);
}

}  // namespace
}  // namespace sx::render
