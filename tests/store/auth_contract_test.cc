// Sign-in, sessions, lockout and password history through AuthService, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "services/auth_service.h"
#include "services/demo.h"
#include "store/agency_repository.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace sx::services {
namespace {

using ::sx::testing::Engine;
using namespace std::chrono_literals;

const TimePoint kStart{std::chrono::milliseconds(1795839294123LL)};

class AuthContract : public ::testing::TestWithParam<Engine> {
 protected:
  // Opens, migrates, creates an agency and one officer account "zhang.wei".
  void Prepare(store::Database& db) {
    ASSERT_TRUE(store::Migrate(db, kStart).ok());
    auto repo = store::MakeAgencyRepository();
    domain::NewAgency a{"zzgjj", "郑州住房公积金管理中心", domain::Standing::kAuthorized, "依据", {}};
    ASSERT_TRUE(db.Write([&](store::Tx& tx) -> Status {
                    auto r = repo->Insert(tx, a, "t");
                    if (r.ok()) agency_id_ = r->id;
                    return r.status();
                  }).ok());
    auth_ = std::make_unique<AuthService>(db, clock_);
    auto u = auth_->CreateAccount(
        {agency_id_, "zhang.wei", "张伟", "Gjj@2026pw", {domain::Role::kOfficer}});
    ASSERT_TRUE(u.ok()) << u.status().message();
    user_id_ = u->id;
  }

  FakeClock clock_{kStart};
  std::unique_ptr<AuthService> auth_;
  std::int64_t agency_id_ = 0;
  std::int64_t user_id_ = 0;
};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Engines, AuthContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(AuthContract, PasswordsAreArgon2idAndVerify) {
  auto h = AuthService::HashPassword("Gjj@2026pw");
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->starts_with("$argon2id$")) << *h;
  EXPECT_TRUE(AuthService::VerifyPassword(*h, "Gjj@2026pw"));
  EXPECT_FALSE(AuthService::VerifyPassword(*h, "Gjj@2026pW"));
}

TEST_P(AuthContract, SignInCreatesASessionThatChecksAndSignsOut) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto s = auth_->SignIn("zhang.wei", "Gjj@2026pw", "127.0.0.1");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->principal.username, "zhang.wei");
  EXPECT_TRUE(s->principal.Has(domain::Role::kOfficer));
  EXPECT_FALSE(s->principal.Has(domain::Role::kAdmin));
  EXPECT_NE(s->session_token, s->csrf_token);

  auto check = auth_->CheckSession(s->session_token);
  ASSERT_TRUE(check.ok()) << check.status().message();
  EXPECT_EQ(check->principal.user_id, user_id_);
  EXPECT_EQ(check->csrf_token, s->csrf_token);
  EXPECT_EQ(auth_->CheckSession("forged-token").status().code(), Code::kUnauthenticated);

  ASSERT_TRUE(auth_->SignOut(s->session_token, "127.0.0.1").ok());
  EXPECT_EQ(auth_->CheckSession(s->session_token).status().code(), Code::kUnauthenticated);

  auto events = auth_->RecentEvents(10);
  ASSERT_TRUE(events.ok());
  ASSERT_GE(events->size(), 2u);
  EXPECT_EQ(events->at(0).kind, "sign_out");
  EXPECT_EQ(events->at(1).kind, "sign_in");
}

TEST_P(AuthContract, WrongUserAndWrongPasswordLookTheSame) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto wrong_pw = auth_->SignIn("zhang.wei", "nope", "r");
  auto wrong_user = auth_->SignIn("li.na", "Gjj@2026pw", "r");
  EXPECT_EQ(wrong_pw.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(wrong_user.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(wrong_pw.status().message(), wrong_user.status().message());
}

TEST_P(AuthContract, IdleAndAbsoluteTimeouts) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto s = auth_->SignIn("zhang.wei", "Gjj@2026pw", "r");
  ASSERT_TRUE(s.ok());
  // Active every 20 minutes: the idle limit (30) is never reached, the absolute one (12 h) is.
  for (int i = 0; i < 35; ++i) {
    clock_.Advance(20min);
    ASSERT_TRUE(auth_->CheckSession(s->session_token).ok()) << "step " << i;
  }
  clock_.Advance(20min);  // 12 h 0 min after sign-in
  EXPECT_EQ(auth_->CheckSession(s->session_token).status().code(), Code::kUnauthenticated);

  auto t = auth_->SignIn("zhang.wei", "Gjj@2026pw", "r");
  ASSERT_TRUE(t.ok());
  clock_.Advance(31min);
  EXPECT_EQ(auth_->CheckSession(t->session_token).status().code(), Code::kUnauthenticated);
}

