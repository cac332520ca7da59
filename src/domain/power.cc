#include "domain/power.h"

#include <fmt/format.h>

#include <set>

#include "domain/text.h"

namespace sx::domain {

namespace {

struct CategoryInfo {
  PowerCategory category;
  std::string_view code;
  std::string_view name;
};

constexpr CategoryInfo kCategories[] = {
    {PowerCategory::kPenalty, "penalty", "行政处罚"},
    {PowerCategory::kInspection, "inspection", "行政检查"},
    {PowerCategory::kCoercion, "coercion", "行政强制"},
    {PowerCategory::kLicensing, "licensing", "行政许可"},
    {PowerCategory::kLevy, "levy", "行政征收"},
    {PowerCategory::kPayment, "payment", "行政给付"},
    {PowerCategory::kConfirmation, "confirmation", "行政确认"},
    {PowerCategory::kAward, "award", "行政奖励"},
    {PowerCategory::kOther, "other", "其他行政权力"},
};

bool IsItemCode(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view PowerCategoryCode(PowerCategory c) {
  for (const auto& i : kCategories) {
    if (i.category == c) return i.code;
  }
  return "other";
}

std::string_view PowerCategoryName(PowerCategory c) {
  for (const auto& i : kCategories) {
    if (i.category == c) return i.name;
  }
  return "其他行政权力";
}

std::optional<PowerCategory> ParsePowerCategory(std::string_view code_or_name) {
  for (const auto& i : kCategories) {
    if (i.code == code_or_name || i.name == code_or_name) return i.category;
  }
  return std::nullopt;
}

std::string_view TierRuleCode(TierRule r) { return r == TierRule::kArticle37 ? "art37" : "chosen"; }

std::optional<TierRule> ParseTierRule(std::string_view code) {
  if (code == "art37") return TierRule::kArticle37;
  if (code == "chosen") return TierRule::kChosen;
  return std::nullopt;
}

Status ValidatePowerItem(const NewPowerItem& p) {
  if (!IsItemCode(p.code)) {
    return Status::Invalid("事项编码须为 1–32 位字母、数字或连字符").WithField("code");
  }
  SX_RETURN_IF_ERROR(CheckText(p.name, "职权名称", "name", kMaxPowerNameChars));
  SX_RETURN_IF_ERROR(CheckText(p.basis, "实施依据", "basis", kMaxPowerBasisChars, true));
  SX_RETURN_IF_ERROR(CheckText(p.duties, "责任事项", "duties", kMaxPowerDutiesChars, true));
  SX_RETURN_IF_ERROR(CheckText(p.time_limit, "办理期限", "timeLimit", kMaxPowerTimeLimitChars));
  SX_RETURN_IF_ERROR(CheckText(p.enforcement_category, "执法类别", "enforcementCategory", 50));
  if (p.fine) {
    if (p.fine->min_yuan <= 0 || p.fine->max_yuan < p.fine->min_yuan ||
        p.fine->max_yuan > 100'000'000) {
      return Status::Invalid("罚款幅度须满足 0 < 下限 ≤ 上限 ≤ 1 亿元").WithField("fine");
    }
  }
  if (!p.fine && !p.tiers.empty()) {
    return Status::Invalid("没有罚款幅度的事项不设罚款裁量档次").WithField("tiers");
  }
  if (p.tiers.size() > kMaxTiers) {
    return Status::Invalid(fmt::format("裁量档次最多 {} 个", kMaxTiers)).WithField("tiers");
  }
  std::set<std::string, std::less<>> codes;
  for (const auto& t : p.tiers) {
    if (t.code.empty() || t.code.size() > 64 || !codes.insert(t.code).second) {
      return Status::Invalid("裁量档次的编码须非空且不重复").WithField("tiers");
    }
    SX_RETURN_IF_ERROR(CheckText(t.condition, "裁量档次的适用情形", "tiers", 200));
    if (t.range.min_yuan < p.fine->min_yuan || t.range.max_yuan > p.fine->max_yuan ||
        t.range.min_yuan > t.range.max_yuan) {
      return Status::Invalid(fmt::format("裁量档次“{}”超出法定罚款幅度", t.condition))
          .WithField("tiers");
    }
  }
  if (p.tier_rule == TierRule::kArticle37) {
    const auto own = Article37Tiers();
    if (p.tiers.size() != own.size()) {
      return Status::Invalid("按第三十七条裁量的事项须使用该条的六个裁量档次").WithField("tiers");
    }
    for (std::size_t i = 0; i < own.size(); ++i) {
      if (p.tiers[i].code != own[i].code) {
        return Status::Invalid("按第三十七条裁量的事项须使用该条的六个裁量档次").WithField("tiers");
      }
    }
  }
  return Status::Ok();
}

std::vector<NewPowerItem> DemoPowerItems() {
  std::vector<NewPowerItem> out;
  NewPowerItem a37;
  a37.code = "GJJ-CF-037";
  a37.category = PowerCategory::kPenalty;
  a37.name = "对单位不办理住房公积金缴存登记或者不为本单位职工办理住房公积金账户设立手续的行政处罚";
  a37.basis =
      "《住房公积金管理条例》第三十七条:违反本条例的规定,单位不办理住房公积金缴存登记或者不为本单位"
      "职工办理住房公积金账户设立手续的,由住房公积金管理中心责令限期办理;逾期不办理的,处 1 万元以上"
      " 5 万元以下的罚款。";
  a37.duties =
      "1. 立案责任:发现违法线索,予以审查,决定是否立案。\n2. 调查责任:两名以上执法人员出示执法证件,"
      "全面、客观、公正地调查取证。\n3. "
      "审查责任:审查案件事实、证据、依据和裁量基准,进行法制审核。\n"
      "4. 告知责任:作出处罚决定前告知当事人拟处罚内容及陈述、申辩、听证权利。\n5. 决定责任:依法作出"
      "处罚决定并送达。\n6. 执行责任:督促履行,依法申请人民法院强制执行。\n7. "
      "其他:法律法规规章规定应"
      "履行的责任。";
  a37.time_limit = "自立案之日起九十日内作出处理决定";
  a37.fine = kArticle37Range;
  a37.tiers = Article37Tiers();
  a37.tier_rule = TierRule::kArticle37;
  out.push_back(std::move(a37));

  NewPowerItem a38;
  a38.code = "GJJ-QZ-038";
  a38.category = PowerCategory::kCoercion;
  a38.name = "对单位逾期不缴或者少缴住房公积金的责令限期缴存及申请人民法院强制执行";
  a38.basis =
      "《住房公积金管理条例》第三十八条:违反本条例的规定,单位逾期不缴或者少缴住房公积金的,"
      "由住房公积"
      "金管理中心责令限期缴存;逾期仍不缴存的,可以申请人民法院强制执行。";
  a38.duties =
      "1. 立案责任:对逾期不缴、少缴线索予以审查,决定是否立案。\n2. "
      "调查责任:核实欠缴期间、人数和金额。"
      "\n3. 决定责任:作出责令限期缴存决定并送达。\n4. "
      "执行责任:逾期仍不缴存的,催告后依法申请人民法院"
      "强制执行。";
  a38.time_limit = "自立案之日起九十日内作出处理决定";
  out.push_back(std::move(a38));

  NewPowerItem check;
  check.code = "GJJ-JC-001";
  check.category = PowerCategory::kInspection;
  check.name = "对单位住房公积金缴存情况的监督检查";
  check.basis =
      "《住房公积金管理条例》第三十七条、第三十八条;《国务院办公厅关于推广随机抽查规范"
      "事中事后监管的通知》(国办发〔2015〕58号)";
  check.duties =
      "1. 检查责任:两名以上执法人员实施检查,出示执法证件。\n2. 处置责任:发现问题责令"
      "整改或者移交立案。\n3. 公示责任:检查结果 20 个工作日内公示。";
  check.time_limit = "按随机抽查计划";
  out.push_back(std::move(check));
  return out;
}

Result<std::optional<DiscretionTier>> ProposeTier(const NewPowerItem& item,
                                                  const Article37Facts& facts,
                                                  std::string_view chosen_code) {
  if (item.tiers.empty()) return std::optional<DiscretionTier>();
  if (item.tier_rule == TierRule::kArticle37) return ProposeArticle37Tier(facts);
  for (const auto& t : item.tiers) {
    if (t.code == chosen_code) return std::optional<DiscretionTier>(t);
  }
  return Status::Invalid("请选择本事项裁量基准中的一个档次").WithField("tier");
}

}  // namespace sx::domain
