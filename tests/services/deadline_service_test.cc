// The calendar and deadline services on SQLite and PostgreSQL: due dates on the official calendar
// with their explanation, each agency's own periods, completion and states, extensions with
// their approval, the summary, and — the acceptance test — a deadline set under a
// provisional year moving when that year's schedule is imported, with the change visible and in
// the ledger.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "domain/ledger_event.h"
#include "ledger/note.h"
#include "services/calendar_fixture.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/ledger_verify.h"
#include "store/deadline_repository.h"
#include "store/ledger_repository.h"
#include "store/migrations.h"
#include "store/test_db.h"
#include "store/user_repository.h"

namespace sx::services {
namespace {

using domain::DeadlineState;
using ::sx::testing::Engine;

// 2026-12-20T02:00:00Z: Sunday 2026-12-20, 10:00 in Shanghai.
const TimePoint kNow{std::chrono::seconds(1797732000)};

domain::Date D(const char* s) { return *domain::ParseDate(s); }

std::string VerifierKey() {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(9);
  return ledger::KeyFromSeed("test.sanxiang/ledger", seed)->verifier_key;
}

class DeadlineServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  // Migrated, with the demo center, the bureau and their accounts (no demo deadlines).
  void Prepare(store::Database& db) {
    db_ = &db;
    ASSERT_TRUE(store::Migrate(db, kNow).ok());
    ASSERT_TRUE(LoadDemo(db, clock_).ok());
    AuthOptions fast;
    fast.argon2_ops = 1;
    fast.argon2_mem = 8192;
    ASSERT_TRUE(CreateDemoAccounts(db, clock_, "zzgjj", "zzsfj", fast).ok());
    ASSERT_TRUE(db.Read([&](store::Tx& tx) -> Status {
                    auto users = store::MakeUserRepository();
                    for (auto [name, id] : {std::pair{"demo.officer", &officer_},
                                            std::pair{"demo.unithead", &unithead_},
                                            std::pair{"demo.leader", &leader_},
                                            std::pair{"demo.supervisor", &supervisor_}}) {
                      auto u = users->FindByUsername(tx, name);
                      if (!u.ok()) return u.status();
                      *id = u->id;
                      if (*id == officer_) {
                        agency_ = u->agency_id;
                        department_ = u->department_id.value_or(0);
                      }
                    }
                    return Status::Ok();
                  }).ok());
    auto calendar = CalendarService::Create(db, clock_);
    ASSERT_TRUE(calendar.ok()) << calendar.status().message();
    calendar_ = std::move(*calendar);
    deadlines_ = std::make_unique<DeadlineService>(db, clock_, *calendar_);
  }

  Result<DeadlineItem> Open(const char* rule, const char* start,
                            std::optional<std::int64_t> assignee = std::nullopt) {
    return deadlines_->Open({agency_, rule, fmt::format("测试事项 {}", rule), "case:1", D(start),
                             assignee ? assignee : std::optional<std::int64_t>(officer_)},
                            officer_);
  }

