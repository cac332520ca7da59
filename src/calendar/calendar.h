// The official working-day calendar (工作日历): Monday–Friday, minus the State Council's holidays,
// plus the weekend days declared working days (调休上班). Dates are Asia/Shanghai civil dates.
//
// A Calendar is immutable and cheap to copy (shared state); queries are O(1) or O(log n) over a
// per-day table for 1990-01-01 … 2100-12-31. A day whose year has no schedule is counted on
// weekends only and flagged provisional (临时), and so is every answer that looked at such a day.
// Days listed by a neighbouring year's schedule (元旦 2019 starts 2018-12-30) are not provisional.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/explanation.h"
#include "calendar/schedule.h"
#include "util/status.h"

namespace sx::calendar {

inline constexpr Date kFirstDay{std::chrono::year(1990), std::chrono::January, std::chrono::day(1)};
inline constexpr Date kLastDay{std::chrono::year(2100), std::chrono::December,
                               std::chrono::day(31)};

enum class DayKind : std::uint8_t {
  kWeekday,        // Monday–Friday: working
  kWeekend,        // Saturday or Sunday: off
  kHoliday,        // 节假日 (any day of a holiday range, weekend or not): off
  kMakeUpWorkday,  // 调休上班: a Saturday or Sunday that is worked
};

struct DayInfo {
  Date date{};
  DayKind kind = DayKind::kWeekday;
  bool working = false;
  bool provisional = false;  // no schedule for its year and none lists it
  // The holiday's name (kHoliday) or the holiday a make-up day is for (kMakeUpWorkday); points
  // into the Calendar's data and stays valid while any copy of that Calendar is alive.
  std::string_view name;
  int schedule_year = 0;  // the year whose schedule lists the day, 0 when none does
};

// A period's last day.
struct Due {
  Date date{};
  bool provisional = false;
  Explanation explanation;
};

// A day and whether it is provisional, without the explanation.
struct DayResult {
  Date date{};
  bool provisional = false;
};

struct WorkingDayCount {
  int days = 0;
  bool provisional = false;
};

// What merging a year changed, for the record and for recomputing open deadlines.
struct YearChange {
  int year = 0;
  int old_version = 0;  // 0 when the year had no schedule before
  int new_version = 0;
  std::vector<Date> holidays_added;
  std::vector<Date> holidays_removed;
  std::vector<Date> workdays_added;  // 调休上班 days added
  std::vector<Date> workdays_removed;

  bool unchanged() const { return old_version == new_version; }
  // The earliest day whose status changed; deadlines whose span reaches it need recomputing, and
  // so does every provisional deadline in the year when the year is new (old_version == 0).
  std::optional<Date> first_changed() const;
  // e.g. "2020年节假日安排由第1版更新为第2版:新增节假日2020-01-31至2020-02-02;取消调休上班
  // 2020-02-01".
  std::string ToString() const;
};

struct Merged;

class Calendar {
 public:
  // No schedules: weekends only, every day provisional.
  Calendar();
  // Checks every year (ValidateYear), that each year's history starts at version 1 and that no
  // two years list the same day.
  static Result<Calendar> Create(Schedules schedules);
  // ParseSchedules, then Create.
  static Result<Calendar> Parse(std::string_view json);

  const Schedules& schedules() const;
  // The year's schedule with its history; nullptr when the year has none.
  const YearSchedule* FindYear(int year) const;

  // Dates outside kFirstDay … kLastDay follow the weekday rule and are provisional.
  bool IsWorkingDay(Date d) const;
  DayInfo Info(Date d) const;

  // The n-th working day after `start`, which itself does not count (行政处罚法 第85条: the period
  // starts the day after the event); n < 0 gives the |n|-th working day before `start`, n == 0
  // gives `start`. kInvalid when a date or the answer lies outside the table.
  Result<Due> AddWorkingDays(Date start, int n) const;
  // AddWorkingDays without building the explanation (≈ a table lookup): for bulk work such as
  // listing or recomputing many deadlines. Same answer, same provisional flag.
  Result<DayResult> WorkingDayAfter(Date start, int n) const;
  // Working days in (from, to]; negative when `to` is before `from`, so counts add up:
  // Count(a, b) + Count(b, c) == Count(a, c).
  Result<WorkingDayCount> CountWorkingDays(Date from, Date to) const;
  // `start` + n days (n >= 0); an end on a weekend or holiday moves to the next working day
  // (民法典 第203条).
  Result<Due> AddCalendarDays(Date start, int n) const;
  // The same day of the month n months later (n >= 0), or that month's last day when it has no
  // such day (民法典 第202条); then moved off a weekend or holiday like AddCalendarDays.
  Result<Due> AddMonths(Date start, int n) const;

  // Adds a year or a new version of a year, leaving *this unchanged. `json` is a calendar document
  // of this region holding exactly one year, whose versions are either the whole history (the
  // versions already loaded must be repeated unchanged) or only the new ones (numbered from the
  // next version on). Importing what is already loaded succeeds with an unchanged() YearChange.
  // Rewriting a published version is kConflict; any other bad input is kInvalid.
  Result<Merged> MergeYear(std::string_view json) const;
  Result<Merged> MergeYear(YearSchedule year) const;

 private:
  struct Table;
  explicit Calendar(std::shared_ptr<const Table> table);
  int WorkingDayIndex(int s, int n, int* lo, int* hi) const;
  std::shared_ptr<const Table> t_;
};

struct Merged {
  Calendar calendar;
  YearChange change;
};

}  // namespace sx::calendar
