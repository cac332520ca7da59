// The record ledger on SQLite and PostgreSQL: leaves appended in business transactions (and only
// if those commit), sequenced into the RFC 9162 tree, signed checkpoints that verify, proofs
// against them, tiles and entry bundles, and sign-in records wired in.
#include <gtest/gtest.h>

#include <array>

#include <fmt/format.h>

#include "domain/ledger_event.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"
#include "services/agency_service.h"
#include "services/auth_service.h"
#include "services/ledger_service.h"
#include "store/ledger_repository.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace sx::services {
namespace {

using ::sx::testing::Engine;

const TimePoint kStart{std::chrono::milliseconds(1795839294123LL)};

class LedgerContract : public ::testing::TestWithParam<Engine> {
 protected:
  void Prepare(store::Database& db) {
    ASSERT_TRUE(store::Migrate(db, kStart).ok());
    std::array<std::uint8_t, 32> seed{};
    seed.fill(42);
    auto keys = ledger::KeyFromSeed("test.sanxiang/ledger", seed);
    ASSERT_TRUE(keys.ok());
    auto verifier = ledger::Verifier::FromKey(keys->verifier_key);
    ASSERT_TRUE(verifier.ok());
    verifier_.push_back(*verifier);
    auto service = LedgerService::Create(db, clock_, *keys, {});
    ASSERT_TRUE(service.ok()) << service.status().message();
    ledger_ = std::move(*service);
  }

  domain::LedgerEvent Event(int n) {
    return {"test.event", 1, "thing:" + std::to_string(n), 7, "2026-11-28T08:00:00.000Z",
            {{"record", ContentDigest("content " + std::to_string(n))}}};
  }

  // The checkpoint now served, opened with the test key and parsed.
  ledger::Checkpoint Opened() {
    auto note = ledger_->CheckpointNote();
    EXPECT_TRUE(note.ok()) << note.status().message();
    auto opened = ledger::Open(note.ok() ? *note : "", verifier_);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    auto c = ledger::ParseCheckpoint(opened.ok() ? opened->text : "");
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? *c : ledger::Checkpoint{};
  }

  std::vector<std::string> Entries(store::Database& db) {
    std::vector<std::string> out;
    auto repo = store::MakeLedgerRepository();
    EXPECT_TRUE(db.Read([&](store::Tx& tx) -> Status {
                    auto n = repo->Size(tx);
                    if (!n.ok()) return n.status();
                    auto leaves = repo->Leaves(tx, 0, *n);
                    if (!leaves.ok()) return leaves.status();
                    out = *leaves;
                    return Status::Ok();
                  }).ok());
    return out;
  }

  FakeClock clock_{kStart};
  std::vector<ledger::Verifier> verifier_;
  std::unique_ptr<LedgerService> ledger_;
};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Engines, LedgerContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(LedgerContract, OnlyCommittedChangesGetLeavesAndCheckpointsVerify) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  ASSERT_TRUE(ledger_->Integrate().ok());
  ledger::Checkpoint empty = Opened();
  EXPECT_EQ(empty.origin, "test.sanxiang/ledger");
  EXPECT_EQ(empty.size, 0);
  EXPECT_EQ(empty.root, ledger::EmptyRoot());

  ASSERT_TRUE(db->Write([&](store::Tx& tx) -> Status {
                  for (int i = 0; i < 3; ++i) SX_RETURN_IF_ERROR(AppendToLedger(tx, Event(i)));
                  return Status::Ok();
                }).ok());
  // A business change that fails takes its leaf with it.
  EXPECT_FALSE(db->Write([&](store::Tx& tx) -> Status {
                   SX_RETURN_IF_ERROR(AppendToLedger(tx, Event(99)));
                   return Status::Conflict("业务校验失败");
                 }).ok());
  auto size = ledger_->Integrate();
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(*size, 3);
  const ledger::Checkpoint three = Opened();
  EXPECT_EQ(three.size, 3);

