#include "services/draw_bundle.h"

#include <sodium.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/draw.h"
#include "ledger/merkle.h"

namespace sx::services {

namespace json = boost::json;

namespace {

domain::Digest32 Sha256(std::string_view data) {
  domain::Digest32 out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

template <typename Bytes>
std::string Hex(const Bytes& d) {
  std::string out(d.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), d.data(), d.size());
  out.pop_back();
  return out;
}

std::optional<domain::Digest32> FromHex(std::string_view hex) {
  domain::Digest32 out{};
  std::size_t len = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != 32) {
    return std::nullopt;
  }
  return out;
}

std::string TeamSeedText(const std::vector<StratumDraw>& strata) {
  std::string text = "sx-draw-v1/teams\n";
  for (const auto& s : strata) text += s.seed + "\n";
  return text;
}

std::vector<domain::DrawInspector> Loads(const BundleDraw& d) {
  std::vector<domain::DrawInspector> out;
  out.reserve(d.inspectors.size());
  std::unordered_map<std::int64_t, std::size_t> at;
  for (const auto& i : d.inspectors) {
    at[i.id] = out.size();
    out.push_back({i.id, true, i.load});
  }
  for (const auto& team : d.final_teams) {
    for (std::int64_t m : team.inspectors) {
      if (auto it = at.find(m); it != at.end()) ++out[it->second].load;
    }
  }
  return out;
}

std::string Ids(const std::vector<std::int64_t>& ids) {
  return fmt::format("[{}]", fmt::join(ids, ", "));
}

}  // namespace

std::string Sha256HexOf(std::string_view data) { return Hex(Sha256(data)); }

std::string PoolRoot(const std::vector<PoolTarget>& targets) {
  if (targets.empty()) return Hex(ledger::EmptyRoot());
  // RFC 9162's tree hash, bottom up: pairs hashed level by level, an odd last node carried up.
  std::vector<ledger::Hash> level;
  level.reserve(targets.size());
  for (const auto& t : targets) {
    level.push_back(ledger::LeafHash(fmt::format("{}\t{}\t{}", t.id, t.credit_code, t.name)));
  }
  while (level.size() > 1) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < level.size(); i += 2) {
      level[w++] = i + 1 < level.size() ? ledger::NodeHash(level[i], level[i + 1]) : level[i];
    }
    level.resize(w);
  }
  return Hex(level.front());
}

