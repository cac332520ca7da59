// 执法公示 over HTTP (docs/disclosure.md): the public search, item, CSV, Atom feed, statistics,
// flowchart and 事前公开 sections — cacheable with ETags, search rate-limited per client — and the
// publisher's workbench (publish, withhold, withdraw, correct, masks), the display policy and
// the sections an administrator writes.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/case_flow.h"
#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "http/rate_limit.h"
#include "render/flowchart.h"
#include "services/disclosure_service.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

// ---- caching and rate limiting ----------------------------------------------------------------

std::string EtagOf(std::string_view body) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return fmt::format("\"{}\"", hex);
}

bool Matches(std::string_view header, std::string_view etag) {
  if (header == "*") return true;
  std::size_t pos = 0;
  while (pos < header.size()) {
    const auto comma = header.find(',', pos);
    auto item = header.substr(pos, comma == header.npos ? header.npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == header.npos) break;
    pos = comma + 1;
  }
  return false;
}

// A public response with its validator and how long others may keep it.
Response Cacheable(Response r, int max_age) {
  r.SetHeader("ETag", EtagOf(r.body));
  r.SetHeader("Cache-Control", fmt::format("public, max-age={}", max_age));
  return r;
}

// 304 without the body when the client holds the same bytes.
Response Revalidated(Response r, const Request& req) {
  const auto etag = std::find_if(r.headers.begin(), r.headers.end(),
                                 [](const auto& h) { return h.first == "ETag"; });
  if (etag != r.headers.end() && Matches(req.Header("if-none-match"), etag->second)) {
    r.status = 304;
    r.body.clear();
  }
  return r;
}

Response Cached(Response r, const Request& req, int max_age) {
  return Revalidated(Cacheable(std::move(r), max_age), req);
}

// Public items as last answered, served from memory on the I/O thread: never across a change
// this process made (the service's generation), and for a second at most, since another
// process may have changed one. Bounded: cleared when full.
class ItemCache {
 public:
  std::optional<Response> Find(std::int64_t id, std::uint64_t generation) {
    std::lock_guard lock(mu_);
    const auto it = entries_.find(id);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.generation != generation ||
        std::chrono::steady_clock::now() - it->second.at > kTtl) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.response;
  }

  void Put(std::int64_t id, std::uint64_t generation, const Response& r) {
    std::lock_guard lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_.insert_or_assign(id, Entry{r, generation, std::chrono::steady_clock::now()});
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;
  static constexpr std::chrono::seconds kTtl{1};
  struct Entry {
    Response response;
    std::uint64_t generation;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex mu_;
  std::unordered_map<std::int64_t, Entry> entries_;
};

std::optional<Response> Throttle(RateLimiter& limiter, const Request& req) {
  const int wait = limiter.Take(req.remote);
  if (wait == 0) return std::nullopt;
  Response r = Problem(429, "too-many-requests", "请求过于频繁",
                       fmt::format("查询过于频繁,请 {} 秒后再试", wait), &req);
  r.SetHeader("Retry-After", std::to_string(wait));
  return r;
}

// ---- public -----------------------------------------------------------------------------------

// The search parameters; anything else is refused by name.
std::optional<Response> ParseQuery(const Request& req, bool paged, services::DisclosureQuery* q) {
  static constexpr std::string_view kKnown[] = {"q",    "agency", "kind",   "category", "target",
                                                "from", "to",     "status", "limit",    "page"};
  for (const auto& [k, v] : req.query) {
    if (k.empty() && v.empty()) continue;  // "?" or "&&"
    const bool known = std::find(std::begin(kKnown), std::end(kKnown), k) != std::end(kKnown) &&
                       (paged || (k != "limit" && k != "page"));
    if (!known) {
      return BadInput(req, k, fmt::format("不支持的查询参数 {}", k.substr(0, 40)));
    }
  }
  if (auto v = QueryParam(req, "q")) q->q = std::string(*v);
  std::optional<std::int64_t> agency, limit;
  if (auto bad = IntParam(req, "agency", 1, INT64_MAX, &agency)) return bad;
  q->agency_id = agency;
  if (auto v = QueryParam(req, "kind")) {
    q->kind = domain::ParseDisclosureKind(*v);
    if (!q->kind)
      return BadInput(req, "kind", "kind 须为 penalty(行政处罚决定)或 result(执法结果信息)");
  }
  if (auto v = QueryParam(req, "category")) q->category = std::string(*v);
  if (auto v = QueryParam(req, "target")) q->target = std::string(*v);
  if (auto bad = DateParam(req, "from", false, &q->from)) return bad;
  if (auto bad = DateParam(req, "to", false, &q->to)) return bad;
  if (auto v = QueryParam(req, "status")) {
    if (*v == "withdrawn") {
      q->withdrawn = true;
    } else if (*v != "published") {
      return BadInput(req, "status", "status 须为 published(已公示)或 withdrawn(已撤下)");
    }
  }
  if (auto bad = IntParam(req, "limit", 1, services::kMaxPageSize, &limit)) return bad;
  if (limit) q->limit = static_cast<int>(*limit);
  if (auto v = QueryParam(req, "page")) q->page = std::string(*v);
  if (q->page.empty() && QueryParam(req, "page")) {
    return BadInput(req, "page", "分页标记不能为空");
  }
  return std::nullopt;
}

Response Fails(const Status& st, const Request& req) {
  if (st.code() == Code::kInvalid && st.field() == "page") {
    return Problem(400, "invalid-page-token", "分页标记无效", st.message(), &req, "page");
  }
  if (st.code() == Code::kNotFound && st.field() == "expired") {
    return Problem(404, "expired", "公示期已满", st.message(), &req);
  }
  return Fail(st, req);
}

// ---- workbench --------------------------------------------------------------------------------

std::optional<Response> OnItem(ApiContext& ctx, const Request& req, Permission p,
                               services::DisclosureService& s, services::Principal* who) {
  return AuthorizeRecord(
      ctx, req, p, [&] { return s.AgencyOf(req.IntParam("id")); }, who);
}

std::optional<Response> VersionOf(const json::object& body, const Request& req,
                                  std::int64_t* version) {
  std::optional<std::int64_t> v;
  if (auto bad = BodyInt(body, "version", true, req, &v)) return bad;
  *version = *v;
  return std::nullopt;
}

json::object PolicyJson(const domain::DisplayPolicy& p) {
  return {{"shortMonths", p.short_months},
          {"longYears", p.long_years},
          {"smallFineCitizen", p.small_fine_citizen_yuan},
          {"smallFineOrganisation", p.small_fine_organisation_yuan}};
}

std::optional<Response> OptionalString(const json::object& body, std::string_view key,
                                       const Request& req, std::optional<std::string>* out) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) return BadInput(req, key, fmt::format("{} 须为文字", key));
  *out = std::string(v->as_string());
  return std::nullopt;
}

