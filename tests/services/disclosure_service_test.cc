// 执法公示 on SQLite and PostgreSQL: a decision drafted redacted with its due date on the official
// calendar (a penalty decided before 国庆), published with its content digest in the ledger,
// searched (trigram index, words of any length, filters, keyset pages, tampered tokens, SQL and
// FTS syntax taken literally), corrected with a public history, withdrawn within 3 working days
// with only the notice left, expired after its display period, withheld when the law says so;
// and the redaction corpus: no personal datum of 60 generated decisions in any published text,
// JSON, CSV or feed.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "domain/redaction.h"
#include "domain/redaction_corpus.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/disclosure_service.h"
#include "services/ledger_service.h"
#include "store/migrations.h"
#include "store/test_db.h"
#include "store/user_repository.h"

namespace sx::services {
namespace {

namespace json = boost::json;
using ::sx::testing::Engine;

// 2026-09-29T02:00:00Z: Tuesday 29 September 2026, 10:00 in Shanghai — the last working days
// before 国庆 (1–7 October; 10 October, a Saturday, is a working day).
const TimePoint kBeforeNationalDay{std::chrono::seconds(1790647200)};

domain::Date D(const char* text) { return *domain::ParseDate(text); }

class DisclosureServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void Prepare(store::Database& db) {
    db_ = &db;
    ASSERT_TRUE(store::Migrate(db, clock_.Now()).ok());
    ASSERT_TRUE(LoadDemo(db, clock_).ok());
    AuthOptions fast;
    fast.argon2_ops = 1;
    fast.argon2_mem = 8192;
    ASSERT_TRUE(CreateDemoAccounts(db, clock_, "zzgjj", "zzsfj", fast).ok());
    ASSERT_TRUE(db.Read([&](store::Tx& tx) -> Status {
                    auto users = store::MakeUserRepository();
                    auto p = users->FindByUsername(tx, "demo.publisher");
                    if (!p.ok()) return p.status();
                    publisher_ = p->id;
                    agency_ = p->agency_id;
                    return Status::Ok();
                  }).ok());
    auto calendar = CalendarService::Create(db, clock_);
    ASSERT_TRUE(calendar.ok()) << calendar.status().message();
    calendar_ = std::move(*calendar);
    deadlines_ = std::make_unique<DeadlineService>(db, clock_, *calendar_);
    service_ = std::make_unique<DisclosureService>(db, clock_, *calendar_, *deadlines_);
  }

  DecisionNotice Notice(std::string party, domain::Outcome outcome, std::int64_t fine = 30'000) {
    DecisionNotice n;
    n.agency_id = agency_;
    n.agency_name = "郑州住房公积金管理中心";
    n.document_number = fmt::format("郑公积金罚决〔2026〕{}号", ++serial_);
    n.document_title = "行政处罚决定书";
    n.outcome = outcome;
    if (outcome == domain::Outcome::kPenalty) n.fine = fine;
    n.decided_on = domain::ShanghaiDate(clock_.Now());
    n.party = {domain::PartyKind::kOrganisation, std::move(party), "91410103MA46U7EF5G", "王建国",
               "郑州市金水区经三路 1 号",        "13837112345"};
    n.document_text = fmt::format(
        "当事人:{},法定代表人:王建国,联系电话:13837112345。经查,当事人未办理住房公积金缴存登记。"
        "决定罚款人民币 {} 元。执法人员:张伟。",
        n.party.name, fine);
    n.cause = "未办理住房公积金缴存登记,逾期不办理";
    n.category = "行政处罚";
    n.basis = "《住房公积金管理条例》第三十七条";
    n.officer_names = {"张伟"};
    n.actor_id = publisher_;
    return n;
  }

  std::int64_t Draft(const DecisionNotice& n) {
    EXPECT_TRUE(db_->Write([&](store::Tx& tx) { return service_->OnDecision(tx, n); }).ok());
    auto list = service_->List({agency_, std::nullopt, false}, [](std::int64_t) { return true; });
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->at("items").as_array().front().at("id").as_int64() : 0;
  }

