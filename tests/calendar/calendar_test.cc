#include "calendar/calendar.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "calendar/official.h"

namespace sx::calendar {
namespace {

using domain::AddDays;
using domain::FormatDate;

Date D(const char* text) {
  auto d = domain::ParseDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Date{});
}

const Calendar& Official() {
  static const Calendar* c = [] {
    auto loaded = LoadOfficial();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return new Calendar(loaded.ok() ? *loaded : Calendar());
  }();
  return *c;
}

// The official data with `year` cut back to its first `versions` versions.
Calendar OfficialUpTo(int year, std::size_t versions) {
  Schedules s = Official().schedules();
  for (YearSchedule& y : s.years) {
    if (y.year == year) y.versions.resize(versions);
  }
  auto c = Calendar::Create(std::move(s));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? *c : Calendar();
}

// A one-year document for MergeYear.
std::string YearDocument(YearSchedule y) {
  Schedules s;
  s.years.push_back(std::move(y));
  return FormatSchedules(s);
}

// ---- the official data --------------------------------------------------------------------------

TEST(Official, LoadsWithEveryYearAndItsAmendments) {
  ASSERT_TRUE(LoadOfficial().ok()) << LoadOfficial().status().message();
  const Schedules& s = Official().schedules();
  EXPECT_EQ(s.region, "CN");
  ASSERT_EQ(s.years.size(), 8u);
  for (int y = 2019; y <= 2026; ++y) {
    const YearSchedule* ys = Official().FindYear(y);
    ASSERT_NE(ys, nullptr) << y;
    EXPECT_EQ(ys->versions.size(), (y == 2019 || y == 2020) ? 2u : 1u) << y;
  }
  EXPECT_EQ(Official().FindYear(2018), nullptr);
  EXPECT_EQ(Official().FindYear(2027), nullptr);
  EXPECT_EQ(Official().FindYear(2020)->latest().number, "国办发明电〔2020〕1号");
}

TEST(Official, FormatsBackToTheFileByteForByte) {
  auto s = ParseSchedules(OfficialData());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(FormatSchedules(*s), OfficialData());
}

// RULES.md §7: the count check.
struct YearCount {
  int year;
  int working_days;
};
const YearCount kYearCounts[] = {{2019, 250}, {2020, 249}, {2021, 250}, {2022, 249},
                                 {2023, 249}, {2024, 251}, {2025, 248}, {2026, 248}};

TEST(Official, WorkingDaysPerYear) {
  for (const YearCount& c : kYearCounts) {
    const Date last_of_previous{std::chrono::year(c.year - 1), std::chrono::December,
                                std::chrono::day(31)};
    const Date last{std::chrono::year(c.year), std::chrono::December, std::chrono::day(31)};
    auto n = Official().CountWorkingDays(last_of_previous, last);
    ASSERT_TRUE(n.ok()) << n.status().message();
    EXPECT_EQ(n->days, c.working_days) << c.year;
    EXPECT_FALSE(n->provisional) << c.year;
  }
}

// ---- day information ----------------------------------------------------------------------------

struct DayCase {
  const char* date;
  DayKind kind;
  bool working;
  bool provisional;
  const char* name;
  int schedule_year;
};
const DayCase kDays[] = {
    {"2026-10-01", DayKind::kHoliday, false, false, "国庆节", 2026},
    {"2026-10-03", DayKind::kHoliday, false, false, "国庆节", 2026},  // a Saturday in the range
    {"2026-10-10", DayKind::kMakeUpWorkday, true, false, "国庆节", 2026},
    {"2026-10-11", DayKind::kWeekend, false, false, "", 0},
    {"2026-10-12", DayKind::kWeekday, true, false, "", 0},
    {"2025-10-06", DayKind::kHoliday, false, false, "国庆节、中秋节", 2025},
    {"2020-02-01", DayKind::kHoliday, false, false, "春节", 2020},  // a make-up day until amended
    {"2019-05-05", DayKind::kMakeUpWorkday, true, false, "劳动节", 2019},
    {"2018-12-29", DayKind::kMakeUpWorkday, true, false, "元旦", 2019},  // listed by 2019
    {"2018-12-31", DayKind::kHoliday, false, false, "元旦", 2019},
    {"2018-12-28", DayKind::kWeekday, true, true, "", 0},
    {"2018-12-23", DayKind::kWeekend, false, true, "", 0},
    {"2027-01-01", DayKind::kWeekday, true, true, "", 0},   // 元旦 2027 not yet published
    {"1989-12-31", DayKind::kWeekend, false, true, "", 0},  // outside the table
    {"2101-01-03", DayKind::kWeekday, true, true, "", 0},
};

TEST(Calendar, DayInfo) {
  for (const DayCase& c : kDays) {
    const DayInfo info = Official().Info(D(c.date));
    EXPECT_EQ(info.kind, c.kind) << c.date;
    EXPECT_EQ(info.working, c.working) << c.date;
    EXPECT_EQ(Official().IsWorkingDay(D(c.date)), c.working) << c.date;
    EXPECT_EQ(info.provisional, c.provisional) << c.date;
    EXPECT_EQ(info.name, c.name) << c.date;
    EXPECT_EQ(info.schedule_year, c.schedule_year) << c.date;
  }
}

TEST(Calendar, WithoutSchedulesEveryDayIsProvisionalWeekendsOnly) {
  const Calendar empty;
  EXPECT_TRUE(empty.IsWorkingDay(D("2026-10-01")));
  EXPECT_TRUE(empty.Info(D("2026-10-01")).provisional);
  auto due = empty.AddWorkingDays(D("2026-09-30"), 1);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->date, D("2026-10-01"));
  EXPECT_TRUE(due->provisional);
  EXPECT_FALSE(empty.IsWorkingDay(Date{}));
}

