// The server end to end over real sockets: routes, limits, timeouts, connection limit, graceful
// shutdown. Bad input must come back as a problem+json a person can act on, and must never stop
// the server from serving the next client.
#include "http/server.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"

namespace sx::testing {
namespace {

namespace json = boost::json;

const std::string kJson = "Content-Type: application/json";

std::string NewAgencyBody(std::string_view code, std::string_view name) {
  return json::serialize(json::object{
      {"code", code},
      {"name", name},
      {"standing", "法定"},
      {"legalBasis", "《劳动保障监察条例》第十一条"},
      {"departments", json::array{"劳动保障监察支队", "政策法规科"}},
      {"leaders", json::array{json::object{{"name", "赵志强"}, {"title", "局长"}}}},
  });
}

const std::string kNewAgency = NewAgencyBody("zzrs", "郑州市人力资源和社会保障局");

// Checks the RFC 9457 shape and returns the parsed body.
json::object ExpectProblem(const HttpResponse& res, int status, std::string_view slug) {
  EXPECT_EQ(res.status, status) << res.body;
  EXPECT_EQ(res.Header("content-type"), "application/problem+json");
  json::error_code ec;
  json::value v = json::parse(res.body, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "problem body is not a JSON object: " << res.body;
    return {};
  }
  json::object o = v.as_object();
  EXPECT_EQ(o["type"], json::value(fmt::format("/problems/{}", slug))) << res.body;
  EXPECT_EQ(o["status"], json::value(status));
  EXPECT_TRUE(o["title"].is_string());
  const json::string* detail = o["detail"].if_string();
  EXPECT_TRUE(detail && HasChinese(*detail)) << "detail should be in Chinese: " << res.body;
  // The id to quote to support is the one in the header.
  EXPECT_EQ(o["requestId"], json::value(res.Header("x-request-id"))) << res.body;
  return o;
}

// A new connection still gets a healthy answer.
void ExpectStillServing(std::uint16_t port) {
  std::string error;
  auto res = Exchange(port, RawRequest("GET", "/healthz"), false, &error);
  ASSERT_TRUE(res) << error;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"status":"ok"})");
}

json::value ParseBody(const HttpResponse& res) {
  json::error_code ec;
  json::value v = json::parse(res.body, ec);
  EXPECT_FALSE(ec) << res.body;
  return v;
}