  json::object Item(std::int64_t id) {
    auto r = service_->Get(id);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : json::object{};
  }

  std::int64_t Version(std::int64_t id) { return Item(id).at("version").as_int64(); }

  json::object Publish(std::int64_t id) {
    auto r = service_->Publish(id, Version(id), publisher_);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : json::object{};
  }

  std::vector<std::int64_t> Ids(const DisclosureQuery& q, std::string* next = nullptr) {
    auto r = service_->Search(q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    std::vector<std::int64_t> ids;
    if (!r.ok()) return ids;
    for (const auto& i : r->at("items").as_array()) ids.push_back(i.at("id").as_int64());
    if (next) *next = r->at("next").is_string() ? std::string(r->at("next").as_string()) : "";
    return ids;
  }

  // The ledger leaves of `object`, as their entries.
  std::vector<std::string> Leaves(const std::string& object) {
    std::vector<std::string> out;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     for (const char* table : {"ledger_leaves", "ledger_pending"}) {
                       auto r = tx.Query(
                           fmt::format("SELECT entry FROM {} WHERE object = $1 "
                                       "ORDER BY {}",
                                       table, table == std::string("ledger_leaves") ? "idx" : "id"),
                           {object});
                       if (!r.ok()) return r.status();
                       for (const auto& row : r->rows) out.push_back(row.Text(0));
                     }
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  FakeClock clock_{kBeforeNationalDay};
  store::Database* db_ = nullptr;
  std::int64_t agency_ = 0;
  std::int64_t publisher_ = 0;
  int serial_ = 0;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<DeadlineService> deadlines_;
  std::unique_ptr<DisclosureService> service_;
};

TEST_P(DisclosureServiceTest, APenaltyDecidedBeforeNationalDayIsDueOnTheSeventhWorkingDay) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  // Decided Tuesday 29 September: 30 Sep (1), 8 Oct (2), 9 Oct (3), Saturday 10 Oct (4, 调休),
  // 12 Oct (5), 13 Oct (6), 14 Oct (7).
  const std::int64_t penalty = Draft(Notice("郑州甲乙商贸有限公司", domain::Outcome::kPenalty));
  json::object d = Item(penalty);
  EXPECT_EQ(d.at("status"), "draft");
  EXPECT_EQ(d.at("kind"), "penalty");
  EXPECT_EQ(d.at("dueOn"), "2026-10-14");
  EXPECT_EQ(d.at("deadlineState"), "on_time");
  // Another result: 20 working days, to 2 November.
  const std::int64_t result = Draft(Notice("郑州丙丁商贸有限公司", domain::Outcome::kNoPenalty));
  EXPECT_EQ(Item(result).at("kind"), "result");
  EXPECT_EQ(Item(result).at("dueOn"), "2026-11-02");
  // The deadline is on the dashboards: overdue once 14 October has passed unpublished.
  clock_.Advance(std::chrono::hours(24 * 16));  // Thursday 15 October
  auto overdue = service_->List({agency_, std::nullopt, true}, [](std::int64_t) { return true; });
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->at("items").as_array().size(), 1u);
  EXPECT_EQ(overdue->at("items").as_array().front().at("id"), penalty);
  EXPECT_EQ(overdue->at("items").as_array().front().at("deadlineState"), "overdue");
  auto dl = deadlines_->List({agency_, domain::DeadlineState::kOverdue, "publish.penalty"},
                             deadlines_->Today(), [](const auto&) { return true; });
  ASSERT_TRUE(dl.ok());
  EXPECT_EQ(dl->size(), 1u);
  // Published late: done late, and no longer overdue.
  Publish(penalty);
  EXPECT_EQ(Item(penalty).at("deadlineState"), "done_late");
}

TEST_P(DisclosureServiceTest, AWithdrawalIsDueWithinThreeWorkingDaysAndLeavesOnlyTheNotice) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const std::int64_t id = Draft(Notice("郑州撤回测试有限公司", domain::Outcome::kPenalty));
  json::object pub = Publish(id);
  const std::string body(pub.at("body").as_string());
  ASSERT_NE(body.find("郑州撤回测试有限公司"), std::string::npos);
  // Revoked by 行政复议 on Wednesday 30 September, withdrawn on Saturday 10 October (a working
  // day): 8, 9, 10 October are the three working days — on time.
  clock_.Advance(std::chrono::hours(24 * 11));
  auto w = service_->Withdraw(id, Version(id), domain::WithdrawReason::kRevoked,
                              "郑州市人民政府行政复议决定撤销", D("2026-09-30"), publisher_);
  ASSERT_TRUE(w.ok()) << w.status().message();
  auto due = deadlines_->List({agency_, std::nullopt, "publish.withdraw"}, deadlines_->Today(),
                              [](const auto&) { return true; });
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(domain::FormatDate(due->front().record.due_date), "2026-10-10");
  EXPECT_EQ(due->front().state, domain::DeadlineState::kDoneOnTime);
  // The public sees the notice and the history, never the content.
  auto pub_item = service_->PublicItem(id);
  ASSERT_TRUE(pub_item.ok());
  const std::string text = json::serialize(*pub_item);
  EXPECT_EQ(pub_item->at("status"), "withdrawn");
  EXPECT_EQ(pub_item->at("withdrawReasonName"), "原决定已被依法撤销");
  EXPECT_EQ(text.find("郑州撤回测试有限公司"), std::string::npos) << text;
  EXPECT_FALSE(pub_item->contains("body"));
  EXPECT_FALSE(pub_item->contains("content"));
  EXPECT_EQ(pub_item->at("history").as_array().size(), 2u);
  // Gone from search and the CSV; the ledger keeps the digest of what was published.
  DisclosureQuery q;
  q.q = "撤回测试";
  EXPECT_TRUE(Ids(q).empty());
  auto csv = service_->Csv({});
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->find("撤回测试"), std::string::npos);
  const std::string digest(pub.at("contentDigest").as_string());
  bool kept = false;
  for (const auto& leaf : Leaves(fmt::format("disclosure:{}", id))) {
    if (leaf.find(digest) != std::string::npos) kept = true;
    EXPECT_EQ(leaf.find("撤回"), std::string::npos) << "a leaf holds no content: " << leaf;
  }
  EXPECT_TRUE(kept);
  // Listed as a withdrawal notice.
  q = {};
  q.withdrawn = true;
  EXPECT_EQ(Ids(q), std::vector<std::int64_t>{id});
  // A revocation registered first: the 3-working-day deadline is open (and on the dashboards)
  // while the item is still up, and goes overdue; the withdrawal then meets it, late.
  clock_.Advance(std::chrono::hours(24 * 2));  // Monday 12 October
  const std::int64_t second = Draft(Notice("郑州登记撤销有限公司", domain::Outcome::kPenalty));
  Publish(second);
  auto reg = service_->RegisterRevocation(second, Version(second), domain::WithdrawReason::kIllegal,
                                          "行政诉讼判决确认违法", D("2026-10-12"), publisher_);
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  EXPECT_EQ(reg->at("status"), "published");
  EXPECT_EQ(reg->at("withdrawDueOn"), "2026-10-15");  // 13, 14, 15 October
  EXPECT_EQ(service_
                ->RegisterRevocation(second, Version(second), domain::WithdrawReason::kIllegal, "",
                                     D("2026-10-12"), publisher_)
                .status()
                .code(),
            Code::kConflict);
  clock_.Advance(std::chrono::hours(24 * 5));  // Saturday 17 October
  EXPECT_EQ(Item(second).at("withdrawDeadlineState"), "overdue");
  auto open_withdrawals =
      deadlines_->List({agency_, domain::DeadlineState::kOverdue, "publish.withdraw"},
                       deadlines_->Today(), [](const auto&) { return true; });
  ASSERT_TRUE(open_withdrawals.ok());
  EXPECT_EQ(open_withdrawals->size(), 1u);
  ASSERT_TRUE(service_
                  ->Withdraw(second, Version(second), domain::WithdrawReason::kIllegal,
                             "行政诉讼判决确认违法", std::nullopt, publisher_)
                  .ok());
  EXPECT_EQ(Item(second).at("withdrawDeadlineState"), "done_late");
  EXPECT_EQ(Item(second).at("withdrawOccurredOn"), "2026-10-12");

  // Withdrawn twice, or in the future: refused.
  auto again =
      service_->Withdraw(id, Version(id), domain::WithdrawReason::kRevoked, "", {}, publisher_);
  EXPECT_EQ(again.status().code(), Code::kConflict);
}

