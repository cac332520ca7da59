// The case file over HTTP (docs/archive.md): the 四性检测 report of a closed case's bag and the bag
// itself as a tar download. Readers of the case's agency and supervisors may use both; every
// export is recorded in the chain of custody of the case's evidence.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "services/archive_service.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

json::array ItemsJson(const std::vector<services::CheckItem>& items) {
  json::array out;
  for (const auto& i : items) {
    out.push_back(json::object{{"subject", i.subject}, {"message", i.message}});
  }
  return out;
}

json::object SectionJson(const services::CheckSection& s) {
  return json::object{{"name", s.name},
                      {"ok", s.ok()},
                      {"passed", ItemsJson(s.passed)},
                      {"failed", ItemsJson(s.failed)},
                      {"skipped", ItemsJson(s.skipped)}};
}

std::optional<Response> AuthorizeCaseRead(ApiContext& ctx, const Request& req,
                                          services::Principal* who) {
  std::optional<std::int64_t> department;
  if (auto denied = AuthorizeRecord(
          ctx, req, Permission::kReadAgencyInternal,
          [&] { return ctx.cases->CaseAgency(req.IntParam("id"), &department); }, who)) {
    return denied;
  }
  if (!who->Has(domain::Role::kSupervisor) &&
      !domain::InDepartmentScope(who->actor(), department)) {
    return Problem(403, "forbidden", "无权查看", "该案件不属于您所在的内设机构", &req);
  }
  return std::nullopt;
}

Response CheckArchive(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeCaseRead(ctx, req, &who)) return *denied;
  auto report = ctx.archive->Check(req.IntParam("id"), who.user_id, req.remote);
  if (!report.ok()) return Fail(report.status(), req);
  json::array sections;
  for (const auto* s :
       {&report->authenticity, &report->integrity, &report->usability, &report->security}) {
    sections.push_back(SectionJson(*s));
  }
  Response r = JsonResponse(json::object{{"caseNumber", report->case_number},
                                         {"items", report->items},
                                         {"ok", report->ok()},
                                         {"checkedAt", FormatUtc(std::chrono::system_clock::now())},
                                         {"sections", std::move(sections)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response DownloadBag(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeCaseRead(ctx, req, &who)) return *denied;
  auto tar = ctx.archive->BagTar(req.IntParam("id"), who.user_id, req.remote);
  if (!tar.ok()) return Fail(tar.status(), req);
  Response r;
  r.content_type = "application/x-tar";
  r.file = FileBody{tar->path.string(), 0, tar->size};
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader(
      "Content-Disposition",
      fmt::format("attachment; filename=\"case-{}.tar\"; filename*=UTF-8''{}", req.IntParam("id"),
                  boost::urls::encode(tar->filename, boost::urls::unreserved_chars)));
  return r;
}

}  // namespace

void RegisterArchiveRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  router.Add("GET", "/api/v1/cases/{id:int}/archive/check", Bind(ctx, CheckArchive), read);
  router.Add("GET", "/api/v1/cases/{id:int}/archive/bag", Bind(ctx, DownloadBag), read);
}

}  // namespace sx::http