  // The pending ledger leaves about `object`, decoded, oldest first.
  std::vector<domain::LedgerEvent> Leaves(const std::string& object) {
    std::vector<domain::LedgerEvent> out;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto pending = store::MakeLedgerRepository()->Pending(tx, 100000);
                     if (!pending.ok()) return pending.status();
                     for (const auto& p : *pending) {
                       if (p.object != object) continue;
                       auto e = domain::DecodeLedgerEvent(p.entry);
                       if (!e.ok()) return e.status();
                       out.push_back(*e);
                     }
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  std::int64_t Count(const char* table) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto r = tx.Query(fmt::format("SELECT COUNT(*) FROM {}", table));
                     if (!r.ok()) return r.status();
                     n = r->rows.at(0).Int(0);
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  FakeClock clock_{kNow};
  store::Database* db_ = nullptr;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<DeadlineService> deadlines_;
  std::int64_t agency_ = 0, department_ = 0;
  std::int64_t officer_ = 0, unithead_ = 0, leader_ = 0, supervisor_ = 0;
};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Engines, DeadlineServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(DeadlineServiceTest, OpensWithTheDueDateItsExplanationAndALeaf) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  // 7 working days from Monday 2026-09-28 skip 国庆节 (10-01…10-07) and count 10-10 (调休).
  auto item = Open("publish.penalty", "2026-09-28");
  ASSERT_TRUE(item.ok()) << item.status().message();
  const auto& d = item->record;
  EXPECT_EQ(d.due_date, D("2026-10-13"));
  EXPECT_FALSE(d.provisional);
  EXPECT_NE(d.explanation.find("国庆节"), std::string::npos) << d.explanation;
  EXPECT_EQ(d.department_id, department_);  // the assignee's 内设机构
  EXPECT_EQ(d.assignee_name, "演示执法人员");
  EXPECT_EQ(d.agency_name, "郑州住房公积金管理中心");
  EXPECT_EQ(item->state, DeadlineState::kOverdue);
  auto leaves = Leaves(fmt::format("deadline:{}", d.id));
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[0].type, "deadline.opened");
  EXPECT_EQ(leaves[0].actor_id, officer_);
  EXPECT_EQ(leaves[0].agency_id, agency_);

  // A 90-day case deadline opened now reaches 2027, which has no schedule: provisional.
  auto case_deadline = Open("case.decision", "2026-12-18");
  ASSERT_TRUE(case_deadline.ok());
  EXPECT_TRUE(case_deadline->record.provisional);
  EXPECT_EQ(case_deadline->record.due_date, D("2027-03-18"));
  EXPECT_EQ(case_deadline->state, DeadlineState::kOnTime);
}

TEST_P(DeadlineServiceTest, BadInputIsInvalidAndNamesTheField) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto field = [](const Result<DeadlineItem>& r) {
    EXPECT_EQ(r.status().code(), Code::kInvalid) << r.status().message();
    EXPECT_FALSE(r.status().message().empty());
    return r.status().field();
  };
  EXPECT_EQ(field(Open("no.such.rule", "2026-12-01")), "ruleCode");
  EXPECT_EQ(field(Open("case.decision", "1989-12-31")), "startDate");
  EXPECT_EQ(field(Open("case.decision", "2100-12-01")), "startDate");  // due beyond 2100
  EXPECT_EQ(field(Open("case.decision", "2026-12-01", supervisor_)), "assigneeId");
  EXPECT_EQ(field(Open("case.decision", "2026-12-01", 999999)), "assigneeId");
  OpenDeadline long_subject{agency_, "case.decision", std::string(201, 'x'), "", D("2026-12-01")};
  EXPECT_EQ(field(deadlines_->Open(long_subject, officer_)), "subject");
  std::string chinese;
  for (int i = 0; i < 201; ++i) chinese += "案";
  long_subject.subject = chinese;
  EXPECT_EQ(field(deadlines_->Open(long_subject, officer_)), "subject");
  long_subject.subject = "";
  EXPECT_EQ(field(deadlines_->Open(long_subject, officer_)), "subject");
  long_subject.subject = "案件";
  long_subject.object = std::string(65, 'a');
  EXPECT_EQ(field(deadlines_->Open(long_subject, officer_)), "object");
  EXPECT_EQ(Count("deadlines"), 0);
  EXPECT_EQ(deadlines_->Get(12345).status().code(), Code::kNotFound);
}

