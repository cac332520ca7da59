// The deadline and calendar storage contract: every test runs on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include "store/agency_repository.h"
#include "store/deadline_repository.h"
#include "store/migrations.h"
#include "store/test_db.h"
#include "store/user_repository.h"
#include "util/clock.h"

namespace sx::store {
namespace {

using ::sx::testing::Engine;

const TimePoint kNow{std::chrono::milliseconds(1795839294123LL)};  // 2026-11-28T04:14:54.123Z
constexpr std::string_view kAt = "2026-11-28T04:14:54.123Z";

domain::Date D(const char* s) { return *domain::ParseDate(s); }

class DeadlineContract : public ::testing::TestWithParam<Engine> {
 protected:
  // Migrates; two agencies, the first with a department and a user in it.
  void Prepare(Database& db) {
    ASSERT_TRUE(Migrate(db, kNow).ok());
    ASSERT_TRUE(
        db.Write([&](Tx& tx) -> Status {
            auto agencies = MakeAgencyRepository();
            domain::NewAgency a;
            a.code = "zzgjj";
            a.name = "郑州住房公积金管理中心";
            a.legal_basis = "《住房公积金管理条例》第三十七条";
            a.departments = {"监察执法处"};
            auto first = agencies->Insert(tx, a, kAt);
            if (!first.ok()) return first.status();
            agency_ = first->id;
            department_ = first->departments.at(0).id;
            a.code = "zzrs";
            a.name = "郑州市人力资源和社会保障局";
            a.departments = {"劳动保障监察支队"};
            auto second = agencies->Insert(tx, a, kAt);
            if (!second.ok()) return second.status();
            other_agency_ = second->id;
            other_department_ = second->departments.at(0).id;
            auto users = MakeUserRepository();
            auto u = users->Insert(
                tx, {agency_, "officer", "张伟", "x", {domain::Role::kOfficer}, department_}, kAt);
            if (!u.ok()) return u.status();
            user_ = u->id;
            auto v = users->Insert(tx, {other_agency_, "rs", "孙杰", "x", {domain::Role::kOfficer}},
                                   kAt);
            if (!v.ok()) return v.status();
            other_user_ = v->id;
            return Status::Ok();
          }).ok());
  }

  NewDeadline Sample(const char* rule = "case.decision", const char* due = "2027-02-08") {
    NewDeadline d;
    d.agency_id = agency_;
    d.department_id = department_;
    d.rule_code = rule;
    d.period_amount = 90;
    d.subject = "案件 郑公积金罚〔2026〕12号 办理期限";
    d.object = "case:12";
    d.assignee_id = user_;
    d.start_date = D("2026-11-10");
    d.due_date = D(due);
    d.provisional = true;
    d.explanation = "临时结果";
    d.created_by = user_;
    d.created_at = std::string(kAt);
    return d;
  }

  template <typename Fn>
  auto Write(Database& db, Fn fn) -> decltype(fn(std::declval<Tx&>())) {
    // The result of `fn` in a write transaction (rolled back when it failed).
    std::optional<decltype(fn(std::declval<Tx&>()))> out;
    (void)db.Write([&](Tx& tx) -> Status {
      out.emplace(fn(tx));
      if constexpr (std::is_same_v<std::decay_t<decltype(*out)>, Status>) {
        return *out;
      } else {
        return out->status();
      }
    });
    return std::move(*out);
  }

  std::unique_ptr<DeadlineRepository> repo_ = MakeDeadlineRepository();
  std::unique_ptr<CalendarRepository> years_ = MakeCalendarRepository();
  std::int64_t agency_ = 0, other_agency_ = 0, department_ = 0, other_department_ = 0;
  std::int64_t user_ = 0, other_user_ = 0;
};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Engines, DeadlineContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(DeadlineContract, InsertsAndReadsBack) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto d = Write(*db, [&](Tx& tx) { return repo_->Insert(tx, Sample()); });
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_GT(d->id, 0);
  EXPECT_EQ(d->agency_name, "郑州住房公积金管理中心");
  EXPECT_EQ(d->department_id, department_);
  EXPECT_EQ(d->assignee_name, "张伟");
  EXPECT_EQ(d->start_date, D("2026-11-10"));
  EXPECT_EQ(d->due_date, D("2027-02-08"));
  EXPECT_TRUE(d->provisional);
  EXPECT_EQ(d->period_amount, 90);
  EXPECT_EQ(d->extended_days, 0);
  EXPECT_FALSE(d->done_on);
  EXPECT_EQ(d->created_at, kAt);

