#include "domain/disclosure.h"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace sx::domain {

namespace {

template <typename E, std::size_t N>
std::optional<E> ParseCode(std::string_view code,
                           const std::array<std::pair<E, std::string_view>, N>& codes) {
  for (const auto& [e, c] : codes) {
    if (c == code) return e;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view CodeOf(E e, const std::array<std::pair<E, std::string_view>, N>& codes) {
  for (const auto& [x, c] : codes) {
    if (x == e) return c;
  }
  return "";
}

constexpr std::array<std::pair<DisclosureKind, std::string_view>, 2> kKindCodes{{
    {DisclosureKind::kPenalty, "penalty"},
    {DisclosureKind::kResult, "result"},
}};

constexpr std::array<std::pair<DisclosureStatus, std::string_view>, 5> kStatusCodes{{
    {DisclosureStatus::kDraft, "draft"},
    {DisclosureStatus::kPublished, "published"},
    {DisclosureStatus::kWithdrawn, "withdrawn"},
    {DisclosureStatus::kExpired, "expired"},
    {DisclosureStatus::kWithheld, "withheld"},
}};

constexpr std::array<std::pair<WithholdReason, std::string_view>, 6> kWithholdCodes{{
    {WithholdReason::kMinor, "minor"},
    {WithholdReason::kCrimeTransfer, "crime_transfer"},
    {WithholdReason::kSecret, "secret"},
    {WithholdReason::kPrivacy, "privacy"},
    {WithholdReason::kInvestigation, "investigation"},
    {WithholdReason::kWarningOnly, "warning_only"},
}};

constexpr std::array<std::pair<WithdrawReason, std::string_view>, 6> kWithdrawCodes{{
    {WithdrawReason::kRevoked, "revoked"},
    {WithdrawReason::kIllegal, "illegal"},
    {WithdrawReason::kInvalid, "invalid"},
    {WithdrawReason::kRemade, "remade"},
    {WithdrawReason::kChanged, "changed"},
    {WithdrawReason::kMistaken, "mistaken"},
}};

int DigitAt(std::string_view s, std::size_t i) {
  return s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1;
}

std::optional<int> Number(std::string_view s, std::size_t from, std::size_t n) {
  int v = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    const int d = DigitAt(s, i);
    if (d < 0) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

Date AddMonths(Date d, int months) {
  const std::chrono::year_month ym = d.year() / d.month() + std::chrono::months(months);
  const Date end = ym / std::chrono::last;
  return d.day() > end.day() ? end : Date(ym / d.day());
}

}  // namespace

std::string_view DisclosureKindCode(DisclosureKind k) { return CodeOf(k, kKindCodes); }

std::string_view DisclosureKindName(DisclosureKind k) {
  return k == DisclosureKind::kPenalty ? "行政处罚决定" : "执法结果信息";
}

std::optional<DisclosureKind> ParseDisclosureKind(std::string_view code) {
  return ParseCode(code, kKindCodes);
}

std::string_view PublicationDeadlineRule(DisclosureKind k) {
  return k == DisclosureKind::kPenalty ? "publish.penalty" : "publish.result";
}

std::string_view DisclosureStatusCode(DisclosureStatus s) { return CodeOf(s, kStatusCodes); }

std::string_view DisclosureStatusName(DisclosureStatus s) {
  switch (s) {
    case DisclosureStatus::kDraft:
      return "待发布";
    case DisclosureStatus::kPublished:
      return "已公示";
    case DisclosureStatus::kWithdrawn:
      return "已撤下";
    case DisclosureStatus::kExpired:
      return "公示期满";
    case DisclosureStatus::kWithheld:
      return "不予公开";
  }
  return "";
}

std::optional<DisclosureStatus> ParseDisclosureStatus(std::string_view code) {
  return ParseCode(code, kStatusCodes);
}

std::string_view WithholdReasonCode(WithholdReason r) { return CodeOf(r, kWithholdCodes); }

std::string_view WithholdReasonName(WithholdReason r) {
  switch (r) {
    case WithholdReason::kMinor:
      return "当事人为未成年人";
    case WithholdReason::kCrimeTransfer:
      return "涉嫌犯罪,已移送司法机关";
    case WithholdReason::kSecret:
      return "涉及国家秘密或者商业秘密";
    case WithholdReason::kPrivacy:
      return "涉及个人隐私,公开会损害第三方合法权益";
    case WithholdReason::kInvestigation:
      return "公开可能妨碍相关调查";
    case WithholdReason::kWarningOnly:
      return "仅给予警告,依规可不公开";
  }
  return "";
}

std::string_view WithholdReasonBasis(WithholdReason r) {
  switch (r) {
    case WithholdReason::kMinor:
      return "未成年人保护法 第103条";
    case WithholdReason::kCrimeTransfer:
      return "国办发〔2018〕118号 二(三)";
    case WithholdReason::kSecret:
      return "政府信息公开条例 第14、15条";
    case WithholdReason::kPrivacy:
      return "政府信息公开条例 第15条";
    case WithholdReason::kInvestigation:
      return "政府信息公开条例 第14条";
    case WithholdReason::kWarningOnly:
      return "国办发〔2018〕118号 二(三)";
  }
  return "";
}

std::optional<WithholdReason> ParseWithholdReason(std::string_view code) {
  return ParseCode(code, kWithholdCodes);
}

std::string_view WithdrawReasonCode(WithdrawReason r) { return CodeOf(r, kWithdrawCodes); }

std::string_view WithdrawReasonName(WithdrawReason r) {
  switch (r) {
    case WithdrawReason::kRevoked:
      return "原决定已被依法撤销";
    case WithdrawReason::kIllegal:
      return "原决定已被确认违法";
    case WithdrawReason::kInvalid:
      return "原决定已被确认无效";
    case WithdrawReason::kRemade:
      return "原决定被责令重新作出";
    case WithdrawReason::kChanged:
      return "原决定已被依法变更";
    case WithdrawReason::kMistaken:
      return "公示信息有误,予以撤回";
  }
  return "";
}

std::optional<WithdrawReason> ParseWithdrawReason(std::string_view code) {
  return ParseCode(code, kWithdrawCodes);
}

std::optional<Date> BirthDateOfIdNumber(std::string_view id) {
  std::optional<int> y, m, d;
  if (id.size() == 18) {
    y = Number(id, 6, 4);
    m = Number(id, 10, 2);
    d = Number(id, 12, 2);
  } else if (id.size() == 15) {  // 1st generation: 6 + YYMMDD, all born in the 1900s
    y = Number(id, 6, 2);
    if (y) *y += 1900;
    m = Number(id, 8, 2);
    d = Number(id, 10, 2);
  }
  if (!y || !m || !d) return std::nullopt;
  const Date birth{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*m)),
                   std::chrono::day(static_cast<unsigned>(*d))};
  if (!birth.ok() || *y < 1900) return std::nullopt;
  return birth;
}

bool IsMinorOn(Date birth, Date on) {
  // 民法典 第17条: 十八周岁以上的自然人为成年人 — adult from the 18th birthday (29 February
  // births on 1 March in common years, by AddMonths' clamp to the 28th plus one day).
  const Date eighteen = AddMonths(birth, 18 * 12);
  const Date adult = eighteen.day() < birth.day() ? AddDays(eighteen, 1) : eighteen;
  return std::chrono::sys_days(on) < std::chrono::sys_days(adult);
}

PublicationPlan PlanPublication(const PublicationFacts& f) {
  PublicationPlan plan;
  plan.kind = f.outcome == Outcome::kPenalty ? DisclosureKind::kPenalty : DisclosureKind::kResult;
  if (f.outcome == Outcome::kTransfer) {
    plan.withhold = WithholdReason::kCrimeTransfer;
  } else if (f.party == PartyKind::kCitizen) {
    if (auto birth = BirthDateOfIdNumber(f.party_id_number);
        birth && IsMinorOn(*birth, f.decided_on)) {
      plan.withhold = WithholdReason::kMinor;
    }
  }
  if (!plan.withhold && f.warning_only && f.outcome == Outcome::kPenalty && f.fine_yuan == 0) {
    plan.withhold = WithholdReason::kWarningOnly;
  }
  return plan;
}

Status ValidateDisplayPolicy(const DisplayPolicy& p) {
  if (p.short_months < 1 || p.short_months > 36) {
    return Status::Invalid("较短公示期应为 1 至 36 个月").WithField("shortMonths");
  }
  if (p.long_years < 1 || p.long_years > 10) {
    return Status::Invalid("较长公示期应为 1 至 10 年").WithField("longYears");
  }
  if (p.short_months >= p.long_years * 12) {
    return Status::Invalid("较短公示期应短于较长公示期").WithField("shortMonths");
  }
  constexpr std::int64_t kMax = 1'000'000'000;
  if (p.small_fine_citizen_yuan < 0 || p.small_fine_citizen_yuan > kMax) {
    return Status::Invalid("公民小额罚款标准应为 0 至 10 亿元").WithField("smallFineCitizen");
  }
  if (p.small_fine_organisation_yuan < 0 || p.small_fine_organisation_yuan > kMax) {
    return Status::Invalid("单位小额罚款标准应为 0 至 10 亿元").WithField("smallFineOrganisation");
  }
  return Status::Ok();
}

bool ShortDisplay(const DisplayPolicy& p, const DisplayFacts& f) {
  if (f.kind != DisclosureKind::kPenalty) return true;
  const std::int64_t small =
      f.party == PartyKind::kCitizen ? p.small_fine_citizen_yuan : p.small_fine_organisation_yuan;
  return f.fine_yuan < small;
}

Date DisplayUntil(const DisplayPolicy& p, const DisplayFacts& f, Date published_on) {
  return ShortDisplay(p, f) ? AddMonths(published_on, p.short_months)
                            : AddMonths(published_on, p.long_years * 12);
}

}  // namespace sx::domain