TEST_P(DeadlineServiceTest, AnAgencysOwnPeriodAppliesToNewDeadlines) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto before = Open("legal_review", "2026-12-14");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->record.due_date, D("2026-12-28"));  // 10 working days
  auto set = deadlines_->SetOverride(agency_, "legal_review", 5, 0);
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->override_amount, 5);
  auto after = Open("legal_review", "2026-12-14");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->record.due_date, D("2026-12-21"));
  EXPECT_EQ(after->record.period_amount, 5);
  // The deadline opened before keeps its period.
  EXPECT_EQ(deadlines_->Get(before->record.id)->record.due_date, D("2026-12-28"));

  // A statutory period may only get stricter.
  auto longer = deadlines_->SetOverride(agency_, "publish.penalty", 10, 0);
  EXPECT_EQ(longer.status().code(), Code::kInvalid);
  EXPECT_EQ(longer.status().field(), "amount");
  EXPECT_TRUE(deadlines_->SetOverride(agency_, "publish.penalty", 5, 0).ok());
  EXPECT_EQ(deadlines_->SetOverride(agency_, "annual.report", 5, 0).status().code(),
            Code::kInvalid);
  EXPECT_EQ(deadlines_->SetOverride(agency_, "no.such", 5, 0).status().code(), Code::kNotFound);

  auto rules = deadlines_->Rules(agency_);
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules->size(), domain::DefaultDeadlineRules().size());
  int overridden = 0;
  for (const auto& r : *rules) overridden += r.override_amount ? 1 : 0;
  EXPECT_EQ(overridden, 2);

  EXPECT_TRUE(deadlines_->ClearOverride(agency_, "legal_review", 0).ok());
  EXPECT_EQ(deadlines_->ClearOverride(agency_, "legal_review", 0).status().code(), Code::kNotFound);
  EXPECT_EQ(Open("legal_review", "2026-12-14")->record.due_date, D("2026-12-28"));
  EXPECT_FALSE(Leaves(fmt::format("deadline_rule:{}:legal_review", agency_)).empty());
}

TEST_P(DeadlineServiceTest, CompletionAndStates) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto cal = calendar_->Current();
  // Due Tuesday 2026-12-22: due soon from Friday 12-18 on (2 working days before).
  const domain::Date soon_start = cal->AddWorkingDays(D("2026-12-22"), -7)->date;
  auto soon = Open("publish.penalty", domain::FormatDate(soon_start).c_str());
  ASSERT_TRUE(soon.ok());
  EXPECT_EQ(soon->record.due_date, D("2026-12-22"));
  EXPECT_EQ(soon->due_soon_from, D("2026-12-18"));
  EXPECT_EQ(soon->state, DeadlineState::kDueSoon);
  auto overdue = Open("hearing.request", "2026-10-30");  // due 2026-11-06
  ASSERT_TRUE(overdue.ok());
  EXPECT_EQ(overdue->state, DeadlineState::kOverdue);
  auto on_time = Open("case.decision", "2026-12-01");
  EXPECT_EQ(on_time->state, DeadlineState::kOnTime);

  EXPECT_EQ(deadlines_->Complete(on_time->record.id, D("2026-12-21"), officer_).status().field(),
            "doneOn");  // tomorrow
  EXPECT_EQ(deadlines_->Complete(on_time->record.id, D("2026-11-30"), officer_).status().field(),
            "doneOn");  // before the start
  auto done = deadlines_->Complete(on_time->record.id, D("2026-12-20"), officer_);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->state, DeadlineState::kDoneOnTime);
  EXPECT_EQ(deadlines_->Complete(on_time->record.id, D("2026-12-20"), officer_).status().code(),
            Code::kConflict);
  auto late = deadlines_->Complete(overdue->record.id, D("2026-12-01"), officer_);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->state, DeadlineState::kDoneLate);
  EXPECT_EQ(Leaves(fmt::format("deadline:{}", late->record.id)).back().type, "deadline.completed");

  auto all = deadlines_->List({agency_}, deadlines_->Today(), {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().record.id, overdue->record.id);  // by due date
  DeadlineQuery only_soon{agency_, DeadlineState::kDueSoon};
  auto filtered = deadlines_->List(only_soon, deadlines_->Today(), {});
  ASSERT_EQ(filtered->size(), 1u);
  EXPECT_EQ(filtered->front().record.id, soon->record.id);
  DeadlineQuery by_rule{agency_, std::nullopt, std::string("case.decision")};
  EXPECT_EQ(deadlines_->List(by_rule, deadlines_->Today(), {})->size(), 1u);
  DeadlineQuery window{agency_};
  window.due_from = D("2026-12-01");
  window.due_to = D("2026-12-31");
  EXPECT_EQ(deadlines_->List(window, deadlines_->Today(), {})->size(), 1u);
  DeadlineQuery mine{agency_};
  mine.assignee_id = leader_;
  EXPECT_TRUE(deadlines_->List(mine, deadlines_->Today(), {})->empty());
  // On a day before it was done, a deadline was still open.
  auto earlier = deadlines_->List({agency_}, D("2026-12-19"), {});
  for (const auto& i : *earlier) {
    if (i.record.id == on_time->record.id) {
      EXPECT_EQ(i.state, DeadlineState::kOnTime);
    }
  }
}

