#include "domain/deadline.h"

#include <fmt/format.h>

#include "domain/text.h"

namespace sx::domain {

namespace {

Period WorkingDays(int n) { return {PeriodUnit::kWorkingDays, n, 0, 0}; }
Period CalendarDays(int n) { return {PeriodUnit::kCalendarDays, n, 0, 0}; }
Period Months(int n) { return {PeriodUnit::kMonths, n, 0, 0}; }

std::vector<DeadlineRule> BuildRules() {
  return {
      {"publish.penalty", "行政处罚决定公示", "国办发〔2018〕118号 二(三);行政处罚法 第48条",
       WorkingDays(7), "行政处罚决定作出之日", "决定信息在执法公示平台发布", false, false, 0},
      {"publish.result", "执法结果信息公示", "国办发〔2018〕118号 二(三)", WorkingDays(20),
       "执法决定作出之日", "结果信息在执法公示平台发布", false, false, 0},
      {"publish.withdraw", "撤下已公示决定并说明理由",
       "行政处罚法 第48条;国办发〔2018〕118号 二(三)", WorkingDays(3),
       "决定被撤销、确认违法、责令重作或变更之日", "撤下原信息并公开说明理由", false, false, 0},
      {"publish.update", "事前公开信息更新", "国办发〔2018〕118号 二(一);实施方案 三(一)4",
       WorkingDays(20), "法律法规规章修改、机构职能或执法人员变化之日", "更新后的信息发布", false,
       false, 0},
      {"legal_review", "重大执法决定法制审核", "住房和城乡建设部令第55号 第25条(默认,可调整)",
       WorkingDays(10), "送审材料齐全之日", "出具法制审核意见书", true, false, 0},
      {"evidence.preservation", "先行登记保存证据处理决定", "行政处罚法 第56条", WorkingDays(7),
       "先行登记保存之日", "作出处理决定", false, false, 0},
      {"hearing.request", "当事人申请听证期限", "行政处罚法 第64条(一)", WorkingDays(5),
       "行政处罚事先告知书送达之日", "当事人提出听证申请或期满", false, false, 0},
      {"hearing.notice", "听证通知", "行政处罚法 第64条(二)", WorkingDays(-7), "举行听证之日",
       "听证通知书送达当事人", false, false, 0},
      {"service.decision", "处罚决定书送达(当事人不在场)", "行政处罚法 第61条", WorkingDays(7),
       "行政处罚决定作出之日", "决定书送达当事人", false, false, 0},
      {"case.decision", "案件办理期限", "行政处罚法 第60条", CalendarDays(90), "立案之日",
       "作出处理决定", false, true, 30},
      {"fine.payment", "罚款缴纳期限", "行政处罚法 第67条", CalendarDays(15), "处罚决定书送达之日",
       "当事人缴纳罚款", false, false, 0},
      {"enforcement.court", "申请人民法院强制执行", "行政强制法 第53条", Months(3),
       "复议、诉讼期限届满之日", "向人民法院提出强制执行申请", false, false, 0},
      {"inspection.publish", "抽查检查结果公示", "企业信息公示暂行条例 第6条;国办发〔2015〕58号",
       WorkingDays(20), "抽查检查结果作出之日", "结果在执法公示平台发布", false, false, 0},
      {"complaint.reply", "投诉举报答复", "本机关投诉举报处理规定(默认 15 个工作日,可调整)",
       WorkingDays(15), "投诉举报受理之日", "答复投诉举报人", true, false, 0},
      {"annual.report", "行政执法统计年报公开", "国办发〔2018〕118号 二(三)",
       {PeriodUnit::kByDateNextYear, 0, 1, 31}, "统计年度", "年报在执法公示平台公开并报送", false,
       false, 0},
  };
}

}  // namespace

std::string DescribePeriod(const Period& p) {
  switch (p.unit) {
    case PeriodUnit::kWorkingDays:
      return p.amount < 0 ? fmt::format("提前{}个工作日", -p.amount)
                          : fmt::format("{}个工作日", p.amount);
    case PeriodUnit::kCalendarDays:
      return fmt::format("{}日", p.amount);
    case PeriodUnit::kMonths:
      return fmt::format("{}个月", p.amount);
    case PeriodUnit::kByDateNextYear:
      return fmt::format("次年{}月{}日前", p.month, p.day);
  }
  return "";
}

const std::vector<DeadlineRule>& DefaultDeadlineRules() {
  static const std::vector<DeadlineRule> rules = BuildRules();
  return rules;
}

const DeadlineRule* FindDeadlineRule(std::string_view code) {
  for (const auto& r : DefaultDeadlineRules()) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

Status ValidateOverride(const DeadlineRule& rule, const Period& period) {
  if (rule.period.unit == PeriodUnit::kByDateNextYear || period.unit != rule.period.unit) {
    return Status::Invalid(fmt::format("“{}”的期限单位不能更改", rule.name)).WithField("amount");
  }
  const int wanted = period.amount < 0 ? -period.amount : period.amount;
  const int statutory = rule.period.amount < 0 ? -rule.period.amount : rule.period.amount;
  if ((period.amount < 0) != (rule.period.amount < 0) || wanted < 1 || wanted > 365) {
    return Status::Invalid("期限须为 1 至 365").WithField("amount");
  }
  // Stricter means sooner for a period after the event, and earlier for one counted back from it
  // (more notice before a hearing).
  const bool backwards = rule.period.amount < 0;
  if (!rule.configurable && (backwards ? wanted < statutory : wanted > statutory)) {
    return Status::Invalid(fmt::format("“{}”的法定期限为{}({}),本机关只能从严{},不能放宽",
                                       rule.name, DescribePeriod(rule.period), rule.legal_basis,
                                       backwards ? "提前" : "缩短"))
        .WithField("amount");
  }
  return Status::Ok();
}

Status ValidateExtension(const DeadlineRule& rule, int days, int already_extended_days,
                         std::string_view reason, std::int64_t approved_by) {
  if (!rule.extendable) {
    return Status::Invalid(fmt::format("“{}”({})不得延长", rule.name, rule.legal_basis))
        .WithField("days");
  }
  const int left = rule.max_extension_days - already_extended_days;
  if (days < 1 || days > left) {
    return Status::Invalid(left > 0 ? fmt::format("延长天数须为 1 至 {} 日", left)
                                    : std::string("已达可延长的上限,不能再延长"))
        .WithField("days");
  }
  SX_RETURN_IF_ERROR(CheckText(reason, "延长理由", "reason", 500, true));
  if (approved_by <= 0) {
    return Status::Invalid("延长期限须经负责人批准,缺少审批人").WithField("approvedBy");
  }
  return Status::Ok();
}

std::string_view DeadlineStateCode(DeadlineState s) {
  switch (s) {
    case DeadlineState::kOnTime: return "on_time";
    case DeadlineState::kDueSoon: return "due_soon";
    case DeadlineState::kOverdue: return "overdue";
    case DeadlineState::kDoneOnTime: return "done_on_time";
    case DeadlineState::kDoneLate: return "done_late";
  }
  return "";
}

std::string_view DeadlineStateName(DeadlineState s) {
  switch (s) {
    case DeadlineState::kOnTime: return "未到期";
    case DeadlineState::kDueSoon: return "即将到期";
    case DeadlineState::kOverdue: return "已逾期";
    case DeadlineState::kDoneOnTime: return "按期完成";
    case DeadlineState::kDoneLate: return "逾期完成";
  }
  return "";
}

std::optional<DeadlineState> ParseDeadlineState(std::string_view code) {
  for (auto s : {DeadlineState::kOnTime, DeadlineState::kDueSoon, DeadlineState::kOverdue,
                 DeadlineState::kDoneOnTime, DeadlineState::kDoneLate}) {
    if (DeadlineStateCode(s) == code) return s;
  }
  return std::nullopt;
}

DeadlineState StateOf(Date due, std::optional<Date> done, Date today, Date due_soon_from) {
  if (done) return *done <= due ? DeadlineState::kDoneOnTime : DeadlineState::kDoneLate;
  if (today > due) return DeadlineState::kOverdue;
  if (today >= due_soon_from) return DeadlineState::kDueSoon;
  return DeadlineState::kOnTime;
}

}  // namespace sx::domain