  // The root is what an independent computation over the entries gives.
  ledger::MemoryHashLog reference;  // the reference the database-backed tree must agree with
  const auto entries = Entries(*db);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0], *domain::EncodeLedgerEvent(Event(0)));
  for (const auto& e : entries) ASSERT_TRUE(reference.Append(e).ok());
  EXPECT_EQ(*ledger::TreeHash(3, reference), three.root);

  ASSERT_TRUE(db->Write([&](store::Tx& tx) -> Status {
                  for (int i = 3; i < 5; ++i) SX_RETURN_IF_ERROR(AppendToLedger(tx, Event(i)));
                  return Status::Ok();
                }).ok());
  ASSERT_EQ(*ledger_->Integrate(), 5);
  EXPECT_EQ(*ledger_->Integrate(), 5);  // nothing pending: no new checkpoint
  const ledger::Checkpoint five = Opened();
  ASSERT_EQ(five.size, 5);

  for (std::int64_t i = 0; i < 5; ++i) {
    auto p = ledger_->Inclusion(i);
    ASSERT_TRUE(p.ok()) << p.status().message();
    EXPECT_EQ(p->root, five.root);
    EXPECT_TRUE(ledger::CheckRecord(p->hashes, 5, five.root, i,
                                    ledger::LeafHash(entries.size() > static_cast<std::size_t>(i)
                                                         ? entries[i]
                                                         : *domain::EncodeLedgerEvent(Event(static_cast<int>(i)))))
                    .ok())
        << i;
  }
  EXPECT_EQ(ledger_->Inclusion(5).status().code(), Code::kNotFound);
  auto c = ledger_->Consistency(3);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(ledger::CheckTree(c->hashes, 5, five.root, 3, three.root).ok());
  EXPECT_FALSE(ledger::CheckTree(c->hashes, 5, five.root, 3, empty.root).ok());

  auto repo = store::MakeLedgerRepository();
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto all = repo->Checkpoints(tx);
                  EXPECT_TRUE(all.ok() && all->size() == 3u);  // 0, 3 and 5: every one kept
                  auto pending = repo->Pending(tx, 10);
                  EXPECT_TRUE(pending.ok() && pending->empty());
                  return Status::Ok();
                }).ok());
}

TEST_P(LedgerContract, TilesAndEntryBundlesMatchTheTree) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  ASSERT_TRUE(db->Write([&](store::Tx& tx) -> Status {
                  for (int i = 0; i < 5; ++i) SX_RETURN_IF_ERROR(AppendToLedger(tx, Event(i)));
                  return Status::Ok();
                }).ok());
  ASSERT_EQ(*ledger_->Integrate(), 5);
  const auto entries = Entries(*db);

  auto tile = ledger_->TileData({ledger::kTileHeight, 0, 0, 5});
  ASSERT_TRUE(tile.ok()) << tile.status().message();
  ASSERT_EQ(tile->size(), 5u * 32u);
  for (std::size_t i = 0; i < 5; ++i) {
    const auto h = ledger::LeafHash(entries[i]);
    EXPECT_EQ(tile->substr(i * 32, 32), std::string(h.begin(), h.end())) << i;
  }
  auto older = ledger_->TileData({ledger::kTileHeight, 0, 0, 3});  // an older client's view
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(*older, tile->substr(0, 96));
  EXPECT_EQ(ledger_->TileData({ledger::kTileHeight, 0, 0, 6}).status().code(), Code::kNotFound);
  EXPECT_EQ(ledger_->TileData({ledger::kTileHeight, 0, 1, 1}).status().code(), Code::kNotFound);
  EXPECT_EQ(ledger_->TileData({ledger::kTileHeight, 1, 0, 1}).status().code(), Code::kNotFound);

  auto bundle = ledger_->TileData({ledger::kTileHeight, ledger::kEntriesLevel, 0, 5});
  ASSERT_TRUE(bundle.ok());
  auto decoded = ledger::DecodeEntryBundle(*bundle);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, entries);
}