TEST_P(DisclosureServiceTest, PublishedContentIsHashedIntoTheLedgerAndCorrectionsKeepAHistory) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const std::int64_t id = Draft(Notice("郑州更正测试有限公司", domain::Outcome::kPenalty, 20'000));
  json::object p = Publish(id);
  EXPECT_EQ(p.at("status"), "published");
  EXPECT_EQ(p.at("revision"), 1);
  const std::string content(p.at("content").as_string());
  EXPECT_EQ(p.at("contentDigest"), json::value(ContentDigest(content)));
  // The fields shown are those of the content.
  json::value parsed = json::parse(content);
  EXPECT_EQ(parsed.at("target"), p.at("target"));
  EXPECT_EQ(parsed.at("body"), p.at("body"));
  // 3 years for an organisation's 20,000 yuan? No: under 50,000 is a small fine — 3 months.
  EXPECT_EQ(p.at("displayUntil"), "2026-12-29");
  auto leaves = Leaves(fmt::format("disclosure:{}", id));
  ASSERT_EQ(leaves.size(), 2u);  // drafted, published
  EXPECT_NE(leaves[1].find("\"content\":\"" + std::string(p.at("contentDigest").as_string())),
            std::string::npos)
      << leaves[1];

  Correction c;
  c.conclusion = "决定给予罚款人民币20000元的行政处罚(更正)。";
  auto corrected = service_->Correct(id, Version(id), c, "执法结论表述有误", publisher_);
  ASSERT_TRUE(corrected.ok()) << corrected.status().message();
  EXPECT_EQ(corrected->at("revision"), 2);
  EXPECT_NE(corrected->at("contentDigest"), p.at("contentDigest"));
  const auto& history = corrected->at("history").as_array();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].at("kind"), "corrected");
  EXPECT_EQ(history[1].at("reason"), "执法结论表述有误");
  EXPECT_EQ(history[1].at("fields"), json::array{"conclusion"});
  EXPECT_EQ(history[0].at("digest"), p.at("contentDigest"));
  // Search finds the corrected text; the old revision's wording is gone from it.
  DisclosureQuery q;
  q.q = "(更正)";
  EXPECT_EQ(Ids(q), std::vector<std::int64_t>{id});
  // Refusals: no reason, nothing changed, a stale version.
  EXPECT_EQ(service_->Correct(id, Version(id), c, "", publisher_).status().field(), "reason");
  EXPECT_EQ(service_->Correct(id, Version(id), c, "再次更正", publisher_).status().code(),
            Code::kInvalid);
  EXPECT_EQ(service_->Correct(id, 1, c, "再次更正", publisher_).status().code(), Code::kConflict);
  // Masks: added on a published item as a correction; never taken away once published.
  auto masked = service_->SetManual(id, Version(id), {"经查"}, "遮蔽调查表述", publisher_);
  ASSERT_TRUE(masked.ok()) << masked.status().message();
  EXPECT_EQ(std::string(masked->at("body").as_string()).find("经查"), std::string::npos);
  EXPECT_EQ(service_->SetManual(id, Version(id), {}, "取消遮蔽", publisher_).status().code(),
            Code::kInvalid);
  EXPECT_EQ(
      service_->SetManual(id, Version(id), {"原文没有的字"}, "x", publisher_).status().field(),
      "manual");
}

