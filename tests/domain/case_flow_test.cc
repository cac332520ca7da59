#include "domain/case_flow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

namespace sx::domain {
namespace {

using S = CaseStage;
using A = CaseAction;

constexpr int kCaseActionCount = 25;
static_assert(static_cast<int>(A::kSeize) + 1 == kCaseActionCount);

constexpr Date kToday = std::chrono::year{2024} / 6 / 3;

Date D(std::string_view s) { return *ParseDate(s); }

bool Has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::vector<CaseStage> AllStages() {
  std::vector<CaseStage> out;
  for (int i = 0; i < kCaseStageCount; ++i) out.push_back(static_cast<CaseStage>(i));
  return out;
}

// The transition table as the law reads it (RULES.md §4), written out independently of
// TransitionTable() so that a change there is caught here.
struct Transition {
  CaseAction action;
  const char* code;
  std::vector<CaseStage> from;
  std::optional<CaseStage> to;  // none: record_statement stays, resume returns to suspended_from
  Role role;
  const char* article;
  bool needs_officers;  // 第42条
};

std::vector<Transition> Expected() {
  const std::vector<CaseStage> before_decision = {S::kInvestigation, S::kInvestigated, S::kReview,
                                                  S::kReviewed,      S::kDiscussion,   S::kNotice,
                                                  S::kHearing};
  std::vector<CaseStage> suspendable = before_decision;
  suspendable.insert(suspendable.end(), {S::kDecided, S::kServed, S::kEnforcement, S::kCourt});
  // clang-format off
  return {
      {A::kFile, "file", {S::kLead}, S::kInvestigation, Role::kOfficer,
       "行政处罚法 第54条", true},
      {A::kDecline, "decline", {S::kLead}, S::kNotFiled, Role::kUnitHead,
       "行政处罚法 第54条", false},
      // Again from 调查终结 when the report is amended (after a review returns it).
      // 行政强制措施: only where the basis grants it, recorded on audio/video throughout.
      {A::kSeize, "seize", {S::kInvestigation}, S::kInvestigation, Role::kOfficer,
       "行政强制法 第18、24条", true},
      {A::kFinishInvestigation, "finish_investigation", {S::kInvestigation, S::kInvestigated},
       S::kInvestigated, Role::kOfficer, "行政处罚法 第55、57条", true},
      {A::kSubmitReview, "submit_review", {S::kInvestigated}, S::kReview, Role::kOfficer,
       "行政处罚法 第58条", false},
      {A::kReviewPass, "review_pass", {S::kReview}, S::kReviewed, Role::kLegalReviewer,
       "行政处罚法 第58条", false},
      {A::kReviewReturn, "review_return", {S::kReview}, S::kInvestigated, Role::kLegalReviewer,
       "行政处罚法 第58条", false},
      {A::kToDiscussion, "to_discussion", {S::kInvestigated, S::kReviewed}, S::kDiscussion,
       Role::kUnitHead, "行政处罚法 第57条第2款", false},
      {A::kDiscuss, "discuss", {S::kDiscussion}, S::kReviewed, Role::kLeader,
       "行政处罚法 第57条第2款", false},
      {A::kNotify, "notify", {S::kInvestigated, S::kReviewed, S::kNotice}, S::kNotice,
       Role::kOfficer, "行政处罚法 第44、63条", true},
      {A::kRecordStatement, "record_statement", {S::kNotice, S::kHearing}, std::nullopt,
       Role::kOfficer, "行政处罚法 第45条", false},
      {A::kRequestHearing, "request_hearing", {S::kNotice}, S::kHearing, Role::kOfficer,
       "行政处罚法 第64条", false},
      {A::kHoldHearing, "hold_hearing", {S::kHearing}, S::kHearing, Role::kOfficer,
       "行政处罚法 第64条", true},
      {A::kDecide, "decide", {S::kInvestigated, S::kReviewed, S::kNotice, S::kHearing},
       S::kDecided, Role::kLeader, "行政处罚法 第57条", true},
      {A::kDecideOnSpot, "decide_on_spot", {S::kLead}, S::kServed, Role::kOfficer,
       "行政处罚法 第51、52条", true},
      {A::kServe, "serve", {S::kDecided}, S::kServed, Role::kOfficer,
       "行政处罚法 第61条", true},
      {A::kPay, "pay", {S::kServed, S::kEnforcement}, S::kExecuted, Role::kOfficer,
       "行政处罚法 第67条", false},
      {A::kRemind, "remind", {S::kServed}, S::kEnforcement, Role::kOfficer,
       "行政强制法 第35条;行政处罚法 第72条", true},
      {A::kApplyCourt, "apply_court", {S::kEnforcement}, S::kCourt, Role::kLeader,
       "行政强制法 第53、54条;行政处罚法 第72条", false},
      {A::kCourtDone, "court_done", {S::kCourt}, S::kExecuted, Role::kOfficer,
       "行政强制法 第53条", false},
      {A::kClose, "close", {S::kDecided, S::kServed, S::kExecuted}, S::kClosed, Role::kOfficer,
       "行政处罚法 第47条", false},
      {A::kArchive, "archive", {S::kClosed}, S::kArchived, Role::kUnitHead,
       "行政处罚法 第47条;档案法 第37条", false},
      {A::kWithdraw, "withdraw", before_decision, S::kWithdrawn, Role::kLeader,
       "行政处罚法 第57条", false},
      {A::kSuspend, "suspend", suspendable, S::kSuspended, Role::kUnitHead,
       "行政处罚法 第60条;行政强制法 第39条", false},
      {A::kResume, "resume", {S::kSuspended}, std::nullopt, Role::kUnitHead,
       "行政处罚法 第60条;行政强制法 第40条", false},
  };
  // clang-format on
}

CaseOfficer Officer(std::int64_t id, std::string name) {
  CaseOfficer o;
  o.officer_id = id;
  o.name = std::move(name);
  o.certificate = {.number = "ZZ-" + std::to_string(id),
                   .issuer = "郑州市人民政府",
                   .issued_on = D("2022-01-01"),
                   .expires_on = D("2026-12-31")};
  o.category = "住房公积金行政执法、城市管理";
  o.area = "郑州市";
  return o;
}

// 2 years since founding: the 1–3万 tier of 第37条.
DiscretionTier Tier2to5() {
  return **ProposeArticle37Tier({.unregistered = true, .years_since_founding = 3});
}

// A case and an input that satisfy every hard rule for `action` in `stage`: two officers whose
// certificates cover the case, review and discussion passed, a penalty of 20,000 yuan proposed
// inside its tier and notified, the payment and 催告 periods run out.
struct Step {
  CaseFacts c;
  StepInput in;
};

Step Ready(CaseStage stage, CaseAction action) {
  Step s;
  CaseFacts& c = s.c;
  c.stage = stage;
  c.suspended_from = S::kNotice;
  c.category = "住房公积金行政执法";
  c.area = "郑州市金水区";
  c.fine_range = kArticle37Range;
  c.officers = {Officer(1, "张明"), Officer(2, "李华")};
  c.review_required = true;
  c.review_passed = true;
  c.review_disputed = true;
  c.discussion_required = true;
  c.discussed = true;
  c.proposed_outcome = Outcome::kPenalty;
  c.proposed_fine = 20'000;
  c.notified_fine = 20'000;
  c.outcome = Outcome::kPenalty;
  c.decided_fine = 20'000;
  c.payment_due = D("2024-05-20");
  c.court_allowed_from = D("2024-06-01");
  c.violation_ended_on = D("2024-01-10");

  StepInput& in = s.in;
  in.action = action;
  in.today = kToday;
  in.reason = "单位已于立案前补办缴存登记";
  in.outcome = Outcome::kPenalty;
  in.fine = 20'000;
  in.tier = Tier2to5();
  in.hearing_host = 9;  // not on the case
  in.service_method = ServiceMethod::kDirect;
  in.recordings = 1;  // 音像记录 of the scene (recording.h)
  c.seizure_authorized = true;
  // The written records the review steps rest on (review.h).
  c.latest_review = action == A::kSubmitReview   ? ReviewRecord::kPending
                    : action == A::kReviewPass   ? ReviewRecord::kApproved
                    : action == A::kReviewReturn ? ReviewRecord::kProblems
                                                 : ReviewRecord::kNone;
  c.meeting_recorded = true;

  switch (action) {
    case A::kDecide:  // a penalty needs a notice first (第44条)
      in.outcome = Outcome::kNoPenalty;
      break;
    case A::kDecideOnSpot:  // a warning
      c.procedure = Procedure::kSummary;
      in.fine = 0;
      break;
    case A::kRequestHearing:
      c.hearing_offered = true;
      c.hearing_request_due = D("2024-06-07");
      break;
    case A::kClose:
      c.outcome = stage == S::kDecided ? Outcome::kTransfer : Outcome::kNoPenalty;
      break;
    default:
      break;
  }
  return s;
}

Result<StepResult> Apply(const Step& s, std::span<const Role> roles) {
  return ApplyStep(s.c, s.in, roles);
}

Result<StepResult> Apply(const Step& s) {
  const Role roles[] = {RuleOf(s.in.action).role};
  return ApplyStep(s.c, s.in, roles);
}

TEST(CaseFlowTable, EveryActionHasOneRowWithItsArticle) {
  const auto table = TransitionTable();
  ASSERT_EQ(table.size(), static_cast<std::size_t>(kCaseActionCount));
  for (int i = 0; i < kCaseActionCount; ++i) {
    const auto a = static_cast<CaseAction>(i);
    EXPECT_EQ(std::count_if(table.begin(), table.end(),
                            [&](const TransitionRule& r) { return r.action == a; }),
              1)
        << i;
  }
  std::set<std::string_view> codes;
  for (const auto& r : table) {
    SCOPED_TRACE(std::string(r.code));
    EXPECT_EQ(&RuleOf(r.action), &r);
    EXPECT_TRUE(codes.insert(r.code).second);
    EXPECT_FALSE(r.name.empty());
    EXPECT_FALSE(r.article.empty());
    EXPECT_NE(r.from, 0u);
    EXPECT_EQ(CaseActionCode(r.action), r.code);
    EXPECT_EQ(ParseCaseAction(r.code), r.action);
    for (S s : AllStages()) {
      if (IsFinal(s)) {
        EXPECT_EQ(r.from & StageBit(s), 0u) << CaseStageCode(s);
      }
    }
  }
  EXPECT_FALSE(ParseCaseAction("nope").has_value());
  EXPECT_FALSE(ParseCaseAction("").has_value());
}

TEST(CaseFlowTable, MatchesTheLaw) {
  const auto expected = Expected();
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(kCaseActionCount));
  for (const auto& t : expected) {
    SCOPED_TRACE(t.code);
    const TransitionRule& r = RuleOf(t.action);
    EXPECT_EQ(r.code, t.code);
    EXPECT_EQ(r.article, t.article);
    EXPECT_EQ(r.role, t.role);
    EXPECT_EQ(r.needs_officers, t.needs_officers);
    std::uint32_t from = 0;
    for (S s : t.from) from |= StageBit(s);
    EXPECT_EQ(r.from, from);
    if (t.to) {
      EXPECT_EQ(r.to, *t.to);
    }
  }
}

TEST(CaseFlowTable, StagesAndOtherCodesRoundTrip) {
  std::set<std::string_view> codes;
  std::set<CaseStage> finals;
  for (S s : AllStages()) {
    SCOPED_TRACE(std::string(CaseStageCode(s)));
    EXPECT_TRUE(codes.insert(CaseStageCode(s)).second);
    EXPECT_FALSE(CaseStageName(s).empty());
    EXPECT_EQ(ParseCaseStage(CaseStageCode(s)), s);
    if (IsFinal(s)) finals.insert(s);
  }
  EXPECT_EQ(finals, (std::set<CaseStage>{S::kNotFiled, S::kArchived, S::kWithdrawn}));
  EXPECT_FALSE(ParseCaseStage("done").has_value());

  for (auto p : {Procedure::kOrdinary, Procedure::kSummary}) {
    EXPECT_EQ(ParseProcedure(ProcedureCode(p)), p);
    EXPECT_FALSE(ProcedureName(p).empty());
  }
  for (auto o : {Outcome::kPenalty, Outcome::kNoPenalty, Outcome::kNotEstablished,
                 Outcome::kTransfer, Outcome::kOrder}) {
    EXPECT_EQ(ParseOutcome(OutcomeCode(o)), o);
    EXPECT_FALSE(OutcomeName(o).empty());
  }
  for (auto m : {ServiceMethod::kDirect, ServiceMethod::kLeft, ServiceMethod::kPost,
                 ServiceMethod::kElectronic, ServiceMethod::kPublic, ServiceMethod::kEntrusted}) {
    EXPECT_EQ(ParseServiceMethod(ServiceMethodCode(m)), m);
    EXPECT_FALSE(ServiceMethodName(m).empty());
  }
  EXPECT_FALSE(ParseProcedure("fast").has_value());
  EXPECT_FALSE(ParseOutcome("fine").has_value());
  EXPECT_FALSE(ParseServiceMethod("fax").has_value());
}

// Every action in every stage: allowed stages lead where the law says, all others are refused.
TEST(CaseFlowApply, EveryActionInEveryStage) {
  for (const auto& t : Expected()) {
    for (S stage : AllStages()) {
      SCOPED_TRACE(std::string(t.code) + " in " + std::string(CaseStageCode(stage)));
      const Step s = Ready(stage, t.action);
      const Role roles[] = {t.role};
      const auto r = Apply(s, roles);
      if (std::find(t.from.begin(), t.from.end(), stage) == t.from.end()) {
        EXPECT_EQ(r.status().code(), Code::kConflict);
        EXPECT_TRUE(Has(r.status().message(), "案件处于“" + std::string(CaseStageName(stage)) +
                                                  "”阶段,不能" +
                                                  std::string(RuleOf(t.action).name)))
            << r.status().message();
        continue;
      }
      if (!r.ok()) {
        ADD_FAILURE() << r.status().message();
        continue;
      }
      const S want = t.to ? *t.to : t.action == A::kResume ? s.c.suspended_from : stage;
      EXPECT_EQ(r->to, want) << CaseStageCode(r->to);
      EXPECT_EQ(r->rule, &RuleOf(t.action));
    }
  }
}

TEST(CaseFlowApply, EveryActionNeedsItsRole) {
  for (const auto& t : Expected()) {
    SCOPED_TRACE(t.code);
    const Step s = Ready(t.from.front(), t.action);
    std::vector<Role> others;
    for (Role r : kAllRoles) {
      if (r != t.role) others.push_back(r);
    }
    for (const auto& roles : {others, std::vector<Role>{}}) {
      const auto r = Apply(s, roles);
      EXPECT_EQ(r.status().code(), Code::kPermission);
      EXPECT_TRUE(Has(r.status().message(), RoleName(t.role))) << r.status().message();
    }
  }
}

// 第42条 applies to the steps the table marks, and only to them.
TEST(CaseFlowApply, TwoOfficersWhereTheTableSaysSo) {
  for (const auto& t : Expected()) {
    SCOPED_TRACE(t.code);
    Step s = Ready(t.from.front(), t.action);
    s.c.officers.resize(1);
    const auto r = Apply(s);
    if (t.needs_officers) {
      EXPECT_EQ(r.status().code(), Code::kInvalid);
      EXPECT_EQ(r.status().field(), "officers");
      EXPECT_TRUE(Has(r.status().message(), "第42条")) << r.status().message();
    } else {
      EXPECT_TRUE(r.ok()) << r.status().message();
    }
  }
}

// The hard rules, each with what the refusal must cite.
struct HardRule {
  const char* name;
  const char* cites;  // the article, or where the rule has none the rule's words
  CaseStage stage;
  CaseAction action;
  std::function<void(CaseFacts&, StepInput&)> change;
  Code code;
  const char* field = "";
  const char* also = "";  // more the message must say
};

void Check(const std::vector<HardRule>& rules) {
  for (const auto& row : rules) {
    SCOPED_TRACE(row.name);
    Step s = Ready(row.stage, row.action);
    row.change(s.c, s.in);
    const auto r = Apply(s);
    if (row.code == Code::kOk) {
      EXPECT_TRUE(r.ok()) << r.status().message();
      continue;
    }
    const Status st = r.status();
    EXPECT_EQ(st.code(), row.code) << st.message();
    EXPECT_EQ(st.field(), row.field) << st.message();
    EXPECT_TRUE(Has(st.message(), row.cites)) << st.message();
    EXPECT_TRUE(Has(st.message(), row.also)) << st.message();
  }
}

TEST(CaseFlowRules, TwoOfficersWithValidCertificates) {  // 行政处罚法 第42条
  Check({
      {"one officer", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.officers.resize(1); }, Code::kInvalid, "officers",
       "符合条件的执法人员 1 人"},
      {"one of two certificates expired", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.officers[1].certificate.expires_on = D("2024-06-02"); },
       Code::kInvalid, "officers", "李华 执法证已过期"},
      {"a certificate valid through today", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.officers[1].certificate.expires_on = kToday; }, Code::kOk},
      {"a suspended certificate", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) {
         c.officers[0].certificate.status = CertificateStatus::kSuspended;
       },
       Code::kInvalid, "officers", "张明 执法证暂扣"},
      {"a certificate not yet valid", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.officers[1].certificate.issued_on = D("2024-06-04"); },
       Code::kInvalid, "officers", "李华 执法证尚未生效"},
      {"category not covered", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.officers[0].category = "城市管理"; }, Code::kInvalid,
       "officers", "张明 的执法类别不含“住房公积金行政执法”"},
      {"the city covers its district", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) {
         c.officers[0].area = "郑州市";
         c.officers[1].area = "郑州市金水区";
         c.area = "郑州市金水区";
       },
       Code::kOk},
      {"a district does not cover the city", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) {
         c.officers[1].area = "郑州市金水区";
         c.area = "郑州市";
       },
       Code::kInvalid, "officers", "李华 的执法区域(郑州市金水区)不含“郑州市”"},
      {"a recused officer does not count", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.officers[0].recused = true; }, Code::kInvalid, "officers",
       "符合条件的执法人员 1 人"},
      {"three officers, one expired", "第42条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) {
         c.officers.push_back(Officer(3, "王强"));
         c.officers[2].certificate.expires_on = D("2023-12-31");
       },
       Code::kOk},
      {"checked again at the decision", "第42条", S::kNotice, A::kDecide,
       [](CaseFacts& c, StepInput&) { c.officers[0].certificate.expires_on = D("2024-05-31"); },
       Code::kInvalid, "officers", "张明 执法证已过期"},
  });
}

