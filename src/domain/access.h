// Who may do what, on whose data: least privilege by role and by data scope. Pure policy, used
// by the HTTP layer for every route that is not public, and tested as a full matrix.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "domain/people.h"

namespace sx::domain {

enum class Permission {
  kReadAgencyInternal,  // dashboards, full officer records, users of the agency
  kManageAgency,        // agency details and departments
  kManagePeople,        // officers, certificates, trainings, CSV import
  kManageUsers,         // accounts and role assignments
  kReadAuditTrail,      // sign-in and permission records
  kManageInstallation,  // create agencies: only the supervising organisation's administrator
  // Deadlines (期限管理), in an enforcement agency only: open and complete deadlines; approve an
  // extension (行政处罚法 第60条: 负责人批准); set the agency's own periods.
  kTrackDeadlines,
  kApproveExtension,
  kConfigureDeadlines,
  // Cases (案件办理), in an enforcement agency only: take the steps of a case, draft and sign its
  // documents. Which step needs which role (立案 by an officer, 决定 by a leader, …) is the
  // workflow's rule (domain/case_flow.h), checked on top of this.
  kHandleCases,
  kManagePowers,  // the agency's 权责清单 and 裁量基准
  // The agency's 法制审核目录清单 (domain/review.h): kept by the 法制审核机构, or the
  // administrator.
  kManageReviewCatalogue,
  // 事后公开 (docs/disclosure.md): approve and publish the redacted items, withhold, withdraw and
  // correct them — the 公示管理员's.
  kPublishDisclosures,
  // 双随机 (docs/draw.md): the target roster, conflicts, item list, plans, the draw and
  // replacements — 承办机构负责人, 机关负责人 or the administrator.
  kManageInspections,
  // Entering an inspection's result — a member of the drawn team (checked by the service) or
  // the unit head.
  kRecordInspectionResults,
  // 投诉举报 (docs/supervision.md): assign, answer or refuse the public's complaints, whose
  // contacts only these see — 法制审核人员 (the 法制机构), 机关负责人, the administrator.
  kHandleComplaints,
  // 行政执法统计年报: compile the draft and publish it — 法制审核人员, 机关负责人, the
  // administrator.
  kManageAnnualReport,
  // 案卷评查 (docs/supervision.md): templates, rounds, scores, rectification reviews — the
  // supervising organisation's 监督人员 for any agency, and within an agency its 法制审核人员 and
  // 机关负责人 (peers; never on a case they handled, checked by the service).
  kManageEvaluations,
  // 案例指导: select closed cases, edit the redacted text, publish and withdraw — 法制审核人员,
  // 机关负责人.
  kManageGuidance,
};

inline constexpr Permission kAllPermissions[] = {
    Permission::kReadAgencyInternal, Permission::kManageAgency,
    Permission::kManagePeople,       Permission::kManageUsers,
    Permission::kReadAuditTrail,     Permission::kManageInstallation,
    Permission::kTrackDeadlines,     Permission::kApproveExtension,
    Permission::kConfigureDeadlines, Permission::kHandleCases,
    Permission::kManagePowers,       Permission::kManageReviewCatalogue,
    Permission::kPublishDisclosures, Permission::kManageInspections,
    Permission::kRecordInspectionResults, Permission::kHandleComplaints,
    Permission::kManageAnnualReport,      Permission::kManageEvaluations,
    Permission::kManageGuidance};

std::string_view PermissionName(Permission p);

// Scope codes of API tokens ("agency.read", …). Tokens never manage users or the installation,
// and never approve: a leaked integration secret must not be able to mint accounts or agencies,
// and an approval (审批) is a person's.
std::string_view ScopeCode(Permission p);
std::optional<Permission> ParseScope(std::string_view code);
bool IsTokenScope(Permission p);

struct Actor {
  std::int64_t agency_id = 0;
  std::span<const Role> roles;
  // The actor's organisation supervises (司法局) rather than enforces.
  bool supervisor_org = false;
  // An API token acts with exactly these scopes, in its own agency, whatever its creator's roles.
  std::optional<std::span<const Permission>> scopes = std::nullopt;
  // The actor's 内设机构, when they have one.
  std::optional<std::int64_t> department_id = std::nullopt;
};

// True when `actor` may exercise `p` on data of `target_agency`. Staff act only within their own
// agency; a supervisor (司法局) reads every agency's data and changes none; the supervising
// organisation's administrator is the installation's: opens agencies (`target_agency` is ignored
// for that) and manages any agency's departments and accounts, but not its officers or records.
// Deadline work belongs to enforcement agencies: nobody in the supervising organisation does it.
bool Allowed(const Actor& actor, Permission p, std::int64_t target_agency);

// Data scope inside the agency, for records that belong to a department (an officer's record;
// later a case): an actor whose only roles are 执法人员 and 承办机构负责人 and who has a
// department sees that department's records; every other role, a token, and anyone without a
// department see the whole agency's. Applies after Allowed.
bool InDepartmentScope(const Actor& actor, std::optional<std::int64_t> record_department);

// Separation of duties: nobody reviews or approves a case they handled (行政处罚法 第43条 回避;
// 第58条: the reviewer is not the handler). `involved` lists the users who handled or approved it.
Status CheckNotOwnCase(std::int64_t actor_user, std::span<const std::int64_t> involved);

}  // namespace sx::domain
