#include "util/clock.h"

#include <gtest/gtest.h>

namespace sx {
namespace {

TEST(FormatUtc, Rfc3339WithMilliseconds) {
  // 2026-11-28T04:14:54.123Z
  TimePoint t{std::chrono::milliseconds(1795839294123LL)};
  EXPECT_EQ(FormatUtc(t), "2026-11-28T04:14:54.123Z");
  EXPECT_EQ(FormatUtc(TimePoint{}), "1970-01-01T00:00:00.000Z");
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock c(TimePoint{std::chrono::seconds(100)});
  const auto t0 = c.Now();
  EXPECT_EQ(c.Now(), t0);
  c.Advance(std::chrono::milliseconds(1500));
  EXPECT_EQ(c.Now() - t0, std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace sx