TEST_P(DisclosureServiceTest, SearchTakesQueriesLiterallyAndPagesByKeyset) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  std::vector<std::int64_t> published;
  for (int i = 0; i < 25; ++i) {
    const std::int64_t id =
        Draft(Notice(fmt::format("郑州第{}号测试有限公司", i),
                     i % 2 ? domain::Outcome::kPenalty : domain::Outcome::kNoPenalty));
    Publish(id);
    published.push_back(id);
  }
  std::reverse(published.begin(), published.end());  // newest first
  // Every page in order, no item twice, 10 + 10 + 5.
  DisclosureQuery q;
  q.limit = 10;
  std::vector<std::int64_t> all;
  std::string next;
  for (int page = 0; page < 3; ++page) {
    auto ids = Ids(q, &next);
    all.insert(all.end(), ids.begin(), ids.end());
    q.page = next;
  }
  EXPECT_EQ(all, published);
  EXPECT_TRUE(next.empty());
  // A tampered token is refused, naming the page.
  q.limit = 10;
  q.page = "";
  Ids(q, &next);
  ASSERT_FALSE(next.empty());
  std::string tampered = next;
  tampered[0] = tampered[0] == '9' ? '8' : '9';
  q.page = tampered;
  EXPECT_EQ(service_->Search(q).status().field(), "page");
  q.page = "abc";
  EXPECT_EQ(service_->Search(q).status().field(), "page");
  // Words of three characters or more (trigram index), shorter ones, several words.
  q = {};
  q.q = "第12号测试";
  EXPECT_EQ(Ids(q).size(), 1u);
  q.q = "12";  // 第12号 and the 12th 文号
  EXPECT_EQ(Ids(q).size(), 2u);
  q.q = "测试";  // a two-character word: through the pairs of the short fields
  q.limit = 100;
  EXPECT_EQ(Ids(q).size(), 25u);
  q.q = "测试 罚款";  // and with a second one: the penalties only
  EXPECT_EQ(Ids(q).size(), 12u);
  q.limit = 20;
  q.q = "第1 有限公司";
  EXPECT_EQ(Ids(q).size(), 11u);  // 第1号, 第10…19号
  // Filters: kind, target, dates, agency.
  q = {};
  q.kind = domain::DisclosureKind::kPenalty;
  EXPECT_EQ(Ids(q).size(), 12u);
  q.kind.reset();
  q.target = "第3号";
  EXPECT_EQ(Ids(q).size(), 1u);
  q = {};
  q.from = D("2026-09-30");
  EXPECT_TRUE(Ids(q).empty());
  q.from = D("2026-09-29");
  q.to = D("2026-09-29");
  q.limit = 100;
  EXPECT_EQ(Ids(q).size(), 25u);
  q = {};
  q.agency_id = agency_ + 1000;
  EXPECT_TRUE(Ids(q).empty());
  // SQL and FTS syntax are text to look for, nothing else; they find nothing and break nothing.
  for (const char* hostile :
       {"' OR 1=1 --", "\" OR \"", "测试 NOT 有限", "NEAR(测试 公司)", "测试*", "%%", "__", "\\\\",
        "公司\" OR \"1", "'); DROP TABLE disclosures; --", "^测试", "{text}: 测试", "AND"}) {
    q = {};
    q.q = hostile;
    auto r = service_->Search(q);
    ASSERT_TRUE(r.ok()) << hostile << ": " << r.status().message();
    EXPECT_TRUE(r->at("items").as_array().empty()) << hostile;
  }
  // A word of one character, too long, too many words, not UTF-8, a bad page size.
  q.q = "测";
  EXPECT_EQ(service_->Search(q).status().field(), "q");
  q.q = "有限 % 测";  // single characters are left out, and the answer says which
  auto partial = service_->Search(q);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->at("ignoredWords"), (json::array{"%", "测"}));
  q.q = std::string(101 * 3, 'x');
  EXPECT_EQ(service_->Search(q).status().field(), "q");
  q.q = "一 二 三 四 五 六";
  EXPECT_EQ(service_->Search(q).status().field(), "q");
  q.q = "\xff\xfe";
  EXPECT_EQ(service_->Search(q).status().field(), "q");
  q = {};
  q.limit = 101;
  EXPECT_EQ(service_->Search(q).status().field(), "limit");
  // Still all there.
  q = {};
  q.limit = 100;
  EXPECT_EQ(Ids(q).size(), 25u);
}

