// 案卷评查 scoring: the default template adds up to 100 over the review's items and the file's
// completeness; templates whose points do not add up (or whose deductions exceed their item, or
// whose codes repeat, or whose grade bands are out of order) are refused naming the field; a
// file's score caps each item's loss at its points, and a 否决项 fails the file whatever its score.
#include <gtest/gtest.h>

#include "domain/evaluation.h"
#include "domain/review.h"

namespace sx::domain {
namespace {

TEST(Evaluation, TheDefaultTemplateAddsUpAndCoversTheReviewItems) {
  const ScoringTemplate t = DefaultTemplate();
  ASSERT_TRUE(ValidateTemplate(t).ok()) << ValidateTemplate(t).message();
  int sum = 0;
  for (const auto& item : t.items) sum += item.points;
  EXPECT_EQ(sum, 100);
  for (int i = 0; i < kReviewItemCount; ++i) {
    const auto code = ReviewItemCode(static_cast<ReviewItem>(i));
    EXPECT_TRUE(std::any_of(t.items.begin(), t.items.end(), [&](const ScoreItem& s) {
      return s.code == code;
    })) << code;
  }
  EXPECT_TRUE(std::any_of(t.items.begin(), t.items.end(),
                          [](const ScoreItem& s) { return s.code == "completeness"; }));
}

TEST(Evaluation, TemplatesThatDoNotAddUpAreRefused) {
  ScoringTemplate t = DefaultTemplate();
  t.items.back().points -= 5;  // completeness 5: 95 in all
  Status st = ValidateTemplate(t);
  EXPECT_EQ(st.field(), "items");
  EXPECT_NE(st.message().find("合计 95"), std::string::npos) << st.message();

  t = DefaultTemplate();
  t.items[1].deductions[0].points = t.items[1].points + 1;
  EXPECT_EQ(ValidateTemplate(t).field(), "items.1.deductions.0.points");

  t = DefaultTemplate();
  t.items[2].code = t.items[0].code;
  EXPECT_EQ(ValidateTemplate(t).field(), "items.2.code");

  t = DefaultTemplate();
  t.items[3].deductions[1].code = t.items[3].deductions[0].code;
  EXPECT_EQ(ValidateTemplate(t).field(), "items.3.deductions.1.code");

  t = DefaultTemplate();
  t.pass = 95;  // above 优秀 (90)
  EXPECT_EQ(ValidateTemplate(t).field(), "grades");

  t = DefaultTemplate();
  t.items[0].code = "Subject!";
  EXPECT_EQ(ValidateTemplate(t).field(), "items.0.code");

  t = DefaultTemplate();
  t.items[0].deductions.clear();
  EXPECT_EQ(ValidateTemplate(t).field(), "items.0.deductions");

  t = DefaultTemplate();
  t.items.clear();
  EXPECT_EQ(ValidateTemplate(t).field(), "items");
}

TEST(Evaluation, ScoresCapEachItemAndVetoesFail) {
  const ScoringTemplate t = DefaultTemplate();
  auto clean = Score(t, {});
  ASSERT_TRUE(clean.ok());
  EXPECT_EQ(clean->score, 100);
  EXPECT_EQ(clean->grade, Grade::kExcellent);

  // facts: 10 + 8×2 = 26 found, capped at the item's 20; documents: 2×3 = 6.
  auto capped = Score(t, {{"facts", "unclear", 1, ""},
                          {"facts", "key_evidence_missing", 2, ""},
                          {"documents", "document_form", 3, "文号缺失"}});
  ASSERT_TRUE(capped.ok()) << capped.status().message();
  EXPECT_EQ(capped->score, 100 - 20 - 6);
  EXPECT_EQ(capped->grade, Grade::kPass);
  for (const auto& item : capped->items) {
    if (item.item == "facts") {
      EXPECT_EQ(item.deducted, 20);
    }
    if (item.item == "documents") {
      EXPECT_EQ(item.deducted, 6);
    }
  }
  EXPECT_FALSE(capped->vetoed);

  // One 否决项 (no notice of the right to be heard): 90 points, but 不合格.
  auto vetoed = Score(t, {{"procedure", "no_notice", 1, ""}});
  ASSERT_TRUE(vetoed.ok());
  EXPECT_EQ(vetoed->score, 90);
  EXPECT_TRUE(vetoed->vetoed);
  EXPECT_EQ(vetoed->grade, Grade::kFail);
  EXPECT_EQ(GradeName(vetoed->grade), "不合格");

  // Below the pass line.
  auto low = Score(t, {{"facts", "unclear", 2, ""},
                       {"law", "wrong_law", 1, ""},
                       {"procedure", "late", 3, ""},
                       {"documents", "document_missing", 2, ""}});
  ASSERT_TRUE(low.ok());
  EXPECT_EQ(low->score, 100 - 20 - 10 - 15 - 8);
  EXPECT_EQ(low->grade, Grade::kFail);

  EXPECT_EQ(Score(t, {{"nope", "unclear", 1, ""}}).status().field(), "findings.0");
  EXPECT_EQ(Score(t, {{"facts", "unclear", 1, ""}, {"facts", "nope", 1, ""}}).status().field(),
            "findings.1");
  EXPECT_EQ(Score(t, {{"facts", "unclear", 0, ""}}).status().field(), "findings.0");
}

}  // namespace
}  // namespace sx::domain
