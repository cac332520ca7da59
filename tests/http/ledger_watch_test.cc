// `ledger watch` against real servers over HTTP: growth is proven consistent from the server's
// tiles; a rollback, a fork, a forged signature and lying tiles raise alarms.
#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "http/client.h"
#include "http/test_client.h"
#include "services/ledger_watch.h"

namespace sx::testing {
namespace {

class LedgerWatch : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = (std::filesystem::temp_directory_path() /
              fmt::format("sx-watch-{}-{}", ::getpid(), counter_++))
                 .string();
    std::filesystem::remove(state_);
  }
  void TearDown() override { std::filesystem::remove(state_); }

  static std::string Base(TestServer& s) { return fmt::format("http://127.0.0.1:{}", s.port()); }

  // Adds a sign-in record (its remote address makes it differ between servers) and integrates.
  static std::int64_t Grow(TestServer& s, std::string_view remote) {
    EXPECT_TRUE(s.auth().SignIn("demo.admin", "Demo-2026-sx", remote).ok());
    auto n = s.ledger().Integrate();
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  Result<services::WatchRound> Watch(TestServer& s, const services::Fetch& fetch = Real()) {
    return services::WatchOnce(Base(s), s.ledger_verifier_key(), state_, fetch);
  }

  static services::Fetch Real() {
    return [](const std::string& url) { return http::HttpGet(url); };
  }

  std::string state_;
  static inline int counter_ = 0;
};

TEST_F(LedgerWatch, GrowthIsConsistentAndRemembered) {
  TestServer a;
  auto first = Watch(a);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first->first);
  const std::int64_t grown = Grow(a, "10.0.0.1");
  auto second = Watch(a);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_FALSE(second->first);
  EXPECT_EQ(second->old_size, first->new_size);
  EXPECT_EQ(second->new_size, grown);
  auto same = Watch(a);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->old_size, same->new_size);
}

TEST_F(LedgerWatch, RollbackAndForkAreAlarms) {
  TestServer a, b;  // the same key and, until they diverge, the same history
  ASSERT_TRUE(Watch(a).ok());
  Grow(a, "10.0.0.1");
  ASSERT_TRUE(Watch(a).ok());  // remembers a's grown tree

  auto rollback = Watch(b);  // b is still at the common, smaller size
  ASSERT_FALSE(rollback.ok());
  EXPECT_EQ(rollback.status().code(), Code::kConflict);
  EXPECT_NE(rollback.status().message().find("回退"), std::string::npos) << rollback.status().message();

  Grow(b, "10.0.0.9");  // same size as a, other history
  auto same_size = Watch(b);
  ASSERT_EQ(same_size.status().code(), Code::kConflict);
  EXPECT_NE(same_size.status().message().find("分叉"), std::string::npos);

  Grow(b, "10.0.0.9");  // larger, but not an extension of what was seen
  auto fork = Watch(b);
  ASSERT_EQ(fork.status().code(), Code::kConflict);
  EXPECT_NE(fork.status().message().find("分叉"), std::string::npos) << fork.status().message();
}

TEST_F(LedgerWatch, ForgedSignaturesAndLyingTilesAreAlarms) {
  TestServer a;
  ASSERT_TRUE(Watch(a).ok());
  Grow(a, "10.0.0.1");
  const services::Fetch forged = [](const std::string& url) -> Result<std::string> {
    auto body = http::HttpGet(url);
    if (body.ok() && url.ends_with("/log/checkpoint")) {
      const auto sig = body->rfind(' ');
      (*body)[sig + 5] = (*body)[sig + 5] == 'A' ? 'B' : 'A';  // one character of the signature
    }
    return body;
  };
  auto bad = Watch(a, forged);
  ASSERT_EQ(bad.status().code(), Code::kConflict);
  const services::Fetch lying = [](const std::string& url) -> Result<std::string> {
    auto body = http::HttpGet(url);
    if (body.ok() && url.find("/log/tile/") != std::string::npos && !body->empty()) {
      (*body)[0] = static_cast<char>((*body)[0] ^ 1);
    }
    return body;
  };
  auto lies = Watch(a, lying);
  ASSERT_EQ(lies.status().code(), Code::kConflict) << lies.status().message();
  // Neither moved the remembered checkpoint: the honest server still verifies.
  auto honest = Watch(a);
  ASSERT_TRUE(honest.ok()) << honest.status().message();
  EXPECT_GT(honest->new_size, honest->old_size);
}

TEST_F(LedgerWatch, AnUnreachableServerIsNotAnAlarm) {
  auto r = services::WatchOnce("http://127.0.0.1:1", "test.sanxiang/ledger+00000000+AQ==", state_,
                               Real());
  EXPECT_NE(r.status().code(), Code::kConflict);
  EXPECT_EQ(http::HttpGet("ftp://example").status().code(), Code::kInvalid);
}

}  // namespace
}  // namespace sx::testing
