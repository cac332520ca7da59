// 监督考核 over HTTP (docs/supervision.md): the public complaint form, its attachments and status
// page; complaint handling and statistics for the workbench; the assessment indicators; the annual
// statistics report (draft, publication, the public report and its exports); 行政复议/行政诉讼
// outcomes of a case.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "http/rate_limit.h"
#include "render/annual_report.h"
#include "services/complaint_service.h"
#include "services/report_service.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

// The attachment refusals by their field: too large (413), a type not accepted (415).
Response AttachFailure(const Status& st, const Request& req) {
  if (st.code() == Code::kInvalid && st.field() == "size" && !req.body.empty()) {
    return Problem(413, "too-large", "附件过大", st.message(), &req, "size");
  }
  if (st.code() == Code::kInvalid && st.field() == "mediaType") {
    return Problem(415, "unsupported-type", "附件类型不支持", st.message(), &req, "mediaType");
  }
  return Fail(st, req);
}

// 422 "no-data" for a report of a year without records.
Response ReportFailure(const Status& st, const Request& req) {
  if (st.code() == Code::kInvalid && st.field() == "data") {
    return Problem(422, "no-data", "没有可统计的数据", st.message(), &req, "year");
  }
  return Fail(st, req);
}

std::optional<Response> Throttled(RateLimiter& limiter, const Request& req) {
  const int wait = limiter.Take(req.remote);
  if (wait == 0) return std::nullopt;
  Response r = Problem(429, "too-many-requests", "提交过于频繁",
                       fmt::format("提交过于频繁,请于 {} 分钟后再试", (wait + 59) / 60), &req);
  r.SetHeader("Retry-After", std::to_string(wait));
  return r;
}

std::optional<Response> ConfirmOf(const json::object& b, const Request& req) {
  bool confirm = false;
  if (auto bad = BodyBool(b, "confirm", req, &confirm)) return bad;
  if (!confirm) return BadInput(req, "confirm", "发布后即在门户公开,请以 {\"confirm\": true} 确认");
  return std::nullopt;
}

std::optional<Response> YearOf(const Request& req, int* year) {
  const auto text = req.PathParam("year");
  if (text.size() != 4 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return BadInput(req, "year", "年度应为四位数字,如 2026");
  }
  *year = std::stoi(std::string(text));
  if (*year < 2000 || *year > 2100) return BadInput(req, "year", "年度应在 2000 至 2100 之间");
  return std::nullopt;
}

std::optional<Response> OnComplaint(ApiContext& ctx, const Request& req, services::Principal* who) {
  return AuthorizeRecord(
      ctx, req, Permission::kHandleComplaints,
      [&] { return ctx.complaints->AgencyOf(req.IntParam("id")); }, who);
}

// ---- public -----------------------------------------------------------------------------------

void RegisterPublic(Router& router, ApiContext& ctx) {
  auto limiter = std::make_shared<RateLimiter>(ctx.complaint_burst, ctx.complaint_per_second);
  router.Add(
      "POST", "/api/v1/public/complaints",
      [&ctx, limiter](const Request& req) {
        json::object b;
        if (auto bad = ParseJsonObject(req, &b)) return *bad;
        std::string agency, topic;
        domain::NewComplaint c;
        if (auto bad = BodyString(b, "agency", true, req, &agency)) return *bad;
        if (auto bad = BodyString(b, "topic", true, req, &topic)) return *bad;
        const auto t = domain::ParseComplaintTopic(topic);
        if (!t) {
          return BadInput(
              req, "topic",
              "topic 应为 conduct、procedure、unfair、publicity、delay、violation 或 other");
        }
        c.topic = *t;
        if (auto bad = BodyString(b, "subject", true, req, &c.subject)) return *bad;
        if (auto bad = BodyString(b, "content", true, req, &c.content)) return *bad;
        if (auto bad = BodyString(b, "name", false, req, &c.name)) return *bad;
        if (auto bad = BodyString(b, "phone", false, req, &c.phone)) return *bad;
        if (auto bad = BodyString(b, "email", false, req, &c.email)) return *bad;
        if (auto bad = BodyString(b, "about", false, req, &c.about)) return *bad;
        // Checked before the limit counts, so a corrected retry is not refused for spam.
        if (Status st = domain::ValidateComplaint(c); !st.ok()) return Fail(st, req);
        if (auto wait = Throttled(*limiter, req)) return *wait;
        return JsonOrProblem(ctx.complaints->File(agency, c), req, 201);
      },
      RouteOptions{.max_body = 64 * 1024});
  router.Add(
      "POST", "/api/v1/public/complaints/{tracking}/attachments",
      [&ctx](const Request& req) {
        const auto name = QueryParam(req, "name");
        if (!name || name->empty()) return BadInput(req, "name", "请以 ?name= 给出文件名");
        auto r = ctx.complaints->Attach(req.PathParam("tracking"), req.Header("x-upload-token"),
                                        *name, req.body);
        if (!r.ok()) return AttachFailure(r.status(), req);
        Response res = JsonResponse(std::move(*r), 201);
        res.SetHeader("Cache-Control", "no-store");
        return res;
      },
      RouteOptions{.max_body = static_cast<std::size_t>(services::kMaxComplaintAttachmentBytes)});
  router.Add("GET", "/api/v1/public/complaints/{tracking}", [&ctx](const Request& req) {
    return JsonOrProblem(ctx.complaints->PublicStatus(req.PathParam("tracking")), req);
  });
}

