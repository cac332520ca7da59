// The personnel database (执法人员库 / 法制审核人员库): officers with their 执法证 and training.
// What is kept is what the law requires to publish (姓名, 职务, 执法证号, 执法区域, 执法类别 —
// 国办发〔2018〕118号 二) plus what the certificate and review rules need; nothing more.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/civil_date.h"
#include "domain/people.h"
#include "util/status.h"

namespace sx::domain {

struct NewOfficer {
  std::optional<std::int64_t> department_id;  // 所在内设机构, of the same agency
  std::string name;                           // 姓名
  std::string title;                          // 职务
  Certificate certificate;
  std::string category;                    // 执法类别
  std::string area;                        // 执法区域
  bool legal_reviewer = false;             // 法制审核人员
  std::string legal_qualification_number;  // 法律职业资格证书编号; empty when none
  bool first_time_reviewer = false;        // 初次从事法制审核 (行政处罚法 第58条)
};

struct Officer : NewOfficer {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string agency_name;      // read with the officer, for display
  std::string department_name;  // empty without department
  int training_count = 0;
  std::string created_at;  // RFC 3339 UTC
  std::string updated_at;
};

// Limits on the fields, in code points.
inline constexpr std::size_t kMaxOfficerNameChars = 30;
inline constexpr std::size_t kMaxOfficerTitleChars = 30;
inline constexpr std::size_t kMaxCategoryChars = 50;
inline constexpr std::size_t kMaxAreaChars = 100;

// Checks an officer record; the Status names the field (API name) and says what to fix.
// A first-time legal reviewer must hold the 法律职业资格 (行政处罚法 第58条第2款).
Status ValidateNewOfficer(const NewOfficer& o);

// A change by an administrator: certificate status (e.g. 暂扣), expiry, title, area.
struct OfficerChange {
  std::optional<CertificateStatus> status;
  std::optional<Date> expires_on;
  std::optional<std::string> title;
  std::optional<std::string> area;
  bool empty() const { return !status && !expires_on && !title && !area; }
};
void ApplyChange(const OfficerChange& change, NewOfficer& o);

// 岗前培训 before first enforcing, 岗位培训 every year after (国办发〔2018〕118号 五(二)).
enum class TrainingKind { kInduction, kInService };  // 岗前培训 / 岗位培训
std::string_view TrainingKindName(TrainingKind k);
std::optional<TrainingKind> ParseTrainingKind(std::string_view name);

struct NewTraining {
  TrainingKind kind = TrainingKind::kInService;
  Date held_on;
  int hours = 0;
  bool passed = true;  // 合格 / 不合格
};

struct Training : NewTraining {
  std::int64_t id = 0;
  std::int64_t officer_id = 0;
  std::string created_at;
};

// One personnel import (人员批量导入); the original file is kept in the blob store.
struct OfficerImport {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string file_digest;  // "sha256:…"
  std::int64_t file_size = 0;
  std::int64_t officers = 0;  // officers created
  std::int64_t actor_id = 0;
  std::string created_at;
};

inline constexpr int kMaxTrainingHours = 500;

// Hours 1..kMaxTrainingHours; the date a real day not after `today`.
Status ValidateTraining(const NewTraining& t, Date today);

}  // namespace sx::domain
