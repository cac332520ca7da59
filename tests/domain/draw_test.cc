// The draw (双随机, RULES.md §6): the seed from the published input, the same result for the same
// input, no selection bias (chi-square over many seeds), recusals never violated, load balanced,
// and bad input refused with the constraint named.
#include <openssl/sha.h>

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "domain/draw.h"

namespace sx::domain {
namespace {

Digest32 Sha256(std::string_view data) {
  Digest32 out{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
  return out;
}

DrawInput Input(std::string value = "3012.34", std::int64_t pool = 1000, std::int64_t count = 50) {
  return {"zzgjj-2026-03",
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          pool,
          count,
          "上证指数 2026-12-01 收盘价",
          std::move(value)};
}

TEST(Draw, TheSeedHashesTheCanonicalInputAndEveryFieldCounts) {
  const DrawInput in = Input();
  EXPECT_EQ(
      CanonicalDrawInput(in),
      "algorithm=sx-draw-v1\nplan=zzgjj-2026-03\npool_root=9f86d081884c7d659a2feaa0c55ad015a3bf4"
      "f1b2b0b822cd15d6c15b0f00a08\npool_size=1000\ncount=50\nsource=上证指数 2026-12-01 收盘价\n"
      "public_value=3012.34\n");
  EXPECT_EQ(DrawSeed(in, Sha256), Sha256(CanonicalDrawInput(in)));
  EXPECT_NE(DrawSeed(in, Sha256), DrawSeed(Input("3012.35"), Sha256));
  DrawInput other = in;
  other.pool_root[0] = 'a';
  EXPECT_NE(DrawSeed(in, Sha256), DrawSeed(other, Sha256));
}

TEST(Draw, TheSameInputAlwaysGivesTheSameTargets) {
  const Digest32 seed = DrawSeed(Input(), Sha256);
  DrawStream a(seed, Sha256), b(seed, Sha256);
  const auto first = SelectIndices(a, 1'000'000, 10'000);
  EXPECT_EQ(first, SelectIndices(b, 1'000'000, 10'000));
  EXPECT_EQ(std::set<std::int64_t>(first.begin(), first.end()).size(), first.size());
  EXPECT_TRUE(std::all_of(first.begin(), first.end(),
                          [](std::int64_t i) { return i >= 0 && i < 1'000'000; }));
  DrawStream c(DrawSeed(Input("3012.35"), Sha256), Sha256);
  EXPECT_NE(first, SelectIndices(c, 1'000'000, 10'000));
  // All of a pool, in some order.
  DrawStream d(seed, Sha256);
  auto all = SelectIndices(d, 20, 20);
  std::sort(all.begin(), all.end());
  for (std::int64_t i = 0; i < 20; ++i) EXPECT_EQ(all[static_cast<std::size_t>(i)], i);
}

TEST(Draw, NoSelectionBiasOverManySeeds) {
  // 3 of 20, 20,000 seeds: each index should be drawn 3,000 times; chi-square with 19 degrees of
  // freedom stays under 43.82 (p = 0.001) unless the selection is biased.
  constexpr int kN = 20, kK = 3, kSeeds = 20'000;
  std::vector<int> counts(kN, 0);
  std::map<std::int64_t, int> firsts;
  for (int s = 0; s < kSeeds; ++s) {
    DrawStream stream(DrawSeed(Input(std::to_string(s)), Sha256), Sha256);
    const auto picked = SelectIndices(stream, kN, kK);
    for (std::int64_t i : picked) ++counts[static_cast<std::size_t>(i)];
    ++firsts[picked.front()];
  }
  const double expected = static_cast<double>(kSeeds) * kK / kN;
  double chi2 = 0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 43.82) << "chi-square " << chi2;
  // And the first pick alone (order matters for replacements) is uniform too.
  const double first_expected = static_cast<double>(kSeeds) / kN;
  double chi2_first = 0;
  for (int i = 0; i < kN; ++i) {
    const double c = firsts[i];
    chi2_first += (c - first_expected) * (c - first_expected) / first_expected;
  }
  EXPECT_LT(chi2_first, 43.82) << "chi-square of the first pick " << chi2_first;
}

TEST(Draw, BelowNeverReturnsOutOfRangeAndHandlesAwkwardSizes) {
  DrawStream stream(DrawSeed(Input(), Sha256), Sha256);
  for (std::uint64_t n :
       std::initializer_list<std::uint64_t>{1, 2, 3, 7, (1ull << 63) + 1, UINT64_MAX}) {
    for (int i = 0; i < 100; ++i) EXPECT_LT(stream.Below(n), n);
  }
}

TEST(Draw, TeamsRespectRecusalsCertificatesAndLoad) {
  std::vector<DrawInspector> inspectors;
  for (int i = 1; i <= 10; ++i) inspectors.push_back({i, i != 10, 0});  // 10 is not certified
  DrawStream stream(DrawSeed(Input(), Sha256), Sha256);
  const auto targets = SelectIndices(stream, 1000, 45);
  // Inspector t % 9 + 1 has a conflict with target t (a relative, a former employer, …).
  auto recused = [](std::int64_t target, std::int64_t inspector) {
    return inspector == target % 9 + 1;
  };
  auto teams = FormTeams(stream, targets, inspectors, 2, recused);
  ASSERT_TRUE(teams.ok()) << teams.status().message();
  ASSERT_EQ(teams->size(), targets.size());
  std::map<std::int64_t, int> load;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const auto& team = (*teams)[t];
    ASSERT_EQ(team.size(), 2u);
    EXPECT_NE(team[0], team[1]);
    for (std::int64_t m : team) {
      EXPECT_FALSE(recused(targets[t], m)) << "target " << targets[t] << " inspector " << m;
      EXPECT_NE(m, 10) << "not certified";
      ++load[m];
    }
  }
  // 90 assignments over the 9 certified inspectors, as even as the recusals allow.
  ASSERT_EQ(load.size(), 9u);
  int lo = INT32_MAX, hi = 0;
  for (const auto& [id, n] : load) lo = std::min(lo, n), hi = std::max(hi, n);
  EXPECT_LE(hi - lo, 1) << "loads from " << lo << " to " << hi;
  // The same input, the same teams; the inspectors' order does not matter.
  DrawStream again(DrawSeed(Input(), Sha256), Sha256);
  SelectIndices(again, 1000, 45);
  std::reverse(inspectors.begin(), inspectors.end());
  auto same = FormTeams(again, targets, inspectors, 2, recused);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, *teams);
}

TEST(Draw, BadInputIsRefusedNamingTheConstraint) {
  EXPECT_TRUE(ValidateDrawInput(Input()).ok());
  EXPECT_EQ(ValidateDrawInput(Input("3012.34", 0, 1)).field(), "poolSize");
  EXPECT_EQ(ValidateDrawInput(Input("3012.34", 10, 0)).field(), "count");
  EXPECT_EQ(ValidateDrawInput(Input("3012.34", 10, 11)).field(), "count");  // over 100%
  EXPECT_EQ(ValidateDrawInput(Input("")).field(), "publicValue");
  EXPECT_EQ(ValidateDrawInput(Input("30\n12")).field(), "publicValue");
  DrawStream stream(DrawSeed(Input(), Sha256), Sha256);
  std::vector<DrawInspector> two = {{1, true, 0}, {2, false, 0}};
  auto few = FormTeams(stream, {5}, two, 2, [](std::int64_t, std::int64_t) { return false; });
  EXPECT_EQ(few.status().field(), "inspectors");
  std::vector<DrawInspector> three = {{1, true, 0}, {2, true, 0}, {3, true, 0}};
  auto recusal = FormTeams(stream, {5, 6}, three, 2,
                           [](std::int64_t t, std::int64_t i) { return t == 6 && i != 3; });
  EXPECT_EQ(recusal.status().field(), "recusals");
  EXPECT_NE(recusal.status().message().find("第 2 个"), std::string::npos);
  EXPECT_EQ(FormTeams(stream, {5}, three, 1, [](std::int64_t, std::int64_t) { return false; })
                .status()
                .field(),
            "teamSize");
}

}  // namespace
}  // namespace sx::domain
