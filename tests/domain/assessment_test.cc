// The indicators' shared arithmetic (domain/assessment.h): timeliness of a deadline, shares
// rounded half up to one decimal, the 90-day limit of 行政处罚法 第60条, months.
#include "domain/assessment.h"

#include <gtest/gtest.h>

#include <set>

namespace sx::domain {
namespace {

Date D(int y, unsigned m, unsigned d) { return std::chrono::year(y) / m / d; }

TEST(Assessment, EveryIndicatorIsDefinedOnce) {
  std::set<std::string_view> codes;
  for (const auto& i : Indicators()) {
    EXPECT_TRUE(codes.insert(i.code).second) << i.code;
    EXPECT_FALSE(i.name.empty());
    EXPECT_FALSE(i.what.empty());
    EXPECT_EQ(FindIndicator(i.code), &i);
  }
  EXPECT_EQ(codes.size(), 10u);
  EXPECT_EQ(FindIndicator("nope"), nullptr);
}

TEST(Assessment, ADeadlineIsInTimeLateOrNotYetDue) {
  const Date due = D(2026, 10, 9);
  EXPECT_EQ(Classify(due, D(2026, 10, 9), D(2027, 1, 1)), Timeliness::kOnTime);  // on the day
  EXPECT_EQ(Classify(due, D(2026, 10, 10), D(2027, 1, 1)), Timeliness::kLate);
  EXPECT_EQ(Classify(due, std::nullopt, D(2026, 10, 9)), Timeliness::kPending);  // due today
  EXPECT_EQ(Classify(due, std::nullopt, D(2026, 10, 10)), Timeliness::kLate);
}

TEST(Assessment, SharesRoundHalfUpToOneDecimal) {
  EXPECT_EQ(Share({2, 3}).Percent(), 66.7);
  EXPECT_EQ(Share({1, 3}).Percent(), 33.3);
  EXPECT_EQ(Share({1, 8}).Percent(), 12.5);
  EXPECT_EQ(Share({1, 16}).Percent(), 6.3);  // 6.25 → 6.3
  EXPECT_EQ(Share({0, 5}).Percent(), 0.0);
  EXPECT_EQ(Share({5, 5}).Percent(), 100.0);
  EXPECT_FALSE(Share({0, 0}).Percent().has_value());
  EXPECT_EQ(RoundedMean(std::int64_t{20}, 2), 10.0);
  EXPECT_EQ(RoundedMean(std::int64_t{10}, 3), 3.3);
  EXPECT_FALSE(RoundedMean(std::int64_t{0}, 0).has_value());
}

TEST(Assessment, NinetyDaysFromFiling) {
  const Date filed = D(2026, 9, 1);
  EXPECT_FALSE(OverNinetyDays(filed, std::nullopt, D(2026, 11, 30)));  // day 90
  EXPECT_TRUE(OverNinetyDays(filed, std::nullopt, D(2026, 12, 1)));
  EXPECT_FALSE(OverNinetyDays(filed, D(2026, 11, 1), D(2027, 1, 1)));  // decided in time
  EXPECT_TRUE(OverNinetyDays(filed, D(2027, 2, 1), D(2027, 1, 1)));    // not yet decided then
}

TEST(Assessment, Months) {
  auto m = ParseMonth("2026-02");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->First(), D(2026, 2, 1));
  EXPECT_EQ(m->Last(), D(2026, 2, 28));
  EXPECT_EQ(ParseMonth("2028-02")->Last(), D(2028, 2, 29));
  EXPECT_EQ(MonthText(Next(*ParseMonth("2026-12"))), "2027-01");
  EXPECT_EQ(MonthText(MonthOf(D(2026, 7, 31))), "2026-07");
  EXPECT_TRUE(*ParseMonth("2026-01") <= *ParseMonth("2026-01"));
  EXPECT_FALSE(*ParseMonth("2027-01") <= *ParseMonth("2026-12"));
  for (const char* bad : {"", "2026", "2026-13", "2026-00", "1999-12", "2026/01", "2026-1", "２０２６-01"}) {
    EXPECT_FALSE(ParseMonth(bad)) << bad;
  }
}

}  // namespace
}  // namespace sx::domain
