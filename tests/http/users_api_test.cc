// Staff administration over HTTP on the demo center: accounts, roles and their record, disabling,
// and API tokens used by a system integration.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http/test_client.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

const std::string kJson = "Content-Type: application/json";

class UsersApi : public ::testing::Test {
 protected:
  HttpResponse Send(std::string_view method, const std::string& target,
                    std::vector<std::string> headers = {}, std::string_view body = {}) {
    std::string error;
    auto r = Exchange(server_.port(), RawRequest(method, target, headers, body), false, &error);
    EXPECT_TRUE(r) << error;
    return r ? *r : HttpResponse{};
  }
  HttpResponse AsAdmin(std::string_view method, const std::string& target,
                       std::string_view body = {}) {
    return Send(method, target, {kCenterAdminCookie, kCenterAdminCsrf, kJson}, body);
  }
  static json::value Body(const HttpResponse& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return v;
  }
  std::int64_t Center() { return server_.agencies().GetByCode("zzgjj")->id; }

  TestServer server_;
};

TEST_F(UsersApi, AdminCreatesAUserChangesRolesAndTheChangeIsRecorded) {
  const std::string users = fmt::format("/api/v1/agencies/{}/users", Center());
  auto weak = AsAdmin("POST", users,
                      R"({"username":"wang.fang","displayName":"王芳","password":"wangfang","roles":["officer"]})");
  EXPECT_EQ(weak.status, 422) << weak.body;
  EXPECT_TRUE(HasChinese(Body(weak).at("detail").as_string()));

  auto created = AsAdmin(
      "POST", users,
      R"({"username":"wang.fang","displayName":"王芳","password":"Gjj#2026-wf","roles":["officer"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = Body(created).at("id").as_int64();
  EXPECT_EQ(Body(created).at("roles").as_array().at(0).at("name"), "执法人员");
  EXPECT_FALSE(Body(created).as_object().contains("passwordHash"));

  auto dup = AsAdmin(
      "POST", users,
      R"({"username":"wang.fang","displayName":"王芳","password":"Gjj#2026-wf","roles":["officer"]})");
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(AsAdmin("POST", users,
                    R"({"username":"li.lei","displayName":"李雷","password":"Gjj#2026-ll","roles":["boss"]})")
                .status,
            422);
  EXPECT_EQ(AsAdmin("POST", users,
                    R"({"username":"li.lei","displayName":"李雷","password":"Gjj#2026-ll","roles":["supervisor"]})")
                .status,
            422);  // 监督人员 only in the bureau

  auto roles = AsAdmin("PUT", fmt::format("/api/v1/users/{}/roles", id),
                       R"({"roles":["officer","legal_reviewer"]})");
  ASSERT_EQ(roles.status, 200) << roles.body;
  EXPECT_EQ(Body(roles).at("roles").as_array().size(), 2u);

  auto events = AsAdmin("GET", fmt::format("/api/v1/agencies/{}/auth-events?limit=5", Center()));
  ASSERT_EQ(events.status, 200) << events.body;
  const json::value events_body = Body(events);
  const auto& first = events_body.at("items").as_array().at(0);
  EXPECT_EQ(first.at("kind"), "roles_changed");
  EXPECT_EQ(first.at("username"), "wang.fang");
  EXPECT_EQ(first.at("detail"), "角色由 执法人员 改为 执法人员、法制审核人员;操作人 demo.admin");
  EXPECT_EQ(AsAdmin("GET", fmt::format("/api/v1/agencies/{}/auth-events?limit=0", Center())).status,
            400);

  // The user's own session ends when the account is disabled.
  const auto session = server_.SessionHeaders("wang.fang");
  EXPECT_EQ(Send("GET", "/api/v1/session", session).status, 200);
  auto off = AsAdmin("PATCH", fmt::format("/api/v1/users/{}", id), R"({"disabled":true})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(Body(off).at("disabled"), true);
  EXPECT_EQ(Send("GET", "/api/v1/session", session).status, 401);
}

TEST_F(UsersApi, AnIntegrationTokenReadsWhatItsScopesAllowUntilRevoked) {
  const std::string tokens = fmt::format("/api/v1/agencies/{}/tokens", Center());
  EXPECT_EQ(AsAdmin("POST", tokens, R"({"name":"x","scopes":["users.manage"]})").status, 422);
  EXPECT_EQ(AsAdmin("POST", tokens, R"({"name":"x","scopes":["everything"]})").status, 422);
  auto created = AsAdmin("POST", tokens,
                         R"({"name":"政务数据共享平台","scopes":["agency.read"],"expiresInDays":90})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret(Body(created).at("token").as_string());
  const auto token_id = Body(created).at("id").as_int64();
  const std::string bearer = "Authorization: Bearer " + secret;

  auto listed = AsAdmin("GET", tokens);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << "the secret is shown only once";
  EXPECT_EQ(Body(listed).at("items").as_array().at(0).at("scopes").as_array().at(0), "agency.read");

  const std::string officers = fmt::format("/api/v1/agencies/{}/officers", Center());
  EXPECT_EQ(Send("GET", officers, {bearer}).status, 200);
  // Outside its scopes, or changing state it has no scope for: refused.
  EXPECT_EQ(Send("POST", officers, {bearer, kJson}, "{}").status, 403);
  EXPECT_EQ(Send("GET", fmt::format("/api/v1/agencies/{}/users", Center()), {bearer}).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/session/password", {bearer, kJson}, "{}").status, 403);

  ASSERT_EQ(AsAdmin("DELETE", fmt::format("/api/v1/tokens/{}", token_id)).status, 204);
  auto after = Send("GET", officers, {bearer});
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.Header("www-authenticate"), "Bearer error=\"invalid_token\"");
}

TEST_F(UsersApi, AnOfficerReadsTheRecordsOfTheirOwnDepartment) {
  const auto session = server_.SessionHeaders("demo.officer");  // in 监察执法处
  auto list = Send("GET", fmt::format("/api/v1/agencies/{}/officers", Center()), session);
  ASSERT_EQ(list.status, 200);
  const auto items = Body(list).at("items").as_array();
  ASSERT_FALSE(items.empty());
  std::int64_t own = 0;
  for (const auto& o : items) {
    EXPECT_EQ(o.at("department"), "监察执法处") << json::serialize(o);
    own = o.at("id").as_int64();
  }
  EXPECT_EQ(Send("GET", fmt::format("/api/v1/officers/{}", own), session).status, 200);
  // 杨帆 works in 归集管理处: outside the officer's scope, but not the leader's.
  std::int64_t other = 0;
  auto everyone = server_.people().List(Center());
  ASSERT_TRUE(everyone.ok());
  const std::vector<domain::Officer> people = *everyone;
  for (const auto& o : people) {
    if (o.department_name == "归集管理处") other = o.id;
  }
  ASSERT_NE(other, 0);
  EXPECT_EQ(Send("GET", fmt::format("/api/v1/officers/{}", other), session).status, 403);
  EXPECT_EQ(Send("GET", fmt::format("/api/v1/officers/{}/qr.svg", other), session).status, 403);
  const auto leader = server_.SessionHeaders("demo.leader");
  EXPECT_EQ(Send("GET", fmt::format("/api/v1/officers/{}", other), leader).status, 200);
  auto all = Send("GET", fmt::format("/api/v1/agencies/{}/officers", Center()), leader);
  EXPECT_GT(Body(all).at("items").as_array().size(), items.size());
}

TEST_F(UsersApi, ASupervisorReadsEveryAgencyButChangesNothing) {
  const auto session = server_.SessionHeaders("demo.supervisor");
  EXPECT_EQ(Send("GET", fmt::format("/api/v1/agencies/{}/officers", Center()), session).status, 200);
  EXPECT_EQ(Send("GET", fmt::format("/api/v1/agencies/{}/auth-events", Center()), session).status,
            200);
  std::vector<std::string> write = session;
  write.push_back(kJson);
  EXPECT_EQ(Send("POST", fmt::format("/api/v1/agencies/{}/users", Center()), write, "{}").status, 403);
}

}  // namespace
}  // namespace sx::testing
