// 双随机、一公开 over HTTP (docs/draw.md): the roster and its import, conflicts, the item list,
// plans, publication, the draw, replacements and results for the workbench; the public plans,
// their bundles and the item list for the portal.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "services/inspection_service.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

std::optional<Response> OnPlan(ApiContext& ctx, const Request& req, Permission p,
                               services::Principal* who) {
  return AuthorizeRecord(
      ctx, req, p, [&] { return ctx.inspections->AgencyOfPlan(req.IntParam("id")); }, who);
}

std::optional<Response> Strings(const json::object& o, std::string_view key, const Request& req,
                                std::vector<std::string>* out) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_array() || v->get_array().size() > 50) {
    return BadInput(req, key, fmt::format("{} 须为不超过 50 项的文字数组", key));
  }
  for (const auto& s : v->get_array()) {
    if (!s.is_string() || s.get_string().size() > 200) {
      return BadInput(req, key, fmt::format("{} 须为文字数组", key));
    }
    out->emplace_back(s.get_string());
  }
  return std::nullopt;
}

std::optional<Response> PlanSpecOf(const json::object& b, const Request& req,
                                   services::PlanSpec* s) {
  std::optional<std::int64_t> item, team;
  if (auto bad = BodyInt(b, "itemId", true, req, &item)) return bad;
  s->item_id = *item;
  if (auto bad = BodyString(b, "code", false, req, &s->code)) return bad;
  if (auto bad = BodyString(b, "title", true, req, &s->title)) return bad;
  if (auto bad = BodyString(b, "area", true, req, &s->area)) return bad;
  if (auto bad = BodyString(b, "frequency", false, req, &s->frequency)) return bad;
  if (auto bad = BodyString(b, "periodStart", true, req, &s->period_start)) return bad;
  if (auto bad = BodyString(b, "periodEnd", true, req, &s->period_end)) return bad;
  if (auto bad = BodyInt(b, "teamSize", false, req, &team)) return bad;
  s->team_size = static_cast<int>(std::clamp<std::int64_t>(team.value_or(2), -1, 100));
  if (auto bad = BodyString(b, "source", true, req, &s->source)) return bad;
  if (auto bad = BodyString(b, "drawDate", true, req, &s->draw_date)) return bad;
  if (const auto* scope = b.if_contains("scope"); scope != nullptr && !scope->is_null()) {
    if (!scope->is_object()) return BadInput(req, "scope", "scope 须为对象");
    const auto& o = scope->get_object();
    if (auto bad = Strings(o, "districts", req, &s->scope.districts)) return bad;
    if (auto bad = Strings(o, "industries", req, &s->scope.industries)) return bad;
    if (auto bad = Strings(o, "sizes", req, &s->scope.sizes)) return bad;
    if (auto bad = Strings(o, "riskGrades", req, &s->scope.risk_grades)) return bad;
    std::optional<std::int64_t> min;
    if (auto bad = BodyInt(o, "minComplaints", false, req, &min)) return bad;
    s->scope.min_complaints = min.value_or(0);
  }
  const auto* strata = b.if_contains("strata");
  if (strata == nullptr || !strata->is_array() || strata->get_array().size() > 20) {
    return BadInput(req, "strata", "strata 须为分层数组(至少一个)");
  }
  for (const auto& v : strata->get_array()) {
    if (!v.is_object()) return BadInput(req, "strata", "每个分层须为对象");
    const auto& o = v.get_object();
    services::StratumSpec st;
    if (auto bad = BodyString(o, "name", true, req, &st.name)) return bad;
    if (const auto* f = o.if_contains("filter"); f != nullptr && !f->is_null()) {
      if (!f->is_object()) return BadInput(req, "strata", "分层的 filter 须为对象");
      const auto& fo = f->get_object();
      if (auto bad = Strings(fo, "districts", req, &st.filter.districts)) return bad;
      if (auto bad = Strings(fo, "riskGrades", req, &st.filter.risk_grades)) return bad;
      std::optional<std::int64_t> min;
      if (auto bad = BodyInt(fo, "minComplaints", false, req, &min)) return bad;
      st.filter.min_complaints = min.value_or(0);
    }
    if (const auto* r = o.if_contains("ratio"); r != nullptr && !r->is_null()) {
      if (r->is_string()) {
        st.ratio = std::string(r->get_string());
      } else if (r->is_number()) {
        st.ratio = json::serialize(*r);
      } else {
        return BadInput(req, "strata", "分层的 ratio 须为百分数");
      }
    }
    std::optional<std::int64_t> count;
    if (auto bad = BodyInt(o, "count", false, req, &count)) return bad;
    st.count = count;
    s->strata.push_back(std::move(st));
  }
  return std::nullopt;
}