  // Without department or assignee.
  NewDeadline bare = Sample();
  bare.department_id.reset();
  bare.assignee_id.reset();
  bare.object = "";
  auto b = Write(*db, [&](Tx& tx) { return repo_->Insert(tx, bare); });
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_FALSE(b->department_id);
  EXPECT_FALSE(b->assignee_id);
  EXPECT_EQ(b->assignee_name, "");
  EXPECT_EQ(b->object, "");
}

TEST_P(DeadlineContract, RefusesAnotherAgencysDepartmentOrUser) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  NewDeadline d = Sample();
  d.department_id = other_department_;
  auto r = Write(*db, [&](Tx& tx) { return repo_->Insert(tx, d); });
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_EQ(r.status().field(), "departmentId");
  d = Sample();
  d.assignee_id = other_user_;
  r = Write(*db, [&](Tx& tx) { return repo_->Insert(tx, d); });
  EXPECT_EQ(r.status().field(), "assigneeId");
  d = Sample();
  d.agency_id = 999;
  EXPECT_EQ(Write(*db, [&](Tx& tx) { return repo_->Insert(tx, d); }).status().code(),
            Code::kNotFound);
  EXPECT_EQ(Write(*db, [&](Tx& tx) { return repo_->Get(tx, 999); }).status().code(),
            Code::kNotFound);
}

TEST_P(DeadlineContract, ListsByFilterInDueOrder) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  ASSERT_TRUE(Write(*db, [&](Tx& tx) {
                return repo_->Insert(tx, Sample("case.decision", "2027-02-08"));
              }).ok());
  ASSERT_TRUE(Write(*db, [&](Tx& tx) {
                return repo_->Insert(tx, Sample("publish.penalty", "2026-12-01"));
              }).ok());
  NewDeadline other = Sample("fine.payment", "2026-12-15");
  other.agency_id = other_agency_;
  other.department_id = other_department_;
  other.assignee_id = other_user_;
  ASSERT_TRUE(Write(*db, [&](Tx& tx) { return repo_->Insert(tx, other); }).ok());

  auto list = [&](const DeadlineFilter& f) {
    auto r = Write(*db, [&](Tx& tx) { return repo_->List(tx, f); });
    EXPECT_TRUE(r.ok()) << r.status().message();
    std::vector<std::string> rules;
    for (const auto& d : r.ok() ? *r : std::vector<DeadlineRecord>{}) rules.push_back(d.rule_code);
    return rules;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(list({}), (V{"publish.penalty", "fine.payment", "case.decision"}));
  EXPECT_EQ(list({agency_}), (V{"publish.penalty", "case.decision"}));
  EXPECT_EQ(list({std::nullopt, std::string("fine.payment")}), (V{"fine.payment"}));
  EXPECT_EQ(list({std::nullopt, std::nullopt, other_user_}), (V{"fine.payment"}));
  DeadlineFilter window;
  window.due_from = D("2026-12-01");
  window.due_to = D("2026-12-15");
  EXPECT_EQ(list(window), (V{"publish.penalty", "fine.payment"}));
  DeadlineFilter open;
  open.open_only = true;
  auto first = Write(*db, [&](Tx& tx) { return repo_->List(tx, {agency_}); });
  ASSERT_TRUE(Write(*db, [&](Tx& tx) {
                return repo_->Complete(tx, first->front().id, D("2026-11-30"));
              }).ok());
  EXPECT_EQ(list(open), (V{"fine.payment", "case.decision"}));
}

TEST_P(DeadlineContract, CompletesOnceExtendsAndRecordsChanges) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  auto d = Write(*db, [&](Tx& tx) { return repo_->Insert(tx, Sample()); });
  ASSERT_TRUE(d.ok());
  const std::int64_t id = d->id;
  ASSERT_TRUE(
      Write(*db, [&](Tx& tx) {
        return repo_->AddExtension(tx, {0, id, 15, "案情复杂", user_, "", std::string(kAt)});
      }).ok());
  ASSERT_TRUE(Write(*db, [&](Tx& tx) {
                return repo_->AddExtension(tx, {0, id, 5, "再延长", user_, "", std::string(kAt)});
              }).ok());
  EXPECT_EQ(Write(*db,
                  [&](Tx& tx) {
                    return repo_->AddExtension(tx, {0, 999, 5, "x", user_, "", std::string(kAt)});
                  })
                .code(),
            Code::kNotFound);
  ASSERT_TRUE(Write(*db, [&](Tx& tx) {
                return repo_->SetDue(tx, id, D("2027-03-01"), false, "说明");
              }).ok());
  ASSERT_TRUE(Write(*db, [&](Tx& tx) {
                return repo_->AddChange(tx, {0, id, std::string(kAt), D("2027-02-08"),
                                             D("2027-02-15"), "2027年节假日安排载入"});
              }).ok());
  auto got = Write(*db, [&](Tx& tx) { return repo_->Get(tx, id); });
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->extended_days, 20);
  EXPECT_EQ(got->due_date, D("2027-03-01"));
  EXPECT_FALSE(got->provisional);
  EXPECT_EQ(got->explanation, "说明");
  ASSERT_EQ(got->extensions.size(), 2u);
  EXPECT_EQ(got->extensions[0].days, 15);
  EXPECT_EQ(got->extensions[0].reason, "案情复杂");
  EXPECT_EQ(got->extensions[0].approved_by_name, "张伟");
  EXPECT_EQ(got->extensions[1].days, 5);
  ASSERT_EQ(got->changes.size(), 1u);
  EXPECT_EQ(got->changes[0].old_due, D("2027-02-08"));
  EXPECT_EQ(got->changes[0].new_due, D("2027-02-15"));
  EXPECT_EQ(got->changes[0].reason, "2027年节假日安排载入");

  ASSERT_TRUE(Write(*db, [&](Tx& tx) { return repo_->Complete(tx, id, D("2027-01-05")); }).ok());
  EXPECT_EQ(Write(*db, [&](Tx& tx) { return repo_->Complete(tx, id, D("2027-01-06")); }).code(),
            Code::kConflict);
  EXPECT_EQ(Write(*db, [&](Tx& tx) { return repo_->Complete(tx, 999, D("2027-01-06")); }).code(),
            Code::kNotFound);
  EXPECT_EQ(Write(*db, [&](Tx& tx) { return repo_->Get(tx, id); })->done_on, D("2027-01-05"));
  EXPECT_EQ(
      Write(*db, [&](Tx& tx) { return repo_->SetDue(tx, 999, D("2027-01-06"), false, ""); }).code(),
      Code::kNotFound);
}

