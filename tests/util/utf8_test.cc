#include "util/utf8.h"

#include <gtest/gtest.h>

namespace sx {
namespace {

struct Utf8Case {
  std::string_view bytes;
  std::optional<std::size_t> code_points;
};

class Utf8Test : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8Test, CountsOrRejects) {
  const auto& c = GetParam();
  EXPECT_EQ(CodePointCount(c.bytes), c.code_points);
  EXPECT_EQ(IsValidUtf8(c.bytes), c.code_points.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Table, Utf8Test,
    ::testing::Values(Utf8Case{"", 0}, Utf8Case{"abc", 3}, Utf8Case{"郑州", 2},
                      Utf8Case{"\xF0\x9F\x98\x80", 1},           // U+1F600, 4 bytes
                      Utf8Case{"\xC3\xA9", 1},                   // é
                      Utf8Case{"\xC0\xAF", std::nullopt},        // overlong '/'
                      Utf8Case{"\xE0\x80\xAF", std::nullopt},    // overlong, 3 bytes
                      Utf8Case{"\xED\xA0\x80", std::nullopt},    // surrogate U+D800
                      Utf8Case{"\xF4\x90\x80\x80", std::nullopt},  // above U+10FFFF
                      Utf8Case{"\xE9\x83", std::nullopt},        // truncated
                      Utf8Case{"\x80", std::nullopt},            // lone continuation
                      Utf8Case{"\xFF", std::nullopt}));

TEST(ControlChars, AllowsTabAndNewlinesOnly) {
  EXPECT_FALSE(HasControlChars("a\tb\r\nc"));
  EXPECT_TRUE(HasControlChars(std::string_view("a\0b", 3)));
  EXPECT_TRUE(HasControlChars("a\x1b[31m"));
  EXPECT_TRUE(HasControlChars("\x7f"));
}

}  // namespace
}  // namespace sx
