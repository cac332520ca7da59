#include "domain/power.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

namespace sx::domain {
namespace {

const NewPowerItem& Article37Item() {
  static const NewPowerItem item = DemoPowerItems()[0];
  return item;
}

DiscretionTier Tier(std::string code, std::int64_t min, std::int64_t max) {
  return {std::move(code), "情节较重", {min, max}};
}

// An item whose officer chooses among its own tiers.
NewPowerItem ChosenItem() {
  NewPowerItem p;
  p.code = "GJJ-CF-999";
  p.name = "示例处罚事项";
  p.basis = "《示例条例》第一条";
  p.duties = "立案、调查、决定、执行";
  p.time_limit = "九十日";
  p.fine = FineRange{1'000, 10'000};
  p.tiers = {Tier("light", 1'000, 3'000), Tier("heavy", 3'000, 10'000)};
  return p;
}

TEST(PowerItem, Validation) {
  struct Row {
    const char* name;
    std::function<void(NewPowerItem&)> change;
    const char* field;  // "" when valid
  };
  const Row rows[] = {
      {"the 第37条 demo item", [](NewPowerItem&) {}, ""},
      {"an item choosing its tiers",
       [](NewPowerItem& p) {
         const auto f = Article37Item().fine;
         p = ChosenItem();
         p.fine = f;
         p.tiers = {Tier("a", 10'000, 20'000), Tier("b", 20'000, 50'000)};
       },
       ""},
      {"no fine, no tiers",
       [](NewPowerItem& p) {
         p.fine.reset();
         p.tiers.clear();
         p.tier_rule = TierRule::kChosen;
       },
       ""},
      {"20 tiers",
       [](NewPowerItem& p) {
         p.tier_rule = TierRule::kChosen;
         p.tiers.clear();
         for (int i = 0; i < 20; ++i)
           p.tiers.push_back(Tier("t" + std::to_string(i), 10'000, 50'000));
       },
       ""},
      {"code with a space", [](NewPowerItem& p) { p.code = "GJJ 037"; }, "code"},
      {"empty code", [](NewPowerItem& p) { p.code.clear(); }, "code"},
      {"code of 33 characters", [](NewPowerItem& p) { p.code = std::string(33, 'A'); }, "code"},
      {"code of 32 characters", [](NewPowerItem& p) { p.code = std::string(32, 'A'); }, ""},
      {"Chinese code", [](NewPowerItem& p) { p.code = "处罚-037"; }, "code"},
      {"empty name", [](NewPowerItem& p) { p.name.clear(); }, "name"},
      {"fine minimum 0",
       [](NewPowerItem& p) {
         p.fine = FineRange{0, 50'000};
       },
       "fine"},
      {"fine maximum below minimum",
       [](NewPowerItem& p) {
         p.fine = FineRange{50'000, 10'000};
       },
       "fine"},
      {"tiers without a fine",
       [](NewPowerItem& p) {
         p.fine.reset();
         p.tier_rule = TierRule::kChosen;
       },
       "tiers"},
      {"a tier below the range",
       [](NewPowerItem& p) {
         p.tier_rule = TierRule::kChosen;
         p.tiers = {Tier("low", 5'000, 20'000)};
       },
       "tiers"},
      {"a tier above the range",
       [](NewPowerItem& p) {
         p.tier_rule = TierRule::kChosen;
         p.tiers = {Tier("high", 30'000, 60'000)};
       },
       "tiers"},
      {"a tier upside down",
       [](NewPowerItem& p) {
         p.tier_rule = TierRule::kChosen;
         p.tiers = {Tier("odd", 30'000, 20'000)};
       },
       "tiers"},
      {"duplicate tier codes",
       [](NewPowerItem& p) {
         p.tier_rule = TierRule::kChosen;
         p.tiers = {Tier("same", 10'000, 20'000), Tier("same", 20'000, 50'000)};
       },
       "tiers"},
      {"an empty tier code",
       [](NewPowerItem& p) {
         p.tier_rule = TierRule::kChosen;
         p.tiers = {Tier("", 10'000, 20'000)};
       },
       "tiers"},
      {"21 tiers",
       [](NewPowerItem& p) {
         p.tier_rule = TierRule::kChosen;
         p.tiers.clear();
         for (int i = 0; i < 21; ++i)
           p.tiers.push_back(Tier("t" + std::to_string(i), 10'000, 50'000));
       },
       "tiers"},
      {"第37条 rule with five tiers", [](NewPowerItem& p) { p.tiers.pop_back(); }, "tiers"},
      {"第37条 rule with tiers reordered",
       [](NewPowerItem& p) { std::swap(p.tiers[0], p.tiers[1]); }, "tiers"},
      {"第37条 rule with other tiers",
       [](NewPowerItem& p) { p.tiers.back().code = "art37.accounts.other"; }, "tiers"},
      {"第37条 rule without a fine",
       [](NewPowerItem& p) {
         p.fine.reset();
         p.tiers.clear();
       },
       "tiers"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    NewPowerItem p = Article37Item();
    row.change(p);
    const Status st = ValidatePowerItem(p);
    if (!*row.field) {
      EXPECT_TRUE(st.ok()) << st.message();
      continue;
    }
    EXPECT_EQ(st.code(), Code::kInvalid);
    EXPECT_EQ(st.field(), row.field) << st.message();
    EXPECT_FALSE(st.message().empty());
  }
}

TEST(PowerItem, DemoItems) {  // 住房公积金管理条例 第37、38条 (RULES.md §5)
  const auto items = DemoPowerItems();
  ASSERT_EQ(items.size(), 3u);
  std::set<std::string> codes;
  for (const auto& p : items) {
    SCOPED_TRACE(p.code);
    const Status st = ValidatePowerItem(p);
    EXPECT_TRUE(st.ok()) << st.message();
    EXPECT_TRUE(codes.insert(p.code).second);
    EXPECT_EQ(p.enforcement_category, "住房公积金行政执法");
  }

  const NewPowerItem& a37 = items[0];
  EXPECT_EQ(a37.category, PowerCategory::kPenalty);
  EXPECT_NE(a37.basis.find("第三十七条"), std::string::npos);
  ASSERT_TRUE(a37.fine.has_value());
  EXPECT_EQ(a37.fine->min_yuan, 10'000);
  EXPECT_EQ(a37.fine->max_yuan, 50'000);
  EXPECT_EQ(a37.tier_rule, TierRule::kArticle37);
  const auto own = Article37Tiers();
  ASSERT_EQ(a37.tiers.size(), 6u);
  const char* codes37[] = {"art37.unregistered.lt2",  "art37.unregistered.2to5",
                           "art37.unregistered.ge5",  "art37.accounts.lt100",
                           "art37.accounts.100to500", "art37.accounts.ge500"};
  for (std::size_t i = 0; i < 6; ++i) {
    SCOPED_TRACE(codes37[i]);
    EXPECT_EQ(a37.tiers[i].code, codes37[i]);
    EXPECT_EQ(a37.tiers[i].code, own[i].code);
    EXPECT_GE(a37.tiers[i].range.min_yuan, 10'000);
    EXPECT_LE(a37.tiers[i].range.max_yuan, 50'000);
  }

  const NewPowerItem& a38 = items[1];  // 责令限期缴存, then the court: no fine
  EXPECT_EQ(a38.category, PowerCategory::kCoercion);
  EXPECT_NE(a38.basis.find("第三十八条"), std::string::npos);
  EXPECT_FALSE(a38.fine.has_value());
  EXPECT_TRUE(a38.tiers.empty());

  EXPECT_EQ(items[2].category, PowerCategory::kInspection);
  EXPECT_FALSE(items[2].fine.has_value());
}

TEST(PowerItem, ProposeTier) {
  const Article37Facts facts{.unregistered = true, .years_since_founding = 3};
  auto a37 = ProposeTier(Article37Item(), facts, "ignored");
  ASSERT_TRUE(a37.ok()) << a37.status().message();
  ASSERT_TRUE(a37->has_value());
  EXPECT_EQ((*a37)->code, "art37.unregistered.2to5");

  auto accounts = ProposeTier(Article37Item(), {.accounts_missing = 600}, "");
  ASSERT_TRUE(accounts.ok());
  ASSERT_TRUE(accounts->has_value());
  EXPECT_EQ((*accounts)->code, "art37.accounts.ge500");

  auto corrected =
      ProposeTier(Article37Item(),
                  {.unregistered = true, .years_since_founding = 9, .corrected_in_time = true}, "");
  ASSERT_TRUE(corrected.ok());
  EXPECT_FALSE(corrected->has_value());  // 不予处罚

  auto chosen = ProposeTier(ChosenItem(), {}, "heavy");
  ASSERT_TRUE(chosen.ok()) << chosen.status().message();
  ASSERT_TRUE(chosen->has_value());
  EXPECT_EQ((*chosen)->code, "heavy");
  EXPECT_EQ((*chosen)->range.max_yuan, 10'000);

  for (const char* code : {"medium", ""}) {
    SCOPED_TRACE(code);
    auto unknown = ProposeTier(ChosenItem(), {}, code);
    EXPECT_EQ(unknown.status().code(), Code::kInvalid);
    EXPECT_EQ(unknown.status().field(), "tier");
  }

  auto none = ProposeTier(DemoPowerItems()[1], {}, "anything");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(PowerItem, CategoriesAndTierRulesRoundTrip) {
  std::set<std::string_view> codes, names;
  for (PowerCategory c : kAllPowerCategories) {
    SCOPED_TRACE(std::string(PowerCategoryCode(c)));
    EXPECT_TRUE(codes.insert(PowerCategoryCode(c)).second);
    EXPECT_TRUE(names.insert(PowerCategoryName(c)).second);
    EXPECT_EQ(ParsePowerCategory(PowerCategoryCode(c)), c);
    EXPECT_EQ(ParsePowerCategory(PowerCategoryName(c)), c);
  }
  EXPECT_EQ(codes.size(), 9u);
  EXPECT_EQ(ParsePowerCategory("行政处罚"), PowerCategory::kPenalty);
  EXPECT_EQ(ParsePowerCategory("penalty"), PowerCategory::kPenalty);
  EXPECT_EQ(ParsePowerCategory("行政强制"), PowerCategory::kCoercion);
  EXPECT_FALSE(ParsePowerCategory("处罚").has_value());
  EXPECT_FALSE(ParsePowerCategory("").has_value());

  for (TierRule r : {TierRule::kChosen, TierRule::kArticle37}) {
    EXPECT_EQ(ParseTierRule(TierRuleCode(r)), r);
  }
  EXPECT_EQ(TierRuleCode(TierRule::kArticle37), "art37");
  EXPECT_FALSE(ParseTierRule("article37").has_value());
}

}  // namespace
}  // namespace sx::domain
