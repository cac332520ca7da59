#include "domain/case_flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "domain/recording.h"
#include "domain/text.h"

namespace sx::domain {

namespace {

using S = CaseStage;

constexpr std::uint32_t Bits(std::initializer_list<CaseStage> stages) {
  std::uint32_t b = 0;
  for (auto s : stages) b |= StageBit(s);
  return b;
}

struct StageInfo {
  CaseStage stage;
  std::string_view code;
  std::string_view name;
};

constexpr StageInfo kStages[] = {
    {S::kLead, "lead", "线索登记"},
    {S::kNotFiled, "not_filed", "不予立案"},
    {S::kInvestigation, "investigation", "调查取证"},
    {S::kInvestigated, "investigated", "调查终结"},
    {S::kReview, "review", "法制审核"},
    {S::kReviewed, "reviewed", "审核通过"},
    {S::kDiscussion, "discussion", "集体讨论"},
    {S::kNotice, "notice", "事先告知"},
    {S::kHearing, "hearing", "听证"},
    {S::kDecided, "decided", "已作出决定"},
    {S::kServed, "served", "已送达"},
    {S::kEnforcement, "enforcement", "催告执行"},
    {S::kCourt, "court", "申请法院强制执行"},
    {S::kExecuted, "executed", "执行完毕"},
    {S::kClosed, "closed", "已结案"},
    {S::kArchived, "archived", "已归档"},
    {S::kWithdrawn, "withdrawn", "已撤案"},
    {S::kSuspended, "suspended", "已中止"},
};
static_assert(std::size(kStages) == kCaseStageCount);

// Stages in which a case is being worked on and may be withdrawn (撤案) or suspended (中止).
constexpr std::uint32_t kBeforeDecision =
    Bits({S::kInvestigation, S::kInvestigated, S::kReview, S::kReviewed, S::kDiscussion, S::kNotice,
          S::kHearing});
constexpr std::uint32_t kSuspendable =
    kBeforeDecision | Bits({S::kDecided, S::kServed, S::kEnforcement, S::kCourt});

constexpr TransitionRule kTable[] = {
    {CaseAction::kFile, "file", "立案", Bits({S::kLead}), S::kInvestigation, Role::kOfficer,
     "行政处罚法 第54条", "filing_approval", true},
    {CaseAction::kDecline, "decline", "不予立案", Bits({S::kLead}), S::kNotFiled, Role::kUnitHead,
     "行政处罚法 第54条", "", false},
    {CaseAction::kFinishInvestigation, "finish_investigation", "调查终结",
     Bits({S::kInvestigation, S::kInvestigated}), S::kInvestigated, Role::kOfficer,
     "行政处罚法 第55、57条", "investigation_report", true},
    {CaseAction::kSeize, "seize", "查封扣押", Bits({S::kInvestigation}), S::kInvestigation,
     Role::kOfficer, "行政强制法 第18、24条", "seizure_decision", true},
    {CaseAction::kSubmitReview, "submit_review", "提交法制审核", Bits({S::kInvestigated}),
     S::kReview, Role::kOfficer, "行政处罚法 第58条", "", false},
    {CaseAction::kReviewPass, "review_pass", "法制审核通过", Bits({S::kReview}), S::kReviewed,
     Role::kLegalReviewer, "行政处罚法 第58条", "legal_review_opinion", false},
    {CaseAction::kReviewReturn, "review_return", "法制审核退回", Bits({S::kReview}),
     S::kInvestigated, Role::kLegalReviewer, "行政处罚法 第58条", "legal_review_opinion", false},
    {CaseAction::kToDiscussion, "to_discussion", "提请集体讨论",
     Bits({S::kInvestigated, S::kReviewed}), S::kDiscussion, Role::kUnitHead,
     "行政处罚法 第57条第2款", "", false},
    {CaseAction::kDiscuss, "discuss", "集体讨论决定", Bits({S::kDiscussion}), S::kReviewed,
     Role::kLeader, "行政处罚法 第57条第2款", "discussion_record", false},
    {CaseAction::kNotify, "notify", "事先告知", Bits({S::kInvestigated, S::kReviewed, S::kNotice}),
     S::kNotice, Role::kOfficer, "行政处罚法 第44、63条", "penalty_notice", true},
    {CaseAction::kRecordStatement, "record_statement", "记录陈述申辩",
     Bits({S::kNotice, S::kHearing}), S::kNotice, Role::kOfficer, "行政处罚法 第45条",
     "statement_record", false},
    {CaseAction::kRequestHearing, "request_hearing", "申请听证", Bits({S::kNotice}), S::kHearing,
     Role::kOfficer, "行政处罚法 第64条", "", false},
    {CaseAction::kHoldHearing, "hold_hearing", "举行听证", Bits({S::kHearing}), S::kHearing,
     Role::kOfficer, "行政处罚法 第64条", "hearing_record", true},
    {CaseAction::kDecide, "decide", "作出决定",
     Bits({S::kInvestigated, S::kReviewed, S::kNotice, S::kHearing}), S::kDecided, Role::kLeader,
     "行政处罚法 第57条", "penalty_decision", true},
    {CaseAction::kDecideOnSpot, "decide_on_spot", "当场处罚", Bits({S::kLead}), S::kServed,
     Role::kOfficer, "行政处罚法 第51、52条", "on_spot_decision", true},
    {CaseAction::kServe, "serve", "送达", Bits({S::kDecided}), S::kServed, Role::kOfficer,
     "行政处罚法 第61条", "service_receipt", true},
    {CaseAction::kPay, "pay", "履行完毕", Bits({S::kServed, S::kEnforcement}), S::kExecuted,
     Role::kOfficer, "行政处罚法 第67条", "", false},
    {CaseAction::kRemind, "remind", "催告", Bits({S::kServed}), S::kEnforcement, Role::kOfficer,
     "行政强制法 第35条;行政处罚法 第72条", "reminder", true},
    {CaseAction::kApplyCourt, "apply_court", "申请人民法院强制执行", Bits({S::kEnforcement}),
     S::kCourt, Role::kLeader, "行政强制法 第53、54条;行政处罚法 第72条", "enforcement_application",
     false},
    {CaseAction::kCourtDone, "court_done", "强制执行完毕", Bits({S::kCourt}), S::kExecuted,
     Role::kOfficer, "行政强制法 第53条", "", false},
    {CaseAction::kClose, "close", "结案", Bits({S::kDecided, S::kServed, S::kExecuted}), S::kClosed,
     Role::kOfficer, "行政处罚法 第47条", "closing_approval", false},
    {CaseAction::kArchive, "archive", "归档", Bits({S::kClosed}), S::kArchived, Role::kUnitHead,
     "行政处罚法 第47条;档案法 第37条", "", false},
    {CaseAction::kWithdraw, "withdraw", "撤案", kBeforeDecision, S::kWithdrawn, Role::kLeader,
     "行政处罚法 第57条", "withdrawal_approval", false},
    {CaseAction::kSuspend, "suspend", "中止", kSuspendable, S::kSuspended, Role::kUnitHead,
     "行政处罚法 第60条;行政强制法 第39条", "", false},
    {CaseAction::kResume, "resume", "恢复", Bits({S::kSuspended}), S::kSuspended, Role::kUnitHead,
     "行政处罚法 第60条;行政强制法 第40条", "", false},
};

struct NamedCode {
  std::string_view code;
  std::string_view name;
};

constexpr NamedCode kOutcomes[] = {
    {"penalty", "给予行政处罚"},
    {"no_penalty", "不予行政处罚"},
    {"not_established", "违法事实不能成立"},
    {"transfer", "移送司法机关"},
    {"order", "责令限期缴存(办理)"},
};

constexpr NamedCode kProcedures[] = {{"ordinary", "普通程序"}, {"summary", "简易程序"}};

constexpr NamedCode kMethods[] = {
    {"direct", "直接送达"},     {"left", "留置送达"},   {"post", "邮寄送达"},
    {"electronic", "电子送达"}, {"public", "公告送达"}, {"entrusted", "委托送达"},
};

bool In(std::uint32_t bits, CaseStage s) { return (bits & StageBit(s)) != 0; }

bool HasRole(std::span<const Role> roles, Role r) {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

std::string Yuan(std::int64_t v) { return fmt::format("{} 元", v); }

Status Reason(std::string_view reason, std::string_view label) {
  if (reason.empty()) {
    return Status::Invalid(fmt::format("请填写{}", label)).WithField("reason");
  }
  SX_RETURN_IF_ERROR(CheckText(reason, label, "reason", 1000, true));
  std::size_t chars = 0;
  for (unsigned char ch : reason) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
  if (chars < 4)
    return Status::Invalid(fmt::format("{}过短,请具体说明", label)).WithField("reason");
  return Status::Ok();
}

bool PendingRecusal(const CaseFacts& c) {
  return std::any_of(c.recusals.begin(), c.recusals.end(),
                     [](const RecusalState& r) { return !r.decided; });
}

// A fine for the outcome: inside the legal range and the tier (or with a reason).
Status CheckProposedFine(const CaseFacts& c, const StepInput& in) {
  if (!c.fine_range) {
    return Status::Invalid(
               "本职权事项没有罚款,处理结果应为责令限期缴存(办理)(住房公积金管理条例 第38条)")
        .WithField("outcome");
  }
  if (!in.fine) return Status::Invalid("请填写罚款金额").WithField("fine");
  if (!in.tier) {
    return Status::Invalid("事实表明已在责令期限内改正,依法不予处罚(裁量基准)")
        .WithField("outcome");
  }
  return CheckFine(*c.fine_range, *in.tier, *in.fine, in.deviation_reason);
}

Status CheckOutcomeFitsItem(const CaseFacts& c, Outcome o) {
  if (o == Outcome::kOrder && c.fine_range) {
    return Status::Invalid(
               "本职权事项设有罚款,责令限期办理应在调查中作出,处理结果不能仅为责令"
               "(住房公积金管理条例 第37条)")
        .WithField("outcome");
  }
  if (o == Outcome::kPenalty && !c.fine_range) {
    return Status::Invalid(
               "本职权事项没有罚款,处理结果应为责令限期缴存(办理)(住房公积金管理条例 第38条)")
        .WithField("outcome");
  }
  return Status::Ok();
}

// The legal-review and collective-discussion gates before the notice or a decision.
Status CheckGates(const CaseFacts& c) {
  if (c.review_required && !c.review_passed) {
    return Status::Conflict(
        "本案须经法制审核且审核意见为“同意”后,方可告知或作出决定(行政处罚法 第58条)");
  }
  if (c.discussion_required && !c.discussed) {
    return Status::Conflict("本案须经集体讨论决定后,方可告知或作出决定(行政处罚法 第57条第2款)");
  }
  return Status::Ok();
}

}  // namespace

std::string_view CaseStageCode(CaseStage s) { return kStages[static_cast<int>(s)].code; }
std::string_view CaseStageName(CaseStage s) { return kStages[static_cast<int>(s)].name; }
std::optional<CaseStage> ParseCaseStage(std::string_view code) {
  for (const auto& i : kStages) {
    if (i.code == code) return i.stage;
  }
  return std::nullopt;
}
bool IsFinal(CaseStage s) { return s == S::kNotFiled || s == S::kArchived || s == S::kWithdrawn; }

std::string_view ProcedureCode(Procedure p) { return kProcedures[static_cast<int>(p)].code; }
std::string_view ProcedureName(Procedure p) { return kProcedures[static_cast<int>(p)].name; }
std::optional<Procedure> ParseProcedure(std::string_view code) {
  for (int i = 0; i < 2; ++i) {
    if (kProcedures[i].code == code) return static_cast<Procedure>(i);
  }
  return std::nullopt;
}

std::string_view OutcomeCode(Outcome o) { return kOutcomes[static_cast<int>(o)].code; }
std::string_view OutcomeName(Outcome o) { return kOutcomes[static_cast<int>(o)].name; }
std::optional<Outcome> ParseOutcome(std::string_view code) {
  for (std::size_t i = 0; i < std::size(kOutcomes); ++i) {
    if (kOutcomes[i].code == code) return static_cast<Outcome>(i);
  }
  return std::nullopt;
}

std::string_view ServiceMethodCode(ServiceMethod m) { return kMethods[static_cast<int>(m)].code; }
std::string_view ServiceMethodName(ServiceMethod m) { return kMethods[static_cast<int>(m)].name; }
std::optional<ServiceMethod> ParseServiceMethod(std::string_view code) {
  for (std::size_t i = 0; i < std::size(kMethods); ++i) {
    if (kMethods[i].code == code) return static_cast<ServiceMethod>(i);
  }
  return std::nullopt;
}

std::string_view CaseActionCode(CaseAction a) { return RuleOf(a).code; }
std::optional<CaseAction> ParseCaseAction(std::string_view code) {
  for (const auto& r : kTable) {
    if (r.code == code) return r.action;
  }
  return std::nullopt;
}

std::span<const TransitionRule> TransitionTable() { return kTable; }

const TransitionRule& RuleOf(CaseAction a) {
  for (const auto& r : kTable) {
    if (r.action == a) return r;
  }
  return kTable[0];  // unreachable: every action has a row (tested)
}

bool AreaCovers(std::string_view officer_area, std::string_view case_area) {
  if (officer_area.empty()) return false;
  return case_area.substr(0, officer_area.size()) == officer_area;
}

bool CategoryCovers(std::string_view officer_categories, std::string_view case_category) {
  std::size_t pos = 0;
  while (pos <= officer_categories.size()) {
    std::size_t end = officer_categories.size();
    std::size_t skip = 0;
    for (std::string_view sep : {std::string_view("、"), std::string_view(","),
                                 std::string_view(","), std::string_view(";")}) {
      const std::size_t at = officer_categories.find(sep, pos);
      if (at != std::string_view::npos && at < end) {
        end = at;
        skip = sep.size();
      }
    }
    if (officer_categories.substr(pos, end - pos) == case_category) return true;
    if (skip == 0) break;
    pos = end + skip;
  }
  return false;
}

Status CheckOfficers(const CaseFacts& c, Date today) {
  int valid = 0;
  std::vector<std::string> why;
  for (const auto& o : c.officers) {
    if (o.recused) continue;
    const Validity v = ValidityOn(o.certificate, today);
    if (v != Validity::kValid) {
      why.push_back(fmt::format("{} 执法证{}", o.name, ValidityName(v)));
    } else if (!CategoryCovers(o.category, c.category)) {
      why.push_back(fmt::format("{} 的执法类别不含“{}”", o.name, c.category));
    } else if (!AreaCovers(o.area, c.area)) {
      why.push_back(fmt::format("{} 的执法区域({})不含“{}”", o.name, o.area, c.area));
    } else {
      ++valid;
    }
  }
  if (valid >= 2) return Status::Ok();
  std::string msg = fmt::format(
      "执法人员不得少于两人,且须持有效执法证并在其执法类别和区域内(行政处罚法 第42条);"
      "本案符合条件的执法人员 {} 人",
      valid);
  for (const auto& w : why) msg += ";" + w;
  return Status::Invalid(msg).WithField("officers");
}

std::int64_t LatePaymentSurcharge(std::int64_t fine_yuan, Date due, Date on) {
  const int late = DaysBetween(due, on);
  if (late <= 0 || fine_yuan <= 0) return 0;
  // 3% per day, in whole yuan rounded down; never more than the fine itself (第72条).
  const std::int64_t per_day_hundredths = fine_yuan * 3;  // yuan × 3/100, kept exact
  const std::int64_t surcharge = per_day_hundredths * late / 100;
  return std::min(surcharge, fine_yuan);
}

Status CheckLimitation(Date violation_ended_on, Date today, bool five_years) {
  const int years = five_years ? 5 : 2;
  Date limit = violation_ended_on + std::chrono::years(years);
  if (!limit.ok()) limit = limit.year() / limit.month() / std::chrono::last;  // 29 Feb
  if (today > limit) {
    return Status::Invalid(
               fmt::format("违法行为已超过 {} 年未被发现,不再给予行政处罚(行政处罚法 第36条)",
                           years))
        .WithField("violationEndedOn");
  }
  return Status::Ok();
}

Result<StepResult> ApplyStep(const CaseFacts& c, const StepInput& in, std::span<const Role> roles) {
  const TransitionRule& rule = RuleOf(in.action);
  StepResult out;
  out.rule = &rule;
  out.to = rule.to;
  if (!In(rule.from, c.stage)) {
    return Status::Conflict(
        fmt::format("案件处于“{}”阶段,不能{}", CaseStageName(c.stage), rule.name));
  }
  if (!HasRole(roles, rule.role)) {
    return Status::Permission(fmt::format("{}须由{}办理", rule.name, RoleName(rule.role)));
  }
  if (rule.needs_officers) SX_RETURN_IF_ERROR(CheckOfficers(c, in.today));
  const bool decisive = in.action == CaseAction::kFinishInvestigation ||
                        in.action == CaseAction::kNotify || in.action == CaseAction::kDecide ||
                        in.action == CaseAction::kDecideOnSpot;
  if (decisive && PendingRecusal(c)) {
    return Status::Conflict(
        "有回避申请尚未决定,决定作出前可继续调查,但不得调查终结、告知或作出决定"
        "(行政处罚法 第43条)");
  }
  switch (in.action) {
    case CaseAction::kFile:
      if (c.procedure != Procedure::kOrdinary) {
        return Status::Conflict("简易程序案件当场作出决定,不立案(行政处罚法 第51条)");
      }
      if (c.violation_ended_on) {
        SX_RETURN_IF_ERROR(CheckLimitation(*c.violation_ended_on, in.today));
      }
      break;
    case CaseAction::kDecline:
    case CaseAction::kWithdraw:
    case CaseAction::kSuspend:
      SX_RETURN_IF_ERROR(Reason(in.reason, "理由"));
      break;
    case CaseAction::kFinishInvestigation: {
      if (!in.outcome) return Status::Invalid("请填写拟处理意见").WithField("outcome");
      SX_RETURN_IF_ERROR(CheckOutcomeFitsItem(c, *in.outcome));
      if (*in.outcome == Outcome::kPenalty) SX_RETURN_IF_ERROR(CheckProposedFine(c, in));
      break;
    }
    case CaseAction::kSubmitReview:
      if (!c.review_required) {
        return Status::Conflict("本案不属于法制审核范围,可直接告知或作出决定(行政处罚法 第58条)");
      }
      if (c.latest_review != ReviewRecord::kPending) {
        return Status::Conflict(
            "提交法制审核须报送送审材料(调查终结报告、证据清单、拟处理意见、法律依据、裁量理由),"
            "请通过法制审核送审(行政处罚法 第58条)");
      }
      break;
    case CaseAction::kReviewPass:
      if (c.latest_review != ReviewRecord::kApproved) {
        return Status::Conflict(
            "法制审核通过须有审核人员逐项审核后出具的“同意”意见(行政处罚法 第58条)");
      }
      break;
    case CaseAction::kReviewReturn:
      SX_RETURN_IF_ERROR(Reason(in.reason, "理由"));
      if (c.latest_review != ReviewRecord::kProblems) {
        return Status::Conflict(
            "法制审核退回须有审核人员逐项审核后出具的“存在问题”意见(行政处罚法 第58条)");
      }
      break;
    case CaseAction::kToDiscussion:
      // Straight after the investigation: a dispute over the review, or a case that needs a
      // discussion but no review (it would otherwise never reach one).
      if (c.stage == S::kInvestigated && !c.review_disputed &&
          !(c.discussion_required && !c.review_required)) {
        return Status::Conflict(
            "调查终结后提请集体讨论,须是承办机构对法制审核意见有异议且协商未果,"
            "或本案无须法制审核而须集体讨论(行政处罚法 第57条第2款)");
      }
      if (c.stage == S::kReviewed && !c.discussion_required) {
        return Status::Conflict(
            "本案不属于须集体讨论的情节复杂或者重大违法案件(行政处罚法 第57条第2款)");
      }
      break;
    case CaseAction::kDiscuss:
      if (!c.meeting_recorded) {
        return Status::Conflict(
            "集体讨论决定须有会议记录(出席人员、各人意见、讨论决定)(行政处罚法 第57条第2款)");
      }
      if (!in.outcome) return Status::Invalid("请填写集体讨论决定的处理意见").WithField("outcome");
      SX_RETURN_IF_ERROR(CheckOutcomeFitsItem(c, *in.outcome));
      if (*in.outcome == Outcome::kPenalty) SX_RETURN_IF_ERROR(CheckProposedFine(c, in));
      break;
    case CaseAction::kNotify: {
      // The discussion gate holds whether or not the case needs a review.
      if (c.stage != S::kNotice) SX_RETURN_IF_ERROR(CheckGates(c));
      if (c.proposed_outcome != Outcome::kPenalty) {
        return Status::Conflict("拟处理意见不是行政处罚,无须事先告知,可直接作出决定");
      }
      SX_RETURN_IF_ERROR(CheckProposedFine(c, in));
      if (c.stage == S::kNotice && c.defended && c.notified_fine && *in.fine > *c.notified_fine) {
        SX_RETURN_IF_ERROR(CheckNotHeavierAfterDefence(*c.notified_fine, *in.fine));
      }
      out.hearing_offered = HearingRightApplies(c.party, *in.fine);
      break;
    }
    case CaseAction::kRecordStatement:
      out.to = c.stage;
      break;
    case CaseAction::kRequestHearing:
      if (!c.hearing_offered) {
        return Status::Conflict(
            fmt::format("拟罚款未达听证标准(行政处罚法 第63条;河南省较大数额:公民 {},组织 {})",
                        Yuan(5'000), Yuan(50'000)));
      }
      if (c.hearing_request_due && in.today > *c.hearing_request_due) {
        return Status::Invalid(
                   fmt::format("听证申请期限已于 {} 届满(告知后 5 个工作日,行政处罚法 第64条)",
                               FormatDate(*c.hearing_request_due)))
            .WithField("today");
      }
      break;
    case CaseAction::kHoldHearing: {
      if (!in.hearing_host) {
        return Status::Invalid("请指定听证主持人").WithField("hearingHost");
      }
      const bool investigator =
          std::any_of(c.officers.begin(), c.officers.end(), [&](const CaseOfficer& o) {
            return o.officer_id == *in.hearing_host;  // recused or not, they investigated
          });
      if (investigator) {
        return Status::Invalid("听证由非本案调查人员主持(行政处罚法 第64条第4项)")
            .WithField("hearingHost");
      }
      break;
    }
    case CaseAction::kDecide: {
      if (!in.outcome) return Status::Invalid("请选择处理决定").WithField("outcome");
      SX_RETURN_IF_ERROR(CheckOutcomeFitsItem(c, *in.outcome));
      const bool penalty = *in.outcome == Outcome::kPenalty;
      if (c.stage == S::kInvestigated || c.stage == S::kReviewed) {
        SX_RETURN_IF_ERROR(CheckGates(c));
        if (penalty) {
          return Status::Conflict(
              "作出行政处罚决定前,应当告知当事人拟处罚内容及陈述、申辩、听证权利(行政处罚法 "
              "第44条)");
        }
      }
      if ((c.stage == S::kNotice || c.stage == S::kHearing) && penalty) {
        if (c.stage == S::kHearing && !c.hearing_held) {
          return Status::Conflict("当事人已申请听证,须举行听证后再作出决定(行政处罚法 第64条)");
        }
        if (c.stage == S::kNotice && c.hearing_offered && !c.hearing_requested &&
            !in.hearing_waived && c.hearing_request_due && in.today <= *c.hearing_request_due) {
          return Status::Conflict(fmt::format(
              "听证申请期限 {} 届满前不得作出决定,除非当事人明确放弃(行政处罚法 第64条)",
              FormatDate(*c.hearing_request_due)));
        }
        SX_RETURN_IF_ERROR(CheckProposedFine(c, in));
        if (c.notified_fine) {
          SX_RETURN_IF_ERROR(CheckNotHeavierAfterDefence(*c.notified_fine, *in.fine));
        }
      }
      break;
    }
    case CaseAction::kDecideOnSpot:
      if (c.procedure != Procedure::kSummary) {
        return Status::Conflict("只有简易程序可以当场作出行政处罚决定(行政处罚法 第51条)");
      }
      if (!in.fine) return Status::Invalid("请填写罚款金额(警告填 0)").WithField("fine");
      SX_RETURN_IF_ERROR(CheckSummaryProcedure(c.party, *in.fine));
      if (!c.fine_range && *in.fine != 0) {
        return Status::Invalid(
                   "本职权事项没有罚款,不能当场罚款;没有依据的行政处罚无效(行政处罚法 第38条)")
            .WithField("fine");
      }
      if (c.fine_range && *in.fine != 0 &&
          (*in.fine < c.fine_range->min_yuan || *in.fine > c.fine_range->max_yuan)) {
        return Status::Invalid(fmt::format("罚款须在法定幅度 {} 至 {} 之内",
                                           Yuan(c.fine_range->min_yuan),
                                           Yuan(c.fine_range->max_yuan)))
            .WithField("fine");
      }
      break;
    case CaseAction::kServe:
      if (!in.service_method) return Status::Invalid("请选择送达方式").WithField("serviceMethod");
      if (*in.service_method == ServiceMethod::kElectronic && !c.party_consents_e_service) {
        return Status::Invalid("当事人同意并签订确认书的,方可电子送达(行政处罚法 第61条)")
            .WithField("serviceMethod");
      }
      break;
    case CaseAction::kPay:
      if (c.outcome != Outcome::kPenalty && c.outcome != Outcome::kOrder) {
        return Status::Conflict("本案决定没有需要履行的罚款或缴存义务");
      }
      if (c.outcome == Outcome::kPenalty && c.decided_fine == std::optional<std::int64_t>(0)) {
        return Status::Conflict("本案为警告,无须缴纳罚款");
      }
      break;
    case CaseAction::kRemind:
      if (c.outcome != Outcome::kPenalty && c.outcome != Outcome::kOrder) {
        return Status::Conflict("本案决定没有需要履行的义务,无须催告");
      }
      if (c.payment_due && in.today <= *c.payment_due) {
        return Status::Conflict(fmt::format("履行期限 {} 届满后方可催告(行政强制法 第35条)",
                                            FormatDate(*c.payment_due)));
      }
      break;
    case CaseAction::kApplyCourt:
      if (c.court_allowed_from && in.today < *c.court_allowed_from) {
        return Status::Conflict(
            fmt::format("催告书送达 10 个工作日后({} 起)当事人仍未履行的,方可申请人民法院强制执行"
                        "(行政强制法 第54条)",
                        FormatDate(*c.court_allowed_from)));
      }
      break;
    case CaseAction::kCourtDone:
      break;
    case CaseAction::kClose:
      if (c.stage == S::kDecided && c.outcome != Outcome::kTransfer) {
        return Status::Conflict("决定书送达后方可结案(行政处罚法 第61条)");
      }
      if (c.stage == S::kServed && c.outcome != Outcome::kNoPenalty &&
          c.outcome != Outcome::kNotEstablished &&
          !(c.outcome == Outcome::kPenalty && c.decided_fine == std::optional<std::int64_t>(0))) {
        return Status::Conflict("当事人尚未履行决定,不能结案");
      }
      break;
    case CaseAction::kArchive:
      break;
    case CaseAction::kResume:
      out.to = c.suspended_from;
      break;
    case CaseAction::kSeize:
      if (!c.seizure_authorized) {
        return Status::Conflict(
            "本案的执法事项未授权实施查封、扣押:行政强制措施须由法律、法规规定的机关实施"
            "(行政强制法 第10、17条)");
      }
      break;
  }
  SX_RETURN_IF_ERROR(CheckRecording(RecordingFor(in.action, in.service_method), in.recordings,
                                    in.no_recording_reason));
  return out;
}

}  // namespace sx::domain
