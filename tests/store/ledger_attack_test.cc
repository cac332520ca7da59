// Tampering with the database behind the ledger's back, on SQLite and PostgreSQL: each attack is
// detected by `ledger verify` (services::VerifyLedger), which names what changed.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <functional>

#include <fmt/format.h>

#include "ledger/note.h"
#include "services/auth_service.h"
#include "services/calendar_fixture.h"
#include "services/calendar_service.h"
#include "services/case_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/ledger_service.h"
#include "services/ledger_verify.h"
#include "services/people_service.h"
#include "store/blob_store.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace sx::services {
namespace {

using ::sx::testing::Engine;

const TimePoint kStart{std::chrono::milliseconds(1795839294123LL)};

ledger::NoteKeyPair Key(std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return *ledger::KeyFromSeed("test.sanxiang/ledger", seed);
}

struct Attack {
  const char* name;
  std::function<Status(store::Tx&)> tamper;
  const char* object;      // the finding must name this object (prefix)
  const char* field = "";  // … and, for a changed record, this field
  bool cases = false;      // needs the demo cases (their PDFs take a while to render)
};

// Demo data, accounts with a sign-in, all integrated and signed; with `blobs`, the demo cases
// too (their issued PDFs kept there).
void Prepare(store::Database& db, FakeClock& clock, store::BlobStore* blobs = nullptr) {
  ASSERT_TRUE(store::Migrate(db, kStart).ok());
  ASSERT_TRUE(LoadDemo(db, clock).ok());
  AuthOptions fast;
  fast.argon2_ops = 1;
  fast.argon2_mem = 8192;
  ASSERT_TRUE(CreateDemoAccounts(db, clock, "zzgjj", "zzsfj", fast).ok());
  auto calendar = CalendarService::Create(db, clock);
  ASSERT_TRUE(calendar.ok());
  ASSERT_TRUE(LoadDemoDeadlines(db, clock, **calendar).ok());
  if (blobs != nullptr) {
    DeadlineService deadlines(db, clock, **calendar);
    CaseService cases(db, clock, **calendar, deadlines, *blobs);
    Status st = LoadDemoCases(db, cases);
    ASSERT_TRUE(st.ok()) << st.message();
  }
  AuthService auth(db, clock, fast);
  ASSERT_TRUE(auth.SignIn("demo.admin", "Demo-2026-sx", "10.0.0.1").ok());
  auto ledger = LedgerService::Create(db, clock, Key(1), {});
  ASSERT_TRUE(ledger.ok());
  auto n = (*ledger)->Integrate();
  ASSERT_TRUE(n.ok()) << n.status().message();
  ASSERT_GT(*n, 8);
}

class LedgerAttack : public ::testing::TestWithParam<Engine> {};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Engines, LedgerAttack,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(LedgerAttack, EveryTamperingIsDetectedAndNamed) {
  const std::string other_note = [] {
    auto signer = ledger::Signer::FromKey(Key(2).signer_key);
    const ledger::Signer s[] = {*signer};
    return *ledger::Sign("test.sanxiang/ledger\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
                         s);
  }();
  const std::vector<Attack> attacks = {
      {"one byte of a sign-in record",
       [](store::Tx& tx) {
         return tx.Query("UPDATE auth_events SET remote = '10.0.0.2' WHERE kind = 'sign_in'")
             .status();
       },
       "auth_event:", "remote"},
      {"a sign-in record deleted",
       [](store::Tx& tx) {
         return tx.Query("DELETE FROM auth_events WHERE kind = 'sign_in'").status();
       },
       "auth_event:"},
      {"a record inserted without a leaf",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "INSERT INTO auth_events (at, kind, username, remote, detail)"
                 " VALUES ('2026-11-28T00:00:00.000Z', 'sign_in', 'x', 'y', '')")
             .status();
       },
       "auth_event:"},
      {"an agency's legal basis rewritten",
       [](store::Tx& tx) {
         return tx
             .Query("UPDATE agencies SET legal_basis = legal_basis || '。' WHERE code = 'zzgjj'")
             .status();
       },
       "agency:", "legal_basis"},
      {"a certificate's expiry moved",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "UPDATE officers SET cert_expires_on = '2099-12-31'"
                 " WHERE cert_number = 'ZZGJJ-2023-003'")
             .status();
       },
       "officer:", "cert_expires_on"},
      {"a password hash swapped in",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "UPDATE users SET password_hash = (SELECT password_hash FROM users"
                 " WHERE username = 'demo.admin') WHERE username = 'demo.officer'")
             .status();
       },
       "user:", "password_hash"},
      {"a role granted behind the application's back",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "INSERT INTO user_roles (user_id, role)"
                 " SELECT id, 'admin' FROM users WHERE username = 'demo.officer'")
             .status();
       },
       "user:", "roles"},
      {"a due date moved",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "UPDATE deadlines SET due_date = '2099-12-31'"
                 " WHERE id = (SELECT MIN(id) FROM deadlines)")
             .status();
       },
       "deadline:", "due_date"},
      {"an overdue deadline marked done",
       [](store::Tx& tx) {
         return tx
             .Query("UPDATE deadlines SET done_on = start_date WHERE rule_code = 'fine.payment'")
             .status();
       },
       "deadline:", "done_on"},
      {"an extension's approval deleted",
       [](store::Tx& tx) { return tx.Query("DELETE FROM deadline_extensions").status(); },
       "deadline:", "extensions"},
      {"a training record deleted",
       [](store::Tx& tx) { return tx.Query("DELETE FROM trainings WHERE hours = 24").status(); },
       "training:"},
      {"one byte of a leaf",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "UPDATE ledger_leaves SET entry = REPLACE(entry, '\"v\":1', '\"v\":2')"
                 " WHERE idx = 2")
             .status();
       },
       "leaf:2"},
      {"a fine range widened in the powers list",
       [](store::Tx& tx) {
         return tx.Query("UPDATE power_items SET fine_max = 500000 WHERE code = 'GJJ-CF-037'")
             .status();
       },
       "power_item:", "fine_max"},
      {"a notified fine lowered in a case's workflow state",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "UPDATE cases SET flow = REPLACE(flow, '20000', '2000')"
                 " WHERE stage = 'notice'")
             .status();
       },
       "case:", "flow", true},
      {"an officer slipped onto a case",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "INSERT INTO case_officers (case_id, officer_id, position, recused)"
                 " SELECT MIN(c.id), MAX(o.id), 9, 0 FROM cases c, officers o")
             .status();
       },
       "case:", "officers", true},
      {"an issued document's 文号 changed",
       [](store::Tx& tx) {
         return tx
             .Query(
                 "UPDATE documents SET number = number || '之一'"
                 " WHERE id = (SELECT MIN(id) FROM documents WHERE number IS NOT NULL)")
             .status();
       },
       "document:", "number", true},
      {"a leaf deleted from the middle",
       [](store::Tx& tx) { return tx.Query("DELETE FROM ledger_leaves WHERE idx = 3").status(); },
       "leaf:3"},
      {"a stored hash rewritten",
       [](store::Tx& tx) {
         // Always a change: the first hex digit flipped (a REPLACE of one digit missed the ~2% of
         // hashes without it).
         return tx
             .Query(
                 "UPDATE ledger_hashes SET hash = (CASE WHEN substr(hash, 1, 1) = '0' THEN '1'"
                 " ELSE '0' END) || substr(hash, 2) WHERE id = 7")
             .status();
       },
       "leaf:"},
      {"the seals of an agency record deleted",
       [](store::Tx& tx) {
         return tx.Query("DELETE FROM ledger_seals WHERE object LIKE 'agency:%'").status();
       },
       "agency:"},
      {"two leaves swapped",
       [](store::Tx& tx) -> Status {
         SX_RETURN_IF_ERROR(tx.Query("UPDATE ledger_leaves SET idx = -1 WHERE idx = 3").status());
         SX_RETURN_IF_ERROR(tx.Query("UPDATE ledger_leaves SET idx = 3 WHERE idx = 4").status());
         return tx.Query("UPDATE ledger_leaves SET idx = 4 WHERE idx = -1").status();
       },
       "leaf:3"},
      {"the log truncated",
       [](store::Tx& tx) -> Status {
         return tx.Query("DELETE FROM ledger_leaves WHERE idx >= 5").status();
       },
       "checkpoint:"},
      {"a checkpoint re-signed with another key",
       [&other_note](store::Tx& tx) {
         return tx.Query("UPDATE ledger_checkpoints SET note = $1 WHERE size > 0", {other_note})
             .status();
       },
       "checkpoint:"},
  };
  for (const auto& attack : attacks) {
    SCOPED_TRACE(attack.name);
    SX_OPEN_TEST_DB(GetParam(), tdb, db);
    FakeClock clock{kStart};
    ::sx::testing::TempDir dir;
    auto blobs = store::BlobStore::Open(dir.path());
    ASSERT_TRUE(blobs.ok());
    Prepare(*db, clock, attack.cases ? blobs->get() : nullptr);
    LedgerVerifyOptions with_files;
    with_files.blobs = blobs->get();
    auto clean = VerifyLedger(*db, Key(1).verifier_key, with_files);
    ASSERT_TRUE(clean.ok()) << clean.status().message();
    for (const auto& f : clean->findings)
      ADD_FAILURE() << "before: " << f.object << " " << f.message;
    EXPECT_GT(clean->records, 8);

    ASSERT_TRUE(db->Write(attack.tamper).ok());
    auto after = VerifyLedger(*db, Key(1).verifier_key, with_files);
    ASSERT_TRUE(after.ok()) << after.status().message();
    bool named = false;
    for (const auto& f : after->findings) {
      named = named || (f.object.starts_with(attack.object) &&
                        (*attack.field == '\0' || f.field == attack.field));
      EXPECT_FALSE(f.message.empty());
    }
    EXPECT_TRUE(named) << "no finding names " << attack.object << " " << attack.field << " ("
                       << after->findings.size() << " findings)";
  }
}

