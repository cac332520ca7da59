#include "cli/commands.h"

#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/api.h"
#include "http/server.h"
#include "services/agency_service.h"
#include "services/demo.h"
#include "services/demo_accounts.h"
#include "store/migrations.h"

namespace sx::cli {

namespace fs = std::filesystem;

namespace {

void PrintAccounts(const std::vector<services::DemoAccount>& accounts) {
  fmt::print("演示账号(仅供演示,密码公开,切勿用于生产):\n");
  for (const auto& a : accounts) {
    fmt::print("  {:<16} {:<14} 密码 {}\n", a.username, a.role_name, a.password);
  }
}

int Fail(const Status& st) {
  fmt::print(stderr, "错误:{}\n", st.message());
  return 1;
}

Result<std::unique_ptr<store::Database>> OpenAndMigrate(const Config& c, bool apply,
                                                        const Clock& clock) {
  store::DatabaseOptions opts;
  opts.pool_size = static_cast<int>(c.db_pool_size);
  auto db = store::Database::Open(c.db, opts);
  if (!db.ok()) return db.status();
  auto state = store::Migrate(**db, clock.Now(), apply);
  if (!state.ok()) return state.status();
  if (!state->applied_now.empty()) {
    spdlog::info("数据库 {} 已迁移到架构版本 {}", (*db)->Describe(), state->current);
  }
  if (state->current < state->latest) {
    return Status::Unavailable(fmt::format(
        "数据库架构版本 {} 低于本程序需要的 {}:请运行 sanxiang migrate", state->current,
        state->latest));
  }
  return db;
}

std::string ReadTokenHash(const std::string& path) {
  std::ifstream in(path);
  std::string hash;
  in >> hash;
  return hash.size() == crypto_hash_sha256_BYTES * 2 ? hash : std::string();
}

}  // namespace

int Serve(const Config& c) {
  std::string host;
  std::uint16_t port = 0;
  if (Status st = ParseListen(c.listen, &host, &port); !st.ok()) return Fail(st);
  SystemClock clock;
  auto db = OpenAndMigrate(c, c.auto_migrate, clock);
  if (!db.ok()) return Fail(db.status());
  store::Database& database = **db;
  if (c.demo_if_empty) {
    auto loaded = services::LoadDemoIfEmpty(database, clock);
    if (!loaded.ok()) return Fail(loaded.status());
    if (*loaded) {
      spdlog::info("已载入演示数据:郑州住房公积金管理中心");
      auto accounts = services::CreateDemoAccounts(database, clock, "zzgjj");
      if (!accounts.ok()) return Fail(accounts.status());
      PrintAccounts(*accounts);
    }
  }

  services::AgencyService agencies(database, clock);
  services::PeopleService people(database, clock);
  services::AuthService auth(database, clock);
  http::Metrics metrics;
  metrics.SetPoolSource([&database] { return database.Stats(); });
  http::StaticFiles web(c.web_root);
  http::ApiContext ctx{database, agencies, metrics, &web, ReadTokenHash(c.admin_token_file), &auth,
                       &people};
  if (ctx.admin_token_sha256.empty()) {
    spdlog::info("未找到管理令牌 {}:管理接口关闭", c.admin_token_file);
  }
  http::Router router;
  http::RegisterRoutes(router, ctx);

  http::ServerOptions so;
  so.host = host;
  so.port = port;
  so.io_threads = c.io_threads > 0 ? static_cast<int>(c.io_threads)
                                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  so.worker_threads = static_cast<int>(c.worker_threads);
  so.max_connections = static_cast<std::size_t>(c.max_connections);
  so.max_header_bytes = static_cast<std::size_t>(c.max_header_bytes);
  so.header_timeout = std::chrono::milliseconds(c.header_timeout_ms);
  so.body_timeout = std::chrono::milliseconds(c.body_timeout_ms);
  so.shutdown_grace = std::chrono::milliseconds(c.shutdown_grace_ms);
  so.access_log = c.access_log;
  http::Server server(so, router, metrics);
  if (Status st = server.Listen(); !st.ok()) return Fail(st);
  server.StopOnSignals();
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  fmt::print("sanxiang 已启动:http://{}:{}/  (数据库 {};Ctrl-C 停止)\n", shown_host,
             server.port(), database.Describe());
  std::fflush(stdout);
  server.Run();
  spdlog::info("已停止");
  return 0;
}

int Init(const Config& c) {
  std::error_code ec;
  fs::create_directories(c.data_dir, ec);
  if (ec) return Fail(Status::Unavailable(fmt::format("无法创建数据目录 {}:{}", c.data_dir, ec.message())));
  fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  if (!fs::exists(c.admin_token_file)) {
    fs::create_directories(fs::path(c.admin_token_file).parent_path(), ec);
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char token[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token), std::strlen(token));
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    const mode_t old = umask(077);
    std::ofstream out(c.admin_token_file);
    out << hex << "\n";
    umask(old);
    if (!out) return Fail(Status::Unavailable(fmt::format("无法写入 {}", c.admin_token_file)));
    fmt::print("已生成引导管理令牌(只显示这一次,请妥善保存):\n  {}\n服务器只保存其 SHA-256:{}\n",
               token, c.admin_token_file);
  }

  SystemClock clock;
  auto db = OpenAndMigrate(c, true, clock);
  if (!db.ok()) return Fail(db.status());
  fmt::print("已初始化:数据目录 {},数据库 {}\n", c.data_dir, (*db)->Describe());
  return 0;
}

int Demo(const Config& c) {
  SystemClock clock;
  auto db = OpenAndMigrate(c, true, clock);
  if (!db.ok()) return Fail(db.status());
  if (Status st = services::LoadDemo(**db, clock); !st.ok()) return Fail(st);
  auto accounts = services::CreateDemoAccounts(**db, clock, "zzgjj");
  if (!accounts.ok()) return Fail(accounts.status());
  fmt::print("已载入演示数据(郑州住房公积金管理中心)到 {}\n", (*db)->Describe());
  PrintAccounts(*accounts);
  return 0;
}

int Migrate(const Config& c, bool check_only) {
  store::DatabaseOptions opts;
  opts.pool_size = 2;
  auto db = store::Database::Open(c.db, opts);
  if (!db.ok()) return Fail(db.status());
  SystemClock clock;
  auto state = store::Migrate(**db, clock.Now(), !check_only);
  if (!state.ok()) return Fail(state.status());
  if (check_only) {
    fmt::print("数据库架构版本 {},本程序最新 {}{}\n", state->current, state->latest,
               state->current < state->latest ? "(有待执行的迁移)" : "(已是最新)");
    return state->current < state->latest ? 3 : 0;
  }
  fmt::print("数据库架构版本 {}(本次执行 {} 个迁移)\n", state->current, state->applied_now.size());
  return 0;
}

}  // namespace sx::cli
