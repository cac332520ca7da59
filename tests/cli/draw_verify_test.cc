// `sanxiang draw verify BUNDLE` (docs/draw.md): 0 for a bundle as published — before the draw,
// after it, after a replacement; 1 naming the first difference for each kind of tampering (a
// pool entry, the public value, a selection, a team, a replacement, the order of the pool); 2 for
// a file that cannot be read or is not a bundle.
#include <gtest/gtest.h>

#include <fstream>

#include <fmt/format.h>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "domain/redaction.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "services/inspection_service.h"
#include "store/blob_store.h"
#include "store/migrations.h"
#include "store/test_db.h"

namespace sx::cli {
namespace {

namespace json = boost::json;

class DrawVerifyCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ::sx::testing::TestDatabase tdb(::sx::testing::Engine::kSqlite);
    auto db = store::Database::Open(tdb.url());
    ASSERT_TRUE(db.ok());
    FakeClock clock{TimePoint{std::chrono::seconds(1790647200)}};  // Tue 29 Sep 2026
    ASSERT_TRUE(store::Migrate(**db, clock.Now()).ok());
    ASSERT_TRUE(services::LoadDemo(**db, clock).ok());
    auto calendar = services::CalendarService::Create(**db, clock);
    ASSERT_TRUE(calendar.ok());
    services::DeadlineService deadlines(**db, clock, **calendar);
    auto blobs = store::BlobStore::Open(dir_.path() + "/blobs");
    ASSERT_TRUE(blobs.ok());
    services::InspectionService s(**db, clock, **calendar, deadlines, **blobs);
    std::int64_t agency = 0, power = 0;
    ASSERT_TRUE((*db)
                    ->Read([&](store::Tx& tx) -> Status {
                      auto r = tx.Query(
                          "SELECT agency_id, id FROM power_items WHERE code = 'GJJ-JC-001'");
                      if (!r.ok()) return r.status();
                      agency = r->rows.front().Int(0);
                      power = r->rows.front().Int(1);
                      return Status::Ok();
                    })
                    .ok());
    std::string csv = "单位名称,统一社会信用代码,所在区县,风险等级\n";
    for (int i = 0; i < 50; ++i) {
      csv += fmt::format("核验单位{}有限公司,{},金水区,{}\n", i,
                         domain::CompleteCreditCode(fmt::format("91410105{:09}", 5000 + i)),
                         i % 4 == 0 ? "高" : "低");
    }
    auto imported = s.ImportTargets(agency, csv, 0);
    ASSERT_TRUE(imported.ok() && imported->errors.empty());
    auto item = s.AddItem(agency, {"SJ-9", "缴存检查", power, "缴存单位", "现场检查", ""}, 0);
    ASSERT_TRUE(item.ok()) << item.status().message();
    services::PlanSpec spec;
    spec.item_id = item->at("id").as_int64();
    spec.code = "VERIFY-1";
    spec.title = "核验测试";
    spec.area = "郑州市";
    spec.period_start = "2026-10-01";
    spec.period_end = "2026-12-31";
    spec.source = "深证成指 2026-09-29 收盘点数";
    spec.draw_date = "2026-09-29";
    spec.strata = {{"高风险", {{}, {"high"}, 0}, "50", std::nullopt},
                   {"其他", {}, std::nullopt, std::int64_t{4}}};
    auto plan = s.CreatePlan(agency, spec, 0);
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    const std::int64_t id = plan->at("id").as_int64();
    ASSERT_TRUE(s.PublishPlan(id, 0).ok());
    auto before = s.Bundle(id);
    ASSERT_TRUE(before.ok());
    published_ = *before;
    auto drawn = s.Draw(id, "10234.56", 0);
    ASSERT_TRUE(drawn.ok()) << drawn.status().message();
    const auto& team = drawn->at("teams").at(0);
    ASSERT_TRUE(s.ReplaceInspector(id, team.at("target").at("id").as_int64(),
                                   team.at("inspectors").at(0).at("id").as_int64(), "absence",
                                   "病假", 0)
                    .ok());
    auto after = s.Bundle(id);
    ASSERT_TRUE(after.ok());
    drawn_ = json::parse(*after).as_object();
  }

  int Verify(const std::string& text) {
    const std::string path = fmt::format("{}/bundle-{}.json", dir_.path(), ++n_);
    std::ofstream(path, std::ios::binary) << text;
    return DrawVerify(path);
  }
  int Verify(const json::object& o) { return Verify(json::serialize(o)); }

  ::sx::testing::TempDir dir_;
  std::string published_;
  json::object drawn_;
  int n_ = 0;
};

TEST_F(DrawVerifyCommand, APublishedBundleMatchesBeforeAndAfterTheDraw) {
  EXPECT_EQ(Verify(published_), 0);
  EXPECT_EQ(Verify(drawn_), 0);
  EXPECT_EQ(drawn_.at("draw").at("replacements").as_array().size(), 1u);
}

TEST_F(DrawVerifyCommand, EveryTamperingIsAMismatch) {
  const std::vector<std::pair<const char*, std::function<void(json::object&)>>> attacks = {
      {"a pool entry renamed",
       [](json::object& b) {
         b["strata"].at(0).at("pool").at("targets").at(1).as_object()["name"] = "别的公司";
       }},
      {"the pool reordered",
       [](json::object& b) {
         auto& t = b["strata"].at(1).at("pool").at("targets").as_array();
         std::swap(t[0], t[1]);
       }},
      {"the public value changed",
       [](json::object& b) { b["draw"].as_object()["publicValue"] = "10234.57"; }},
      {"the source changed after the fact",
       [](json::object& b) { b["plan"].as_object()["source"] = "上证指数"; }},
      {"a selection changed",
       [](json::object& b) {
         auto& sel = b["draw"].at("strata").at(1).at("selected").as_array();
         sel[0] = sel[0].as_int64() + 1;
       }},
      {"a drawn team changed",
       [](json::object& b) {
         auto& team = b["draw"].at("teams").at(2).at("inspectors").as_array();
         std::swap(team[0], team[1]);
       }},
      {"a recusal added",
       [](json::object& b) {
         b["draw"].as_object()["recusals"] = json::array{
             json::object{{"inspector", b["draw"].at("teams").at(0).at("inspectors").at(1)},
                          {"target", b["draw"].at("teams").at(0).at("target")},
                          {"kind", "relative"}}};
       }},
      {"a replacement's successor changed",
       [](json::object& b) {
         auto& r = b["draw"].at("replacements").at(0).as_object();
         r["in"] = r["out"];
       }},
      {"the final team changed",
       [](json::object& b) {
         auto& team = b["draw"].at("finalTeams").at(0).at("inspectors").as_array();
         team[0] = team[0].as_int64() + 1000;
       }},
  };
  for (const auto& [name, tamper] : attacks) {
    json::object copy = drawn_;
    tamper(copy);
    EXPECT_EQ(Verify(copy), 1) << name;
  }
}

TEST_F(DrawVerifyCommand, WhatIsNotABundleIsExit2) {
  EXPECT_EQ(DrawVerify(dir_.path() + "/no-such-file.json"), 2);
  EXPECT_EQ(Verify("not json"), 2);
  EXPECT_EQ(Verify("{}"), 2);
  json::object other = drawn_;
  other["algorithm"] = "sx-draw-v0";
  EXPECT_EQ(Verify(other), 2);
  json::object bad = drawn_;
  bad["strata"].at(0).at("pool").as_object()["size"] = 1;
  EXPECT_EQ(Verify(bad), 2);
}

}  // namespace
}  // namespace sx::cli
