// 案卷评查 and 案例指导 over HTTP (docs/supervision.md): scoring templates, rounds drawn from the
// closed files, scores and rectifications, results; guidance cases for the workbench and the
// portal.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "services/evaluation_service.h"
#include "services/guidance_service.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

std::optional<Response> OnRound(ApiContext& ctx, const Request& req, Permission p,
                                services::Principal* who) {
  return AuthorizeRecord(
      ctx, req, p, [&] { return ctx.evaluations->AgencyOfRound(req.IntParam("id")); }, who);
}

std::optional<Response> OnGuidance(ApiContext& ctx, const Request& req, Permission p,
                                   services::Principal* who) {
  return AuthorizeRecord(
      ctx, req, p, [&] { return ctx.guidance->AgencyOf(req.IntParam("id")); }, who);
}

std::optional<Response> FindingsOf(const json::object& b, const Request& req,
                                   std::vector<domain::EvaluationFinding>* out) {
  const auto* f = b.if_contains("findings");
  if (f == nullptr || !f->is_array() || f->get_array().size() > 200) {
    return BadInput(req, "findings", "findings 须为扣分记录数组(可为空)");
  }
  for (const auto& v : f->get_array()) {
    if (!v.is_object()) return BadInput(req, "findings", "每条扣分记录须为对象");
    const auto& o = v.get_object();
    domain::EvaluationFinding x;
    if (auto bad = BodyString(o, "item", true, req, &x.item)) return bad;
    if (auto bad = BodyString(o, "deduction", true, req, &x.deduction)) return bad;
    std::optional<std::int64_t> times;
    if (auto bad = BodyInt(o, "times", false, req, &times)) return bad;
    x.times = static_cast<int>(std::clamp<std::int64_t>(times.value_or(1), -1, 1000));
    if (auto bad = BodyString(o, "note", false, req, &x.note)) return bad;
    out->push_back(std::move(x));
  }
  return std::nullopt;
}

std::optional<Response> GuidanceTextOf(const json::object& b, const Request& req, bool full,
                                       services::GuidanceText* t) {
  if (auto bad = BodyString(b, "title", true, req, &t->title)) return bad;
  if (auto bad = BodyString(b, "legalPoint", true, req, &t->legal_point)) return bad;
  if (auto bad = BodyString(b, "summary", true, req, &t->summary)) return bad;
  if (full) {
    if (auto bad = BodyString(b, "facts", true, req, &t->facts)) return bad;
    if (auto bad = BodyString(b, "decision", false, req, &t->decision)) return bad;
  }
  return std::nullopt;
}

