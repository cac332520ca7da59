#include "domain/access.h"

#include <algorithm>

namespace sx::domain {

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kReadAgencyInternal:
      return "查看本机关内部信息";
    case Permission::kManageAgency:
      return "管理执法主体";
    case Permission::kManagePeople:
      return "管理执法人员";
    case Permission::kManageUsers:
      return "管理用户与角色";
    case Permission::kReadAuditTrail:
      return "查看登录与权限记录";
    case Permission::kManageInstallation:
      return "开设执法主体";
    case Permission::kTrackDeadlines:
      return "办理期限事项";
    case Permission::kApproveExtension:
      return "批准延长期限";
    case Permission::kConfigureDeadlines:
      return "设置本机关期限";
    case Permission::kHandleCases:
      return "办理案件";
    case Permission::kManagePowers:
      return "管理权责清单";
    case Permission::kManageReviewCatalogue:
      return "维护法制审核目录清单";
    case Permission::kPublishDisclosures:
      return "发布、撤下和更正公示信息";
    case Permission::kManageInspections:
      return "管理双随机抽查";
    case Permission::kRecordInspectionResults:
      return "录入抽查结果";
    case Permission::kHandleComplaints:
      return "办理投诉举报";
    case Permission::kManageAnnualReport:
      return "编制和发布统计年报";
    case Permission::kManageEvaluations:
      return "案卷评查";
    case Permission::kManageGuidance:
      return "发布指导案例";
  }
  return "";
}

std::string_view ScopeCode(Permission p) {
  switch (p) {
    case Permission::kReadAgencyInternal:
      return "agency.read";
    case Permission::kManageAgency:
      return "agency.manage";
    case Permission::kManagePeople:
      return "people.manage";
    case Permission::kManageUsers:
      return "users.manage";
    case Permission::kReadAuditTrail:
      return "audit.read";
    case Permission::kManageInstallation:
      return "installation.manage";
    case Permission::kTrackDeadlines:
      return "deadline.track";
    case Permission::kApproveExtension:
      return "deadline.approve";
    case Permission::kConfigureDeadlines:
      return "deadline.configure";
    case Permission::kHandleCases:
      return "case.handle";
    case Permission::kManagePowers:
      return "powers.manage";
    case Permission::kManageReviewCatalogue:
      return "review.catalogue";
    case Permission::kPublishDisclosures:
      return "disclosure.publish";
    case Permission::kManageInspections:
      return "inspection.manage";
    case Permission::kRecordInspectionResults:
      return "inspection.result";
    case Permission::kHandleComplaints:
      return "complaint.handle";
    case Permission::kManageAnnualReport:
      return "report.annual";
    case Permission::kManageEvaluations:
      return "evaluation.manage";
    case Permission::kManageGuidance:
      return "guidance.manage";
  }
  return "";
}

std::optional<Permission> ParseScope(std::string_view code) {
  for (Permission p : kAllPermissions) {
    if (ScopeCode(p) == code) return p;
  }
  return std::nullopt;
}

bool IsTokenScope(Permission p) {
  // Case steps are approvals and signatures: a person's, never an integration's.
  return p != Permission::kManageUsers && p != Permission::kManageInstallation &&
         p != Permission::kApproveExtension && p != Permission::kHandleCases &&
         p != Permission::kPublishDisclosures && p != Permission::kManageInspections &&
         p != Permission::kRecordInspectionResults && p != Permission::kHandleComplaints &&
         p != Permission::kManageAnnualReport && p != Permission::kManageEvaluations &&
         p != Permission::kManageGuidance;
}

