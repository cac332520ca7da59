// Why a deadline falls where it does: the holidays and make-up days a computation took into
// account and the schedules it used, as data and as one Chinese sentence for documents and screens.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/civil_date.h"

namespace sx::calendar {

using domain::Date;

enum class PeriodUnit {
  kWorkingDays,   // 工作日 (行政处罚法 第85条: 二日、三日、五日、七日)
  kCalendarDays,  // 日, counted on the calendar
  kMonths,        // 月 (民法典 第202条)
};

// The part of a holiday that fell inside the span a computation looked at.
struct HolidaySpan {
  std::string name;
  Date from{};
  Date to{};
  int schedule_year = 0;  // the year whose schedule lists it
  bool operator==(const HolidaySpan&) const = default;
};

// A make-up working day (调休上班) inside the span.
struct WorkdayNote {
  Date date{};
  std::string for_holiday;
  int schedule_year = 0;
  bool operator==(const WorkdayNote&) const = default;
};

// A year's schedule a computation relied on.
struct ScheduleUse {
  int year = 0;
  int version = 0;
  std::string citation;  // e.g. 国办发明电〔2019〕16号、国办发明电〔2020〕1号
  bool operator==(const ScheduleUse&) const = default;
};

struct Explanation {
  PeriodUnit unit = PeriodUnit::kWorkingDays;
  Date start{};  // the event; the period runs from the next day
  int n = 0;     // negative for working days counted backwards
  // Calendar days and months: the period's last day before moving off non-working days (期满日).
  Date end{};
  Date due{};                         // the answer: always a working day except for n == 0
  bool clamped_to_month_end = false;  // months: no corresponding day, the month's last day used
  // Working days: holidays not counted and make-up days counted between start and due.
  // Calendar days and months: holidays and weekend days the end moved past, and `due` itself when
  // it is a make-up day.
  std::vector<HolidaySpan> holidays;
  std::vector<Date> weekend_days;  // calendar days and months only: plain weekend days moved past
  std::vector<WorkdayNote> workdays;
  std::vector<ScheduleUse> schedules;
  std::vector<int> provisional_years;  // years without a schedule the span touched (临时结果)

  bool provisional() const { return !provisional_years.empty(); }
  // e.g. "自2026-09-28起第7个工作日为2026-10-13;期间国庆节(10-01至10-07)不计,10-10(星期六)调休
  // 上班计入;依据2026年节假日安排(《国务院办公厅关于2026年部分节假日安排的通知》)".
  std::string ToString() const;
};

// 星期一 … 星期日.
std::string_view WeekdayName(Date d);

}  // namespace sx::calendar
