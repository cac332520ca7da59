#include "domain/civil_date.h"

#include <charconv>

#include <fmt/format.h>

namespace sx::domain {

std::optional<Date> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::size_t pos, std::size_t len, auto& out) {
    auto [p, ec] = std::from_chars(t.data() + pos, t.data() + pos + len, out);
    return ec == std::errc() && p == t.data() + pos + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  Date date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!date.ok() || y < 1900 || y > 2200) return std::nullopt;
  return date;
}

std::string FormatDate(Date d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

int DaysBetween(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days(to) - std::chrono::sys_days(from)).count());
}

Date AddDays(Date d, int days) {
  return Date{std::chrono::sys_days(d) + std::chrono::days(days)};
}

Date ShanghaiDate(std::chrono::system_clock::time_point t) {
  return Date{std::chrono::floor<std::chrono::days>(t + std::chrono::hours(8))};
}

}  // namespace sx::domain
