// 双随机 over HTTP (docs/draw.md): the roster import (415 for other types, 422 with the rows'
// errors and nothing imported, then 200), a plan created, published only with {"confirm": true},
// drawn once (409 for a second value), the public list, plan and bundle (404 for a draft; the
// bundle verifies), the item list on the portal, and results entered by the team only.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "domain/redaction.h"
#include "http/test_client.h"
#include "services/draw_bundle.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

class InspectionApi : public ::testing::Test {
 protected:
  HttpResponse As(std::string_view user, std::string_view method, const std::string& target,
                  std::string_view body = {}, std::string_view type = "application/json") {
    auto headers = server_.SessionHeaders(user);
    if (!body.empty()) headers.push_back(fmt::format("Content-Type: {}", type));
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }
  HttpResponse Public(const std::string& target) {
    std::string error;
    auto r = Exchange(server_.port(), RawRequest("GET", target, {}), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }
  static json::object Json(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !v.is_object() ? json::object{} : v.as_object();
  }

  TestServer server_;
};

TEST_F(InspectionApi, ImportPlanPublishDrawAndTheBundle) {
  const std::string header =
      "单位名称,统一社会信用代码,所在区县,行业,规模,风险等级,投诉次数,上次检查日期\n";
  EXPECT_EQ(
      As("demo.unithead", "POST", "/api/v1/inspection/targets/import", header, "application/pdf")
          .status,
      415);
  auto rejected = As("demo.unithead", "POST", "/api/v1/inspection/targets/import",
                     header + "甲公司,123,金水区,,,低,,\n", "text/csv");
  ASSERT_EQ(rejected.status, 422) << rejected.body;
  const auto errors = Json(rejected).at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("row").as_int64(), 2);
  EXPECT_EQ(errors[0].at("field").as_string(), "统一社会信用代码");
  EXPECT_EQ(As("demo.officer", "POST", "/api/v1/inspection/targets/import",
               header + "甲公司,123,金水区,,,低,,\n", "text/csv")
                .status,
            403);
  std::string csv = header;
  for (int i = 0; i < 20; ++i) {
    csv += fmt::format("接口单位{}有限公司,{},金水区,,,{},0,\n", i,
                       domain::CompleteCreditCode(fmt::format("91410105{:09}", 900 + i)),
                       i % 2 ? "高" : "低");
  }
  auto imported = As("demo.unithead", "POST", "/api/v1/inspection/targets/import", csv, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(Json(imported).at("created").as_int64(), 20);

  auto powers = Json(As("demo.unithead", "GET", "/api/v1/power-items"));
  std::int64_t power = 0;
  for (const auto& p : powers.at("items").as_array()) {
    if (p.at("code").as_string() == "GJJ-JC-001") power = p.at("id").as_int64();
  }
  ASSERT_GT(power, 0);
  auto item = As("demo.unithead", "POST", "/api/v1/inspection/items",
                 json::serialize(json::object{{"code", "JK-1"},
                                              {"name", "缴存情况检查"},
                                              {"powerItemId", power},
                                              {"subject", "缴存单位"},
                                              {"method", "现场检查"}}));
  ASSERT_EQ(item.status, 201) << item.body;
  auto items = Public("/api/v1/public/agencies/zzgjj/inspection-items");
  ASSERT_EQ(items.status, 200);
  EXPECT_EQ(Json(items).at("items").at(0).at("code").as_string(), "JK-1");
  EXPECT_FALSE(Json(items).at("items").at(0).as_object().contains("id"));

  const std::string today = domain::FormatDate(server_.deadlines().Today());
  json::object spec{{"itemId", Json(item).at("id")},
                    {"title", "接口测试计划"},
                    {"area", "郑州市"},
                    {"periodStart", today},
                    {"periodEnd", today},
                    {"teamSize", 2},
                    {"source", "深证成指收盘点数"},
                    {"drawDate", today},
                    {"strata", json::array{json::object{{"name", "高风险"},
                                                        {"filter", {{"riskGrades", {"high"}}}},
                                                        {"ratio", "20"}},
                                           json::object{{"name", "其他"}, {"count", 3}}}}};
  auto over = spec;
  over["strata"].at(1).as_object()["count"] = nullptr;
  over["strata"].at(1).as_object()["ratio"] = 150;
  EXPECT_EQ(As("demo.unithead", "POST", "/api/v1/inspection/plans", json::serialize(over)).status,
            400);
  auto created = As("demo.unithead", "POST", "/api/v1/inspection/plans", json::serialize(spec));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::int64_t id = Json(created).at("id").as_int64();
  EXPECT_EQ(Json(created).at("strata").at(0).at("poolSize").as_int64(), 10);
  EXPECT_EQ(Json(created).at("strata").at(0).at("drawCount").as_int64(), 2);
  EXPECT_EQ(Public(fmt::format("/api/v1/public/draws/{}/bundle", id)).status, 404)
      << "a draft is not public";

  const std::string plan = fmt::format("/api/v1/inspection/plans/{}", id);
  EXPECT_EQ(As("demo.unithead", "POST", plan + "/publish", "{}").status, 400) << "unconfirmed";
  auto published = As("demo.unithead", "POST", plan + "/publish", R"({"confirm":true})");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(Json(published).at("status").as_string(), "published");
  EXPECT_EQ(Json(published).at("canDraw").as_bool(), true);
  auto drawn = As("demo.unithead", "POST", plan + "/draw", R"({"publicValue":"11021.37"})");
  ASSERT_EQ(drawn.status, 200) << drawn.body;
  const auto teams = Json(drawn).at("teams").as_array();
  ASSERT_EQ(teams.size(), 5u);
  auto again = As("demo.unithead", "POST", plan + "/draw", R"({"publicValue":"11021.38"})");
  EXPECT_EQ(again.status, 409) << again.body;

  auto list = Json(Public("/api/v1/public/draws?agency=zzgjj"));
  bool listed = false;
  for (const auto& p : list.at("items").as_array()) listed = listed || p.at("id").as_int64() == id;
  EXPECT_TRUE(listed);
  auto bundle = Public(fmt::format("/api/v1/public/draws/{}/bundle", id));
  ASSERT_EQ(bundle.status, 200);
  auto parsed = services::ParseBundle(bundle.body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(services::FirstDifference(*parsed), std::nullopt);
  EXPECT_EQ(parsed->draw->public_value, "11021.37");

  // Results: the demo officer enters one only for a target of their own team.
  const std::string result =
      json::serialize(json::object{{"targetId", teams[0].at("target").at("id")},
                                   {"outcome", "no_problem"},
                                   {"note", "未发现问题"}});
  auto entered = As("demo.unithead", "POST", plan + "/results", result);
  ASSERT_EQ(entered.status, 200) << entered.body;
  EXPECT_EQ(As("demo.publisher", "POST", plan + "/results/publish", R"({"confirm":true})").status,
            200);
  auto shown = Json(Public(fmt::format("/api/v1/public/draws/{}", id)));
  ASSERT_EQ(shown.at("results").as_array().size(), 1u);
  EXPECT_EQ(shown.at("results").at(0).at("outcomeName").as_string(), "未发现问题");
}

}  // namespace
}  // namespace sx::testing
