// The personnel storage contract (执法人员库): every test runs on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <functional>

#include "services/people_service.h"
#include "store/agency_repository.h"
#include "store/migrations.h"
#include "store/officer_repository.h"
#include "store/test_db.h"
#include "util/clock.h"

namespace sx::store {
namespace {

using domain::CertificateStatus;
using ::sx::testing::Engine;

const TimePoint kNow{std::chrono::milliseconds(1795839294123LL)};  // 2026-11-28T04:14:54.123Z
const domain::Date kToday = *domain::ParseDate("2026-11-28");

domain::Date D(const char* s) { return *domain::ParseDate(s); }

domain::NewOfficer Officer(std::string number, const char* expires = "2028-12-31") {
  domain::NewOfficer o;
  o.name = "张伟";
  o.title = "科员";
  o.certificate = {std::move(number), "郑州市人民政府", D("2024-01-01"), D(expires),
                   CertificateStatus::kValid};
  o.category = "住房公积金行政执法";
  o.area = "郑州市";
  return o;
}

class PeopleContract : public ::testing::TestWithParam<Engine> {
 protected:
  // Migrates and creates one agency with two departments; returns its id.
  std::int64_t SetUpAgency(Database& db) {
    auto m = Migrate(db, kNow);
    EXPECT_TRUE(m.ok()) << m.status().message();
    domain::NewAgency a;
    a.code = "zzgjj";
    a.name = "郑州住房公积金管理中心";
    a.standing = domain::Standing::kAuthorized;
    a.legal_basis = "《住房公积金管理条例》第三十七条";
    a.departments = {"监察执法处", "政策法规处"};
    std::int64_t id = 0;
    Status st = db.Write([&](Tx& tx) -> Status {
      auto r = agencies_->Insert(tx, a, "t");
      if (!r.ok()) return r.status();
      id = r->id;
      department_ = r->departments.at(0).id;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return id;
  }

  Result<domain::Officer> Insert(Database& db, std::int64_t agency, const domain::NewOfficer& o) {
    std::optional<Result<domain::Officer>> out;
    Status st = db.Write([&](Tx& tx) -> Status {
      out = repo_->Insert(tx, agency, o, "2026-11-28T04:14:54.123Z");
      return out->status();
    });
    if (!st.ok()) return st;
    return std::move(*out);
  }

  std::unique_ptr<OfficerRepository> repo_ = MakeOfficerRepository();
  std::unique_ptr<AgencyRepository> agencies_ = MakeAgencyRepository();
  std::int64_t department_ = 0;
};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}

INSTANTIATE_TEST_SUITE_P(Engines, PeopleContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(PeopleContract, InsertsReadsAndFindsByCertificate) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  domain::NewOfficer o = Officer("ZZGJJ-2023-001");
  o.department_id = department_;
  o.legal_reviewer = true;
  o.first_time_reviewer = true;
  o.legal_qualification_number = "A20184101000321";
  auto created = Insert(*db, agency, o);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->agency_name, "郑州住房公积金管理中心");
  EXPECT_EQ(created->department_name, "监察执法处");
  EXPECT_EQ(domain::FormatDate(created->certificate.expires_on), "2028-12-31");
  EXPECT_TRUE(created->legal_reviewer);
  EXPECT_TRUE(created->first_time_reviewer);
  EXPECT_EQ(created->legal_qualification_number, "A20184101000321");
  EXPECT_EQ(created->created_at, "2026-11-28T04:14:54.123Z");

  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto found = repo_->FindByCertNumber(tx, "ZZGJJ-2023-001");
                  EXPECT_TRUE(found.ok());
                  if (found.ok()) {
                    EXPECT_EQ(found->id, created->id);
                  }
                  auto missing = repo_->FindByCertNumber(tx, "ZZGJJ-9999-999");
                  EXPECT_EQ(missing.status().code(), Code::kNotFound);
                  EXPECT_NE(missing.status().message().find("ZZGJJ-9999-999"), std::string::npos);
                  EXPECT_EQ(repo_->Get(tx, created->id + 100).status().code(), Code::kNotFound);
                  auto all = repo_->ListAll(tx);
                  EXPECT_TRUE(all.ok());
                  if (all.ok()) {
                    EXPECT_EQ(all->size(), 1u);
                  }
                  return Status::Ok();
                }).ok());
}