TEST_P(DeadlineContract, OverridesAreSetReplacedAndCleared) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  ASSERT_TRUE(
      Write(*db, [&](Tx& tx) {
        return repo_->SetOverride(tx, {agency_, "legal_review", 5, user_, std::string(kAt)});
      }).ok());
  ASSERT_TRUE(Write(*db, [&](Tx& tx) {
                return repo_->SetOverride(
                    tx, {agency_, "legal_review", 8, user_, "2026-11-29T00:00:00.000Z"});
              }).ok());
  ASSERT_TRUE(
      Write(*db, [&](Tx& tx) {
        return repo_->SetOverride(tx, {agency_, "complaint.reply", 10, user_, std::string(kAt)});
      }).ok());
  EXPECT_EQ(
      Write(*db,
            [&](Tx& tx) {
              return repo_->SetOverride(tx, {999, "legal_review", 8, user_, std::string(kAt)});
            })
          .code(),
      Code::kNotFound);
  auto list = Write(*db, [&](Tx& tx) { return repo_->Overrides(tx, agency_); });
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].rule_code, "complaint.reply");
  EXPECT_EQ((*list)[1].amount, 8);
  EXPECT_EQ((*list)[1].set_at, "2026-11-29T00:00:00.000Z");
  EXPECT_TRUE(Write(*db, [&](Tx& tx) { return repo_->Overrides(tx, other_agency_); })->empty());
  EXPECT_TRUE(
      *Write(*db, [&](Tx& tx) { return repo_->ClearOverride(tx, agency_, "legal_review"); }));
  EXPECT_FALSE(
      *Write(*db, [&](Tx& tx) { return repo_->ClearOverride(tx, agency_, "legal_review"); }));
  EXPECT_EQ(Write(*db, [&](Tx& tx) { return repo_->Overrides(tx, agency_); })->size(), 1u);
}

TEST_P(DeadlineContract, CalendarYearsAreStoredOncePerVersion) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  Prepare(*db);
  EXPECT_EQ(*Write(*db, [&](Tx& tx) { return years_->LastId(tx); }), 0);
  auto v1 = Write(*db, [&](Tx& tx) {
    return years_->Insert(tx, {0, 2027, 1, "{\"doc\":1}", "通知", 3, std::string(kAt)});
  });
  ASSERT_TRUE(v1.ok()) << v1.status().message();
  auto v2 = Write(*db, [&](Tx& tx) {
    return years_->Insert(tx, {0, 2027, 2, "{\"doc\":2}", "调整通知", 0, std::string(kAt)});
  });
  ASSERT_TRUE(v2.ok());
  auto early = Write(*db, [&](Tx& tx) {
    return years_->Insert(tx, {0, 2018, 1, "{}", "通知", 0, std::string(kAt)});
  });
  ASSERT_TRUE(early.ok());
  auto again = Write(*db, [&](Tx& tx) {
    return years_->Insert(tx, {0, 2027, 2, "{}", "x", 0, std::string(kAt)});
  });
  EXPECT_EQ(again.status().code(), Code::kConflict);
  auto all = Write(*db, [&](Tx& tx) { return years_->List(tx); });
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].year, 2018);
  EXPECT_EQ((*all)[1].version, 1);
  EXPECT_EQ((*all)[1].imported_by, 3);
  EXPECT_EQ((*all)[2].document, "{\"doc\":2}");
  EXPECT_EQ((*all)[2].notice, "调整通知");
  EXPECT_EQ(*Write(*db, [&](Tx& tx) { return years_->LastId(tx); }), early->id);
}

}  // namespace
}  // namespace sx::store
