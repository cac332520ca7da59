// 投诉举报 about enforcement (seed 四 制度建设; 国办发〔2018〕118号 六): what a member of the
// public may file without signing in, the tracking number they follow it by, and the states of
// its handling — received, assigned, replied (with the reply), turned into a case, or not
// accepted with the reason. The reply is due within 15 working days by default (the agency may
// set its own period: deadline rule `complaint.reply`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx::domain {

enum class ComplaintTopic {
  kConduct,    // 执法人员作风、态度
  kProcedure,  // 执法程序不规范
  kUnfair,     // 处罚畸重畸轻、裁量不当
  kPublicity,  // 应公开未公开或公开有误
  kDelay,      // 久拖不决、超期办理
  kViolation,  // 举报违法行为(如单位未缴存住房公积金)
  kOther,      // 其他
};
inline constexpr ComplaintTopic kAllComplaintTopics[] = {
    ComplaintTopic::kConduct,   ComplaintTopic::kProcedure, ComplaintTopic::kUnfair,
    ComplaintTopic::kPublicity, ComplaintTopic::kDelay,     ComplaintTopic::kViolation,
    ComplaintTopic::kOther};
std::string_view ComplaintTopicCode(ComplaintTopic t);  // "conduct", …
std::string_view ComplaintTopicName(ComplaintTopic t);  // "执法人员作风", …
std::optional<ComplaintTopic> ParseComplaintTopic(std::string_view code);

enum class ComplaintState {
  kReceived,     // 已受理, waiting to be assigned
  kAssigned,     // 办理中
  kReplied,      // 已答复
  kCaseOpened,   // 已立案 (a case was opened on it; the reply says so)
  kNotAccepted,  // 不予受理 (with the reason)
};
std::string_view ComplaintStateCode(ComplaintState s);
std::string_view ComplaintStateName(ComplaintState s);  // what the status page shows
std::optional<ComplaintState> ParseComplaintState(std::string_view code);
// Replied, case opened and not accepted end the handling.
bool IsClosed(ComplaintState s);

// What the public form sends. Anonymity is allowed (a report of a violation need not be signed),
// but then nobody can be told the answer except through the status page.
struct NewComplaint {
  ComplaintTopic topic = ComplaintTopic::kOther;
  std::string subject;  // 标题, 1–100 characters, one line
  std::string content;  // 内容, 10–5,000 characters
  std::string name;     // may be empty (anonymous)
  std::string phone;    // may be empty; else 7–20 digits with +, -, spaces
  std::string email;    // may be empty; else one @ and a dot after it
  std::string about;    // the case number, document number or officer concerned; may be empty
};

inline constexpr std::size_t kMaxComplaintContentChars = 5000;
inline constexpr std::size_t kMaxComplaintAttachments = 5;

// kInvalid naming the field and what to fix.
Status ValidateComplaint(const NewComplaint& c);

// The tracking number: "TS" + the date YYYYMMDD + 8 characters of Crockford base32 from
// `random` (40 bits) + Crockford's check symbol (the 40-bit value mod 37), e.g.
// "TS20261129-7K3QX9MB-4". Hard to guess, easy to read aloud; a mistyped character or two swapped
// ones are refused before any lookup.
std::string TrackingNumber(std::string_view yyyymmdd, std::uint64_t random);
bool IsTrackingNumber(std::string_view s);

// The handling's steps: kInvalid (field "state") when `to` does not follow `from` — only an
// assigned complaint is answered, closed ones stay closed.
Status CheckComplaintTransition(ComplaintState from, ComplaintState to);

}  // namespace sx::domain