// A route on the caller's agency (or ?agency=) for `p`: fn(req, who, agency).
template <typename Fn>
Handler AgencyRoute(ApiContext& ctx, Permission p, Fn fn) {
  return [&ctx, p, fn](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, p, &who, &agency)) return *denied;
    return fn(req, who, agency);
  };
}

// The same with a JSON body: fn(req, who, agency, body).
template <typename Fn>
Handler AgencyWrite(ApiContext& ctx, Permission p, Fn fn) {
  return AgencyRoute(ctx, p,
                     [fn](const Request& req, const services::Principal& who, std::int64_t agency) {
                       json::object body;
                       if (auto bad = ParseJsonObject(req, &body)) return *bad;
                       return fn(req, who, agency, body);
                     });
}

// A public JSON answer others may keep for `max_age` seconds.
Response Public(Result<json::object> r, const Request& req, int max_age) {
  if (!r.ok()) return Fail(r.status(), req);
  Response res = JsonResponse(*r);
  res.SetHeader("Cache-Control", fmt::format("public, max-age={}", max_age));
  return res;
}

// The steps that fix something for good ask for {"confirm": true}: an empty request changes
// nothing.
std::optional<Response> Confirmed(const json::object& b, const Request& req) {
  bool confirm = false;
  if (auto bad = BodyBool(b, "confirm", req, &confirm)) return bad;
  if (!confirm) return BadInput(req, "confirm", "此操作不可撤销,请以 {\"confirm\": true} 确认");
  return std::nullopt;
}

Response Created(Result<json::object> r, const Request& req) {
  if (!r.ok()) return Fail(r.status(), req);
  return JsonResponse(*r, 201);
}

template <typename Fn>
Handler PlanWrite(ApiContext& ctx, Permission p, Fn fn) {
  return [&ctx, p, fn](const Request& req) {
    services::Principal who;
    if (auto denied = OnPlan(ctx, req, p, &who)) return *denied;
    json::object body;
    if (auto bad = ParseJsonObject(req, &body)) return *bad;
    return fn(req, who, body);
  };
}

}  // namespace