void RegisterEvaluation(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/evaluation/template", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
      return *denied;
    }
    return JsonOrProblem(ctx.evaluations->Template(agency), req);
  });
  router.Add("PUT", "/api/v1/evaluation/template", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kManageEvaluations, &who, &agency)) {
      return *denied;
    }
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    b.erase("isDefault");
    return JsonOrProblem(ctx.evaluations->SetTemplate(agency, b, who.user_id), req);
  });
  router.Add("GET", "/api/v1/evaluation/rounds", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
      return *denied;
    }
    return JsonOrProblem(ctx.evaluations->Rounds(agency), req);
  });
  router.Add("POST", "/api/v1/evaluation/rounds", [&ctx](const Request& req) {
    // The body names the agency (a supervisor evaluates others'); the caller is authorized for
    // that agency (or their own, when the body does not say) before the body is looked at.
    std::optional<std::int64_t> asked;
    {
      json::error_code ec;
      const json::value v = json::parse(req.body, ec);
      if (!ec && v.is_object()) {
        if (const auto* a = v.get_object().if_contains("agency"); a != nullptr && a->is_int64()) {
          asked = a->get_int64();
        }
      }
    }
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied =
            AuthorizeAgency(ctx, req, Permission::kManageEvaluations, &who, &agency, asked)) {
      return *denied;
    }
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    services::RoundSpec spec;
    std::optional<std::int64_t> count;
    if (auto bad = BodyString(b, "title", true, req, &spec.title)) return *bad;
    if (auto bad = BodyDate(b, "closedFrom", req, &spec.closed_from)) return *bad;
    if (auto bad = BodyDate(b, "closedTo", req, &spec.closed_to)) return *bad;
    if (auto bad = BodyInt(b, "count", true, req, &count)) return *bad;
    spec.count = *count;
    if (auto bad = BodyString(b, "source", true, req, &spec.source)) return *bad;
    return JsonOrProblem(ctx.evaluations->CreateRound(agency, spec, who.user_id), req, 201);
  });
  router.Add("GET", "/api/v1/evaluation/rounds/{id:int}", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnRound(ctx, req, Permission::kReadAgencyInternal, &who)) return *denied;
    return JsonOrProblem(ctx.evaluations->Round(req.IntParam("id")), req);
  });
  router.Add("POST", "/api/v1/evaluation/rounds/{id:int}/draw", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnRound(ctx, req, Permission::kManageEvaluations, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    std::string value;
    if (auto bad = BodyString(b, "publicValue", true, req, &value)) return *bad;
    return JsonOrProblem(ctx.evaluations->Draw(req.IntParam("id"), value, who.user_id), req);
  });
  router.Add("POST", "/api/v1/evaluation/rounds/{id:int}/files/{case:int}/score",
             [&ctx](const Request& req) {
               services::Principal who;
               if (auto denied = OnRound(ctx, req, Permission::kManageEvaluations, &who))
                 return *denied;
               json::object b;
               if (auto bad = ParseJsonObject(req, &b)) return *bad;
               std::vector<domain::EvaluationFinding> findings;
               if (auto bad = FindingsOf(b, req, &findings)) return *bad;
               std::optional<services::RectificationRequest> rect;
               if (const auto* r = b.if_contains("rectification"); r != nullptr && !r->is_null()) {
                 if (!r->is_object())
                   return BadInput(req, "rectification", "rectification 须为对象");
                 services::RectificationRequest x;
                 if (auto bad = BodyString(r->get_object(), "request", true, req, &x.request)) {
                   return *bad;
                 }
                 if (auto bad = BodyDate(r->get_object(), "dueOn", req, &x.due_on)) return *bad;
                 rect = std::move(x);
               }
               return JsonOrProblem(
                   ctx.evaluations->ScoreFile(req.IntParam("id"), req.IntParam("case"), findings,
                                              rect, who.user_id),
                   req);
             });
  router.Add(
      "POST", "/api/v1/evaluation/rectifications/{id:int}/respond", [&ctx](const Request& req) {
        services::Principal who;
        if (auto denied = AuthorizeRecord(
                ctx, req, Permission::kHandleCases,
                [&] { return ctx.evaluations->AgencyOfRectification(req.IntParam("id")); }, &who)) {
          return *denied;
        }
        json::object b;
        if (auto bad = ParseJsonObject(req, &b)) return *bad;
        std::string response;
        if (auto bad = BodyString(b, "response", true, req, &response)) return *bad;
        return JsonOrProblem(ctx.evaluations->Respond(req.IntParam("id"), response, who.user_id),
                             req);
      });
  router.Add(
      "POST", "/api/v1/evaluation/rectifications/{id:int}/review", [&ctx](const Request& req) {
        services::Principal who;
        if (auto denied = AuthorizeRecord(
                ctx, req, Permission::kManageEvaluations,
                [&] { return ctx.evaluations->AgencyOfRectification(req.IntParam("id")); }, &who)) {
          return *denied;
        }
        json::object b;
        if (auto bad = ParseJsonObject(req, &b)) return *bad;
        bool accepted = false;
        std::string note;
        if (auto bad = BodyBool(b, "accepted", req, &accepted)) return *bad;
        if (auto bad = BodyString(b, "note", false, req, &note)) return *bad;
        return JsonOrProblem(
            ctx.evaluations->Review(req.IntParam("id"), accepted, note, who.user_id), req);
      });
  router.Add("GET", "/api/v1/evaluation/results", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = Authenticate(ctx, req, &who)) return *denied;
    std::optional<std::int64_t> agency, year;
    if (auto denied = AgenciesToList(req, who, &agency)) return *denied;
    if (auto bad = IntParam(req, "year", 2000, 2100, &year)) return *bad;
    return JsonOrProblem(
        ctx.evaluations->Results(agency, static_cast<int>(year.value_or(
                                             static_cast<int>(ctx.evaluations->Today().year())))),
        req);
  });
}

