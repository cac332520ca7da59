// 双随机 on SQLite and PostgreSQL (docs/draw.md): the roster import with its per-row report (CSV
// and XLSX), plans refused for a ratio over 100 % or an empty stratum, the draw once and only on
// its date, recusals never violated, replacements reproducible from the bundle, results published
// within 20 working days, every step in the ledger — and the same bundle from both engines.
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <fstream>
#include <set>

#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/redaction.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/draw_bundle.h"
#include "services/inspection_service.h"
#include "services/ledger_service.h"
#include "store/blob_store.h"
#include "store/migrations.h"
#include "store/test_db.h"
#include "store/user_repository.h"

namespace sx::services {
namespace {

namespace json = boost::json;
using ::sx::testing::Engine;

// Tuesday 29 September 2026, 10:00 in Shanghai, before 国庆.
const TimePoint kTuesday{std::chrono::seconds(1790647200)};

std::string Code(int i) {
  return domain::CompleteCreditCode(fmt::format("91410105{:09}", 100000 + i * 7));
}

// `n` units: every 5th high risk, every 7th complained about.
std::string RosterCsv(int n) {
  std::string csv = "单位名称,统一社会信用代码,所在区县,行业,规模,风险等级,投诉次数,上次检查日期\n";
  constexpr const char* kDistricts[] = {"金水区", "二七区", "中原区"};
  for (int i = 0; i < n; ++i) {
    csv += fmt::format("测试单位{}有限公司,{},{},制造业,小型,{},{},\n", i, Code(i),
                       kDistricts[i % 3], i % 5 == 0 ? "高" : "低", i % 7 == 0 ? 1 : 0);
  }
  return csv;
}

class Fixture {
 public:
  void Prepare(store::Database& db, FakeClock& clock, const std::string& blob_dir) {
    db_ = &db;
    clock_ = &clock;
    ASSERT_TRUE(store::Migrate(db, clock.Now()).ok());
    ASSERT_TRUE(LoadDemo(db, clock).ok());
    AuthOptions fast;
    fast.argon2_ops = 1;
    fast.argon2_mem = 8192;
    ASSERT_TRUE(CreateDemoAccounts(db, clock, "zzgjj", "zzsfj", fast).ok());
    ASSERT_TRUE(db.Read([&](store::Tx& tx) -> Status {
                    auto users = store::MakeUserRepository();
                    auto u = users->FindByUsername(tx, "demo.unithead");
                    if (!u.ok()) return u.status();
                    head_ = u->id;
                    agency_ = u->agency_id;
                    auto p = tx.Query(
                        "SELECT id FROM power_items WHERE agency_id = $1 AND code = 'GJJ-JC-001'",
                        {agency_});
                    if (!p.ok()) return p.status();
                    power_ = p->rows.front().Int(0);
                    return Status::Ok();
                  }).ok());
    auto calendar = CalendarService::Create(db, clock);
    ASSERT_TRUE(calendar.ok());
    calendar_ = std::move(*calendar);
    deadlines_ = std::make_unique<DeadlineService>(db, clock, *calendar_);
    auto blobs = store::BlobStore::Open(blob_dir);
    ASSERT_TRUE(blobs.ok());
    blobs_ = std::move(*blobs);
    service_ = std::make_unique<InspectionService>(db, clock, *calendar_, *deadlines_, *blobs_);
  }

  InspectionService& s() { return *service_; }

  std::int64_t Item() {
    auto item = service_->AddItem(
        agency_, {"SJ-01", "住房公积金缴存情况检查", power_, "缴存单位", "现场检查", ""}, head_);
    EXPECT_TRUE(item.ok()) << item.status().message();
    return item.ok() ? item->at("id").as_int64() : 0;
  }

  PlanSpec Spec(std::int64_t item) const {
    PlanSpec p;
    p.item_id = item;
    p.code = "ZZGJJ-CJ-TEST";
    p.title = "测试抽查";
    p.area = "郑州市";
    p.period_start = "2026-10-01";
    p.period_end = "2026-12-31";
    p.source = "深证成指 2026-09-29 收盘点数";
    p.draw_date = "2026-09-29";
    p.strata = {{"高风险", {{}, {"high"}, 0}, "40", std::nullopt},
                {"其他", {}, std::nullopt, std::int64_t{5}}};
    return p;
  }