std::vector<std::string> AgencyCodes(std::uint16_t port) {
  std::vector<std::string> codes;
  auto res = Exchange(port, RawRequest("GET", "/api/v1/public/agencies"));
  if (!res || res->status != 200) {
    ADD_FAILURE() << "agency list failed";
    return codes;
  }
  json::value v = ParseBody(*res);
  for (const auto& a : v.at("items").as_array()) {
    codes.emplace_back(a.at("code").as_string());
  }
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Bad requests: one table, each case on a fresh server and again all together on one server.

struct BadCase {
  std::string name;
  std::string raw;
  int status;
  std::string slug;
  std::string header = {};        // a header the answer must carry (lower case)
  std::string header_value = {};  // its value, or empty to accept any
  std::string field = {};         // the problem's `field`, when it names one
};

// Names the case in test listings (ctest shows the parameter).
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

std::string Chunked(std::size_t chunks, std::size_t chunk_size) {
  std::string out;
  for (std::size_t i = 0; i < chunks; ++i) {
    out += fmt::format("{:x}\r\n{}\r\n", chunk_size, std::string(chunk_size, 'a'));
  }
  return out + "0\r\n\r\n";
}

std::vector<BadCase> BadCases() {
  const std::string departments = "/api/v1/agencies/1/departments";
  return {
      {"UnknownRoute", RawRequest("GET", "/api/v1/nope"), 404, "not-found"},
      {"UnknownAgency", RawRequest("GET", "/api/v1/public/agencies/999"), 404, "not-found"},
      {"WrongMethod", RawRequest("DELETE", "/healthz"), 405, "method-not-allowed", "allow",
       "GET, HEAD"},
      {"WrongMethodOnPostRoute", RawRequest("GET", "/api/v1/agencies"), 405, "method-not-allowed",
       "allow", "POST"},
      {"MalformedRequestLine", "this is not http\r\n\r\n", 400, "bad-request"},
      {"MissingVersion", "GET /healthz\r\nHost: x\r\n\r\n", 400, "bad-request"},
      {"AbsoluteFormTarget", RawRequest("GET", "http://example.com/healthz"), 400, "bad-request"},
      {"BadPercentEncoding", RawRequest("GET", "/api/v1/%zz"), 400, "bad-request"},
      {"ContentLengthNotANumber",
       RawRequest("POST", "/api/v1/agencies",
                  {kBureauAdminCookie, kBureauAdminCsrf, kJson, "Content-Length: abc"}, "{}"),
       400, "bad-request"},
      {"ContentLengthNegative",
       RawRequest("POST", "/api/v1/agencies",
                  {kBureauAdminCookie, kBureauAdminCsrf, kJson, "Content-Length: -5"}, "{}"),
       400, "bad-request"},
      {"DeclaredBodyOverRouteLimit",
       RawRequest("POST", departments, {kCenterAdminCookie, kCenterAdminCsrf, kJson},
                  std::string(5000, ' ')),
       413, "body-too-large"},
      {"ChunkedBodyOverRouteLimit",
       RawRequest("POST", departments,
                  {kCenterAdminCookie, kCenterAdminCsrf, kJson, "Transfer-Encoding: chunked"},
                  Chunked(5, 1000)),
       413, "body-too-large"},
      {"HeaderOver16KiB",
       RawRequest("GET", "/healthz", {"X-Padding: " + std::string(std::size_t{17} * 1024, 'h')}),
       431, "header-too-large"},
      {"InvalidJson",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                  "{\"code\":"),
       400, "invalid-json"},
      {"JsonNotAnObject",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                  "[1,2]"),
       400, "invalid-json"},
      {"InvalidUtf8",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                  "{\"code\":\"\xff\xfe\"}"),
       400, "invalid-utf8"},
      {"WrongContentType",
       RawRequest("POST", "/api/v1/agencies",
                  {kBureauAdminCookie, kBureauAdminCsrf, "Content-Type: text/plain"}, kNewAgency),
       415, "unsupported-media-type"},
      {"NotSignedIn", RawRequest("POST", "/api/v1/agencies", {kJson}, kNewAgency), 401,
       "unauthorized"},
      {"UnknownSession",
       RawRequest("POST", "/api/v1/agencies",
                  {"Cookie: sx_session=forged", kBureauAdminCsrf, kJson}, kNewAgency),
       401, "unauthorized"},
      {"MissingCsrfToken",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kJson}, kNewAgency), 403,
       "csrf"},
      {"AnotherSessionsCsrfToken",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kCenterAdminCsrf, kJson},
                  kNewAgency),
       403, "csrf"},
      {"NotABearerToken",
       RawRequest("POST", "/api/v1/agencies", {"Authorization: Basic YTpi", kJson}, kNewAgency),
       401, "unauthorized", "www-authenticate", "Bearer"},
      {"WrongToken",
       RawRequest("POST", "/api/v1/agencies", {"Authorization: Bearer sxt_nope", kJson},
                  kNewAgency),
       401, "unauthorized", "www-authenticate", "Bearer error=\"invalid_token\""},
      {"AgencyAdminCannotOpenAgencies",
       RawRequest("POST", "/api/v1/agencies", {kCenterAdminCookie, kCenterAdminCsrf, kJson},
                  kNewAgency),
       403, "forbidden"},
      {"OtherAgencysDepartments",
       RawRequest("POST", "/api/v1/agencies/2/departments",  // the bureau's, not the center's
                  {kCenterAdminCookie, kCenterAdminCsrf, kJson}, R"({"name":"稽查科"})"),
       403, "forbidden"},
      {"InvalidCode",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                  NewAgencyBody("Bad Code!", "某某局")),
       422, "invalid-input", "", "", "code"},
      {"MissingName",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                  R"({"code":"abc","standing":"法定","legalBasis":"x"})"),
       422, "invalid-input", "", "", "name"},
      {"LeadersNotObjects",
       RawRequest(
           "POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
           R"({"code":"abc","name":"某某局","standing":"法定","legalBasis":"x","leaders":["张三"]})"),
       422, "invalid-input", "", "", "leaders"},
      {"UnknownStanding",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                  R"({"code":"abc","name":"某某局","standing":"自封","legalBasis":"x"})"),
       422, "invalid-input", "", "", "standing"},
      {"DuplicateOfDemoAgency",
       RawRequest("POST", "/api/v1/agencies", {kBureauAdminCookie, kBureauAdminCsrf, kJson},
                  NewAgencyBody("zzgjj", "郑州住房公积金管理中心")),
       409, "conflict"},
  };
}

