// The powers list (权责清单, 国办发〔2018〕118号 二(一)): what an agency may do, on which legal
// basis, with which duties and time limit, and — for fines — the legal range and the discretion
// benchmark (裁量基准) as tiers. Every case is tied to one power item.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/penalty.h"
#include "util/status.h"

namespace sx::domain {

// 职权类别 as the national lists name them.
enum class PowerCategory {
  kPenalty,       // 行政处罚
  kInspection,    // 行政检查
  kCoercion,      // 行政强制
  kLicensing,     // 行政许可
  kLevy,          // 行政征收
  kPayment,       // 行政给付
  kConfirmation,  // 行政确认
  kAward,         // 行政奖励
  kOther,         // 其他行政权力
};

inline constexpr PowerCategory kAllPowerCategories[] = {
    PowerCategory::kPenalty,      PowerCategory::kInspection, PowerCategory::kCoercion,
    PowerCategory::kLicensing,    PowerCategory::kLevy,       PowerCategory::kPayment,
    PowerCategory::kConfirmation, PowerCategory::kAward,      PowerCategory::kOther};

std::string_view PowerCategoryCode(PowerCategory c);  // "penalty", "inspection", …
std::string_view PowerCategoryName(PowerCategory c);  // "行政处罚", …
std::optional<PowerCategory> ParsePowerCategory(std::string_view code_or_name);

// How the tier is proposed from a case's facts: by the 第37条 rules of RULES.md §5, or chosen by
// the officer among the tiers (the proposal is then the officer's, and still checked).
enum class TierRule { kChosen, kArticle37 };
std::string_view TierRuleCode(TierRule r);  // "chosen", "art37"
std::optional<TierRule> ParseTierRule(std::string_view code);

struct NewPowerItem {
  std::string code;  // 事项编码, unique in the agency: [A-Za-z0-9-]{1,32}
  PowerCategory category = PowerCategory::kPenalty;
  std::string name;        // 职权名称
  std::string basis;       // 实施依据, e.g. 《住房公积金管理条例》第三十七条
  std::string duties;      // 责任事项
  std::string time_limit;  // 办理期限, as published
  std::string enforcement_category = "住房公积金行政执法";  // 执法类别 officers must hold
  std::optional<FineRange> fine = std::nullopt;  // 罚款幅度; none: no fine under this item
  std::vector<DiscretionTier> tiers = {};        // 裁量基准, inside `fine`
  TierRule tier_rule = TierRule::kChosen;
};

struct PowerItem : NewPowerItem {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  bool active = true;
  std::string created_at;
  std::string updated_at;
};

inline constexpr std::size_t kMaxPowerNameChars = 200;
inline constexpr std::size_t kMaxPowerBasisChars = 2000;
inline constexpr std::size_t kMaxPowerDutiesChars = 2000;
inline constexpr std::size_t kMaxPowerTimeLimitChars = 200;
inline constexpr std::size_t kMaxTiers = 20;

// Checks a power item: text limits; a fine range with 0 < min ≤ max; tiers only with a fine,
// each inside the legal range with unique codes; the 第37条 rule only with its own tiers.
Status ValidatePowerItem(const NewPowerItem& p);

// The demo items of 郑州住房公积金管理中心 (RULES.md §5): 第37条 with its tiers, 第38条, and the
// deposit inspection (行政检查).
std::vector<NewPowerItem> DemoPowerItems();

// The tier the facts point to for an item, or the officer's choice among its tiers.
// kArticle37: by ProposeArticle37Tier (nullopt when corrected in time); kChosen: the tier named
// `chosen_code` (kInvalid, field "tier", when there is none of that code). An item without tiers
// proposes none.
Result<std::optional<DiscretionTier>> ProposeTier(const NewPowerItem& item,
                                                  const Article37Facts& facts,
                                                  std::string_view chosen_code);

}  // namespace sx::domain