// ---- working days -------------------------------------------------------------------------------

struct AddCase {
  const char* start;
  int n;
  const char* due;
  bool provisional;
};
const AddCase kAddWorkingDays[] = {
    // The start day does not count (行政处罚法 第85条).
    {"2026-03-02", 1, "2026-03-03", false},
    {"2026-03-06", 1, "2026-03-09", false},
    {"2026-03-07", 1, "2026-03-09", false},  // from a Saturday
    {"2026-03-02", 0, "2026-03-02", false},
    // 国庆 2026 with its make-up Saturday 10-10.
    {"2026-09-28", 6, "2026-10-12", false},
    {"2026-09-28", 7, "2026-10-13", false},
    {"2026-09-30", 1, "2026-10-08", false},
    {"2026-10-03", 1, "2026-10-08", false},  // starting inside the holiday
    {"2026-10-09", 1, "2026-10-10", false},  // the make-up Saturday counts
    {"2026-09-18", 1, "2026-09-20", false},  // make-up Sunday 09-20
    // 春节 2026: make-up Saturdays 02-14 and 02-28.
    {"2026-02-12", 2, "2026-02-14", false},
    {"2026-02-14", 1, "2026-02-24", false},
    {"2026-02-13", 7, "2026-03-02", false},
    {"2026-02-26", 2, "2026-02-28", false},
    // 春节 2024 with the make-up Sunday 02-18; 春节 2025; 国庆 2025 (8 days).
    {"2024-02-08", 2, "2024-02-18", false},
    {"2025-01-27", 1, "2025-02-05", false},
    {"2025-09-26", 1, "2025-09-28", false},
    {"2025-09-30", 1, "2025-10-09", false},
    {"2023-09-28", 1, "2023-10-07", false},  // make-up Saturday right after 中秋/国庆 2023
    // Amended years use their last version.
    {"2020-01-23", 1, "2020-02-03", false},
    {"2020-01-30", 1, "2020-02-03", false},
    {"2019-04-30", 1, "2019-05-05", false},
    // Across the year: 元旦 2019 began in 2018 with a make-up Saturday 2018-12-29.
    {"2018-12-28", 1, "2018-12-29", false},
    {"2018-12-28", 2, "2019-01-02", false},
    {"2018-12-20", 3, "2018-12-25", true},
    {"2026-12-30", 3, "2027-01-04", true},
    {"2026-12-30", 1, "2026-12-31", false},
    // Counting backwards (e.g. notice n working days ahead).
    {"2026-10-08", -1, "2026-09-30", false},
    {"2026-10-12", -1, "2026-10-10", false},
    {"2026-10-12", -2, "2026-10-09", false},
    {"2019-01-02", -2, "2018-12-28", true},
};

