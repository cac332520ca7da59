#include "services/draw_bundle.h"

#include <sodium.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

#include "domain/draw.h"
#include "ledger/merkle.h"

namespace sx::services {

namespace json = boost::json;

namespace {

domain::Digest32 Sha256(std::string_view data) { return Sha256Of(data); }

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

domain::Digest32 Sha256Of(std::string_view data) {
  domain::Digest32 out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

std::string HexOf(const domain::Digest32& d) { return Hex(d); }

namespace {

// RFC 9162's tree hash, bottom up: pairs hashed level by level, an odd last node carried up.
std::string RootOf(const std::vector<ledger::Hash>& leaves) {
  if (leaves.empty()) return Hex(ledger::EmptyRoot());
  if (leaves.size() == 1) return Hex(leaves.front());
  std::vector<ledger::Hash> level;
  level.reserve((leaves.size() + 1) / 2);
  for (std::size_t i = 0; i < leaves.size(); i += 2) {
    level.push_back(i + 1 < leaves.size() ? ledger::NodeHash(leaves[i], leaves[i + 1]) : leaves[i]);
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

}  // namespace

std::string PoolRoot(const std::vector<PoolTarget>& targets) {
  std::vector<ledger::Hash> leaves;
  leaves.reserve(targets.size());
  for (const auto& t : targets) {
    leaves.push_back(ledger::LeafHash(fmt::format("{}\t{}\t{}", t.id, t.credit_code, t.name)));
  }
  return RootOf(leaves);
}

Result<BundleDraw> ComputeDraw(const DrawBundle& plan, std::string_view public_value,
                               std::vector<BundleInspector> inspectors,
                               std::vector<BundleRecusal> recusals, std::string_view drawn_at,
                               const PoolLookup& lookup) {
  if (plan.strata.empty()) return Status::Invalid("计划没有分层,无法抽取").WithField("strata");
  BundleDraw d;
  d.public_value = std::string(public_value);
  d.drawn_at = std::string(drawn_at);
  std::vector<std::int64_t> targets;
  for (const auto& s : plan.strata) {
    domain::DrawInput in{fmt::format("{}/{}", plan.plan.code, s.name),
                         s.root,
                         s.size,
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
    const auto positions = domain::SelectIndices(stream, in.pool_size, in.count);
    if (lookup) {
      auto ids = lookup(d.strata.size(), positions);
      if (!ids.ok()) return ids.status();
      if (ids->size() != positions.size()) return Status::Internal("名录中缺少抽中的位置");
      sd.selected = std::move(*ids);
    } else {
      if (static_cast<std::int64_t>(s.targets.size()) != s.size) {
        return Status::Invalid(fmt::format("分层「{}」的名录不完整", s.name)).WithField("pool");
      }
      for (std::int64_t i : positions)
        sd.selected.push_back(s.targets[static_cast<std::size_t>(i)].id);
    }
    targets.insert(targets.end(), sd.selected.begin(), sd.selected.end());
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

Result<std::int64_t> Replace(BundleDraw& draw, std::int64_t target, std::int64_t out,
                             std::string_view reason, std::string_view note, std::string_view at) {
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
  out += b.draw ? DrawJson(*b.draw) : std::string("null");
  out += "}";
  return out;
}

std::string DrawJson(const BundleDraw& d) {
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
  return json::serialize(json::object{{"publicValue", d.public_value},
                                      {"drawnAt", d.drawn_at},
                                      {"strata", std::move(strata)},
                                      {"teamSeed", d.team_seed},
                                      {"inspectors", std::move(inspectors)},
                                      {"recusals", std::move(recusals)},
                                      {"teams", Teams(d.teams)},
                                      {"replacements", std::move(replacements)},
                                      {"finalTeams", Teams(d.final_teams)}});
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

// The bundle's pools hold up to millions of targets: a tree of JSON values for each would cost
// more time and memory than the whole verification. So the document is read with Boost.JSON's
// streaming parser: every `strata[i].pool.targets` array goes straight into PoolTargets, and the
// rest (small) is built as a value tree as usual, with those arrays left empty.
class BundleHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  BundleHandler(json::storage_ptr sp, bool keep_text)
      : stack_(std::move(sp)), keep_text_(keep_text) {}

  json::value Release() { return stack_.release(); }
  std::vector<std::vector<PoolTarget>>& pools() { return pools_; }
  std::vector<std::vector<ledger::Hash>>& leaves() { return leaves_; }

  bool on_document_begin(boost::system::error_code&) {
    stack_.reset();
    return true;
  }
  bool on_document_end(boost::system::error_code&) { return true; }

  bool on_object_begin(boost::system::error_code& ec) {
    if (in_targets_) {
      if (depth_in_targets_++ != 0) return Fail(ec);
      target_.id = 0;
      target_.credit_code.clear();
      target_.name.clear();
      fields_ = 0;
      return true;
    }
    frames_.push_back({true, {}});
    return true;
  }
  bool on_object_end(std::size_t n, boost::system::error_code& ec) {
    if (in_targets_) {
      --depth_in_targets_;
      if (fields_ != 7) return Fail(ec);  // id, creditCode and name, each once
      if (keep_text_) {
        pools_.back().push_back(std::move(target_));
        return true;
      }
      // Only the id and the leaf are kept; the text buffers are reused for the next target.
      leaf_text_.clear();
      fmt::format_to(std::back_inserter(leaf_text_), "{}\t{}\t{}", target_.id, target_.credit_code,
                     target_.name);
      leaves_.back().push_back(ledger::LeafHash(leaf_text_));
      pools_.back().push_back({target_.id, {}, {}});
      return true;
    }
    frames_.pop_back();
    stack_.push_object(n);
    return true;
  }
  bool on_array_begin(boost::system::error_code& ec) {
    if (in_targets_) return Fail(ec);
    const std::size_t f = frames_.size();
    if (f >= 2 && frames_[f - 1].object && frames_[f - 1].key == "targets" &&
        frames_[f - 2].object && frames_[f - 2].key == "pool") {
      in_targets_ = true;
      depth_in_targets_ = 0;
      pools_.emplace_back().reserve(announced_);  // the pool's "size", when it came first
      leaves_.emplace_back().reserve(keep_text_ ? 0 : announced_);
      announced_ = 0;
      return true;
    }
    frames_.push_back({false, {}});
    return true;
  }
  bool on_array_end(std::size_t n, boost::system::error_code&) {
    if (in_targets_) {
      in_targets_ = false;
      stack_.push_array(0);  // stands in the tree for the array read above
      return true;
    }
    frames_.pop_back();
    stack_.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, boost::system::error_code&) {
    key_.append(s.data(), s.size());
    if (!in_targets_) stack_.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, boost::system::error_code&) {
    key_.append(s.data(), s.size());
    if (in_targets_) {
      field_ = key_ == "id" ? 1 : key_ == "creditCode" ? 2 : key_ == "name" ? 4 : 0;
    } else {
      stack_.push_key(s);
      frames_.back().key = key_;
    }
    key_.clear();
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, boost::system::error_code&) {
    if (in_targets_) {
      text_.append(s.data(), s.size());
    } else {
      stack_.push_chars(s);
    }
    return true;
  }
  bool on_string(json::string_view s, std::size_t, boost::system::error_code& ec) {
    if (!in_targets_) {
      stack_.push_string(s);
      return true;
    }
    text_.append(s.data(), s.size());
    if (field_ == 2) {
      target_.credit_code.assign(text_);
    } else if (field_ == 4) {
      target_.name.assign(text_);
    } else {
      return Fail(ec);
    }
    text_.clear();
    return Seen(ec);
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t v, json::string_view, boost::system::error_code& ec) {
    if (!in_targets_) {
      const std::size_t f = frames_.size();
      if (f >= 2 && frames_[f - 1].key == "size" && frames_[f - 2].key == "pool") {
        announced_ = static_cast<std::size_t>(std::clamp<std::int64_t>(v, 0, 10'000'000));
      }
      stack_.push_int64(v);
      return true;
    }
    if (field_ != 1) return Fail(ec);
    target_.id = v;
    return Seen(ec);
  }
  bool on_uint64(std::uint64_t v, json::string_view, boost::system::error_code& ec) {
    if (in_targets_) return Fail(ec);
    stack_.push_uint64(v);
    return true;
  }
  bool on_double(double v, json::string_view, boost::system::error_code& ec) {
    if (in_targets_) return Fail(ec);
    stack_.push_double(v);
    return true;
  }
  bool on_bool(bool v, boost::system::error_code& ec) {
    if (in_targets_) return Fail(ec);
    stack_.push_bool(v);
    return true;
  }
  bool on_null(boost::system::error_code& ec) {
    if (in_targets_) return Fail(ec);
    stack_.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }

  bool malformed_target() const { return malformed_; }

 private:
  struct Frame {
    bool object;
    std::string key;  // the last key read in this object
  };

  bool Seen(boost::system::error_code& ec) {
    if (fields_ & field_) return Fail(ec);
    fields_ |= field_;
    return true;
  }
  bool Fail(boost::system::error_code& ec) {
    malformed_ = true;
    ec = json::error::syntax;
    return false;
  }

  json::value_stack stack_;
  std::vector<Frame> frames_;
  std::vector<std::vector<PoolTarget>> pools_;
  std::vector<std::vector<ledger::Hash>> leaves_;
  bool keep_text_ = true;
  std::string key_, text_, leaf_text_;
  bool in_targets_ = false, malformed_ = false;
  int depth_in_targets_ = 0, field_ = 0, fields_ = 0;
  std::size_t announced_ = 0;
  PoolTarget target_;
};

Result<DrawBundle> ParseBundle(std::string_view text, bool keep_text) {
  boost::system::error_code ec;
  json::basic_parser<BundleHandler> parser(json::parse_options{}, json::storage_ptr{}, keep_text);
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used != text.size()) ec = json::error::extra_data;
  if (ec) {
    if (parser.handler().malformed_target()) {
      return Status::Invalid(
                 "不是有效的抽取结果包: 名录 targets 的每一项应为 {id, creditCode, name}")
          .WithField("targets");
    }
    return Status::Invalid(fmt::format("不是有效的 JSON: {}", ec.message()));
  }
  json::value root = parser.handler().Release();
  auto& pools = parser.handler().pools();
  std::size_t next_pool = 0;
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
        ds.size = size;
        if (r.Array(*pool, "targets") != nullptr) {
          // Read by the handler, in document order.
          if (next_pool >= pools.size()) {
            return Status::Invalid("不是有效的抽取结果包: 名录 targets 不在分层的 pool 中")
                .WithField("targets");
          }
          ds.leaves = std::move(parser.handler().leaves()[next_pool]);
          ds.targets = std::move(pools[next_pool++]);
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
  // Every pool's ids, each pool ascending, merged: an id in two strata shows as a repeat.
  std::vector<std::int64_t> all;
  std::size_t total = 0;
  for (const auto& s : b.strata) total += s.targets.size();
  all.reserve(total);
  for (const auto& s : b.strata) {
    const std::size_t from = all.size();
    for (std::size_t i = 0; i < s.targets.size(); ++i) {
      if (i > 0 && s.targets[i].id <= s.targets[i - 1].id) {
        return fmt::format("分层「{}」的名录未按对象编号升序排列(第 {} 个)", s.name, i + 1);
      }
      all.push_back(s.targets[i].id);
    }
    std::inplace_merge(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
  }
  if (auto twice = std::adjacent_find(all.begin(), all.end()); twice != all.end()) {
    return fmt::format("对象 {} 出现在不止一个分层中", *twice);
  }
  for (const auto& s : b.strata) {
    const std::string root = s.leaves.size() == s.targets.size() && !s.leaves.empty()
                                 ? RootOf(s.leaves)
                                 : PoolRoot(s.targets);
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
    auto in = Replace(replay, r.target, r.out, r.reason, r.note, r.at);
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