TEST(CaseFlowRules, PendingRecusalStopsDecisiveSteps) {  // 行政处罚法 第43条
  const auto pending = [](CaseFacts& c, StepInput&) { c.recusals.push_back({1, false, false}); };
  Check({
      {"finish_investigation", "第43条", S::kInvestigation, A::kFinishInvestigation, pending,
       Code::kConflict},
      {"notify", "第43条", S::kReviewed, A::kNotify, pending, Code::kConflict},
      {"decide", "第43条", S::kReviewed, A::kDecide, pending, Code::kConflict},
      {"decide_on_spot", "第43条", S::kLead, A::kDecideOnSpot, pending, Code::kConflict},
      {"file: the investigation goes on", "第43条", S::kLead, A::kFile, pending, Code::kOk},
      {"record_statement", "第43条", S::kNotice, A::kRecordStatement, pending, Code::kOk},
      {"a decided recusal no longer blocks", "第43条", S::kReviewed, A::kNotify,
       [](CaseFacts& c, StepInput&) {
         c.recusals.push_back({1, true, false});
       },
       Code::kOk},
  });
}

TEST(CaseFlowRules, LegalReviewGate) {  // 行政处罚法 第58条
  Check({
      {"notify before the review passed", "第58条", S::kInvestigated, A::kNotify,
       [](CaseFacts& c, StepInput&) { c.review_passed = false; }, Code::kConflict},
      {"decide before the review passed", "第58条", S::kInvestigated, A::kDecide,
       [](CaseFacts& c, StepInput&) { c.review_passed = false; }, Code::kConflict},
      {"notify when no review is required", "第58条", S::kInvestigated, A::kNotify,
       [](CaseFacts& c, StepInput&) {
         c.review_required = false;
         c.review_passed = false;
       },
       Code::kOk},
      {"submit_review when no review is required", "第58条", S::kInvestigated, A::kSubmitReview,
       [](CaseFacts& c, StepInput&) { c.review_required = false; }, Code::kConflict},
      // The review steps rest on their written records: a package, an opinion, a meeting.
      {"submit_review without a package", "送审材料", S::kInvestigated, A::kSubmitReview,
       [](CaseFacts& c, StepInput&) { c.latest_review = ReviewRecord::kNone; }, Code::kConflict},
      {"review_pass without an opinion", "逐项审核", S::kReview, A::kReviewPass,
       [](CaseFacts& c, StepInput&) { c.latest_review = ReviewRecord::kPending; }, Code::kConflict},
      {"review_pass on 存在问题", "同意", S::kReview, A::kReviewPass,
       [](CaseFacts& c, StepInput&) { c.latest_review = ReviewRecord::kProblems; },
       Code::kConflict},
      {"review_return on 同意", "存在问题", S::kReview, A::kReviewReturn,
       [](CaseFacts& c, StepInput&) { c.latest_review = ReviewRecord::kApproved; },
       Code::kConflict},
      {"discuss without a meeting record", "会议记录", S::kDiscussion, A::kDiscuss,
       [](CaseFacts& c, StepInput&) { c.meeting_recorded = false; }, Code::kConflict},
  });
}