// ---- complaints in the workbench ------------------------------------------------------------

void RegisterComplaints(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/complaints", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kHandleComplaints, &who, &agency)) {
      return *denied;
    }
    return JsonOrProblem(ctx.complaints->List(agency, QueryParam(req, "status").value_or("")), req);
  });
  router.Add("GET", "/api/v1/complaints/stats", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
      return *denied;
    }
    std::optional<std::int64_t> year;
    if (auto bad = IntParam(req, "year", 2000, 2100, &year)) return *bad;
    return JsonOrProblem(
        ctx.complaints->Stats(agency, static_cast<int>(year.value_or(
                                          static_cast<int>(ctx.complaints->Today().year())))),
        req);
  });
  router.Add("GET", "/api/v1/complaints/{id:int}", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnComplaint(ctx, req, &who)) return *denied;
    return JsonOrProblem(ctx.complaints->Get(req.IntParam("id")), req);
  });
  router.Add("GET", "/api/v1/complaints/{id:int}/attachments/{index:int}",
             [&ctx](const Request& req) {
               services::Principal who;
               if (auto denied = OnComplaint(ctx, req, &who)) return *denied;
               const std::int64_t index = req.IntParam("index");
               if (index < 1 || index > 100) return BadInput(req, "index", "附件序号有误");
               auto f = ctx.complaints->Attachment(req.IntParam("id"), static_cast<int>(index));
               if (!f.ok()) return Fail(f.status(), req);
               Response r;
               r.content_type = f->media_type;
               r.body = std::move(f->bytes);
               r.SetHeader("Cache-Control", "no-store");
               r.SetHeader("X-Content-Type-Options", "nosniff");
               r.SetHeader(
                   "Content-Disposition",
                   fmt::format("attachment; filename=\"attachment-{}\"; filename*=UTF-8''{}", index,
                               boost::urls::encode(f->name, boost::urls::unreserved_chars)));
               return r;
             });
  router.Add("POST", "/api/v1/complaints/{id:int}/assign", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnComplaint(ctx, req, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    std::optional<std::int64_t> assignee;
    if (auto bad = BodyInt(b, "assigneeId", true, req, &assignee)) return *bad;
    return JsonOrProblem(ctx.complaints->Assign(req.IntParam("id"), *assignee, who.user_id), req);
  });
  router.Add("POST", "/api/v1/complaints/{id:int}/reply", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnComplaint(ctx, req, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    std::string outcome, reply;
    std::optional<std::int64_t> case_id;
    if (auto bad = BodyString(b, "outcome", true, req, &outcome)) return *bad;
    if (auto bad = BodyString(b, "reply", true, req, &reply)) return *bad;
    if (auto bad = BodyInt(b, "caseId", false, req, &case_id)) return *bad;
    return JsonOrProblem(
        ctx.complaints->Reply(req.IntParam("id"), outcome, reply, case_id, who.user_id), req);
  });
  router.Add("POST", "/api/v1/complaints/{id:int}/reject", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnComplaint(ctx, req, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    std::string reason;
    if (auto bad = BodyString(b, "reason", true, req, &reason)) return *bad;
    return JsonOrProblem(ctx.complaints->Reject(req.IntParam("id"), reason, who.user_id), req);
  });
}

