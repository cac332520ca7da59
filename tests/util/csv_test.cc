#include "util/csv.h"

#include <gtest/gtest.h>

namespace sx {
namespace {

TEST(Csv, QuotesLineEndsAndBlankRecords) {
  auto rows = ParseCsv("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\n\n,,\n\"two\nlines\",z,\n", 10);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].cells, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ((*rows)[1].cells, (std::vector<std::string>{"x,1", "say \"hi\"", ""}));
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[2].cells, (std::vector<std::string>{"two\nlines", "z", ""}));
  EXPECT_EQ((*rows)[2].line, 5);
}

TEST(Csv, LastRecordWithoutNewline) {
  auto rows = ParseCsv("a,b\n1,2", 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].cells, (std::vector<std::string>{"1", "2"}));
}

TEST(Csv, Errors) {
  EXPECT_NE(ParseCsv("a\n\"open", 10).status().message().find("第 2 行"), std::string::npos);
  EXPECT_EQ(ParseCsv("\"a\"b\n", 10).status().code(), Code::kInvalid);
  EXPECT_EQ(ParseCsv("1\n2\n3\n", 2).status().code(), Code::kInvalid);
  EXPECT_TRUE(ParseCsv("1\n2\n", 2).ok());
}

TEST(Decode, Utf8BomGbkAndGarbage) {
  EXPECT_EQ(*DecodeSpreadsheetText("\xEF\xBB\xBF张伟"), "张伟");
  EXPECT_EQ(*DecodeSpreadsheetText("张伟"), "张伟");
  EXPECT_EQ(*DecodeSpreadsheetText("\xD5\xC5\xCE\xB0,\xD6\xB0\xCE\xF1"), "张伟,职务");  // GBK
  auto bad = DecodeSpreadsheetText("\x81\x20\xFF");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalid);
  EXPECT_NE(bad.status().message().find("GBK"), std::string::npos);
}

}  // namespace
}  // namespace sx
