#include "http/api.h"
#include "http/params.h"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "http/problem.h"

namespace sx::http {

namespace json = boost::json;

namespace {

json::object AgencyJson(const domain::Agency& a) {
  json::array deps;
  for (const auto& d : a.departments) deps.push_back(json::object{{"id", d.id}, {"name", d.name}});
  json::array leaders;
  for (const auto& l : a.leaders)
    leaders.push_back(json::object{{"name", l.name}, {"title", l.title}});
  return json::object{{"id", a.id},
                      {"code", a.code},
                      {"name", a.name},
                      {"standing", domain::StandingName(a.standing)},
                      {"legalBasis", a.legal_basis},
                      {"kind", domain::AgencyKindCode(a.kind)},
                      {"createdAt", a.created_at},
                      {"departments", std::move(deps)},
                      {"leaders", std::move(leaders)}};
}

Response ListAgencies(ApiContext& ctx, const Request& req) {
  auto list = ctx.agencies.List();
  if (!list.ok()) return ProblemFromStatus(list.status(), req);
  json::array items;
  for (const auto& a : *list) {
    if (a.kind == domain::AgencyKind::kEnforcement)
      items.push_back(AgencyJson(a));  // 执法主体 only
  }
  return JsonResponse(json::object{{"items", std::move(items)}});
}

Response GetAgency(ApiContext& ctx, const Request& req) {
  auto a = ctx.agencies.Get(req.IntParam("id"));
  if (!a.ok()) return ProblemFromStatus(a.status(), req);
  return JsonResponse(AgencyJson(*a));
}

Response CreateAgency(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authorize(ctx, req, domain::Permission::kManageInstallation, 0, &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  domain::NewAgency a;
  std::string standing;
  if (auto bad = GetString(body, "code", true, req, &a.code)) return *bad;
  if (auto bad = GetString(body, "name", true, req, &a.name)) return *bad;
  if (auto bad = GetString(body, "standing", true, req, &standing)) return *bad;
  if (auto bad = GetString(body, "legalBasis", true, req, &a.legal_basis)) return *bad;
  auto parsed = domain::ParseStanding(standing);
  if (!parsed) {
    return Problem(422, "invalid-input", "输入有误", "主体资格 standing 须为“法定”“授权”或“委托”",
                   &req, "standing");
  }
  a.standing = *parsed;
  if (const json::value* deps = body.if_contains("departments"); deps && !deps->is_null()) {
    if (!deps->is_array()) {
      return Problem(422, "invalid-input", "输入有误", "departments 须为字符串数组", &req,
                     "departments");
    }
    for (const auto& d : deps->as_array()) {
      if (!d.is_string()) {
        return Problem(422, "invalid-input", "输入有误", "departments 须为字符串数组", &req,
                       "departments");
      }
      a.departments.emplace_back(d.as_string());
    }
  }
  if (const json::value* leaders = body.if_contains("leaders"); leaders && !leaders->is_null()) {
    const auto bad = [&req] {
      return Problem(422, "invalid-input", "输入有误",
                     "leaders 须为数组,每项形如 {\"name\":\"姓名\",\"title\":\"职务\"}", &req,
                     "leaders");
    };
    if (!leaders->is_array() || leaders->as_array().size() > domain::kMaxLeaders) return bad();
    for (const auto& l : leaders->as_array()) {
      const auto* o = l.if_object();
      const auto* name = o ? o->if_contains("name") : nullptr;
      const auto* title = o ? o->if_contains("title") : nullptr;
      if (!name || !title || !name->is_string() || !title->is_string()) return bad();
      a.leaders.push_back({std::string(name->as_string()), std::string(title->as_string())});
    }
  }
  auto created = ctx.agencies.Create(a, who.user_id);
  if (!created.ok()) return ProblemFromStatus(created.status(), req);
  Response r = JsonResponse(AgencyJson(*created), 201);
  r.SetHeader("Location", fmt::format("/api/v1/public/agencies/{}", created->id));
  return r;
}

Response AddDepartment(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied =
          Authorize(ctx, req, domain::Permission::kManageAgency, req.IntParam("id"), &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::string name;
  if (auto bad = GetString(body, "name", true, req, &name)) return *bad;
  auto d = ctx.agencies.AddDepartment(req.IntParam("id"), name, who.user_id);
  if (!d.ok()) return ProblemFromStatus(d.status(), req);
  return JsonResponse(json::object{{"id", d->id}, {"agencyId", d->agency_id}, {"name", d->name}},
                      201);
}

}  // namespace

void RegisterRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions inline_small{.max_body = 0, .blocking = false};
  const RouteOptions blocking_read{.max_body = 0, .blocking = true};

  router.Add(
      "GET", "/healthz",
      [](const Request&) {
        Response r;
        r.body = R"({"status":"ok"})";
        r.SetHeader("Cache-Control", "no-store");
        return r;
      },
      inline_small);

  router.Add(
      "GET", "/readyz",
      [&ctx](const Request& req) {
        Status st = ctx.db.Ping();
        if (!st.ok()) {
          return Problem(503, "not-ready", "服务未就绪",
                         fmt::format("数据库不可用:{}", st.message()), &req);
        }
        Response r;
        r.body = R"({"status":"ready","database":"ok"})";
        r.SetHeader("Cache-Control", "no-store");
        return r;
      },
      blocking_read);

  router.Add(
      "GET", "/metrics",
      [&ctx](const Request&) {
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = ctx.metrics.Render();
        return r;
      },
      inline_small);

  router.Add(
      "GET", "/api/v1/openapi.json",
      [](const Request&) {
        Response r;
        r.body = OpenApiJson();
        r.SetHeader("Cache-Control", "no-cache");
        return r;
      },
      inline_small);

  router.Add("GET", "/api/v1/public/agencies", Bind(ctx, ListAgencies), blocking_read);
  router.Add("GET", "/api/v1/public/agencies/{id:int}", Bind(ctx, GetAgency), blocking_read);
  router.Add("POST", "/api/v1/agencies", Bind(ctx, CreateAgency),
             {.max_body = 64 * 1024, .blocking = true});
  router.Add("POST", "/api/v1/agencies/{id:int}/departments", Bind(ctx, AddDepartment),
             {.max_body = 4 * 1024, .blocking = true});

  if (ctx.auth) {
    RegisterAuthRoutes(router, ctx);
    RegisterUserRoutes(router, ctx);
  }

  if (ctx.people) RegisterPeopleRoutes(router, ctx);
  if (ctx.ledger) RegisterLedgerRoutes(router, ctx);
  if (ctx.calendar && ctx.deadlines) RegisterDeadlineRoutes(router, ctx);
  if (ctx.cases) RegisterCaseRoutes(router, ctx);
  if (ctx.cases && ctx.evidence) RegisterEvidenceRoutes(router, ctx);
  if (ctx.cases && ctx.archive) RegisterArchiveRoutes(router, ctx);
  if (ctx.cases && ctx.review) RegisterReviewRoutes(router, ctx);
  if (ctx.disclosures) RegisterDisclosureRoutes(router, ctx);
  if (ctx.inspections) RegisterInspectionRoutes(router, ctx);
  RegisterSupervisionRoutes(router, ctx);
  RegisterEvaluationRoutes(router, ctx);

  if (ctx.web) {
    router.SetFallback([&ctx](const Request& req) { return ctx.web->Serve(req); },
                       {.max_body = 0, .blocking = false});
  }
}

namespace {

std::optional<Response> AgencyFor(const Request& req, const services::Principal& who,
                                  domain::Permission p, std::int64_t* agency,
                                  std::optional<std::int64_t> asked) {
  if (!asked) {
    if (auto bad = IntParam(req, "agency", 1, INT64_MAX, &asked)) return bad;
  }
  *agency = asked.value_or(who.agency_id);
  if (!domain::Allowed(who.actor(), p, *agency)) return Forbidden(req, p);
  return std::nullopt;
}

}  // namespace

std::optional<Response> AgencyToRead(const Request& req, const services::Principal& who,
                                     std::int64_t* agency) {
  return AgencyFor(req, who, domain::Permission::kReadAgencyInternal, agency, std::nullopt);
}

std::optional<Response> AuthorizeAgency(ApiContext& ctx, const Request& req, domain::Permission p,
                                        services::Principal* who, std::int64_t* agency,
                                        std::optional<std::int64_t> asked) {
  if (auto denied = Authenticate(ctx, req, who)) return denied;
  return AgencyFor(req, *who, p, agency, asked);
}

std::optional<Response> AgenciesToList(const Request& req, const services::Principal& who,
                                       std::optional<std::int64_t>* agency) {
  std::optional<std::int64_t> asked;
  if (auto bad = IntParam(req, "agency", 1, INT64_MAX, &asked)) return bad;
  const bool all = !who.scopes && who.Has(domain::Role::kSupervisor);
  if (!asked && all) {
    agency->reset();
    return std::nullopt;
  }
  std::int64_t one = 0;
  if (auto denied = AgencyToRead(req, who, &one)) return denied;
  *agency = one;
  return std::nullopt;
}

}  // namespace sx::http