TEST(AddWorkingDays, KnownAnswers) {
  for (const AddCase& c : kAddWorkingDays) {
    auto due = Official().AddWorkingDays(D(c.start), c.n);
    ASSERT_TRUE(due.ok()) << c.start << " " << c.n << ": " << due.status().message();
    EXPECT_EQ(FormatDate(due->date), c.due) << c.start << " + " << c.n;
    EXPECT_EQ(due->provisional, c.provisional) << c.start << " + " << c.n;
    EXPECT_EQ(due->explanation.provisional(), c.provisional) << c.start << " + " << c.n;
  }
}

struct SentenceCase {
  PeriodUnit unit;
  const char* start;
  int n;
  const char* sentence;
};
const SentenceCase kSentences[] = {
    {PeriodUnit::kWorkingDays, "2026-09-28", 7,
     "自2026-09-28起第7个工作日为2026-10-13;期间国庆节(10-01至10-07)不计,10-10(星期六)调休上班计入;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kWorkingDays, "2020-01-23", 1,
     "自2020-01-23起第1个工作日为2020-02-03;期间春节(01-24至02-02)不计;"
     "依据2020年节假日安排(国办发明电〔2019〕16号、国办发明电〔2020〕1号)"},
    {PeriodUnit::kWorkingDays, "2026-10-03", 1,
     "自2026-10-03起第1个工作日为2026-10-08;期间国庆节(10-04至10-07)不计;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kWorkingDays, "2026-03-02", 5,
     "自2026-03-02起第5个工作日为2026-03-09;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kWorkingDays, "2018-12-28", 2,
     "自2018-12-28起第2个工作日为2019-01-02;期间元旦(2018-12-30至2019-01-01)不计,"
     "2018-12-29(星期六)调休上班计入;依据2019年节假日安排("
     "国办发明电〔2018〕15号、国办发明电〔2019〕3号)"},
    {PeriodUnit::kWorkingDays, "2026-12-30", 3,
     "自2026-12-30起第3个工作日为2027-01-04;2027年尚无节假日安排,按周六、周日休息暂计,"
     "结果为临时结果;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kWorkingDays, "2026-10-12", -2,
     "2026-10-12前第2个工作日为2026-10-09;10-10(星期六)调休上班计入;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kCalendarDays, "2026-09-16", 15,
     "自2026-09-16起15日期满为2026-10-01,因国庆节(10-01至10-07)休息顺延至2026-10-08;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kCalendarDays, "2026-03-02", 5,
     "自2026-03-02起5日期满为2026-03-07,因星期六、星期日休息顺延至2026-03-09;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kCalendarDays, "2026-09-04", 15,
     "自2026-09-04起15日期满为2026-09-19,因星期六休息顺延至2026-09-20(星期日调休上班);"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kCalendarDays, "2026-03-02", 15,
     "自2026-03-02起15日期满为2026-03-17;"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kMonths, "2025-11-30", 3,
     "自2025-11-30起3个月期满为2026-02-28(该月无对应日,以月末为期满日)(星期六调休上班);"
     "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)"},
    {PeriodUnit::kMonths, "2026-12-31", 2,
     "自2026-12-31起2个月期满为2027-02-28(该月无对应日,以月末为期满日),因星期日休息顺延至"
     "2027-03-01;2027年尚无节假日安排,按周六、周日休息暂计,结果为临时结果"},
};

