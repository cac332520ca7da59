#include "domain/officer.h"

#include <algorithm>

#include <fmt/format.h>

#include "domain/text.h"

namespace sx::domain {

namespace {

bool IsQualificationNumber(std::string_view s) {
  return s.size() >= 6 && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
         });
}

}  // namespace

Status ValidateNewOfficer(const NewOfficer& o) {
  SX_RETURN_IF_ERROR(CheckText(o.name, "姓名", "name", kMaxOfficerNameChars));
  SX_RETURN_IF_ERROR(CheckText(o.title, "职务", "title", kMaxOfficerTitleChars));
  SX_RETURN_IF_ERROR(ValidateCertificate(o.certificate));
  SX_RETURN_IF_ERROR(CheckText(o.category, "执法类别", "category", kMaxCategoryChars));
  SX_RETURN_IF_ERROR(CheckText(o.area, "执法区域", "area", kMaxAreaChars));
  if (!o.legal_qualification_number.empty() &&
      !IsQualificationNumber(o.legal_qualification_number)) {
    return Status::Invalid("法律职业资格证书编号须为 6–32 位大写字母或数字")
        .WithField("legalQualificationNumber");
  }
  if (o.first_time_reviewer && !o.legal_reviewer) {
    return Status::Invalid("只有法制审核人员才能标记为初次从事法制审核")
        .WithField("firstTimeReviewer");
  }
  // 行政处罚法 第58条第2款: 初次从事行政处罚决定法制审核的人员,应当通过国家统一法律职业资格考试
  // 取得法律职业资格.
  if (o.first_time_reviewer && o.legal_qualification_number.empty()) {
    return Status::Invalid(
               "初次从事法制审核的人员须取得法律职业资格(行政处罚法第五十八条),"
               "请填写法律职业资格证书编号")
        .WithField("legalQualificationNumber");
  }
  return Status::Ok();
}

void ApplyChange(const OfficerChange& change, NewOfficer& o) {
  if (change.status) o.certificate.status = *change.status;
  if (change.expires_on) o.certificate.expires_on = *change.expires_on;
  if (change.title) o.title = *change.title;
  if (change.area) o.area = *change.area;
}

std::string_view TrainingKindName(TrainingKind k) {
  return k == TrainingKind::kInduction ? "岗前培训" : "岗位培训";
}

std::optional<TrainingKind> ParseTrainingKind(std::string_view name) {
  for (auto k : {TrainingKind::kInduction, TrainingKind::kInService}) {
    if (TrainingKindName(k) == name) return k;
  }
  return std::nullopt;
}

Status ValidateTraining(const NewTraining& t, Date today) {
  if (!t.held_on.ok()) return Status::Invalid("培训日期无效").WithField("date");
  if (t.held_on > today) {
    return Status::Invalid(fmt::format("培训日期 {} 晚于今天 {},只能登记已完成的培训",
                                       FormatDate(t.held_on), FormatDate(today)))
        .WithField("date");
  }
  if (t.hours < 1 || t.hours > kMaxTrainingHours) {
    return Status::Invalid(fmt::format("培训学时须为 1–{} 的整数", kMaxTrainingHours))
        .WithField("hours");
  }
  return Status::Ok();
}

}  // namespace sx::domain