TEST_P(DeadlineServiceTest, ExtensionsNeedAnApproverAndStayWithinTheMaximum) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto publish = Open("publish.penalty", "2026-12-14");
  EXPECT_EQ(deadlines_->Extend(publish->record.id, 5, "理由", unithead_).status().code(),
            Code::kInvalid);                     // 行政处罚法 第48条: not extendable
  auto c = Open("case.decision", "2026-11-02");  // 90 days: 2027-01-31, provisional
  ASSERT_TRUE(c.ok());
  const domain::Date base = c->record.due_date;
  EXPECT_EQ(deadlines_->Extend(c->record.id, 31, "案情复杂", unithead_).status().field(), "days");
  EXPECT_EQ(deadlines_->Extend(c->record.id, 10, "案情复杂", 0).status().field(), "approvedBy");
  EXPECT_EQ(deadlines_->Extend(c->record.id, 10, "", unithead_).status().field(), "reason");
  auto once = deadlines_->Extend(c->record.id, 20, "案情复杂,需补充调查", unithead_);
  ASSERT_TRUE(once.ok()) << once.status().message();
  EXPECT_EQ(once->record.extended_days, 20);
  // 110 days end on Saturday 2027-02-20: moved to Monday.
  EXPECT_EQ(once->record.due_date, D("2027-02-22"));
  EXPECT_NE(once->record.due_date, base);
  ASSERT_EQ(once->record.extensions.size(), 1u);
  EXPECT_EQ(once->record.extensions[0].approved_by_name, "演示承办机构负责人");
  EXPECT_NE(once->record.explanation.find("延长"), std::string::npos);
  EXPECT_EQ(deadlines_->Extend(c->record.id, 11, "再延长", leader_).status().code(),
            Code::kInvalid);  // 10 days left
  EXPECT_TRUE(deadlines_->Extend(c->record.id, 10, "再延长", leader_).ok());
  EXPECT_EQ(Leaves(fmt::format("deadline:{}", c->record.id)).back().type, "deadline.extended");
  EXPECT_EQ(Leaves(fmt::format("deadline:{}", c->record.id)).back().actor_id, leader_);
  ASSERT_TRUE(deadlines_->Complete(c->record.id, D("2026-12-20"), officer_).ok());
  EXPECT_EQ(deadlines_->Extend(c->record.id, 1, "办结后", leader_).status().code(),
            Code::kConflict);
  EXPECT_EQ(Count("deadline_extensions"), 2);
}

TEST_P(DeadlineServiceTest, SummaryCountsPerAgencyAndListsWhatNeedsAttention) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  ASSERT_TRUE(LoadDemoDeadlines(*db, clock_, *calendar_).ok());
  auto s = deadlines_->Summary(std::nullopt, deadlines_->Today(), {});
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->agencies.size(), 1u);  // the bureau supervises; it has no deadlines of its own
  const auto& counts = s->agencies[0].counts;
  int total = 0;
  for (int n : counts) total += n;
  EXPECT_EQ(total, 8);
  EXPECT_EQ(counts[static_cast<std::size_t>(DeadlineState::kDoneOnTime)], 1);
  EXPECT_EQ(counts[static_cast<std::size_t>(DeadlineState::kDoneLate)], 1);
  EXPECT_GE(counts[static_cast<std::size_t>(DeadlineState::kOverdue)], 2);
  EXPECT_GE(s->due_today.size() + s->due_soon.size(), 2u);
  EXPECT_EQ(s->overdue.size(),
            static_cast<std::size_t>(counts[static_cast<std::size_t>(DeadlineState::kOverdue)]));
  // The demo's case deadline reaching 2027 is provisional.
  auto cases = deadlines_->List({agency_, std::nullopt, std::string("case.decision")},
                                deadlines_->Today(), {});
  int provisional = 0;
  for (const auto& i : *cases) provisional += i.record.provisional ? 1 : 0;
  EXPECT_GE(provisional, 1);
  // What a caller may not see is not counted.
  auto none = deadlines_->Summary(agency_, deadlines_->Today(),
                                  [](const store::DeadlineRecord&) { return false; });
  for (int n : none->agencies[0].counts) EXPECT_EQ(n, 0);
  EXPECT_TRUE(none->overdue.empty());
}