TEST_P(DisclosureServiceTest, ItemsExpireAfterTheirDisplayPeriodAndWithheldOnesAreNeverPublic) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  // The agency's own periods: validated, then applied.
  domain::DisplayPolicy bad;
  bad.short_months = 48;
  EXPECT_EQ(service_->SetPolicy(agency_, bad, publisher_).status().field(), "shortMonths");
  domain::DisplayPolicy policy;
  policy.short_months = 1;
  ASSERT_TRUE(service_->SetPolicy(agency_, policy, publisher_).ok());
  const std::int64_t small =
      Draft(Notice("郑州小额罚款有限公司", domain::Outcome::kPenalty, 10'000));
  const std::int64_t large =
      Draft(Notice("郑州大额罚款有限公司", domain::Outcome::kPenalty, 50'000));
  EXPECT_EQ(Publish(small).at("displayUntil"), "2026-10-29");
  EXPECT_EQ(Publish(large).at("displayUntil"), "2029-09-29");
  // Not yet on the last day; taken down the day after.
  auto n = service_->ExpireDue(D("2026-10-29"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  n = service_->ExpireDue(D("2026-10-30"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  auto gone = service_->PublicItem(small);
  EXPECT_EQ(gone.status().code(), Code::kNotFound);
  EXPECT_EQ(gone.status().field(), "expired");
  EXPECT_TRUE(service_->PublicItem(large).ok());
  DisclosureQuery q;
  q.q = "小额罚款";
  EXPECT_TRUE(Ids(q).empty());
  EXPECT_EQ(Item(small).at("history").as_array().back().at("kind"), "expired");

  // Withheld by law: a transfer as a suspected crime, a minor; nothing of them is kept.
  DecisionNotice transfer = Notice("郑州移送测试有限公司", domain::Outcome::kTransfer);
  const std::int64_t t = Draft(transfer);
  EXPECT_EQ(Item(t).at("status"), "withheld");
  EXPECT_EQ(Item(t).at("withholdReason"), "crime_transfer");
  EXPECT_TRUE(Item(t).at("dueOn").is_null());
  DecisionNotice minor = Notice("李小明", domain::Outcome::kOrder);
  minor.party.kind = domain::PartyKind::kCitizen;
  minor.party.id_number = "410105201003150036";  // born 15 March 2010: 16 on the decision day
  const std::int64_t m = Draft(minor);
  EXPECT_EQ(Item(m).at("withholdReason"), "minor");
  EXPECT_EQ(json::serialize(Item(m)).find("李小明"), std::string::npos);
  EXPECT_EQ(service_->PublicItem(m).status().code(), Code::kNotFound);
  EXPECT_EQ(service_->Publish(m, Version(m), publisher_).status().code(), Code::kConflict);
  // A draft is not public either, and withholding one by hand needs a note.
  const std::int64_t secret = Draft(Notice("郑州保密测试有限公司", domain::Outcome::kPenalty));
  EXPECT_EQ(service_->PublicItem(secret).status().code(), Code::kNotFound);
  EXPECT_EQ(
      service_->Withhold(secret, Version(secret), domain::WithholdReason::kSecret, "", publisher_)
          .status()
          .field(),
      "note");
  ASSERT_TRUE(service_
                  ->Withhold(secret, Version(secret), domain::WithholdReason::kSecret,
                             "涉及当事人商业秘密", publisher_)
                  .ok());
  EXPECT_EQ(Item(secret).at("deadlineState"), "done_on_time");
}

TEST_P(DisclosureServiceTest, NoPersonalDatumOfTheCorpusSurvivesPublication) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  const auto corpus = domain::GenerateRedactionCorpus(20261129, 60);
  ASSERT_GE(corpus.size(), 50u);
  std::set<std::string> kept_units;
  std::vector<std::string> kept;  // officers' names: published by name
  std::vector<std::int64_t> ids;
  for (const auto& c : corpus) {
    DecisionNotice n = Notice(c.party_name, domain::Outcome::kPenalty);
    n.party.kind =
        c.party_is_person ? domain::PartyKind::kCitizen : domain::PartyKind::kOrganisation;
    n.party.id_number = c.party_is_person ? "" : c.credit_code;
    n.party.representative = "";
    n.party.address = "";
    n.party.phone = "";
    n.document_text = c.text;
    n.cause = "未按规定缴存住房公积金";
    // What the case knows of its people (party, representatives, agents, witnesses).
    n.other_persons = c.context.person_names;
    n.other_addresses = c.context.addresses;
    n.officer_names = c.context.keep;
    const std::int64_t id = Draft(n);
    if (!c.context.manual.empty()) {
      // What the publisher marked by hand on the highlighted screen.
      auto m = service_->SetManual(id, Version(id), c.context.manual, "", publisher_);
      ASSERT_TRUE(m.ok()) << m.status().message();
    }
    Publish(id);
    ids.push_back(id);
    if (!c.party_is_person) kept_units.insert(c.unit_name);
    for (const auto& k : c.context.keep) kept.push_back(k);
    for (const auto& o : c.officers) kept.push_back(o);
  }
  auto digits_of = [](std::string_view text) {
    std::string out;
    for (char ch : text) {
      if (ch >= '0' && ch <= '9') out.push_back(ch);
    }
    return out;
  };
  int checked = 0;
  // Each item as the public gets it (JSON and the hashed content): none of its decision's data,
  // not even a number with its separators gone.
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    auto item = service_->PublicItem(ids[i]);
    ASSERT_TRUE(item.ok());
    const std::string surface =
        json::serialize(*item) + std::string(item->at("content").as_string());
    const std::string digits = digits_of(surface);
    for (const auto& datum : corpus[i].personal_data) {
      ++checked;
      const auto at = surface.find(datum);
      EXPECT_EQ(at, std::string::npos)
          << "survived: " << datum << " in …" << surface.substr(at > 90 ? at - 90 : 0, 180) << "…";
      const std::string only = digits_of(datum);
      if (only.size() >= 7 && only.size() == datum.size()) {
        EXPECT_EQ(digits.find(only), std::string::npos) << "survived as digits: " << datum;
      }
    }
  }
  // The list, the CSV and the feed: no datum of any decision (but a given name that happens to
  // be part of an officer's published name in another decision).
  std::string published;
  DisclosureQuery q;
  q.limit = 100;
  auto list = service_->Search(q);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->at("items").as_array().size(), corpus.size());
  published += json::serialize(*list);
  auto csv = service_->Csv({});
  ASSERT_TRUE(csv.ok());
  published += *csv;
  auto feed = service_->Feed("https://zfgs.example.gov.cn");
  ASSERT_TRUE(feed.ok());
  published += *feed;
  for (const auto& c : corpus) {
    for (const auto& datum : c.personal_data) {
      if (std::any_of(kept.begin(), kept.end(),
                      [&](const std::string& k) { return k.find(datum) != std::string::npos; })) {
        continue;
      }
      const auto at = published.find(datum);
      EXPECT_EQ(at, std::string::npos) << "survived in list/CSV/feed: " << datum << " in …"
                                       << published.substr(at > 90 ? at - 90 : 0, 180) << "…";
    }
  }
  EXPECT_GT(checked, 300);
  // What must stay: unit names.
  for (const auto& u : kept_units) EXPECT_NE(published.find(u), std::string::npos) << u;
}

INSTANTIATE_TEST_SUITE_P(Engines, DisclosureServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return ::sx::testing::EngineName(info.param); });

}  // namespace
}  // namespace sx::services
