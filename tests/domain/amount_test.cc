#include "domain/amount.h"

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

TEST(Amount, ChineseUpperCase) {
  struct Case {
    std::int64_t yuan;
    const char* want;
  };
  const Case cases[] = {
      {0, "零元整"},
      {1, "壹元整"},
      {10, "壹拾元整"},
      {15, "壹拾伍元整"},
      {101, "壹佰零壹元整"},
      {110, "壹佰壹拾元整"},
      {200, "贰佰元整"},
      {1'001, "壹仟零壹元整"},
      {3'000, "叁仟元整"},
      {10'000, "壹万元整"},
      {10'010, "壹万零壹拾元整"},
      {12'345, "壹万贰仟叁佰肆拾伍元整"},
      {20'500, "贰万零伍佰元整"},
      {30'000, "叁万元整"},
      {50'000, "伍万元整"},
      {100'000, "壹拾万元整"},
      {100'100, "壹拾万零壹佰元整"},
      {101'000, "壹拾万零壹仟元整"},
      {110'000, "壹拾壹万元整"},
      {1'000'005, "壹佰万零伍元整"},
      {1'010'000, "壹佰零壹万元整"},
      {10'000'000, "壹仟万元整"},
      {10'000'001, "壹仟万零壹元整"},
      {100'000'000, "壹亿元整"},
      {100'000'001, "壹亿零壹元整"},
      {100'001'000, "壹亿零壹仟元整"},
      {100'010'000, "壹亿零壹万元整"},
      {110'000'000, "壹亿壹仟万元整"},
      {1'234'567'890, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元整"},
      {999'999'999'999, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"},
  };
  for (const Case& c : cases) {
    auto got = ChineseAmount(c.yuan);
    ASSERT_TRUE(got.ok()) << c.yuan;
    EXPECT_EQ(*got, c.want) << c.yuan;
  }
}

TEST(Amount, OutOfRangeIsInvalid) {
  for (std::int64_t yuan :
       {std::int64_t{-1}, std::int64_t{1'000'000'000'000}, INT64_MAX, INT64_MIN}) {
    auto got = ChineseAmount(yuan);
    ASSERT_FALSE(got.ok()) << yuan;
    EXPECT_EQ(got.status().code(), Code::kInvalid);
    EXPECT_EQ(got.status().field(), "amount");
  }
}

TEST(Amount, Figures) {
  EXPECT_EQ(FormatYuan(30'000), "30000元");
  EXPECT_EQ(FormatYuan(0), "0元");
}

}  // namespace
}  // namespace sx::domain
