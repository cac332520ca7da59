#include "domain/access.h"

#include <map>

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

// The whole matrix: role × permission × own/other agency. A new role or permission without a row
// here fails the completeness check below.
struct Expect {
  bool own;
  bool other;
};
const std::map<std::pair<Role, Permission>, Expect>& Matrix() {
  using P = Permission;
  static const std::map<std::pair<Role, Permission>, Expect> m = {
      {{Role::kOfficer, P::kReadAgencyInternal}, {true, false}},
      {{Role::kOfficer, P::kManageAgency}, {false, false}},
      {{Role::kOfficer, P::kManagePeople}, {false, false}},
      {{Role::kOfficer, P::kManageUsers}, {false, false}},
      {{Role::kOfficer, P::kManageInstallation}, {false, false}},
      {{Role::kOfficer, P::kReadAuditTrail}, {false, false}},
      {{Role::kUnitHead, P::kReadAgencyInternal}, {true, false}},
      {{Role::kUnitHead, P::kManageAgency}, {false, false}},
      {{Role::kUnitHead, P::kManagePeople}, {false, false}},
      {{Role::kUnitHead, P::kManageUsers}, {false, false}},
      {{Role::kUnitHead, P::kManageInstallation}, {false, false}},
      {{Role::kUnitHead, P::kReadAuditTrail}, {false, false}},
      {{Role::kLegalReviewer, P::kReadAgencyInternal}, {true, false}},
      {{Role::kLegalReviewer, P::kManageAgency}, {false, false}},
      {{Role::kLegalReviewer, P::kManagePeople}, {false, false}},
      {{Role::kLegalReviewer, P::kManageUsers}, {false, false}},
      {{Role::kLegalReviewer, P::kManageInstallation}, {false, false}},
      {{Role::kLegalReviewer, P::kReadAuditTrail}, {false, false}},
      {{Role::kLeader, P::kReadAgencyInternal}, {true, false}},
      {{Role::kLeader, P::kManageAgency}, {false, false}},
      {{Role::kLeader, P::kManagePeople}, {false, false}},
      {{Role::kLeader, P::kManageUsers}, {false, false}},
      {{Role::kLeader, P::kManageInstallation}, {false, false}},
      {{Role::kLeader, P::kReadAuditTrail}, {true, false}},
      {{Role::kPublisher, P::kReadAgencyInternal}, {true, false}},
      {{Role::kPublisher, P::kManageAgency}, {false, false}},
      {{Role::kPublisher, P::kManagePeople}, {false, false}},
      {{Role::kPublisher, P::kManageUsers}, {false, false}},
      {{Role::kPublisher, P::kManageInstallation}, {false, false}},
      {{Role::kPublisher, P::kReadAuditTrail}, {false, false}},
      {{Role::kAdmin, P::kReadAgencyInternal}, {true, false}},
      {{Role::kAdmin, P::kManageAgency}, {true, false}},
      {{Role::kAdmin, P::kManagePeople}, {true, false}},
      {{Role::kAdmin, P::kManageUsers}, {true, false}},
      {{Role::kAdmin, P::kManageInstallation}, {false, false}},
      {{Role::kAdmin, P::kReadAuditTrail}, {true, false}},
      {{Role::kSupervisor, P::kReadAgencyInternal}, {true, true}},
      {{Role::kSupervisor, P::kManageAgency}, {false, false}},
      {{Role::kSupervisor, P::kManagePeople}, {false, false}},
      {{Role::kSupervisor, P::kManageUsers}, {false, false}},
      {{Role::kSupervisor, P::kManageInstallation}, {false, false}},
      {{Role::kSupervisor, P::kReadAuditTrail}, {true, true}},
      {{Role::kOfficer, P::kTrackDeadlines}, {true, false}},
      {{Role::kOfficer, P::kApproveExtension}, {false, false}},
      {{Role::kOfficer, P::kConfigureDeadlines}, {false, false}},
      {{Role::kUnitHead, P::kTrackDeadlines}, {true, false}},
      {{Role::kUnitHead, P::kApproveExtension}, {true, false}},
      {{Role::kUnitHead, P::kConfigureDeadlines}, {false, false}},
      {{Role::kLegalReviewer, P::kTrackDeadlines}, {false, false}},
      {{Role::kLegalReviewer, P::kApproveExtension}, {false, false}},
      {{Role::kLegalReviewer, P::kConfigureDeadlines}, {false, false}},
      {{Role::kLeader, P::kTrackDeadlines}, {true, false}},
      {{Role::kLeader, P::kApproveExtension}, {true, false}},
      {{Role::kLeader, P::kConfigureDeadlines}, {false, false}},
      {{Role::kPublisher, P::kTrackDeadlines}, {false, false}},
      {{Role::kPublisher, P::kApproveExtension}, {false, false}},
      {{Role::kPublisher, P::kConfigureDeadlines}, {false, false}},
      {{Role::kAdmin, P::kTrackDeadlines}, {true, false}},
      {{Role::kAdmin, P::kApproveExtension}, {false, false}},
      {{Role::kAdmin, P::kConfigureDeadlines}, {true, false}},
      {{Role::kSupervisor, P::kTrackDeadlines}, {false, false}},
      {{Role::kSupervisor, P::kApproveExtension}, {false, false}},
      {{Role::kSupervisor, P::kConfigureDeadlines}, {false, false}},
      // 案件办理: the roles the workflow names; supervisors read cases but take no step.
      {{Role::kOfficer, P::kHandleCases}, {true, false}},
      {{Role::kUnitHead, P::kHandleCases}, {true, false}},
      {{Role::kLegalReviewer, P::kHandleCases}, {true, false}},
      {{Role::kLeader, P::kHandleCases}, {true, false}},
      {{Role::kPublisher, P::kHandleCases}, {false, false}},
      {{Role::kAdmin, P::kHandleCases}, {false, false}},
      {{Role::kSupervisor, P::kHandleCases}, {false, false}},
      {{Role::kOfficer, P::kManagePowers}, {false, false}},
      {{Role::kUnitHead, P::kManagePowers}, {false, false}},
      {{Role::kLegalReviewer, P::kManagePowers}, {false, false}},
      {{Role::kLeader, P::kManagePowers}, {false, false}},
      {{Role::kPublisher, P::kManagePowers}, {false, false}},
      {{Role::kAdmin, P::kManagePowers}, {true, false}},
      {{Role::kSupervisor, P::kManagePowers}, {false, false}},
      // 法制审核目录清单: the review unit keeps it, the administrator may.
      {{Role::kOfficer, P::kManageReviewCatalogue}, {false, false}},
      {{Role::kUnitHead, P::kManageReviewCatalogue}, {false, false}},
      {{Role::kLegalReviewer, P::kManageReviewCatalogue}, {true, false}},
      {{Role::kLeader, P::kManageReviewCatalogue}, {false, false}},
      {{Role::kPublisher, P::kManageReviewCatalogue}, {false, false}},
      {{Role::kAdmin, P::kManageReviewCatalogue}, {true, false}},
      {{Role::kSupervisor, P::kManageReviewCatalogue}, {false, false}},
      // 事后公开 is the 公示管理员's alone (docs/disclosure.md).
      {{Role::kOfficer, P::kPublishDisclosures}, {false, false}},
      {{Role::kUnitHead, P::kPublishDisclosures}, {false, false}},
      {{Role::kLegalReviewer, P::kPublishDisclosures}, {false, false}},
      {{Role::kLeader, P::kPublishDisclosures}, {false, false}},
      {{Role::kPublisher, P::kPublishDisclosures}, {true, false}},
      {{Role::kAdmin, P::kPublishDisclosures}, {false, false}},
      {{Role::kSupervisor, P::kPublishDisclosures}, {false, false}},
      // 双随机 (docs/draw.md): the unit head, leader or administrator plan and draw; the team
      // (officers) or the unit head enter results.
      {{Role::kOfficer, P::kManageInspections}, {false, false}},
      {{Role::kUnitHead, P::kManageInspections}, {true, false}},
      {{Role::kLegalReviewer, P::kManageInspections}, {false, false}},
      {{Role::kLeader, P::kManageInspections}, {true, false}},
      {{Role::kPublisher, P::kManageInspections}, {false, false}},
      {{Role::kAdmin, P::kManageInspections}, {true, false}},
      {{Role::kSupervisor, P::kManageInspections}, {false, false}},
      {{Role::kOfficer, P::kRecordInspectionResults}, {true, false}},
      {{Role::kUnitHead, P::kRecordInspectionResults}, {true, false}},
      {{Role::kLegalReviewer, P::kRecordInspectionResults}, {false, false}},
      {{Role::kLeader, P::kRecordInspectionResults}, {false, false}},
      {{Role::kPublisher, P::kRecordInspectionResults}, {false, false}},
      {{Role::kAdmin, P::kRecordInspectionResults}, {false, false}},
      {{Role::kSupervisor, P::kRecordInspectionResults}, {false, false}},
      {{Role::kOfficer, P::kHandleComplaints}, {false, false}},
      {{Role::kUnitHead, P::kHandleComplaints}, {false, false}},
      {{Role::kLegalReviewer, P::kHandleComplaints}, {true, false}},
      {{Role::kLeader, P::kHandleComplaints}, {true, false}},
      {{Role::kPublisher, P::kHandleComplaints}, {false, false}},
      {{Role::kAdmin, P::kHandleComplaints}, {true, false}},
      {{Role::kSupervisor, P::kHandleComplaints}, {false, false}},
      {{Role::kOfficer, P::kManageAnnualReport}, {false, false}},
      {{Role::kUnitHead, P::kManageAnnualReport}, {false, false}},
      {{Role::kLegalReviewer, P::kManageAnnualReport}, {true, false}},
      {{Role::kLeader, P::kManageAnnualReport}, {true, false}},
      {{Role::kPublisher, P::kManageAnnualReport}, {false, false}},
      {{Role::kAdmin, P::kManageAnnualReport}, {true, false}},
      {{Role::kSupervisor, P::kManageAnnualReport}, {false, false}},
      {{Role::kOfficer, P::kManageEvaluations}, {false, false}},
      {{Role::kUnitHead, P::kManageEvaluations}, {false, false}},
      {{Role::kLegalReviewer, P::kManageEvaluations}, {true, false}},
      {{Role::kLeader, P::kManageEvaluations}, {true, false}},
      {{Role::kPublisher, P::kManageEvaluations}, {false, false}},
      {{Role::kAdmin, P::kManageEvaluations}, {false, false}},
      {{Role::kSupervisor, P::kManageEvaluations}, {true, true}},
      {{Role::kOfficer, P::kManageGuidance}, {false, false}},
      {{Role::kUnitHead, P::kManageGuidance}, {false, false}},
      {{Role::kLegalReviewer, P::kManageGuidance}, {true, false}},
      {{Role::kLeader, P::kManageGuidance}, {true, false}},
      {{Role::kPublisher, P::kManageGuidance}, {false, false}},
      {{Role::kAdmin, P::kManageGuidance}, {false, false}},
      {{Role::kSupervisor, P::kManageGuidance}, {false, false}},
  };
  return m;
}

