#include "domain/recording.h"

#include <fmt/format.h>

#include "domain/text.h"

namespace sx::domain {

namespace {

constexpr std::string_view kBasis118 = "国办发〔2018〕118号 三(二)";

constexpr EvidenceScene kScenes[] = {
    {"investigation", "调查取证"},
    {"seize", "查封扣押"},
    {"decide_on_spot", "当场处罚"},
    {"hold_hearing", "举行听证"},
    {"serve", "送达"},
    {"execution", "执行"},
    {"other", "其他"},
};

}  // namespace

std::string_view RecordingDutyCode(RecordingDuty d) {
  switch (d) {
    case RecordingDuty::kNone:
      return "none";
    case RecordingDuty::kAsRequired:
      return "as_required";
    case RecordingDuty::kMandatory:
      return "mandatory";
  }
  return "none";
}

RecordingRequirement RecordingFor(CaseAction action, std::optional<ServiceMethod> method) {
  using D = RecordingDuty;
  switch (action) {
    case CaseAction::kSeize:
      return {D::kMandatory, "seize", "查封扣押", "行政强制法 第18条;国办发〔2018〕118号 三(二)"};
    case CaseAction::kFinishInvestigation:
      return {D::kAsRequired, "investigation", "调查取证", kBasis118};
    case CaseAction::kDecideOnSpot:
      return {D::kAsRequired, "decide_on_spot", "现场执法(当场处罚)", kBasis118};
    case CaseAction::kHoldHearing:
      return {D::kAsRequired, "hold_hearing", "举行听证", kBasis118};
    case CaseAction::kServe:
      if (method == ServiceMethod::kLeft) return {D::kAsRequired, "serve", "留置送达", kBasis118};
      if (method == ServiceMethod::kPublic) return {D::kAsRequired, "serve", "公告送达", kBasis118};
      return {};
    default:
      return {};
  }
}

std::span<const EvidenceScene> EvidenceScenes() { return kScenes; }

bool KnownEvidenceScene(std::string_view code) {
  for (const auto& s : kScenes) {
    if (s.code == code) return true;
  }
  return false;
}

bool IsRecordingType(std::string_view media_type) {
  return media_type.starts_with("audio/") || media_type.starts_with("video/");
}

Status CheckRecording(const RecordingRequirement& r, int recordings,
                      std::string_view no_recording_reason) {
  switch (r.duty) {
    case RecordingDuty::kNone:
      return Status::Ok();
    case RecordingDuty::kMandatory:
      if (recordings > 0) return Status::Ok();
      return Status::Invalid(
                 fmt::format("{}须全程音像记录({}):请先上传本环节的录音录像,再办理此步骤",
                             r.scene_name, r.basis))
          .WithField("recording");
    case RecordingDuty::kAsRequired: {
      if (recordings > 0) return Status::Ok();
      if (no_recording_reason.empty()) {
        return Status::Invalid(
                   fmt::format("{}应根据实际情况进行音像记录({}):请上传本环节的录音录像,"
                               "或填写未录音录像的理由",
                               r.scene_name, r.basis))
            .WithField("noRecordingReason");
      }
      SX_RETURN_IF_ERROR(CheckText(no_recording_reason, "未录音录像的理由", "noRecordingReason",
                                   kMaxNoRecordingReasonChars, true));
      std::size_t chars = 0;
      for (unsigned char ch : no_recording_reason) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
      if (chars < 4) {
        return Status::Invalid("未录音录像的理由过短,请具体说明").WithField("noRecordingReason");
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

bool AuthorizesSeizure(PowerCategory category, std::string_view basis) {
  return category == PowerCategory::kCoercion && (basis.find("查封") != std::string_view::npos ||
                                                  basis.find("扣押") != std::string_view::npos);
}

}  // namespace sx::domain
