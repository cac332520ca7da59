// 双随机 draws anyone can re-run (RULES.md §6; 国办发〔2015〕58号; the method of RFC 3797): the
// seed is the SHA-256 of everything published before the draw — the pool's Merkle root and size,
// the parameters, the algorithm's version — and of the public random value announced afterwards;
// targets are then selected from the seed without bias (rejection sampling, a partial
// Fisher–Yates shuffle), and inspector teams formed deterministically, respecting recusals,
// certificate scope and load. Pure: the hash function is passed in (services give SHA-256).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/status.h"

namespace sx::domain {

using Digest32 = std::array<std::uint8_t, 32>;
// SHA-256 of the bytes given (injected: the domain does no cryptography of its own).
using Sha256Fn = std::function<Digest32(std::string_view)>;

inline constexpr std::string_view kDrawAlgorithm = "sx-draw-v1";

// What the seed is made of. Everything but `public_value` is published before the draw.
struct DrawInput {
  std::string plan;       // the plan's identifier, e.g. "zzgjj-2026-03"
  std::string pool_root;  // the target pool's Merkle root, hex
  std::int64_t pool_size = 0;
  std::int64_t count = 0;    // targets to draw
  std::string source;        // the public random source, named in advance
  std::string public_value;  // its value, entered at draw time
};

// kInvalid naming the field: empty plan/source/value, a pool of 0, a count of 0 or above the pool,
// text with line breaks (the canonical form is one line per field).
Status ValidateDrawInput(const DrawInput& in);

// The canonical text the seed hashes, one "key=value" line per field in a fixed order, starting
// with the algorithm's version; published with the result so anyone can recompute it.
std::string CanonicalDrawInput(const DrawInput& in);
Digest32 DrawSeed(const DrawInput& in, const Sha256Fn& sha256);

// A deterministic stream of 64-bit values: SHA-256(seed ‖ counter, big-endian), 4 values per
// block, counter from 0.
class DrawStream {
 public:
  DrawStream(const Digest32& seed, Sha256Fn sha256) : seed_(seed), sha256_(std::move(sha256)) {}
  std::uint64_t Next();
  // Uniform in [0, n) for n ≥ 1, by rejection of the values that would bias it.
  std::uint64_t Below(std::uint64_t n);

 private:
  Digest32 seed_;
  Sha256Fn sha256_;
  std::uint64_t counter_ = 0;
  Digest32 block_{};
  int used_ = 4;
};

// `k` distinct indices of [0, n), in the order drawn: a partial Fisher–Yates shuffle over a
// virtual array (memory O(k), so a pool of millions costs nothing). Requires 0 ≤ k ≤ n.
std::vector<std::int64_t> SelectIndices(DrawStream& stream, std::int64_t n, std::int64_t k);

// An inspector as the team-forming sees one.
struct DrawInspector {
  std::int64_t id = 0;
  bool certified = true;  // a valid 执法证 covering the item's 执法类别 and the area
  int load = 0;           // targets already assigned (in this draw and open ones)
};

// For each drawn target, in order, a team of `team_size` (≥ 2) distinct inspectors who are
// certified and not recused for that target (`recused(target_index, inspector_id)`); among the
// eligible, the least loaded are preferred, ties broken by the stream. kInvalid, saying which
// constraint failed and for which target, when fewer than `team_size` are eligible.
Result<std::vector<std::vector<std::int64_t>>> FormTeams(
    DrawStream& stream, const std::vector<std::int64_t>& targets,
    std::vector<DrawInspector> inspectors, int team_size,
    const std::function<bool(std::int64_t target, std::int64_t inspector)>& recused);

// Recusals by target: the inspectors recused for it (any order, duplicates allowed).
using RecusalMap = std::unordered_map<std::int64_t, std::vector<std::int64_t>>;

// The same teams as above (same stream use, same result), in O(k·(team + recusals) + loads)
// rather than O(k·inspectors): inspectors are kept in buckets by load, so 10,000 targets and
// 5,000 inspectors take milliseconds.
Result<std::vector<std::vector<std::int64_t>>> FormTeams(DrawStream& stream,
                                                         const std::vector<std::int64_t>& targets,
                                                         std::vector<DrawInspector> inspectors,
                                                         int team_size, const RecusalMap& recusals);

// One inspector to join a team after the draw (a recusal or an absence): among the certified
// inspectors not in `excluded` (the team, those recused for the target, the absent), the least
// loaded, ties broken by the stream (position Below(n) among them in id order). kInvalid when
// nobody is left.
Result<std::int64_t> PickReplacement(DrawStream& stream, std::vector<DrawInspector> inspectors,
                                     const std::vector<std::int64_t>& excluded);

}  // namespace sx::domain