// A personnel import keeps its file in the blob store; the ledger holds the file's digest.
TEST_P(LedgerAttack, AReplacedOrMissingFileIsNamed) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  FakeClock clock{kStart};
  Prepare(*db, clock);
  ::sx::testing::TempDir dir;
  auto blobs = store::BlobStore::Open(dir.path());
  ASSERT_TRUE(blobs.ok());
  PeopleService people(*db, clock, **blobs);
  auto import = people.ImportCsv(
      1,
      "姓名,部门,职务,执法证号,发证机关,发证日期,有效期至,证件状态,执法类别,执法区域\n"
      "王芳,监察执法处,科员,ZZ-9001,郑州市人民政府,2024-01-01,2028-12-31,有效,住房公积金,郑州市\n");
  ASSERT_TRUE(import.ok()) << import.status().message();
  ASSERT_EQ(import->imported, 1);
  auto ledger = LedgerService::Create(*db, clock, Key(1), {});
  ASSERT_TRUE((*ledger)->Integrate().ok());
  LedgerVerifyOptions options;
  options.blobs = blobs->get();
  const std::string object = fmt::format("officer_import:{}", import->import_id);
  auto named = [&](std::string_view field) {
    auto report = VerifyLedger(*db, Key(1).verifier_key, options);
    EXPECT_TRUE(report.ok()) << report.status().message();
    if (!report.ok()) return false;
    for (const auto& f : report->findings) {
      if (f.object == object && f.field == field) return true;
    }
    return false;
  };
  auto clean = VerifyLedger(*db, Key(1).verifier_key, options);
  ASSERT_TRUE(clean.ok());
  EXPECT_EQ(clean->files, 1);
  for (const auto& f : clean->findings) ADD_FAILURE() << f.object << " " << f.message;

  const auto path = *(*blobs)->PathOf(import->file_digest);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "姓名\n张三\n";  // replaced
  EXPECT_TRUE(named("file"));
  std::filesystem::remove(path);  // deleted
  EXPECT_TRUE(named("file"));
  // The import record made to point at another file.
  ASSERT_TRUE(db->Write([](store::Tx& tx) {
                  return tx
                      .Query("UPDATE officer_imports SET file_digest = $1",
                             {std::string("sha256:") + std::string(64, '0')})
                      .status();
                }).ok());
  EXPECT_TRUE(named("file_digest"));
}

