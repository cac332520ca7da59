// Every holiday and make-up working day of 2019–2026, checked against the schedules exactly as
// RULES.md §7 writes them (the lines below are copied from it), independently of the data file.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "calendar/official.h"

namespace sx::calendar {
namespace {

// RULES.md §7, verbatim but for the trailing notes.
const char* const kRulesMd[] = {
    "2019: 元旦 2018-12-30…01-01 [2018-12-29]; 春节 02-04…02-10 [02-02, 02-03]; 清明 04-05; 劳动 05-01…05-04 [04-28, 05-05]; 端午 06-07; 中秋 09-13; 国庆 10-01…10-07 [09-29, 10-12]",
    "2020: 元旦 01-01; 春节 01-24…02-02 [01-19]; 清明 04-04…04-06; 劳动 05-01…05-05 [04-26, 05-09]; 端午 06-25…06-27 [06-28]; 国庆/中秋 10-01…10-08 [09-27, 10-10]",
    "2021: 元旦 01-01…01-03; 春节 02-11…02-17 [02-07, 02-20]; 清明 04-03…04-05; 劳动 05-01…05-05 [04-25, 05-08]; 端午 06-12…06-14; 中秋 09-19…09-21 [09-18]; 国庆 10-01…10-07 [09-26, 10-09]",
    "2022: 元旦 01-01…01-03; 春节 01-31…02-06 [01-29, 01-30]; 清明 04-03…04-05 [04-02]; 劳动 04-30…05-04 [04-24, 05-07]; 端午 06-03…06-05; 中秋 09-10…09-12; 国庆 10-01…10-07 [10-08, 10-09]",
    "2023: 元旦 2022-12-31…01-02; 春节 01-21…01-27 [01-28, 01-29]; 清明 04-05; 劳动 04-29…05-03 [04-23, 05-06]; 端午 06-22…06-24 [06-25]; 中秋/国庆 09-29…10-06 [10-07, 10-08]",
    "2024: 元旦 01-01; 春节 02-10…02-17 [02-04, 02-18]; 清明 04-04…04-06 [04-07]; 劳动 05-01…05-05 [04-28, 05-11]; 端午 06-10; 中秋 09-15…09-17 [09-14]; 国庆 10-01…10-07 [09-29, 10-12]",
    "2025: 元旦 01-01; 春节 01-28…02-04 [01-26, 02-08]; 清明 04-04…04-06; 劳动 05-01…05-05 [04-27]; 端午 05-31…06-02; 国庆/中秋 10-01…10-08 [09-28, 10-11]",
    "2026: 元旦 01-01…01-03 [01-04]; 春节 02-15…02-23 [02-14, 02-28]; 清明 04-04…04-06; 劳动 05-01…05-05 [05-09]; 端午 06-19…06-21; 中秋 09-25…09-27; 国庆 10-01…10-07 [09-20, 10-10]",
};

// "MM-DD" in `year`, or a full "YYYY-MM-DD".
Date At(int year, const std::string& s) {
  return *domain::ParseDate(s.size() == 10 ? s : std::to_string(year) + "-" + s);
}

TEST(RulesMd, EveryHolidayAndMakeUpDay2019To2026) {
  auto cal = LoadOfficial();
  ASSERT_TRUE(cal.ok()) << cal.status().message();
  const std::regex item(R"(([^\s;]+) ([0-9-]+)(?:…([0-9-]+))?(?: \[([^\]]+)\])?)");
  int holidays = 0, makeups = 0;
  for (const std::string line : kRulesMd) {
    const int year = std::stoi(line.substr(0, 4));
    const std::string body = line.substr(6);
    for (std::sregex_iterator it(body.begin(), body.end(), item), end; it != end; ++it) {
      const auto& m = *it;
      const Date from = At(year, m[2]);
      const Date to = m[3].matched ? At(year, m[3]) : from;
      SCOPED_TRACE(std::to_string(year) + " " + m[1].str());
      ASSERT_LE(domain::DaysBetween(from, to), 10);
      for (Date d = from; d <= to; d = domain::AddDays(d, 1)) {
        const DayInfo info = cal->Info(d);
        EXPECT_EQ(info.kind, DayKind::kHoliday) << domain::FormatDate(d);
        EXPECT_FALSE(info.working) << domain::FormatDate(d);
        EXPECT_FALSE(info.provisional) << domain::FormatDate(d);
        ++holidays;
      }
      if (!m[4].matched) continue;
      const std::string list = m[4];
      for (std::size_t at = 0; at < list.size();) {
        const std::size_t comma = list.find(", ", at);
        const std::string date = list.substr(at, comma == std::string::npos ? comma : comma - at);
        const Date d = At(year, date);
        const DayInfo info = cal->Info(d);
        EXPECT_EQ(info.kind, DayKind::kMakeUpWorkday) << domain::FormatDate(d);
        EXPECT_TRUE(info.working) << domain::FormatDate(d);
        ++makeups;
        if (comma == std::string::npos) break;
        at = comma + 2;
      }
    }
  }
  // Nothing skipped by the pattern: the day counts of the eight schedules above.
  EXPECT_EQ(holidays, 232);
  EXPECT_EQ(makeups, 53);
}

}  // namespace
}  // namespace sx::calendar
