// Public disclosure (事后公开, RULES.md §1): which enforcement results are published and which
// never are, how long a published item stays up, and why one is taken down. Redaction of the
// published text is domain/redaction.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/case_flow.h"
#include "domain/civil_date.h"
#include "domain/penalty.h"
#include "util/status.h"

namespace sx::domain {

// 国办发〔2018〕118号 二(三): a penalty decision within 7 working days, other results (执法机关,
// 执法对象, 执法类别, 执法结论) within 20.
enum class DisclosureKind {
  kPenalty,  // 行政处罚决定
  kResult,   // 执法结果信息
};
std::string_view DisclosureKindCode(DisclosureKind k);  // "penalty", "result"
std::string_view DisclosureKindName(DisclosureKind k);  // 行政处罚决定, 执法结果信息
std::optional<DisclosureKind> ParseDisclosureKind(std::string_view code);
// The deadline rule (domain/deadline.h) the publication runs against.
std::string_view PublicationDeadlineRule(DisclosureKind k);  // "publish.penalty", "publish.result"

enum class DisclosureStatus {
  kDraft,      // 待发布: redacted, waiting for the publisher
  kPublished,  // 已公示
  kWithdrawn,  // 已撤下: the reason is shown in place of the content
  kExpired,    // 公示期满: taken down
  kWithheld,   // 不予公开
};
std::string_view DisclosureStatusCode(DisclosureStatus s);  // "draft", "published", …
std::string_view DisclosureStatusName(DisclosureStatus s);  // 待发布, 已公示, …
std::optional<DisclosureStatus> ParseDisclosureStatus(std::string_view code);

// Why a result is not published at all (国办发〔2018〕118号 二(三); 政府信息公开条例 第14、15条;
// 未成年人保护法 第103条).
enum class WithholdReason {
  kMinor,          // 当事人为未成年人
  kCrimeTransfer,  // 涉嫌犯罪移送司法机关
  kSecret,         // 涉及国家秘密、商业秘密
  kPrivacy,        // 涉及个人隐私,公开会对第三方合法权益造成损害
  kInvestigation,  // 公开可能妨碍相关调查
  kWarningOnly,    // 仅给予警告 (可不公开)
};
std::string_view WithholdReasonCode(WithholdReason r);   // "minor", "crime_transfer", …
std::string_view WithholdReasonName(WithholdReason r);   // 当事人为未成年人, …
std::string_view WithholdReasonBasis(WithholdReason r);  // the article
std::optional<WithholdReason> ParseWithholdReason(std::string_view code);

// Why a published decision is taken down (行政处罚法 第48条第2款: 依法变更、撤销、确认违法或者
// 确认无效的, 应当在三日内撤回原行政处罚决定信息并公开说明理由).
enum class WithdrawReason {
  kRevoked,   // 决定被撤销
  kIllegal,   // 决定被确认违法
  kInvalid,   // 决定被确认无效
  kRemade,    // 责令重新作出
  kChanged,   // 决定被变更
  kMistaken,  // 公示有误,撤回
};
std::string_view WithdrawReasonCode(WithdrawReason r);  // "revoked", "illegal", …
std::string_view WithdrawReasonName(WithdrawReason r);  // 原决定已被依法撤销, …
std::optional<WithdrawReason> ParseWithdrawReason(std::string_view code);

// What a decision is, as far as publication goes.
struct PublicationFacts {
  Outcome outcome = Outcome::kPenalty;
  PartyKind party = PartyKind::kOrganisation;
  std::string party_id_number;  // a citizen's 公民身份号码: the birth date decides 未成年
  Date decided_on{};
  std::int64_t fine_yuan = 0;
  bool warning_only = false;
};

struct PublicationPlan {
  DisclosureKind kind = DisclosureKind::kResult;
  std::optional<WithholdReason> withhold;  // set: never published
};

// Penalties are published as 行政处罚决定, other outcomes as 执法结果信息; a party under 18 on the
// day of the decision, a transfer as a suspected crime and a warning alone are withheld.
PublicationPlan PlanPublication(const PublicationFacts& f);

// The birth date in an 18- or 15-digit 公民身份号码 (GB 11643-1999), nullopt when it has none.
std::optional<Date> BirthDateOfIdNumber(std::string_view id);
// Whether someone born on `birth` is under 18 on `on` (民法典 第17条).
bool IsMinorOn(Date birth, Date on);

// How long a published item stays up (公示期限; local practice, 市场监管总局令第45号 第13条): the
// short period for 通报批评 and small fines (a citizen under 5,000 yuan, an organisation under
// 50,000 yuan) and for results that are not penalties, the long one otherwise. An agency sets its
// own; these are the defaults.
struct DisplayPolicy {
  int short_months = 3;
  int long_years = 3;
  std::int64_t small_fine_citizen_yuan = 5'000;
  std::int64_t small_fine_organisation_yuan = 50'000;
};

// kInvalid naming the field: months 1…36, years 1…10, thresholds 0…10^9, short shorter than long.
Status ValidateDisplayPolicy(const DisplayPolicy& p);

struct DisplayFacts {
  DisclosureKind kind = DisclosureKind::kPenalty;
  PartyKind party = PartyKind::kOrganisation;
  std::int64_t fine_yuan = 0;
};

// The last day an item published on `published_on` stays up.
Date DisplayUntil(const DisplayPolicy& p, const DisplayFacts& f, Date published_on);
// Whether `f` falls under the short period.
bool ShortDisplay(const DisplayPolicy& p, const DisplayFacts& f);

// Bounds on what a publisher types.
inline constexpr std::size_t kMaxDisclosureReasonChars = 500;
inline constexpr std::size_t kMaxDisclosureFieldChars = 2'000;
inline constexpr std::size_t kMaxDisclosureBodyChars = 50'000;
inline constexpr std::size_t kMaxManualRedactions = 50;

}  // namespace sx::domain