TEST_P(AuthContract, RepeatedFailuresLockTheAccountForAWhile) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(auth_->SignIn("zhang.wei", "bad", "r").status().code(), Code::kUnauthenticated);
  }
  EXPECT_EQ(auth_->SignIn("zhang.wei", "bad", "r").status().code(), Code::kTooManyRequests);
  // Locked: even the right password is refused.
  EXPECT_EQ(auth_->SignIn("zhang.wei", "Gjj@2026pw", "r").status().code(), Code::kTooManyRequests);
  clock_.Advance(16min);
  EXPECT_TRUE(auth_->SignIn("zhang.wei", "Gjj@2026pw", "r").ok());
}

TEST_P(AuthContract, PasswordPolicyAndHistory) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  EXPECT_EQ(auth_->ChangePassword(user_id_, "wrong", "Xyz@2026ab", "r").field(), "oldPassword");
  EXPECT_EQ(auth_->ChangePassword(user_id_, "Gjj@2026pw", "short", "r").field(), "password");
  EXPECT_EQ(auth_->ChangePassword(user_id_, "Gjj@2026pw", "Gjj@2026pw", "r").field(), "password");
  std::string current = "Gjj@2026pw";
  const char* next[] = {"Pw1@aaaaaa", "Pw2@aaaaaa", "Pw3@aaaaaa", "Pw4@aaaaaa", "Pw5@aaaaaa"};
  for (const char* n : next) {
    Status st = auth_->ChangePassword(user_id_, current, n, "r");
    ASSERT_TRUE(st.ok()) << st.message();
    current = n;
  }
  // The original is now the sixth-newest: allowed again; the last five are not.
  EXPECT_FALSE(auth_->ChangePassword(user_id_, current, "Pw2@aaaaaa", "r").ok());
  EXPECT_TRUE(auth_->ChangePassword(user_id_, current, "Gjj@2026pw", "r").ok());
}

TEST_P(AuthContract, ChangingThePasswordEndsExistingSessions) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto s = auth_->SignIn("zhang.wei", "Gjj@2026pw", "r");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(auth_->ChangePassword(user_id_, "Gjj@2026pw", "New@2026pw", "r").ok());
  EXPECT_EQ(auth_->CheckSession(s->session_token).status().code(), Code::kUnauthenticated);
}

TEST_P(AuthContract, AccountsAreValidated) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto dup = auth_->CreateAccount({agency_id_, "zhang.wei", "张伟", "Gjj@2026pw", {domain::Role::kOfficer}});
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  auto weak = auth_->CreateAccount({agency_id_, "li.na", "李娜", "password", {domain::Role::kOfficer}});
  EXPECT_EQ(weak.status().field(), "password");
  auto bad_name = auth_->CreateAccount({agency_id_, "Li Na", "李娜", "Gjj@2026pw", {domain::Role::kOfficer}});
  EXPECT_EQ(bad_name.status().field(), "username");
  auto no_role = auth_->CreateAccount({agency_id_, "li.na", "李娜", "Gjj@2026pw", {}});
  EXPECT_EQ(no_role.status().field(), "roles");
}

}  // namespace
}  // namespace sx::services

namespace sx::services {
namespace {

Principal AdminOf(std::int64_t agency, std::int64_t user_id) {
  Principal p{user_id, agency, "admin.li", "李管理", {domain::Role::kAdmin}};
  return p;
}

TEST_P(AuthContract, RoleChangesAreRecordedWithWhoAndWhat) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto admin = auth_->CreateAccount(
      {agency_id_, "admin.li", "李管理", "Gjj@2026admin", {domain::Role::kAdmin}});
  ASSERT_TRUE(admin.ok()) << admin.status().message();
  const Principal by = AdminOf(agency_id_, admin->id);

  auto changed = auth_->SetRoles(
      by, user_id_, {domain::Role::kLegalReviewer, domain::Role::kOfficer, domain::Role::kOfficer},
      "10.0.0.9");
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_EQ(changed->roles,
            (std::vector<domain::Role>{domain::Role::kLegalReviewer, domain::Role::kOfficer}));
  // Setting the same roles again changes and records nothing.
  ASSERT_TRUE(auth_->SetRoles(by, user_id_, {domain::Role::kOfficer, domain::Role::kLegalReviewer},
                              "10.0.0.9")
                  .ok());

  auto events = auth_->AgencyEvents(agency_id_, 10);
  ASSERT_TRUE(events.ok());
  int role_changes = 0;
  for (const auto& e : *events) {
    if (e.kind != "roles_changed") continue;
    ++role_changes;
    EXPECT_EQ(e.username, "zhang.wei");
    EXPECT_EQ(e.remote, "10.0.0.9");
    EXPECT_EQ(e.detail, "角色由 执法人员 改为 执法人员、法制审核人员;操作人 admin.li");
    EXPECT_FALSE(e.at.empty());
  }
  EXPECT_EQ(role_changes, 1);

