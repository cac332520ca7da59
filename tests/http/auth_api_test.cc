// Staff sign-in over HTTP: the cookie's attributes, CSRF on state changes, sign-out, errors.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "http/test_client.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kPassword = "Gjj@2026pw";

class AuthApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto agencies = server_.agencies().List();
    ASSERT_TRUE(agencies.ok());
    auto u = server_.auth().CreateAccount({agencies->at(0).id, "zhang.wei", "张伟",
                                           std::string(kPassword), {domain::Role::kAdmin}});
    ASSERT_TRUE(u.ok()) << u.status().message();
  }

  // Signs in; returns the cookie pair ("sx_session=…") and the CSRF token.
  std::pair<std::string, std::string> SignIn() {
    auto r = Exchange(server_.port(),
                      RawRequest("POST", "/api/v1/session", {"Content-Type: application/json"},
                                 R"({"username":"zhang.wei","password":"Gjj@2026pw"})"));
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << r->body;
    const std::string cookie(r->Header("set-cookie"));
    const auto csrf = json::parse(r->body).at("csrfToken").as_string();
    return {cookie.substr(0, cookie.find(';')), std::string(csrf)};
  }

  TestServer server_;
};

TEST_F(AuthApiTest, SignInSetsAStrictHttpOnlyCookieAndReturnsTheUser) {
  auto r = Exchange(server_.port(),
                    RawRequest("POST", "/api/v1/session", {"Content-Type: application/json"},
                               R"({"username":"zhang.wei","password":"Gjj@2026pw"})"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string_view cookie = r->Header("set-cookie");
  EXPECT_TRUE(cookie.starts_with("sx_session=")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string_view::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string_view::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string_view::npos);  // plain HTTP here
  EXPECT_EQ(r->Header("cache-control"), "no-store");
  auto body = json::parse(r->body).as_object();
  EXPECT_EQ(body.at("user").at("username").as_string(), "zhang.wei");
  EXPECT_EQ(body.at("user").at("roles").at(0).at("code").as_string(), "admin");
  EXPECT_EQ(r->body.find("password"), std::string::npos);

  auto tls = Exchange(server_.port(),
                      RawRequest("POST", "/api/v1/session",
                                 {"Content-Type: application/json", "X-Forwarded-Proto: https"},
                                 R"({"username":"zhang.wei","password":"Gjj@2026pw"})"));
  ASSERT_TRUE(tls);
  EXPECT_NE(tls->Header("set-cookie").find("; Secure"), std::string_view::npos);
}

TEST_F(AuthApiTest, WrongPasswordIs401InChinese) {
  auto r = Exchange(server_.port(),
                    RawRequest("POST", "/api/v1/session", {"Content-Type: application/json"},
                               R"({"username":"zhang.wei","password":"wrong"})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->Header("content-type"), "application/problem+json");
  EXPECT_TRUE(HasChinese(r->body));
  EXPECT_FALSE(r->HasHeader("set-cookie"));
}

TEST_F(AuthApiTest, SessionIsReadBackAndEndsOnSignOutWithCsrf) {
  auto [cookie, csrf] = SignIn();
  ASSERT_FALSE(cookie.empty());
  auto me = Exchange(server_.port(), RawRequest("GET", "/api/v1/session", {"Cookie: " + cookie}));
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200) << me->body;
  EXPECT_EQ(json::parse(me->body).at("csrfToken").as_string(), csrf);

  // No token, a forged one, or one from another session: refused, and the session lives on.
  for (const std::string& bad : {std::string(), std::string("forged"), std::string(csrf.size(), 'A')}) {
    std::vector<std::string> headers = {"Cookie: " + cookie};
    if (!bad.empty()) headers.push_back("X-CSRF-Token: " + bad);
    auto out = Exchange(server_.port(), RawRequest("DELETE", "/api/v1/session", headers));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 403) << out->body;
    EXPECT_NE(out->body.find("/problems/csrf"), std::string::npos);
  }
  auto [other_cookie, other_csrf] = SignIn();
  auto replayed = Exchange(server_.port(), RawRequest("DELETE", "/api/v1/session",
                                                      {"Cookie: " + cookie, "X-CSRF-Token: " + other_csrf}));
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->status, 403);

  auto out = Exchange(server_.port(), RawRequest("DELETE", "/api/v1/session",
                                                 {"Cookie: " + cookie, "X-CSRF-Token: " + csrf}));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->Header("set-cookie").find("Max-Age=0"), std::string_view::npos);
  auto after = Exchange(server_.port(), RawRequest("GET", "/api/v1/session", {"Cookie: " + cookie}));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  // The other session is untouched.
  auto still = Exchange(server_.port(), RawRequest("GET", "/api/v1/session", {"Cookie: " + other_cookie}));
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
}

TEST_F(AuthApiTest, PasswordChangeFollowsThePolicy) {
  auto [cookie, csrf] = SignIn();
  const std::vector<std::string> h = {"Cookie: " + cookie, "X-CSRF-Token: " + csrf,
                                      "Content-Type: application/json"};
  auto weak = Exchange(server_.port(), RawRequest("POST", "/api/v1/session/password", h,
                                                  R"({"oldPassword":"Gjj@2026pw","newPassword":"abc"})"));
  ASSERT_TRUE(weak);
  EXPECT_EQ(weak->status, 422);
  EXPECT_EQ(json::parse(weak->body).at("field").as_string(), "password");
  auto ok = Exchange(server_.port(), RawRequest("POST", "/api/v1/session/password", h,
                                                R"({"oldPassword":"Gjj@2026pw","newPassword":"New#2026pw"})"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204) << ok->body;
  auto old_session = Exchange(server_.port(), RawRequest("GET", "/api/v1/session", {"Cookie: " + cookie}));
  ASSERT_TRUE(old_session);
  EXPECT_EQ(old_session->status, 401);
}

TEST_F(AuthApiTest, GarbageCookiesAreJust401) {
  for (const char* c : {"sx_session=", "sx_session=%00%ff", "other=1", "sx_session"}) {
    auto r = Exchange(server_.port(), RawRequest("GET", "/api/v1/session", {std::string("Cookie: ") + c}));
    ASSERT_TRUE(r) << c;
    EXPECT_EQ(r->status, 401) << c;
  }
  auto none = Exchange(server_.port(), RawRequest("GET", "/api/v1/session"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
}

}  // namespace
}  // namespace sx::testing