TEST(CaseFlowRules, CollectiveDiscussionGate) {  // 行政处罚法 第57条第2款
  const auto undiscussed = [](CaseFacts& c, StepInput&) { c.discussed = false; };
  Check({
      {"notify before the discussion", "第57条", S::kReviewed, A::kNotify, undiscussed,
       Code::kConflict},
      {"decide before the discussion", "第57条", S::kReviewed, A::kDecide, undiscussed,
       Code::kConflict},
      {"no review required still needs the discussion", "第57条", S::kInvestigated, A::kNotify,
       [](CaseFacts& c, StepInput&) {
         c.review_required = false;
         c.discussed = false;
       },
       Code::kConflict},
      {"decide without review still needs the discussion", "第57条", S::kInvestigated, A::kDecide,
       [](CaseFacts& c, StepInput&) {
         c.review_required = false;
         c.discussed = false;
       },
       Code::kConflict},
      {"to_discussion after investigation only on a dispute", "第57条", S::kInvestigated,
       A::kToDiscussion, [](CaseFacts& c, StepInput&) { c.review_disputed = false; },
       Code::kConflict},
      {"to_discussion on a dispute", "第57条", S::kInvestigated, A::kToDiscussion,
       [](CaseFacts& c, StepInput&) { c.discussion_required = false; }, Code::kOk},
      {"to_discussion without review when required", "第57条", S::kInvestigated, A::kToDiscussion,
       [](CaseFacts& c, StepInput&) {
         c.review_required = false;
         c.review_disputed = false;
       },
       Code::kOk},
      {"to_discussion after review only when required", "第57条", S::kReviewed, A::kToDiscussion,
       [](CaseFacts& c, StepInput&) { c.discussion_required = false; }, Code::kConflict},
      {"to_discussion after review when required", "第57条", S::kReviewed, A::kToDiscussion,
       [](CaseFacts& c, StepInput&) { c.review_disputed = false; }, Code::kOk},
  });
}