Result<BundleDraw> ComputeDraw(const DrawBundle& plan, std::string_view public_value,
                               std::vector<BundleInspector> inspectors,
                               std::vector<BundleRecusal> recusals, std::string_view drawn_at) {
  if (plan.strata.empty()) return Status::Invalid("计划没有分层,无法抽取").WithField("strata");
  BundleDraw d;
  d.public_value = std::string(public_value);
  d.drawn_at = std::string(drawn_at);
  std::vector<std::int64_t> targets;
  for (const auto& s : plan.strata) {
    domain::DrawInput in{fmt::format("{}/{}", plan.plan.code, s.name),
                         s.root,
                         static_cast<std::int64_t>(s.targets.size()),
                         s.count,
                         plan.plan.source,
                         std::string(public_value)};
    if (Status st = domain::ValidateDrawInput(in); !st.ok()) {
      return Status::Invalid(fmt::format("分层「{}」: {}", s.name, st.message()))
          .WithField(st.field());
    }
    StratumDraw sd;
    sd.name = s.name;
    sd.input = domain::CanonicalDrawInput(in);
    const auto seed = Sha256(sd.input);
    sd.seed = Hex(seed);
    domain::DrawStream stream(seed, Sha256);
    for (std::int64_t i : domain::SelectIndices(stream, in.pool_size, in.count)) {
      sd.selected.push_back(s.targets[static_cast<std::size_t>(i)].id);
      targets.push_back(sd.selected.back());
    }
    d.strata.push_back(std::move(sd));
  }
  std::sort(inspectors.begin(), inspectors.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  std::sort(recusals.begin(), recusals.end(), [](const auto& a, const auto& b) {
    return std::tie(a.target, a.inspector) < std::tie(b.target, b.inspector);
  });
  d.inspectors = std::move(inspectors);
  d.recusals = std::move(recusals);
  const auto team_seed = Sha256(TeamSeedText(d.strata));
  d.team_seed = Hex(team_seed);
  domain::RecusalMap map;
  for (const auto& r : d.recusals) map[r.target].push_back(r.inspector);
  std::vector<domain::DrawInspector> pool;
  for (const auto& i : d.inspectors) pool.push_back({i.id, true, i.load});
  domain::DrawStream stream(team_seed, Sha256);
  auto teams = domain::FormTeams(stream, targets, std::move(pool), plan.plan.team_size, map);
  if (!teams.ok()) return teams.status();
  for (std::size_t t = 0; t < targets.size(); ++t) {
    d.teams.push_back({targets[t], std::move((*teams)[t])});
  }
  d.final_teams = d.teams;
  return d;
}

Result<std::int64_t> Replace(const DrawBundle& plan, BundleDraw& draw, std::int64_t target,
                             std::int64_t out, std::string_view reason, std::string_view note,
                             std::string_view at) {
  (void)plan;
  if (reason != "recusal" && reason != "absence") {
    return Status::Invalid("更换原因应为 recusal(回避)或 absence(缺席)").WithField("reason");
  }
  auto team = std::find_if(draw.final_teams.begin(), draw.final_teams.end(),
                           [target](const BundleTeam& t) { return t.target == target; });
  if (team == draw.final_teams.end()) {
    return Status::Invalid("该检查对象不在本次抽中的名单中").WithField("targetId");
  }
  auto member = std::find(team->inspectors.begin(), team->inspectors.end(), out);
  if (member == team->inspectors.end()) {
    return Status::Invalid("该执法人员不在这一检查组中").WithField("inspectorId");
  }
  const auto seed = FromHex(draw.team_seed);
  if (!seed) return Status::Invalid("抽取记录中的分组种子无效").WithField("teamSeed");
  const int seq = static_cast<int>(draw.replacements.size()) + 1;
  domain::DrawStream stream(
      Sha256(fmt::format("sx-draw-v1/replacement\n{}\n{}", draw.team_seed, seq)), Sha256);
  // Excluded: the team as it stands (the one leaving included), those recused for the target
  // (earlier recusal replacements count), and whoever was absent from any team of the plan.
  std::vector<std::int64_t> excluded(team->inspectors);
  for (const auto& r : draw.recusals) {
    if (r.target == target) excluded.push_back(r.inspector);
  }
  for (const auto& r : draw.replacements) {
    if (r.reason == "absence" || (r.reason == "recusal" && r.target == target)) {
      excluded.push_back(r.out);
    }
  }
  auto pick = domain::PickReplacement(stream, Loads(draw), excluded);
  if (!pick.ok()) return pick.status();
  *member = *pick;
  draw.replacements.push_back(
      {seq, target, out, *pick, std::string(reason), std::string(note), std::string(at)});
  return *pick;
}

// ---- JSON -------------------------------------------------------------------------------------

namespace {

json::array IdArray(const std::vector<std::int64_t>& ids) {
  json::array a;
  a.reserve(ids.size());
  for (auto id : ids) a.push_back(id);
  return a;
}

json::array Teams(const std::vector<BundleTeam>& teams) {
  json::array a;
  a.reserve(teams.size());
  for (const auto& t : teams) {
    a.push_back(json::object{{"target", t.target}, {"inspectors", IdArray(t.inspectors)}});
  }
  return a;
}

}  // namespace

std::string BundleJson(const DrawBundle& b) {
  const auto& p = b.plan;
  json::object plan{{"id", p.id},
                    {"code", p.code},
                    {"title", p.title},
                    {"agency", p.agency},
                    {"agencyCode", p.agency_code},
                    {"item", json::object{{"code", p.item_code}, {"name", p.item_name}}},
                    {"area", p.area},
                    {"teamSize", p.team_size},
                    {"source", p.source},
                    {"drawDate", p.draw_date},
                    {"publishedAt", p.published_at}};
  // The pools can hold a million targets: written straight out rather than built as a tree.
  std::string out = fmt::format(R"({{"format":"{}","algorithm":"{}","plan":{},"strata":[)",
                                kDrawBundleFormat, domain::kDrawAlgorithm, json::serialize(plan));
  for (std::size_t i = 0; i < b.strata.size(); ++i) {
    const auto& s = b.strata[i];
    json::object head{{"name", s.name}, {"filter", s.filter}};
    if (!s.ratio.empty()) head["ratio"] = s.ratio;
    head["count"] = s.count;
    std::string h = json::serialize(head);
    h.pop_back();
    out += (i ? "," : "") + h;
    out += fmt::format(R"(,"pool":{{"size":{},"root":"{}","targets":[)", s.targets.size(), s.root);
    for (std::size_t t = 0; t < s.targets.size(); ++t) {
      const auto& target = s.targets[t];
      out += fmt::format(R"({}{{"id":{},"creditCode":{},"name":{}}})", t ? "," : "", target.id,
                         json::serialize(json::string(target.credit_code)),
                         json::serialize(json::string(target.name)));
    }
    out += "]}}";
  }
  out += R"(],"draw":)";
  if (!b.draw) {
    out += "null}";
    return out;
  }
  const auto& d = *b.draw;
  json::array strata, inspectors, recusals, replacements;
  for (const auto& s : d.strata) {
    strata.push_back(json::object{
        {"name", s.name}, {"input", s.input}, {"seed", s.seed}, {"selected", IdArray(s.selected)}});
  }
  for (const auto& i : d.inspectors) {
    inspectors.push_back(json::object{
        {"id", i.id}, {"name", i.name}, {"certNumber", i.cert_number}, {"load", i.load}});
  }
  for (const auto& r : d.recusals) {
    recusals.push_back(
        json::object{{"inspector", r.inspector}, {"target", r.target}, {"kind", r.kind}});
  }
  for (const auto& r : d.replacements) {
    replacements.push_back(json::object{{"seq", r.seq},
                                        {"target", r.target},
                                        {"out", r.out},
                                        {"in", r.in},
                                        {"reason", r.reason},
                                        {"note", r.note},
                                        {"at", r.at}});
  }
  out += json::serialize(json::object{{"publicValue", d.public_value},
                                      {"drawnAt", d.drawn_at},
                                      {"strata", std::move(strata)},
                                      {"teamSeed", d.team_seed},
                                      {"inspectors", std::move(inspectors)},
                                      {"recusals", std::move(recusals)},
                                      {"teams", Teams(d.teams)},
                                      {"replacements", std::move(replacements)},
                                      {"finalTeams", Teams(d.final_teams)}});
  out += "}";
  return out;
}

namespace {

// Field access that names what is wrong instead of throwing.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}
  const Status& status() const { return status_; }

  const json::object* Object(const json::value* v, std::string_view what) {
    if (v != nullptr && v->is_object()) return &v->get_object();
    Fail(what, "应为对象");
    return nullptr;
  }
  const json::array* Array(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v != nullptr && v->is_array()) return &v->get_array();
    Fail(key, "应为数组");
    return nullptr;
  }
  std::string String(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v != nullptr && v->is_string()) return std::string(v->get_string());
    Fail(key, "应为字符串");
    return {};
  }
  std::int64_t Int(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v != nullptr && v->is_int64()) return v->get_int64();
    if (v != nullptr && v->is_uint64() && v->get_uint64() <= INT64_MAX) {
      return static_cast<std::int64_t>(v->get_uint64());
    }
    Fail(key, "应为整数");
    return 0;
  }
  std::vector<std::int64_t> Ints(const json::object& o, std::string_view key) {
    std::vector<std::int64_t> out;
    const auto* a = Array(o, key);
    if (a == nullptr) return out;
    for (const auto& v : *a) {
      if (v.is_int64()) {
        out.push_back(v.get_int64());
      } else {
        Fail(key, "应为整数数组");
        break;
      }
    }
    return out;
  }
  std::vector<BundleTeam> TeamList(const json::object& o, std::string_view key) {
    std::vector<BundleTeam> out;
    const auto* a = Array(o, key);
    if (a == nullptr) return out;
    for (const auto& v : *a) {
      const auto* t = Object(&v, key);
      if (t == nullptr) break;
      out.push_back({Int(*t, "target"), Ints(*t, "inspectors")});
    }
    return out;
  }
  void Fail(std::string_view key, std::string_view what) {
    if (status_.ok()) {
      status_ = Status::Invalid(fmt::format("不是有效的抽取结果包: {}{} {}", path_, key, what))
                    .WithField(std::string(key));
    }
  }

 private:
  std::string path_;
  Status status_ = Status::Ok();
};

}  // namespace