TEST(Access, MatrixCoversEveryRoleAndPermission) {
  for (Role r : kAllRoles) {
    for (Permission p : kAllPermissions) {
      EXPECT_TRUE(Matrix().count({r, p})) << RoleCode(r) << " × " << PermissionName(p);
    }
  }
}

TEST(Access, SingleRoleMatrix) {
  constexpr std::int64_t kOwn = 1, kOther = 2;
  for (const auto& [key, want] : Matrix()) {
    const Role roles[] = {key.first};
    Actor a{kOwn, roles};
    EXPECT_EQ(Allowed(a, key.second, kOwn), want.own)
        << RoleCode(key.first) << " own " << PermissionName(key.second);
    EXPECT_EQ(Allowed(a, key.second, kOther), want.other)
        << RoleCode(key.first) << " other " << PermissionName(key.second);
  }
}

TEST(Access, RolesCombineButSupervisionNeverWrites) {
  const Role admin_and_supervisor[] = {Role::kAdmin, Role::kSupervisor};
  Actor a{1, admin_and_supervisor};
  EXPECT_TRUE(Allowed(a, Permission::kManagePeople, 1));   // as admin, own agency
  EXPECT_FALSE(Allowed(a, Permission::kManagePeople, 2));  // supervision gives no writes
  EXPECT_TRUE(Allowed(a, Permission::kReadAgencyInternal, 2));
  Actor nobody{1, {}};
  EXPECT_FALSE(Allowed(nobody, Permission::kReadAgencyInternal, 1));
}