TEST(Explanation, Sentences) {
  for (const SentenceCase& c : kSentences) {
    Result<Due> due =
        c.unit == PeriodUnit::kWorkingDays    ? Official().AddWorkingDays(D(c.start), c.n)
        : c.unit == PeriodUnit::kCalendarDays ? Official().AddCalendarDays(D(c.start), c.n)
                                              : Official().AddMonths(D(c.start), c.n);
    ASSERT_TRUE(due.ok()) << due.status().message();
    EXPECT_EQ(due->explanation.ToString(), c.sentence);
  }
}

TEST(Explanation, Data) {
  auto due = Official().AddWorkingDays(D("2026-09-28"), 7);
  ASSERT_TRUE(due.ok());
  const Explanation& e = due->explanation;
  EXPECT_EQ(e.unit, PeriodUnit::kWorkingDays);
  EXPECT_EQ(e.start, D("2026-09-28"));
  EXPECT_EQ(e.n, 7);
  EXPECT_EQ(e.due, D("2026-10-13"));
  EXPECT_EQ(e.holidays,
            (std::vector<HolidaySpan>{{"国庆节", D("2026-10-01"), D("2026-10-07"), 2026}}));
  EXPECT_EQ(e.workdays, (std::vector<WorkdayNote>{{D("2026-10-10"), "国庆节", 2026}}));
  ASSERT_EQ(e.schedules.size(), 1u);
  EXPECT_EQ(e.schedules[0].year, 2026);
  EXPECT_EQ(e.schedules[0].version, 1);
  EXPECT_TRUE(e.provisional_years.empty());

  auto back = Official().AddWorkingDays(D("2019-01-02"), -2);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->explanation.provisional_years, std::vector<int>{2018});
  ASSERT_EQ(back->explanation.schedules.size(), 1u);
  EXPECT_EQ(back->explanation.schedules[0].version, 2);
}

// ---- counting -----------------------------------------------------------------------------------

struct CountCase {
  const char* from;
  const char* to;
  int days;
  bool provisional;
};
const CountCase kCounts[] = {
    {"2026-09-30", "2026-10-08", 1, false}, {"2026-10-08", "2026-09-30", -1, false},
    {"2026-10-01", "2026-10-01", 0, false}, {"2026-09-28", "2026-10-13", 7, false},
    {"2026-10-09", "2026-10-10", 1, false}, {"2020-01-23", "2020-02-03", 1, false},
    {"2026-12-31", "2027-01-08", 6, true},  {"2018-12-28", "2019-01-02", 2, false},
    {"2018-12-27", "2018-12-28", 1, true},
};

TEST(CountWorkingDays, KnownAnswers) {
  for (const CountCase& c : kCounts) {
    auto n = Official().CountWorkingDays(D(c.from), D(c.to));
    ASSERT_TRUE(n.ok()) << n.status().message();
    EXPECT_EQ(n->days, c.days) << c.from << " → " << c.to;
    EXPECT_EQ(n->provisional, c.provisional) << c.from << " → " << c.to;
  }
}

// ---- calendar days and months -------------------------------------------------------------------

const AddCase kAddCalendarDays[] = {
    {"2026-03-02", 15, "2026-03-17", false},
    {"2026-09-16", 15, "2026-10-08", false},  // ends on 国庆节
    {"2026-03-02", 5, "2026-03-09", false},   // ends on a Saturday
    {"2026-09-04", 15, "2026-09-20", false},  // Saturday, then the make-up Sunday
    {"2026-02-01", 13, "2026-02-14", false},  // ends on a make-up Saturday: no move
    {"2026-02-06", 9, "2026-02-24", false},   // Sunday 02-15 starts 春节
    {"2026-12-16", 15, "2026-12-31", false},
    {"2026-12-17", 15, "2027-01-01", true},
    {"2020-01-10", 15, "2020-02-03", false},  // the extended 春节 2020
    {"2026-10-01", 0, "2026-10-08", false},
};

