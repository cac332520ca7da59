// The storage contract: every test runs on SQLite and on PostgreSQL, through the same code.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "services/demo.h"
#include "store/agency_repository.h"
#include "store/migrations.h"
#include "store/test_db.h"
#include "util/clock.h"

namespace sx::store {
namespace {

using ::sx::testing::Engine;

const TimePoint kNow{std::chrono::milliseconds(1795839294123LL)};  // 2026-11-28T04:14:54.123Z

domain::NewAgency Center() {
  domain::NewAgency a;
  a.code = "zzgjj";
  a.name = "郑州住房公积金管理中心";
  a.standing = domain::Standing::kAuthorized;
  a.legal_basis = "《住房公积金管理条例》第三十七条";
  a.departments = {"监察执法处", "归集管理处", "政策法规处", "办公室"};
  return a;
}

class StoreContract : public ::testing::TestWithParam<Engine> {};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

#define OPEN_MIGRATED(db)                                  \
  SX_OPEN_TEST_DB(GetParam(), tdb_, db);                   \
  {                                                        \
    auto m = Migrate(*db, kNow);                           \
    ASSERT_TRUE(m.ok()) << m.status().message();           \
  }

TEST_P(StoreContract, MigratesOnceAndRecordsChecksums) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  auto first = Migrate(*db, kNow);
  ASSERT_TRUE(first.ok()) << first.status().message();
  const auto& all = EmbeddedMigrations(db->dialect());
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(first->applied_now.size(), all.size());
  EXPECT_EQ(first->current, first->latest);

  auto second = Migrate(*db, kNow);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->applied_now.empty());

  Status st = db->Read([&](Tx& tx) -> Status {
    auto rows = tx.Query("SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version");
    if (!rows.ok()) return rows.status();
    EXPECT_EQ(rows->rows.size(), all.size());
    EXPECT_EQ(rows->rows.at(0).Text(1), MigrationChecksum(all.at(0).sql));
    EXPECT_EQ(rows->rows.at(0).Text(2), "2026-11-28T04:14:54.123Z");
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
}

TEST_P(StoreContract, CheckOnlyReportsPendingWithoutApplying) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  auto state = Migrate(*db, kNow, /*apply=*/false);
  ASSERT_TRUE(state.ok()) << state.status().message();
  EXPECT_EQ(state->current, 0);
  EXPECT_GT(state->latest, 0);
  EXPECT_TRUE(state->applied_now.empty());
}

TEST_P(StoreContract, RefusesADatabaseNewerThanTheBinary) {
  OPEN_MIGRATED(db);
  ASSERT_TRUE(db->Write([](Tx& tx) {
                  return tx.Query("INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                                  " VALUES (9999, 'future', 'x', 'now')")
                      .status();
                }).ok());
  auto state = Migrate(*db, kNow);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().code(), Code::kConflict);
  EXPECT_NE(state.status().message().find("9999"), std::string::npos) << state.status().message();
  EXPECT_NE(state.status().message().find("升级"), std::string::npos);
}

TEST_P(StoreContract, RefusesAChangedMigration) {
  OPEN_MIGRATED(db);
  std::vector<Migration> altered = EmbeddedMigrations(db->dialect());
  const std::string changed = std::string(altered[0].sql) + "\n-- edited after release\n";
  altered[0].sql = changed;
  auto state = MigrateWith(*db, altered, kNow, true);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().code(), Code::kConflict);
  EXPECT_NE(state.status().message().find("不一致"), std::string::npos) << state.status().message();
}

