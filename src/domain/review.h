// 重大执法决定法制审核 (legal review of major decisions) and 集体讨论 (collective discussion), as
// rules (RULES.md §3; 行政处罚法 第57、58条; 国办发〔2018〕118号 四; the seed 三(三)): the review
// catalogue (目录清单) and what it requires of a case, with the matching rules named; the
// materials a submission must carry; who may review; the eight review items and the opinion; the
// quorum of a discussion. Pure: the services pass in what they read and apply the answer.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case_flow.h"
#include "domain/penalty.h"
#include "domain/power.h"
#include "util/status.h"

namespace sx::domain {

// ---- the catalogue (目录清单) ------------------------------------------------------------------

// What the catalogue looks at in a case (the proposal of the investigation report).
struct ReviewCase {
  PowerCategory category = PowerCategory::kPenalty;  // the power item's 职权类别
  Procedure procedure = Procedure::kOrdinary;
  std::string power_code;  // the power item's 事项编码
  PartyKind party = PartyKind::kOrganisation;
  std::optional<Outcome> outcome = std::nullopt;      // proposed
  std::optional<std::int64_t> amount = std::nullopt;  // proposed fine, yuan
  bool hearing_held = false;
  bool public_interest = false;  // 涉及重大公共利益 (第58条第1款第1项)
  bool complex = false;  // 案件情况疑难复杂、涉及多个法律关系 (第58条第1款第3项)
  bool other_law = false;  // 法律、法规规定应当进行法制审核的其他情形 (第58条第1款第4项)
  bool major_violation = false;  // 情节复杂或者重大违法行为 (第57条第2款)
  bool social_impact = false;    // 社会影响较大 (an agency's own flag)
};

// What a rule requires when it matches.
enum class ReviewNeed {
  kReview,      // 法制审核
  kDiscussion,  // 集体讨论
};
std::string_view ReviewNeedCode(ReviewNeed n);  // "review", "discussion"
std::string_view ReviewNeedName(ReviewNeed n);  // "法制审核", "集体讨论"
std::optional<ReviewNeed> ParseReviewNeed(std::string_view code);

// One line of the catalogue: every condition given must hold (a list: any of its values); a rule
// with no condition matches every case. Statutory rules are built in and cannot be switched off;
// an agency adds its own as data (services keep them as JSON and publish them on the portal).
struct CatalogueRule {
  std::string id;     // [a-z0-9-]{1,40}, unique in the catalogue
  std::string name;   // 普通程序办理的行政处罚案件
  std::string basis;  // 行政处罚法 第58条第1款第2项
  ReviewNeed need = ReviewNeed::kReview;
  bool statutory = false;
  std::vector<PowerCategory> categories = {};
  std::optional<Procedure> procedure = std::nullopt;
  std::vector<std::string> power_codes = {};
  std::optional<PartyKind> party = std::nullopt;
  std::vector<Outcome> outcomes = {};
  std::optional<std::int64_t> min_amount = std::nullopt;  // fine ≥, yuan
  std::optional<bool> hearing_held = std::nullopt;
  std::optional<bool> public_interest = std::nullopt;
  std::optional<bool> complex = std::nullopt;
  std::optional<bool> other_law = std::nullopt;
  std::optional<bool> major_violation = std::nullopt;
  std::optional<bool> social_impact = std::nullopt;
};

inline constexpr std::size_t kMaxCatalogueRules = 100;
inline constexpr std::size_t kMaxRuleNameChars = 100;
inline constexpr std::size_t kMaxRuleBasisChars = 200;

// The statutory minimum every agency's catalogue starts from: every case under the ordinary
// procedure is reviewed (the seed 三(三)1 for this center: 普通程序办理的行政处罚案件); the four
// categories of 第58条第1款; 集体讨论 for 情节复杂或者重大违法行为 (第57条第2款).
std::span<const CatalogueRule> StatutoryRules();

// Checks an agency's own rules: ids well-formed and unique (and not a statutory id), names and
// bases present and within limits, a non-negative amount, at least one condition (an agency that
// wants every case reviewed says so with a condition), not `statutory`. The error names the rule.
Status ValidateCatalogue(std::span<const CatalogueRule> rules);

// Whether `rule` matches `c`.
bool Matches(const CatalogueRule& rule, const ReviewCase& c);

// The answer to "does this case need a review / a discussion", with the rules that matched.
struct CatalogueMatch {
  ReviewNeed need = ReviewNeed::kReview;
  std::vector<CatalogueRule> matched;  // statutory first, then the agency's, in their order
  bool required() const { return !matched.empty(); }
  // "须经法制审核:普通程序办理的案件(…);经过听证程序的(…)" or "不属于法制审核目录清单".
  std::string Explain() const;
};

// The statutory rules and then `agency_rules`, for the need asked.
CatalogueMatch RequiresReview(std::span<const CatalogueRule> agency_rules, const ReviewCase& c);
CatalogueMatch RequiresCollectiveDiscussion(std::span<const CatalogueRule> agency_rules,
                                            const ReviewCase& c);

// ---- the submission (送审材料) ----------------------------------------------------------------

enum class ReviewMaterial {
  kInvestigationReport,  // 案件调查终结报告
  kEvidenceList,         // 证据材料清单
  kProposedDecision,     // 拟作出的处理决定
  kLegalBasis,           // 适用的法律依据
  kBenchmark,            // 裁量基准的适用及理由
  kHearingRecord,        // 听证笔录 (when a hearing was held)
};
std::string_view ReviewMaterialCode(ReviewMaterial m);  // "investigation_report", …
std::string_view ReviewMaterialName(ReviewMaterial m);  // "案件调查终结报告", …

// What a submission carries, as the service finds it on the case.
struct ReviewPackage {
  bool investigation_report = false;  // the 调查终结报告 issued
  int evidence_items = 0;             // items on the evidence list
  std::string proposed_decision;      // the proposal, as text
  std::string legal_basis;            // the provisions applied
  bool fine_proposed = false;         // a fine: the benchmark tier and reasoning are needed
  std::string tier;                   // the benchmark tier's code
  std::string tier_reasoning;         // why that tier
  bool hearing_held = false;
  bool hearing_record = false;  // the 听证笔录 issued
  bool vouched = false;         // the submitter vouches for the materials' truth and completeness
};

// The materials missing from `p`, in the order above.
std::vector<ReviewMaterial> MissingMaterials(const ReviewPackage& p);
// kInvalid listing every missing material ("送审材料不全,缺少:…"), field "materials"; or
// field "vouched" when the submitter has not vouched for them (RULES.md §3 责任).
Status CheckPackage(const ReviewPackage& p);

// ---- the reviewer ----------------------------------------------------------------------------

struct ReviewerFacts {
  std::int64_t user_id = 0;
  bool legal_reviewer = false;       // in the 法制审核人员 list
  bool legal_qualification = false;  // holds the 法律职业资格
  bool first_time = false;  // has not reviewed before (or is flagged 初次从事法制审核)
};

// A reviewer is in the 法制审核人员 list; reviews no case he or she handled or approved
// (`involved`, 第43条 回避; the reviewer is not the handler); and reviewing for the first time,
// holds the 法律职业资格 (第58条第2款). kPermission with the reason.
Status CheckReviewer(const ReviewerFacts& r, std::span<const std::int64_t> involved);

// ---- the review form (审核意见) ---------------------------------------------------------------

// The eight items of the seed 三(三)3, in its order.
enum class ReviewItem {
  kSubject,        // 执法主体是否合法
  kPersonnel,      // 执法人员是否具备执法资格
  kProcedure,      // 执法程序是否合法
  kFacts,          // 案件事实是否清楚,证据是否合法充分
  kLaw,            // 适用法律、法规、规章是否准确,裁量基准运用是否适当
  kWithinPowers,   // 执法是否超越本机关执法权限
  kDocuments,      // 执法文书是否完备、规范
  kCrimeTransfer,  // 违法行为是否涉嫌犯罪、需要移送司法机关
};
inline constexpr int kReviewItemCount = 8;
std::string_view ReviewItemCode(ReviewItem i);  // "subject", "personnel", …
std::string_view ReviewItemName(ReviewItem i);  // "执法主体是否合法", …
std::optional<ReviewItem> ParseReviewItem(std::string_view code);

enum class ReviewOpinion {
  kApprove,   // 同意
  kProblems,  // 存在问题
};
std::string_view ReviewOpinionCode(ReviewOpinion o);  // "approve", "problems"
std::string_view ReviewOpinionName(ReviewOpinion o);  // "同意", "存在问题"
std::optional<ReviewOpinion> ParseReviewOpinion(std::string_view code);

struct ItemFinding {
  ReviewItem item = ReviewItem::kSubject;
  bool conforms = true;  // 符合 / 存在问题
  std::string comment;
};

struct ReviewForm {
  std::vector<ItemFinding> findings;
  ReviewOpinion opinion = ReviewOpinion::kApprove;
  std::string summary;  // 审核意见 in words
};

inline constexpr std::size_t kMaxReviewCommentChars = 2000;

// Every item exactly once; a comment on each item found wanting (what is wrong and what to do);
// 同意 only when every item conforms, 存在问题 only when one does not; a summary. The error names
// the field ("findings.facts", "opinion", "summary").
Status ValidateReviewForm(const ReviewForm& f);

// ---- collective discussion (集体讨论) ----------------------------------------------------------

// The quorum: more than half of the agency's leadership (领导班子成员) present, and at least
// three members, chaired by one of them; the rate is the agency's setting, more than half unless
// set higher. kInvalid naming who is missing.
struct Quorum {
  int leadership = 0;  // members of the leadership
  int present = 0;     // leadership members present
  bool chair_is_leader = false;
  int numerator = 1;  // the required share, more than numerator/denominator
  int denominator = 2;
};
Status CheckQuorum(const Quorum& q);

}  // namespace sx::domain