// The acceptance test: a deadline set under a provisional year moves when the schedule is
// imported, and the change is visible (in the deadline, its change record and the ledger).
TEST_P(DeadlineServiceTest, ImportingAProvisionalYearRecomputesOpenDeadlines) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  // 20 working days from 2026-12-24 counted on weekends only: 2027-01-21.
  auto working = Open("publish.result", "2026-12-24");
  ASSERT_TRUE(working.ok());
  EXPECT_EQ(working->record.due_date, D("2027-01-21"));
  EXPECT_TRUE(working->record.provisional);
  // 90 days from 2026-11-10 end on Monday 2027-02-08: a working day, as far as anyone knows.
  auto calendar_days = Open("case.decision", "2026-11-10");
  EXPECT_EQ(calendar_days->record.due_date, D("2027-02-08"));
  EXPECT_TRUE(calendar_days->record.provisional);
  // A finished deadline and one before 2027 are not touched.
  auto done = Open("publish.result", "2026-12-18");
  ASSERT_TRUE(done->record.provisional);
  ASSERT_TRUE(deadlines_->Complete(done->record.id, D("2026-12-20"), officer_).ok());
  auto before = Open("publish.penalty", "2026-12-01");
  const std::size_t leaves_before = Leaves(fmt::format("deadline:{}", before->record.id)).size();

  auto imported = calendar_->ImportYear(::sx::testing::Calendar2027(), leader_);
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  EXPECT_EQ(imported->change.year, 2027);
  EXPECT_EQ(imported->change.old_version, 0);
  EXPECT_EQ(imported->change.new_version, 1);
  EXPECT_EQ(imported->recomputed, 2);
  EXPECT_NE(imported->change_text.find("2027"), std::string::npos) << imported->change_text;

  // 元旦 2027 is not counted: one working day later.
  auto moved = deadlines_->Get(working->record.id);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->record.due_date, D("2027-01-22"));
  EXPECT_FALSE(moved->record.provisional);
  EXPECT_NE(moved->record.explanation.find("元旦"), std::string::npos) << moved->record.explanation;
  ASSERT_EQ(moved->record.changes.size(), 1u);
  const auto& change = moved->record.changes[0];
  EXPECT_EQ(change.old_due, D("2027-01-21"));
  EXPECT_EQ(change.new_due, D("2027-01-22"));
  EXPECT_NE(change.reason.find("2027年节假日安排"), std::string::npos) << change.reason;
  EXPECT_NE(change.reason.find(::sx::testing::kNotice2027), std::string::npos) << change.reason;
  EXPECT_NE(change.reason.find("期限由 2027-01-21 调整为 2027-01-22"), std::string::npos)
      << change.reason;
  auto leaves = Leaves(fmt::format("deadline:{}", working->record.id));
  ASSERT_EQ(leaves.size(), 2u);
  EXPECT_EQ(leaves.back().type, "deadline.recomputed");
  EXPECT_EQ(leaves.back().actor_id, leader_);

  // 2027-02-08 falls in 春节 (02-06…02-12); the weekend after is not worked: Monday 02-15.
  auto end_moved = deadlines_->Get(calendar_days->record.id);
  EXPECT_EQ(end_moved->record.due_date, D("2027-02-15"));
  EXPECT_EQ(end_moved->record.changes.size(), 1u);
  EXPECT_EQ(deadlines_->Get(before->record.id)->record.changes.size(), 0u);
  EXPECT_EQ(deadlines_->Get(done->record.id)->record.changes.size(), 0u);
  EXPECT_EQ(Leaves(fmt::format("deadline:{}", before->record.id)).size(), leaves_before);

  auto year_leaves = Leaves("calendar_year:2027");
  ASSERT_EQ(year_leaves.size(), 1u);
  EXPECT_EQ(year_leaves[0].type, "calendar.year_imported");
  EXPECT_EQ(Count("calendar_years"), 1);

  // The same schedule again changes nothing.
  auto again = calendar_->ImportYear(::sx::testing::Calendar2027(), leader_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->change.unchanged());
  EXPECT_EQ(again->recomputed, 0);
  EXPECT_EQ(Count("calendar_years"), 1);
  EXPECT_EQ(Count("deadline_changes"), 2);

  // A different version 1 is a rewrite of what was published; a contradiction is invalid. Both
  // change nothing.
  auto rewrite = calendar_->ImportYear(::sx::testing::Calendar2027("02-13"), leader_);
  EXPECT_EQ(rewrite.status().code(), Code::kConflict);
  auto weekday_makeup = calendar_->ImportYear(::sx::testing::Calendar2027("02-12", "2027-02-17"),
                                              leader_);  // a Wednesday
  EXPECT_EQ(weekday_makeup.status().code(), Code::kInvalid);
  EXPECT_FALSE(weekday_makeup.status().message().empty());
  EXPECT_EQ(calendar_->ImportYear("{", leader_).status().code(), Code::kInvalid);
  EXPECT_EQ(Count("calendar_years"), 1);
  EXPECT_EQ(Count("deadline_changes"), 2);
  EXPECT_EQ(deadlines_->Get(working->record.id)->record.due_date, D("2027-01-22"));

  // Stored: another process (or a restart) sees 2027 as imported.
  auto restarted = CalendarService::Create(*db, clock_);
  ASSERT_TRUE(restarted.ok());
  EXPECT_TRUE((*restarted)->warnings().empty());
  EXPECT_EQ((*restarted)->Current()->Info(D("2027-01-01")).kind, calendar::DayKind::kHoliday);
  EXPECT_FALSE((*restarted)->Current()->Info(D("2027-06-01")).provisional);
  EXPECT_EQ((*restarted)->ProvisionalFrom(), 2028);
  const auto years = (*restarted)->Years();
  ASSERT_FALSE(years.empty());
  EXPECT_EQ(years.back().year, 2027);
  EXPECT_TRUE(years.back().imported);
  EXPECT_EQ(years.back().notice, ::sx::testing::kNotice2027);
  EXPECT_FALSE(years.front().imported);

  // And the ledger verifies, the imported year and the recomputed deadlines included.
  auto report = VerifyLedger(*db, VerifierKey());
  ASSERT_TRUE(report.ok()) << report.status().message();
  for (const auto& f : report->findings) ADD_FAILURE() << f.object << " " << f.message;
}

// Several processes share a PostgreSQL database: one imports, the others pick it up within the
// refresh interval.
TEST_P(DeadlineServiceTest, AnotherProcesssImportIsPickedUp) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto other = CalendarService::Create(*db, clock_, std::chrono::seconds(10));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE((*other)->Current()->Info(D("2027-01-01")).provisional);
  ASSERT_TRUE(calendar_->ImportYear(::sx::testing::Calendar2027(), 0).ok());
  EXPECT_TRUE((*other)->Current()->Info(D("2027-01-01")).provisional);  // not checked yet
  clock_.Advance(std::chrono::seconds(11));
  EXPECT_FALSE((*other)->Current()->Info(D("2027-01-01")).provisional);
  EXPECT_EQ((*other)->Current()->Info(D("2027-01-01")).kind, calendar::DayKind::kHoliday);
}

}  // namespace
}  // namespace sx::services