class BadRequestTest : public ::testing::TestWithParam<BadCase> {};

void ExpectBadCase(std::uint16_t port, const BadCase& c) {
  SCOPED_TRACE(c.name);
  std::string error;
  auto res = Exchange(port, c.raw, false, &error);
  ASSERT_TRUE(res) << error;
  json::object problem = ExpectProblem(*res, c.status, c.slug);
  if (!c.header.empty()) {
    ASSERT_TRUE(res->HasHeader(c.header)) << c.header;
    if (!c.header_value.empty()) {
      EXPECT_EQ(res->Header(c.header), c.header_value);
    }
  }
  if (!c.field.empty()) {
    EXPECT_EQ(problem["field"], json::value(c.field));
  }
}

TEST_P(BadRequestTest, AnswersWithProblemAndKeepsServing) {
  TestServer server;
  ExpectBadCase(server.port(), GetParam());
  ExpectStillServing(server.port());
}

INSTANTIATE_TEST_SUITE_P(Table, BadRequestTest, ::testing::ValuesIn(BadCases()),
                         [](const auto& info) { return info.param.name; });

TEST(ServerTest, NothingStoredIsLostAfterBadRequests) {
  TestServer server;
  auto created = Exchange(server.port(),
                          RawRequest("POST", "/api/v1/agencies",
                                     {kBureauAdminCookie, kBureauAdminCsrf, kJson}, kNewAgency));
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  for (const auto& c : BadCases()) ExpectBadCase(server.port(), c);
  ExpectStillServing(server.port());
  EXPECT_EQ(AgencyCodes(server.port()), (std::vector<std::string>{"zzgjj", "zzrs"}));
}

// ---------------------------------------------------------------------------------------------
// Routes that work.

TEST(ServerTest, HealthzAnswersWithRequestId) {
  TestServer server;
  auto res = Exchange(server.port(), RawRequest("GET", "/healthz"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("content-type"), "application/json");
  EXPECT_EQ(res->body, R"({"status":"ok"})");
  EXPECT_FALSE(res->Header("x-request-id").empty());
  EXPECT_EQ(res->Header("x-content-type-options"), "nosniff");
}

TEST(ServerTest, WellFormedRequestIdIsEchoed) {
  TestServer server;
  auto res = Exchange(server.port(), RawRequest("GET", "/healthz", {"X-Request-Id: trace-42_a.b"}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("x-request-id"), "trace-42_a.b");
}

TEST(ServerTest, MalformedRequestIdIsReplaced) {
  TestServer server;
  for (const std::string& bad :
       {std::string("<script>"), std::string("a b"), std::string(65, 'x')}) {
    SCOPED_TRACE(bad);
    auto res = Exchange(server.port(), RawRequest("GET", "/healthz", {"X-Request-Id: " + bad}));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    const auto id = res->Header("x-request-id");
    EXPECT_NE(id, bad);
    EXPECT_FALSE(id.empty());
    EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), id.npos) << id;
  }
}

TEST(ServerTest, RequestIdsAreUnique) {
  TestServer server;
  Connection c(server.port());
  ASSERT_TRUE(c.Send(RawRequest("GET", "/healthz") + RawRequest("GET", "/healthz")));
  auto a = c.Read();
  auto b = c.Read();
  ASSERT_TRUE(a && b) << c.error();
  EXPECT_NE(a->Header("x-request-id"), b->Header("x-request-id"));
}

TEST(ServerTest, HeadHealthzHasLengthButNoBody) {
  TestServer server;
  Connection c(server.port());
  ASSERT_TRUE(c.Send(RawRequest("HEAD", "/healthz", {"Connection: close"})));
  auto res = c.Read(/*head_request=*/true);
  ASSERT_TRUE(res) << c.error();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("content-length"), "15");  // {"status":"ok"}
  EXPECT_EQ(res->Header("content-type"), "application/json");
  EXPECT_EQ(c.WaitForClose(), Connection::End::kClosed);
  EXPECT_EQ(c.unread(), "") << "HEAD response carried a body";
}

TEST(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server;
  Connection c(server.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(RawRequest("GET", "/healthz")));
    auto res = c.Read();
    ASSERT_TRUE(res) << c.error();
    EXPECT_EQ(res->status, 200);
  }
}

