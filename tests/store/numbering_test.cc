// 文号 allocation under concurrency, on SQLite and PostgreSQL (issue #6): 1,000 numbers taken by 8
// threads, each in its own write transaction, with some transactions rolled back after taking
// theirs — the committed numbers are exactly 1…1000, no duplicate and no gap; and 40 询问笔录
// issued through CaseService from 8 threads get the serials 1…40, each PDF in the blob store.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "render/templates.h"
#include "services/calendar_service.h"
#include "services/case_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "store/agency_repository.h"
#include "store/case_repository.h"
#include "store/migrations.h"
#include "store/officer_repository.h"
#include "store/test_db.h"
#include "store/user_repository.h"

namespace sx::store {
namespace {

using ::sx::testing::Engine;

// 2026-12-21T02:00:00Z: Monday 2026-12-21, 10:00 in Shanghai.
const TimePoint kNow{std::chrono::seconds(1797818400)};

constexpr int kThreads = 8;
constexpr int kPerThread = 125;
constexpr int kRollbackEvery = 7;  // every 7th transaction of a thread takes a number, then fails
// A retryable failure (kUnavailable: PostgreSQL serialization failure or deadlock, SQLite busy)
// is retried as a caller of the service layer would; more than this many in a row is a failure.
constexpr int kMaxRetries = 20;

// Runs `fn` in a write transaction, again while the engine reports a retryable failure.
Status WriteRetrying(Database& db, const std::function<Status(Tx&)>& fn,
                     std::atomic<int>* retries) {
  for (int attempt = 0;; ++attempt) {
    Status st = db.Write(fn);
    if (st.code() != Code::kUnavailable || attempt == kMaxRetries) return st;
    retries->fetch_add(1);
  }
}

class Numbering : public ::testing::TestWithParam<Engine> {
 protected:
  // Migrated, with the demo center (the sequences belong to an agency) and its accounts.
  void Prepare(Database& db) {
    ASSERT_TRUE(Migrate(db, kNow).ok());
    ASSERT_TRUE(services::LoadDemo(db, clock_).ok());
    services::AuthOptions fast;
    fast.argon2_ops = 1;
    fast.argon2_mem = 8192;
    ASSERT_TRUE(services::CreateDemoAccounts(db, clock_, "zzgjj", "zzsfj", fast).ok());
    ASSERT_TRUE(db.Read([&](Tx& tx) -> Status {
                    auto agency = MakeAgencyRepository()->GetByCode(tx, "zzgjj");
                    if (!agency.ok()) return agency.status();
                    agency_ = agency->id;
                    auto u = MakeUserRepository()->FindByUsername(tx, "demo.officer");
                    if (!u.ok()) return u.status();
                    officer_.user_id = u->id;
                    officer_.agency_id = u->agency_id;
                    officer_.username = u->username;
                    officer_.display_name = u->display_name;
                    officer_.roles = u->roles;
                    officer_.department_id = u->department_id;
                    auto officers = MakeOfficerRepository()->ListByAgency(tx, agency_);
                    if (!officers.ok()) return officers.status();
                    for (const auto& o : *officers) officers_[o.name] = o.id;
                    return Status::Ok();
                  }).ok());
  }

  // The case service over `db`, with a blob store in a temporary directory.
  void OpenCases(Database& db) {
    auto calendar = services::CalendarService::Create(db, clock_);
    ASSERT_TRUE(calendar.ok()) << calendar.status().message();
    calendar_ = std::move(*calendar);
    deadlines_ = std::make_unique<services::DeadlineService>(db, clock_, *calendar_);
    auto blobs = BlobStore::Open(blob_dir_.path());
    ASSERT_TRUE(blobs.ok());
    blobs_ = std::move(*blobs);
    cases_ = std::make_unique<services::CaseService>(db, clock_, *calendar_, *deadlines_, *blobs_);
  }

  // A lead of a 第37条 case with two officers; 0 on failure.
  std::int64_t CreateCase() {
    std::int64_t art37 = 0;
    auto items = cases_->PowerItems(agency_);
    EXPECT_TRUE(items.ok());
    if (!items.ok()) return 0;
    for (const auto& p : *items) {
      if (p.code == "GJJ-CF-037") art37 = p.id;
    }
    services::CaseInput in;
    in.power_item_id = art37;
    in.cause = "未办理住房公积金缴存登记,逾期不办理";
    in.source = "监督检查";
    in.area = "郑州市金水区";
    in.party = {
        domain::PartyKind::kOrganisation, "郑州测试物业有限公司", "91410103MA46U7EF5G", "王五",
        "郑州市金水区经三路 1 号",        "0371-0000 0000"};
    in.facts = "当事人成立 3 年未办理住房公积金缴存登记,经责令限期办理,逾期仍未办理。";
    in.art37 = {true, 3, 0, false};
    in.officer_ids = {officers_.at("张伟"), officers_.at("陈静")};
    auto c = cases_->Create(in, officer_);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? c->row.id : 0;
  }

