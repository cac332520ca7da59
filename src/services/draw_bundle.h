// The published bundle of a 双随机 draw (docs/draw.md): what the plan fixed before the draw (the
// pools with their Merkle roots, counts, the named public source), the draw (public value, inputs,
// seeds, selections, teams) and the replacements after it. One implementation computes the draw for
// the service and recomputes it for `sanxiang draw verify`, so a match means the published result
// is exactly what the algorithm gives.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/draw.h"
#include "util/status.h"

namespace sx::services {

inline constexpr std::string_view kDrawBundleFormat = "sanxiang-draw-bundle/1";

struct PoolTarget {
  std::int64_t id = 0;
  std::string credit_code;
  std::string name;
};

struct DrawStratum {
  std::string name;
  std::string filter;  // for display, e.g. "风险等级 高"
  std::string ratio;   // percent as written, e.g. "20"; empty when given by count
  std::int64_t count = 0;
  std::string root;                 // the pool's Merkle root, hex
  std::vector<PoolTarget> targets;  // in id order; may be left empty for ComputeDraw (see there)
  std::int64_t size = 0;            // the pool's size (= targets.size() when they are there)
  // The targets' leaf hashes, when parsed without their text (ParseBundle's `keep_text` false:
  // then `targets` carry only their ids).
  std::vector<std::array<std::uint8_t, 32>> leaves;
};

struct BundlePlan {
  std::int64_t id = 0;
  std::string code, title, agency, agency_code, item_code, item_name, area;
  int team_size = 2;
  std::string source, draw_date, published_at;
};

struct BundleInspector {
  std::int64_t id = 0;
  std::string name, cert_number;
  int load = 0;  // open assignments from earlier plans
};

struct BundleRecusal {
  std::int64_t inspector = 0, target = 0;
  std::string kind;  // relative, former_employment, prior_dealing, other, or "replacement"
};

struct BundleTeam {
  std::int64_t target = 0;
  std::vector<std::int64_t> inspectors;
  bool operator==(const BundleTeam&) const = default;
};

struct BundleReplacement {
  int seq = 0;
  std::int64_t target = 0, out = 0, in = 0;
  std::string reason;  // recusal | absence
  std::string note, at;
};

struct StratumDraw {
  std::string name, input, seed;
  std::vector<std::int64_t> selected;
};

struct BundleDraw {
  std::string public_value, drawn_at;
  std::vector<StratumDraw> strata;
  std::string team_seed;
  std::vector<BundleInspector> inspectors;
  std::vector<BundleRecusal> recusals;
  std::vector<BundleTeam> teams;
  std::vector<BundleReplacement> replacements;
  std::vector<BundleTeam> final_teams;
};

struct DrawBundle {
  BundlePlan plan;
  std::vector<DrawStratum> strata;
  std::optional<BundleDraw> draw;
};

// The RFC 9162 Merkle tree hash (hex) of the pool, leaf data "{id}\t{creditCode}\t{name}".
std::string PoolRoot(const std::vector<PoolTarget>& targets);
std::string Sha256HexOf(std::string_view data);
// SHA-256 as the draw engine takes it (domain::Sha256Fn), and a digest in lower-case hex.
domain::Digest32 Sha256Of(std::string_view data);
std::string HexOf(const domain::Digest32& d);

// The target ids at `positions` of stratum `stratum`'s pool, in that order: how a caller that
// keeps the pool elsewhere (the database) answers without loading it all.
using PoolLookup = std::function<Result<std::vector<std::int64_t>>(
    std::size_t stratum, const std::vector<std::int64_t>& positions)>;

// The draw from the published plan: inputs, seeds, selections, teams (`final_teams` = `teams`).
// `inspectors` and `recusals` as they stand at draw time. Selected positions are mapped to targets
// by `lookup`, or by the strata's `targets` without one. kInvalid naming the failed constraint
// (an empty pool, a count above it, too few eligible inspectors for a target…).
Result<BundleDraw> ComputeDraw(const DrawBundle& plan, std::string_view public_value,
                               std::vector<BundleInspector> inspectors,
                               std::vector<BundleRecusal> recusals, std::string_view drawn_at,
                               const PoolLookup& lookup = {});

// Replacement number `draw.replacements.size() + 1`: `out` leaves `target`'s team for `reason`;
// the successor is computed, appended to `draw.replacements` and applied to `draw.final_teams`.
// kInvalid when `out` is not on that team, the reason is unknown or nobody is left.
Result<std::int64_t> Replace(BundleDraw& draw, std::int64_t target, std::int64_t out,
                             std::string_view reason, std::string_view note, std::string_view at);

std::string BundleJson(const DrawBundle& b);
// The `draw` member alone ("null" before the draw): what the ledger's draw and replacement leaves
// digest (the pools are committed by their roots).
std::string DrawJson(const BundleDraw& d);
// kInvalid naming what is missing or malformed when the text is not a bundle. Without
// `keep_text` the pools' credit codes and names are hashed into their leaves as they are read and
// not kept (what verifying needs, at a fraction of the memory for a pool of millions).
Result<DrawBundle> ParseBundle(std::string_view json, bool keep_text = true);

// Recomputes everything the bundle states; nullopt when all of it matches, else the first
// difference in words (Chinese), e.g. "分层「高风险」抽中对象第 3 个: 包中为 17,重算为 4".
std::optional<std::string> FirstDifference(const DrawBundle& b);

}  // namespace sx::services
