#include "domain/amount.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace sx::domain {

namespace {

constexpr std::array<std::string_view, 10> kDigits = {"零", "壹", "贰", "叁", "肆",
                                                      "伍", "陆", "柒", "捌", "玖"};
constexpr std::array<std::string_view, 4> kPlaces = {"", "拾", "佰", "仟"};
constexpr std::array<std::string_view, 3> kGroups = {"", "万", "亿"};  // 10^0, 10^4, 10^8
constexpr std::int64_t kLimit = 1'000'000'000'000;                     // 10^12: 万亿

}  // namespace

Result<std::string> ChineseAmount(std::int64_t yuan) {
  if (yuan < 0) return Status::Invalid("金额不能为负数").WithField("amount");
  if (yuan >= kLimit) return Status::Invalid("金额须小于一万亿元").WithField("amount");
  if (yuan == 0) return std::string("零元整");
  std::string out;
  // A 零 is owed when zeros stand between the digits written so far and the next non-zero one.
  bool zero_owed = false;
  for (int group = 2; group >= 0; --group) {
    std::int64_t divisor = 1;
    for (int i = 0; i < group; ++i) divisor *= 10'000;
    const int value = static_cast<int>(yuan / divisor % 10'000);
    for (int place = 3, p = 1'000; place >= 0; --place, p /= 10) {
      const int digit = value / p % 10;
      if (digit == 0) {
        zero_owed = !out.empty();
        continue;
      }
      if (zero_owed) out += kDigits[0];
      zero_owed = false;
      out += kDigits[digit];
      out += kPlaces[place];
    }
    if (value != 0) out += kGroups[group];
  }
  out += "元整";
  return out;
}

std::string FormatYuan(std::int64_t yuan) { return fmt::format("{}元", yuan); }

}  // namespace sx::domain