void RegisterInspectionRoutes(Router& router, ApiContext& ctx) {
  services::InspectionService* s = ctx.inspections;
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions write{.max_body = 64 * 1024, .blocking = true};

  // ---- roster ----
  router.Add("GET", "/api/v1/inspection/targets",
             AgencyRoute(ctx, Permission::kReadAgencyInternal,
                         [s](const Request& req, const services::Principal&, std::int64_t agency) {
                           services::TargetQuery q;
                           q.agency_id = agency;
                           q.q = std::string(QueryParam(req, "q").value_or(""));
                           q.district = std::string(QueryParam(req, "district").value_or(""));
                           q.risk_grade = std::string(QueryParam(req, "riskGrade").value_or(""));
                           if (q.q.size() > 100 || q.district.size() > 100) {
                             return BadInput(req, "q", "查询文字不超过 100 字节");
                           }
                           if (!q.risk_grade.empty() && q.risk_grade != "low" &&
                               q.risk_grade != "medium" && q.risk_grade != "high") {
                             return BadInput(req, "riskGrade",
                                             "riskGrade 应为 low、medium 或 high");
                           }
                           std::optional<std::int64_t> limit, after;
                           if (auto bad = IntParam(req, "limit", 1, 500, &limit)) return *bad;
                           if (auto bad = IntParam(req, "after", 0, INT64_MAX, &after)) return *bad;
                           q.limit = static_cast<int>(limit.value_or(50));
                           q.after = after.value_or(0);
                           return JsonOrProblem(s->Targets(q), req);
                         }),
             read);
  router.Add("POST", "/api/v1/inspection/targets/import",
             [&ctx, s](const Request& req) {
               services::Principal who;
               std::int64_t agency = 0;
               if (auto denied =
                       AuthorizeAgency(ctx, req, Permission::kManageInspections, &who, &agency)) {
                 return *denied;
               }
               auto ct = req.Header("content-type");
               auto media = ct.substr(0, ct.find(';'));
               while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
               if (media != "text/csv" &&
                   media != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
                 return Problem(415, "unsupported-media-type", "不支持的内容类型",
                                "请上传 CSV(text/csv)或 XLSX 文件", &req);
               }
               auto report = s->ImportTargets(agency, req.body, who.user_id);
               if (!report.ok()) return Fail(report.status(), req);
               if (!report->errors.empty()) {
                 return ImportRejected(req, report->errors, "检查对象");
               }
               return JsonResponse(json::object{{"imported", report->created + report->updated},
                                                {"created", report->created},
                                                {"updated", report->updated},
                                                {"importId", report->import_id},
                                                {"fileDigest", report->file_digest}});
             },
             {.max_body = services::kMaxTargetImportBytes + 1024, .blocking = true});

  // ---- conflicts and items ----
  router.Add("GET", "/api/v1/inspection/conflicts",
             AgencyRoute(ctx, Permission::kReadAgencyInternal,
                         [s](const Request& req, const services::Principal&, std::int64_t agency) {
                           return JsonOrProblem(s->Conflicts(agency), req);
                         }),
             read);
  router.Add("POST", "/api/v1/inspection/conflicts",
             AgencyWrite(ctx, Permission::kManageInspections,
                         [s](const Request& req, const services::Principal& who,
                             std::int64_t agency, const json::object& b) {
                           services::NewConflict c;
                           std::optional<std::int64_t> officer, target;
                           if (auto bad = BodyInt(b, "officerId", true, req, &officer)) return *bad;
                           if (auto bad = BodyInt(b, "targetId", true, req, &target)) return *bad;
                           if (auto bad = BodyString(b, "kind", true, req, &c.kind)) return *bad;
                           if (auto bad = BodyString(b, "note", false, req, &c.note)) return *bad;
                           c.officer_id = *officer;
                           c.target_id = *target;
                           return Created(s->AddConflict(agency, c, who.user_id), req);
                         }),
             write);
  router.Add("GET", "/api/v1/inspection/items",
             AgencyRoute(ctx, Permission::kReadAgencyInternal,
                         [s](const Request& req, const services::Principal&, std::int64_t agency) {
                           return JsonOrProblem(s->Items(agency), req);
                         }),
             read);
  router.Add("POST", "/api/v1/inspection/items",
             AgencyWrite(ctx, Permission::kManageInspections,
                         [s](const Request& req, const services::Principal& who,
                             std::int64_t agency, const json::object& b) {
                           services::NewInspectionItem item;
                           std::optional<std::int64_t> power;
                           if (auto bad = BodyString(b, "code", true, req, &item.code)) return *bad;
                           if (auto bad = BodyString(b, "name", true, req, &item.name)) return *bad;
                           if (auto bad = BodyInt(b, "powerItemId", true, req, &power)) return *bad;
                           if (auto bad = BodyString(b, "subject", true, req, &item.subject)) {
                             return *bad;
                           }
                           if (auto bad = BodyString(b, "method", true, req, &item.method)) {
                             return *bad;
                           }
                           if (auto bad = BodyString(b, "content", false, req, &item.content)) {
                             return *bad;
                           }
                           item.power_item_id = *power;
                           return Created(s->AddItem(agency, item, who.user_id), req);
                         }),
             write);

  // ---- plans ----
  router.Add("GET", "/api/v1/inspection/plans",
             AgencyRoute(ctx, Permission::kReadAgencyInternal,
                         [s](const Request& req, const services::Principal&, std::int64_t agency) {
                           auto r = s->Plans(agency);
                           if (!r.ok()) return Fail(r.status(), req);
                           return JsonOrProblem(json::object{{"items", std::move(*r)}}, req);
                         }),
             read);
  router.Add("POST", "/api/v1/inspection/plans",
             AgencyWrite(ctx, Permission::kManageInspections,
                         [s](const Request& req, const services::Principal& who,
                             std::int64_t agency, const json::object& b) {
                           services::PlanSpec spec;
                           if (auto bad = PlanSpecOf(b, req, &spec)) return *bad;
                           return Created(s->CreatePlan(agency, spec, who.user_id), req);
                         }),
             write);
  router.Add(
      "GET", "/api/v1/inspection/plans/{id:int}",
      [&ctx, s](const Request& req) {
        services::Principal who;
        if (auto denied = OnPlan(ctx, req, Permission::kReadAgencyInternal, &who)) return *denied;
        return JsonOrProblem(s->Plan(req.IntParam("id")), req);
      },
      read);
  router.Add(
      "PUT", "/api/v1/inspection/plans/{id:int}",
      PlanWrite(ctx, Permission::kManageInspections,
                [s](const Request& req, const services::Principal& who, const json::object& b) {
                  services::PlanSpec spec;
                  if (auto bad = PlanSpecOf(b, req, &spec)) return *bad;
                  return JsonOrProblem(s->UpdatePlan(req.IntParam("id"), spec, who.user_id), req);
                }),
      write);
  router.Add(
      "POST", "/api/v1/inspection/plans/{id:int}/publish",
      PlanWrite(ctx, Permission::kManageInspections,
                [s](const Request& req, const services::Principal& who, const json::object& b) {
                  if (auto bad = Confirmed(b, req)) return *bad;
                  return JsonOrProblem(s->PublishPlan(req.IntParam("id"), who.user_id), req);
                }),
      write);
  router.Add(
      "POST", "/api/v1/inspection/plans/{id:int}/draw",
      PlanWrite(ctx, Permission::kManageInspections,
                [s](const Request& req, const services::Principal& who, const json::object& b) {
                  std::string value;
                  if (auto bad = BodyString(b, "publicValue", true, req, &value)) {
                    return *bad;
                  }
                  return JsonOrProblem(s->Draw(req.IntParam("id"), value, who.user_id), req);
                }),
      write);
  router.Add(
      "POST", "/api/v1/inspection/plans/{id:int}/replacements",
      PlanWrite(ctx, Permission::kManageInspections,
                [s](const Request& req, const services::Principal& who, const json::object& b) {
                  std::optional<std::int64_t> target, inspector;
                  std::string reason, note;
                  if (auto bad = BodyInt(b, "targetId", true, req, &target)) return *bad;
                  if (auto bad = BodyInt(b, "inspectorId", true, req, &inspector)) {
                    return *bad;
                  }
                  if (auto bad = BodyString(b, "reason", true, req, &reason)) return *bad;
                  if (auto bad = BodyString(b, "note", true, req, &note)) return *bad;
                  return JsonOrProblem(s->ReplaceInspector(req.IntParam("id"), *target, *inspector,
                                                           reason, note, who.user_id),
                                       req);
                }),
      write);
  router.Add(
      "POST", "/api/v1/inspection/plans/{id:int}/results",
      PlanWrite(ctx, Permission::kRecordInspectionResults,
                [s](const Request& req, const services::Principal& who, const json::object& b) {
                  services::ResultEntry e;
                  std::optional<std::int64_t> target;
                  if (auto bad = BodyInt(b, "targetId", true, req, &target)) return *bad;
                  if (auto bad = BodyString(b, "outcome", true, req, &e.outcome)) {
                    return *bad;
                  }
                  if (auto bad = BodyInt(b, "caseId", false, req, &e.case_id)) return *bad;
                  if (auto bad = BodyString(b, "note", false, req, &e.note)) return *bad;
                  e.target_id = *target;
                  services::InspectionActor actor;
                  actor.user_id = who.user_id;
                  actor.for_team = who.Has(domain::Role::kUnitHead);
                  return JsonOrProblem(s->EnterResult(req.IntParam("id"), e, actor), req);
                }),
      write);
  router.Add(
      "POST", "/api/v1/inspection/plans/{id:int}/results/publish",
      PlanWrite(ctx, Permission::kPublishDisclosures,
                [s](const Request& req, const services::Principal& who, const json::object& b) {
                  if (auto bad = Confirmed(b, req)) return *bad;
                  return JsonOrProblem(s->PublishResults(req.IntParam("id"), who.user_id), req);
                }),
      write);

  // ---- public ----
  router.Add(
      "GET", "/api/v1/public/draws",
      [s](const Request& req) {
        const auto agency = QueryParam(req, "agency").value_or("");
        if (agency.size() > 64) return BadInput(req, "agency", "agency 为机关代码");
        return Public(s->PublicPlans(agency), req, 30);
      },
      read);
  router.Add(
      "GET", "/api/v1/public/draws/{id:int}",
      [s](const Request& req) { return Public(s->PublicPlan(req.IntParam("id")), req, 30); }, read);
  router.Add(
      "GET", "/api/v1/public/draws/{id:int}/bundle",
      [s](const Request& req) {
        auto r = s->Bundle(req.IntParam("id"));
        if (!r.ok()) return Fail(r.status(), req);
        Response res;
        res.content_type = "application/json";
        res.body = std::move(*r);
        res.SetHeader("Cache-Control", "public, max-age=30");
        res.SetHeader("Content-Disposition",
                      fmt::format("inline; filename=\"draw-{}.json\"", req.IntParam("id")));
        return res;
      },
      read);
  router.Add(
      "GET", "/api/v1/public/agencies/{code}/inspection-items",
      [s](const Request& req) { return Public(s->PublicItems(req.PathParam("code")), req, 60); },
      read);
}

}  // namespace sx::http