Result<DrawBundle> ParseBundle(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) return Status::Invalid(fmt::format("不是有效的 JSON: {}", ec.message()));
  Reader r("");
  const auto* o = r.Object(&root, "bundle");
  if (o == nullptr) return r.status();
  if (r.String(*o, "format") != kDrawBundleFormat) {
    return Status::Invalid(fmt::format("不是 {} 格式的抽取结果包", kDrawBundleFormat))
        .WithField("format");
  }
  if (r.String(*o, "algorithm") != domain::kDrawAlgorithm) {
    return Status::Invalid(fmt::format("不支持的抽取算法(本程序为 {})", domain::kDrawAlgorithm))
        .WithField("algorithm");
  }
  DrawBundle b;
  if (const auto* p = r.Object(o->if_contains("plan"), "plan")) {
    b.plan.id = r.Int(*p, "id");
    b.plan.code = r.String(*p, "code");
    b.plan.title = r.String(*p, "title");
    b.plan.agency = r.String(*p, "agency");
    b.plan.agency_code = r.String(*p, "agencyCode");
    if (const auto* item = r.Object(p->if_contains("item"), "item")) {
      b.plan.item_code = r.String(*item, "code");
      b.plan.item_name = r.String(*item, "name");
    }
    b.plan.area = r.String(*p, "area");
    b.plan.team_size = static_cast<int>(r.Int(*p, "teamSize"));
    b.plan.source = r.String(*p, "source");
    b.plan.draw_date = r.String(*p, "drawDate");
    b.plan.published_at = r.String(*p, "publishedAt");
  }
  if (const auto* strata = r.Array(*o, "strata")) {
    for (const auto& v : *strata) {
      const auto* s = r.Object(&v, "strata");
      if (s == nullptr) break;
      DrawStratum ds;
      ds.name = r.String(*s, "name");
      ds.filter = r.String(*s, "filter");
      if (s->contains("ratio")) ds.ratio = r.String(*s, "ratio");
      ds.count = r.Int(*s, "count");
      if (const auto* pool = r.Object(s->if_contains("pool"), "pool")) {
        ds.root = r.String(*pool, "root");
        const auto size = r.Int(*pool, "size");
        if (const auto* targets = r.Array(*pool, "targets")) {
          ds.targets.reserve(targets->size());
          for (const auto& tv : *targets) {
            const auto* t = r.Object(&tv, "targets");
            if (t == nullptr) break;
            ds.targets.push_back(
                {r.Int(*t, "id"), r.String(*t, "creditCode"), r.String(*t, "name")});
          }
          if (r.status().ok() && size != static_cast<std::int64_t>(ds.targets.size())) {
            return Status::Invalid(fmt::format("分层「{}」的名录大小为 {},但列出了 {} 个对象",
                                               ds.name, size, ds.targets.size()))
                .WithField("size");
          }
        }
      }
      b.strata.push_back(std::move(ds));
      if (!r.status().ok()) break;
    }
  }
  if (!r.status().ok()) return r.status();
  const auto* dv = o->if_contains("draw");
  if (dv == nullptr) return Status::Invalid("不是有效的抽取结果包: 缺少 draw").WithField("draw");
  if (dv->is_null()) return b;
  const auto* d = r.Object(dv, "draw");
  if (d == nullptr) return r.status();
  BundleDraw bd;
  bd.public_value = r.String(*d, "publicValue");
  bd.drawn_at = r.String(*d, "drawnAt");
  if (const auto* strata = r.Array(*d, "strata")) {
    for (const auto& v : *strata) {
      const auto* s = r.Object(&v, "draw.strata");
      if (s == nullptr) break;
      bd.strata.push_back({r.String(*s, "name"), r.String(*s, "input"), r.String(*s, "seed"),
                           r.Ints(*s, "selected")});
    }
  }
  bd.team_seed = r.String(*d, "teamSeed");
  if (const auto* inspectors = r.Array(*d, "inspectors")) {
    for (const auto& v : *inspectors) {
      const auto* i = r.Object(&v, "inspectors");
      if (i == nullptr) break;
      bd.inspectors.push_back({r.Int(*i, "id"), r.String(*i, "name"), r.String(*i, "certNumber"),
                               static_cast<int>(r.Int(*i, "load"))});
    }
  }
  if (const auto* recusals = r.Array(*d, "recusals")) {
    for (const auto& v : *recusals) {
      const auto* x = r.Object(&v, "recusals");
      if (x == nullptr) break;
      bd.recusals.push_back({r.Int(*x, "inspector"), r.Int(*x, "target"), r.String(*x, "kind")});
    }
  }
  bd.teams = r.TeamList(*d, "teams");
  if (const auto* reps = r.Array(*d, "replacements")) {
    for (const auto& v : *reps) {
      const auto* x = r.Object(&v, "replacements");
      if (x == nullptr) break;
      bd.replacements.push_back({static_cast<int>(r.Int(*x, "seq")), r.Int(*x, "target"),
                                 r.Int(*x, "out"), r.Int(*x, "in"), r.String(*x, "reason"),
                                 r.String(*x, "note"), r.String(*x, "at")});
    }
  }
  bd.final_teams = r.TeamList(*d, "finalTeams");
  if (!r.status().ok()) return r.status();
  b.draw = std::move(bd);
  return b;
}

