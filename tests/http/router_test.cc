#include "http/router.h"

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sx::http {
namespace {

Handler Named(const std::string& name) {
  return [name](const Request&) {
    Response r;
    r.body = name;
    return r;
  };
}

// Which handler a match would run, or "" when none.
std::string HandlerOf(const Router::Match& m) {
  if (!m.route) return "";
  return m.route->handler(Request{}).body;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add("GET", "/healthz", Named("healthz"));
    router_.Add("GET", "/api/v1/public/agencies", Named("list"));
    router_.Add("GET", "/api/v1/public/agencies/{id:int}", Named("get"));
    router_.Add("POST", "/api/v1/agencies", Named("create"));
    router_.Add("POST", "/api/v1/agencies/{id:int}/departments", Named("add-department"));
    router_.Add("DELETE", "/api/v1/agencies/{id:int}/departments", Named("drop-departments"));
    router_.Add("GET", "/files/{name}", Named("file"));
  }
  Router router_;
};

struct IntParamCase {
  const char* segment;
  bool matches;
};

void PrintTo(const IntParamCase& c, std::ostream* os) {
  *os << '"' << c.segment << (c.matches ? "\" matches" : "\" does not match");
}

class IntParamTest : public RouterTest, public ::testing::WithParamInterface<IntParamCase> {};

// {id:int} is a positive decimal without leading zeros: ids in URLs have one spelling.
const IntParamCase kIntParamCases[] = {
    {"12", true},   {"1", true},   {"999999999999999999", true},
    {"abc", false}, {"0", false},  {"01", false},
    {"-1", false},  {"+1", false}, {"1.5", false},
    {"12a", false}, {" 1", false}, {"1000000000000000000", false},  // 19 digits
};

TEST_P(IntParamTest, MatchesOnlyCanonicalPositiveIntegers) {
  const auto& c = GetParam();
  auto m = router_.Find("GET", std::string("/api/v1/public/agencies/") + c.segment);
  if (c.matches) {
    ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
    EXPECT_EQ(HandlerOf(m), "get");
    ASSERT_EQ(m.params.size(), 1u);
    EXPECT_EQ(m.params[0].first, "id");
    EXPECT_EQ(m.params[0].second, c.segment);
  } else {
    EXPECT_EQ(m.kind, Router::Match::Kind::kNotFound);
    EXPECT_EQ(m.route, nullptr);
  }
}

INSTANTIATE_TEST_SUITE_P(Segments, IntParamTest, ::testing::ValuesIn(kIntParamCases));

TEST_F(RouterTest, IntParamReadsBackAsNumber) {
  auto m = router_.Find("POST", "/api/v1/agencies/42/departments");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(HandlerOf(m), "add-department");
  Request req;
  req.path_params = m.params;
  EXPECT_EQ(req.IntParam("id"), 42);
}

TEST_F(RouterTest, StringParamIsAnyNonEmptySegment) {
  auto m = router_.Find("GET", "/files/app.js");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "name");
  EXPECT_EQ(m.params[0].second, "app.js");
  EXPECT_EQ(router_.Find("GET", "/files//").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find("GET", "/files/a/b").kind, Router::Match::Kind::kNotFound);
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  auto m = router_.Find("GET", "/api/v1/nope");
  EXPECT_EQ(m.kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allow.empty());
}

TEST_F(RouterTest, KnownPathWithOtherMethodIsMethodNotAllowed) {
  auto m = router_.Find("DELETE", "/healthz");
  EXPECT_EQ(m.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "GET, HEAD");
}