// ---- indicators and the annual report -------------------------------------------------------

Response Export(const json::object& report, std::string_view format, const Request& req) {
  const std::string base = fmt::format(
      "annual-report-{}-{}-v{}", json::value_to<std::string>(report.at("agency").at("code")),
      report.at("year").to_number<std::int64_t>(), report.at("version").to_number<std::int64_t>());
  Result<std::string> bytes = Status::Internal("");
  std::string type;
  if (format == "pdf") {
    bytes = render::AnnualReportPdf(report);
    type = "application/pdf";
  } else if (format == "xlsx") {
    bytes = render::AnnualReportXlsx(report);
    type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  } else {
    bytes = render::AnnualReportCsv(report);
    type = "text/csv; charset=utf-8";
  }
  if (!bytes.ok()) return Fail(bytes.status(), req);
  Response r;
  r.content_type = type;
  r.body = std::move(*bytes);
  r.SetHeader("Content-Disposition", fmt::format("attachment; filename=\"{}.{}\"", base, format));
  return r;
}

void RegisterReports(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/supervision/indicators", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = Authenticate(ctx, req, &who)) return *denied;
    std::optional<std::int64_t> agency;
    if (auto denied = AgenciesToList(req, who, &agency)) return *denied;
    const domain::Date today = ctx.reports->Today();
    const domain::Month now = domain::MonthOf(today);
    domain::Month from{now.year, 1}, to = now;
    if (auto v = QueryParam(req, "from")) {
      auto m = domain::ParseMonth(*v);
      if (!m) return BadInput(req, "from", "from 应为月份,如 2026-01");
      from = *m;
    }
    if (auto v = QueryParam(req, "to")) {
      auto m = domain::ParseMonth(*v);
      if (!m) return BadInput(req, "to", "to 应为月份,如 2026-12");
      to = *m;
    }
    return JsonOrProblem(ctx.reports->Indicators(agency, from, to), req);
  });
  router.Add("GET", "/api/v1/reports/annual/{year}", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
      return *denied;
    }
    int year = 0;
    if (auto bad = YearOf(req, &year)) return *bad;
    return JsonOrProblem(ctx.reports->Reports(agency, year), req);
  });
  router.Add("POST", "/api/v1/reports/annual/{year}/draft", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kManageAnnualReport, &who, &agency)) {
      return *denied;
    }
    json::object b;
    if (!req.body.empty()) {
      if (auto bad = ParseJsonObject(req, &b)) return *bad;
    }
    int year = 0;
    if (auto bad = YearOf(req, &year)) return *bad;
    auto r = ctx.reports->Draft(agency, year, who.user_id);
    if (!r.ok()) return ReportFailure(r.status(), req);
    return JsonOrProblem(std::move(*r), req, 201);
  });
  router.Add("POST", "/api/v1/reports/annual/{year}/publish", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kManageAnnualReport, &who, &agency)) {
      return *denied;
    }
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    if (auto bad = ConfirmOf(b, req)) return *bad;
    std::string note;
    if (auto bad = BodyString(b, "note", false, req, &note)) return *bad;
    int year = 0;
    if (auto bad = YearOf(req, &year)) return *bad;
    return JsonOrProblem(ctx.reports->Publish(agency, year, note, who.user_id), req);
  });
  router.Add("GET", "/api/v1/public/reports/annual", [&ctx](const Request& req) {
    auto r = ctx.reports->PublicList();
    if (!r.ok()) return Fail(r.status(), req);
    Response res = JsonResponse(std::move(*r));
    res.SetHeader("Cache-Control", "public, max-age=60");
    return res;
  });
  router.Add("GET", "/api/v1/public/reports/annual/{year}", [&ctx](const Request& req) {
    int year = 0;
    if (auto bad = YearOf(req, &year)) return *bad;
    std::optional<std::int64_t> version;
    if (auto bad = IntParam(req, "version", 1, 10000, &version)) return *bad;
    const auto format = QueryParam(req, "format").value_or("json");
    if (format != "json" && format != "pdf" && format != "xlsx" && format != "csv") {
      return BadInput(req, "format", "format 应为 json、pdf、xlsx 或 csv");
    }
    auto r = ctx.reports->PublicReport(
        QueryParam(req, "agency").value_or(""), year,
        version ? std::optional<int>(static_cast<int>(*version)) : std::nullopt);
    if (!r.ok()) return Fail(r.status(), req);
    Response res = format == "json" ? JsonResponse(*r) : Export(*r, format, req);
    if (res.status == 200) res.SetHeader("Cache-Control", "public, max-age=60");
    return res;
  });
  // The draft's exports for the workbench (same renderers, the draft watermark).
  router.Add("GET", "/api/v1/reports/annual/{year}/draft", [&ctx](const Request& req) {
    services::Principal who;
    std::int64_t agency = 0;
    if (auto denied = AuthorizeAgency(ctx, req, Permission::kReadAgencyInternal, &who, &agency)) {
      return *denied;
    }
    int year = 0;
    if (auto bad = YearOf(req, &year)) return *bad;
    const auto format = QueryParam(req, "format").value_or("pdf");
    if (format != "pdf" && format != "xlsx" && format != "csv") {
      return BadInput(req, "format", "format 应为 pdf、xlsx 或 csv");
    }
    auto r = ctx.reports->Reports(agency, year);
    if (!r.ok()) return Fail(r.status(), req);
    if (!r->at("draft").is_object()) {
      return Fail(Status::NotFound(fmt::format("{} 年度没有草稿", year)), req);
    }
    Response res = Export(r->at("draft").as_object(), format, req);
    res.SetHeader("Cache-Control", "no-store");
    return res;
  });
}