TEST_P(PeopleContract, DuplicateCertificateIsAConflictNamingTheNumber) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  ASSERT_TRUE(Insert(*db, agency, Officer("ZZGJJ-2023-001")).ok());
  auto dup = Insert(*db, agency, Officer("ZZGJJ-2023-001"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  EXPECT_NE(dup.status().message().find("ZZGJJ-2023-001"), std::string::npos);
  EXPECT_EQ(dup.status().field(), "certNumber");
}

TEST_P(PeopleContract, UnknownAgencyOrForeignDepartmentIsRefused) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  EXPECT_EQ(Insert(*db, agency + 100, Officer("ZZGJJ-2023-001")).status().code(), Code::kNotFound);
  domain::NewOfficer o = Officer("ZZGJJ-2023-002");
  o.department_id = department_ + 100;
  auto r = Insert(*db, agency, o);
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_EQ(r.status().field(), "departmentId");
}

TEST_P(PeopleContract, UpdatesCertificateStatus) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  auto created = Insert(*db, agency, Officer("ZZGJJ-2023-001"));
  ASSERT_TRUE(created.ok());
  domain::Officer changed = *created;
  changed.certificate.status = CertificateStatus::kSuspended;
  changed.area = "郑州市金水区";
  ASSERT_TRUE(db->Write([&](Tx& tx) { return repo_->Update(tx, changed, "later"); }).ok());
  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto o = repo_->Get(tx, created->id);
                  EXPECT_TRUE(o.ok());
                  if (o.ok()) {
                    EXPECT_EQ(o->certificate.status, CertificateStatus::kSuspended);
                    EXPECT_EQ(o->area, "郑州市金水区");
                    EXPECT_EQ(o->updated_at, "later");
                    EXPECT_EQ(o->created_at, "2026-11-28T04:14:54.123Z");
                  }
                  return Status::Ok();
                }).ok());
  changed.id += 100;
  EXPECT_EQ(db->Write([&](Tx& tx) { return repo_->Update(tx, changed, "x"); }).code(),
            Code::kNotFound);
}

TEST_P(PeopleContract, TrainingsAreListedAndCounted) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  auto created = Insert(*db, agency, Officer("ZZGJJ-2023-001"));
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(
      db->Write([&](Tx& tx) -> Status {
          SX_RETURN_IF_ERROR(
              repo_
                  ->AddTraining(tx, created->id,
                                {domain::TrainingKind::kInService, D("2026-06-01"), 24, true}, "t")
                  .status());
          return repo_
              ->AddTraining(tx, created->id,
                            {domain::TrainingKind::kInduction, D("2024-01-05"), 40, false}, "t")
              .status();
        }).ok());
  EXPECT_EQ(db->Write([&](Tx& tx) {
                return repo_
                    ->AddTraining(tx, created->id + 100,
                                  {domain::TrainingKind::kInduction, D("2024-01-05"), 4, true}, "t")
                    .status();
              }).code(),
            Code::kNotFound);
  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto list = repo_->ListTrainings(tx, created->id);
                  EXPECT_TRUE(list.ok());
                  if (list.ok()) {
                    EXPECT_EQ(list->size(), 2u);
                    EXPECT_EQ(list->at(0).kind, domain::TrainingKind::kInduction);  // by date
                    EXPECT_FALSE(list->at(0).passed);
                    EXPECT_EQ(list->at(1).hours, 24);
                  }
                  auto o = repo_->Get(tx, created->id);
                  EXPECT_TRUE(o.ok());
                  if (o.ok()) {
                    EXPECT_EQ(o->training_count, 2);
                  }
                  return Status::Ok();
                }).ok());
}

TEST_P(PeopleContract, ExpiringCertificatesAndReviewerCounts) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  ASSERT_TRUE(Insert(*db, agency, Officer("ZZ-0001", "2027-01-27")).ok());  // 60 days: expiring
  ASSERT_TRUE(Insert(*db, agency, Officer("ZZ-0002", "2027-01-28")).ok());  // 61 days
  ASSERT_TRUE(Insert(*db, agency, Officer("ZZ-0003", "2026-11-28")).ok());  // last day: expiring
  ASSERT_TRUE(Insert(*db, agency, Officer("ZZ-0004", "2026-11-27")).ok());  // expired
  domain::NewOfficer suspended = Officer("ZZ-0005", "2026-12-01");
  suspended.certificate.status = CertificateStatus::kSuspended;
  ASSERT_TRUE(Insert(*db, agency, suspended).ok());
  domain::NewOfficer reviewer = Officer("ZZ-0006");
  reviewer.legal_reviewer = true;
  ASSERT_TRUE(Insert(*db, agency, reviewer).ok());
  domain::NewOfficer revoked = Officer("ZZ-0007");
  revoked.legal_reviewer = true;
  revoked.certificate.status = CertificateStatus::kRevoked;
  ASSERT_TRUE(Insert(*db, agency, revoked).ok());

  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto expiring = repo_->ListExpiring(tx, agency, kToday, 60);
                  EXPECT_TRUE(expiring.ok()) << expiring.status().message();
                  if (expiring.ok()) {
                    EXPECT_EQ(expiring->size(), 2u);
                    if (expiring->size() == 2) {
                      EXPECT_EQ(expiring->at(0).certificate.number, "ZZ-0003");  // soonest first
                      EXPECT_EQ(expiring->at(1).certificate.number, "ZZ-0001");
                    }
                  }
                  auto ratio = repo_->CountReviewers(tx, agency);
                  EXPECT_TRUE(ratio.ok());
                  if (ratio.ok()) {
                    EXPECT_EQ(ratio->officers, 6);  // the revoked one does not count
                    EXPECT_EQ(ratio->reviewers, 1);
                  }
                  auto none = repo_->CountReviewers(tx, agency + 100);
                  EXPECT_TRUE(none.ok());
                  if (none.ok()) {
                    EXPECT_EQ(none->officers, 0);
                  }
                  auto list = repo_->ListByAgency(tx, agency);
                  EXPECT_TRUE(list.ok());
                  if (list.ok()) {
                    EXPECT_EQ(list->size(), 7u);
                  }
                  return Status::Ok();
                }).ok());
}

