#include "domain/deadline.h"

#include <gtest/gtest.h>

#include <set>

namespace sx::domain {
namespace {

Date D(std::string_view s) { return *ParseDate(s); }

TEST(DeadlineCatalogue, EveryRuleIsCompleteAndUnique) {
  std::set<std::string> codes;
  for (const auto& r : DefaultDeadlineRules()) {
    SCOPED_TRACE(r.code);
    EXPECT_TRUE(codes.insert(r.code).second);
    EXPECT_FALSE(r.name.empty());
    EXPECT_FALSE(r.legal_basis.empty());
    EXPECT_FALSE(r.starts_on.empty());
    EXPECT_FALSE(r.stops_on.empty());
    EXPECT_FALSE(DescribePeriod(r.period).empty());
    EXPECT_EQ(r.extendable, r.max_extension_days > 0);
  }
  EXPECT_EQ(FindDeadlineRule("nope"), nullptr);
}

TEST(DeadlineCatalogue, TheLengthsOfTheLaw) {
  struct Want {
    const char* code;
    PeriodUnit unit;
    int amount;
    const char* text;
  };
  const Want wants[] = {
      {"publish.penalty", PeriodUnit::kWorkingDays, 7, "7个工作日"},
      {"publish.result", PeriodUnit::kWorkingDays, 20, "20个工作日"},
      {"publish.withdraw", PeriodUnit::kWorkingDays, 3, "3个工作日"},
      {"publish.update", PeriodUnit::kWorkingDays, 20, "20个工作日"},
      {"legal_review", PeriodUnit::kWorkingDays, 10, "10个工作日"},
      {"hearing.request", PeriodUnit::kWorkingDays, 5, "5个工作日"},
      {"hearing.notice", PeriodUnit::kWorkingDays, -7, "提前7个工作日"},
      {"service.decision", PeriodUnit::kWorkingDays, 7, "7个工作日"},
      {"evidence.preservation", PeriodUnit::kWorkingDays, 7, "7个工作日"},
      {"inspection.publish", PeriodUnit::kWorkingDays, 20, "20个工作日"},
      {"case.decision", PeriodUnit::kCalendarDays, 90, "90日"},
      {"fine.payment", PeriodUnit::kCalendarDays, 15, "15日"},
      {"enforcement.court", PeriodUnit::kMonths, 3, "3个月"},
      {"annual.report", PeriodUnit::kByDateNextYear, 0, "次年1月31日前"},
  };
  for (const auto& w : wants) {
    SCOPED_TRACE(w.code);
    const auto* r = FindDeadlineRule(w.code);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->period.unit, w.unit);
    EXPECT_EQ(r->period.amount, w.amount);
    EXPECT_EQ(DescribePeriod(r->period), w.text);
  }
}

TEST(DeadlineOverride, StatutoryPeriodsMayOnlyGetShorter) {
  const auto& penalty = *FindDeadlineRule("publish.penalty");
  EXPECT_TRUE(ValidateOverride(penalty, {PeriodUnit::kWorkingDays, 5, 0, 0}).ok());
  EXPECT_TRUE(ValidateOverride(penalty, {PeriodUnit::kWorkingDays, 7, 0, 0}).ok());
  auto longer = ValidateOverride(penalty, {PeriodUnit::kWorkingDays, 8, 0, 0});
  EXPECT_EQ(longer.code(), Code::kInvalid);
  EXPECT_EQ(longer.field(), "amount");
  EXPECT_NE(longer.message().find("只能从严缩短"), std::string::npos);
  EXPECT_FALSE(ValidateOverride(penalty, {PeriodUnit::kCalendarDays, 5, 0, 0}).ok());
  EXPECT_FALSE(ValidateOverride(penalty, {PeriodUnit::kWorkingDays, 0, 0, 0}).ok());
  // Configurable: longer is allowed, within 1…365.
  const auto& review = *FindDeadlineRule("legal_review");
  EXPECT_TRUE(ValidateOverride(review, {PeriodUnit::kWorkingDays, 15, 0, 0}).ok());
  EXPECT_FALSE(ValidateOverride(review, {PeriodUnit::kWorkingDays, 366, 0, 0}).ok());
  // Counted backwards stays backwards; the annual date cannot be moved.
  const auto& notice = *FindDeadlineRule("hearing.notice");
  EXPECT_TRUE(ValidateOverride(notice, {PeriodUnit::kWorkingDays, -7, 0, 0}).ok());
  EXPECT_TRUE(ValidateOverride(notice, {PeriodUnit::kWorkingDays, -10, 0, 0}).ok());  // more notice
  EXPECT_FALSE(ValidateOverride(notice, {PeriodUnit::kWorkingDays, -6, 0, 0}).ok());  // less
  EXPECT_FALSE(ValidateOverride(notice, {PeriodUnit::kWorkingDays, 7, 0, 0}).ok());
  const auto& report = *FindDeadlineRule("annual.report");
  EXPECT_FALSE(ValidateOverride(report, report.period).ok());
}

TEST(DeadlineExtension, OnlyWhereTheLawAllowsAndWithAnApproval) {
  const auto& decide = *FindDeadlineRule("case.decision");
  EXPECT_TRUE(ValidateExtension(decide, 30, 0, "案情复杂,经负责人批准延长", 5).ok());
  EXPECT_EQ(ValidateExtension(decide, 31, 0, "理由", 5).field(), "days");
  EXPECT_EQ(ValidateExtension(decide, 10, 25, "理由", 5).field(), "days");  // 35 in all
  EXPECT_EQ(ValidateExtension(decide, 0, 0, "理由", 5).field(), "days");
  EXPECT_EQ(ValidateExtension(decide, 10, 0, "", 5).field(), "reason");
  EXPECT_EQ(ValidateExtension(decide, 10, 0, std::string(501 * 3, 'a'), 5).field(), "reason");
  EXPECT_EQ(ValidateExtension(decide, 10, 0, "理由", 0).field(), "approvedBy");
  EXPECT_EQ(ValidateExtension(*FindDeadlineRule("publish.penalty"), 1, 0, "理由", 5).field(),
            "days");
}

TEST(DeadlineState, FromDueDoneAndToday) {
  struct Case {
    const char* due;
    const char* done;  // "" when open
    const char* today;
    DeadlineState want;
  };
  const Case cases[] = {
      {"2026-10-13", "", "2026-10-08", DeadlineState::kOnTime},
      {"2026-10-13", "", "2026-10-09", DeadlineState::kDueSoon},  // due soon from 10-09
      {"2026-10-13", "", "2026-10-13", DeadlineState::kDueSoon},  // the due date itself
      {"2026-10-13", "", "2026-10-14", DeadlineState::kOverdue},
      {"2026-10-13", "2026-10-13", "2026-12-01", DeadlineState::kDoneOnTime},
      {"2026-10-13", "2026-10-14", "2026-12-01", DeadlineState::kDoneLate},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.due) + " " + c.done + " " + c.today);
    std::optional<Date> done;
    if (*c.done) done = D(c.done);
    EXPECT_EQ(StateOf(D(c.due), done, D(c.today), D("2026-10-09")), c.want);
  }
  for (auto s : {DeadlineState::kOnTime, DeadlineState::kDueSoon, DeadlineState::kOverdue,
                 DeadlineState::kDoneOnTime, DeadlineState::kDoneLate}) {
    EXPECT_EQ(ParseDeadlineState(DeadlineStateCode(s)), s);
    EXPECT_FALSE(DeadlineStateName(s).empty());
  }
  EXPECT_FALSE(ParseDeadlineState("late").has_value());
}

}  // namespace
}  // namespace sx::domain
