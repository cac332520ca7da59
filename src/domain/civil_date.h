// Civil dates (Asia/Shanghai calendar days) for certificates, deadlines and reports.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sx::domain {

using Date = std::chrono::year_month_day;

// Parses exactly "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);
// Days from `from` to `to` (negative when `to` is earlier).
int DaysBetween(Date from, Date to);
Date AddDays(Date d, int days);

// The calendar day in Asia/Shanghai (UTC+8, no daylight saving since 1991) at instant `t`.
Date ShanghaiDate(std::chrono::system_clock::time_point t);

}  // namespace sx::domain