// An imported holiday schedule and the due dates it moved are records like any other.
TEST_P(LedgerAttack, AnImportedCalendarYearOrADueDateChangeRewrittenIsNamed) {
  const std::vector<Attack> attacks = {
      {"an imported schedule rewritten",
       [](store::Tx& tx) {
         return tx.Query("UPDATE calendar_years SET document = REPLACE(document, '02-12', '02-13')")
             .status();
       },
       "calendar_year:2027", "document"},
      {"an imported schedule deleted",
       [](store::Tx& tx) { return tx.Query("DELETE FROM calendar_years").status(); },
       "calendar_year:2027"},
      {"a due-date change record deleted",
       [](store::Tx& tx) { return tx.Query("DELETE FROM deadline_changes").status(); },
       "deadline:", "changes"},
  };
  for (const auto& attack : attacks) {
    SCOPED_TRACE(attack.name);
    SX_OPEN_TEST_DB(GetParam(), tdb, db);
    FakeClock clock{kStart};
    Prepare(*db, clock);
    auto calendar = CalendarService::Create(*db, clock);
    ASSERT_TRUE(calendar.ok());
    // 20 working days from 2026-12-24 reach past 元旦 2027.
    DeadlineService deadlines(*db, clock, **calendar);
    ASSERT_TRUE(
        deadlines
            .Open({1, "publish.result", "执法结果信息公示", "", *domain::ParseDate("2026-12-24")},
                  0)
            .ok());
    auto imported = (*calendar)->ImportYear(::sx::testing::Calendar2027(), 0);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    ASSERT_GT(imported->recomputed, 0);
    auto clean = VerifyLedger(*db, Key(1).verifier_key);
    ASSERT_TRUE(clean.ok());
    for (const auto& f : clean->findings)
      ADD_FAILURE() << "before: " << f.object << " " << f.message;
    ASSERT_TRUE(db->Write(attack.tamper).ok());
    auto after = VerifyLedger(*db, Key(1).verifier_key);
    ASSERT_TRUE(after.ok());
    bool named = false;
    for (const auto& f : after->findings) {
      named = named || (f.object.starts_with(attack.object) &&
                        (*attack.field == '\0' || f.field == attack.field));
    }
    EXPECT_TRUE(named) << "no finding names " << attack.object << " " << attack.field;
  }
}

TEST_P(LedgerAttack, AWrongOrMalformedKeyIsAnError) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  FakeClock clock{kStart};
  Prepare(*db, clock);
  EXPECT_EQ(VerifyLedger(*db, "not a key").status().code(), Code::kInvalid);
  auto other = VerifyLedger(*db, Key(3).verifier_key);  // same name, another key
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->findings.empty());
}

}  // namespace
}  // namespace sx::services
