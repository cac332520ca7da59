#include "store/test_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace sx::testing {

namespace fs = std::filesystem;

std::string EngineName(Engine e) { return e == Engine::kSqlite ? "SQLite" : "PostgreSQL"; }

std::string WithDatabaseName(const std::string& url, const std::string& name) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme + 3);
  if (slash == std::string::npos) return url + "/" + name;
  const auto end = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (end == std::string::npos ? "" : url.substr(end));
}

namespace {
std::atomic<int> counter{0};
}

TempDir::TempDir() {
  path_ = fmt::format("{}/sx-tmp-{}-{}", fs::temp_directory_path().string(), getpid(),
                      counter.fetch_add(1));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

TestDatabase::TestDatabase(Engine e) : engine_(e) {
  const int n = counter.fetch_add(1);
  if (e == Engine::kSqlite) {
    dir_ = fmt::format("{}/sx-test-{}-{}", fs::temp_directory_path().string(), getpid(), n);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    url_ = fmt::format("sqlite:{}/test.db", dir_);
    return;
  }
  const char* admin = std::getenv("SANXIANG_TEST_PG_URL");
  if (!admin || !*admin) {
    unavailable_ = "未设置 SANXIANG_TEST_PG_URL:PostgreSQL 契约测试需要 make test 启动的临时集群";
    return;
  }
  pg_name_ = fmt::format("sx_test_{}_{}", getpid(), n);
  try {
    pqxx::connection c(admin);
    pqxx::nontransaction t(c);
    t.exec("DROP DATABASE IF EXISTS " + pg_name_);
    t.exec("CREATE DATABASE " + pg_name_ + " TEMPLATE template0 ENCODING 'UTF8'");
    url_ = WithDatabaseName(admin, pg_name_);
  } catch (const std::exception& ex) {
    unavailable_ = fmt::format("无法创建 PostgreSQL 测试库:{}", ex.what());
    pg_name_.clear();
  }
}

TestDatabase::~TestDatabase() {
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  if (!pg_name_.empty()) {
    try {
      pqxx::connection c(std::getenv("SANXIANG_TEST_PG_URL"));
      pqxx::nontransaction t(c);
      t.exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The cluster is thrown away after the run anyway.
    }
  }
}

}  // namespace sx::testing
