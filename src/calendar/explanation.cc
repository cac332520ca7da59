#include "calendar/explanation.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include <fmt/format.h>

namespace sx::calendar {
namespace {

template <typename T, typename F>
std::string Join(const std::vector<T>& items, std::string_view sep, F&& text) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += text(items[i]);
  }
  return out;
}

}  // namespace

std::string_view WeekdayName(Date d) {
  static constexpr std::string_view kNames[] = {"星期日", "星期一", "星期二", "星期三",
                                                "星期四", "星期五", "星期六"};
  return kNames[std::chrono::weekday(std::chrono::sys_days(d)).c_encoding()];
}

std::string Explanation::ToString() const {
  // Month and day only when everything mentioned lies in one year.
  bool one_year = start.year() == due.year() && end.year() == due.year();
  for (const HolidaySpan& h : holidays) one_year = one_year && h.from.year() == due.year();
  for (const HolidaySpan& h : holidays) one_year = one_year && h.to.year() == due.year();
  for (const WorkdayNote& w : workdays) one_year = one_year && w.date.year() == due.year();
  auto day = [&](Date d) {
    return one_year ? fmt::format("{:02d}-{:02d}", static_cast<unsigned>(d.month()),
                                  static_cast<unsigned>(d.day()))
                    : domain::FormatDate(d);
  };
  auto span = [&](const HolidaySpan& h) {
    return h.from == h.to ? fmt::format("{}({})", h.name, day(h.from))
                          : fmt::format("{}({}至{})", h.name, day(h.from), day(h.to));
  };

  std::string out;
  if (unit == PeriodUnit::kWorkingDays) {
    out = n >= 0 ? fmt::format("自{}起第{}个工作日为{}", domain::FormatDate(start), n,
                               domain::FormatDate(due))
                 : fmt::format("{}前第{}个工作日为{}", domain::FormatDate(start),
                               -static_cast<long long>(n), domain::FormatDate(due));
    std::vector<std::string> parts;
    if (!holidays.empty()) parts.push_back("期间" + Join(holidays, "、", span) + "不计");
    if (!workdays.empty()) {
      parts.push_back(Join(workdays, "、",
                           [&](const WorkdayNote& w) {
                             return fmt::format("{}({})", day(w.date), WeekdayName(w.date));
                           }) +
                      "调休上班计入");
    }
    if (!parts.empty()) out += ";" + Join(parts, ",", [](const std::string& s) { return s; });
  } else {
    out = unit == PeriodUnit::kCalendarDays
              ? fmt::format("自{}起{}日期满为{}", domain::FormatDate(start), n,
                            domain::FormatDate(end))
              : fmt::format("自{}起{}个月期满为{}", domain::FormatDate(start), n,
                            domain::FormatDate(end));
    if (clamped_to_month_end) out += "(该月无对应日,以月末为期满日)";
    if (due != end) {
      std::vector<std::pair<Date, std::string>> reasons;
      for (Date d : weekend_days) reasons.emplace_back(d, std::string(WeekdayName(d)));
      for (const HolidaySpan& h : holidays) reasons.emplace_back(h.from, span(h));
      std::sort(reasons.begin(), reasons.end());
      out += ",因" + Join(reasons, "、", [](const auto& r) { return r.second; }) + "休息顺延至" +
             domain::FormatDate(due);
    }
    if (!workdays.empty()) out += fmt::format("({}调休上班)", WeekdayName(due));
  }
  if (!provisional_years.empty()) {
    out += ";" + Join(provisional_years, "、", [](int y) { return std::to_string(y); }) +
           "年尚无节假日安排,按周六、周日休息暂计,结果为临时结果";
  }
  if (!schedules.empty()) {
    out += ";依据" + Join(schedules, "、", [](const ScheduleUse& u) {
             return fmt::format("{}年节假日安排({})", u.year, u.citation);
           });
  }
  return out;
}

}  // namespace sx::calendar
