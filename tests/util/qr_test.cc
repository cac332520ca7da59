#include "util/qr.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace sx {
namespace {

struct ModuleRun {
  int x = 0, y = 0, n = 0;
};

// Text between `before` and the next `after`, or "" when absent.
std::string Between(const std::string& s, std::string_view before, std::string_view after) {
  auto start = s.find(before);
  if (start == std::string::npos) return "";
  start += before.size();
  auto end = s.find(after, start);
  return end == std::string::npos ? "" : s.substr(start, end - start);
}

// The runs of the path's data, which must consist of "M{x} {y}h{n}v1h-{n}z" and nothing else.
std::vector<ModuleRun> Runs(const std::string& svg) {
  const std::string d = Between(svg, " d=\"", "\"");
  std::vector<ModuleRun> runs;
  std::size_t pos = 0;
  while (pos < d.size()) {
    ModuleRun r;
    int back = 0, used = 0;
    const int matched =
        std::sscanf(d.c_str() + pos, "M%d %dh%dv1h-%dz%n", &r.x, &r.y, &r.n, &back, &used);
    if (matched != 4 || used == 0) {
      ADD_FAILURE() << "path has something other than module runs at " << d.substr(pos, 20);
      break;
    }
    EXPECT_EQ(r.n, back);
    EXPECT_GT(r.n, 0);
    runs.push_back(r);
    pos += used;
  }
  return runs;
}

// The dark modules of an SVG from QrSvg, read back from its path: grid[y][x], quiet zone included.
struct Drawing {
  int size = 0;
  std::vector<std::vector<bool>> grid;
};

Drawing Read(const std::string& svg) {
  Drawing d;
  int w = 0, h = 0;
  EXPECT_EQ(std::sscanf(Between(svg, "viewBox=\"", "\"").c_str(), "0 0 %d %d", &w, &h), 2);
  EXPECT_EQ(w, h);
  if (w <= 0) return d;
  d.size = w;
  d.grid.assign(d.size, std::vector<bool>(d.size, false));
  for (const ModuleRun& r : Runs(svg)) {
    for (int i = 0; i < r.n; ++i) {
      const int x = r.x + i;
      if (x < 0 || x >= d.size || r.y < 0 || r.y >= d.size) {
        ADD_FAILURE() << "module outside the drawing at " << x << "," << r.y;
        continue;
      }
      EXPECT_FALSE(d.grid[r.y][x]) << "module drawn twice at " << x << "," << r.y;
      d.grid[r.y][x] = true;
    }
  }
  return d;
}

// A finder pattern (the three big squares in the corners): 7×7 dark ring, light ring, 3×3 core.
void ExpectFinder(const Drawing& d, int left, int top) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      EXPECT_EQ(d.grid[top + y][left + x], ring || core) << "finder at " << left << "," << top;
    }
  }
}

TEST(QrSvg, WellFormedSelfContainedSvg) {
  auto svg = QrSvg("HELLO");
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  const std::string& s = *svg;
  EXPECT_EQ(s.rfind(R"(<svg xmlns="http://www.w3.org/2000/svg" )", 0), 0u);
  EXPECT_TRUE(s.ends_with("</svg>"));
  EXPECT_NE(s.find(R"(shape-rendering="crispEdges")"), std::string::npos);
  // One path of modules (on one white square), and nothing that loads anything else.
  auto count = [&](std::string_view needle) {
    std::size_t n = 0;
    for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<path"), 1u);
  EXPECT_EQ(count("<rect"), 1u);
  EXPECT_EQ(count("<"), 4u);  // <svg, <rect/>, <path/>, </svg>
  EXPECT_EQ(count("/>"), 2u);
  EXPECT_EQ(count("href"), 0u);
  EXPECT_EQ(count("http"), 1u);  // the namespace only
  EXPECT_EQ(count("<script"), 0u);
}

TEST(QrSvg, Deterministic) {
  const std::string url = "http://127.0.0.1:8080/verify?cert=ZZGJJ-2023-001";
  auto a = QrSvg(url), b = QrSvg(url);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *QrSvg("http://127.0.0.1:8080/verify?cert=ZZGJJ-2023-002"));
}

TEST(QrSvg, FinderPatternsAndQuietZone) {
  auto svg = QrSvg("http://127.0.0.1:8080/verify?cert=ZZGJJ-2023-001");
  ASSERT_TRUE(svg.ok());
  const Drawing d = Read(*svg);
  ASSERT_GT(d.size, 8);
  const int last = d.size - 4 - 7;
  ExpectFinder(d, 4, 4);
  ExpectFinder(d, last, 4);
  ExpectFinder(d, 4, last);
  for (int i = 0; i < d.size; ++i) {
    for (int q = 0; q < 4; ++q) {
      EXPECT_FALSE(d.grid[q][i]);
      EXPECT_FALSE(d.grid[d.size - 1 - q][i]);
      EXPECT_FALSE(d.grid[i][q]);
      EXPECT_FALSE(d.grid[i][d.size - 1 - q]);
    }
  }
  // Horizontal runs are merged: no run starts where the previous one on its row ends.
  const std::vector<ModuleRun> runs = Runs(*svg);
  for (std::size_t i = 1; i < runs.size(); ++i) {
    if (runs[i].y == runs[i - 1].y) {
      EXPECT_GT(runs[i].x, runs[i - 1].x + runs[i - 1].n) << "adjacent runs on row " << runs[i].y;
    }
  }
}

// The smallest QR version that holds the bytes at level M, plus the quiet zone: version v is
// 17 + 4v modules wide. Byte capacities at level M (ISO/IEC 18004 table 7): v1 14, v2 26,
// v3 42, v4 62, v40 2331.
struct SizeCase {
  std::size_t bytes;
  int modules;
};

TEST(QrSvg, VersionGrowsWithTheText) {
  const SizeCase cases[] = {
      {1, 21 + 8},  {14, 21 + 8}, {15, 25 + 8}, {26, 25 + 8},    {27, 29 + 8},
      {42, 29 + 8}, {43, 33 + 8}, {62, 33 + 8}, {2331, 177 + 8},
  };
  for (const auto& c : cases) {
    const std::string text(c.bytes, 'a');
    auto svg = QrSvg(text);
    ASSERT_TRUE(svg.ok()) << c.bytes << ": " << svg.status().message();
    const std::string want =
        "viewBox=\"0 0 " + std::to_string(c.modules) + " " + std::to_string(c.modules) + "\"";
    EXPECT_NE(svg->find(want), std::string::npos) << c.bytes << " bytes";
  }
}

TEST(QrSvg, BinaryTextIsEncoded) {
  auto svg = QrSvg(std::string_view("a\0b\xff", 4));
  ASSERT_TRUE(svg.ok()) << svg.status().message();
  EXPECT_NE(svg->find(R"(viewBox="0 0 29 29")"), std::string::npos);
}

TEST(QrSvg, EmptyOrTooLongIsAnError) {
  auto empty = QrSvg("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Code::kInvalid);

  for (std::size_t n : {std::size_t{2332}, std::size_t{10000}, std::size_t{1} << 20}) {
    auto long_text = QrSvg(std::string(n, 'a'));
    ASSERT_FALSE(long_text.ok()) << n;
    EXPECT_EQ(long_text.status().code(), Code::kInvalid);
    EXPECT_NE(long_text.status().message().find("过长"), std::string::npos);
  }
}

}  // namespace
}  // namespace sx