std::optional<std::string> FirstDifference(const DrawBundle& b) {
  std::set<std::int64_t> seen;
  for (const auto& s : b.strata) {
    for (std::size_t i = 0; i < s.targets.size(); ++i) {
      if (i > 0 && s.targets[i].id <= s.targets[i - 1].id) {
        return fmt::format("分层「{}」的名录未按对象编号升序排列(第 {} 个)", s.name, i + 1);
      }
      if (!seen.insert(s.targets[i].id).second) {
        return fmt::format("对象 {} 出现在不止一个分层中", s.targets[i].id);
      }
    }
    const std::string root = PoolRoot(s.targets);
    if (root != s.root) {
      return fmt::format("分层「{}」的名录根哈希: 包中为 {},按名录重算为 {}", s.name, s.root, root);
    }
  }
  if (!b.draw) return std::nullopt;
  const auto& d = *b.draw;
  auto again = ComputeDraw(b, d.public_value, d.inspectors, d.recusals, d.drawn_at);
  if (!again.ok()) return fmt::format("按包中数据无法重算: {}", again.status().message());
  if (d.strata.size() != again->strata.size()) {
    return fmt::format("抽取记录的分层数: 包中为 {},应为 {}", d.strata.size(),
                       again->strata.size());
  }
  for (std::size_t i = 0; i < d.strata.size(); ++i) {
    const auto& got = d.strata[i];
    const auto& want = again->strata[i];
    if (got.name != want.name) {
      return fmt::format("第 {} 个分层的名称: 包中为「{}」,应为「{}」", i + 1, got.name, want.name);
    }
    if (got.input != want.input) {
      // The first line that differs, e.g. public_value=… against the plan's.
      std::size_t a = 0, b = 0, line = 1;
      for (;; ++line) {
        const std::size_t ea = got.input.find('\n', a), eb = want.input.find('\n', b);
        const std::string_view la = std::string_view(got.input).substr(a, ea - a);
        const std::string_view lb = std::string_view(want.input).substr(b, eb - b);
        if (la != lb || ea == std::string::npos || eb == std::string::npos) {
          return fmt::format("分层「{}」的规范输入第 {} 行: 包中为“{}”,按计划和公开随机数应为“{}”",
                             got.name, line, la, lb);
        }
        a = ea + 1;
        b = eb + 1;
      }
    }
    if (got.seed != want.seed) {
      return fmt::format("分层「{}」的种子: 包中为 {},重算为 {}", got.name, got.seed, want.seed);
    }
    for (std::size_t k = 0; k < std::max(got.selected.size(), want.selected.size()); ++k) {
      if (k >= got.selected.size() || k >= want.selected.size() ||
          got.selected[k] != want.selected[k]) {
        return fmt::format("分层「{}」抽中对象第 {} 个: 包中为 {},重算为 {}", got.name, k + 1,
                           k < got.selected.size() ? std::to_string(got.selected[k]) : "(无)",
                           k < want.selected.size() ? std::to_string(want.selected[k]) : "(无)");
      }
    }
  }
  if (d.team_seed != again->team_seed) {
    return fmt::format("分组种子: 包中为 {},重算为 {}", d.team_seed, again->team_seed);
  }
  for (std::size_t k = 0; k < std::max(d.teams.size(), again->teams.size()); ++k) {
    if (k >= d.teams.size() || k >= again->teams.size() || !(d.teams[k] == again->teams[k])) {
      return fmt::format(
          "第 {} 个检查组: 包中为 {},重算为 {}", k + 1,
          k < d.teams.size()
              ? fmt::format("对象 {} {}", d.teams[k].target, Ids(d.teams[k].inspectors))
              : "(无)",
          k < again->teams.size()
              ? fmt::format("对象 {} {}", again->teams[k].target, Ids(again->teams[k].inspectors))
              : "(无)");
    }
  }
  BundleDraw replay = *again;
  for (const auto& r : d.replacements) {
    if (r.seq != static_cast<int>(replay.replacements.size()) + 1) {
      return fmt::format("更换记录的序号: 包中为 {},应为 {}", r.seq,
                         replay.replacements.size() + 1);
    }
    auto in = Replace(b, replay, r.target, r.out, r.reason, r.note, r.at);
    if (!in.ok()) return fmt::format("第 {} 次更换无法重算: {}", r.seq, in.status().message());
    if (*in != r.in) {
      return fmt::format("第 {} 次更换(对象 {} 的 {} 离组): 包中换入 {},重算为 {}", r.seq, r.target,
                         r.out, r.in, *in);
    }
  }
  for (std::size_t k = 0; k < std::max(d.final_teams.size(), replay.final_teams.size()); ++k) {
    if (k >= d.final_teams.size() || k >= replay.final_teams.size() ||
        !(d.final_teams[k] == replay.final_teams[k])) {
      return fmt::format(
          "更换后第 {} 个检查组: 包中为 {},重算为 {}", k + 1,
          k < d.final_teams.size() ? Ids(d.final_teams[k].inspectors) : "(无)",
          k < replay.final_teams.size() ? Ids(replay.final_teams[k].inspectors) : "(无)");
    }
  }
  return std::nullopt;
}

}  // namespace sx::services
