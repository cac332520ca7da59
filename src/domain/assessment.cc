#include "domain/assessment.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sx::domain {

namespace {

constexpr IndicatorDef kIndicators[] = {
    {"publication.on_time", "公示及时率", "%", Better::kHigher,
     "处罚决定 7 个工作日内、其他结果 20 个工作日内公示的比例(按期限到期月份统计)"},
    {"withdrawal.on_time", "撤下及时率", "%", Better::kHigher,
     "决定被撤销、确认违法等之后 3 个工作日内撤下原公示信息的比例"},
    {"review.on_time", "法制审核按时率", "%", Better::kHigher,
     "法制审核在审核期限内出具意见的比例"},
    {"review.first_pass", "法制审核一次通过率", "%", Better::kHigher,
     "首次送审即获“同意”的案件占首次审核已出具意见案件的比例"},
    {"case.over_90_days", "超 90 日未作出决定案件", "件", Better::kLower,
     "期末(或作出决定时)距立案超过 90 日仍未作出决定的案件数(行政处罚法 第60条)"},
    {"evidence.coverage", "音像记录覆盖率", "%", Better::kHigher,
     "需要音像记录的执法环节中附有音像记录(而非说明理由)的比例"},
    {"certificate.expired", "执法证过期人数", "人", Better::kLower,
     "期末执法证已过有效期的执法人员人数"},
    {"complaint.response_days", "投诉平均答复用时", "个工作日", Better::kLower,
     "期内答复的投诉举报从受理到答复的平均工作日数"},
    {"complaint.on_time", "投诉按时答复率", "%", Better::kHigher,
     "投诉举报在答复期限(默认 15 个工作日)内答复的比例"},
    {"evaluation.score", "案卷评查平均分", "分", Better::kHigher, "期内评查案卷的平均得分"},
};

double RoundOne(double v) { return std::floor(v * 10.0 + 0.5) / 10.0; }

}  // namespace

std::span<const IndicatorDef> Indicators() { return kIndicators; }

const IndicatorDef* FindIndicator(std::string_view code) {
  for (const auto& d : kIndicators) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

Timeliness Classify(Date due, std::optional<Date> done, Date as_of) {
  if (done) return *done <= due ? Timeliness::kOnTime : Timeliness::kLate;
  return as_of > due ? Timeliness::kLate : Timeliness::kPending;
}

std::optional<double> Share::Percent() const {
  if (denominator <= 0) return std::nullopt;
  // Integer arithmetic for the rounding: 2/3 → 66.7, 1/8 → 12.5.
  const std::int64_t tenths = (numerator * 2000 + denominator) / (2 * denominator);
  return static_cast<double>(tenths) / 10.0;
}

std::optional<double> RoundedMean(std::int64_t sum, std::int64_t count) {
  if (count <= 0) return std::nullopt;
  return RoundedMean(static_cast<double>(sum), count);
}

std::optional<double> RoundedMean(double sum, std::int64_t count) {
  if (count <= 0) return std::nullopt;
  return RoundOne(sum / static_cast<double>(count));
}

bool OverNinetyDays(Date filed, std::optional<Date> decided, Date at) {
  if (decided && *decided <= at) return false;
  return std::chrono::sys_days(at) - std::chrono::sys_days(filed) >
         std::chrono::days(kCaseDecisionDays);
}

Date Month::First() const {
  return std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(month)) / 1;
}

Date Month::Last() const {
  return std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(month)) /
         std::chrono::last;
}

std::optional<Month> ParseMonth(std::string_view t) {
  if (t.size() != 7 || t[4] != '-') return std::nullopt;
  int y = 0, m = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
    (i < 4 ? y : m) = (i < 4 ? y : m) * 10 + (t[i] - '0');
  }
  if (y < 2000 || y > 2100 || m < 1 || m > 12) return std::nullopt;
  return Month{y, m};
}

std::string MonthText(const Month& m) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d", std::clamp(m.year, 0, 9999),
                std::clamp(m.month, 0, 99));
  return out;
}

Month Next(const Month& m) { return m.month == 12 ? Month{m.year + 1, 1} : Month{m.year, m.month + 1}; }

bool operator<=(const Month& a, const Month& b) {
  return a.year < b.year || (a.year == b.year && a.month <= b.month);
}

Month MonthOf(Date d) {
  return Month{static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month()))};
}

}  // namespace sx::domain