namespace {

bool Has(const Actor& a, Role r) {
  return std::find(a.roles.begin(), a.roles.end(), r) != a.roles.end();
}

bool Reads(Permission p) {
  return p == Permission::kReadAgencyInternal || p == Permission::kReadAuditTrail;
}

bool DeadlineWork(Permission p) {
  return p == Permission::kTrackDeadlines || p == Permission::kApproveExtension ||
         p == Permission::kConfigureDeadlines || p == Permission::kHandleCases;
}

// Which roles hold a permission within their own agency.
bool RoleGrants(Role r, Permission p) {
  switch (p) {
    case Permission::kReadAgencyInternal:
      return true;  // every staff role works with its own agency's records
    case Permission::kManageAgency:
    case Permission::kManagePeople:
    case Permission::kManageUsers:
      return r == Role::kAdmin;
    case Permission::kReadAuditTrail:
      return r == Role::kAdmin || r == Role::kLeader;
    case Permission::kManageInstallation:
      return false;  // decided by the organisation, below
    case Permission::kTrackDeadlines:
      return r == Role::kOfficer || r == Role::kUnitHead || r == Role::kLeader || r == Role::kAdmin;
    case Permission::kApproveExtension:  // 承办机构负责人 or 机关负责人 (行政处罚法 第60条)
      return r == Role::kUnitHead || r == Role::kLeader;
    case Permission::kConfigureDeadlines:
      return r == Role::kAdmin;
    case Permission::kHandleCases:  // 执法人员, 承办机构负责人, 法制审核人员, 机关负责人
      return r == Role::kOfficer || r == Role::kUnitHead || r == Role::kLegalReviewer ||
             r == Role::kLeader;
    case Permission::kManagePowers:
      return r == Role::kAdmin;
    case Permission::kManageReviewCatalogue:
      return r == Role::kAdmin || r == Role::kLegalReviewer;
    case Permission::kPublishDisclosures:
      return r == Role::kPublisher;
    case Permission::kManageInspections:
      return r == Role::kUnitHead || r == Role::kLeader || r == Role::kAdmin;
    case Permission::kRecordInspectionResults:
      return r == Role::kOfficer || r == Role::kUnitHead;
    case Permission::kHandleComplaints:
    case Permission::kManageAnnualReport:
      return r == Role::kLegalReviewer || r == Role::kLeader || r == Role::kAdmin;
    case Permission::kManageEvaluations:
    case Permission::kManageGuidance:
      return r == Role::kLegalReviewer || r == Role::kLeader;
  }
  return false;
}

}  // namespace

bool Allowed(const Actor& actor, Permission p, std::int64_t target_agency) {
  if (actor.scopes) {
    const auto& s = *actor.scopes;
    return IsTokenScope(p) && actor.agency_id == target_agency &&
           std::find(s.begin(), s.end(), p) != s.end();
  }
  const bool installation_admin = actor.supervisor_org && Has(actor, Role::kAdmin);
  if (p == Permission::kManageInstallation) return installation_admin;
  if (actor.supervisor_org && DeadlineWork(p)) return false;
  // The installation's administrator sets agencies up: their departments and accounts (the
  // first 系统管理员 of a new agency), never their officers, cases or records.
  if (installation_admin && (p == Permission::kManageAgency || p == Permission::kManageUsers)) {
    return true;
  }
  if (Has(actor, Role::kSupervisor) && Reads(p)) return true;  // across agencies, read-only
  // 案卷评查 is the supervisors' own work, on any agency's files (their only write).
  if (Has(actor, Role::kSupervisor) && p == Permission::kManageEvaluations) return true;
  if (actor.agency_id != target_agency) return false;
  return std::any_of(actor.roles.begin(), actor.roles.end(),
                     [p](Role r) { return r != Role::kSupervisor && RoleGrants(r, p); });
}

bool InDepartmentScope(const Actor& actor, std::optional<std::int64_t> record_department) {
  if (actor.scopes || !actor.department_id) return true;
  const bool department_bound =
      !actor.roles.empty() && std::all_of(actor.roles.begin(), actor.roles.end(), [](Role r) {
        return r == Role::kOfficer || r == Role::kUnitHead;
      });
  return !department_bound || record_department == actor.department_id;
}

Status CheckNotOwnCase(std::int64_t actor_user, std::span<const std::int64_t> involved) {
  if (std::find(involved.begin(), involved.end(), actor_user) != involved.end()) {
    return Status::Permission("不能审核或批准本人承办、参与的案件(回避)");
  }
  return Status::Ok();
}

}  // namespace sx::domain