TEST_P(StoreContract, AFailingMigrationLeavesNoTrace) {
  OPEN_MIGRATED(db);
  std::vector<Migration> extra = EmbeddedMigrations(db->dialect());
  const int v = extra.back().version + 1;
  extra.push_back({v, "broken", "CREATE TABLE half_done (id INTEGER); SELECT * FROM no_such_table;"});
  auto state = MigrateWith(*db, extra, kNow, true);
  ASSERT_FALSE(state.ok());
  EXPECT_NE(state.status().message().find("broken"), std::string::npos);
  Status st = db->Read([&](Tx& tx) -> Status {
    auto rows = tx.Query("SELECT COUNT(*) FROM schema_migrations WHERE version = $1", {std::int64_t{v}});
    EXPECT_TRUE(rows.ok());
    if (rows.ok()) {
      EXPECT_EQ(rows->rows.at(0).Int(0), 0);
    }
    EXPECT_FALSE(tx.Query("SELECT * FROM half_done").ok()) << "the half-applied table must be rolled back";
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok());
}

TEST_P(StoreContract, InsertsAndReadsAnAgencyWithDepartments) {
  OPEN_MIGRATED(db);
  auto repo = MakeAgencyRepository();
  std::optional<domain::Agency> created;
  ASSERT_TRUE(db->Write([&](Tx& tx) -> Status {
                  auto a = repo->Insert(tx, Center(), "2026-11-28T04:14:54.123Z");
                  if (!a.ok()) return a.status();
                  created = *a;
                  return Status::Ok();
                }).ok());
  ASSERT_TRUE(created);
  EXPECT_GT(created->id, 0);
  ASSERT_EQ(created->departments.size(), 4u);
  EXPECT_EQ(created->departments[0].name, "监察执法处");
  EXPECT_EQ(created->departments[3].name, "办公室");

  Status st = db->Read([&](Tx& tx) -> Status {
    auto by_id = repo->Get(tx, created->id);
    EXPECT_TRUE(by_id.ok());
    if (by_id.ok()) {
      EXPECT_EQ(by_id->name, "郑州住房公积金管理中心");
      EXPECT_EQ(by_id->standing, domain::Standing::kAuthorized);
      EXPECT_EQ(by_id->created_at, "2026-11-28T04:14:54.123Z");
    }
    auto by_code = repo->GetByCode(tx, "zzgjj");
    EXPECT_TRUE(by_code.ok());
    if (by_code.ok()) {
      EXPECT_EQ(by_code->id, created->id);
    }
    auto list = repo->List(tx);
    EXPECT_TRUE(list.ok());
    if (list.ok()) {
      EXPECT_EQ(list->size(), 1u);
      EXPECT_EQ(list->at(0).departments.size(), 4u);
    }
    EXPECT_EQ(repo->Get(tx, created->id + 100).status().code(), Code::kNotFound);
    EXPECT_EQ(repo->GetByCode(tx, "nope").status().code(), Code::kNotFound);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
}

TEST_P(StoreContract, DuplicatesAreConflicts) {
  OPEN_MIGRATED(db);
  auto repo = MakeAgencyRepository();
  ASSERT_TRUE(db->Write([&](Tx& tx) { return repo->Insert(tx, Center(), "t").status(); }).ok());
  Status dup = db->Write([&](Tx& tx) { return repo->Insert(tx, Center(), "t").status(); });
  EXPECT_EQ(dup.code(), Code::kConflict) << dup.message();

  std::int64_t id = 0;
  ASSERT_TRUE(db->Read([&](Tx& tx) {
                  auto a = repo->GetByCode(tx, "zzgjj");
                  if (a.ok()) id = a->id;
                  return a.status();
                }).ok());
  Status dep = db->Write([&](Tx& tx) { return repo->AddDepartment(tx, id, "办公室", "t").status(); });
  EXPECT_EQ(dep.code(), Code::kConflict);
  Status missing =
      db->Write([&](Tx& tx) { return repo->AddDepartment(tx, id + 100, "新部门", "t").status(); });
  EXPECT_EQ(missing.code(), Code::kNotFound);
}

TEST_P(StoreContract, AFailedWriteRollsEverythingBack) {
  OPEN_MIGRATED(db);
  auto repo = MakeAgencyRepository();
  Status st = db->Write([&](Tx& tx) -> Status {
    auto a = repo->Insert(tx, Center(), "t");
    if (!a.ok()) return a.status();
    return Status::Invalid("caller changed its mind");
  });
  EXPECT_EQ(st.code(), Code::kInvalid);
  // A constraint violation half-way through a multi-row insert also leaves nothing behind.
  domain::NewAgency bad = Center();
  bad.code = "other";
  bad.name = "另一个中心";
  Status partial = db->Write([&](Tx& tx) -> Status {
    auto a = repo->Insert(tx, bad, "t");
    if (!a.ok()) return a.status();
    return repo->AddDepartment(tx, a->id, "办公室", "t").status();  // duplicate department
  });
  EXPECT_EQ(partial.code(), Code::kConflict);
  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto n = repo->Count(tx);
                  EXPECT_TRUE(n.ok());
                  if (n.ok()) {
      EXPECT_EQ(*n, 0);
    }
                  auto deps = tx.Query("SELECT COUNT(*) FROM departments");
                  EXPECT_TRUE(deps.ok());
                  if (deps.ok()) {
      EXPECT_EQ(deps->rows.at(0).Int(0), 0);
    }
                  return Status::Ok();
                }).ok());
}

