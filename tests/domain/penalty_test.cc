#include "domain/penalty.h"

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

TEST(Penalty, SummaryProcedureCaps) {                               // 行政处罚法 第51条
  EXPECT_TRUE(CheckSummaryProcedure(PartyKind::kCitizen, 0).ok());  // a warning
  EXPECT_TRUE(CheckSummaryProcedure(PartyKind::kCitizen, 200).ok());
  EXPECT_EQ(CheckSummaryProcedure(PartyKind::kCitizen, 201).field(), "fine");
  EXPECT_TRUE(CheckSummaryProcedure(PartyKind::kOrganisation, 3'000).ok());
  auto over = CheckSummaryProcedure(PartyKind::kOrganisation, 3'001);
  EXPECT_EQ(over.code(), Code::kInvalid);
  EXPECT_NE(over.message().find("第51条"), std::string::npos);
  EXPECT_FALSE(CheckSummaryProcedure(PartyKind::kCitizen, -1).ok());
}

TEST(Penalty, HenanHearingThreshold) {  // 第63条; 豫政府令第204号 第4条
  EXPECT_FALSE(HearingRightApplies(PartyKind::kCitizen, 4'999));
  EXPECT_TRUE(HearingRightApplies(PartyKind::kCitizen, 5'000));
  EXPECT_FALSE(HearingRightApplies(PartyKind::kOrganisation, 49'999));
  EXPECT_TRUE(HearingRightApplies(PartyKind::kOrganisation, 50'000));
}

TEST(Penalty, NoHeavierPenaltyBecauseOfADefence) {  // 第45条
  EXPECT_TRUE(CheckNotHeavierAfterDefence(30'000, 30'000).ok());
  EXPECT_TRUE(CheckNotHeavierAfterDefence(30'000, 20'000).ok());
  auto heavier = CheckNotHeavierAfterDefence(30'000, 30'001);
  EXPECT_EQ(heavier.field(), "fine");
  EXPECT_NE(heavier.message().find("第45条"), std::string::npos);
}

TEST(Penalty, Article37TiersFromTheFacts) {  // 住房公积金管理条例 第37条, RULES.md §5
  struct Case {
    Article37Facts facts;
    const char* code;  // "" for no penalty
    std::int64_t min, max;
  };
  const Case cases[] = {
      {{true, 0, 0, false}, "art37.unregistered.lt2", 10'000, 10'000},
      {{true, 1, 0, false}, "art37.unregistered.lt2", 10'000, 10'000},
      {{true, 2, 0, false}, "art37.unregistered.2to5", 10'000, 30'000},
      {{true, 4, 0, false}, "art37.unregistered.2to5", 10'000, 30'000},
      {{true, 5, 0, false}, "art37.unregistered.ge5", 30'000, 50'000},
      {{true, 30, 0, false}, "art37.unregistered.ge5", 30'000, 50'000},
      {{false, 0, 1, false}, "art37.accounts.lt100", 10'000, 10'000},
      {{false, 0, 99, false}, "art37.accounts.lt100", 10'000, 10'000},
      {{false, 0, 100, false}, "art37.accounts.100to500", 10'000, 30'000},
      {{false, 0, 499, false}, "art37.accounts.100to500", 10'000, 30'000},
      {{false, 0, 500, false}, "art37.accounts.ge500", 30'000, 50'000},
      {{true, 9, 0, true}, "", 0, 0},  // corrected within the ordered period: no penalty
      {{false, 0, 700, true}, "", 0, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    auto tier = ProposeArticle37Tier(c.facts);
    ASSERT_TRUE(tier.ok()) << tier.status().message();
    if (!*c.code) {
      EXPECT_FALSE(tier->has_value());
      continue;
    }
    ASSERT_TRUE(tier->has_value());
    EXPECT_EQ((*tier)->code, c.code);
    EXPECT_EQ((*tier)->range.min_yuan, c.min);
    EXPECT_EQ((*tier)->range.max_yuan, c.max);
    EXPECT_FALSE((*tier)->condition.empty());
    // Only a 50,000-yuan fine on a unit reaches the Henan hearing threshold (RULES.md §5).
    EXPECT_EQ(HearingRightApplies(PartyKind::kOrganisation, c.max), c.max == 50'000);
  }
  EXPECT_FALSE(ProposeArticle37Tier({false, 0, 0, false}).ok());  // no breach described
  EXPECT_FALSE(ProposeArticle37Tier({true, -1, 0, false}).ok());
}

TEST(Penalty, FinesInsideTheLegalRangeAndTheTierOrWithAReason) {
  const DiscretionTier tier = **ProposeArticle37Tier({true, 3, 0, false});  // 1–3万
  EXPECT_TRUE(CheckFine(kArticle37Range, tier, 20'000, "").ok());
  EXPECT_TRUE(CheckFine(kArticle37Range, tier, 30'000, "").ok());
  // Outside the legal range: never, whatever the reason.
  EXPECT_EQ(CheckFine(kArticle37Range, tier, 9'999, "当事人主动减轻危害后果并积极配合调查").field(),
            "fine");
  EXPECT_EQ(CheckFine(kArticle37Range, tier, 50'001, "情节特别严重").field(), "fine");
  // Outside the tier: only with a written reason of some substance.
  auto bare = CheckFine(kArticle37Range, tier, 40'000, "");
  EXPECT_EQ(bare.field(), "deviationReason");
  EXPECT_NE(bare.message().find("书面说明理由"), std::string::npos);
  EXPECT_EQ(CheckFine(kArticle37Range, tier, 40'000, "情节严重").field(), "deviationReason");
  EXPECT_TRUE(
      CheckFine(kArticle37Range, tier, 40'000, "经责令后仍拒不办理,且涉及职工人数众多,情节严重")
          .ok());
  EXPECT_EQ(CheckFine(kArticle37Range, tier, 40'000, std::string(501, 'x')).field(),
            "deviationReason");
}

}  // namespace
}  // namespace sx::domain
