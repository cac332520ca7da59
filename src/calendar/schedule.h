// The State Council's holiday schedules (国务院办公厅 部分节假日安排的通知) as data, and the
// "sanxiang.calendar/1" JSON document that carries them (format: src/calendar/README.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/civil_date.h"
#include "util/status.h"

namespace sx::calendar {

using domain::Date;

// Years a schedule may be given for: every date it lists, one year either side, must fall inside
// the calendar's day table (1990-01-01 … 2100-12-31).
inline constexpr int kFirstScheduleYear = 1991;
inline constexpr int kLastScheduleYear = 2099;

// Limits that keep a bad or hostile document small.
inline constexpr std::size_t kMaxDocumentBytes = 1 << 20;
inline constexpr std::size_t kMaxYears = 200;
inline constexpr std::size_t kMaxVersions = 20;
inline constexpr std::size_t kMaxEntries = 60;       // holidays, and make-up days, per version
inline constexpr int kMaxHolidayDays = 31;           // one holiday range, first to last day
inline constexpr std::size_t kMaxNameChars = 20;     // 节日名称
inline constexpr std::size_t kMaxNoticeChars = 100;  // 通知标题
inline constexpr std::size_t kMaxNumberChars = 40;   // 发文字号
inline constexpr std::size_t kMaxRegionChars = 16;

// One holiday (节假日), consecutive days off from `from` to `to` inclusive.
struct Holiday {
  std::string name;  // e.g. 春节, 国庆节、中秋节
  Date from{};
  Date to{};
  bool operator==(const Holiday&) const = default;
};

// A Saturday or Sunday declared a working day (调休上班) for the holiday named `for_holiday`.
struct MakeUpDay {
  Date date{};
  std::string for_holiday;
  bool operator==(const MakeUpDay&) const = default;
};

// One complete schedule for a year as one notice left it. An amending notice (e.g. 国办发明电
// 〔2020〕1号, extending 春节 2020) gives a new version holding the whole amended schedule.
struct ScheduleVersion {
  int version = 0;                  // 1, 2, 3 … in order of publication
  std::string notice;               // title of the notice (通知标题)
  std::string number;               // 发文字号, empty when not known
  std::optional<Date> dated;        // 成文日期 printed on the notice, when known
  std::vector<Holiday> holidays;    // sorted by `from`, not overlapping
  std::vector<MakeUpDay> workdays;  // sorted by date
  bool operator==(const ScheduleVersion&) const = default;
};

// A year's schedule with its history; the last version applies.
struct YearSchedule {
  int year = 0;
  std::vector<ScheduleVersion> versions;
  const ScheduleVersion& latest() const { return versions.back(); }
  bool operator==(const YearSchedule&) const = default;
};

// A whole "sanxiang.calendar/1" document.
struct Schedules {
  std::string region = "CN";
  std::vector<YearSchedule> years;  // ascending, one entry per year
  bool operator==(const Schedules&) const = default;
};

// Parses and checks a document: its shape, every date, and ValidateSchedules. A year's history may
// start after version 1 here (an import of one new version); Calendar::Create wants it whole.
// Errors are kInvalid with a Chinese message naming the year, version and entry, and the JSON path
// in field().
Result<Schedules> ParseSchedules(std::string_view json);

// The document for `s`, one entry per line; ParseSchedules(FormatSchedules(s)) == s.
std::string FormatSchedules(const Schedules& s);

// Checks the region code, at most kMaxYears years in ascending order, and each year (ValidateYear),
// with fields rooted at "years[i]". Two years listing the same day is Calendar::Create's check.
Status ValidateSchedules(const Schedules& s);

// Checks one year: the year is in range; versions are numbered on by one (1, 2, 3 …); each version
// has a notice title, 1..kMaxEntries holidays with non-empty unique names and from <= to, at most
// kMaxEntries make-up days on a Saturday or Sunday for a holiday of that version; every date lies
// in the year or the next or previous one; no day is listed twice or both as holiday and make-up
// day.
Status ValidateYear(const YearSchedule& y);

}  // namespace sx::calendar
