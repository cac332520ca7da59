#include "domain/draw.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

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

namespace {

Status TooFewCertified(std::size_t certified, int team_size) {
  return Status::Invalid(fmt::format("持有有效执法证且执法类别、区域相符的执法人员只有 {} 名,"
                                     "少于每组所需的 {} 名",
                                     certified, team_size))
      .WithField("inspectors");
}

// Certified inspectors by load, each bucket's ids ascending.
class LoadBuckets {
 public:
  explicit LoadBuckets(const std::vector<DrawInspector>& inspectors) {
    for (const auto& i : inspectors) {
      if (i.certified) buckets_[i.load].push_back(i.id);
    }
    for (auto& [load, ids] : buckets_) std::sort(ids.begin(), ids.end());
  }

  // The least loaded inspector not in `skip` (small), the one at position Below(n) among the n
  // of that load in id order; nullopt when every one is skipped.
  std::optional<std::int64_t> Pick(DrawStream& stream, const std::vector<std::int64_t>& skip) {
    auto skipped = [&skip](std::int64_t id) {
      return std::find(skip.begin(), skip.end(), id) != skip.end();
    };
    for (auto& [load, ids] : buckets_) {
      std::size_t n = ids.size();
      for (std::int64_t s : skip) {
        if (std::binary_search(ids.begin(), ids.end(), s)) --n;
      }
      if (n == 0) continue;
      std::uint64_t r = stream.Below(n);
      for (std::size_t k = 0; k < ids.size(); ++k) {
        if (skipped(ids[k])) continue;
        if (r-- == 0) {
          const std::int64_t id = ids[k];
          const int next = load + 1;
          ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(k));
          if (ids.empty()) buckets_.erase(load);
          auto& up = buckets_[next];
          up.insert(std::lower_bound(up.begin(), up.end(), id), id);
          return id;
        }
      }
    }
    return std::nullopt;
  }

 private:
  std::map<int, std::vector<std::int64_t>> buckets_;
};

}  // namespace

Result<std::vector<std::vector<std::int64_t>>> FormTeams(DrawStream& stream,
                                                         const std::vector<std::int64_t>& targets,
                                                         std::vector<DrawInspector> inspectors,
                                                         int team_size,
                                                         const RecusalMap& recusals) {
  if (team_size < 2) {
    return Status::Invalid("每个检查对象至少由 2 名执法人员检查").WithField("teamSize");
  }
  std::unordered_set<std::int64_t> certified;
  for (const auto& i : inspectors) {
    if (i.certified) certified.insert(i.id);
  }
  if (certified.size() < static_cast<std::size_t>(team_size)) {
    return TooFewCertified(certified.size(), team_size);
  }
  LoadBuckets buckets(inspectors);
  std::vector<std::vector<std::int64_t>> teams;
  teams.reserve(targets.size());
  std::vector<std::int64_t> skip;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    skip.clear();
    if (const auto it = recusals.find(targets[t]); it != recusals.end()) {
      for (std::int64_t id : it->second) {
        if (certified.contains(id)) skip.push_back(id);
      }
      std::sort(skip.begin(), skip.end());
      skip.erase(std::unique(skip.begin(), skip.end()), skip.end());
    }
    const std::size_t eligible = certified.size() - skip.size();
    if (eligible < static_cast<std::size_t>(team_size)) {
      return Status::Invalid(fmt::format("第 {} 个抽中的检查对象(名录序号 {})回避后可派的执法人员"
                                         "只有 {} 名,少于每组所需的 {} 名",
                                         t + 1, targets[t], eligible, team_size))
          .WithField("recusals");
    }
    std::vector<std::int64_t> team;
    for (int m = 0; m < team_size; ++m) {
      const auto pick = buckets.Pick(stream, skip);
      team.push_back(*pick);  // there are enough: counted above
      skip.push_back(*pick);
    }
    teams.push_back(std::move(team));
  }
  return teams;
}

Result<std::vector<std::vector<std::int64_t>>> FormTeams(
    DrawStream& stream, const std::vector<std::int64_t>& targets,
    std::vector<DrawInspector> inspectors, int team_size,
    const std::function<bool(std::int64_t, std::int64_t)>& recused) {
  RecusalMap map;
  for (std::int64_t t : targets) {
    for (const auto& i : inspectors) {
      if (recused(t, i.id)) map[t].push_back(i.id);
    }
  }
  return FormTeams(stream, targets, std::move(inspectors), team_size, map);
}

Result<std::int64_t> PickReplacement(DrawStream& stream, std::vector<DrawInspector> inspectors,
                                     const std::vector<std::int64_t>& excluded) {
  std::vector<std::int64_t> skip(excluded);
  std::sort(skip.begin(), skip.end());
  skip.erase(std::unique(skip.begin(), skip.end()), skip.end());
  LoadBuckets buckets(inspectors);
  const auto pick = buckets.Pick(stream, skip);
  if (!pick) {
    return Status::Invalid(
               "除本组成员、回避和缺席人员外,已没有持有有效执法证且执法类别、区域相符的"
               "执法人员可以替换")
        .WithField("inspectors");
  }
  return *pick;
}

}  // namespace sx::domain
