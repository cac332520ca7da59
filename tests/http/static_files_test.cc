#include "http/static_files.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "http/test_client.h"

namespace sx::http {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using sx::testing::HasChinese;

const std::string kIndex = "<!doctype html><title>三项制度</title><div id=app></div>";
const std::string kApp = "console.log('sanxiang');";

// A built web app in a fresh temporary directory, removed afterwards.
class WebRoot {
 public:
  WebRoot() {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() / fmt::format("sx-web-{}-{}", getpid(), counter++);
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "assets");
    Write("index.html", kIndex);
    Write("assets/app-abc123.js", kApp);
    Write("favicon.ico", "ico");
  }
  ~WebRoot() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const fs::path& path() const { return dir_; }

 private:
  void Write(const std::string& rel, const std::string& body) {
    std::ofstream(dir_ / rel, std::ios::binary) << body;
  }
  fs::path dir_;
};

Request Get(std::string path, std::string if_none_match = {}) {
  Request r;
  r.method = "GET";
  r.target = path;
  r.path = std::move(path);
  r.request_id = "test-1";
  if (!if_none_match.empty()) r.headers.emplace_back("if-none-match", std::move(if_none_match));
  return r;
}

void ExpectProblem(const Response& r, int status, std::string_view slug) {
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.content_type, "application/problem+json");
  json::value v = json::parse(r.body);
  EXPECT_EQ(v.at("type"), json::value(fmt::format("/problems/{}", slug)));
  EXPECT_TRUE(HasChinese(v.at("detail").as_string())) << r.body;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  WebRoot root_;
  StaticFiles web_{root_.path()};
};

TEST_F(StaticFilesTest, LoadsEveryFile) { EXPECT_EQ(web_.size(), 3u); }

TEST_F(StaticFilesTest, RootServesIndexRevalidated) {
  Response r = web_.Serve(Get("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kIndex);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");
  const auto etag = r.Header("ETag");
  EXPECT_TRUE(etag.size() > 2 && etag.front() == '"' && etag.back() == '"') << etag;
  EXPECT_EQ(web_.Serve(Get("/index.html")).Header("ETag"), etag);
}

TEST_F(StaticFilesTest, HashedAssetIsImmutable) {
  Response r = web_.Serve(Get("/assets/app-abc123.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kApp);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_NE(r.Header("ETag"), web_.Serve(Get("/")).Header("ETag"));
}

TEST_F(StaticFilesTest, OtherFilesAreRevalidated) {
  Response r = web_.Serve(Get("/favicon.ico"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "image/x-icon");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, MatchingEtagIsNotModified) {
  const std::string etag(web_.Serve(Get("/assets/app-abc123.js")).Header("ETag"));
  for (const std::string& header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    SCOPED_TRACE(header);
    Response r = web_.Serve(Get("/assets/app-abc123.js", header));
    EXPECT_EQ(r.status, 304);
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.Header("ETag"), etag);
  }
  EXPECT_EQ(web_.Serve(Get("/assets/app-abc123.js", "\"other\"")).status, 200);
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndex) {
  for (const char* path : {"/work/cases", "/work/cases/12", "/login"}) {
    SCOPED_TRACE(path);
    Response r = web_.Serve(Get(path));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, kIndex);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  }
}

TEST_F(StaticFilesTest, MissingAssetIsNotFound) {
  ExpectProblem(web_.Serve(Get("/assets/missing.js")), 404, "not-found");
  ExpectProblem(web_.Serve(Get("/assets/no-extension")), 404, "not-found");
  ExpectProblem(web_.Serve(Get("/robots.txt")), 404, "not-found");
}

TEST_F(StaticFilesTest, ApiPathsNeverGetIndex) {
  for (const char* path : {"/api/v1/nope", "/api", "/api/", "/log/entries"}) {
    SCOPED_TRACE(path);
    ExpectProblem(web_.Serve(Get(path)), 404, "not-found");
  }
}

TEST(StaticFilesMissingTest, AppRoutesExplainHowToBuild) {
  StaticFiles web(fs::temp_directory_path() / fmt::format("sx-web-missing-{}", getpid()));
  EXPECT_EQ(web.size(), 0u);
  for (const char* path : {"/", "/work/cases"}) {
    SCOPED_TRACE(path);
    Response r = web.Serve(Get(path));
    ExpectProblem(r, 503, "web-not-built");
    EXPECT_NE(r.body.find("make build"), std::string::npos) << r.body;
  }
  ExpectProblem(web.Serve(Get("/assets/app.js")), 404, "not-found");
  ExpectProblem(web.Serve(Get("/api/v1/nope")), 404, "not-found");
}

// Through the server: the fallback serves GET and HEAD only, and never hides an API 404.
TEST(StaticFilesServerTest, ServedAsFallback) {
  WebRoot root;
  StaticFiles web(root.path());
  sx::testing::TestServerOptions o;
  o.web = &web;
  sx::testing::TestServer server(o);
  using sx::testing::Exchange;
  using sx::testing::RawRequest;

  auto index = Exchange(server.port(), RawRequest("GET", "/work/cases?tab=open"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, kIndex);
  EXPECT_EQ(index->Header("content-type"), "text/html; charset=utf-8");

  const std::string etag(index->Header("etag"));
  auto cached = Exchange(server.port(), RawRequest("GET", "/", {"If-None-Match: " + etag}));
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 304);
  EXPECT_EQ(cached->body, "");

  auto head = Exchange(server.port(), RawRequest("HEAD", "/assets/app-abc123.js"), true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), std::to_string(kApp.size()));

  auto api = Exchange(server.port(), RawRequest("GET", "/api/v1/nope"));
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->Header("content-type"), "application/problem+json");

  auto post = Exchange(server.port(), RawRequest("POST", "/work/cases", {}, "x"));
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 404);
}

}  // namespace
}  // namespace sx::http
