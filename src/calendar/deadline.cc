#include "calendar/deadline.h"

#include <chrono>

#include <fmt/format.h>

namespace sx::calendar {

Result<Due> DueDate(const Calendar& calendar, const domain::Period& period, Date start) {
  using domain::PeriodUnit;
  switch (period.unit) {
    case PeriodUnit::kWorkingDays:
      return calendar.AddWorkingDays(start, period.amount);
    case PeriodUnit::kCalendarDays:
      if (period.amount < 0) return Status::Invalid("日历日期限不能为负");
      return calendar.AddCalendarDays(start, period.amount);
    case PeriodUnit::kMonths:
      if (period.amount < 0) return Status::Invalid("月份期限不能为负");
      return calendar.AddMonths(start, period.amount);
    case PeriodUnit::kByDateNextYear: {
      const Date by{start.year() + std::chrono::years(1),
                    std::chrono::month(static_cast<unsigned>(period.month)),
                    std::chrono::day(static_cast<unsigned>(period.day))};
      if (!by.ok()) {
        return Status::Invalid(fmt::format("期限日期 {}月{}日 不存在", period.month, period.day));
      }
      // The date itself, or the next working day when it is a day off.
      return calendar.AddCalendarDays(by, 0);
    }
  }
  return Status::Invalid("未知的期限单位");
}

}  // namespace sx::calendar
