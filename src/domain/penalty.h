// Amounts in a penalty case (行政处罚): the fine's legal range and the 裁量基准 tier the facts
// point to, the caps of the summary procedure, the hearing threshold, and the rule that a defence
// never makes a penalty heavier. Amounts are whole yuan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx::domain {

enum class PartyKind {
  kCitizen,       // 公民
  kOrganisation,  // 法人或者其他组织
};

// 行政处罚法 第51条: on the spot (简易程序) only a warning or a fine of at most 200 yuan for a
// citizen and 3,000 yuan for an organisation. kInvalid (field "fine") beyond that.
Status CheckSummaryProcedure(PartyKind party, std::int64_t fine_yuan);

// 行政处罚法 第63条 with 河南省 较大数额 (豫政府令第204号 第4条): the party must be told of the
// right to a hearing for a fine of at least 5,000 yuan (citizen) or 50,000 yuan (organisation).
bool HearingRightApplies(PartyKind party, std::int64_t fine_yuan);

// 行政处罚法 第45条: the decided penalty may not exceed the one notified before the party stated
// its case. kInvalid (field "fine") when it does.
Status CheckNotHeavierAfterDefence(std::int64_t notified_yuan, std::int64_t decided_yuan);

struct FineRange {
  std::int64_t min_yuan = 0;
  std::int64_t max_yuan = 0;
};

// A tier of a 裁量基准: the range the facts point to within the legal range.
struct DiscretionTier {
  std::string code;       // "art37.unregistered.2to5"
  std::string condition;  // 未办理缴存登记,成立 2 年以上不满 5 年
  FineRange range;
};

// 住房公积金管理条例 第37条 (RULES.md §5): not registering for deposits, or not opening employees'
// accounts, after an order to do so within a time limit: fine 10,000–50,000 yuan.
inline constexpr FineRange kArticle37Range{10'000, 50'000};

struct Article37Facts {
  // Which breach: not registered (未办理缴存登记) or accounts not opened (未设立个人账户).
  bool unregistered = false;
  int years_since_founding = 0;  // unregistered: whole years since the unit was founded
  int accounts_missing = 0;      // accounts not opened: employees without an account
  // Corrected within the period the order set (限期内改正): no penalty.
  bool corrected_in_time = false;
};

// The tier the facts point to (the local 裁量基准 of RULES.md §5): unregistered < 2 years → 1万,
// 2–5 years → 1–3万, ≥ 5 years → 3–5万; accounts missing < 100 → 1万, 100–500 → 1–3万,
// ≥ 500 → 3–5万. nullopt when corrected in time (不予处罚). kInvalid for negative counts.
Result<std::optional<DiscretionTier>> ProposeArticle37Tier(const Article37Facts& facts);

// The six tiers ProposeArticle37Tier chooses from, in that order (for the powers list).
std::vector<DiscretionTier> Article37Tiers();

// A proposed fine: inside the legal range always (kInvalid otherwise, field "fine"); outside the
// proposed tier only with a written reason of 10–500 characters (field "deviationReason").
Status CheckFine(const FineRange& legal, const DiscretionTier& tier, std::int64_t fine_yuan,
                 std::string_view deviation_reason);

}  // namespace sx::domain
