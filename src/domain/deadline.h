// Deadlines (期限): the duties of the three systems that run against a clock, as data. Each rule
// says how long, from which event, until which event, and on which legal basis; the calendar
// (src/calendar) turns a rule and a start date into a due date. Working-day periods start the day
// after the event (行政处罚法 第85条); calendar-day and month periods end on the next working day
// when they fall on a day off (民法典 第203条).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/civil_date.h"
#include "util/status.h"

namespace sx::domain {

enum class PeriodUnit {
  kWorkingDays,      // amount working days after the start (negative: before it)
  kCalendarDays,     // amount days after the start
  kMonths,           // amount months after the start
  kByDateNextYear,   // by month/day of the year after the start's year (年报: by 31 January)
};

struct Period {
  PeriodUnit unit = PeriodUnit::kWorkingDays;
  int amount = 0;  // days or months; unused for kByDateNextYear
  int month = 0;   // kByDateNextYear only
  int day = 0;
};

// "7个工作日", "90日", "3个月", "次年1月31日前", "提前7个工作日".
std::string DescribePeriod(const Period& p);

struct DeadlineRule {
  std::string code;         // "publish.penalty"
  std::string name;         // 行政处罚决定公示
  std::string legal_basis;  // "国办发〔2018〕118号 二(三);行政处罚法 第48条"
  Period period;
  std::string starts_on;    // the event the period runs from: 处罚决定作出之日
  std::string stops_on;     // the event that meets it: 公示发布
  // An agency may set its own period (legal review, complaint reply: no statutory length).
  // For the other rules an agency may only set a shorter period, never a longer one.
  bool configurable = false;
  // A period that may be extended with a recorded approval (案件办理期限, 第60条).
  bool extendable = false;
  int max_extension_days = 0;  // calendar days in all, when extendable
};

// The catalogue with the defaults of RULES.md §1, §3, §4, §6 (and the complaint default of #11).
const std::vector<DeadlineRule>& DefaultDeadlineRules();
// nullptr when there is no rule with that code.
const DeadlineRule* FindDeadlineRule(std::string_view code);

// An agency's own period for `rule`: same unit; kInvalid (with the reason, field "amount") when a
// statutory period would get longer, when the amount is outside 1…365, or for kByDateNextYear.
Status ValidateOverride(const DeadlineRule& rule, const Period& period);

// A requested extension of an open deadline (延长期限): kInvalid when the rule does not allow
// extensions, when days is not in 1…max_extension_days (with what was already granted), when the
// reason is empty or longer than 500 characters, or when nobody approved it (审批人).
Status ValidateExtension(const DeadlineRule& rule, int days, int already_extended_days,
                         std::string_view reason, std::int64_t approved_by);

enum class DeadlineState {
  kOnTime,      // 未到期
  kDueSoon,     // 即将到期
  kOverdue,     // 已逾期
  kDoneOnTime,  // 按期完成
  kDoneLate,    // 逾期完成
};
std::string_view DeadlineStateCode(DeadlineState s);  // "on_time", "due_soon", …
std::string_view DeadlineStateName(DeadlineState s);  // 未到期, 即将到期, …
std::optional<DeadlineState> ParseDeadlineState(std::string_view code);

// The state on `today` of an obligation due on `due` (inclusive: done on the due date is on time),
// done on `done` if it is. `due_soon_from` is the first day it counts as due soon (the caller
// counts back working days from `due`, see kDueSoonWorkingDays).
DeadlineState StateOf(Date due, std::optional<Date> done, Date today, Date due_soon_from);

// An open obligation shows as due soon this many working days before its due date.
inline constexpr int kDueSoonWorkingDays = 2;

}  // namespace sx::domain