TEST(ServerTest, CreateAgencyThenReadItBack) {
  TestServer server;
  auto res = Exchange(server.port(),
                      RawRequest("POST", "/api/v1/agencies",
                                 {kBureauAdminCookie, kBureauAdminCsrf, kJson}, kNewAgency));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(res->Header("content-type"), "application/json");
  json::value created = ParseBody(*res);
  const std::int64_t id = created.at("id").as_int64();
  EXPECT_EQ(res->Header("location"), fmt::format("/api/v1/public/agencies/{}", id));
  EXPECT_EQ(created.at("code"), "zzrs");
  EXPECT_EQ(created.at("standing"), "法定");
  EXPECT_EQ(created.at("createdAt"), "2026-01-05T00:00:00.000Z");

  auto one = Exchange(server.port(), RawRequest("GET", std::string(res->Header("location"))));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200) << one->body;
  json::value got = ParseBody(*one);
  EXPECT_EQ(got.at("name"), "郑州市人力资源和社会保障局");
  ASSERT_EQ(got.at("departments").as_array().size(), 2u);
  EXPECT_EQ(got.at("departments").as_array()[0].at("name"), "劳动保障监察支队");
  EXPECT_EQ(got.at("leaders").as_array().at(0).at("title"), "局长");

  EXPECT_EQ(AgencyCodes(server.port()), (std::vector<std::string>{"zzgjj", "zzrs"}));

  auto again = Exchange(server.port(),
                        RawRequest("POST", "/api/v1/agencies",
                                   {kBureauAdminCookie, kBureauAdminCsrf, kJson}, kNewAgency));
  ASSERT_TRUE(again);
  ExpectProblem(*again, 409, "conflict");
  EXPECT_EQ(AgencyCodes(server.port()), (std::vector<std::string>{"zzgjj", "zzrs"}));
}

