// Every deadline rule of the catalogue on the official calendar, with start dates whose periods
// span 春节, 国庆 and a year boundary. Expected dates were derived independently from the
// schedules in RULES.md §7 (a day-by-day count), not from this code.
#include "calendar/deadline.h"

#include <gtest/gtest.h>

#include <set>

#include "calendar/official.h"

namespace sx::calendar {
namespace {

Date D(std::string_view s) { return *domain::ParseDate(s); }

struct Case {
  const char* rule;
  const char* start;
  const char* due;
  const char* why;
};

const Case kCases[] = {
    {"publish.penalty", "2026-09-28", "2026-10-13", "国庆 10-01…10-07 skipped, 10-10 make-up counted"},
    {"publish.penalty", "2026-02-12", "2026-02-28", "春节 02-15…02-23 skipped, 02-14 before, 02-28 make-up"},
    {"publish.penalty", "2025-12-29", "2026-01-08", "year boundary: 元旦 01-01…01-03, 01-04 make-up"},
    {"publish.result", "2026-09-25", "2026-10-29", "20 working days over 国庆"},
    {"publish.withdraw", "2026-09-30", "2026-10-10", "the third working day is a make-up Saturday"},
    {"publish.update", "2026-02-10", "2026-03-16", "20 working days over 春节"},
    {"legal_review", "2025-12-25", "2026-01-09", "10 working days over 元旦"},
    {"evidence.preservation", "2026-02-11", "2026-02-27", "7 working days over 春节"},
    {"hearing.request", "2026-02-12", "2026-02-26", "5 working days over 春节"},
    {"hearing.notice", "2026-10-15", "2026-09-30", "7 working days before a hearing after 国庆"},
    {"hearing.notice", "2026-02-26", "2026-02-10", "7 working days before a hearing after 春节"},
    {"service.decision", "2026-09-29", "2026-10-14", "7 working days over 国庆"},
    {"service.decision", "2025-12-26", "2026-01-07", "7 working days over 元旦"},
    {"case.decision", "2026-07-04", "2026-10-08", "day 90 is 10-02, in 国庆: moved to 10-08"},
    {"case.decision", "2025-11-20", "2026-02-24", "day 90 is 02-18, in 春节: moved to 02-24"},
    {"fine.payment", "2026-02-01", "2026-02-24", "day 15 is 02-16, in 春节"},
    {"fine.payment", "2025-12-20", "2026-01-04", "day 15 is a Sunday worked for 元旦: not moved"},
    {"enforcement.court", "2026-07-05", "2026-10-08", "3 months end 10-05, in 国庆"},
    {"enforcement.court", "2025-11-30", "2026-02-28", "no 02-30: month end, a make-up Saturday"},
    {"inspection.publish", "2026-01-20", "2026-02-24", "20 working days over 春节"},
    {"complaint.reply", "2026-09-20", "2026-10-16", "15 working days over 国庆"},
    {"annual.report", "2025-06-30", "2026-02-02", "31 January 2026 is a Saturday"},
};

TEST(DeadlineRules, EveryRuleOnTheOfficialCalendar) {
  auto cal = LoadOfficial();
  ASSERT_TRUE(cal.ok()) << cal.status().message();
  std::set<std::string> covered;
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.rule) + " from " + c.start + ": " + c.why);
    const auto* rule = domain::FindDeadlineRule(c.rule);
    ASSERT_NE(rule, nullptr);
    auto due = DueDate(*cal, rule->period, D(c.start));
    ASSERT_TRUE(due.ok()) << due.status().message();
    EXPECT_EQ(domain::FormatDate(due->date), c.due);
    EXPECT_FALSE(due->provisional);
    EXPECT_FALSE(due->explanation.ToString().empty());
    covered.insert(c.rule);
  }
  for (const auto& r : domain::DefaultDeadlineRules()) {
    EXPECT_TRUE(covered.count(r.code)) << "no case for " << r.code;
  }
}

TEST(DeadlineRules, PeriodsReachingAnUnpublishedYearAreProvisional) {
  auto cal = LoadOfficial();
  ASSERT_TRUE(cal.ok());
  // 7 working days from 2026-12-28 end in January 2027, whose schedule is not published.
  auto due = DueDate(*cal, domain::FindDeadlineRule("service.decision")->period, D("2026-12-28"));
  ASSERT_TRUE(due.ok());
  EXPECT_TRUE(due->provisional);
  EXPECT_EQ(domain::FormatDate(due->date), "2027-01-06");  // weekends only
  EXPECT_NE(due->explanation.ToString().find("2027"), std::string::npos);
  // The 2026 annual report is due by 31 January 2027 (a Sunday): provisional too.
  auto report = DueDate(*cal, domain::FindDeadlineRule("annual.report")->period, D("2026-12-31"));
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->provisional);
  EXPECT_EQ(domain::FormatDate(report->date), "2027-02-01");
}

TEST(DeadlineRules, AnAgencyOverrideIsUsedAsGiven) {
  auto cal = LoadOfficial();
  ASSERT_TRUE(cal.ok());
  const auto* review = domain::FindDeadlineRule("legal_review");
  domain::Period shorter = review->period;
  shorter.amount = 5;
  ASSERT_TRUE(domain::ValidateOverride(*review, shorter).ok());
  auto due = DueDate(*cal, shorter, D("2026-09-28"));
  ASSERT_TRUE(due.ok());
  // 09-29, 09-30, (国庆), 10-08, 10-09, then the make-up Saturday 10-10 is the 5th.
  EXPECT_EQ(domain::FormatDate(due->date), "2026-10-10");
}

TEST(DeadlineRules, OutOfRangeDatesAreErrorsNotCrashes) {
  auto cal = LoadOfficial();
  ASSERT_TRUE(cal.ok());
  const domain::Period by_feb30{domain::PeriodUnit::kByDateNextYear, 0, 2, 30};
  EXPECT_EQ(DueDate(*cal, by_feb30, D("2026-01-01")).status().code(), Code::kInvalid);
  const domain::Period back{domain::PeriodUnit::kCalendarDays, -3, 0, 0};
  EXPECT_EQ(DueDate(*cal, back, D("2026-01-01")).status().code(), Code::kInvalid);
  const domain::Period far{domain::PeriodUnit::kWorkingDays, 7, 0, 0};
  EXPECT_FALSE(DueDate(*cal, far, D("2100-12-30")).ok());
}

}  // namespace
}  // namespace sx::calendar