  // `n` drafts of `type` with every required input, signed off by the officer.
  std::vector<std::int64_t> SignedDrafts(std::int64_t case_id, std::string_view type, int n) {
    std::vector<std::int64_t> out;
    const render::Template* tpl = render::FindTemplate(type);
    EXPECT_NE(tpl, nullptr) << type;
    if (tpl == nullptr) return out;
    for (int i = 0; i < n; ++i) {
      std::map<std::string, std::string, std::less<>> inputs;
      for (const auto& input : tpl->inputs) {
        if (input.required) inputs[input.key] = fmt::format("{}(第 {} 份)", input.label, i + 1);
      }
      auto d = cases_->Draft(case_id, type, inputs, officer_);
      EXPECT_TRUE(d.ok()) << d.status().message();
      if (!d.ok()) return out;
      auto s = cases_->SignOff(d->row.id, domain::Role::kOfficer, officer_);
      EXPECT_TRUE(s.ok() && s->missing.empty()) << s.status().message();
      out.push_back(d->row.id);
    }
    return out;
  }

  // Issues the drafts from 8 threads (thread t takes every 8th from t), retrying a retryable
  // failure as a client of the service would; the issued rows, in no particular order.
  std::vector<DocumentRow> IssueFromEightThreads(const std::vector<std::int64_t>& drafts) {
    std::mutex mu;
    std::vector<DocumentRow> issued;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = static_cast<std::size_t>(t); i < drafts.size(); i += kThreads) {
          auto d = cases_->Issue(drafts[i], officer_, "https://zfgs.example.gov.cn");
          for (int attempt = 0;
               !d.ok() && d.status().code() == Code::kUnavailable && attempt < kMaxRetries;
               ++attempt) {
            d = cases_->Issue(drafts[i], officer_, "https://zfgs.example.gov.cn");
          }
          if (!d.ok()) {
            ADD_FAILURE() << "document " << drafts[i] << ": " << d.status().message();
            continue;
          }
          std::lock_guard lock(mu);
          issued.push_back(d->row);
        }
      });
    }
    for (auto& th : threads) th.join();
    return issued;
  }

  // The issued documents of `type` have serials exactly 1…n, unique 文号 with `abbr`, and their
  // PDFs in the blob store.
  void ExpectSerialsOneTo(const std::vector<DocumentRow>& issued, std::string_view type,
                          std::string_view abbr, int n) {
    std::set<std::int64_t> serials;
    std::set<std::string> numbers;
    for (const auto& d : issued) {
      if (d.type != type) continue;
      EXPECT_EQ(d.status, "issued");
      ASSERT_TRUE(d.serial && d.number && d.pdf_digest);
      serials.insert(*d.serial);
      numbers.insert(*d.number);
      EXPECT_EQ(*d.number, fmt::format("郑公积金{}〔2026〕{}号", abbr, *d.serial));
      EXPECT_EQ(d.year.value_or(0), 2026);
      Status stored = blobs_->Check(*d.pdf_digest);
      EXPECT_TRUE(stored.ok()) << *d.number << ": " << stored.message();
    }
    EXPECT_EQ(numbers.size(), static_cast<std::size_t>(n)) << type;
    ASSERT_EQ(serials.size(), static_cast<std::size_t>(n)) << type;
    EXPECT_EQ(*serials.begin(), 1);
    EXPECT_EQ(*serials.rbegin(), n);
  }

  FakeClock clock_{kNow};
  ::sx::testing::TempDir blob_dir_;
  std::unique_ptr<services::CalendarService> calendar_;
  std::unique_ptr<services::DeadlineService> deadlines_;
  std::unique_ptr<BlobStore> blobs_;
  std::unique_ptr<services::CaseService> cases_;
  std::int64_t agency_ = 0;
  services::Principal officer_;
  std::map<std::string, std::int64_t, std::less<>> officers_;
};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Engines, Numbering, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         Name);

