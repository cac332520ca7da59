#include "domain/review.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sx::domain {
namespace {

ReviewCase Ordinary() {
  ReviewCase c;
  c.category = PowerCategory::kPenalty;
  c.procedure = Procedure::kOrdinary;
  c.power_code = "GJJ-CF-001";
  c.party = PartyKind::kOrganisation;
  c.outcome = Outcome::kPenalty;
  c.amount = 50'000;
  return c;
}

ReviewCase Summary() {
  ReviewCase c = Ordinary();
  c.procedure = Procedure::kSummary;
  c.amount = 1'000;
  return c;
}

std::vector<std::string> Ids(const CatalogueMatch& m) {
  std::vector<std::string> ids;
  for (const auto& r : m.matched) ids.push_back(r.id);
  return ids;
}

// The statutory minimum, one flag at a time, on a case the ordinary-procedure rule would not
// catch (summary procedure), so each rule is seen alone.
struct StatutoryRow {
  const char* name;
  void (*set)(ReviewCase&);
  std::vector<std::string> review;
  std::vector<std::string> discussion;
};

TEST(ReviewCatalogue, StatutoryRulesOneByOne) {
  const std::vector<StatutoryRow> rows = {
      {"nothing", [](ReviewCase&) {}, {}, {}},
      {"ordinary",
       [](ReviewCase& c) { c.procedure = Procedure::kOrdinary; },
       {"ordinary-procedure"},
       {}},
      {"public interest",
       [](ReviewCase& c) { c.public_interest = true; },
       {"art58-public-interest"},
       {}},
      {"hearing", [](ReviewCase& c) { c.hearing_held = true; }, {"art58-hearing"}, {}},
      {"complex", [](ReviewCase& c) { c.complex = true; }, {"art58-complex"}, {}},
      {"other law", [](ReviewCase& c) { c.other_law = true; }, {"art58-other-law"}, {}},
      {"major", [](ReviewCase& c) { c.major_violation = true; }, {}, {"art57-major"}},
      {"ordinary + hearing + major",
       [](ReviewCase& c) {
         c.procedure = Procedure::kOrdinary;
         c.hearing_held = true;
         c.major_violation = true;
       },
       {"ordinary-procedure", "art58-hearing"},
       {"art57-major"}},
  };
  for (const auto& row : rows) {
    ReviewCase c = Summary();
    row.set(c);
    const auto review = RequiresReview({}, c);
    const auto discussion = RequiresCollectiveDiscussion({}, c);
    EXPECT_EQ(Ids(review), row.review) << row.name;
    EXPECT_EQ(Ids(discussion), row.discussion) << row.name;
    EXPECT_EQ(review.required(), !row.review.empty()) << row.name;
    EXPECT_EQ(discussion.required(), !row.discussion.empty()) << row.name;
  }
}

TEST(ReviewCatalogue, ExplainNamesTheRulesAndTheirArticles) {
  ReviewCase c = Ordinary();
  c.hearing_held = true;
  const auto m = RequiresReview({}, c);
  EXPECT_EQ(m.Explain(),
            "须经法制审核:普通程序办理的案件(郑州住房公积金管理中心三项制度实施方案 "
            "三(三)1;行政处罚法 第58条);直接关系当事人或者第三人重大权益,经过听证程序的"
            "(行政处罚法 第58条第1款第2项)");
  EXPECT_EQ(RequiresCollectiveDiscussion({}, c).Explain(), "不属于须经集体讨论的情形");
}

// An agency's own rules: each condition alone and in combination.
TEST(ReviewCatalogue, AgencyRulesEachConditionAndCombinations) {
  CatalogueRule big;
  big.id = "big-fine";
  big.name = "对单位罚款五万元以上的";
  big.basis = "本中心法制审核目录清单 第1项";
  big.need = ReviewNeed::kDiscussion;
  big.categories = {PowerCategory::kPenalty};
  big.party = PartyKind::kOrganisation;
  big.min_amount = 50'000;
  CatalogueRule item;
  item.id = "item-38";
  item.name = "责令限期缴存";
  item.basis = "本中心法制审核目录清单 第2项";
  item.power_codes = {"GJJ-ML-038"};
  item.outcomes = {Outcome::kOrder};
  CatalogueRule impact;
  impact.id = "impact";
  impact.name = "社会影响较大的";
  impact.basis = "本中心法制审核目录清单 第3项";
  impact.need = ReviewNeed::kDiscussion;
  impact.social_impact = true;
  const std::vector<CatalogueRule> rules = {big, item, impact};
  ASSERT_TRUE(ValidateCatalogue(rules).ok());

  struct Row {
    const char* name;
    void (*set)(ReviewCase&);
    bool big, item, impact;
  };
  const std::vector<Row> rows = {
      {"5万 on a unit", [](ReviewCase&) {}, true, false, false},
      {"49,999 on a unit", [](ReviewCase& c) { c.amount = 49'999; }, false, false, false},
      {"5万 on a citizen", [](ReviewCase& c) { c.party = PartyKind::kCitizen; }, false, false,
       false},
      {"no amount", [](ReviewCase& c) { c.amount.reset(); }, false, false, false},
      {"an inspection", [](ReviewCase& c) { c.category = PowerCategory::kInspection; }, false,
       false, false},
      {"第38条 order",
       [](ReviewCase& c) {
         c.power_code = "GJJ-ML-038";
         c.outcome = Outcome::kOrder;
         c.amount.reset();
       },
       false, true, false},
      {"第38条 item, other outcome", [](ReviewCase& c) { c.power_code = "GJJ-ML-038"; }, true,
       false, false},
      {"impact and big", [](ReviewCase& c) { c.social_impact = true; }, true, false, true},
  };
  for (const auto& row : rows) {
    ReviewCase c = Summary();
    c.amount = 50'000;
    row.set(c);
    EXPECT_EQ(Matches(big, c), row.big) << row.name;
    EXPECT_EQ(Matches(item, c), row.item) << row.name;
    EXPECT_EQ(Matches(impact, c), row.impact) << row.name;
    const auto review = Ids(RequiresReview(rules, c));
    const auto discussion = Ids(RequiresCollectiveDiscussion(rules, c));
    EXPECT_EQ(review.size(), row.item ? 1u : 0u) << row.name;
    EXPECT_EQ(discussion.size(), (row.big ? 1u : 0u) + (row.impact ? 1u : 0u)) << row.name;
  }
  // Statutory rules come first and cannot be lost by an agency's list.
  ReviewCase c = Ordinary();
  c.power_code = "GJJ-ML-038";
  c.outcome = Outcome::kOrder;
  EXPECT_EQ(Ids(RequiresReview(rules, c)),
            (std::vector<std::string>{"ordinary-procedure", "item-38"}));
}

TEST(ReviewCatalogue, ValidationNamesTheRule) {
  CatalogueRule ok;
  ok.id = "r1";
  ok.name = "罚款";
  ok.basis = "目录清单";
  ok.min_amount = 10'000;
  struct Row {
    const char* name;
    void (*breakit)(CatalogueRule&);
    const char* field;
  };
  const std::vector<Row> rows = {
      {"bad id", [](CatalogueRule& r) { r.id = "R 1"; }, "rules[0].id"},
      {"statutory id", [](CatalogueRule& r) { r.id = "ordinary-procedure"; }, "rules[0].id"},
      {"claims statutory", [](CatalogueRule& r) { r.statutory = true; }, "rules[0].statutory"},
      {"no name", [](CatalogueRule& r) { r.name.clear(); }, "rules[0].name"},
      {"no basis", [](CatalogueRule& r) { r.basis.clear(); }, "rules[0].basis"},
      {"negative", [](CatalogueRule& r) { r.min_amount = -1; }, "rules[0].minAmount"},
      {"no condition", [](CatalogueRule& r) { r.min_amount.reset(); }, "rules[0]"},
  };
  for (const auto& row : rows) {
    CatalogueRule r = ok;
    row.breakit(r);
    const std::vector<CatalogueRule> rules = {r};
    const Status st = ValidateCatalogue(rules);
    EXPECT_FALSE(st.ok()) << row.name;
    EXPECT_EQ(st.field(), row.field) << row.name << ": " << st.message();
  }
  const std::vector<CatalogueRule> twice = {ok, ok};
  EXPECT_EQ(ValidateCatalogue(twice).field(), "rules[1].id");
  EXPECT_TRUE(ValidateCatalogue(std::vector<CatalogueRule>{ok}).ok());
  EXPECT_FALSE(ValidateCatalogue(std::vector<CatalogueRule>(kMaxCatalogueRules + 1, ok)).ok());
}

ReviewPackage Complete() {
  ReviewPackage p;
  p.investigation_report = true;
  p.evidence_items = 5;
  p.proposed_decision = "对某某公司罚款五万元";
  p.legal_basis = "《住房公积金管理条例》第三十七条";
  p.fine_proposed = true;
  p.tier = "B";
  p.tier_reasoning = "逾期未办理缴存登记,涉及职工 30 人";
  p.vouched = true;
  return p;
}

TEST(ReviewPackageTest, IncompletePackagesListWhatIsMissing) {
  EXPECT_TRUE(CheckPackage(Complete()).ok());
  ReviewPackage p;
  p.fine_proposed = true;
  p.hearing_held = true;
  p.vouched = true;
  EXPECT_EQ(MissingMaterials(p),
            (std::vector<ReviewMaterial>{
                ReviewMaterial::kInvestigationReport, ReviewMaterial::kEvidenceList,
                ReviewMaterial::kProposedDecision, ReviewMaterial::kLegalBasis,
                ReviewMaterial::kBenchmark, ReviewMaterial::kHearingRecord}));
  const Status st = CheckPackage(p);
  EXPECT_EQ(st.field(), "materials");
  EXPECT_EQ(st.message(),
            "送审材料不全,缺少:案件调查终结报告、证据材料清单、拟作出的处理决定、适用的法律依据、"
            "裁量基准的适用及理由、听证笔录");

  ReviewPackage no_reason = Complete();
  no_reason.tier_reasoning = "  ";
  EXPECT_EQ(MissingMaterials(no_reason), std::vector<ReviewMaterial>{ReviewMaterial::kBenchmark});
  ReviewPackage no_fine = Complete();
  no_fine.fine_proposed = false;
  no_fine.tier.clear();
  no_fine.tier_reasoning.clear();
  EXPECT_TRUE(CheckPackage(no_fine).ok());
  ReviewPackage hearing = Complete();
  hearing.hearing_held = true;
  EXPECT_EQ(MissingMaterials(hearing), std::vector<ReviewMaterial>{ReviewMaterial::kHearingRecord});
  hearing.hearing_record = true;
  EXPECT_TRUE(CheckPackage(hearing).ok());
  ReviewPackage unvouched = Complete();
  unvouched.vouched = false;
  EXPECT_EQ(CheckPackage(unvouched).field(), "vouched");
}

TEST(ReviewerTest, IndependenceListAndQualification) {
  const std::vector<std::int64_t> involved = {7, 9};
  ReviewerFacts r{
      .user_id = 3, .legal_reviewer = true, .legal_qualification = false, .first_time = false};
  EXPECT_TRUE(CheckReviewer(r, involved).ok());
  ReviewerFacts own = r;
  own.user_id = 9;
  Status st = CheckReviewer(own, involved);
  EXPECT_EQ(st.code(), Code::kPermission);
  EXPECT_NE(st.message().find("本人承办或者审批"), std::string::npos) << st.message();
  ReviewerFacts outsider = r;
  outsider.legal_reviewer = false;
  EXPECT_NE(CheckReviewer(outsider, involved).message().find("法制审核人员名单"),
            std::string::npos);
  ReviewerFacts first = r;
  first.first_time = true;
  st = CheckReviewer(first, involved);
  EXPECT_EQ(st.code(), Code::kPermission);
  EXPECT_NE(st.message().find("法律职业资格"), std::string::npos) << st.message();
  first.legal_qualification = true;
  EXPECT_TRUE(CheckReviewer(first, involved).ok());
}

ReviewForm AllConform() {
  ReviewForm f;
  for (int i = 0; i < kReviewItemCount; ++i) {
    f.findings.push_back({static_cast<ReviewItem>(i), true, ""});
  }
  f.opinion = ReviewOpinion::kApprove;
  f.summary = "同意作出行政处罚决定。";
  return f;
}

TEST(ReviewFormTest, EightItemsAndAConsistentOpinion) {
  EXPECT_TRUE(ValidateReviewForm(AllConform()).ok());
  EXPECT_EQ(ReviewItemName(ReviewItem::kCrimeTransfer), "违法行为是否涉嫌犯罪、需要移送司法机关");
  for (int i = 0; i < kReviewItemCount; ++i) {
    const auto item = static_cast<ReviewItem>(i);
    EXPECT_EQ(ParseReviewItem(ReviewItemCode(item)), item);
  }

  ReviewForm missing = AllConform();
  missing.findings.erase(missing.findings.begin() + 3);
  EXPECT_EQ(ValidateReviewForm(missing).field(), "findings.facts");
  ReviewForm twice = AllConform();
  twice.findings.push_back({ReviewItem::kLaw, true, ""});
  EXPECT_EQ(ValidateReviewForm(twice).field(), "findings.law");

  ReviewForm problem = AllConform();
  problem.findings[4].conforms = false;
  EXPECT_EQ(ValidateReviewForm(problem).field(), "findings.law");  // no comment
  problem.findings[4].comment = "裁量档次适用不当,应适用 A 档";
  EXPECT_EQ(ValidateReviewForm(problem).field(), "opinion");  // 同意 with a problem
  problem.opinion = ReviewOpinion::kProblems;
  problem.summary = "建议调整裁量档次后重新报送。";
  EXPECT_TRUE(ValidateReviewForm(problem).ok());

  ReviewForm empty_problems = AllConform();
  empty_problems.opinion = ReviewOpinion::kProblems;
  EXPECT_EQ(ValidateReviewForm(empty_problems).field(), "opinion");
  ReviewForm no_summary = AllConform();
  no_summary.summary.clear();
  EXPECT_EQ(ValidateReviewForm(no_summary).field(), "summary");
}

TEST(QuorumTest, MoreThanHalfAndAtLeastThreeChairedByALeader) {
  struct Row {
    int leadership, present;
    bool chair;
    int num, den;
    bool ok;
  };
  const std::vector<Row> rows = {
      {7, 4, true, 1, 2, true},   {7, 3, true, 1, 2, false}, {4, 3, true, 1, 2, true},
      {4, 2, true, 1, 2, false},  {3, 3, true, 1, 2, true},  {2, 2, true, 1, 2, false},
      {7, 4, false, 1, 2, false}, {6, 4, true, 2, 3, false}, {6, 5, true, 2, 3, true},
      {6, 5, true, 3, 3, false},
  };
  for (const auto& r : rows) {
    const Status st = CheckQuorum({r.leadership, r.present, r.chair, r.num, r.den});
    EXPECT_EQ(st.ok(), r.ok) << r.leadership << "/" << r.present << ": " << st.message();
  }
  const Status st = CheckQuorum({7, 3, true, 1, 2});
  EXPECT_EQ(st.field(), "attendees");
  EXPECT_NE(st.message().find("至少 4 人"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace sx::domain
