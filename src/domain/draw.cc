#include "domain/draw.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

namespace sx::domain {

namespace {

bool OneLine(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

}  // namespace

Status ValidateDrawInput(const DrawInput& in) {
  const std::pair<std::string_view, std::string_view> texts[] = {{in.plan, "plan"},
                                                                 {in.pool_root, "poolRoot"},
                                                                 {in.source, "source"},
                                                                 {in.public_value, "publicValue"}};
  for (const auto& [value, field] : texts) {
    if (value.empty()) return Status::Invalid("缺少抽取所需的信息").WithField(std::string(field));
    if (!OneLine(value) || value.size() > 500) {
      return Status::Invalid("抽取信息应为一行,且不超过 500 字节").WithField(std::string(field));
    }
  }
  if (in.pool_size < 1) return Status::Invalid("检查对象名录为空,无法抽取").WithField("poolSize");
  if (in.count < 1) return Status::Invalid("抽取数量应至少为 1").WithField("count");
  if (in.count > in.pool_size) {
    return Status::Invalid(fmt::format("抽取数量 {} 超过名录中的对象数 {}(比例不能超过 100%)",
                                       in.count, in.pool_size))
        .WithField("count");
  }
  return Status::Ok();
}

std::string CanonicalDrawInput(const DrawInput& in) {
  return fmt::format(
      "algorithm={}\nplan={}\npool_root={}\npool_size={}\ncount={}\nsource={}\npublic_value={}\n",
      kDrawAlgorithm, in.plan, in.pool_root, in.pool_size, in.count, in.source, in.public_value);
}

Digest32 DrawSeed(const DrawInput& in, const Sha256Fn& sha256) {
  return sha256(CanonicalDrawInput(in));
}

std::uint64_t DrawStream::Next() {
  if (used_ == 4) {
    std::string data(reinterpret_cast<const char*>(seed_.data()), seed_.size());
    for (int i = 7; i >= 0; --i) data.push_back(static_cast<char>((counter_ >> (8 * i)) & 0xff));
    block_ = sha256_(data);
    ++counter_;
    used_ = 0;
  }
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | block_[static_cast<std::size_t>(used_ * 8 + i)];
  ++used_;
  return v;
}

std::uint64_t DrawStream::Below(std::uint64_t n) {
  // The largest multiple of n that fits: values at or above it would favour the low residues.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n + 1) % n;
  for (;;) {
    const std::uint64_t v = Next();
    if (v <= limit) return v % n;
  }
}

std::vector<std::int64_t> SelectIndices(DrawStream& stream, std::int64_t n, std::int64_t k) {
  // Positions i < k of a shuffled 0…n-1, swapping lazily: `moved` holds the cells not at home.
  std::unordered_map<std::int64_t, std::int64_t> moved;
  auto at = [&moved](std::int64_t i) {
    const auto it = moved.find(i);
    return it == moved.end() ? i : it->second;
  };
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(k));
  for (std::int64_t i = 0; i < k; ++i) {
    const std::int64_t j =
        i + static_cast<std::int64_t>(stream.Below(static_cast<std::uint64_t>(n - i)));
    const std::int64_t vi = at(i), vj = at(j);
    moved[j] = vi;
    moved[i] = vj;
    out.push_back(vj);
  }
  return out;
}

Result<std::vector<std::vector<std::int64_t>>> FormTeams(
    DrawStream& stream, const std::vector<std::int64_t>& targets,
    std::vector<DrawInspector> inspectors, int team_size,
    const std::function<bool(std::int64_t, std::int64_t)>& recused) {
  if (team_size < 2) {
    return Status::Invalid("每个检查对象至少由 2 名执法人员检查").WithField("teamSize");
  }
  // A fixed order, so the result depends on the set of inspectors, not on how it was listed.
  std::sort(inspectors.begin(), inspectors.end(),
            [](const DrawInspector& a, const DrawInspector& b) { return a.id < b.id; });
  const auto certified = std::count_if(inspectors.begin(), inspectors.end(),
                                       [](const DrawInspector& i) { return i.certified; });
  if (certified < team_size) {
    return Status::Invalid(fmt::format("持有有效执法证且执法类别、区域相符的执法人员只有 {} 名,"
                                       "少于每组所需的 {} 名",
                                       certified, team_size))
        .WithField("inspectors");
  }
  std::vector<std::vector<std::int64_t>> teams;
  teams.reserve(targets.size());
  for (std::size_t t = 0; t < targets.size(); ++t) {
    std::vector<std::size_t> eligible;
    for (std::size_t i = 0; i < inspectors.size(); ++i) {
      if (inspectors[i].certified && !recused(targets[t], inspectors[i].id)) eligible.push_back(i);
    }
    if (static_cast<int>(eligible.size()) < team_size) {
      return Status::Invalid(fmt::format("第 {} 个抽中的检查对象(名录序号 {})回避后可派的执法人员"
                                         "只有 {} 名,少于每组所需的 {} 名",
                                         t + 1, targets[t], eligible.size(), team_size))
          .WithField("recusals");
    }
    std::vector<std::int64_t> team;
    for (int m = 0; m < team_size; ++m) {
      // The least loaded of those still eligible, one of them by the stream.
      int least = INT32_MAX;
      for (std::size_t i : eligible) least = std::min(least, inspectors[i].load);
      std::vector<std::size_t> lightest;
      for (std::size_t i : eligible) {
        if (inspectors[i].load == least) lightest.push_back(i);
      }
      const std::size_t pick = lightest[stream.Below(lightest.size())];
      team.push_back(inspectors[pick].id);
      ++inspectors[pick].load;
      eligible.erase(std::find(eligible.begin(), eligible.end(), pick));
    }
    teams.push_back(std::move(team));
  }
  return teams;
}

}  // namespace sx::domain