TEST_P(StoreContract, ConcurrentWritersAllLand) {
  OPEN_MIGRATED(db);
  auto repo = MakeAgencyRepository();
  constexpr int kThreads = 4;
  constexpr int kEach = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        domain::NewAgency a = Center();
        a.code = "a" + std::to_string(t) + "-" + std::to_string(i);
        a.name = "主体" + a.code;
        Status st = db->Write([&](Tx& tx) { return repo->Insert(tx, a, "t").status(); });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto n = repo->Count(tx);
                  EXPECT_TRUE(n.ok());
                  if (n.ok()) {
      EXPECT_EQ(*n, kThreads * kEach);
    }
                  return Status::Ok();
                }).ok());
}

TEST_P(StoreContract, ParametersBindByNumberAndNullsRoundTrip) {
  OPEN_MIGRATED(db);
  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto r = tx.Query("SELECT $2, $1, $3", {std::int64_t{7}, std::string("乙"), nullptr});
                  EXPECT_TRUE(r.ok()) << r.status().message();
                  if (!r.ok()) return r.status();
                  EXPECT_EQ(r->rows.at(0).Text(0), "乙");
                  EXPECT_EQ(r->rows.at(0).Int(1), 7);
                  EXPECT_TRUE(r->rows.at(0).IsNull(2));
                  return Status::Ok();
                }).ok());
}

TEST_P(StoreContract, PingAndPoolStats) {
  OPEN_MIGRATED(db);
  EXPECT_TRUE(db->Ping().ok());
  PoolStats s = db->Stats();
  EXPECT_GE(s.size, 1);
  EXPECT_EQ(s.in_use, 0);
}

TEST_P(StoreContract, DemoLoadsIntoAnEmptyDatabaseOnly) {
  OPEN_MIGRATED(db);
  FakeClock clock(kNow);
  auto first = services::LoadDemoIfEmpty(*db, clock);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(*first);
  auto again = services::LoadDemoIfEmpty(*db, clock);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(services::LoadDemo(*db, clock).code(), Code::kConflict);
  auto repo = MakeAgencyRepository();
  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto a = repo->GetByCode(tx, "zzgjj");
                  EXPECT_TRUE(a.ok());
                  if (a.ok()) {
                    EXPECT_EQ(a->name, "郑州住房公积金管理中心");
                    EXPECT_EQ(a->departments.size(), 4u);
                    EXPECT_EQ(a->leaders.size(), 3u);
                    EXPECT_TRUE(!a->leaders.empty() && a->leaders[0].title == "主任");
                    EXPECT_EQ(a->kind, domain::AgencyKind::kEnforcement);
                  }
                  auto bureau = repo->GetByCode(tx, "zzsfj");
                  EXPECT_TRUE(bureau.ok() && bureau->kind == domain::AgencyKind::kSupervisor);
                  auto all = repo->List(tx);
                  EXPECT_TRUE(all.ok() && all->size() == 2u && all->front().leaders.size() == 3u);
                  return Status::Ok();
                }).ok());
}

TEST(DatabaseOpen, ExplainsBadUrls) {
  auto unknown = Database::Open("mysql://x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Code::kInvalid);
  EXPECT_NE(unknown.status().message().find("sqlite:PATH"), std::string::npos);

  auto empty = Database::Open("sqlite:");
  EXPECT_EQ(empty.status().code(), Code::kInvalid);

  auto no_dir = Database::Open("sqlite:/nonexistent-dir-sx/x.db");
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(no_dir.status().code(), Code::kUnavailable);
  EXPECT_NE(no_dir.status().message().find("不存在"), std::string::npos);

  // Nothing listens on port 1: the error says so and hides the password.
  auto unreachable = Database::Open("postgresql://u:secret@127.0.0.1:1/x?connect_timeout=2");
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.status().code(), Code::kUnavailable);
  EXPECT_EQ(unreachable.status().message().find("secret"), std::string::npos)
      << unreachable.status().message();
}

TEST(RedactUrl, HidesOnlyThePassword) {
  EXPECT_EQ(RedactUrl("postgresql://u:pw@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(RedactUrl("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_EQ(RedactUrl("sqlite:var/x.db"), "sqlite:var/x.db");
}

}  // namespace
}  // namespace sx::store