TEST_P(Numbering, EightThreadsTakeOneThousandNumbersWithoutGapsOrDuplicates) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  CaseRepository repo;
  std::mutex mu;
  std::vector<std::int64_t> committed;
  std::atomic<int> rolled_back{0}, retries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      int done = 0;
      for (int attempt = 1; done < kPerThread; ++attempt) {
        const bool roll_back = attempt % kRollbackEvery == 0;
        std::int64_t taken = 0;
        Status st = WriteRetrying(
            *db,
            [&](Tx& tx) -> Status {
              auto n = repo.NextNumber(tx, agency_, "penalty_decision", 2026);
              if (!n.ok()) return n.status();
              taken = *n;
              // Fails after taking the number, as an issue whose PDF cannot be stored would.
              if (roll_back) return Status::Invalid("deliberate rollback");
              return Status::Ok();
            },
            &retries);
        if (roll_back) {
          EXPECT_EQ(st.code(), Code::kInvalid) << st.message();
          rolled_back.fetch_add(1);
          continue;
        }
        if (!st.ok()) {
          ADD_FAILURE() << st.message();
          return;
        }
        std::lock_guard lock(mu);
        committed.push_back(taken);
        ++done;
      }
    });
  }
  for (auto& th : threads) th.join();

  ASSERT_EQ(committed.size(), static_cast<std::size_t>(kThreads * kPerThread));
  std::sort(committed.begin(), committed.end());
  for (std::size_t i = 0; i < committed.size(); ++i) {
    ASSERT_EQ(committed[i], static_cast<std::int64_t>(i + 1)) << "gap or duplicate at " << i;
  }
  EXPECT_EQ(rolled_back.load(), kThreads * ((kPerThread - 1) / (kRollbackEvery - 1)));
  std::int64_t last = 0;
  ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                  auto r = tx.Query(
                      "SELECT last FROM number_sequences WHERE agency_id = $1 AND kind = $2"
                      " AND year = $3",
                      {agency_, std::string("penalty_decision"), std::int64_t{2026}});
                  if (!r.ok()) return r.status();
                  last = r->rows.at(0).Int(0);
                  return Status::Ok();
                }).ok());
  EXPECT_EQ(last, kThreads * kPerThread);
  // Another kind and another year are sequences of their own.
  std::int64_t other = 0;
  ASSERT_TRUE(db->Write([&](Tx& tx) -> Status {
                  auto a = repo.NextNumber(tx, agency_, "penalty_decision", 2027);
                  if (!a.ok()) return a.status();
                  auto b = repo.NextNumber(tx, agency_, "inquiry_record", 2026);
                  if (!b.ok()) return b.status();
                  other = *a * 10 + *b;
                  return Status::Ok();
                }).ok());
  EXPECT_EQ(other, 11);
  RecordProperty("retries", retries.load());
}

// The same through the real issue path: 40 signed 询问笔录 of one case issued from 8 threads.
TEST_P(Numbering, DocumentsIssuedFromEightThreadsGetSerialsOneToForty) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  OpenCases(*db);
  const std::int64_t case_id = CreateCase();
  ASSERT_GT(case_id, 0);
  constexpr int kDocuments = 40;
  const auto drafts = SignedDrafts(case_id, "inquiry_record", kDocuments);
  ASSERT_EQ(drafts.size(), static_cast<std::size_t>(kDocuments));

  const auto issued = IssueFromEightThreads(drafts);
  ASSERT_EQ(issued.size(), static_cast<std::size_t>(kDocuments));
  ExpectSerialsOneTo(issued, "inquiry_record", "询", kDocuments);

  // Each issue is one event on the case's timeline, in one order.
  auto view = cases_->Get(case_id);
  ASSERT_TRUE(view.ok());
  int issue_events = 0;
  for (std::size_t i = 0; i < view->events.size(); ++i) {
    EXPECT_EQ(view->events[i].row.seq, static_cast<int>(i + 1));
    issue_events += view->events[i].row.action == "issue" ? 1 : 0;
  }
  EXPECT_EQ(issue_events, kDocuments);
}

// Two kinds of document on one case, issued at the same time: separate sequences, so the issues
// do not wait for each other's number, and both append to the same case timeline.
TEST_P(Numbering, TwoKindsIssuedTogetherOnOneCase) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  OpenCases(*db);
  const std::int64_t case_id = CreateCase();
  ASSERT_GT(case_id, 0);
  constexpr int kEach = 20;
  auto inquiries = SignedDrafts(case_id, "inquiry_record", kEach);
  auto inspections = SignedDrafts(case_id, "inspection_record", kEach);
  ASSERT_EQ(inquiries.size() + inspections.size(), static_cast<std::size_t>(2 * kEach));
  std::vector<std::int64_t> drafts;
  for (int i = 0; i < kEach; ++i) {
    drafts.push_back(inquiries[static_cast<std::size_t>(i)]);
    drafts.push_back(inspections[static_cast<std::size_t>(i)]);
  }
  const auto issued = IssueFromEightThreads(drafts);
  ASSERT_EQ(issued.size(), static_cast<std::size_t>(2 * kEach));
  ExpectSerialsOneTo(issued, "inquiry_record", "询", kEach);
  ExpectSerialsOneTo(issued, "inspection_record", "检", kEach);
}

}  // namespace
}  // namespace sx::store