TEST(Access, OnlyTheSupervisingOrganisationsAdminOpensAgencies) {
  const Role admin[] = {Role::kAdmin};
  const Role supervisor[] = {Role::kSupervisor};
  EXPECT_TRUE(Allowed(Actor{3, admin, true}, Permission::kManageInstallation, 0));
  EXPECT_FALSE(Allowed(Actor{1, admin, false}, Permission::kManageInstallation, 0));
  EXPECT_FALSE(Allowed(Actor{3, supervisor, true}, Permission::kManageInstallation, 0));
  // The bureau's admin sets agencies up (departments, accounts) but does not run them.
  EXPECT_TRUE(Allowed(Actor{3, admin, true}, Permission::kManageUsers, 3));
  EXPECT_TRUE(Allowed(Actor{3, admin, true}, Permission::kManageUsers, 1));
  EXPECT_TRUE(Allowed(Actor{3, admin, true}, Permission::kManageAgency, 1));
  EXPECT_FALSE(Allowed(Actor{3, admin, true}, Permission::kManagePeople, 1));
  EXPECT_FALSE(Allowed(Actor{3, admin, true}, Permission::kReadAuditTrail, 1));
  EXPECT_FALSE(Allowed(Actor{1, admin, false}, Permission::kManageUsers, 2));
}

