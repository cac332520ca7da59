#include "domain/people.h"

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

Date D(const char* s) { return *ParseDate(s); }

Certificate Cert() {
  return Certificate{"ZZ-41010012", "郑州市人民政府", D("2024-01-01"), D("2026-12-31"),
                     CertificateStatus::kValid};
}

TEST(CivilDate, ParsesOnlyRealDays) {
  EXPECT_EQ(FormatDate(D("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2026-13-01"));
  EXPECT_FALSE(ParseDate("2026-1-01"));
  EXPECT_FALSE(ParseDate("2026/01/01"));
  EXPECT_FALSE(ParseDate("20260101xx"));
  EXPECT_FALSE(ParseDate(""));
  EXPECT_EQ(DaysBetween(D("2026-11-28"), D("2027-01-27")), 60);
  EXPECT_EQ(DaysBetween(D("2026-11-28"), D("2026-11-27")), -1);
}

TEST(Roles, CodesRoundTrip) {
  for (Role r : kAllRoles) {
    EXPECT_EQ(ParseRole(RoleCode(r)), r);
    EXPECT_FALSE(RoleName(r).empty());
  }
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_EQ(RoleName(Role::kLegalReviewer), "法制审核人员");
}

struct ValidityCase {
  const char* today;
  CertificateStatus status;
  Validity want;
};

class ValidityTest : public ::testing::TestWithParam<ValidityCase> {};

TEST_P(ValidityTest, Table) {
  Certificate c = Cert();
  c.status = GetParam().status;
  EXPECT_EQ(ValidityOn(c, D(GetParam().today)), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Article42, ValidityTest,
    ::testing::Values(ValidityCase{"2026-11-28", CertificateStatus::kValid, Validity::kValid},
                      ValidityCase{"2024-01-01", CertificateStatus::kValid, Validity::kValid},
                      ValidityCase{"2026-12-31", CertificateStatus::kValid, Validity::kValid},
                      ValidityCase{"2027-01-01", CertificateStatus::kValid, Validity::kExpired},
                      ValidityCase{"2023-12-31", CertificateStatus::kValid, Validity::kNotYetValid},
                      ValidityCase{"2026-11-28", CertificateStatus::kSuspended, Validity::kSuspended},
                      ValidityCase{"2026-11-28", CertificateStatus::kRevoked, Validity::kRevoked},
                      ValidityCase{"2027-06-01", CertificateStatus::kRevoked, Validity::kRevoked}));

TEST(Certificates, ExpiringWithinSixtyDays) {
  Certificate c = Cert();  // expires 2026-12-31
  EXPECT_TRUE(ExpiresSoon(c, D("2026-11-28")));
  EXPECT_TRUE(ExpiresSoon(c, D("2026-11-01")));   // exactly 60 days
  EXPECT_FALSE(ExpiresSoon(c, D("2026-10-31")));  // 61 days
  EXPECT_FALSE(ExpiresSoon(c, D("2027-01-01")));  // already expired: shown as expired instead
  c.status = CertificateStatus::kSuspended;
  EXPECT_FALSE(ExpiresSoon(c, D("2026-11-28")));
}

TEST(Certificates, Validation) {
  EXPECT_TRUE(ValidateCertificate(Cert()).ok());
  Certificate c = Cert();
  c.number = "zz 1";
  EXPECT_EQ(ValidateCertificate(c).field(), "certNumber");
  c = Cert();
  c.expires_on = c.issued_on;
  EXPECT_EQ(ValidateCertificate(c).field(), "expiresOn");
  c = Cert();
  c.issuer = "";
  EXPECT_EQ(ValidateCertificate(c).field(), "issuer");
}

TEST(ReviewerRatio, FivePercentRule) {
  EXPECT_TRUE((ReviewerRatio{1, 20}.meets_rule()));
  EXPECT_FALSE((ReviewerRatio{1, 21}.meets_rule()));
  EXPECT_TRUE((ReviewerRatio{0, 0}.meets_rule()));
  EXPECT_DOUBLE_EQ((ReviewerRatio{2, 40}.ratio()), 0.05);
}

}  // namespace
}  // namespace sx::domain