// A write of the 公示管理员 on one item: authorised on the item's agency, then the JSON body
// with its `version`, handed to `fn`.
template <typename Fn>
Handler PublisherWrite(ApiContext& ctx, services::DisclosureService& s, Fn fn) {
  return [&ctx, &s, fn](const Request& req) {
    services::Principal who;
    if (auto denied = OnItem(ctx, req, Permission::kPublishDisclosures, s, &who)) return *denied;
    json::object body;
    if (auto bad = ParseJsonObject(req, &body)) return *bad;
    std::int64_t version = 0;
    if (auto bad = VersionOf(body, req, &version)) return *bad;
    return fn(req, who, body, version);
  };
}

}  // namespace

void RegisterDisclosureRoutes(Router& router, ApiContext& ctx) {
  auto limiter = std::make_shared<RateLimiter>(ctx.search_burst, ctx.search_per_second);
  services::DisclosureService* s = ctx.disclosures;
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions write{.max_body = 256 * 1024, .blocking = true};

  router.Add(
      "GET", "/api/v1/public/disclosures",
      [s, limiter](const Request& req) {
        if (auto wait = Throttle(*limiter, req)) return *wait;
        services::DisclosureQuery q;
        if (auto bad = ParseQuery(req, true, &q)) return *bad;
        auto r = s->Search(q);
        if (!r.ok()) return Fails(r.status(), req);
        return Cached(JsonResponse(*r), req, 60);
      },
      read);
  router.Add(
      "GET", "/api/v1/public/disclosures.csv",
      [s, limiter](const Request& req) {
        if (auto wait = Throttle(*limiter, req)) return *wait;
        services::DisclosureQuery q;
        if (auto bad = ParseQuery(req, false, &q)) return *bad;
        auto r = s->Csv(q);
        if (!r.ok()) return Fails(r.status(), req);
        Response res;
        res.content_type = "text/csv; charset=utf-8";
        res.body = std::move(*r);
        res.SetHeader("Content-Disposition", "attachment; filename=\"disclosures.csv\"");
        return Cached(std::move(res), req, 60);
      },
      read);
  auto items = std::make_shared<ItemCache>();
  router.Add("GET", "/api/v1/public/disclosures/{id:int}",
             [s, items](const Request& req) {
               const std::int64_t id = req.IntParam("id");
               const std::uint64_t generation = s->generation();
               auto r = s->PublicItem(id);
               if (!r.ok()) return Fails(r.status(), req);
               Response res = Cacheable(JsonResponse(*r), 300);
               items->Put(id, generation, res);
               return Revalidated(std::move(res), req);
             },
             {.max_body = 0,
              .blocking = true,
              .fast = [s, items](const Request& req) -> std::optional<Response> {
                auto hit = items->Find(req.IntParam("id"), s->generation());
                if (!hit) return std::nullopt;
                return Revalidated(std::move(*hit), req);
              }});
  router.Add(
      "GET", "/api/v1/public/feed.atom",
      [s, &ctx](const Request& req) {
        auto r = s->Feed(PublicOrigin(ctx, req));
        if (!r.ok()) return Fail(r.status(), req);
        Response res;
        res.content_type = "application/atom+xml; charset=utf-8";
        res.body = std::move(*r);
        return Cached(std::move(res), req, 300);
      },
      read);
  router.Add(
      "GET", "/api/v1/public/disclosure-stats",
      [s](const Request& req) {
        auto r = s->Stats();
        if (!r.ok()) return Fail(r.status(), req);
        return Cached(JsonResponse(*r), req, 300);
      },
      read);
  router.Add(
      "GET", "/api/v1/public/agencies/{id:int}/flowchart.svg",
      [&ctx](const Request& req) {
        auto a = ctx.agencies.Get(req.IntParam("id"));
        if (!a.ok()) return Fail(a.status(), req);
        Response res;
        res.content_type = "image/svg+xml; charset=utf-8";
        res.body = render::FlowchartSvg(domain::TransitionTable(),
                                        {.title = a->name + " 行政处罚案件办理流程图"});
        return Cached(std::move(res), req, 3600);
      },
      read);
  router.Add(
      "GET", "/api/v1/public/agencies/{id:int}/sections",
      [s](const Request& req) {
        auto r = s->Sections(req.IntParam("id"));
        if (!r.ok()) return Fail(r.status(), req);
        return Cached(JsonResponse(*r), req, 60);
      },
      read);

  // Workbench.
  router.Add(
      "GET", "/api/v1/disclosures",
      [s, &ctx](const Request& req) {
        services::Principal who;
        if (auto denied = Authenticate(ctx, req, &who)) return *denied;
        std::optional<std::int64_t> agency;
        if (auto bad = AgenciesToList(req, who, &agency)) return *bad;
        services::DisclosureWorkQuery q;
        q.agency_id = agency;
        if (auto v = QueryParam(req, "status")) {
          q.status = domain::ParseDisclosureStatus(*v);
          if (!q.status) {
            return BadInput(req, "status",
                            "status 须为 draft、published、withdrawn、expired 或 withheld");
          }
        }
        if (auto v = QueryParam(req, "overdue")) q.overdue_only = *v == "true" || *v == "1";
        const auto actor = who.actor();
        return JsonOrProblem(s->List(q,
                                     [&actor](std::int64_t a) {
                                       return domain::Allowed(actor,
                                                              Permission::kReadAgencyInternal, a);
                                     }),
                             req);
      },
      read);
  router.Add(
      "GET", "/api/v1/disclosures/{id:int}",
      [s, &ctx](const Request& req) {
        services::Principal who;
        if (auto denied = OnItem(ctx, req, Permission::kReadAgencyInternal, *s, &who)) {
          return *denied;
        }
        return JsonOrProblem(s->Get(req.IntParam("id")), req);
      },
      read);
  router.Add("PUT", "/api/v1/disclosures/{id:int}/redactions",
             PublisherWrite(ctx, *s,
                            [s](const Request& req, const services::Principal& who,
                                const json::object& body, std::int64_t version) {
                              const json::value* m = body.if_contains("manual");
                              if (m == nullptr || !m->is_array()) {
                                return BadInput(req, "manual", "请提供人工遮蔽的文字列表 manual");
                              }
                              std::vector<std::string> manual;
                              for (const auto& x : m->as_array()) {
                                if (!x.is_string())
                                  return BadInput(req, "manual", "manual 的每一项须为文字");
                                manual.emplace_back(x.as_string());
                              }
                              std::string reason;
                              if (auto bad = BodyString(body, "reason", false, req, &reason))
                                return *bad;
                              return JsonOrProblem(s->SetManual(req.IntParam("id"), version, manual,
                                                                reason, who.user_id),
                                                   req);
                            }),
             write);
  router.Add("POST", "/api/v1/disclosures/{id:int}/publish",
             PublisherWrite(ctx, *s,
                            [s](const Request& req, const services::Principal& who,
                                const json::object&, std::int64_t version) {
                              return JsonOrProblem(
                                  s->Publish(req.IntParam("id"), version, who.user_id), req);
                            }),
             write);
  router.Add(
      "POST", "/api/v1/disclosures/{id:int}/withhold",
      PublisherWrite(ctx, *s,
                     [s](const Request& req, const services::Principal& who,
                         const json::object& body, std::int64_t version) {
                       std::string reason, note;
                       if (auto bad = BodyString(body, "reason", true, req, &reason)) return *bad;
                       if (auto bad = BodyString(body, "note", false, req, &note)) return *bad;
                       const auto r = domain::ParseWithholdReason(reason);
                       if (!r) {
                         return BadInput(req, "reason",
                                         "reason 须为 minor、crime_transfer、secret、privacy、"
                                         "investigation 或 warning_only");
                       }
                       return JsonOrProblem(
                           s->Withhold(req.IntParam("id"), version, *r, note, who.user_id), req);
                     }),
      write);
  router.Add("POST", "/api/v1/disclosures/{id:int}/withdraw",
             PublisherWrite(
                 ctx, *s,
                 [s](const Request& req, const services::Principal& who, const json::object& body,
                     std::int64_t version) {
                   std::string reason, note;
                   if (auto bad = BodyString(body, "reason", true, req, &reason)) return *bad;
                   if (auto bad = BodyString(body, "note", false, req, &note)) return *bad;
                   const auto r = domain::ParseWithdrawReason(reason);
                   if (!r) {
                     return BadInput(req, "reason",
                                     "reason 须为 revoked、illegal、invalid、remade、changed 或 "
                                     "mistaken");
                   }
                   std::optional<domain::Date> occurred;
                   if (const auto* v = body.if_contains("occurredOn"); v && !v->is_null()) {
                     domain::Date d{};
                     if (auto bad = BodyDate(body, "occurredOn", req, &d)) return *bad;
                     occurred = d;
                   }
                   return JsonOrProblem(
                       s->Withdraw(req.IntParam("id"), version, *r, note, occurred, who.user_id),
                       req);
                 }),
             write);
  router.Add("POST", "/api/v1/disclosures/{id:int}/revocation",
             PublisherWrite(ctx, *s,
                            [s](const Request& req, const services::Principal& who,
                                const json::object& body, std::int64_t version) {
                              std::string reason, note;
                              if (auto bad = BodyString(body, "reason", true, req, &reason)) {
                                return *bad;
                              }
                              if (auto bad = BodyString(body, "note", false, req, &note)) {
                                return *bad;
                              }
                              const auto r = domain::ParseWithdrawReason(reason);
                              if (!r) {
                                return BadInput(req, "reason",
                                                "reason 须为 revoked、illegal、invalid、remade、"
                                                "changed 或 mistaken");
                              }
                              domain::Date occurred{};
                              if (auto bad = BodyDate(body, "occurredOn", req, &occurred)) {
                                return *bad;
                              }
                              return JsonOrProblem(
                                  s->RegisterRevocation(req.IntParam("id"), version, *r, note,
                                                        occurred, who.user_id),
                                  req);
                            }),
             write);
  router.Add("POST", "/api/v1/disclosures/{id:int}/corrections",
             PublisherWrite(ctx, *s,
                            [s](const Request& req, const services::Principal& who,
                                const json::object& body, std::int64_t version) {
                              std::string reason;
                              if (auto bad = BodyString(body, "reason", true, req, &reason))
                                return *bad;
                              services::Correction c;
                              if (auto bad = OptionalString(body, "target", req, &c.target))
                                return *bad;
                              if (auto bad = OptionalString(body, "conclusion", req, &c.conclusion))
                                return *bad;
                              if (auto bad = OptionalString(body, "body", req, &c.body))
                                return *bad;
                              if (auto bad = OptionalString(body, "category", req, &c.category))
                                return *bad;
                              return JsonOrProblem(
                                  s->Correct(req.IntParam("id"), version, c, reason, who.user_id),
                                  req);
                            }),
             write);
  router.Add(
      "GET", "/api/v1/agencies/{id:int}/disclosure-policy",
      [s, &ctx](const Request& req) {
        services::Principal who;
        const std::int64_t agency = req.IntParam("id");
        if (auto denied = Authorize(ctx, req, Permission::kReadAgencyInternal, agency, &who)) {
          return *denied;
        }
        auto p = s->Policy(agency);
        if (!p.ok()) return Fail(p.status(), req);
        return JsonOrProblem(PolicyJson(*p), req);
      },
      read);
  router.Add(
      "PUT", "/api/v1/agencies/{id:int}/disclosure-policy",
      [s, &ctx](const Request& req) {
        services::Principal who;
        const std::int64_t agency = req.IntParam("id");
        if (auto denied = Authorize(ctx, req, Permission::kManageAgency, agency, &who)) {
          return *denied;
        }
        json::object body;
        if (auto bad = ParseJsonObject(req, &body)) return *bad;
        std::optional<std::int64_t> sm, ly, sc, so;
        if (auto bad = BodyInt(body, "shortMonths", true, req, &sm)) return *bad;
        if (auto bad = BodyInt(body, "longYears", true, req, &ly)) return *bad;
        if (auto bad = BodyInt(body, "smallFineCitizen", true, req, &sc)) return *bad;
        if (auto bad = BodyInt(body, "smallFineOrganisation", true, req, &so)) return *bad;
        domain::DisplayPolicy p;
        p.short_months = static_cast<int>(std::clamp<std::int64_t>(*sm, -1, 1000));
        p.long_years = static_cast<int>(std::clamp<std::int64_t>(*ly, -1, 1000));
        p.small_fine_citizen_yuan = *sc;
        p.small_fine_organisation_yuan = *so;
        auto r = s->SetPolicy(agency, p, who.user_id);
        if (!r.ok()) return Fail(r.status(), req);
        return JsonOrProblem(PolicyJson(*r), req);
      },
      write);
  router.Add(
      "PUT", "/api/v1/agencies/{id:int}/sections/{code}",
      [s, &ctx](const Request& req) {
        services::Principal who;
        const std::int64_t agency = req.IntParam("id");
        if (auto denied = Authorize(ctx, req, Permission::kManageAgency, agency, &who)) {
          return *denied;
        }
        json::object body;
        if (auto bad = ParseJsonObject(req, &body)) return *bad;
        std::int64_t version = 0;
        if (auto bad = VersionOf(body, req, &version)) return *bad;
        std::string content;
        if (auto bad = BodyString(body, "content", true, req, &content)) return *bad;
        return JsonOrProblem(
            s->SetSection(agency, req.PathParam("code"), version, content, who.user_id), req);
      },
      write);
  router.Add(
      "POST", "/api/v1/agencies/{id:int}/public-changes",
      [s, &ctx](const Request& req) {
        services::Principal who;
        const std::int64_t agency = req.IntParam("id");
        if (auto denied = Authorize(ctx, req, Permission::kManageAgency, agency, &who)) {
          return *denied;
        }
        json::object body;
        if (auto bad = ParseJsonObject(req, &body)) return *bad;
        domain::Date occurred{};
        if (auto bad = BodyDate(body, "occurredOn", req, &occurred)) return *bad;
        std::string description;
        if (auto bad = BodyString(body, "description", true, req, &description)) {
          return *bad;
        }
        const json::value* sec = body.if_contains("sections");
        if (sec == nullptr || !sec->is_array() || sec->as_array().size() > 10) {
          return BadInput(req, "sections", "请提供需要更新的栏目代码列表 sections");
        }
        std::vector<std::string> sections;
        for (const auto& x : sec->as_array()) {
          if (!x.is_string()) return BadInput(req, "sections", "栏目代码须为文字");
          sections.emplace_back(x.as_string());
        }
        auto r = s->RegisterChange(agency, occurred, description, sections, who.user_id);
        if (!r.ok()) return Fail(r.status(), req);
        Response res = JsonResponse(std::move(*r), 201);
        res.SetHeader("Cache-Control", "no-store");
        return res;
      },
      write);
}

}  // namespace sx::http
