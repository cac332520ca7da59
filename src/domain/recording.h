// 音像记录 (audio/video recording) duties of the case steps (RULES.md §2; 国办发〔2018〕118号
// 三(二); 行政强制法 第18条): for coercive on-site measures such as 查封、扣押 a recording of the
// whole process is mandatory and the step cannot be recorded without one; for 现场执法, 调查取证,
// 举行听证, 留置送达 and 公告送达 a recording is made as circumstances require — the step asks for
// one or for a recorded reason why there is none.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "domain/case_flow.h"
#include "util/status.h"

namespace sx::domain {

enum class RecordingDuty {
  kNone,
  kAsRequired,  // 根据实际情况进行音像记录: a recording, or a written reason why there is none
  kMandatory,  // 全过程音像记录: no step without a recording
};
std::string_view RecordingDutyCode(RecordingDuty d);  // "none", "as_required", "mandatory"

// The duty of one step, and the evidence key (`scene`) recordings of that step carry: evidence
// uploaded with step = scene counts for it ("investigation" for everything gathered while the
// case is under investigation, "seize", "hold_hearing", "serve", "decide_on_spot").
struct RecordingRequirement {
  RecordingDuty duty = RecordingDuty::kNone;
  std::string_view scene;       // evidence step key
  std::string_view scene_name;  // 调查取证, 举行听证, 留置送达 …
  std::string_view basis;       // the provision
};

// `method` matters for 送达 only (留置送达, 公告送达).
RecordingRequirement RecordingFor(CaseAction action, std::optional<ServiceMethod> method);

// The evidence steps the workbench offers, with their names, in display order.
struct EvidenceScene {
  std::string_view code;
  std::string_view name;
};
std::span<const EvidenceScene> EvidenceScenes();
bool KnownEvidenceScene(std::string_view code);

// Whether a media type counts as an audio/video recording.
bool IsRecordingType(std::string_view media_type);

inline constexpr std::size_t kMaxNoRecordingReasonChars = 500;

// Checks the duty against the recordings of the scene (`recordings`: audio/video evidence of the
// case with that step) and the reason given for having none. kInvalid (field "recording" for a
// mandatory recording that is missing, "noRecordingReason" for a missing reason), naming the scene
// and the provision.
Status CheckRecording(const RecordingRequirement& r, int recordings,
                      std::string_view no_recording_reason);

// 行政强制法 第10、17条: an administrative coercive measure (查封、扣押) only where the legal basis
// grants it to the agency — a 行政强制 power item whose basis names 查封 or 扣押.
bool AuthorizesSeizure(PowerCategory category, std::string_view basis);

}  // namespace sx::domain
