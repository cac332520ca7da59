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
      {{Role::kOfficer, P::kReadAuditTrail}, {false, false}},
      {{Role::kUnitHead, P::kReadAgencyInternal}, {true, false}},
      {{Role::kUnitHead, P::kManageAgency}, {false, false}},
      {{Role::kUnitHead, P::kManagePeople}, {false, false}},
      {{Role::kUnitHead, P::kManageUsers}, {false, false}},
      {{Role::kUnitHead, P::kReadAuditTrail}, {false, false}},
      {{Role::kLegalReviewer, P::kReadAgencyInternal}, {true, false}},
      {{Role::kLegalReviewer, P::kManageAgency}, {false, false}},
      {{Role::kLegalReviewer, P::kManagePeople}, {false, false}},
      {{Role::kLegalReviewer, P::kManageUsers}, {false, false}},
      {{Role::kLegalReviewer, P::kReadAuditTrail}, {false, false}},
      {{Role::kLeader, P::kReadAgencyInternal}, {true, false}},
      {{Role::kLeader, P::kManageAgency}, {false, false}},
      {{Role::kLeader, P::kManagePeople}, {false, false}},
      {{Role::kLeader, P::kManageUsers}, {false, false}},
      {{Role::kLeader, P::kReadAuditTrail}, {true, false}},
      {{Role::kPublisher, P::kReadAgencyInternal}, {true, false}},
      {{Role::kPublisher, P::kManageAgency}, {false, false}},
      {{Role::kPublisher, P::kManagePeople}, {false, false}},
      {{Role::kPublisher, P::kManageUsers}, {false, false}},
      {{Role::kPublisher, P::kReadAuditTrail}, {false, false}},
      {{Role::kAdmin, P::kReadAgencyInternal}, {true, false}},
      {{Role::kAdmin, P::kManageAgency}, {true, false}},
      {{Role::kAdmin, P::kManagePeople}, {true, false}},
      {{Role::kAdmin, P::kManageUsers}, {true, false}},
      {{Role::kAdmin, P::kReadAuditTrail}, {true, false}},
      {{Role::kSupervisor, P::kReadAgencyInternal}, {true, true}},
      {{Role::kSupervisor, P::kManageAgency}, {false, false}},
      {{Role::kSupervisor, P::kManagePeople}, {false, false}},
      {{Role::kSupervisor, P::kManageUsers}, {false, false}},
      {{Role::kSupervisor, P::kReadAuditTrail}, {true, true}},
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

TEST(Access, NobodyReviewsTheirOwnCase) {
  const std::int64_t involved[] = {7, 9};
  EXPECT_EQ(CheckNotOwnCase(7, involved).code(), Code::kPermission);
  EXPECT_TRUE(CheckNotOwnCase(8, involved).ok());
}

}  // namespace
}  // namespace sx::domain