TEST(ServerTest, AddDepartmentWithinLimit) {
  TestServer server;
  auto res = Exchange(server.port(), RawRequest("POST", "/api/v1/agencies/1/departments",
                                                {kCenterAdminCookie, kCenterAdminCsrf, kJson},
                                                R"({"name":"稽查科"})"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(ParseBody(*res).at("name"), "稽查科");
}

TEST(ServerTest, ChunkedBodyWithinLimitIsAccepted) {
  TestServer server;
  const std::string body = R"({"name":"法制审核科"})";
  const std::string chunked = fmt::format("{:x}\r\n{}\r\n0\r\n\r\n", body.size(), body);
  auto res = Exchange(server.port(), RawRequest("POST", "/api/v1/agencies/1/departments",
                                                {kCenterAdminCookie, kCenterAdminCsrf, kJson,
                                                 "Transfer-Encoding: chunked"},
                                                chunked));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
}

TEST(ServerTest, MetricsCountRequestsAndShowThePool) {
  TestServer server;
  Connection c(server.port());
  // One connection: the server records a request before it reads the next one.
  ASSERT_TRUE(c.Send(RawRequest("GET", "/healthz")));
  auto health = c.Read();
  ASSERT_TRUE(health) << c.error();
  ASSERT_TRUE(c.Send(RawRequest("GET", "/metrics")));
  auto res = c.Read();
  ASSERT_TRUE(res) << c.error();
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(res->Header("content-type").starts_with("text/plain; version=0.0.4"));
  EXPECT_NE(
      res->body.find(
          "sanxiang_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1\n"),
      std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("sanxiang_db_pool_connections"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("sanxiang_http_connections 1\n"), std::string::npos) << res->body;
}

TEST(ServerTest, ReadyWhenDatabaseAnswers) {
  TestServer server;
  auto res = Exchange(server.port(), RawRequest("GET", "/readyz"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"status":"ready","database":"ok"})");
}

// The real database for everything but Ping, which fails as if the server were unreachable.
class UnreachableDatabase final : public store::Database {
 public:
  explicit UnreachableDatabase(store::Database& real) : real_(real) {}
  store::Dialect dialect() const override { return real_.dialect(); }
  Status Read(const std::function<Status(store::Tx&)>& fn) override { return real_.Read(fn); }
  Status Write(const std::function<Status(store::Tx&)>& fn) override { return real_.Write(fn); }
  Status WithMigrationLock(const std::function<Status(store::Tx&)>& fn) override {
    return real_.WithMigrationLock(fn);
  }
  Status Ping() override { return Status::Unavailable("无法连接数据库服务器(测试注入)"); }
  store::PoolStats Stats() const override { return real_.Stats(); }
  std::string Describe() const override { return "unreachable"; }

 private:
  store::Database& real_;
};

TEST(ServerTest, NotReadyWhenDatabasePingFails) {
  TestServerOptions o;
  o.wrap_db = [](store::Database& real) { return std::make_unique<UnreachableDatabase>(real); };
  TestServer server(o);
  auto res = Exchange(server.port(), RawRequest("GET", "/readyz"));
  ASSERT_TRUE(res);
  ExpectProblem(*res, 503, "not-ready");
  ExpectStillServing(server.port());
}

TEST(ServerTest, OpenApiIsJsonWithThePublicPaths) {
  TestServer server;
  auto res = Exchange(server.port(), RawRequest("GET", "/api/v1/openapi.json"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Header("content-type"), "application/json");
  json::error_code ec;
  json::value v = json::parse(res->body, ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_TRUE(v.is_object());
  EXPECT_TRUE(v.as_object().contains("openapi"));
  const json::object* paths = v.as_object().at("paths").if_object();
  ASSERT_NE(paths, nullptr);
  EXPECT_TRUE(paths->contains("/api/v1/public/agencies"));
  // No value is null: an unquoted comma in a flow-style description splits it into a null key.
  std::function<void(const json::value&, const std::string&)> walk = [&](const json::value& x,
                                                                         const std::string& at) {
    if (const auto* o = x.if_object()) {
      for (const auto& [k, child] : *o) {
        EXPECT_FALSE(child.is_null()) << at << "/" << std::string(k);
        walk(child, at + "/" + std::string(k));
      }
    } else if (const auto* a = x.if_array()) {
      for (const auto& child : *a) walk(child, at + "[]");
    }
  };
  walk(v, "");
}

// ---------------------------------------------------------------------------------------------
// Slow and idle clients: the server ends the connection on its own.

// The client's view and the server's counters, for a connection that did not end as expected.
std::string Why(const Connection& c, TestServer& server) {
  return c.error() + "\n" + server.metrics().Render();
}

TEST(ServerTimeoutTest, SlowHeaderIsCutOff) {
  TestServerOptions o;
  o.server.header_timeout = std::chrono::milliseconds(300);
  TestServer server(o);
  const auto start = std::chrono::steady_clock::now();
  Connection c(server.port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));  // never finished
  EXPECT_EQ(c.WaitForClose(), Connection::End::kClosed) << Why(c, server);
  EXPECT_GE(std::chrono::steady_clock::now() - start, o.server.header_timeout);
  ExpectStillServing(server.port());
}

TEST(ServerTimeoutTest, SlowBodyIsCutOff) {
  TestServerOptions o;
  o.server.body_timeout = std::chrono::milliseconds(300);
  TestServer server(o);
  Connection c(server.port());
  ASSERT_TRUE(c.Send(RawRequest(
      "POST", "/api/v1/agencies/1/departments",
      {kBureauAdminCookie, kBureauAdminCsrf, kJson, "Content-Length: 100"}, R"({"name":)")));
  EXPECT_EQ(c.WaitForClose(), Connection::End::kClosed) << Why(c, server);
  ExpectStillServing(server.port());
}

TEST(ServerTimeoutTest, IdleKeepAliveConnectionIsClosed) {
  TestServerOptions o;
  o.server.header_timeout = std::chrono::milliseconds(300);
  TestServer server(o);
  Connection c(server.port());
  ASSERT_TRUE(c.Send(RawRequest("GET", "/healthz")));
  auto res = c.Read();
  ASSERT_TRUE(res) << c.error();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(c.WaitForClose(), Connection::End::kClosed) << Why(c, server);
}

// ---------------------------------------------------------------------------------------------
// Connection limit.

TEST(ServerTest, ConnectionsOverTheLimitGet503) {
  TestServerOptions o;
  o.server.max_connections = 2;
  TestServer server(o);
  Connection a(server.port());
  Connection b(server.port());
  for (Connection* c : {&a, &b}) {
    ASSERT_TRUE(c->Send(RawRequest("GET", "/healthz")));
    auto res = c->Read();
    ASSERT_TRUE(res) << c->error();
    EXPECT_EQ(res->status, 200);  // accepted, and still open (keep-alive)
  }
  std::string error;
  auto third = Exchange(server.port(), RawRequest("GET", "/healthz"), false, &error);
  ASSERT_TRUE(third) << error;
  ExpectProblem(*third, 503, "too-many-connections");
  EXPECT_EQ(third->Header("retry-after"), "1");

  // The two accepted clients are still served.
  ASSERT_TRUE(a.Send(RawRequest("GET", "/healthz", {"Connection: close"})));
  auto res = a.Read();
  ASSERT_TRUE(res) << a.error();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(a.WaitForClose(), Connection::End::kClosed);

  // Once the server has counted `a` out, a new client gets in. That happens just after `a` sees
  // the close, so try until it does; every attempt waits for the server's answer.
  int status = 0;
  for (int attempt = 0; attempt < 1000 && status != 200; ++attempt) {
    auto r = Exchange(server.port(), RawRequest("GET", "/healthz"));
    ASSERT_TRUE(r);
    status = r->status;
    if (status != 200) {
      ExpectProblem(*r, 503, "too-many-connections");
    }
  }
  EXPECT_EQ(status, 200);
}

// ---------------------------------------------------------------------------------------------
// Large bodies and file bodies.

// `n` bytes that differ from one position to the next (so an offset error shows).
std::string Bytes(std::size_t n, std::size_t seed = 0) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<char>((i + seed) * 2654435761u >> 13);
  }
  return out;
}

// A declared body is read straight into the request; bytes that follow it on the connection (a
// pipelined request) stay for the next request.
TEST(ServerBodyTest, LargeBodyArrivesWholeAndPipelinedRequestStaysInStep) {
  TestServerOptions o;
  o.extra_routes = [](http::Router& r) {
    r.Add("POST", "/test/echo",
          [](const http::Request& req) {
            http::Response res;
            res.content_type = "application/octet-stream";
            res.body = req.body;
            return res;
          },
          {.max_body = 4 << 20, .blocking = true});
  };
  TestServer server(o);
  const std::string big = Bytes(3 << 20, 7);
  const std::string small = "small body";
  Connection c(server.port());
  ASSERT_TRUE(c.Send(RawRequest("POST", "/test/echo", {}, big) +
                     RawRequest("POST", "/test/echo", {}, small)));
  auto first = c.Read();
  ASSERT_TRUE(first) << c.error();
  EXPECT_EQ(first->status, 200);
  EXPECT_TRUE(first->body == big) << "body of " << first->body.size() << " bytes differs";
  auto second = c.Read();
  ASSERT_TRUE(second) << c.error();
  EXPECT_EQ(second->body, small);
}

class ServerFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    content_ = Bytes(20 << 20, 3);
    path_ = dir_.path() + "/file.bin";
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(content_.data(), 1, content_.size(), f), content_.size());
    std::fclose(f);
    TestServerOptions o;
    o.extra_routes = [this](http::Router& r) {
      r.Add("GET", "/test/file", [this](const http::Request& req) {
        http::Response res;
        res.content_type = "application/octet-stream";
        const auto offset = QueryInt(req, "offset", 0);
        const auto length = QueryInt(req, "length", static_cast<std::int64_t>(content_.size()));
        const auto name = req.query.size() > 0 && req.query[0].first == "name"
                              ? req.query[0].second
                              : std::string("file.bin");
        res.file = http::FileBody{dir_.path() + "/" + name, offset, length};
        return res;
      });
    };
    server_ = std::make_unique<TestServer>(o);
  }

  static std::int64_t QueryInt(const http::Request& req, std::string_view key, std::int64_t def) {
    for (const auto& [k, v] : req.query) {
      if (k == key) return std::stoll(v);
    }
    return def;
  }

  TempDir dir_;
  std::string content_;
  std::string path_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(ServerFileTest, StreamsTheWholeFileARangeAndHeadersOnlyForHead) {
  Connection c(server_->port());  // one keep-alive connection for all three
  ASSERT_TRUE(c.Send(RawRequest("GET", "/test/file")));
  auto whole = c.Read();
  ASSERT_TRUE(whole) << c.error();
  EXPECT_EQ(whole->status, 200);
  EXPECT_EQ(whole->Header("content-length"), std::to_string(content_.size()));
  EXPECT_EQ(whole->Header("content-type"), "application/octet-stream");
  EXPECT_FALSE(whole->Header("x-request-id").empty());
  EXPECT_TRUE(whole->body == content_) << "body of " << whole->body.size() << " bytes differs";

  const std::int64_t offset = (5 << 20) + 17, length = (3 << 20) + 5;
  ASSERT_TRUE(
      c.Send(RawRequest("GET", fmt::format("/test/file?offset={}&length={}", offset, length))));
  auto part = c.Read();
  ASSERT_TRUE(part) << c.error();
  EXPECT_EQ(part->status, 200);
  EXPECT_TRUE(part->body == content_.substr(offset, length));

  ASSERT_TRUE(c.Send(RawRequest("HEAD", "/test/file")));
  auto head = c.Read(true);
  ASSERT_TRUE(head) << c.error();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), std::to_string(content_.size()));
  EXPECT_TRUE(head->body.empty());
  // Nothing followed the headers: the connection still answers in step.
  ASSERT_TRUE(c.Send(RawRequest("GET", "/test/file?offset=0&length=0")));
  auto empty = c.Read();
  ASSERT_TRUE(empty) << c.error();
  EXPECT_EQ(empty->status, 200);
  EXPECT_TRUE(empty->body.empty());
}

