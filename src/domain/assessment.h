// 考核监督 (seed 四 制度建设; 国办发〔2018〕118号 六): the indicators supervisors watch per
// agency, what each measures, and the arithmetic they share — a deadline met in time, late or
// not yet due; a share in percent with one decimal; the 90-day limit for deciding a case
// (行政处罚法 第60条). The queries live in services/report_service; the definitions here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/civil_date.h"

namespace sx::domain {

enum class Better { kHigher, kLower };

struct IndicatorDef {
  std::string_view code;  // "publication.on_time"
  std::string_view name;  // 公示及时率
  std::string_view unit;  // "%", "件", "人", "个工作日", "分"
  Better better;
  std::string_view what;  // how it is measured, shown on the dashboard
};

// Every indicator, in the dashboard's order (docs/supervision.md).
std::span<const IndicatorDef> Indicators();
const IndicatorDef* FindIndicator(std::string_view code);

// A deadline due on `due`, met on `done` when it was, seen on `as_of`: in time (met on or before
// the due date), late (met after it, or still open after it), or pending (open, not yet due —
// not counted).
enum class Timeliness { kOnTime, kLate, kPending };
Timeliness Classify(Date due, std::optional<Date> done, Date as_of);

// A count of `numerator` out of `denominator`.
struct Share {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  // Percent rounded half up to one decimal; nullopt when there is nothing to count.
  std::optional<double> Percent() const;
};

// A mean rounded half up to one decimal; nullopt for no values.
std::optional<double> RoundedMean(std::int64_t sum, std::int64_t count);
std::optional<double> RoundedMean(double sum, std::int64_t count);

// 行政处罚法 第60条: a case is decided within 90 days of its filing. True when a case filed on
// `filed` had no decision by `at` (none, or one made after `at`) and more than 90 days had passed.
inline constexpr int kCaseDecisionDays = 90;
bool OverNinetyDays(Date filed, std::optional<Date> decided, Date at);

// A month "YYYY-MM" and its first and last days; nullopt for anything else (months 01–12,
// years 2000–2100).
struct Month {
  int year = 0;
  int month = 0;  // 1–12
  Date First() const;
  Date Last() const;
};
std::optional<Month> ParseMonth(std::string_view text);
std::string MonthText(const Month& m);  // "YYYY-MM"
Month Next(const Month& m);
bool operator<=(const Month& a, const Month& b);
Month MonthOf(Date d);

}  // namespace sx::domain
