#include "domain/penalty.h"

#include <fmt/format.h>

#include "domain/text.h"

namespace sx::domain {

namespace {

std::string Yuan(std::int64_t y) {
  return y % 10'000 == 0 ? fmt::format("{}万元", y / 10'000) : fmt::format("{}元", y);
}

}  // namespace

Status CheckSummaryProcedure(PartyKind party, std::int64_t fine_yuan) {
  const std::int64_t cap = party == PartyKind::kCitizen ? 200 : 3'000;
  if (fine_yuan < 0) return Status::Invalid("罚款金额不能为负").WithField("fine");
  if (fine_yuan > cap) {
    return Status::Invalid(fmt::format("简易程序当场处罚,对{}罚款不得超过 {} 元(行政处罚法 第51条),"
                                       "应适用普通程序",
                                       party == PartyKind::kCitizen ? "公民" : "法人或者其他组织",
                                       cap))
        .WithField("fine");
  }
  return Status::Ok();
}

bool HearingRightApplies(PartyKind party, std::int64_t fine_yuan) {
  return fine_yuan >= (party == PartyKind::kCitizen ? 5'000 : 50'000);
}

Status CheckNotHeavierAfterDefence(std::int64_t notified_yuan, std::int64_t decided_yuan) {
  if (decided_yuan > notified_yuan) {
    return Status::Invalid(
               fmt::format("决定罚款 {} 元高于事先告知的 {} 元:不得因当事人陈述、申辩而给予"
                           "更重的处罚(行政处罚法 第45条)",
                           decided_yuan, notified_yuan))
        .WithField("fine");
  }
  return Status::Ok();
}

Result<std::optional<DiscretionTier>> ProposeArticle37Tier(const Article37Facts& f) {
  if (f.years_since_founding < 0 || f.accounts_missing < 0) {
    return Status::Invalid("成立年限和未设立账户人数不能为负");
  }
  if (f.corrected_in_time) return std::optional<DiscretionTier>();
  auto tier = [](std::string code, std::string condition, std::int64_t lo, std::int64_t hi) {
    return std::optional<DiscretionTier>(
        DiscretionTier{std::move(code), std::move(condition), {lo, hi}});
  };
  if (f.unregistered) {
    if (f.years_since_founding < 2) {
      return tier("art37.unregistered.lt2", "未办理缴存登记,单位成立不满 2 年", 10'000, 10'000);
    }
    if (f.years_since_founding < 5) {
      return tier("art37.unregistered.2to5", "未办理缴存登记,单位成立 2 年以上不满 5 年", 10'000,
                  30'000);
    }
    return tier("art37.unregistered.ge5", "未办理缴存登记,单位成立 5 年以上", 30'000, 50'000);
  }
  if (f.accounts_missing < 1) {
    return Status::Invalid("未为职工设立个人账户的人数须至少为 1").WithField("accountsMissing");
  }
  if (f.accounts_missing < 100) {
    return tier("art37.accounts.lt100", "未为不满 100 名职工设立个人账户", 10'000, 10'000);
  }
  if (f.accounts_missing < 500) {
    return tier("art37.accounts.100to500", "未为 100 名以上不满 500 名职工设立个人账户", 10'000,
                30'000);
  }
  return tier("art37.accounts.ge500", "未为 500 名以上职工设立个人账户", 30'000, 50'000);
}

std::vector<DiscretionTier> Article37Tiers() {
  std::vector<DiscretionTier> out;
  for (int years : {0, 2, 5}) {
    out.push_back(**ProposeArticle37Tier({.unregistered = true, .years_since_founding = years}));
  }
  for (int missing : {1, 100, 500}) {
    out.push_back(**ProposeArticle37Tier({.accounts_missing = missing}));
  }
  return out;
}

Status CheckFine(const FineRange& legal, const DiscretionTier& tier, std::int64_t fine_yuan,
                 std::string_view deviation_reason) {
  if (fine_yuan < legal.min_yuan || fine_yuan > legal.max_yuan) {
    return Status::Invalid(fmt::format("罚款须在法定幅度 {} 至 {} 之内", Yuan(legal.min_yuan),
                                       Yuan(legal.max_yuan)))
        .WithField("fine");
  }
  if (fine_yuan >= tier.range.min_yuan && fine_yuan <= tier.range.max_yuan) return Status::Ok();
  const std::string where =
      tier.range.min_yuan == tier.range.max_yuan
          ? Yuan(tier.range.min_yuan)
          : fmt::format("{}至{}", Yuan(tier.range.min_yuan), Yuan(tier.range.max_yuan));
  if (deviation_reason.empty()) {
    return Status::Invalid(
               fmt::format("罚款偏离裁量基准“{}”({}),须书面说明理由", tier.condition, where))
        .WithField("deviationReason");
  }
  Status text = CheckText(deviation_reason, "偏离裁量基准的理由", "deviationReason", 500, true);
  if (!text.ok()) return text;
  std::size_t chars = 0;  // code points: UTF-8 bytes that do not continue a character
  for (unsigned char c : deviation_reason) chars += (c & 0xC0) != 0x80 ? 1 : 0;
  if (chars < 10) {
    return Status::Invalid("偏离裁量基准的理由过短,请具体说明").WithField("deviationReason");
  }
  return Status::Ok();
}

}  // namespace sx::domain
