#include "domain/evaluation.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "domain/review.h"

namespace sx::domain {

namespace {

bool GoodCode(std::string_view c) {
  return !c.empty() && c.size() <= 32 && std::all_of(c.begin(), c.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

bool GoodText(std::string_view s, std::size_t max_bytes) {
  return !s.empty() && s.size() <= max_bytes && s.find_first_of("\r\n\t") == std::string_view::npos;
}

}  // namespace

Status ValidateTemplate(const ScoringTemplate& t) {
  if (!GoodText(t.name, 200)) {
    return Status::Invalid("评查模板须有名称(一行,不超过 200 字节)").WithField("name");
  }
  if (t.total < 1 || t.total > 1000) {
    return Status::Invalid("总分应在 1 至 1000 之间").WithField("total");
  }
  if (t.pass < 1 || t.pass > t.excellent || t.excellent > t.total) {
    return Status::Invalid(fmt::format("等次分数线应满足 0 < 合格({}) ≤ 优秀({}) ≤ 总分({})",
                                       t.pass, t.excellent, t.total))
        .WithField("grades");
  }
  if (t.items.empty() || t.items.size() > kMaxScoreItems) {
    return Status::Invalid(fmt::format("评查项目应有 1 至 {} 项", kMaxScoreItems))
        .WithField("items");
  }
  std::set<std::string_view> codes;
  int sum = 0;
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    const ScoreItem& item = t.items[i];
    const std::string field = fmt::format("items.{}", i);
    if (!GoodCode(item.code)) {
      return Status::Invalid(
                 fmt::format("第 {} 项的代码应为 1 至 32 个小写字母、数字或下划线", i + 1))
          .WithField(field + ".code");
    }
    if (!codes.insert(item.code).second) {
      return Status::Invalid(fmt::format("评查项目代码“{}”重复", item.code))
          .WithField(field + ".code");
    }
    if (!GoodText(item.name, 300)) {
      return Status::Invalid(fmt::format("评查项目“{}”须有名称(一行)", item.code))
          .WithField(field + ".name");
    }
    if (item.points < 1 || item.points > t.total) {
      return Status::Invalid(fmt::format("评查项目“{}”的分值应在 1 至 {} 之间", item.name, t.total))
          .WithField(field + ".points");
    }
    sum += item.points;
    if (item.deductions.empty() || item.deductions.size() > kMaxDeductionsPerItem) {
      return Status::Invalid(fmt::format("评查项目“{}”应列 1 至 {} 种扣分情形", item.name,
                                         kMaxDeductionsPerItem))
          .WithField(field + ".deductions");
    }
    std::set<std::string_view> seen;
    for (std::size_t d = 0; d < item.deductions.size(); ++d) {
      const ScoreDeduction& x = item.deductions[d];
      const std::string df = fmt::format("{}.deductions.{}", field, d);
      if (!GoodCode(x.code) || !seen.insert(x.code).second) {
        return Status::Invalid(
                   fmt::format("评查项目“{}”的扣分情形代码“{}”无效或重复", item.name, x.code))
            .WithField(df + ".code");
      }
      if (!GoodText(x.text, 500)) {
        return Status::Invalid(fmt::format("扣分情形“{}”须有说明(一行)", x.code))
            .WithField(df + ".text");
      }
      if (x.points < 1 || x.points > item.points) {
        return Status::Invalid(fmt::format("扣分情形“{}”扣 {} 分,应在 1 至该项分值 {} 之间", x.text,
                                           x.points, item.points))
            .WithField(df + ".points");
      }
    }
  }
  if (sum != t.total) {
    return Status::Invalid(fmt::format("各评查项目分值合计 {},应等于总分 {}", sum, t.total))
        .WithField("items");
  }
  return Status::Ok();
}

ScoringTemplate DefaultTemplate() {
  // The legal review's eight items (review.h, seed 三(三)3) with the points 《河南省行政处罚案卷
  // 评查标准》 gives their kind of defect, and the file's completeness; 100 in all.
  auto name = [](ReviewItem i) { return std::string(ReviewItemName(i)); };
  auto code = [](ReviewItem i) { return std::string(ReviewItemCode(i)); };
  auto D = [](std::string c, std::string text, int points, bool veto = false) {
    return ScoreDeduction{std::move(c), std::move(text), points, veto};
  };
  ScoringTemplate t;
  t.name = "行政处罚案卷评查标准(默认)";
  t.items = {
      {code(ReviewItem::kSubject),
       name(ReviewItem::kSubject),
       10,
       {D("no_authority", "实施主体不具有行政执法资格", 10, true),
        D("wrong_name", "文书中执法主体名称不规范", 2)}},
      {code(ReviewItem::kPersonnel),
       name(ReviewItem::kPersonnel),
       5,
       {D("uncertified", "执法人员未持有效执法证件", 5, true),
        D("one_officer", "执法人员少于两人", 5),
        D("no_cert_shown", "未出示执法证件或未记录证件号", 2)}},
      {code(ReviewItem::kProcedure),
       name(ReviewItem::kProcedure),
       20,
       {D("no_notice", "未告知陈述、申辩或听证权利", 10, true),
        D("no_hearing", "当事人申请听证而未组织", 10, true), D("no_recusal", "应当回避而未回避", 5),
        D("late", "超过法定期限办结且无延期审批", 5),
        D("step_missing", "缺少立案、调查终结、审批等环节的记录", 3)}},
      {code(ReviewItem::kFacts),
       name(ReviewItem::kFacts),
       20,
       {D("unclear", "违法事实不清", 10), D("key_evidence_missing", "主要证据缺失", 8),
        D("evidence_illegal", "证据取得不合法或未经核实", 5),
        D("evidence_form", "证据形式不规范(未签名、未注明出处等)", 2)}},
      {code(ReviewItem::kLaw),
       name(ReviewItem::kLaw),
       15,
       {D("wrong_law", "适用法律、法规、规章错误", 10),
        D("discretion", "未按裁量基准裁量或裁量理由不充分", 5),
        D("cite_incomplete", "引用条款不完整、不具体", 2)}},
      {code(ReviewItem::kWithinPowers),
       name(ReviewItem::kWithinPowers),
       5,
       {D("beyond_powers", "超越本机关法定职权", 5, true)}},
      {code(ReviewItem::kDocuments),
       name(ReviewItem::kDocuments),
       10,
       {D("document_missing", "应制作的文书缺失", 4),
        D("document_form", "文书格式、文号、用印不规范", 2),
        D("no_service_proof", "缺少送达回证或送达记录", 3)}},
      {code(ReviewItem::kCrimeTransfer),
       name(ReviewItem::kCrimeTransfer),
       5,
       {D("not_transferred", "涉嫌犯罪应移送而未移送", 5, true)}},
      {"completeness",
       "案卷是否完整、全过程记录是否齐全",
       10,
       {D("recording_missing", "应当音像记录的环节没有音像记录", 4),
        D("not_archived", "结案后未按期归档或案卷材料不全", 3),
        D("order", "案卷材料排列、编页不规范", 1)}},
  };
  return t;
}

std::string_view GradeCode(Grade g) {
  switch (g) {
    case Grade::kExcellent:
      return "excellent";
    case Grade::kPass:
      return "pass";
    case Grade::kFail:
      return "fail";
  }
  return "";
}

std::string_view GradeName(Grade g) {
  switch (g) {
    case Grade::kExcellent:
      return "优秀";
    case Grade::kPass:
      return "合格";
    case Grade::kFail:
      return "不合格";
  }
  return "";
}

Result<EvaluationScore> Score(const ScoringTemplate& t,
                              const std::vector<EvaluationFinding>& findings) {
  EvaluationScore out;
  for (const auto& item : t.items) out.items.push_back({item.code, item.points, 0});
  std::vector<int> raw(t.items.size(), 0);
  for (std::size_t f = 0; f < findings.size(); ++f) {
    const EvaluationFinding& x = findings[f];
    const std::string field = fmt::format("findings.{}", f);
    const auto item = std::find_if(t.items.begin(), t.items.end(),
                                   [&](const ScoreItem& i) { return i.code == x.item; });
    if (item == t.items.end()) {
      return Status::Invalid(fmt::format("模板中没有评查项目“{}”", x.item)).WithField(field);
    }
    const auto d = std::find_if(item->deductions.begin(), item->deductions.end(),
                                [&](const ScoreDeduction& s) { return s.code == x.deduction; });
    if (d == item->deductions.end()) {
      return Status::Invalid(fmt::format("评查项目“{}”没有扣分情形“{}”", item->name, x.deduction))
          .WithField(field);
    }
    if (x.times < 1 || x.times > 100) {
      return Status::Invalid("扣分次数应在 1 至 100 之间").WithField(field);
    }
    raw[static_cast<std::size_t>(item - t.items.begin())] += d->points * x.times;
    out.vetoed = out.vetoed || d->veto;
  }
  int deducted = 0;
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    out.items[i].deducted = std::min(raw[i], t.items[i].points);
    deducted += out.items[i].deducted;
  }
  out.score = std::max(0, t.total - deducted);
  out.grade = out.vetoed || out.score < t.pass ? Grade::kFail
              : out.score >= t.excellent       ? Grade::kExcellent
                                               : Grade::kPass;
  return out;
}

}  // namespace sx::domain