TEST_P(LedgerContract, SignInsAndAgenciesAreRecordedWithoutPersonalData) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  AgencyService agencies(*db, clock_);
  domain::NewAgency a;
  a.code = "zzgjj";
  a.name = "郑州住房公积金管理中心";
  a.legal_basis = "依据";
  auto agency = agencies.Create(a, 0);
  ASSERT_TRUE(agency.ok());
  AuthService auth(*db, clock_);
  ASSERT_TRUE(auth.CreateAccount({agency->id, "zhang.wei", "张伟", "Gjj@2026pw", {domain::Role::kOfficer}}).ok());
  ASSERT_TRUE(auth.SignIn("zhang.wei", "Gjj@2026pw", "10.1.2.3").ok());
  EXPECT_FALSE(auth.SignIn("zhang.wei", "wrong", "10.1.2.3").ok());
  ASSERT_EQ(*ledger_->Integrate(), 5);

  const auto entries = Entries(*db);
  EXPECT_NE(entries[0].find(R"("type":"agency.created")"), std::string::npos) << entries[0];
  EXPECT_NE(entries[1].find(R"("type":"user.created")"), std::string::npos) << entries[1];
  EXPECT_NE(entries[2].find(R"("type":"auth.account_created")"), std::string::npos);
  EXPECT_NE(entries[3].find(R"("type":"auth.sign_in")"), std::string::npos);
  EXPECT_NE(entries[4].find(R"("type":"auth.sign_in_failed")"), std::string::npos);
  for (const auto& e : entries) {
    for (std::string_view personal : {"zhang.wei", "张伟", "10.1.2.3", "郑州"}) {
      EXPECT_EQ(e.find(personal), std::string::npos) << e;
    }
  }
  // The leaf's digest is the seal of the stored record: re-derivable field by field, and any
  // changed field is named.
  auto events = auth.AgencyEvents(agency->id, 10);
  ASSERT_TRUE(events.ok());
  const auto& sign_in = events->at(1);  // newest first: failure, sign-in, account
  ASSERT_EQ(sign_in.kind, "sign_in");
  auto leaf = domain::DecodeLedgerEvent(entries[3]);
  ASSERT_TRUE(leaf.ok());
  ASSERT_EQ(leaf->object, fmt::format("auth_event:{}", sign_in.id));
  ASSERT_EQ(leaf->digests.size(), 1u);
  const std::string digest = leaf->digests[0].second;
  std::optional<std::string> seal;
  ASSERT_TRUE(db->Read([&](store::Tx& tx) -> Status {
                  auto s = store::MakeLedgerRepository()->Seal(tx, digest);
                  if (!s.ok()) return s.status();
                  seal = *s;
                  return Status::Ok();
                }).ok());
  ASSERT_TRUE(seal.has_value());
  EXPECT_EQ(ContentDigest(*seal), digest);
  for (std::string_view personal : {"zhang.wei", "10.1.2.3"}) {
    EXPECT_EQ(seal->find(personal), std::string::npos) << *seal;
  }
  auto same = ChangedFields(*seal, leaf->object, AuthEventRecord(sign_in));
  ASSERT_TRUE(same.ok()) << same.status().message();
  EXPECT_TRUE(same->empty());
  auto moved = sign_in;
  moved.remote = "10.1.2.4";
  EXPECT_EQ(*ChangedFields(*seal, leaf->object, AuthEventRecord(moved)),
            std::vector<std::string>{"remote"});
  EXPECT_FALSE(ChangedFields(*seal, "auth_event:999", AuthEventRecord(sign_in)).ok());
  EXPECT_FALSE(ChangedFields("{}", leaf->object, AuthEventRecord(sign_in)).ok());
}

TEST_P(LedgerContract, SealsAreSaltedSoTheSameRecordNeverGivesTheSameDigest) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  ASSERT_TRUE(store::Migrate(*db, kStart).ok());
  const RecordFields record = {{"name", "张伟"}, {"cert_number", "ZZGJJ-2023-001"}};
  std::string first, second;
  ASSERT_TRUE(db->Write([&](store::Tx& tx) -> Status {
                  auto a = SealRecord(tx, "officer:1", record);
                  auto b = SealRecord(tx, "officer:1", record);
                  if (!a.ok() || !b.ok()) return a.ok() ? b.status() : a.status();
                  first = *a;
                  second = *b;
                  return Status::Ok();
                }).ok());
  EXPECT_NE(first, second);
  EXPECT_NE(first, ContentDigest("张伟"));
  // A record with a repeated or malformed field name is a programming error, refused.
  EXPECT_EQ(db->Write([](store::Tx& tx) {
                return SealRecord(tx, "officer:1", {{"name", "a"}, {"name", "b"}}).status();
              }).code(),
            Code::kInternal);
}

}  // namespace
}  // namespace sx::services
