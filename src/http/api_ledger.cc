// The record ledger over HTTP: the C2SP tlog-tiles read API (`/log/checkpoint`, `/log/vkey`,
// `/log/tile/...`) any transparency-log client can use, and JSON proofs for the portal.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "http/api.h"
#include "ledger/base64.h"
#include "ledger/tile.h"

namespace sx::http {

namespace json = boost::json;

namespace {

Response Text(std::string body, std::string_view cache) {
  Response r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  r.SetHeader("Cache-Control", std::string(cache));
  return r;
}

Response Checkpoint(ApiContext& ctx, const Request& req) {
  auto note = ctx.ledger->CheckpointNote();
  if (!note.ok()) return ProblemFromStatus(note.status(), req);
  return Text(std::move(*note), "no-cache");
}

Response Tile(ApiContext& ctx, const Request& req) {
  const std::string path = fmt::format("tile/{}", req.PathParam("path"));
  auto tile = ledger::ParseTilePath(path);
  if (!tile.ok()) {
    return Problem(400, "bad-tile-path", "瓦片路径有误",
                   fmt::format("{}(格式见 C2SP tlog-tiles,例如 /log/tile/0/x001/234.p/5)",
                               tile.status().message()),
                   &req);
  }
  if (Status valid = ledger::ValidateTile(*tile); !valid.ok()) {
    return Problem(404, "not-found", "未找到", valid.message(), &req);
  }
  auto data = ctx.ledger->TileData(*tile);
  if (!data.ok()) return ProblemFromStatus(data.status(), req);
  Response r;
  r.content_type = "application/octet-stream";
  r.body = std::move(*data);
  // A tile's bytes never change: a partial tile of width W is the prefix of every later one.
  r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

std::optional<std::int64_t> IntQuery(const Request& req, std::string_view name) {
  for (const auto& [k, v] : req.query) {
    if (k != name) continue;
    std::int64_t n = -1;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < 0) return std::nullopt;
    return n;
  }
  return std::nullopt;
}

Response ProofJson(const services::LedgerService::Proof& p, json::object extra) {
  json::array hashes;
  for (const auto& h : p.hashes) {
    hashes.push_back(
        json::string(ledger::EncodeBase64({reinterpret_cast<const char*>(h.data()), h.size()})));
  }
  extra["treeSize"] = p.tree_size;
  extra["root"] =
      ledger::EncodeBase64({reinterpret_cast<const char*>(p.root.data()), p.root.size()});
  extra["proof"] = std::move(hashes);
  Response r = JsonResponse(extra);
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

Response Inclusion(ApiContext& ctx, const Request& req) {
  auto index = IntQuery(req, "index");
  if (!index) {
    return Problem(400, "invalid-parameter", "参数有误", "请提供叶子序号:?index=非负整数", &req,
                   "index");
  }
  auto p = ctx.ledger->Inclusion(*index);
  if (!p.ok()) return ProblemFromStatus(p.status(), req);
  return ProofJson(*p, json::object{{"leafIndex", *index}});
}

Response Consistency(ApiContext& ctx, const Request& req) {
  auto from = IntQuery(req, "from");
  if (!from) {
    return Problem(400, "invalid-parameter", "参数有误", "请提供较早的树大小:?from=非负整数", &req,
                   "from");
  }
  auto p = ctx.ledger->Consistency(*from);
  if (!p.ok()) return ProblemFromStatus(p.status(), req);
  return ProofJson(*p, json::object{{"fromSize", *from}});
}

// The leaves about one object, with their entries (which hold no personal data), so that anyone
// can hash them and check inclusion proofs against the signed checkpoint.
Response History(ApiContext& ctx, const Request& req) {
  std::string_view object;
  for (const auto& [k, v] : req.query) {
    if (k == "object") object = v;
  }
  const bool ok = !object.empty() && object.size() <= 64 &&
                  std::all_of(object.begin(), object.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                           c == '.' || c == ':' || c == '-';
                  });
  if (!ok) {
    return Problem(400, "invalid-parameter", "参数有误",
                   "请提供对象标识:?object=类型:编号,例如 ?object=officer:7", &req, "object");
  }
  auto leaves = ctx.ledger->History(object);
  if (!leaves.ok()) return ProblemFromStatus(leaves.status(), req);
  json::array items;
  for (const auto& l : *leaves) {
    json::error_code ec;
    json::value entry = json::parse(l.entry, ec);
    const json::object* e = ec ? nullptr : entry.if_object();
    items.push_back(json::object{{"index", l.index},
                                 {"type", e && e->contains("type") ? e->at("type") : nullptr},
                                 {"at", e && e->contains("at") ? e->at("at") : nullptr},
                                 {"entry", l.entry}});
  }
  Response r = JsonResponse(json::object{{"object", object}, {"items", std::move(items)}});
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

}  // namespace

void RegisterLedgerRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  router.Add("GET", "/log/checkpoint", Bind(ctx, Checkpoint), read);
  router.Add("GET", "/log/vkey",
             [&ctx](const Request&) {
               return Text(ctx.ledger->VerifierKey() + "\n", "public, max-age=3600");
             },
             {.max_body = 0, .blocking = false});
  router.Add("GET", "/log/tile/{path...}", Bind(ctx, Tile), read);
  router.Add("GET", "/api/v1/public/ledger/history", Bind(ctx, History), read);
  router.Add("GET", "/api/v1/public/ledger/inclusion", Bind(ctx, Inclusion), read);
  router.Add("GET", "/api/v1/public/ledger/consistency", Bind(ctx, Consistency), read);
}

}  // namespace sx::http
