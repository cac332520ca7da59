// Cost of the transparency-log core (src/ledger) in memory, next to libsodium's raw SHA-256 in the
// same binary: appending leaves, recomputing a 1,000,000-leaf tree, and proofs at 1,000,000 leaves.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "ledger/merkle.h"
#include "ledger/tile.h"

namespace {

using namespace sx::ledger;

constexpr std::int64_t kMillion = 1'000'000;
constexpr std::size_t kEntryBytes = 64;  // a ledger leaf: digests and event metadata

class MemoryStore final : public HashReader {
 public:
  sx::Result<std::vector<Hash>> ReadHashes(std::span<const std::int64_t> indexes) override {
    std::vector<Hash> out;
    out.reserve(indexes.size());
    for (std::int64_t i : indexes) out.push_back(hashes[static_cast<std::size_t>(i)]);
    return out;
  }
  void Append(std::int64_t n, std::string_view data) {
    auto add = StoredHashes(n, data, *this);
    hashes.insert(hashes.end(), add->begin(), add->end());
  }
  std::vector<Hash> hashes;
};

std::string Entry(std::int64_t i) {
  std::string e(kEntryBytes, '\0');
  for (std::size_t k = 0; k < 8; ++k) e[k] = static_cast<char>(i >> (8 * k));
  return e;
}

// Bytes SHA-256 reads to build a tree of n leaves: each leaf 0x00 ‖ entry, each node 65 bytes.
double TreeInputBytes(std::int64_t n) {
  const std::int64_t nodes = *StoredHashCount(n) - n;
  return static_cast<double>(n) * (1 + kEntryBytes) + static_cast<double>(nodes) * 65;
}

const MemoryStore& MillionLeafStore() {
  static const MemoryStore* store = [] {
    auto* s = new MemoryStore;
    s->hashes.reserve(static_cast<std::size_t>(*StoredHashCount(kMillion)));
    for (std::int64_t i = 0; i < kMillion; ++i) s->Append(i, Entry(i));
    return s;
  }();
  return *store;
}

// ---- raw SHA-256 (libsodium) -------------------------------------------------------------------

void BM_Sha256Raw(benchmark::State& state) {
  std::vector<unsigned char> in(static_cast<std::size_t>(state.range(0)), 0x5a);
  unsigned char out[crypto_hash_sha256_BYTES];
  for (auto _ : state) {
    crypto_hash_sha256(out, in.data(), in.size());
    benchmark::DoNotOptimize(out);
    in[0] = out[0];
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
// 65 bytes: the size of an interior-node input (and of a leaf input with a 64-byte entry).
BENCHMARK(BM_Sha256Raw)->Arg(65)->Arg(1 << 20);

void BM_NodeHash(benchmark::State& state) {
  Hash a = LeafHash("a");
  const Hash b = LeafHash("b");
  for (auto _ : state) a = NodeHash(a, b);
  benchmark::DoNotOptimize(a);
  state.SetBytesProcessed(state.iterations() * 65);
}
BENCHMARK(BM_NodeHash);

// ---- appending ---------------------------------------------------------------------------------

// Steady-state append: one leaf per iteration into a growing in-memory log.
void BM_StoredHashesAppend(benchmark::State& state) {
  MemoryStore store;
  store.hashes.reserve(static_cast<std::size_t>(*StoredHashCount(8 * kMillion)));
  std::int64_t n = 0;
  std::string entry = Entry(0);
  for (auto _ : state) {
    entry[0] = static_cast<char>(n);
    store.Append(n++, entry);
  }
  state.SetItemsProcessed(n);
  state.SetBytesProcessed(static_cast<std::int64_t>(TreeInputBytes(n)));
}
BENCHMARK(BM_StoredHashesAppend)->Iterations(4 * kMillion);

// Full recomputation of a 1,000,000-leaf tree from its entries: every stored hash, then the root.
void BM_FullRecompute1M(benchmark::State& state) {
  std::vector<std::string> entries;
  entries.reserve(kMillion);
  for (std::int64_t i = 0; i < kMillion; ++i) entries.push_back(Entry(i));
  for (auto _ : state) {
    MemoryStore store;
    store.hashes.reserve(static_cast<std::size_t>(*StoredHashCount(kMillion)));
    for (std::int64_t i = 0; i < kMillion; ++i)
      store.Append(i, entries[static_cast<std::size_t>(i)]);
    benchmark::DoNotOptimize(*TreeHash(kMillion, store));
  }
  state.SetItemsProcessed(state.iterations() * kMillion);
  state.SetBytesProcessed(static_cast<std::int64_t>(static_cast<double>(state.iterations()) *
                                                    TreeInputBytes(kMillion)));
}
BENCHMARK(BM_FullRecompute1M)->Unit(benchmark::kMillisecond)->MinTime(3);

// ---- reading at 1,000,000 leaves ---------------------------------------------------------------

void BM_TreeHash1M(benchmark::State& state) {
  MemoryStore store = MillionLeafStore();
  for (auto _ : state) benchmark::DoNotOptimize(*TreeHash(kMillion - 7, store));
}
BENCHMARK(BM_TreeHash1M)->Unit(benchmark::kMicrosecond);

// Per-call latency distribution as counters (p50/p99 in µs), besides the mean time per call.
void AddPercentiles(benchmark::State& state, std::vector<double>& us) {
  std::sort(us.begin(), us.end());
  state.counters["p50_us"] = us[us.size() / 2];
  state.counters["p99_us"] = us[us.size() * 99 / 100];
}

void BM_ProveRecord1M(benchmark::State& state) {
  MemoryStore store = MillionLeafStore();
  std::mt19937_64 rng(1);
  std::vector<double> us;
  for (auto _ : state) {
    const auto n = static_cast<std::int64_t>(rng() % kMillion);
    const auto t0 = std::chrono::steady_clock::now();
    auto p = ProveRecord(kMillion, n, store);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    benchmark::DoNotOptimize(p);
  }
  AddPercentiles(state, us);
}
BENCHMARK(BM_ProveRecord1M)->Unit(benchmark::kMicrosecond);

void BM_ProveTree1M(benchmark::State& state) {
  MemoryStore store = MillionLeafStore();
  std::mt19937_64 rng(2);
  std::vector<double> us;
  for (auto _ : state) {
    const auto m = static_cast<std::int64_t>(1 + rng() % (kMillion - 1));
    const auto t0 = std::chrono::steady_clock::now();
    auto p = ProveTree(kMillion, m, store);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    benchmark::DoNotOptimize(p);
  }
  AddPercentiles(state, us);
}
BENCHMARK(BM_ProveTree1M)->Unit(benchmark::kMicrosecond);

void BM_CheckRecord1M(benchmark::State& state) {
  MemoryStore store = MillionLeafStore();
  const Hash root = *TreeHash(kMillion, store);
  const std::int64_t n = 123456;
  const Proof p = *ProveRecord(kMillion, n, store);
  const Hash leaf = store.hashes[static_cast<std::size_t>(*StoredHashIndex(0, n))];
  for (auto _ : state) benchmark::DoNotOptimize(CheckRecord(p, kMillion, root, n, leaf));
}
BENCHMARK(BM_CheckRecord1M)->Unit(benchmark::kMicrosecond);

// A client proving through tiles (each fetched tile authenticated against the root), tiles served
// from memory: the hashing cost a verifier pays per proof without a tile cache.
class MemoryTiles final : public TileReader {
 public:
  explicit MemoryTiles(MemoryStore& store) : store_(store) {}
  sx::Result<std::vector<std::string>> ReadTiles(std::span<const Tile> tiles) override {
    std::vector<std::string> out;
    for (const Tile& t : tiles) out.push_back(*ReadTileData(t, store_));
    return out;
  }

 private:
  MemoryStore& store_;
};

void BM_ProveRecordViaTiles1M(benchmark::State& state) {
  MemoryStore store = MillionLeafStore();
  const Hash root = *TreeHash(kMillion, store);
  MemoryTiles tiles(store);
  TileHashReader reader(kMillion, root, tiles);
  std::mt19937_64 rng(3);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        ProveRecord(kMillion, static_cast<std::int64_t>(rng() % kMillion), reader));
}
BENCHMARK(BM_ProveRecordViaTiles1M)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