TEST(AddCalendarDays, KnownAnswers) {
  for (const AddCase& c : kAddCalendarDays) {
    auto due = Official().AddCalendarDays(D(c.start), c.n);
    ASSERT_TRUE(due.ok()) << due.status().message();
    EXPECT_EQ(FormatDate(due->date), c.due) << c.start << " + " << c.n;
    EXPECT_EQ(due->provisional, c.provisional) << c.start << " + " << c.n;
  }
}

const AddCase kAddMonths[] = {
    {"2026-03-16", 3, "2026-06-16", false},
    {"2025-11-30", 3, "2026-02-28", false},  // clamped, and a make-up Saturday
    {"2023-11-30", 3, "2024-02-29", false},  // leap year
    {"2026-01-31", 1, "2026-02-28", false},
    {"2026-03-31", 1, "2026-04-30", false},
    {"2026-07-01", 3, "2026-10-08", false},  // ends on 国庆节
    {"2026-08-08", 1, "2026-09-08", false},
    {"2026-12-31", 2, "2027-03-01", true},
    {"2026-10-15", 12, "2027-10-15", true},
};

TEST(AddMonths, KnownAnswers) {
  for (const AddCase& c : kAddMonths) {
    auto due = Official().AddMonths(D(c.start), c.n);
    ASSERT_TRUE(due.ok()) << due.status().message();
    EXPECT_EQ(FormatDate(due->date), c.due) << c.start << " + " << c.n << " months";
    EXPECT_EQ(due->provisional, c.provisional) << c.start << " + " << c.n << " months";
  }
  auto clamped = Official().AddMonths(D("2025-11-30"), 3);
  ASSERT_TRUE(clamped.ok());
  EXPECT_TRUE(clamped->explanation.clamped_to_month_end);
  EXPECT_EQ(clamped->explanation.end, D("2026-02-28"));
}

TEST(Calendar, RangeAndArgumentErrors) {
  const Calendar& c = Official();
  struct Bad {
    Status status;
    const char* field;
  };
  const Bad bad[] = {
      {c.AddWorkingDays(D("1989-12-31"), 1).status(), "start"},
      {c.AddWorkingDays(Date{}, 1).status(), "start"},
      {c.AddWorkingDays(D("2100-12-20"), 30).status(), "n"},
      {c.AddWorkingDays(D("1990-01-03"), -5).status(), "n"},
      {c.AddWorkingDays(D("2026-01-05"), 2147483647).status(), "n"},
      {c.AddWorkingDays(D("2026-01-05"), -2147483647 - 1).status(), "n"},
      {c.CountWorkingDays(D("1989-12-31"), D("2026-01-01")).status(), "from"},
      {c.CountWorkingDays(D("2026-01-01"), D("2101-01-01")).status(), "to"},
      {c.AddCalendarDays(D("2026-01-01"), -1).status(), "n"},
      {c.AddCalendarDays(D("2100-12-01"), 60).status(), "n"},
      {c.AddMonths(D("2026-01-01"), -1).status(), "n"},
      {c.AddMonths(D("2100-11-15"), 2).status(), "n"},
      {c.AddMonths(D("2026-01-01"), 2147483647).status(), "n"},
  };
  for (const Bad& b : bad) {
    EXPECT_EQ(b.status.code(), Code::kInvalid) << b.field;
    EXPECT_EQ(b.status.field(), b.field) << b.status.message();
    EXPECT_FALSE(b.status.message().empty());
  }
}

// ---- amendments ---------------------------------------------------------------------------------