TEST(Access, TokensActWithTheirScopesInTheirAgencyOnly) {
  const Role admin[] = {Role::kAdmin};
  const Permission read_people[] = {Permission::kReadAgencyInternal, Permission::kManagePeople};
  Actor t{1, admin, false, std::span<const Permission>(read_people)};
  EXPECT_TRUE(Allowed(t, Permission::kReadAgencyInternal, 1));
  EXPECT_TRUE(Allowed(t, Permission::kManagePeople, 1));
  EXPECT_FALSE(Allowed(t, Permission::kManagePeople, 2));
  EXPECT_FALSE(Allowed(t, Permission::kManageAgency, 1));  // the creator's roles do not leak in
  const Permission everything[] = {Permission::kManageUsers, Permission::kManageInstallation};
  Actor greedy{1, admin, true, std::span<const Permission>(everything)};
  EXPECT_FALSE(Allowed(greedy, Permission::kManageUsers, 1));
  EXPECT_FALSE(Allowed(greedy, Permission::kManageInstallation, 0));
}

TEST(Access, DeadlineWorkBelongsToEnforcementAgencies) {
  const Role admin[] = {Role::kAdmin};
  const Role leader[] = {Role::kLeader};
  // The bureau (司法局) supervises deadlines; it neither runs nor configures an agency's.
  for (Permission p : {Permission::kTrackDeadlines, Permission::kApproveExtension,
                       Permission::kConfigureDeadlines, Permission::kHandleCases}) {
    EXPECT_FALSE(Allowed(Actor{3, admin, true}, p, 3)) << PermissionName(p);
    EXPECT_FALSE(Allowed(Actor{3, admin, true}, p, 1)) << PermissionName(p);
    EXPECT_FALSE(Allowed(Actor{3, leader, true}, p, 3)) << PermissionName(p);
  }
  // An approval is a person's: no token may hold it.
  EXPECT_FALSE(IsTokenScope(Permission::kApproveExtension));
  EXPECT_FALSE(IsTokenScope(Permission::kHandleCases));  // steps are approvals and signatures
  EXPECT_FALSE(IsTokenScope(Permission::kPublishDisclosures));  // publishing is an approval
  EXPECT_TRUE(IsTokenScope(Permission::kTrackDeadlines));
}

TEST(Access, ScopeCodesRoundTrip) {
  for (Permission p : kAllPermissions) {
    EXPECT_EQ(ParseScope(ScopeCode(p)), p) << ScopeCode(p);
  }
  EXPECT_FALSE(ParseScope("people.*").has_value());
}

TEST(Access, OfficersAndUnitHeadsSeeTheirDepartment) {
  const Role officer[] = {Role::kOfficer};
  const Role head_and_officer[] = {Role::kUnitHead, Role::kOfficer};
  const Role reviewer[] = {Role::kLegalReviewer};
  const Role officer_and_leader[] = {Role::kOfficer, Role::kLeader};
  Actor a{1, officer};
  a.department_id = 10;
  EXPECT_TRUE(InDepartmentScope(a, 10));
  EXPECT_FALSE(InDepartmentScope(a, 11));
  EXPECT_FALSE(InDepartmentScope(a, std::nullopt));
  Actor h{1, head_and_officer};
  h.department_id = 10;
  EXPECT_FALSE(InDepartmentScope(h, 11));
  for (auto roles : {std::span<const Role>(reviewer), std::span<const Role>(officer_and_leader)}) {
    Actor wide{1, roles};
    wide.department_id = 10;
    EXPECT_TRUE(InDepartmentScope(wide, 11));  // an agency-wide role
  }
  Actor no_department{1, officer};
  EXPECT_TRUE(InDepartmentScope(no_department, 11));
}

TEST(Access, NobodyReviewsTheirOwnCase) {
  const std::int64_t involved[] = {7, 9};
  EXPECT_EQ(CheckNotOwnCase(7, involved).code(), Code::kPermission);
  EXPECT_TRUE(CheckNotOwnCase(8, involved).ok());
}

}  // namespace
}  // namespace sx::domain
