// The case workflow (案件办理流程) of a penalty case, from lead to archive, as a table of
// transitions each citing its article (行政处罚法 2021; 行政强制法; RULES.md §4), and the hard
// rules every transition is checked against: two officers with valid certificates covering the
// case (第42条), pending recusals (第43条), the legal-review and collective-discussion gates
// (第57、58条), prior notice (第44条), no heavier penalty after a defence (第45条), the summary
// procedure caps (第51条), hearing rights (第63、64条), fines inside the legal range and the
// benchmark tier, service (第61条) and execution (第72条; 行政强制法 第35、54条).
// Pure: the caller passes the case as it is and today's facts, and applies the result.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/civil_date.h"
#include "domain/penalty.h"
#include "domain/people.h"
#include "domain/power.h"
#include "util/status.h"

namespace sx::domain {

enum class CaseStage {
  kLead,           // 线索登记
  kNotFiled,       // 不予立案 (end)
  kInvestigation,  // 调查取证 (立案后)
  kInvestigated,   // 调查终结
  kReview,         // 法制审核中
  kReviewed,       // 法制审核通过
  kDiscussion,     // 集体讨论
  kNotice,         // 事先告知 (陈述申辩期)
  kHearing,        // 听证
  kDecided,        // 已作出决定
  kServed,         // 已送达 (履行期)
  kEnforcement,    // 催告 (加处罚款)
  kCourt,          // 申请人民法院强制执行
  kExecuted,       // 执行完毕
  kClosed,         // 结案
  kArchived,       // 归档 (end)
  kWithdrawn,      // 撤案 (end)
  kSuspended,      // 中止
};

inline constexpr int kCaseStageCount = 18;

std::string_view CaseStageCode(CaseStage s);  // "lead", "investigation", …
std::string_view CaseStageName(CaseStage s);  // "线索登记", …
std::optional<CaseStage> ParseCaseStage(std::string_view code);
bool IsFinal(CaseStage s);  // 不予立案, 归档, 撤案

enum class Procedure { kOrdinary, kSummary };  // 普通程序 / 简易程序
std::string_view ProcedureCode(Procedure p);   // "ordinary", "summary"
std::string_view ProcedureName(Procedure p);   // "普通程序", "简易程序"
std::optional<Procedure> ParseProcedure(std::string_view code);

// 行政处罚法 第57条: the outcomes of an investigated case; and for an item without a fine
// (住房公积金管理条例 第38条) the order to deposit within a time limit.
enum class Outcome {
  kPenalty,  // 给予行政处罚
  kNoPenalty,  // 违法行为轻微,依法不予行政处罚 (incl. corrected within the ordered period)
  kNotEstablished,  // 违法事实不能成立,不予行政处罚
  kTransfer,        // 违法行为涉嫌犯罪,移送司法机关
  kOrder,           // 责令限期缴存(办理)
};
std::string_view OutcomeCode(Outcome o);  // "penalty", "no_penalty", "not_established", …
std::string_view OutcomeName(Outcome o);
std::optional<Outcome> ParseOutcome(std::string_view code);

// 送达方式 (行政处罚法 第61条; 民事诉讼法 第七章 by reference).
enum class ServiceMethod { kDirect, kLeft, kPost, kElectronic, kPublic, kEntrusted };
std::string_view ServiceMethodCode(ServiceMethod m);  // "direct", "left", "post", …
std::string_view ServiceMethodName(ServiceMethod m);  // "直接送达", "留置送达", …
std::optional<ServiceMethod> ParseServiceMethod(std::string_view code);

enum class CaseAction {
  kFile,                 // 立案
  kDecline,              // 不予立案
  kFinishInvestigation,  // 调查终结
  kSubmitReview,         // 提交法制审核
  kReviewPass,           // 法制审核:同意
  kReviewReturn,         // 法制审核:存在问题,退回
  kToDiscussion,         // 提请集体讨论
  kDiscuss,              // 集体讨论决定
  kNotify,               // 事先告知
  kRecordStatement,      // 记录陈述申辩
  kRequestHearing,       // 当事人申请听证
  kHoldHearing,          // 举行听证
  kDecide,               // 作出决定
  kDecideOnSpot,         // 当场处罚 (简易程序)
  kServe,                // 送达
  kPay,                  // 履行 (缴纳罚款 / 缴存)
  kRemind,               // 催告
  kApplyCourt,           // 申请人民法院强制执行
  kCourtDone,            // 法院强制执行完毕
  kClose,                // 结案
  kArchive,              // 归档
  kWithdraw,             // 撤案
  kSuspend,              // 中止
  kResume,               // 恢复
  kSeize,                // 查封、扣押 (行政强制措施, only where the basis grants it)
};

std::string_view CaseActionCode(CaseAction a);  // "file", "decline", …
std::optional<CaseAction> ParseCaseAction(std::string_view code);

// One row of the transition table.
struct TransitionRule {
  CaseAction action;
  std::string_view code;
  std::string_view name;      // 立案
  std::uint32_t from;         // bit set of CaseStage
  CaseStage to;               // kSuspended→resume and self-loops are resolved by Apply
  Role role;                  // who performs it
  std::string_view article;   // "行政处罚法 第54条"
  std::string_view document;  // template code the step issues, empty for none
  bool needs_officers;        // checked against 第42条
};

constexpr std::uint32_t StageBit(CaseStage s) { return 1u << static_cast<int>(s); }

std::span<const TransitionRule> TransitionTable();
const TransitionRule& RuleOf(CaseAction a);

// An officer on the case (承办人员), with their certificate.
struct CaseOfficer {
  std::int64_t officer_id = 0;
  std::string name;
  Certificate certificate;
  std::string category;  // 执法类别 the officer holds ("、" or "," separates several)
  std::string area;      // 执法区域
  bool recused = false;  // 回避 decided: no longer on the case
};

// A recusal (回避, 行政处罚法 第43条): declared by the officer or requested by the party, decided
// by the agency's head; the investigation continues meanwhile, but no decisive step is taken.
struct RecusalState {
  std::int64_t officer_id = 0;
  bool decided = false;
  bool approved = false;
};

// The latest submission for legal review, as recorded.
enum class ReviewRecord {
  kNone,      // never submitted (or the latest was answered and the case amended since)
  kPending,   // submitted, no opinion yet
  kApproved,  // 同意
  kProblems,  // 存在问题
};

// What the rules need to know of a case.
struct CaseFacts {
  CaseStage stage = CaseStage::kLead;
  CaseStage suspended_from = CaseStage::kLead;  // for kSuspended
  Procedure procedure = Procedure::kOrdinary;
  PartyKind party = PartyKind::kOrganisation;
  std::string category;                                // the power item's 执法类别
  std::string area;                                    // where the case is (执法区域)
  std::optional<FineRange> fine_range = std::nullopt;  // the power item's; none: no fine
  std::vector<CaseOfficer> officers = {};
  std::vector<RecusalState> recusals = {};
  bool review_required = true;       // 法制审核 (review.h RequiresReview)
  bool review_passed = false;        // the latest review said 同意
  bool review_disputed = false;      // the latest review said 存在问题 and the unit disagrees
  bool discussion_required = false;  // 集体讨论 (第57条 complex or major; or a dispute)
  bool discussed = false;
  // The records of the legal review (review.h; services keep them): the latest submission's
  // state, and a discussion meeting recorded for the step being taken. The review steps rest on
  // them, so no review can be passed, returned or discussed without its written record.
  ReviewRecord latest_review = ReviewRecord::kNone;
  bool meeting_recorded = false;
  std::optional<Outcome> proposed_outcome = std::nullopt;  // from the investigation report
  std::optional<std::int64_t> proposed_fine = std::nullopt;
  std::optional<std::int64_t> notified_fine = std::nullopt;  // 事先告知 (第44条)
  bool hearing_offered = false;                              // 听证告知 (第63条)
  std::optional<Date> hearing_request_due = std::nullopt;    // 5 working days (第64条)
  bool hearing_requested = false;
  bool hearing_held = false;
  bool defended = false;  // a statement (陈述申辩) was recorded or a hearing held since the notice
  std::optional<Outcome> outcome = std::nullopt;  // decided
  std::optional<std::int64_t> decided_fine = std::nullopt;
  std::optional<Date> payment_due = std::nullopt;         // 15 days after service (第67条)
  std::optional<Date> court_allowed_from = std::nullopt;  // 10 working days after 催告 served
  std::optional<Date> violation_ended_on = std::nullopt;  // for the 2-year limit (第36条)
  bool party_consents_e_service = false;                  // 第61条
  bool seizure_authorized = false;  // AuthorizesSeizure (recording.h) for the power item
};

// The input of one step; which fields matter depends on the action.
struct StepInput {
  CaseAction action = CaseAction::kFile;
  Date today{};
  std::string reason = {};  // decline, return, withdraw, suspend, dispute, deviation…
  std::optional<Outcome> outcome = std::nullopt;  // finish_investigation, discuss, decide
  std::optional<std::int64_t> fine = std::nullopt;
  std::optional<DiscretionTier> tier = std::nullopt;  // proposed from the facts (ProposeTier)
  std::string deviation_reason = {};
  std::optional<std::int64_t> hearing_host = std::nullopt;  // officer id presiding (第64条)
  bool hearing_waived = false;  // 当事人明确放弃陈述申辩/听证
  std::optional<ServiceMethod> service_method = std::nullopt;
  bool complex_or_major = false;  // file / finish_investigation: 情节复杂或者重大违法
  // 音像记录 (recording.h): audio/video evidence of the step's scene, and the reason for none.
  int recordings = 0;
  std::string no_recording_reason = {};
};

// Where the step leads and what it sets; the caller stores these.
struct StepResult {
  CaseStage to = CaseStage::kLead;
  bool hearing_offered = false;  // kNotify
  const TransitionRule* rule = nullptr;
};

// Checks `in` against the table and the hard rules for `c` and `roles` (the actor's). The error
// says why, in Chinese, and cites the article; kConflict when the stage does not allow the action,
// kPermission when the actor lacks the role, kInvalid for a rule broken by the input or the case.
Result<StepResult> ApplyStep(const CaseFacts& c, const StepInput& in, std::span<const Role> roles);

// 行政处罚法 第42条: at least two officers on the case, not recused, whose certificates are valid
// on `today` and cover the case's 执法类别 and 执法区域. The error names each officer left out and
// why.
Status CheckOfficers(const CaseFacts& c, Date today);

// Whether an officer's area covers the case's: the same, or the case's lies inside it (its name
// starts with the officer's, e.g. 郑州市 covers 郑州市金水区).
bool AreaCovers(std::string_view officer_area, std::string_view case_area);
bool CategoryCovers(std::string_view officer_categories, std::string_view case_category);

// 行政处罚法 第72条: 加处罚款 of 3% of the fine per day late, never more than the fine.
std::int64_t LatePaymentSurcharge(std::int64_t fine_yuan, Date due, Date on);

// 行政处罚法 第36条: two years from the end of the act (five for life, health or financial safety);
// kInvalid when `today` is past it.
Status CheckLimitation(Date violation_ended_on, Date today, bool five_years = false);

}  // namespace sx::domain