TEST(Amendments, EachVersionGivesItsOwnAnswers) {
  const Calendar v1 = OfficialUpTo(2020, 1);
  auto before = v1.AddWorkingDays(D("2020-01-23"), 1);
  auto after = Official().AddWorkingDays(D("2020-01-23"), 1);
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(before->date, D("2020-01-31"));
  EXPECT_EQ(after->date, D("2020-02-03"));
  EXPECT_EQ(before->explanation.schedules[0].version, 1);
  EXPECT_EQ(after->explanation.schedules[0].version, 2);
  EXPECT_TRUE(v1.IsWorkingDay(D("2020-02-01")));  // the make-up Saturday v2 dropped
  EXPECT_FALSE(Official().IsWorkingDay(D("2020-02-01")));
  EXPECT_EQ(v1.CountWorkingDays(D("2019-12-31"), D("2020-12-31"))->days, 251);

  const Calendar labour_v1 = OfficialUpTo(2019, 1);
  EXPECT_EQ(labour_v1.AddWorkingDays(D("2019-04-30"), 1)->date, D("2019-05-02"));
  EXPECT_EQ(Official().AddWorkingDays(D("2019-04-30"), 1)->date, D("2019-05-05"));
}

TEST(Amendments, MergingANewVersionReportsExactlyWhatChanged) {
  const Calendar v1 = OfficialUpTo(2020, 1);
  const YearSchedule& official2020 = *Official().FindYear(2020);
  // Only the new version, and the whole history: the same outcome.
  for (const YearSchedule& import :
       {YearSchedule{2020, {official2020.versions[1]}}, official2020}) {
    auto merged = v1.MergeYear(YearDocument(import));
    ASSERT_TRUE(merged.ok()) << merged.status().message();
    const YearChange& ch = merged->change;
    EXPECT_EQ(ch.year, 2020);
    EXPECT_EQ(ch.old_version, 1);
    EXPECT_EQ(ch.new_version, 2);
    EXPECT_EQ(ch.holidays_added,
              (std::vector<Date>{D("2020-01-31"), D("2020-02-01"), D("2020-02-02")}));
    EXPECT_TRUE(ch.holidays_removed.empty());
    EXPECT_TRUE(ch.workdays_added.empty());
    EXPECT_EQ(ch.workdays_removed, std::vector<Date>{D("2020-02-01")});
    EXPECT_EQ(ch.first_changed(), D("2020-01-31"));
    EXPECT_EQ(ch.ToString(),
              "2020年节假日安排由第1版更新为第2版:新增节假日2020-01-31至2020-02-02;"
              "取消调休上班2020-02-01");
    EXPECT_EQ(merged->calendar.schedules(), Official().schedules());
    EXPECT_EQ(merged->calendar.AddWorkingDays(D("2020-01-23"), 1)->date, D("2020-02-03"));
    // The calendar merged into is unchanged.
    EXPECT_EQ(v1.AddWorkingDays(D("2020-01-23"), 1)->date, D("2020-01-31"));
    EXPECT_EQ(v1.FindYear(2020)->versions.size(), 1u);
  }
}

TEST(Amendments, TheLabourDay2019Amendment) {
  auto merged = OfficialUpTo(2019, 1).MergeYear(
      YearDocument(YearSchedule{2019, {Official().FindYear(2019)->versions[1]}}));
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(merged->change.ToString(),
            "2019年节假日安排由第1版更新为第2版:新增节假日2019-05-02至2019-05-04;"
            "新增调休上班2019-04-28、2019-05-05");
}

TEST(Amendments, ImportingWhatIsLoadedChangesNothing) {
  auto merged = Official().MergeYear(YearDocument(*Official().FindYear(2026)));
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_TRUE(merged->change.unchanged());
  EXPECT_FALSE(merged->change.first_changed().has_value());
  EXPECT_EQ(merged->change.ToString(), "2026年节假日安排第1版已载入,无变化");
}

// A made-up 2027 schedule, for tests only.
YearSchedule Test2027() {
  ScheduleVersion v;
  v.version = 1;
  v.notice = "测试用2027年节假日安排";
  v.holidays = {{"元旦", D("2027-01-01"), D("2027-01-03")},
                {"国庆节", D("2027-10-01"), D("2027-10-07")}};
  v.workdays = {{D("2027-10-09"), "国庆节"}};
  return YearSchedule{2027, {v}};
}

