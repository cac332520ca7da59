#include "domain/officer.h"

#include <functional>

#include <gtest/gtest.h>

namespace sx::domain {
namespace {

Date D(const char* s) { return *ParseDate(s); }

NewOfficer Valid() {
  NewOfficer o;
  o.name = "张伟";
  o.title = "科员";
  o.certificate = {"ZZGJJ-2023-001", "郑州市人民政府", D("2023-03-01"), D("2027-02-28"),
                   CertificateStatus::kValid};
  o.category = "住房公积金监督";
  o.area = "郑州市";
  return o;
}

struct OfficerCase {
  const char* label;
  std::function<void(NewOfficer&)> edit;
  const char* field;  // "" when valid
};

class OfficerValidation : public ::testing::TestWithParam<OfficerCase> {};

TEST_P(OfficerValidation, Table) {
  NewOfficer o = Valid();
  GetParam().edit(o);
  Status st = ValidateNewOfficer(o);
  if (*GetParam().field == '\0') {
    EXPECT_TRUE(st.ok()) << st.message();
  } else {
    EXPECT_EQ(st.code(), Code::kInvalid);
    EXPECT_EQ(st.field(), GetParam().field) << st.message();
    EXPECT_FALSE(st.message().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fields, OfficerValidation,
    ::testing::Values(
        OfficerCase{"Valid", [](NewOfficer&) {}, ""},
        OfficerCase{"NameEmpty", [](NewOfficer& o) { o.name = ""; }, "name"},
        OfficerCase{"NameThirtyChars",
                    [](NewOfficer& o) {
                      o.name.clear();
                      for (int i = 0; i < 30; ++i) o.name += "张";
                    },
                    ""},
        OfficerCase{"NameThirtyOneChars",
                    [](NewOfficer& o) {
                      o.name.clear();
                      for (int i = 0; i < 31; ++i) o.name += "张";
                    },
                    "name"},
        OfficerCase{"NameWithNewline", [](NewOfficer& o) { o.name = "张\n伟"; }, "name"},
        OfficerCase{"NameBadUtf8", [](NewOfficer& o) { o.name = "\xff"; }, "name"},
        OfficerCase{"TitleEmpty", [](NewOfficer& o) { o.title = ""; }, "title"},
        OfficerCase{"CertNumberLowerCase", [](NewOfficer& o) { o.certificate.number = "zz-1234"; },
                    "certNumber"},
        OfficerCase{"CertExpiresBeforeIssue",
                    [](NewOfficer& o) { o.certificate.expires_on = D("2022-01-01"); }, "expiresOn"},
        OfficerCase{"CategoryEmpty", [](NewOfficer& o) { o.category = ""; }, "category"},
        OfficerCase{"AreaSpaces", [](NewOfficer& o) { o.area = " 郑州市"; }, "area"},
        OfficerCase{"ReviewerWithoutQualification", [](NewOfficer& o) { o.legal_reviewer = true; },
                    ""},
        // 行政处罚法 第58条: a first-time reviewer needs the 法律职业资格.
        OfficerCase{"FirstTimeReviewerWithoutQualification",
                    [](NewOfficer& o) {
                      o.legal_reviewer = true;
                      o.first_time_reviewer = true;
                    },
                    "legalQualificationNumber"},
        OfficerCase{"FirstTimeReviewerWithQualification",
                    [](NewOfficer& o) {
                      o.legal_reviewer = true;
                      o.first_time_reviewer = true;
                      o.legal_qualification_number = "A20194101001234";
                    },
                    ""},
        OfficerCase{"FirstTimeButNotReviewer",
                    [](NewOfficer& o) {
                      o.first_time_reviewer = true;
                      o.legal_qualification_number = "A20194101001234";
                    },
                    "firstTimeReviewer"},
        OfficerCase{"QualificationMalformed",
                    [](NewOfficer& o) {
                      o.legal_reviewer = true;
                      o.legal_qualification_number = "a-1";
                    },
                    "legalQualificationNumber"}),
    [](const ::testing::TestParamInfo<OfficerCase>& info) { return info.param.label; });

TEST(OfficerChange, AppliesOnlyWhatIsSet) {
  NewOfficer o = Valid();
  OfficerChange c;
  EXPECT_TRUE(c.empty());
  c.status = CertificateStatus::kSuspended;
  c.area = "郑州市金水区";
  ApplyChange(c, o);
  EXPECT_EQ(o.certificate.status, CertificateStatus::kSuspended);
  EXPECT_EQ(o.area, "郑州市金水区");
  EXPECT_EQ(o.title, "科员");
  EXPECT_EQ(FormatDate(o.certificate.expires_on), "2027-02-28");
}

struct TrainingCase {
  const char* label;
  const char* date;
  int hours;
  const char* field;
};

class TrainingValidation : public ::testing::TestWithParam<TrainingCase> {};

TEST_P(TrainingValidation, Table) {
  NewTraining t{TrainingKind::kInduction, D(GetParam().date), GetParam().hours, true};
  Status st = ValidateTraining(t, D("2026-01-05"));
  if (*GetParam().field == '\0') {
    EXPECT_TRUE(st.ok()) << st.message();
  } else {
    EXPECT_EQ(st.field(), GetParam().field) << st.message();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Trainings, TrainingValidation,
    ::testing::Values(TrainingCase{"Today", "2026-01-05", 8, ""},
                      TrainingCase{"Past", "2025-03-01", 40, ""},
                      TrainingCase{"Future", "2026-01-06", 8, "date"},
                      TrainingCase{"ZeroHours", "2025-03-01", 0, "hours"},
                      TrainingCase{"MaxHours", "2025-03-01", 500, ""},
                      TrainingCase{"TooManyHours", "2025-03-01", 501, "hours"}),
    [](const ::testing::TestParamInfo<TrainingCase>& info) { return info.param.label; });

TEST(Training, KindsRoundTrip) {
  EXPECT_EQ(ParseTrainingKind("岗前培训"), TrainingKind::kInduction);
  EXPECT_EQ(ParseTrainingKind("岗位培训"), TrainingKind::kInService);
  EXPECT_FALSE(ParseTrainingKind("其他"));
}

TEST(CivilDate, ShanghaiDateIsUtcPlusEight) {
  using namespace std::chrono;
  // 2026-01-04T16:00:00Z is midnight in Shanghai.
  const sys_seconds midnight{seconds(1767542400)};
  EXPECT_EQ(FormatDate(ShanghaiDate(midnight)), "2026-01-05");
  EXPECT_EQ(FormatDate(ShanghaiDate(midnight - seconds(1))), "2026-01-04");
  EXPECT_EQ(FormatDate(AddDays(D("2026-12-31"), 1)), "2027-01-01");
  EXPECT_EQ(FormatDate(AddDays(D("2026-03-01"), -1)), "2026-02-28");
}

TEST(Certificates, NumberFormat) {
  EXPECT_TRUE(IsCertificateNumber("ZZGJJ-2023-001"));
  EXPECT_FALSE(IsCertificateNumber("ZZ1"));
  EXPECT_FALSE(IsCertificateNumber("zzgjj-2023-001"));
  EXPECT_FALSE(IsCertificateNumber(std::string(33, 'A')));
}

}  // namespace
}  // namespace sx::domain