TEST_F(ServerFileTest, MissingOrShortFileIsAProblemAndTheServerKeepsServing) {
  std::string error;
  auto missing =
      Exchange(server_->port(), RawRequest("GET", "/test/file?name=gone.bin"), false, &error);
  ASSERT_TRUE(missing) << error;
  ExpectProblem(*missing, 404, "not-found");
  auto head =
      Exchange(server_->port(), RawRequest("HEAD", "/test/file?name=gone.bin"), true, &error);
  ASSERT_TRUE(head) << error;
  EXPECT_EQ(head->status, 404);
  auto beyond =
      Exchange(server_->port(),
               RawRequest("GET", fmt::format("/test/file?offset={}&length=2", content_.size() - 1)),
               false, &error);
  ASSERT_TRUE(beyond) << error;
  ExpectProblem(*beyond, 500, "internal");
  ExpectStillServing(server_->port());
}

// Graceful shutdown.

TEST(ServerShutdownTest, InFlightRequestFinishesAndListenerCloses) {
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  TestServerOptions o;
  o.extra_routes = [&](http::Router& r) {
    r.Add("GET", "/test/slow", [&](const http::Request&) {
      started.set_value();
      released.wait();
      http::Response res;
      res.body = R"({"slow":"done"})";
      return res;
    });
  };
  TestServer server(o);
  const std::uint16_t port = server.port();

  Connection c(port);
  ASSERT_TRUE(c.Send(RawRequest("GET", "/test/slow")));  // HTTP/1.1: asks for keep-alive
  started.get_future().wait();
  server.server().Shutdown();

  // Shutdown() only posts; wait until the listener is closed. Every probe is answered by the
  // kernel (accepted, reset while the listener closes, or refused), none sleeps.
  int refused_errno = 0;
  for (int attempt = 0; attempt < 100000 && refused_errno != ECONNREFUSED; ++attempt) {
    Connection probe(port);
    if (!probe.connected()) refused_errno = probe.connect_errno();
  }
  EXPECT_EQ(refused_errno, ECONNREFUSED);

  release.set_value();
  auto res = c.Read();
  ASSERT_TRUE(res) << c.error();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"slow":"done"})");
  EXPECT_EQ(res->Header("connection"), "close");  // draining: no keep-alive
  EXPECT_EQ(c.WaitForClose(), Connection::End::kClosed);

  server.Join();  // Run() returns once the in-flight request is done

  Connection after(port);
  EXPECT_FALSE(after.connected());
  EXPECT_EQ(after.connect_errno(), ECONNREFUSED);
}

TEST(ServerShutdownTest, IdleConnectionsDoNotDelayShutdown) {
  TestServer server;  // 5 s idle timeout, 5 s grace: neither may be what ends Run()
  Connection idle(server.port());
  ASSERT_TRUE(idle.Send(RawRequest("GET", "/healthz")));
  auto res = idle.Read();
  ASSERT_TRUE(res) << idle.error();
  const auto start = std::chrono::steady_clock::now();
  server.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(idle.WaitForClose(), Connection::End::kClosed);
}

TEST(ServerListenTest, FailsOnAPortInUse) {
  TestServer first;
  http::Metrics metrics;
  http::Router router;
  http::ServerOptions so = TestServerOptions::Defaults();
  so.port = first.port();
  http::Server second(so, router, metrics);
  Status st = second.Listen();
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_TRUE(HasChinese(st.message())) << st.message();
}

}  // namespace
}  // namespace sx::testing