TEST(Amendments, ANewYearEndsProvisionalResults) {
  auto before = Official().AddWorkingDays(D("2026-12-30"), 3);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->provisional);
  EXPECT_EQ(before->date, D("2027-01-04"));

  auto merged = Official().MergeYear(YearDocument(Test2027()));
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(merged->change.old_version, 0);
  EXPECT_EQ(merged->change.new_version, 1);
  EXPECT_EQ(merged->change.holidays_added.size(), 10u);
  EXPECT_EQ(merged->change.workdays_added, std::vector<Date>{D("2027-10-09")});
  EXPECT_EQ(merged->change.ToString(),
            "新增2027年节假日安排第1版:新增节假日2027-01-01至2027-01-03、2027-10-01至2027-10-07;"
            "新增调休上班2027-10-09");
  auto after = merged->calendar.AddWorkingDays(D("2026-12-30"), 3);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->provisional);
  EXPECT_EQ(after->date, D("2027-01-05"));
  EXPECT_EQ(after->explanation.ToString(),
            "自2026-12-30起第3个工作日为2027-01-05;期间元旦(2027-01-01至2027-01-03)不计;"
            "依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)、"
            "2027年节假日安排(《测试用2027年节假日安排》)");
}

struct MergeErrorCase {
  const char* what;
  Code code;
  const char* field;
  const char* message;  // a part of it
  std::string (*document)();
};

const MergeErrorCase kMergeErrors[] = {
    {"rewrites a published version", Code::kConflict, "years[0].versions[0]", "不能改写",
     [] {
       YearSchedule y = *Official().FindYear(2026);
       y.versions[0].holidays[0].to = D("2026-01-02");
       return YearDocument(y);
     }},
    {"skips a version", Code::kInvalid, "years[0].versions[0].version", "第2版开始",
     [] {
       YearSchedule y = *Official().FindYear(2026);
       y.versions[0].version = 3;
       return YearDocument(y);
     }},
    {"a new year not starting at version 1", Code::kInvalid, "years[0].versions[0].version",
     "第1版开始",
     [] {
       YearSchedule y = Test2027();
       y.versions[0].version = 2;
       return YearDocument(y);
     }},
    {"a day another year lists", Code::kInvalid, "years", "2026-10-10同时由2026年和2027年",
     [] {
       YearSchedule y = Test2027();
       y.versions[0].holidays.insert(y.versions[0].holidays.begin(),
                                     Holiday{"国庆节补假", D("2026-10-10"), D("2026-10-10")});
       return YearDocument(y);
     }},
    {"two years", Code::kInvalid, "years", "只含一个年度",
     [] {
       Schedules s;
       s.years = {*Official().FindYear(2026), Test2027()};
       return FormatSchedules(s);
     }},
    {"another region", Code::kInvalid, "region", "地区",
     [] {
       Schedules s;
       s.region = "HK";
       s.years = {Test2027()};
       return FormatSchedules(s);
     }},
    {"a make-up day on a weekday", Code::kInvalid, "years[0].versions[0].workdays[0].date",
     "2027-10-11是星期一",
     [] {
       YearSchedule y = Test2027();
       y.versions[0].workdays[0].date = D("2027-10-11");
       return YearDocument(y);
     }},
    {"not JSON", Code::kInvalid, "", "不是有效的 JSON", [] { return std::string("{\"format\":"); }},
};

TEST(Amendments, BadImportsAreRejectedAndChangeNothing) {
  const Calendar& c = Official();
  for (const MergeErrorCase& m : kMergeErrors) {
    auto merged = c.MergeYear(m.document());
    ASSERT_FALSE(merged.ok()) << m.what;
    EXPECT_EQ(merged.status().code(), m.code) << m.what << ": " << merged.status().message();
    EXPECT_EQ(merged.status().field(), m.field) << m.what << ": " << merged.status().message();
    EXPECT_NE(merged.status().message().find(m.message), std::string::npos)
        << m.what << ": " << merged.status().message();
  }
  EXPECT_EQ(c.schedules(), LoadOfficial()->schedules());
  EXPECT_EQ(c.AddWorkingDays(D("2026-12-30"), 3)->date, D("2027-01-04"));
}