  EXPECT_EQ(auth_->SetRoles(by, admin->id, {domain::Role::kOfficer}, "").status().code(),
            Code::kInvalid);  // nobody drops their own admin role
  EXPECT_EQ(auth_->SetRoles(by, user_id_, {domain::Role::kSupervisor}, "").status().code(),
            Code::kInvalid);  // supervision only in a supervising organisation
  EXPECT_EQ(auth_->SetRoles(by, user_id_, {}, "").status().code(), Code::kInvalid);
  EXPECT_EQ(auth_->SetRoles(by, 9999, {domain::Role::kOfficer}, "").status().code(),
            Code::kNotFound);
}

TEST_P(AuthContract, DisablingEndsSessionsAndSignIns) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto s = auth_->SignIn("zhang.wei", "Gjj@2026pw", "");
  ASSERT_TRUE(s.ok());
  const Principal by = AdminOf(agency_id_, 999);
  ASSERT_TRUE(auth_->SetDisabled(by, user_id_, true, "").ok());
  EXPECT_EQ(auth_->CheckSession(s->session_token).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(auth_->SignIn("zhang.wei", "Gjj@2026pw", "").status().code(), Code::kUnauthenticated);
  ASSERT_TRUE(auth_->SetDisabled(by, user_id_, false, "").ok());
  EXPECT_TRUE(auth_->SignIn("zhang.wei", "Gjj@2026pw", "").ok());
  const Principal self = AdminOf(agency_id_, user_id_);
  EXPECT_EQ(auth_->SetDisabled(self, user_id_, true, "").status().code(), Code::kInvalid);
}

TEST_P(AuthContract, ApiTokensAreHashedScopedExpiringAndRevocable) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const Principal by = AdminOf(agency_id_, user_id_);
  auto t = auth_->CreateToken(by, agency_id_,
                              {"不动产登记对接", {domain::Permission::kReadAgencyInternal}, 30}, "");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_TRUE(t->token.starts_with("sxt_"));
  EXPECT_GE(t->token.size(), 40u);
  EXPECT_TRUE(t->token.starts_with(t->record.prefix));

  // Only the digest is stored.
  bool secret_stored = true;
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto rows = tx.Query("SELECT token_hash FROM api_tokens");
                  if (!rows.ok()) return rows.status();
                  secret_stored = rows->rows.at(0).Text(0) == t->token;
                  EXPECT_EQ(rows->rows.at(0).Text(0), Sha256Hex(t->token));
                  return Status::Ok();
                }).ok());
  EXPECT_FALSE(secret_stored);

  auto p = auth_->CheckToken(t->token);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->agency_id, agency_id_);
  ASSERT_TRUE(p->scopes.has_value());
  EXPECT_EQ(*p->scopes, std::vector<domain::Permission>{domain::Permission::kReadAgencyInternal});
  EXPECT_TRUE(p->roles.empty());
  auto listed = auth_->ListTokens(agency_id_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->front().last_used_at.has_value());
  EXPECT_EQ(listed->front().created_by_name, "张伟");

  EXPECT_EQ(auth_->CheckToken(t->token + "x").status().code(), Code::kUnauthenticated);
  EXPECT_EQ(auth_->CheckToken("Bearer").status().code(), Code::kUnauthenticated);

  clock_.Advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(auth_->CheckToken(t->token).status().code(), Code::kUnauthenticated);  // expired

  auto forever = auth_->CreateToken(
      by, agency_id_, {"监督平台", {domain::Permission::kReadAuditTrail}, std::nullopt}, "");
  ASSERT_TRUE(forever.ok());
  EXPECT_TRUE(auth_->CheckToken(forever->token).ok());
  ASSERT_TRUE(auth_->RevokeToken(by, forever->record.id, "").ok());
  EXPECT_EQ(auth_->CheckToken(forever->token).status().code(), Code::kUnauthenticated);
  EXPECT_TRUE(auth_->RevokeToken(by, forever->record.id, "").ok());  // twice: no change

  EXPECT_EQ(auth_->CreateToken(by, agency_id_, {"x", {domain::Permission::kManageUsers}, {}}, "")
                .status()
                .code(),
            Code::kInvalid);
  EXPECT_EQ(auth_->CreateToken(by, agency_id_, {"x", {}, {}}, "").status().code(), Code::kInvalid);
  EXPECT_EQ(auth_->CreateToken(by, agency_id_, {"", {domain::Permission::kReadAgencyInternal}, {}}, "")
                .status()
                .code(),
            Code::kInvalid);

  auto events = auth_->AgencyEvents(agency_id_, 20);
  ASSERT_TRUE(events.ok());
  int created = 0, revoked = 0;
  for (const auto& e : *events) {
    created += e.kind == "token_created";
    revoked += e.kind == "token_revoked";
  }
  EXPECT_EQ(created, 2);
  EXPECT_EQ(revoked, 1);
}

}  // namespace
}  // namespace sx::services
