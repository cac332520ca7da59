// People: roles (DESIGN.md users table), enforcement certificates (执法证) and the rules about
// who may do what. Pure: the caller passes today's date.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/civil_date.h"
#include "util/status.h"

namespace sx::domain {

enum class Role {
  kOfficer,        // 执法人员
  kUnitHead,       // 承办机构负责人
  kLegalReviewer,  // 法制审核人员
  kLeader,         // 机关负责人
  kPublisher,      // 公示管理员
  kAdmin,          // 系统管理员
  kSupervisor,     // 监督人员 (司法局): reads across agencies
};

inline constexpr Role kAllRoles[] = {Role::kOfficer, Role::kUnitHead,  Role::kLegalReviewer,
                                     Role::kLeader,  Role::kPublisher, Role::kAdmin,
                                     Role::kSupervisor};

std::string_view RoleCode(Role r);  // "officer", "unit_head", …
std::string_view RoleName(Role r);  // "执法人员", …
std::optional<Role> ParseRole(std::string_view code);

// 执法证 status as recorded by the issuing authority.
enum class CertificateStatus { kValid, kSuspended, kRevoked };  // 有效 / 暂扣 / 注销
std::string_view CertificateStatusName(CertificateStatus s);
std::optional<CertificateStatus> ParseCertificateStatus(std::string_view name);

struct Certificate {
  std::string number;  // 执法证号, unique in the installation
  std::string issuer;  // 发证机关
  Date issued_on;
  Date expires_on;
  CertificateStatus status = CertificateStatus::kValid;
};

// Whether a certificate lets its holder enforce on `today` (行政处罚法 第42条: enforcement by
// officers holding valid certificates), and why not.
enum class Validity { kValid, kNotYetValid, kExpired, kSuspended, kRevoked };
Validity ValidityOn(const Certificate& c, Date today);
std::string_view ValidityName(Validity v);  // "有效", "尚未生效", "已过期", "暂扣", "注销"

// Certificates that expire within `days` (inclusive) from today and are still valid: shown on
// the agency's dashboard so renewal starts in time. Default 60 days.
bool ExpiresSoon(const Certificate& c, Date today, int days = 60);

// 执法证号: 4–32 upper-case letters, digits or hyphens.
bool IsCertificateNumber(std::string_view number);

// Checks a certificate record entered by an admin: number format, dates in order.
Status ValidateCertificate(const Certificate& c);

// 法制审核人员 should in principle be at least 5% of the agency's officers
// (国办发〔2018〕118号 四(二)). Reported, not enforced.
struct ReviewerRatio {
  int reviewers = 0;
  int officers = 0;
  double ratio() const { return officers == 0 ? 0.0 : static_cast<double>(reviewers) / officers; }
  bool meets_rule() const { return officers == 0 || reviewers * 20 >= officers; }
};

}  // namespace sx::domain