// ---- properties over random dates ---------------------------------------------------------------

// Day-by-day reference: the n-th working day after `start` and whether any day it passed was
// provisional.
std::pair<Date, bool> StepByStep(const Calendar& c, Date start, int n) {
  Date d = start;
  bool provisional = false;
  for (int seen = 0; seen < n;) {
    d = AddDays(d, 1);
    provisional = provisional || c.Info(d).provisional;
    if (c.IsWorkingDay(d)) ++seen;
  }
  return {d, provisional};
}

TEST(Properties, RandomDates) {
  const Calendar& c = Official();
  std::mt19937 rng(20260928);
  const Date base = D("2017-06-01");
  std::uniform_int_distribution<int> day_in_span(0, 12 * 366);  // 2017 … 2029
  std::uniform_int_distribution<int> ahead(0, 400);
  std::uniform_int_distribution<int> count(0, 40);
  for (int i = 0; i < 3000; ++i) {
    const Date d = AddDays(base, day_in_span(rng));
    const Date x = AddDays(d, ahead(rng));
    const int n = count(rng);

    auto due = c.AddWorkingDays(d, n);
    ASSERT_TRUE(due.ok());
    const auto [expected, provisional] = StepByStep(c, d, n);
    ASSERT_EQ(due->date, expected) << FormatDate(d) << " + " << n;
    EXPECT_EQ(due->provisional, provisional) << FormatDate(d) << " + " << n;
    // The lean variant gives the same answer, forwards and backwards.
    for (int k : {n, -n}) {
      auto lean = c.WorkingDayAfter(d, k);
      auto full = c.AddWorkingDays(d, k);
      ASSERT_TRUE(lean.ok() && full.ok());
      EXPECT_EQ(lean->date, full->date) << FormatDate(d) << " + " << k;
      EXPECT_EQ(lean->provisional, full->provisional) << FormatDate(d) << " + " << k;
    }
    if (n > 0) {
      EXPECT_TRUE(c.IsWorkingDay(due->date));
    }
    EXPECT_EQ(c.CountWorkingDays(d, due->date)->days, n);

    auto to_x = c.CountWorkingDays(d, x);
    ASSERT_TRUE(to_x.ok());
    if (c.IsWorkingDay(x) && x != d) {
      EXPECT_EQ(c.AddWorkingDays(d, to_x->days)->date, x)
          << FormatDate(d) << " → " << FormatDate(x);
    }
    // Counts add up and change sign when reversed.
    const Date y = AddDays(x, ahead(rng) - 200);
    EXPECT_EQ(to_x->days + c.CountWorkingDays(x, y)->days, c.CountWorkingDays(d, y)->days);
    EXPECT_EQ(c.CountWorkingDays(x, d)->days, -to_x->days);
    // Backwards then forwards returns to a working day.
    if (c.IsWorkingDay(d) && n > 0) {
      auto back = c.AddWorkingDays(d, -n);
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(c.AddWorkingDays(back->date, n)->date, d) << FormatDate(d) << " - " << n;
    }
    // Calendar-day periods end on the first working day on or after start + n.
    auto period = c.AddCalendarDays(d, n);
    ASSERT_TRUE(period.ok());
    const Date end = AddDays(d, n);
    EXPECT_TRUE(c.IsWorkingDay(period->date));
    EXPECT_GE(period->date, end);
    for (Date k = end; k < period->date; k = AddDays(k, 1)) EXPECT_FALSE(c.IsWorkingDay(k));
  }
}

}  // namespace
}  // namespace sx::calendar