TEST_F(RouterTest, AllowListsEveryMethodOfThePath) {
  auto m = router_.Find("PUT", "/api/v1/agencies/7/departments");
  EXPECT_EQ(m.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "POST, DELETE");

  auto get_only = router_.Find("POST", "/api/v1/public/agencies/7");
  EXPECT_EQ(get_only.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(get_only.allow, "GET, HEAD");
}

TEST_F(RouterTest, BadParameterIsNotFoundEvenWhenOtherMethodsExist) {
  // The path does not exist for any method, so it is not a 405.
  EXPECT_EQ(router_.Find("PUT", "/api/v1/agencies/abc/departments").kind,
            Router::Match::Kind::kNotFound);
}

TEST_F(RouterTest, HeadIsAnsweredByGet) {
  auto m = router_.Find("HEAD", "/api/v1/public/agencies/3");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(HandlerOf(m), "get");
  EXPECT_EQ(router_.Find("HEAD", "/api/v1/agencies").kind, Router::Match::Kind::kMethodNotAllowed);
}

TEST_F(RouterTest, TrailingSlashIsTolerated) {
  EXPECT_EQ(HandlerOf(router_.Find("GET", "/healthz/")), "healthz");
  EXPECT_EQ(HandlerOf(router_.Find("GET", "/api/v1/public/agencies/")), "list");
  EXPECT_EQ(HandlerOf(router_.Find("GET", "/api/v1/public/agencies/5/")), "get");
  // Only one, and never in the middle.
  EXPECT_EQ(router_.Find("GET", "/healthz//").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find("GET", "/api//v1/public/agencies").kind, Router::Match::Kind::kNotFound);
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  EXPECT_EQ(router_.Find("get", "/healthz").kind, Router::Match::Kind::kMethodNotAllowed);
}

TEST_F(RouterTest, FallbackServesOnlyGetAndHead) {
  router_.SetFallback(Named("static"));
  auto get = router_.Find("GET", "/work/cases");
  ASSERT_EQ(get.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(HandlerOf(get), "static");
  EXPECT_EQ(get.route->pattern, "(static)");
  EXPECT_EQ(HandlerOf(router_.Find("HEAD", "/work/cases")), "static");
  EXPECT_EQ(router_.Find("POST", "/work/cases").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router_.Find("DELETE", "/").kind, Router::Match::Kind::kNotFound);
}

TEST_F(RouterTest, FallbackDoesNotHideMethodNotAllowed) {
  router_.SetFallback(Named("static"));
  auto m = router_.Find("GET", "/api/v1/agencies");
  EXPECT_EQ(m.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");
}

TEST_F(RouterTest, NoFallbackMeansNotFound) {
  EXPECT_EQ(router_.Find("GET", "/").kind, Router::Match::Kind::kNotFound);
}

TEST(RouterPatternTest, MalformedPatternsThrow) {
  const std::vector<std::string> bad = {
      "/a//b",          // empty segment
      "/a/{id",         // unclosed parameter
      "/a/{id:float}",  // unknown type
      "/a/{id:}",       // empty type
      "/a/{}",          // no name
      "/a/{:int}",      // no name
      "/a/{i d}",       // not a name
      "/a/x{id}",       // parameter inside a literal
      "/a/id}",         // stray brace
  };
  for (const auto& pattern : bad) {
    Router r;
    EXPECT_THROW(r.Add("GET", pattern, Named("x")), std::invalid_argument) << pattern;
    EXPECT_TRUE(r.routes().empty()) << pattern;
  }
}

TEST(RouterPatternTest, RootPatternMatchesRoot) {
  Router r;
  r.Add("GET", "/", Named("root"));
  EXPECT_EQ(HandlerOf(r.Find("GET", "/")), "root");
  EXPECT_EQ(r.Find("GET", "/x").kind, Router::Match::Kind::kNotFound);
}

TEST(SplitPathTest, Segments) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(SplitPath("/"), V{});
  EXPECT_EQ(SplitPath(""), V{});
  EXPECT_EQ(SplitPath("/a/b"), (V{"a", "b"}));
  EXPECT_EQ(SplitPath("/a/b/"), (V{"a", "b"}));
  EXPECT_EQ(SplitPath("/a//b"), (V{"a", "", "b"}));
  EXPECT_EQ(SplitPath("/a//"), (V{"a", ""}));
}

}  // namespace
}  // namespace sx::http

namespace sx::http {
namespace {

TEST(RouterRest, TakesTheRestOfThePath) {
  Router r;
  r.Add("GET", "/log/tile/{path...}", [](const Request&) { return Response{}; });
  auto m = r.Find("GET", "/log/tile/0/x001/x234/067.p/5");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "0/x001/x234/067.p/5");
  EXPECT_EQ(r.Find("GET", "/log/tile").kind, Router::Match::Kind::kNotFound);  // one or more
  EXPECT_EQ(r.Find("GET", "/log/tile/0//1").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(r.Find("POST", "/log/tile/0/1").kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_THROW(r.Add("GET", "/a/{rest...}/b", [](const Request&) { return Response{}; }),
               std::invalid_argument);
}

}  // namespace
}  // namespace sx::http