// ---- 行政复议 / 行政诉讼 --------------------------------------------------------------------

// The case's agency and 内设机构 scope for `p`.
std::optional<Response> OnCase(ApiContext& ctx, const Request& req, Permission p,
                               services::Principal* who) {
  std::optional<std::int64_t> department;
  if (auto denied = AuthorizeRecord(
          ctx, req, p, [&] { return ctx.cases->CaseAgency(req.IntParam("id"), &department); },
          who)) {
    return denied;
  }
  if (!domain::InDepartmentScope(who->actor(), department)) {
    return Problem(403, "forbidden", "无权操作", "该案件不属于您所在的内设机构", &req);
  }
  return std::nullopt;
}

void RegisterRemedies(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/cases/{id:int}/remedies", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnCase(ctx, req, Permission::kReadAgencyInternal, &who)) return *denied;
    return JsonOrProblem(ctx.reports->Remedies(req.IntParam("id")), req);
  });
  router.Add("POST", "/api/v1/cases/{id:int}/remedies", [&ctx](const Request& req) {
    services::Principal who;
    if (auto denied = OnCase(ctx, req, Permission::kHandleCases, &who)) return *denied;
    json::object b;
    if (auto bad = ParseJsonObject(req, &b)) return *bad;
    services::NewRemedy r;
    if (auto bad = BodyString(b, "kind", true, req, &r.kind)) return *bad;
    if (auto bad = BodyString(b, "outcome", true, req, &r.outcome)) return *bad;
    if (auto bad = BodyDate(b, "decidedOn", req, &r.decided_on)) return *bad;
    if (auto bad = BodyString(b, "authority", true, req, &r.authority)) return *bad;
    if (auto bad = BodyString(b, "note", false, req, &r.note)) return *bad;
    return JsonOrProblem(ctx.reports->RecordRemedy(req.IntParam("id"), r, who.user_id), req, 201);
  });
}

}  // namespace

void RegisterSupervisionRoutes(Router& router, ApiContext& ctx) {
  if (ctx.complaints) {
    RegisterPublic(router, ctx);
    if (ctx.auth) RegisterComplaints(router, ctx);
  }
  if (ctx.reports) {
    RegisterReports(router, ctx);
    if (ctx.cases && ctx.auth) RegisterRemedies(router, ctx);
  }
}

}  // namespace sx::http
