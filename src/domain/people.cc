#include "domain/people.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/utf8.h"

namespace sx::domain {

namespace {
struct RoleInfo {
  Role role;
  std::string_view code;
  std::string_view name;
};
constexpr RoleInfo kRoles[] = {
    {Role::kOfficer, "officer", "执法人员"},          {Role::kUnitHead, "unit_head", "承办机构负责人"},
    {Role::kLegalReviewer, "legal_reviewer", "法制审核人员"}, {Role::kLeader, "leader", "机关负责人"},
    {Role::kPublisher, "publisher", "公示管理员"},     {Role::kAdmin, "admin", "系统管理员"},
    {Role::kSupervisor, "supervisor", "监督人员"},
};
}  // namespace

std::string_view RoleCode(Role r) {
  for (const auto& i : kRoles) {
    if (i.role == r) return i.code;
  }
  return "officer";
}

std::string_view RoleName(Role r) {
  for (const auto& i : kRoles) {
    if (i.role == r) return i.name;
  }
  return "执法人员";
}

std::optional<Role> ParseRole(std::string_view code) {
  for (const auto& i : kRoles) {
    if (i.code == code) return i.role;
  }
  return std::nullopt;
}

std::string_view CertificateStatusName(CertificateStatus s) {
  switch (s) {
    case CertificateStatus::kValid: return "有效";
    case CertificateStatus::kSuspended: return "暂扣";
    case CertificateStatus::kRevoked: return "注销";
  }
  return "有效";
}

std::optional<CertificateStatus> ParseCertificateStatus(std::string_view name) {
  for (auto s : {CertificateStatus::kValid, CertificateStatus::kSuspended, CertificateStatus::kRevoked}) {
    if (CertificateStatusName(s) == name) return s;
  }
  return std::nullopt;
}

Validity ValidityOn(const Certificate& c, Date today) {
  if (c.status == CertificateStatus::kRevoked) return Validity::kRevoked;
  if (c.status == CertificateStatus::kSuspended) return Validity::kSuspended;
  if (today < c.issued_on) return Validity::kNotYetValid;
  if (today > c.expires_on) return Validity::kExpired;
  return Validity::kValid;
}

std::string_view ValidityName(Validity v) {
  switch (v) {
    case Validity::kValid: return "有效";
    case Validity::kNotYetValid: return "尚未生效";
    case Validity::kExpired: return "已过期";
    case Validity::kSuspended: return "暂扣";
    case Validity::kRevoked: return "注销";
  }
  return "有效";
}

bool ExpiresSoon(const Certificate& c, Date today, int days) {
  if (ValidityOn(c, today) != Validity::kValid) return false;
  return DaysBetween(today, c.expires_on) <= days;
}

bool IsCertificateNumber(std::string_view number) {
  return number.size() >= 4 && number.size() <= 32 &&
         std::all_of(number.begin(), number.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || ch == '-';
         });
}

Status ValidateCertificate(const Certificate& c) {
  if (!IsCertificateNumber(c.number)) {
    return Status::Invalid("执法证号须为 4–32 位大写字母、数字或连字符").WithField("certNumber");
  }
  auto issuer = CodePointCount(c.issuer);
  if (!issuer || *issuer == 0 || *issuer > 100 || HasControlChars(c.issuer)) {
    return Status::Invalid("发证机关须为 1–100 字").WithField("issuer");
  }
  if (!c.issued_on.ok() || !c.expires_on.ok()) {
    return Status::Invalid("发证日期或有效期无效").WithField("expiresOn");
  }
  if (c.expires_on <= c.issued_on) {
    return Status::Invalid(fmt::format("有效期至 {} 须晚于发证日期 {}", FormatDate(c.expires_on),
                                       FormatDate(c.issued_on)))
        .WithField("expiresOn");
  }
  return Status::Ok();
}

}  // namespace sx::domain