TEST_P(PeopleContract, SchemaRefusesBadValues) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  // A first-time reviewer without 法律职业资格 cannot be stored even past the domain check.
  domain::NewOfficer o = Officer("ZZ-0001");
  o.legal_reviewer = true;
  o.first_time_reviewer = true;
  EXPECT_FALSE(Insert(*db, agency, o).ok());
  Status bad_status = db->Write(
      [&](Tx& tx) { return tx.Query("UPDATE officers SET cert_status = '吊销'").status(); });
  EXPECT_TRUE(bad_status.ok());  // no rows yet: nothing to refuse
  ASSERT_TRUE(Insert(*db, agency, Officer("ZZ-0002")).ok());
  bad_status = db->Write(
      [&](Tx& tx) { return tx.Query("UPDATE officers SET cert_status = '吊销'").status(); });
  EXPECT_EQ(bad_status.code(), Code::kConflict);
}

void ImportsOf(Database& db, const std::function<void(const std::vector<domain::OfficerImport>&)>& fn) {
  auto st = db.Read([&](Tx& tx) -> Status {
    auto imports = MakeOfficerRepository()->ListImports(tx);
    if (!imports.ok()) return imports.status();
    fn(*imports);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
}

TEST_P(PeopleContract, CsvImportIsAllOrNothing) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  const std::int64_t agency = SetUpAgency(*db);
  FakeClock clock(kNow);
  ::sx::testing::TempDir dir;
  auto blobs = BlobStore::Open(dir.path());
  ASSERT_TRUE(blobs.ok());
  services::PeopleService people(*db, clock, **blobs);
  const std::string header =
      "姓名,部门,职务,执法证号,发证机关,发证日期,有效期至,证件状态,执法类别,执法区域\n";
  const std::string good =
      header +
      "王芳,监察执法处,科员,ZZ-1001,郑州市人民政府,2024-01-01,2028-12-31,有效,住房公积金,郑州市\n"
      "李强,,科员,ZZ-1002,郑州市人民政府,2024-01-01,2028-12-31,,住房公积金,郑州市\n";
  auto bad = people.ImportCsv(agency, good +
                                          "赵磊,监察执法处,科员,ZZ-1001,郑州市人民政府,2024-01-01,"
                                          "2028-12-31,有效,住房公积金,郑州市\n");
  ASSERT_TRUE(bad.ok()) << bad.status().message();
  EXPECT_EQ(bad->imported, 0);
  ASSERT_EQ(bad->errors.size(), 1u);
  EXPECT_EQ(bad->errors[0].row, 4);
  EXPECT_EQ(bad->errors[0].field, "执法证号");
  auto none = people.List(agency);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  auto ok = people.ImportCsv(agency, good);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->imported, 2);
  EXPECT_TRUE(ok->errors.empty());
  // The original file is kept, byte for byte, under the digest recorded with the import.
  EXPECT_EQ(*(*blobs)->Get(ok->file_digest, 1 << 20), good);
  ImportsOf(*db, [&](const std::vector<domain::OfficerImport>& imports) {
    ASSERT_EQ(imports.size(), 1u);  // the refused attempt left no record
    EXPECT_EQ(imports[0].id, ok->import_id);
    EXPECT_EQ(imports[0].file_digest, ok->file_digest);
    EXPECT_EQ(imports[0].file_size, static_cast<std::int64_t>(good.size()));
    EXPECT_EQ(imports[0].officers, 2);
  });
  auto again = people.ImportCsv(agency, good);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->errors.size(), 2u);  // both numbers are already registered
  auto list = people.List(agency);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

}  // namespace
}  // namespace sx::store
