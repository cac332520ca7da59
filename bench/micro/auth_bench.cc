// Cost of signing in (argon2id) and of checking a session on every request (SQLite).
#include <sodium.h>

#include <filesystem>

#include <benchmark/benchmark.h>

#include "services/auth_service.h"
#include "store/agency_repository.h"
#include "store/migrations.h"

namespace {

using namespace sx;

void BM_HashPassword(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(services::AuthService::HashPassword("Gjj@2026pw"));
}
BENCHMARK(BM_HashPassword)->Unit(benchmark::kMillisecond);

void BM_VerifyPassword(benchmark::State& state) {
  const std::string hash = *services::AuthService::HashPassword("Gjj@2026pw");
  for (auto _ : state) {
    benchmark::DoNotOptimize(services::AuthService::VerifyPassword(hash, "Gjj@2026pw"));
  }
}
BENCHMARK(BM_VerifyPassword)->Unit(benchmark::kMillisecond);

// A migrated SQLite database with one account and one live session.
struct Fixture {
  Fixture() {
    dir = std::filesystem::temp_directory_path() / ("sx-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    db = std::move(store::Database::Open("sqlite:" + (dir / "b.db").string())).value();
    (void)store::Migrate(*db, clock.Now());
    auto repo = store::MakeAgencyRepository();
    std::int64_t agency = 0;
    (void)db->Write([&](store::Tx& tx) {
      auto a = repo->Insert(tx, {"zzgjj", "郑州住房公积金管理中心", domain::Standing::kAuthorized, "依据", {}}, "t");
      if (a.ok()) agency = a->id;
      return a.status();
    });
    auth = std::make_unique<services::AuthService>(*db, clock);
    (void)auth->CreateAccount({agency, "zhang.wei", "张伟", "Gjj@2026pw", {domain::Role::kOfficer}});
    token = auth->SignIn("zhang.wei", "Gjj@2026pw", "bench")->session_token;
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
  FakeClock clock{TimePoint(std::chrono::seconds(1795839294))};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<services::AuthService> auth;
  std::string token;
};

void BM_CheckSession(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    auto info = f.auth->CheckSession(f.token);
    if (!info.ok()) state.SkipWithError("session check failed");
  }
}
BENCHMARK(BM_CheckSession)->Unit(benchmark::kMicrosecond);

void BM_SignIn(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) benchmark::DoNotOptimize(f.auth->SignIn("zhang.wei", "Gjj@2026pw", "bench"));
}
BENCHMARK(BM_SignIn)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