  std::vector<std::int64_t> Officers() {
    std::vector<std::int64_t> out;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto r = tx.Query("SELECT id FROM officers WHERE agency_id = $1 ORDER BY id",
                                       {agency_});
                     if (!r.ok()) return r.status();
                     for (const auto& row : r->rows) out.push_back(row.Int(0));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  std::vector<std::string> LedgerTypes() {
    std::vector<std::string> out;
    EXPECT_TRUE(db_->Read([&](store::Tx& tx) -> Status {
                     auto r = tx.Query(
                         "SELECT entry FROM ledger_pending WHERE entry LIKE '%inspection.%'"
                         " ORDER BY id");
                     if (!r.ok()) return r.status();
                     for (const auto& row : r->rows) {
                       const auto e = json::parse(row.Text(0)).as_object();
                       out.emplace_back(e.at("type").as_string());
                     }
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  std::int64_t agency_ = 0, head_ = 0, power_ = 0;
  store::Database* db_ = nullptr;
  FakeClock* clock_ = nullptr;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<DeadlineService> deadlines_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<InspectionService> service_;
};

class InspectionServiceTest : public ::testing::TestWithParam<Engine> {};

std::string Name(const ::testing::TestParamInfo<Engine>& info) {
  return ::sx::testing::EngineName(info.param);
}
INSTANTIATE_TEST_SUITE_P(Engines, InspectionServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), Name);

TEST_P(InspectionServiceTest, ImportReportsEveryBadRowAndImportsNothing) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  FakeClock clock{kTuesday};
  ::sx::testing::TempDir dir;
  Fixture f;
  f.Prepare(*db, clock, dir.path());
  const std::string bad =
      "单位名称,统一社会信用代码,所在区县,行业,规模,风险等级,投诉次数,上次检查日期\n"
      "甲公司," +
      Code(1) +
      ",金水区,制造业,小型,低,0,\n"
      "乙公司,91410105000000000X,金水区,制造业,小型,低,0,\n"  // check character wrong
      "丙公司," +
      Code(2) +
      ",金水区,制造业,巨型,极高,-1,2026-13-01\n"
      "丁公司," +
      Code(1) + ",二七区,制造业,小型,高,0,\n";  // the same code as 甲
  auto report = f.s().ImportTargets(f.agency_, bad, f.head_);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::set<std::pair<int, std::string>> errors;
  for (const auto& e : report->errors) errors.emplace(e.row, e.field);
  EXPECT_EQ(errors, (std::set<std::pair<int, std::string>>{{3, "统一社会信用代码"},
                                                           {4, "规模"},
                                                           {4, "风险等级"},
                                                           {4, "投诉次数"},
                                                           {4, "上次检查日期"},
                                                           {5, "统一社会信用代码"}}));
  auto none = f.s().Targets({f.agency_, "", "", "", 0, 50});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->at("total").as_int64(), 0) << "nothing imported from a file with errors";

  // Whole-file problems: an unknown column, an empty file.
  EXPECT_EQ(f.s().ImportTargets(f.agency_, "单位名称,电话\n甲,1\n", f.head_).status().code(),
            Code::kInvalid);
  EXPECT_EQ(f.s().ImportTargets(f.agency_, "", f.head_).status().code(), Code::kInvalid);

  auto good = f.s().ImportTargets(f.agency_, RosterCsv(30), f.head_);
  ASSERT_TRUE(good.ok());
  ASSERT_TRUE(good->errors.empty()) << good->errors.front().message;
  EXPECT_EQ(good->created, 30);
  // The same file again (XLSX this time): every unit updated, none duplicated.
  ::sx::testing::TempDir out;
  const std::string path = out.path() + "/roster.xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  std::istringstream lines(RosterCsv(30));
  std::string line;
  for (int row = 0; std::getline(lines, line); ++row) {
    std::istringstream cells(line);
    std::string cell;
    for (int col = 0; std::getline(cells, cell, ','); ++col) {
      if (!cell.empty()) worksheet_write_string(ws, row, col, cell.c_str(), nullptr);
    }
  }
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  const std::string xlsx((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto again = f.s().ImportTargets(f.agency_, xlsx, f.head_);
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_TRUE(again->errors.empty()) << again->errors.front().message;
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 30);
  auto all = f.s().Targets({f.agency_, "", "", "high", 0, 50});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->at("total").as_int64(), 6);  // 0, 5, …, 25
  const auto types = f.LedgerTypes();
  EXPECT_EQ(std::count(types.begin(), types.end(), "inspection.targets_imported"), 2);
}

TEST_P(InspectionServiceTest, BadPlansAndDrawsAreRefusedNamingTheConstraint) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  FakeClock clock{kTuesday};
  ::sx::testing::TempDir dir;
  Fixture f;
  f.Prepare(*db, clock, dir.path());
  ASSERT_TRUE(f.s().ImportTargets(f.agency_, RosterCsv(40), f.head_).ok());
  const std::int64_t item = f.Item();

  PlanSpec over = f.Spec(item);
  over.strata[0].ratio = "100.5";
  EXPECT_EQ(f.s().CreatePlan(f.agency_, over, f.head_).status().field(), "strata");
  PlanSpec one = f.Spec(item);
  one.team_size = 1;
  EXPECT_EQ(f.s().CreatePlan(f.agency_, one, f.head_).status().field(), "teamSize");

  // A stratum nobody falls into: refused at publication, naming it.
  PlanSpec empty = f.Spec(item);
  empty.code = "EMPTY";
  empty.strata.insert(empty.strata.begin(), {"惠济区", {{"惠济区"}, {}, 0}, "10", std::nullopt});
  auto e = f.s().CreatePlan(f.agency_, empty, f.head_);
  ASSERT_TRUE(e.ok()) << e.status().message();
  auto refused = f.s().PublishPlan(e->at("id").as_int64(), f.head_);
  EXPECT_EQ(refused.status().code(), Code::kInvalid);
  EXPECT_NE(refused.status().message().find("惠济区"), std::string::npos);
  // A count above the pool.
  PlanSpec tiny = f.Spec(item);
  tiny.code = "TINY";
  tiny.strata[1].count = 1000;
  auto t = f.s().CreatePlan(f.agency_, tiny, f.head_);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(f.s().PublishPlan(t->at("id").as_int64(), f.head_).status().code(), Code::kInvalid);

  // A draw date already past cannot be published: the source might be known.
  PlanSpec past = f.Spec(item);
  past.code = "PAST";
  past.draw_date = "2026-09-28";
  auto p = f.s().CreatePlan(f.agency_, past, f.head_);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(f.s().PublishPlan(p->at("id").as_int64(), f.head_).status().field(), "drawDate");

  // Tomorrow's source: published today, drawn no earlier than tomorrow, once.
  PlanSpec later = f.Spec(item);
  later.code = "LATER";
  later.draw_date = "2026-09-30";
  auto l = f.s().CreatePlan(f.agency_, later, f.head_);
  ASSERT_TRUE(l.ok());
  const std::int64_t id = l->at("id").as_int64();
  EXPECT_EQ(f.s().Draw(id, "12000.01", f.head_).status().code(), Code::kConflict)
      << "not published";
  ASSERT_TRUE(f.s().PublishPlan(id, f.head_).ok());
  EXPECT_EQ(f.s().UpdatePlan(id, later, f.head_).status().code(), Code::kConflict);
  EXPECT_EQ(f.s().Draw(id, "12000.01", f.head_).status().code(), Code::kConflict) << "too early";
  clock.Advance(std::chrono::hours(24));
  EXPECT_EQ(f.s().Draw(id, "", f.head_).status().field(), "publicValue");
  EXPECT_EQ(f.s().Draw(id, "12000\n01", f.head_).status().field(), "publicValue");
  ASSERT_TRUE(f.s().Draw(id, "12000.01", f.head_).ok());
  auto twice = f.s().Draw(id, "12000.02", f.head_);
  EXPECT_EQ(twice.status().code(), Code::kConflict);
  EXPECT_NE(twice.status().message().find("12000.01"), std::string::npos);
  auto same = f.s().Draw(id, "12000.01", f.head_);
  EXPECT_EQ(same.status().code(), Code::kConflict) << "entered twice";

  // More inspectors per team than there are eligible officers: the constraint is named.
  PlanSpec big = f.Spec(item);
  big.code = "BIG";
  big.draw_date = "2026-09-30";
  big.team_size = 10;
  auto b = f.s().CreatePlan(f.agency_, big, f.head_);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(f.s().PublishPlan(b->at("id").as_int64(), f.head_).ok());
  auto few = f.s().Draw(b->at("id").as_int64(), "1", f.head_);
  EXPECT_EQ(few.status().field(), "inspectors");
  EXPECT_NE(few.status().message().find("少于每组所需的 10 名"), std::string::npos)
      << few.status().message();
}

TEST_P(InspectionServiceTest, RecusalsHoldReplacementsReproduceAndResultsArePublishedOnTime) {
  SX_OPEN_TEST_DB(GetParam(), tdb, db);
  FakeClock clock{kTuesday};
  ::sx::testing::TempDir dir;
  Fixture f;
  f.Prepare(*db, clock, dir.path());
  ASSERT_TRUE(f.s().ImportTargets(f.agency_, RosterCsv(60), f.head_).ok());
  const std::int64_t item = f.Item();
  const auto officers = f.Officers();
  ASSERT_GE(officers.size(), 4u);
  auto targets = f.s().Targets({f.agency_, "", "", "", 0, 100});
  ASSERT_TRUE(targets.ok());
  // Every officer but two has a conflict with every third target.
  std::set<std::pair<std::int64_t, std::int64_t>> conflicts;
  const auto& list = targets->at("items").as_array();
  for (std::size_t t = 0; t < list.size(); t += 3) {
    for (std::size_t o = 2; o < officers.size(); ++o) {
      const std::int64_t target = list[t].at("id").as_int64();
      auto c = f.s().AddConflict(f.agency_, {officers[o], target, "prior_dealing", ""}, f.head_);
      ASSERT_TRUE(c.ok()) << c.status().message();
      conflicts.emplace(officers[o], target);
    }
  }
  EXPECT_EQ(
      f.s()
          .AddConflict(f.agency_, {officers[2], list[0].at("id").as_int64(), "prior_dealing", ""},
                       f.head_)
          .status()
          .code(),
      Code::kConflict);

  auto plan = f.s().CreatePlan(f.agency_, f.Spec(item), f.head_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const std::int64_t id = plan->at("id").as_int64();
  ASSERT_TRUE(f.s().PublishPlan(id, f.head_).ok());
  auto drawn = f.s().Draw(id, "3012.34", f.head_);
  ASSERT_TRUE(drawn.ok()) << drawn.status().message();
  const auto& teams = drawn->at("teams").as_array();
  ASSERT_EQ(teams.size(), 5u + 5u);  // 40 % of 12 high-risk units, and 5 of the others
  for (const auto& t : teams) {
    const std::int64_t target = t.at("target").at("id").as_int64();
    const auto& members = t.at("inspectors").as_array();
    ASSERT_EQ(members.size(), 2u);
    for (const auto& m : members) {
      EXPECT_FALSE(conflicts.contains({m.at("id").as_int64(), target}))
          << "recused inspector " << m.at("id").as_int64() << " on target " << target;
    }
  }
  auto bundle_text = f.s().Bundle(id);
  ASSERT_TRUE(bundle_text.ok());
  auto bundle = ParseBundle(*bundle_text);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  EXPECT_EQ(FirstDifference(*bundle), std::nullopt);

  // After the draw: an absence replaced; the bundle still verifies; the replacement is there.
  // Where everyone else is recused, nobody can replace: the constraint is named.
  auto recused_everywhere = [&](std::int64_t t) { return conflicts.contains({officers[2], t}); };
  std::size_t k = teams.size(), full = teams.size();  // the first of each kind
  for (std::size_t i = 0; i < teams.size(); ++i) {
    const bool all = recused_everywhere(teams[i].at("target").at("id").as_int64());
    if (all && full == teams.size()) full = i;
    if (!all && k == teams.size()) k = i;
  }
  ASSERT_LT(k, teams.size());
  ASSERT_FALSE(recused_everywhere(teams[k].at("target").at("id").as_int64()));
  if (full < teams.size()) {
    auto none = f.s().ReplaceInspector(id, teams[full].at("target").at("id").as_int64(),
                                       teams[full].at("inspectors").at(0).at("id").as_int64(),
                                       "absence", "病假", f.head_);
    EXPECT_EQ(none.status().field(), "inspectors") << none.status().message();
  }
  const std::int64_t target = teams[k].at("target").at("id").as_int64();
  const std::int64_t out = teams[k].at("inspectors").at(0).at("id").as_int64();
  auto replaced = f.s().ReplaceInspector(id, target, out, "absence", "病假", f.head_);
  ASSERT_TRUE(replaced.ok()) << replaced.status().message();
  const auto& now = replaced->at("teams").at(k).at("inspectors").as_array();
  EXPECT_NE(now.at(0).at("id").as_int64(), out);
  EXPECT_NE(now.at(0).at("id").as_int64(), now.at(1).at("id").as_int64());
  EXPECT_FALSE(conflicts.contains({now.at(0).at("id").as_int64(), target}));
  EXPECT_EQ(f.s().ReplaceInspector(id, target, out, "absence", "再换", f.head_).status().field(),
            "inspectorId")
      << "no longer on the team";
  EXPECT_EQ(
      f.s()
          .ReplaceInspector(id, target, now.at(1).at("id").as_int64(), "holiday", "x", f.head_)
          .status()
          .field(),
      "reason");
  bundle_text = f.s().Bundle(id);
  bundle = ParseBundle(*bundle_text);
  ASSERT_TRUE(bundle.ok());
  ASSERT_EQ(bundle->draw->replacements.size(), 1u);
  EXPECT_EQ(FirstDifference(*bundle), std::nullopt);
  // A tampered replacement is caught.
  auto tampered = *bundle;
  tampered.draw->replacements[0].in = out;
  EXPECT_NE(FirstDifference(tampered), std::nullopt);

  // Results: only the team (or the unit head); 20 working days to publish (29 Sep → 2 Nov).
  InspectionActor stranger;
  stranger.user_id = f.head_;
  stranger.officer_id = -1;
  EXPECT_EQ(
      f.s().EnterResult(id, {target, "no_problem", std::nullopt, ""}, stranger).status().code(),
      Code::kPermission);
  InspectionActor member;
  member.user_id = f.head_;
  member.officer_id = now.at(1).at("id").as_int64();
  EXPECT_EQ(f.s().EnterResult(id, {target, "case", std::nullopt, ""}, member).status().field(),
            "caseId");
  auto entered =
      f.s().EnterResult(id, {target, "rectify", std::nullopt, "未为 3 名职工缴存"}, member);
  ASSERT_TRUE(entered.ok()) << entered.status().message();
  const auto& result = entered->at("teams").at(k).at("result");
  EXPECT_EQ(result.at("dueOn").as_string(), "2026-11-02");
  EXPECT_EQ(result.at("deadlineState").as_string(), "open");
  EXPECT_EQ(f.s().EnterResult(id, {target, "rectify", std::nullopt, ""}, member).status().code(),
            Code::kConflict);
  EXPECT_EQ(f.s()
                .ReplaceInspector(id, target, member.officer_id.value(), "recusal", "x", f.head_)
                .status()
                .code(),
            Code::kConflict)
      << "no replacement once the result is in";
  auto hidden = f.s().PublicPlan(id);
  ASSERT_TRUE(hidden.ok());
  EXPECT_TRUE(hidden->at("results").as_array().empty()) << "not public before publication";
  clock.Advance(std::chrono::hours(24 * 10));
  auto published = f.s().PublishResults(id, f.head_);
  ASSERT_TRUE(published.ok()) << published.status().message();
  EXPECT_EQ(published->at("teams").at(k).at("result").at("deadlineState").as_string(), "done");
  EXPECT_EQ(f.s().PublishResults(id, f.head_).status().code(), Code::kInvalid);
  auto shown = f.s().PublicPlan(id);
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->at("results").as_array().size(), 1u);
  EXPECT_EQ(shown->at("results").at(0).at("outcomeName").as_string(), "责令整改");
  EXPECT_EQ(shown->at("results").at(0).at("publishedOn").as_string(), "2026-10-09");

  const auto types = f.LedgerTypes();
  for (const char* type :
       {"inspection.item_created", "inspection.conflict_recorded", "inspection.plan_created",
        "inspection.plan_published", "inspection.drawn", "inspection.replaced",
        "inspection.result_entered", "inspection.results_published"}) {
    EXPECT_NE(std::find(types.begin(), types.end(), type), types.end()) << type;
  }
}

// The same roster, plan, conflicts and public value on both engines: byte-for-byte the same
// bundle, and it verifies.
TEST(InspectionEngines, TheSameBundleOnSqliteAndPostgresql) {
  std::vector<std::string> bundles;
  for (Engine engine : {Engine::kSqlite, Engine::kPostgres}) {
    SX_OPEN_TEST_DB(engine, tdb, db);
    FakeClock clock{kTuesday};
    ::sx::testing::TempDir dir;
    Fixture f;
    f.Prepare(*db, clock, dir.path());
    ASSERT_TRUE(f.s().ImportTargets(f.agency_, RosterCsv(200), f.head_).ok());
    const std::int64_t item = f.Item();
    const auto officers = f.Officers();
    auto targets = f.s().Targets({f.agency_, "", "", "", 0, 10});
    ASSERT_TRUE(targets.ok());
    for (std::size_t t = 0; t < 10; ++t) {
      ASSERT_TRUE(f.s()
                      .AddConflict(f.agency_,
                                   {officers[t % officers.size()],
                                    targets->at("items").at(t).at("id").as_int64(), "relative", ""},
                                   f.head_)
                      .ok());
    }
    PlanSpec spec = f.Spec(item);
    spec.strata = {{"高风险", {{}, {"high"}, 0}, "33.33", std::nullopt},
                   {"被投诉", {{}, {}, 1}, std::nullopt, std::int64_t{7}},
                   {"其他", {}, "12.5", std::nullopt}};
    auto plan = f.s().CreatePlan(f.agency_, spec, f.head_);
    ASSERT_TRUE(plan.ok());
    const std::int64_t id = plan->at("id").as_int64();
    ASSERT_TRUE(f.s().PublishPlan(id, f.head_).ok());
    auto drawn = f.s().Draw(id, "11234.56", f.head_);
    ASSERT_TRUE(drawn.ok()) << drawn.status().message();
    const auto& teams = drawn->at("teams").as_array();
    ASSERT_TRUE(f.s()
                    .ReplaceInspector(id, teams.at(3).at("target").at("id").as_int64(),
                                      teams.at(3).at("inspectors").at(1).at("id").as_int64(),
                                      "recusal", "其配偶近期入职该单位", f.head_)
                    .ok());
    auto bundle = f.s().Bundle(id);
    ASSERT_TRUE(bundle.ok());
    bundles.push_back(*bundle);
  }
  ASSERT_EQ(bundles.size(), 2u);
  EXPECT_EQ(bundles[0], bundles[1]);
  auto parsed = ParseBundle(bundles[0]);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(FirstDifference(*parsed), std::nullopt);
  EXPECT_EQ(parsed->strata[0].count, 14);  // ⌈40 × 33.33 %⌉
  EXPECT_EQ(parsed->strata[2].count, 18);  // ⌈(200 − 40 − 23) × 12.5 %⌉ = ⌈17.125⌉
}

}  // namespace
}  // namespace sx::services
