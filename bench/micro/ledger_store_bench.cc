// Cost of the record ledger on real storage: a SQLite database file (WAL, synchronous=FULL, as the
// adapter opens it) in a temporary directory. Appending leaves in business transactions and
// integrating them end to end, and inclusion / consistency proofs from a 1,000,000-leaf database
// through LedgerService, as the HTTP API serves them.
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "ledger/merkle.h"
#include "ledger/note.h"
#include "services/ledger_service.h"
#include "services/ledger_verify.h"
#include "store/ledger_repository.h"
#include "store/migrations.h"

namespace {

using namespace sx;
using Seconds = std::chrono::duration<double>;

constexpr std::int64_t kMillion = 1'000'000;
constexpr int kBuildTxLeaves = 10'000;  // leaves per business transaction when building 1M
constexpr std::int64_t kBuildReportEvery = kMillion / 10;

// A fresh, migrated SQLite database file in its own temporary directory (removed afterwards),
// with a ledger service using the production batch size.
struct Ledger {
  explicit Ledger(const std::string& name) {
    dir = std::filesystem::temp_directory_path() /
          ("sx-ledger-bench-" + std::to_string(getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    db = std::move(store::Database::Open("sqlite:" + (dir / "ledger.db").string())).value();
    if (!store::Migrate(*db, clock.Now()).ok()) std::abort();
    std::array<std::uint8_t, 32> seed{};
    seed.fill(42);
    auto keys = ledger::KeyFromSeed("bench.sanxiang/ledger", seed);
    verifier_key = keys->verifier_key;
    service = std::move(services::LedgerService::Create(*db, clock, *keys, {}).value());
  }
  ~Ledger() {
    service.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }

  // Appends `count` leaves in business transactions of `per_tx` leaves each.
  Status Append(std::int64_t count, std::int64_t per_tx) {
    for (std::int64_t done = 0; done < count;) {
      const std::int64_t n = std::min(per_tx, count - done);
      SX_RETURN_IF_ERROR(db->Write([&](store::Tx& tx) -> Status {
        for (std::int64_t i = 0; i < n; ++i) {
          SX_RETURN_IF_ERROR(services::AppendToLedger(tx, Event(appended + i)));
        }
        return Status::Ok();
      }));
      appended += n;
      done += n;
    }
    return Status::Ok();
  }

  // Integrates until nothing is pending.
  Status IntegrateAll() {
    for (;;) {
      auto size = service->Integrate();
      if (!size.ok()) return size.status();
      if (*size >= appended) return Status::Ok();
    }
  }

  // A leaf as the services write them: an event with one content digest (≈200 bytes).
  static domain::LedgerEvent Event(std::int64_t n) {
    return {"officer.updated",
            1,
            "bench:" + std::to_string(n),  // an object `ledger verify` does not re-derive
            7,
            "2026-11-28T08:00:00.000Z",
            {{"record", services::ContentDigest("content " + std::to_string(n))}}};
  }

  std::filesystem::path dir;
  FakeClock clock{TimePoint(std::chrono::seconds(1795839294))};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<services::LedgerService> service;
  std::string verifier_key;
  std::int64_t appended = 0;
};

// Stored hashes read in one read transaction: the reference roots the proofs are checked against.
class DbHashReader final : public ledger::HashReader {
 public:
  explicit DbHashReader(store::Database& db) : db_(db) {}
  Result<std::vector<ledger::Hash>> ReadHashes(std::span<const std::int64_t> indexes) override {
    std::vector<ledger::Hash> out;
    SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      auto raw = repo_->Hashes(tx, indexes);
      if (!raw.ok()) return raw.status();
      for (const auto& h : *raw) {
        ledger::Hash hash{};
        std::copy_n(h.begin(), hash.size(), hash.begin());
        out.push_back(hash);
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  store::Database& db_;
  std::unique_ptr<store::LedgerRepository> repo_ = store::MakeLedgerRepository();
};

// Built once, on first use, and shared by the proof benchmarks.
Ledger& MillionLeafLedger() {
  static Ledger ledger("1m");
  static const bool built = [] {
    std::fprintf(stderr, "building a %lld-leaf ledger (transactions of %d leaves)...\n",
                 static_cast<long long>(kMillion), kBuildTxLeaves);
    const auto t0 = std::chrono::steady_clock::now();
    Seconds append{0};
    Seconds integrate{0};
    auto lap = t0;
    while (ledger.appended < kMillion) {
      const auto a = std::chrono::steady_clock::now();
      if (!ledger.Append(kBuildTxLeaves, kBuildTxLeaves).ok()) std::abort();
      const auto b = std::chrono::steady_clock::now();
      if (!ledger.IntegrateAll().ok()) std::abort();
      const auto c = std::chrono::steady_clock::now();
      append += b - a;
      integrate += c - b;
      if (ledger.appended % kBuildReportEvery == 0) {  // the rate falls as the tree grows
        std::fprintf(stderr, "  %7lld leaves: last %lld at %.0f leaves/s\n",
                     static_cast<long long>(ledger.appended),
                     static_cast<long long>(kBuildReportEvery),
                     static_cast<double>(kBuildReportEvery) / Seconds(c - lap).count());
        lap = c;
      }
    }
    const double total = Seconds(std::chrono::steady_clock::now() - t0).count();
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(ledger.dir / "ledger.db", ec);
    std::fprintf(stderr,
                 "built in %.1f s (append %.1f s, integrate %.1f s; %.0f leaves/s); database "
                 "file %.0f MB\n",
                 total, append.count(), integrate.count(), static_cast<double>(kMillion) / total,
                 static_cast<double>(bytes) / 1e6);
    return true;
  }();
  (void)built;
  return ledger;
}

// Per-call latency distribution as counters (p50/p99 in µs), besides the mean time per call.
void AddPercentiles(benchmark::State& state, std::vector<double>& us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  state.counters["p50_us"] = us[us.size() / 2];
  state.counters["p99_us"] = us[us.size() * 99 / 100];
}

// ---- append + integrate ------------------------------------------------------------------------

// Each iteration: N leaves appended in business transactions of B leaves (each a committed,
// fsynced write transaction), then integrated (sequenced, hashed, checkpoint signed) until none
// is pending. The database keeps growing across iterations. Args: {B, N}.
void BM_AppendIntegrate(benchmark::State& state) {
  const std::int64_t per_tx = state.range(0);
  const std::int64_t leaves = state.range(1);
  Ledger ledger("append-" + std::to_string(per_tx));
  Seconds append{0};
  Seconds integrate{0};
  for (auto _ : state) {
    const auto a = std::chrono::steady_clock::now();
    if (!ledger.Append(leaves, per_tx).ok()) {
      state.SkipWithError("append failed");
      break;
    }
    const auto b = std::chrono::steady_clock::now();
    if (!ledger.IntegrateAll().ok()) {
      state.SkipWithError("integrate failed");
      break;
    }
    append += b - a;
    integrate += std::chrono::steady_clock::now() - b;
  }
  const auto total = static_cast<double>(state.iterations() * leaves);
  state.counters["leaves_per_s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
  state.counters["append_us_per_leaf"] = append.count() * 1e6 / total;
  state.counters["integrate_us_per_leaf"] = integrate.count() * 1e6 / total;
  state.counters["tree_size"] = static_cast<double>(ledger.appended);
}
BENCHMARK(BM_AppendIntegrate)
    ->Args({1, 1000})
    ->Args({100, 20'000})
    ->Args({1000, 20'000})
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// ---- proofs at 1,000,000 leaves ----------------------------------------------------------------

void BM_Inclusion1M(benchmark::State& state) {
  Ledger& ledger = MillionLeafLedger();
  DbHashReader reader(*ledger.db);
  const ledger::Hash root = *ledger::TreeHash(kMillion, reader);
  std::mt19937_64 rng(1);
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(state.max_iterations));
  bool checked = false;
  for (auto _ : state) {
    const auto index = static_cast<std::int64_t>(rng() % kMillion);
    const auto t0 = std::chrono::steady_clock::now();
    auto p = ledger.service->Inclusion(index);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!p.ok()) {
      state.SkipWithError("inclusion proof failed");
      break;
    }
    if (!checked) {  // the proof served is a real one
      const auto leaf = *reader.ReadHashes(std::vector{*ledger::StoredHashIndex(0, index)});
      if (p->tree_size != kMillion || p->root != root ||
          !ledger::CheckRecord(p->hashes, kMillion, root, index, leaf[0]).ok()) {
        state.SkipWithError("inclusion proof does not verify");
        break;
      }
      checked = true;
    }
  }
  AddPercentiles(state, us);
}
BENCHMARK(BM_Inclusion1M)->Iterations(20'000)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_Consistency1M(benchmark::State& state) {
  Ledger& ledger = MillionLeafLedger();
  DbHashReader reader(*ledger.db);
  const ledger::Hash root = *ledger::TreeHash(kMillion, reader);
  std::mt19937_64 rng(2);
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(state.max_iterations));
  bool checked = false;
  for (auto _ : state) {
    const auto old_size = static_cast<std::int64_t>(1 + rng() % (kMillion - 1));
    const auto t0 = std::chrono::steady_clock::now();
    auto p = ledger.service->Consistency(old_size);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!p.ok()) {
      state.SkipWithError("consistency proof failed");
      break;
    }
    if (!checked) {
      const ledger::Hash old_root = *ledger::TreeHash(old_size, reader);
      if (!ledger::CheckTree(p->hashes, kMillion, root, old_size, old_root).ok()) {
        state.SkipWithError("consistency proof does not verify");
        break;
      }
      checked = true;
    }
  }
  AddPercentiles(state, us);
}
BENCHMARK(BM_Consistency1M)->Iterations(20'000)->UseRealTime()->Unit(benchmark::kMicrosecond);

// The sequencer's tick when nothing is pending (what a periodic Integrate costs an idle server).
void BM_IntegrateIdle1M(benchmark::State& state) {
  Ledger& ledger = MillionLeafLedger();
  for (auto _ : state) {
    auto size = ledger.service->Integrate();
    if (!size.ok() || *size != kMillion) {
      state.SkipWithError("integrate failed");
      break;
    }
  }
}
BENCHMARK(BM_IntegrateIdle1M)->Iterations(50)->UseRealTime()->Unit(benchmark::kMillisecond);

// `sanxiang ledger verify` over the 1M-leaf log: re-hash every leaf, compare the stored hashes,
// rebuild the tree, check the checkpoints. Reports the SHA-256 input it processed per second, to
// compare with `openssl speed sha256` (single core) run in the same session.
void BM_Verify1M(benchmark::State& state) {
  Ledger& ledger = MillionLeafLedger();
  double bytes = 0;
  for (auto _ : state) {
    auto report = services::VerifyLedger(*ledger.db, ledger.verifier_key);
    if (!report.ok() || !report->findings.empty() || report->leaves != kMillion) {
      state.SkipWithError("ledger verify did not pass");
      break;
    }
  }
  // What was hashed: every leaf (0x00 ‖ entry) and every interior node (0x01 ‖ l ‖ r).
  auto entries = ledger.db->Read([&](store::Tx& tx) -> Status {
    auto rows = tx.Query("SELECT SUM(LENGTH(entry) + 1) FROM ledger_leaves");
    if (!rows.ok()) return rows.status();
    bytes = static_cast<double>(rows->rows.at(0).Int(0));
    return Status::Ok();
  });
  if (!entries.ok()) return;
  bytes += static_cast<double>(*ledger::StoredHashCount(kMillion) - kMillion) * 65.0;
  state.counters["hashed_MB_per_s"] =
      benchmark::Counter(bytes / 1e6 * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["leaves_per_s"] = benchmark::Counter(
      static_cast<double>(kMillion) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Verify1M)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