void RegisterGuidance(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/public/guidance", [&ctx](const Request& req) {
    std::optional<std::int64_t> agency;
    if (auto bad = IntParam(req, "agency", 1, INT64_MAX, &agency)) return *bad;
    auto r = ctx.guidance->List(QueryParam(req, "q").value_or(""), "", agency.value_or(0), true);
    if (!r.ok()) return Fail(r.status(), req);
    Response res = JsonResponse(std::move(*r));
    res.SetHeader("Cache-Control", "public, max-age=60");
    return res;
  });
  router.Add("GET", "/api/v1/public/guidance/{id:int}", [&ctx](const Request& req) {
    auto r = ctx.guidance->Get(req.IntParam("id"), true);
    if (!r.ok()) return Fail(r.status(), req);
    Response res = JsonResponse(std::move(*r));
    res.SetHeader("Cache-Control", "public, max-age=60");
    return res;
  });
  router.Add("GET", "/api/v1/guidance", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
      return *denied;
    }
    return JsonOrProblem(ctx.guidance->List(QueryParam(req, "q").value_or(""),
                                            QueryParam(req, "status").value_or(""), agency, false),
                         req);
  });
  router.Add("POST", "/api/v1/guidance", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kManageGuidance, &who, &agency)) {
      return *denied;
    }
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    std::optional<std::int64_t> case_id;
    if (auto bad = BodyInt(b, "caseId", true, req, &case_id)) return *bad;
    services::GuidanceText t;
    if (auto bad = GuidanceTextOf(b, req, false, &t)) return *bad;
    return JsonOrProblem(ctx.guidance->Create(agency, *case_id, t, who.user_id), req, 201);
  });
  router.Add("GET", "/api/v1/guidance/{id:int}", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnGuidance(ctx, req, Permission::kReadAgencyInternal, &who)) return *denied;
    return JsonOrProblem(ctx.guidance->Get(req.IntParam("id"), false), req);
  });
  router.Add("PUT", "/api/v1/guidance/{id:int}", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnGuidance(ctx, req, Permission::kManageGuidance, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    services::GuidanceText t;
    if (auto bad = GuidanceTextOf(b, req, true, &t)) return *bad;
    return JsonOrProblem(ctx.guidance->Update(req.IntParam("id"), t, who.user_id), req);
  });
  router.Add("POST", "/api/v1/guidance/{id:int}/publish", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnGuidance(ctx, req, Permission::kManageGuidance, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    bool confirm = false;
    if (auto bad = BodyBool(b, "confirm", req, &confirm)) return *bad;
    if (!confirm)
      return BadInput(req, "confirm", "发布后即在门户公开,请以 {\"confirm\": true} 确认");
    return JsonOrProblem(ctx.guidance->Publish(req.IntParam("id"), who.user_id), req);
  });
  router.Add("POST", "/api/v1/guidance/{id:int}/withdraw", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnGuidance(ctx, req, Permission::kManageGuidance, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    std::string reason;
    if (auto bad = BodyString(b, "reason", true, req, &reason)) return *bad;
    return JsonOrProblem(ctx.guidance->Withdraw(req.IntParam("id"), reason, who.user_id), req);
  });
}

}  // namespace

void RegisterEvaluationRoutes(Router& router, ApiContext& ctx) {
  if (ctx.evaluations && ctx.auth) RegisterEvaluation(router, ctx);
  if (ctx.guidance) RegisterGuidance(router, ctx);
}

}  // namespace sx::http
