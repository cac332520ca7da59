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

// The rule as docs/draw.md states it, written the plain way: for each member, the least loaded of
// the certified inspectors not recused and not yet on the team, the one at Below(n) in id order.
std::vector<std::vector<std::int64_t>> PlainTeams(DrawStream& stream,
                                                  const std::vector<std::int64_t>& targets,
                                                  std::vector<DrawInspector> inspectors, int size,
                                                  const RecusalMap& recusals) {
  std::sort(inspectors.begin(), inspectors.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<std::vector<std::int64_t>> teams;
  for (std::int64_t t : targets) {
    std::vector<std::int64_t> team;
    const auto it = recusals.find(t);
    for (int m = 0; m < size; ++m) {
      std::vector<DrawInspector*> eligible;
      for (auto& i : inspectors) {
        const bool recused = it != recusals.end() && std::find(it->second.begin(), it->second.end(),
                                                               i.id) != it->second.end();
        if (i.certified && !recused && std::find(team.begin(), team.end(), i.id) == team.end()) {
          eligible.push_back(&i);
        }
      }
      int least = INT32_MAX;
      for (auto* i : eligible) least = std::min(least, i->load);
      std::vector<DrawInspector*> lightest;
      for (auto* i : eligible) {
        if (i->load == least) lightest.push_back(i);
      }
      auto* pick = lightest[stream.Below(lightest.size())];
      ++pick->load;
      team.push_back(pick->id);
    }
    teams.push_back(team);
  }
  return teams;
}

TEST(Draw, BucketedTeamsEqualThePlainRule) {
  for (int round = 0; round < 200; ++round) {
    const Digest32 seed = Sha256("round " + std::to_string(round));
    DrawStream setup(seed, Sha256);
    const int n = 3 + static_cast<int>(setup.Below(30));
    std::vector<DrawInspector> inspectors;
    for (int i = 0; i < n; ++i) {
      inspectors.push_back({static_cast<std::int64_t>(100 + i * 7), setup.Below(10) != 0,
                            static_cast<int>(setup.Below(4))});
    }
    std::vector<std::int64_t> targets;
    RecusalMap recusals;
    for (int t = 0; t < 40; ++t) {
      targets.push_back(t * 3);
      for (int r = static_cast<int>(setup.Below(3)); r > 0; --r) {
        recusals[t * 3].push_back(inspectors[setup.Below(inspectors.size())].id);
      }
    }
    DrawStream a(seed, Sha256), b(seed, Sha256);
    auto fast = FormTeams(a, targets, inspectors, 2, recusals);
    if (!fast.ok()) continue;  // too few for some target: the plain rule would fail as well
    EXPECT_EQ(*fast, PlainTeams(b, targets, inspectors, 2, recusals)) << "round " << round;
    EXPECT_EQ(a.Next(), b.Next()) << "the same use of the stream";
  }
}

// The vectors docs/draw.md's other implementation (the portal's, web/src/ledger/draw.ts) checks.
TEST(Draw, KnownVectors) {
  DrawInput in{"ZZGJJ-CJ-2026-01/全部",
               "3b1c0f1e2d4a5b6c7d8e9f000102030405060708090a0b0c0d0e0f1011121314",
               1000,
               5,
               "深证成指 2026-12-01 收盘点数",
               "10234.56"};
  const Digest32 seed = DrawSeed(in, Sha256);
  EXPECT_EQ(seed[0], 0xff);
  EXPECT_EQ(seed[31], 0x97);
  DrawStream s(seed, Sha256);
  EXPECT_EQ(s.Next(), 18433994541432213551ULL);
  EXPECT_EQ(s.Next(), 2609540071183968087ULL);
  DrawStream sel(seed, Sha256);
  EXPECT_EQ(SelectIndices(sel, 1000, 5), (std::vector<std::int64_t>{551, 463, 561, 884, 756}));
  DrawStream teams(Sha256("teams"), Sha256);
  std::vector<DrawInspector> ins = {
      {1, true, 0}, {2, true, 0}, {3, true, 1}, {4, true, 0}, {5, true, 0}};
  auto t = FormTeams(teams, {10, 11, 12}, ins, 2, RecusalMap{{10, {1}}});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (std::vector<std::vector<std::int64_t>>{{4, 2}, {5, 1}, {1, 5}}));
}

TEST(Draw, ReplacementIsTheLeastLoadedNotExcluded) {
  DrawStream stream(Sha256("replacement"), Sha256);
  std::vector<DrawInspector> ins = {
      {1, true, 3}, {2, true, 1}, {3, false, 0}, {4, true, 1}, {5, true, 2}};
  auto pick = PickReplacement(stream, ins, {2});
  ASSERT_TRUE(pick.ok());
  EXPECT_EQ(*pick, 4);  // 3 is not certified, 2 excluded; 4 the lightest left
  auto none = PickReplacement(stream, ins, {1, 2, 4, 5});
  EXPECT_EQ(none.status().field(), "inspectors");
}

}  // namespace
}  // namespace sx::domain
