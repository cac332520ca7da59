#include "cli/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

namespace sx::cli {
namespace {

class TempToml {
 public:
  explicit TempToml(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            ("sx-config-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
    std::ofstream(path_) << text;
  }
  ~TempToml() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(Config, DefaultsAreUsable) {
  Config c;
  EXPECT_EQ(c.db, "sqlite:var/sanxiang.db");
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_TRUE(c.auto_migrate);
}

TEST(Config, FileThenEnvironmentThenFlags) {
  TempToml file("db = \"sqlite:/from/file.db\"\nlisten = \"0.0.0.0:9000\"\ndb_pool_size = 3\n"
                "access_log = false\n");
  Config c;
  ASSERT_TRUE(ApplyTomlFile(c, file.path()).ok());
  EXPECT_EQ(c.db, "sqlite:/from/file.db");
  EXPECT_EQ(c.db_pool_size, 3);
  EXPECT_FALSE(c.access_log);

  std::map<std::string, std::string> env = {{"SANXIANG_LISTEN", "127.0.0.1:9100"},
                                            {"SANXIANG_DB_POOL_SIZE", "5"},
                                            {"OTHER", "ignored"}};
  ASSERT_TRUE(ApplyEnvironment(c, [&](const char* n) -> const char* {
                auto it = env.find(n);
                return it == env.end() ? nullptr : it->second.c_str();
              }).ok());
  EXPECT_EQ(c.db, "sqlite:/from/file.db");  // not in the environment: the file's value stays
  EXPECT_EQ(c.listen, "127.0.0.1:9100");    // environment beats file
  EXPECT_EQ(c.db_pool_size, 5);

  ASSERT_TRUE(SetValue(c, "listen", "127.0.0.1:9200").ok());  // flags beat environment
  EXPECT_EQ(c.listen, "127.0.0.1:9200");
}

TEST(Config, RejectsUnknownKeysAndBadValuesWithTheKeyNamed) {
  {
    TempToml file("lisen = \"127.0.0.1:1\"\n");
    Config c;
    Status st = ApplyTomlFile(c, file.path());
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("lisen"), std::string::npos) << st.message();
  }
  {
    TempToml file("db_pool_size = \"many\"\n");
    Config c;
    Status st = ApplyTomlFile(c, file.path());
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("db_pool_size"), std::string::npos) << st.message();
  }
  {
    TempToml file("db = [1, 2]\n");
    Config c;
    EXPECT_FALSE(ApplyTomlFile(c, file.path()).ok());
  }
  {
    TempToml file("db = \"unterminated\n");
    Config c;
    Status st = ApplyTomlFile(c, file.path());
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("第 1 行"), std::string::npos) << st.message();
  }
  Config c;
  EXPECT_FALSE(SetValue(c, "db_pool_size", "0").ok());
  EXPECT_FALSE(SetValue(c, "db_pool_size", "12abc").ok());
  EXPECT_FALSE(SetValue(c, "access_log", "maybe").ok());
  Status env = ApplyEnvironment(c, [](const char* n) -> const char* {
    return std::string(n) == "SANXIANG_IO_THREADS" ? "-1" : nullptr;
  });
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.message().find("SANXIANG_IO_THREADS"), std::string::npos);
}

TEST(Config, NamesFollowOneScheme) {
  EXPECT_EQ(EnvName("db_pool_size"), "SANXIANG_DB_POOL_SIZE");
  EXPECT_EQ(FlagName("db_pool_size"), "--db-pool-size");
}

struct ListenCase {
  const char* text;
  bool ok;
  const char* host;
  std::uint16_t port;
};

class ListenTest : public ::testing::TestWithParam<ListenCase> {};

TEST_P(ListenTest, Parses) {
  std::string host;
  std::uint16_t port = 0;
  Status st = ParseListen(GetParam().text, &host, &port);
  EXPECT_EQ(st.ok(), GetParam().ok) << GetParam().text;
  if (GetParam().ok) {
    EXPECT_EQ(host, GetParam().host);
    EXPECT_EQ(port, GetParam().port);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ListenTest,
                         ::testing::Values(ListenCase{"127.0.0.1:8080", true, "127.0.0.1", 8080},
                                           ListenCase{"[::1]:80", true, "::1", 80},
                                           ListenCase{"0.0.0.0:0", true, "0.0.0.0", 0},
                                           ListenCase{"127.0.0.1", false, "", 0},
                                           ListenCase{":8080", false, "", 0},
                                           ListenCase{"127.0.0.1:65536", false, "", 0},
                                           ListenCase{"127.0.0.1:80x", false, "", 0},
                                           ListenCase{"127.0.0.1:", false, "", 0}));

}  // namespace
}  // namespace sx::cli