TEST(CaseFlowRules, NoticeBeforeAPenalty) {  // 行政处罚法 第44、45条
  const auto penalty = [](std::int64_t fine) {
    return [fine](CaseFacts&, StepInput& in) {
      in.outcome = Outcome::kPenalty;
      in.fine = fine;
    };
  };
  Check({
      {"decide a penalty without notice", "第44条", S::kReviewed, A::kDecide, penalty(20'000),
       Code::kConflict},
      {"decide a penalty straight after investigation", "第44条", S::kInvestigated, A::kDecide,
       penalty(20'000), Code::kConflict},
      {"decide no penalty without notice", "第44条", S::kReviewed, A::kDecide,
       [](CaseFacts&, StepInput& in) { in.outcome = Outcome::kNoPenalty; }, Code::kOk},
      {"decide above the notice", "第45条", S::kNotice, A::kDecide, penalty(25'000), Code::kInvalid,
       "fine"},
      {"decide as notified", "第45条", S::kNotice, A::kDecide, penalty(20'000), Code::kOk},
      {"decide below the notice", "第45条", S::kNotice, A::kDecide, penalty(15'000), Code::kOk},
      {"re-notify heavier after a defence", "第45条", S::kNotice, A::kNotify,
       [](CaseFacts& c, StepInput& in) {
         c.defended = true;
         in.fine = 25'000;
       },
       Code::kInvalid, "fine"},
      {"re-notify heavier without a defence", "第45条", S::kNotice, A::kNotify,
       [](CaseFacts&, StepInput& in) { in.fine = 25'000; }, Code::kOk},
  });
}

TEST(CaseFlowRules, SummaryProcedure) {  // 行政处罚法 第51条
  const auto on_spot = [](PartyKind party, std::int64_t fine) {
    return [party, fine](CaseFacts& c, StepInput& in) {
      c.party = party;
      c.fine_range = FineRange{50, 5'000};
      in.fine = fine;
    };
  };
  Check({
      {"citizen 200", "第51条", S::kLead, A::kDecideOnSpot, on_spot(PartyKind::kCitizen, 200),
       Code::kOk},
      {"citizen 201", "第51条", S::kLead, A::kDecideOnSpot, on_spot(PartyKind::kCitizen, 201),
       Code::kInvalid, "fine"},
      {"organisation 3000", "第51条", S::kLead, A::kDecideOnSpot,
       on_spot(PartyKind::kOrganisation, 3'000), Code::kOk},
      {"organisation 3001", "第51条", S::kLead, A::kDecideOnSpot,
       on_spot(PartyKind::kOrganisation, 3'001), Code::kInvalid, "fine"},
      {"a warning", "第51条", S::kLead, A::kDecideOnSpot, [](CaseFacts&, StepInput&) {}, Code::kOk},
      {"below the item's legal range", "法定幅度", S::kLead, A::kDecideOnSpot,
       [](CaseFacts&, StepInput& in) { in.fine = 200; }, Code::kInvalid, "fine"},
      {"a fine on an item without one", "第38条", S::kLead, A::kDecideOnSpot,
       [](CaseFacts& c, StepInput& in) {
         c.fine_range.reset();
         in.fine = 200;
       },
       Code::kInvalid, "fine"},
      {"on the spot under the ordinary procedure", "第51条", S::kLead, A::kDecideOnSpot,
       [](CaseFacts& c, StepInput&) { c.procedure = Procedure::kOrdinary; }, Code::kConflict},
      {"file a summary case", "第51条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.procedure = Procedure::kSummary; }, Code::kConflict},
  });
}

// 住房公积金管理条例 第37、38条 and the 裁量基准 (RULES.md §5).
TEST(CaseFlowRules, FineInsideTheRangeAndTheTier) {
  const auto fine = [](std::int64_t yuan, std::string reason = "") {
    return [yuan, reason](CaseFacts&, StepInput& in) {
      in.fine = yuan;
      in.deviation_reason = reason;
    };
  };
  Check({
      {"9,999", "法定幅度", S::kInvestigation, A::kFinishInvestigation, fine(9'999), Code::kInvalid,
       "fine"},
      {"50,001", "法定幅度", S::kInvestigation, A::kFinishInvestigation, fine(50'001),
       Code::kInvalid, "fine"},
      {"outside the tier without a reason", "裁量基准", S::kInvestigation, A::kFinishInvestigation,
       fine(40'000), Code::kInvalid, "deviationReason"},
      {"outside the tier with a short reason", "裁量基准", S::kInvestigation,
       A::kFinishInvestigation, fine(40'000, "情节严重"), Code::kInvalid, "deviationReason"},
      {"outside the tier with a reason", "裁量基准", S::kInvestigation, A::kFinishInvestigation,
       fine(40'000, "经责令后仍拒不办理,涉及职工人数众多"), Code::kOk},
      {"no fine", "罚款金额", S::kInvestigation, A::kFinishInvestigation,
       [](CaseFacts&, StepInput& in) { in.fine.reset(); }, Code::kInvalid, "fine"},
      {"no tier: corrected in time", "裁量基准", S::kInvestigation, A::kFinishInvestigation,
       [](CaseFacts&, StepInput& in) { in.tier.reset(); }, Code::kInvalid, "outcome"},
      {"a penalty on an item without a fine", "第38条", S::kInvestigation, A::kFinishInvestigation,
       [](CaseFacts& c, StepInput&) { c.fine_range.reset(); }, Code::kInvalid, "outcome"},
      {"an order on an item with a fine", "第37条", S::kInvestigation, A::kFinishInvestigation,
       [](CaseFacts&, StepInput& in) { in.outcome = Outcome::kOrder; }, Code::kInvalid, "outcome"},
      {"an order on an item without a fine", "第38条", S::kInvestigation, A::kFinishInvestigation,
       [](CaseFacts& c, StepInput& in) {
         c.fine_range.reset();
         in.outcome = Outcome::kOrder;
       },
       Code::kOk},
      {"discussed fine above the range", "法定幅度", S::kDiscussion, A::kDiscuss, fine(50'001),
       Code::kInvalid, "fine"},
      {"notified fine below the range", "法定幅度", S::kReviewed, A::kNotify, fine(9'999),
       Code::kInvalid, "fine"},
      {"decided fine outside the tier", "裁量基准", S::kNotice, A::kDecide,
       [](CaseFacts& c, StepInput& in) {
         c.notified_fine = 40'000;
         in.outcome = Outcome::kPenalty;
         in.fine = 40'000;
       },
       Code::kInvalid, "deviationReason"},
  });
}

TEST(CaseFlowRules, Hearing) {  // 行政处罚法 第63、64条
  Check({
      {"request when not offered", "第63条", S::kNotice, A::kRequestHearing,
       [](CaseFacts& c, StepInput&) { c.hearing_offered = false; }, Code::kConflict},
      {"request on the last day", "第64条", S::kNotice, A::kRequestHearing,
       [](CaseFacts& c, StepInput&) { c.hearing_request_due = kToday; }, Code::kOk},
      {"request after the period", "第64条", S::kNotice, A::kRequestHearing,
       [](CaseFacts& c, StepInput&) { c.hearing_request_due = D("2024-05-31"); }, Code::kInvalid,
       "today"},
      {"decide before the hearing is held", "第64条", S::kHearing, A::kDecide,
       [](CaseFacts&, StepInput& in) { in.outcome = Outcome::kPenalty; }, Code::kConflict},
      {"decide after the hearing", "第64条", S::kHearing, A::kDecide,
       [](CaseFacts& c, StepInput& in) {
         c.hearing_held = true;
         in.outcome = Outcome::kPenalty;
       },
       Code::kOk},
      {"a case officer presides", "第64条", S::kHearing, A::kHoldHearing,
       [](CaseFacts&, StepInput& in) { in.hearing_host = 2; }, Code::kInvalid, "hearingHost"},
      {"a recused case officer presides", "第64条", S::kHearing, A::kHoldHearing,
       [](CaseFacts& c, StepInput& in) {
         c.officers[1].recused = true;
         c.officers.push_back(Officer(3, "王强"));
         in.hearing_host = 2;
       },
       Code::kInvalid, "hearingHost"},
      {"no host", "主持人", S::kHearing, A::kHoldHearing,
       [](CaseFacts&, StepInput& in) { in.hearing_host.reset(); }, Code::kInvalid, "hearingHost"},
      {"decide within the request period", "第64条", S::kNotice, A::kDecide,
       [](CaseFacts& c, StepInput& in) {
         c.hearing_offered = true;
         c.hearing_request_due = D("2024-06-05");
         in.outcome = Outcome::kPenalty;
       },
       Code::kConflict, "", "2024-06-05"},
      {"decide within the period, hearing waived", "第64条", S::kNotice, A::kDecide,
       [](CaseFacts& c, StepInput& in) {
         c.hearing_offered = true;
         c.hearing_request_due = D("2024-06-05");
         in.outcome = Outcome::kPenalty;
         in.hearing_waived = true;
       },
       Code::kOk},
      {"decide after the period", "第64条", S::kNotice, A::kDecide,
       [](CaseFacts& c, StepInput& in) {
         c.hearing_offered = true;
         c.hearing_request_due = D("2024-05-31");
         in.outcome = Outcome::kPenalty;
       },
       Code::kOk},
  });
}

TEST(CaseFlowRules, NoticeOffersAHearingAtTheHenanThreshold) {  // 第63条; 豫政府令第204号
  struct Row {
    const char* name;
    PartyKind party;
    std::int64_t fine;
    bool offered;
  };
  const Row rows[] = {
      {"organisation 50,000", PartyKind::kOrganisation, 50'000, true},
      {"organisation 49,999", PartyKind::kOrganisation, 49'999, false},
      {"citizen 5,000", PartyKind::kCitizen, 5'000, true},
      {"citizen 4,999", PartyKind::kCitizen, 4'999, false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    Step s = Ready(S::kReviewed, A::kNotify);
    s.c.party = row.party;
    s.c.fine_range = FineRange{1'000, 50'000};
    s.in.tier = DiscretionTier{"any", "任何情形", {1'000, 50'000}};
    s.in.fine = row.fine;
    const auto r = Apply(s);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->hearing_offered, row.offered);
    EXPECT_EQ(r->to, S::kNotice);
  }
}

TEST(CaseFlowRules, ServiceAndExecution) {  // 第61条; 行政强制法 第35、54条
  Check({
      {"electronic without consent", "第61条", S::kDecided, A::kServe,
       [](CaseFacts&, StepInput& in) { in.service_method = ServiceMethod::kElectronic; },
       Code::kInvalid, "serviceMethod"},
      {"electronic with consent", "第61条", S::kDecided, A::kServe,
       [](CaseFacts& c, StepInput& in) {
         c.party_consents_e_service = true;
         in.service_method = ServiceMethod::kElectronic;
       },
       Code::kOk},
      {"no method", "送达方式", S::kDecided, A::kServe,
       [](CaseFacts&, StepInput& in) { in.service_method.reset(); }, Code::kInvalid,
       "serviceMethod"},
      {"remind on the last day to pay", "第35条", S::kServed, A::kRemind,
       [](CaseFacts& c, StepInput&) { c.payment_due = kToday; }, Code::kConflict, "", "2024-06-03"},
      {"remind the day after", "第35条", S::kServed, A::kRemind,
       [](CaseFacts& c, StepInput&) { c.payment_due = D("2024-06-02"); }, Code::kOk},
      {"remind with nothing to perform", "无须催告", S::kServed, A::kRemind,
       [](CaseFacts& c, StepInput&) { c.outcome = Outcome::kNoPenalty; }, Code::kConflict},
      {"apply to the court too early", "第54条", S::kEnforcement, A::kApplyCourt,
       [](CaseFacts& c, StepInput&) { c.court_allowed_from = D("2024-06-04"); }, Code::kConflict,
       "", "2024-06-04"},
      {"apply to the court on the first day", "第54条", S::kEnforcement, A::kApplyCourt,
       [](CaseFacts& c, StepInput&) { c.court_allowed_from = kToday; }, Code::kOk},
      {"pay a warning", "警告", S::kServed, A::kPay,
       [](CaseFacts& c, StepInput&) { c.decided_fine = 0; }, Code::kConflict},
      {"pay with nothing to pay", "没有需要履行", S::kServed, A::kPay,
       [](CaseFacts& c, StepInput&) { c.outcome = Outcome::kNotEstablished; }, Code::kConflict},
      {"perform an order", "第38条", S::kServed, A::kPay,
       [](CaseFacts& c, StepInput&) {
         c.fine_range.reset();
         c.outcome = Outcome::kOrder;
         c.decided_fine.reset();
       },
       Code::kOk},
  });
}

TEST(CaseFlowRules, LimitationAtFiling) {  // 行政处罚法 第36条
  Check({
      {"two years to the day", "第36条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.violation_ended_on = D("2022-06-03"); }, Code::kOk},
      {"two years and a day", "第36条", S::kLead, A::kFile,
       [](CaseFacts& c, StepInput&) { c.violation_ended_on = D("2022-06-02"); }, Code::kInvalid,
       "violationEndedOn"},
  });
}

TEST(CaseFlowRules, ReasonsAreWrittenOut) {
  const std::pair<CaseStage, CaseAction> steps[] = {{S::kLead, A::kDecline},
                                                    {S::kInvestigation, A::kWithdraw},
                                                    {S::kDecided, A::kSuspend},
                                                    {S::kReview, A::kReviewReturn}};
  for (const auto& [stage, action] : steps) {
    const std::string code(CaseActionCode(action));
    Check({
        {code.c_str(), "理由", stage, action, [](CaseFacts&, StepInput& in) { in.reason.clear(); },
         Code::kInvalid, "reason"},
        {code.c_str(), "过短", stage, action, [](CaseFacts&, StepInput& in) { in.reason = "好"; },
         Code::kInvalid, "reason"},
        {code.c_str(), "理由", stage, action,
         [](CaseFacts&, StepInput& in) { in.reason = "当事人死亡"; }, Code::kOk},
    });
  }
}

TEST(CaseFlowRules, Closing) {  // 行政处罚法 第47、61条
  const auto outcome = [](Outcome o, std::int64_t fine = 20'000) {
    return [o, fine](CaseFacts& c, StepInput&) {
      c.outcome = o;
      c.decided_fine = fine;
    };
  };
  Check({
      {"decided: transfer", "第61条", S::kDecided, A::kClose, outcome(Outcome::kTransfer),
       Code::kOk},
      {"decided: penalty not yet served", "第61条", S::kDecided, A::kClose,
       outcome(Outcome::kPenalty), Code::kConflict},
      {"decided: no penalty not yet served", "第61条", S::kDecided, A::kClose,
       outcome(Outcome::kNoPenalty), Code::kConflict},
      {"served: no penalty", "", S::kServed, A::kClose, outcome(Outcome::kNoPenalty), Code::kOk},
      {"served: not established", "", S::kServed, A::kClose, outcome(Outcome::kNotEstablished),
       Code::kOk},
      {"served: a warning", "", S::kServed, A::kClose, outcome(Outcome::kPenalty, 0), Code::kOk},
      {"served: a fine not yet paid", "尚未履行", S::kServed, A::kClose, outcome(Outcome::kPenalty),
       Code::kConflict},
      {"served: an order not yet performed", "尚未履行", S::kServed, A::kClose,
       outcome(Outcome::kOrder), Code::kConflict},
      {"executed", "", S::kExecuted, A::kClose, outcome(Outcome::kPenalty), Code::kOk},
  });
}

TEST(CaseFlowApply, ResumeAndStatementsKeepTheirPlace) {
  for (S from : {S::kInvestigation, S::kNotice, S::kServed, S::kCourt}) {
    Step s = Ready(S::kSuspended, A::kResume);
    s.c.suspended_from = from;
    const auto r = Apply(s);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->to, from);
  }
  for (S stage : {S::kNotice, S::kHearing}) {
    const auto r = Apply(Ready(stage, A::kRecordStatement));
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->to, stage);
  }
}

// An ordinary case from lead to archive, each result applied as the caller would.
TEST(CaseFlowApply, AnOrdinaryCaseFromLeadToArchive) {
  Step s = Ready(S::kLead, A::kFile);
  s.c.latest_review = ReviewRecord::kNone;
  s.c.discussion_required = false;
  s.c.discussed = false;
  s.c.review_passed = false;
  s.c.review_disputed = false;
  s.c.proposed_outcome.reset();
  s.c.notified_fine.reset();
  s.c.outcome.reset();
  s.c.decided_fine.reset();
  const std::vector<std::pair<CaseAction, CaseStage>> path = {
      {A::kFile, S::kInvestigation},  {A::kFinishInvestigation, S::kInvestigated},
      {A::kSubmitReview, S::kReview}, {A::kReviewPass, S::kReviewed},
      {A::kNotify, S::kNotice},       {A::kRecordStatement, S::kNotice},
      {A::kDecide, S::kDecided},      {A::kServe, S::kServed},
      {A::kPay, S::kExecuted},        {A::kClose, S::kClosed},
      {A::kArchive, S::kArchived},
  };
  for (const auto& [action, to] : path) {
    SCOPED_TRACE(std::string(CaseActionCode(action)));
    s.in.action = action;
    if (action == A::kSubmitReview) s.c.latest_review = ReviewRecord::kPending;
    if (action == A::kReviewPass) s.c.latest_review = ReviewRecord::kApproved;
    const auto r = Apply(s);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->to, to);
    s.c.stage = r->to;
    switch (action) {
      case A::kFinishInvestigation:
        s.c.proposed_outcome = s.in.outcome;
        s.c.proposed_fine = s.in.fine;
        break;
      case A::kReviewPass:
        s.c.review_passed = true;
        break;
      case A::kNotify:
        s.c.notified_fine = s.in.fine;
        s.c.hearing_offered = r->hearing_offered;
        break;
      case A::kRecordStatement:
        s.c.defended = true;
        break;
      case A::kDecide:
        s.c.outcome = s.in.outcome;
        s.c.decided_fine = s.in.fine;
        break;
      default:
        break;
    }
  }
  EXPECT_TRUE(IsFinal(s.c.stage));
}

TEST(CaseFlowOfficers, AreasAndCategories) {
  EXPECT_TRUE(AreaCovers("郑州市", "郑州市"));
  EXPECT_TRUE(AreaCovers("郑州市", "郑州市金水区"));
  EXPECT_FALSE(AreaCovers("郑州市金水区", "郑州市"));
  EXPECT_FALSE(AreaCovers("郑州市", "开封市"));
  EXPECT_FALSE(AreaCovers("", "郑州市"));
  EXPECT_TRUE(CategoryCovers("住房公积金行政执法", "住房公积金行政执法"));
  EXPECT_TRUE(CategoryCovers("城市管理、住房公积金行政执法", "住房公积金行政执法"));
  EXPECT_TRUE(CategoryCovers("城市管理,住房公积金行政执法", "住房公积金行政执法"));
  EXPECT_TRUE(CategoryCovers("城市管理,住房公积金行政执法;市场监管", "住房公积金行政执法"));
  EXPECT_FALSE(CategoryCovers("住房公积金", "住房公积金行政执法"));
  EXPECT_FALSE(CategoryCovers("城市管理", "住房公积金行政执法"));
  EXPECT_FALSE(CategoryCovers("", "住房公积金行政执法"));
}

TEST(CaseFlowLimitation, TwoYearsOrFive) {  // 行政处罚法 第36条; 民法典 第201、202条
  struct Row {
    const char* ended;
    const char* today;
    bool five_years;
    bool ok;
  };
  const Row rows[] = {
      {"2022-03-15", "2024-03-15", false, true},   // the last day
      {"2022-03-15", "2024-03-16", false, false},  // the day after
      {"2020-02-29", "2022-02-28", false, true},   // no 29 February: the month's last day
      {"2020-02-29", "2022-03-01", false, false}, {"2022-02-28", "2024-02-28", false, true},
      {"2022-02-28", "2024-02-29", false, false}, {"2021-06-03", "2024-06-03", false, false},
      {"2021-06-03", "2024-06-03", true, true},   {"2019-06-03", "2024-06-03", true, true},
      {"2019-06-03", "2024-06-04", true, false},  {"2020-02-29", "2025-02-28", true, true},
      {"2020-02-29", "2025-03-01", true, false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.ended) + " → " + row.today + (row.five_years ? " (5)" : ""));
    const Status st = CheckLimitation(D(row.ended), D(row.today), row.five_years);
    EXPECT_EQ(st.ok(), row.ok) << st.message();
    if (!row.ok) {
      EXPECT_EQ(st.code(), Code::kInvalid);
      EXPECT_EQ(st.field(), "violationEndedOn");
      EXPECT_TRUE(Has(st.message(), "第36条")) << st.message();
      EXPECT_TRUE(Has(st.message(), row.five_years ? "5 年" : "2 年")) << st.message();
    }
  }
}

TEST(CaseFlowLatePayment, ThreePercentADayCappedAtTheFine) {  // 行政处罚法 第72条
  struct Row {
    std::int64_t fine;
    const char* due;
    const char* on;
    std::int64_t want;
  };
  const Row rows[] = {
      {10'000, "2024-06-03", "2024-06-03", 0},  // not late
      {10'000, "2024-06-03", "2024-06-01", 0},  // paid early
      {10'000, "2024-06-03", "2024-06-04", 300},    {10'000, "2024-06-03", "2024-06-13", 3'000},
      {10'000, "2024-06-03", "2024-07-06", 9'900},   // 33 days
      {10'000, "2024-06-03", "2024-07-07", 10'000},  // 34 days: capped
      {10'000, "2024-06-03", "2024-07-13", 10'000},  // 40 days
      {10'000, "2024-02-28", "2024-03-01", 600},     // across 29 February
      {333, "2024-06-03", "2024-06-04", 9},          // 9.99 rounded down
      {333, "2024-06-03", "2024-06-10", 69},         // 69.93
      {0, "2024-06-03", "2024-06-10", 0},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::to_string(row.fine) + " " + row.due + " → " + row.on);
    EXPECT_EQ(LatePaymentSurcharge(row.fine, D(row.due), D(row.on)), row.want);
  }
}

}  // namespace
}  // namespace sx::domain
