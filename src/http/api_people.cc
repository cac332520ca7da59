// Routes of the personnel database: the public officer list and certificate check (fixed
// interfaces, see docs/openapi.yaml) and the administrator's writes, dashboard and CSV import.
#include <charconv>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "util/qr.h"

namespace sx::http {

namespace json = boost::json;

namespace {

Response BadParameter(const Request& req, std::string_view name, std::string_view detail) {
  return Problem(400, "invalid-parameter", "参数有误", detail, &req, name);
}

json::value OptionalString(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

// The fields the law requires to publish (国办发〔2018〕118号 二(一)) and today's validity.
json::object PublicOfficerJson(const domain::Officer& o, domain::Date today) {
  return json::object{{"name", o.name},
                      {"title", o.title},
                      {"certNumber", o.certificate.number},
                      {"area", o.area},
                      {"category", o.category},
                      {"agency", o.agency_name},
                      {"validity", domain::ValidityName(domain::ValidityOn(o.certificate, today))}};
}

json::object OfficerJson(const domain::Officer& o, domain::Date today) {
  const auto& c = o.certificate;
  return json::object{
      {"id", o.id},
      {"agencyId", o.agency_id},
      {"agency", o.agency_name},
      {"departmentId", o.department_id ? json::value(*o.department_id) : json::value(nullptr)},
      {"department", OptionalString(o.department_name)},
      {"name", o.name},
      {"title", o.title},
      {"certNumber", c.number},
      {"issuer", c.issuer},
      {"issuedOn", domain::FormatDate(c.issued_on)},
      {"expiresOn", domain::FormatDate(c.expires_on)},
      {"status", domain::CertificateStatusName(c.status)},
      {"validity", domain::ValidityName(domain::ValidityOn(c, today))},
      {"category", o.category},
      {"area", o.area},
      {"legalReviewer", o.legal_reviewer},
      {"legalQualificationNumber", OptionalString(o.legal_qualification_number)},
      {"firstTimeReviewer", o.first_time_reviewer},
      {"trainings", o.training_count},
      {"createdAt", o.created_at},
      {"updatedAt", o.updated_at}};
}

json::object TrainingJson(const domain::Training& t) {
  return json::object{{"id", t.id},
                      {"officerId", t.officer_id},
                      {"kind", domain::TrainingKindName(t.kind)},
                      {"date", domain::FormatDate(t.held_on)},
                      {"hours", t.hours},
                      {"result", t.passed ? "合格" : "不合格"},
                      {"createdAt", t.created_at}};
}

Response Invalid(const Request& req, std::string_view field, std::string_view detail) {
  return Problem(422, "invalid-input", "输入有误", detail, &req, field);
}

std::optional<Response> GetBool(const json::object& o, std::string_view key, const Request& req,
                                bool* out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) return Invalid(req, key, fmt::format("字段 {} 须为 true 或 false", key));
  *out = v->as_bool();
  return std::nullopt;
}

std::optional<Response> GetInt(const json::object& o, std::string_view key, bool required,
                               const Request& req, std::optional<std::int64_t>* out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return Invalid(req, key, fmt::format("缺少字段 {}", key));
    return std::nullopt;
  }
  if (v->is_int64()) {
    *out = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= INT64_MAX) {
    *out = static_cast<std::int64_t>(v->as_uint64());
  } else {
    return Invalid(req, key, fmt::format("字段 {} 须为整数", key));
  }
  return std::nullopt;
}

std::optional<Response> GetDate(const json::object& o, std::string_view key, bool required,
                                std::string_view label, const Request& req,
                                std::optional<domain::Date>* out) {
  std::string text;
  if (auto bad = GetString(o, key, required, req, &text)) return bad;
  if (!o.if_contains(key) || o.at(key).is_null()) return std::nullopt;
  auto d = domain::ParseDate(text);
  if (!d) return Invalid(req, key, fmt::format("{} 须为 YYYY-MM-DD 格式的日期", label));
  *out = *d;
  return std::nullopt;
}

std::optional<Response> GetStatus(const json::object& o, const Request& req,
                                  std::optional<domain::CertificateStatus>* out) {
  std::string text;
  if (auto bad = GetString(o, "status", false, req, &text)) return bad;
  if (!o.if_contains("status") || o.at("status").is_null()) return std::nullopt;
  auto s = domain::ParseCertificateStatus(text);
  if (!s) return Invalid(req, "status", "证件状态 status 须为“有效”“暂扣”或“注销”");
  *out = *s;
  return std::nullopt;
}

Response ListPublic(ApiContext& ctx, const Request& req) {
  std::optional<std::int64_t> agency;
  if (auto text = QueryParam(req, "agency")) {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
    if (ec != std::errc() || p != text->data() + text->size() || id <= 0) {
      return BadParameter(req, "agency", "参数 agency 须为执法主体编号(正整数)");
    }
    agency = id;
  }
  auto list = ctx.people->List(agency);
  if (!list.ok()) return ProblemFromStatus(list.status(), req);
  const domain::Date today = ctx.people->Today();
  json::array items;
  for (const auto& o : *list) items.push_back(PublicOfficerJson(o, today));
  return JsonResponse(
      json::object{{"items", std::move(items)}, {"checkedOn", domain::FormatDate(today)}});
}

Response Verify(ApiContext& ctx, const Request& req) {
  auto cert = QueryParam(req, "cert");
  if (!cert || cert->empty()) {
    return BadParameter(req, "cert", "请提供执法证号:?cert=执法证号,例如 ?cert=ZZGJJ-2023-001");
  }
  auto v = ctx.people->Verify(*cert);
  if (!v.ok()) {
    if (v.status().code() == Code::kInvalid) return BadParameter(req, "cert", v.status().message());
    return ProblemFromStatus(v.status(), req);
  }
  const auto& o = v->officer;
  Response r =
      JsonResponse(json::object{{"name", o.name},
                                {"agency", o.agency_name},
                                {"category", o.category},
                                {"area", o.area},
                                {"validity", domain::ValidityName(v->validity)},
                                {"valid", v->validity == domain::Validity::kValid},
                                {"expiresOn", domain::FormatDate(o.certificate.expires_on)},
                                {"checkedOn", domain::FormatDate(v->checked_on)},
                                {"ledgerObject", fmt::format("officer:{}", o.id)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// The officer in the path belongs to some agency; the policy decides on that agency's data.
std::optional<Response> AuthorizeOfficer(ApiContext& ctx, const Request& req, domain::Permission p,
                                         services::Principal* who) {
  return AuthorizeRecord(
      ctx, req, p,
      [&]() -> Result<std::int64_t> {
        auto o = ctx.people->Get(req.IntParam("id"));
        if (!o.ok()) return o.status();
        return o->agency_id;
      },
      who);
}

// Officers and unit heads read the records of their own 内设机构 (domain::InDepartmentScope).
std::optional<Response> OutOfScope(const services::Principal& who, const domain::Officer& o,
                                   const Request& req) {
  if (domain::InDepartmentScope(who.actor(), o.department_id)) return std::nullopt;
  return Problem(403, "forbidden", "无权查看", "该人员不属于您所在的内设机构", &req);
}

Response GetOfficer(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeOfficer(ctx, req, domain::Permission::kReadAgencyInternal, &who)) {
    return *denied;
  }
  auto o = ctx.people->Get(req.IntParam("id"));
  if (!o.ok()) return ProblemFromStatus(o.status(), req);
  if (auto out = OutOfScope(who, *o, req)) return *out;
  auto trainings = ctx.people->Trainings(o->id);
  if (!trainings.ok()) return ProblemFromStatus(trainings.status(), req);
  json::object body = OfficerJson(*o, ctx.people->Today());
  json::array records;
  for (const auto& t : *trainings) records.push_back(TrainingJson(t));
  body["trainingRecords"] = std::move(records);
  return JsonResponse(body);
}

// Percent-encodes a query value (certificate numbers are [A-Z0-9-], but stay safe).
std::string QueryEscape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Response OfficerQr(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeOfficer(ctx, req, domain::Permission::kReadAgencyInternal, &who)) {
    return *denied;
  }
  auto o = ctx.people->Get(req.IntParam("id"));
  if (!o.ok()) return ProblemFromStatus(o.status(), req);
  if (auto out = OutOfScope(who, *o, req)) return *out;
  const std::string url =
      fmt::format("{}/verify?cert={}", PublicOrigin(ctx, req), QueryEscape(o->certificate.number));
  auto svg = QrSvg(url);
  if (!svg.ok()) return ProblemFromStatus(svg.status(), req);
  Response r;
  r.content_type = "image/svg+xml";
  r.body = std::move(*svg);
  r.SetHeader("Cache-Control", "private, no-cache");
  r.SetHeader("X-Verify-Url", url);
  return r;
}

Response CreateOfficer(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied =
          Authorize(ctx, req, domain::Permission::kManagePeople, req.IntParam("id"), &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  domain::NewOfficer o;
  std::optional<domain::Date> issued, expires;
  std::optional<domain::CertificateStatus> status;
  if (auto bad = GetString(body, "name", true, req, &o.name)) return *bad;
  if (auto bad = GetString(body, "title", true, req, &o.title)) return *bad;
  if (auto bad = GetString(body, "certNumber", true, req, &o.certificate.number)) return *bad;
  if (auto bad = GetString(body, "issuer", true, req, &o.certificate.issuer)) return *bad;
  if (auto bad = GetDate(body, "issuedOn", true, "发证日期 issuedOn", req, &issued)) return *bad;
  if (auto bad = GetDate(body, "expiresOn", true, "有效期至 expiresOn", req, &expires)) return *bad;
  if (auto bad = GetStatus(body, req, &status)) return *bad;
  if (auto bad = GetString(body, "category", true, req, &o.category)) return *bad;
  if (auto bad = GetString(body, "area", true, req, &o.area)) return *bad;
  if (auto bad = GetInt(body, "departmentId", false, req, &o.department_id)) return *bad;
  if (auto bad = GetBool(body, "legalReviewer", req, &o.legal_reviewer)) return *bad;
  if (auto bad = GetBool(body, "firstTimeReviewer", req, &o.first_time_reviewer)) return *bad;
  if (auto bad =
          GetString(body, "legalQualificationNumber", false, req, &o.legal_qualification_number)) {
    return *bad;
  }
  o.certificate.issued_on = *issued;
  o.certificate.expires_on = *expires;
  o.certificate.status = status.value_or(domain::CertificateStatus::kValid);
  auto created = ctx.people->CreateOfficer(req.IntParam("id"), o, who.user_id);
  if (!created.ok()) return ProblemFromStatus(created.status(), req);
  Response r = JsonResponse(OfficerJson(*created, ctx.people->Today()), 201);
  r.SetHeader("Location",
              fmt::format("/api/v1/public/officers/verify?cert={}", created->certificate.number));
  return r;
}

Response UpdateOfficer(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeOfficer(ctx, req, domain::Permission::kManagePeople, &who))
    return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  domain::OfficerChange change;
  if (auto bad = GetStatus(body, req, &change.status)) return *bad;
  if (auto bad = GetDate(body, "expiresOn", false, "有效期至 expiresOn", req, &change.expires_on)) {
    return *bad;
  }
  for (auto [key, field] : {std::pair{"title", &change.title}, std::pair{"area", &change.area}}) {
    std::string text;
    if (auto bad = GetString(body, key, false, req, &text)) return *bad;
    if (body.if_contains(key) && !body.at(key).is_null()) *field = std::move(text);
  }
  auto updated = ctx.people->UpdateOfficer(req.IntParam("id"), change, who.user_id);
  if (!updated.ok()) return ProblemFromStatus(updated.status(), req);
  return JsonResponse(OfficerJson(*updated, ctx.people->Today()));
}

Response AddTraining(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeOfficer(ctx, req, domain::Permission::kManagePeople, &who))
    return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::string kind, result;
  std::optional<domain::Date> date;
  std::optional<std::int64_t> hours;
  if (auto bad = GetString(body, "kind", true, req, &kind)) return *bad;
  if (auto bad = GetDate(body, "date", true, "培训日期 date", req, &date)) return *bad;
  if (auto bad = GetInt(body, "hours", true, req, &hours)) return *bad;
  if (auto bad = GetString(body, "result", true, req, &result)) return *bad;
  auto parsed_kind = domain::ParseTrainingKind(kind);
  if (!parsed_kind) return Invalid(req, "kind", "培训类型 kind 须为“岗前培训”或“岗位培训”");
  if (result != "合格" && result != "不合格") {
    return Invalid(req, "result", "培训结果 result 须为“合格”或“不合格”");
  }
  if (*hours < 1 || *hours > domain::kMaxTrainingHours) {
    return Invalid(req, "hours",
                   fmt::format("培训学时须为 1–{} 的整数", domain::kMaxTrainingHours));
  }
  domain::NewTraining t{*parsed_kind, *date, static_cast<int>(*hours), result == "合格"};
  auto added = ctx.people->AddTraining(req.IntParam("id"), t, who.user_id);
  if (!added.ok()) return ProblemFromStatus(added.status(), req);
  return JsonResponse(TrainingJson(*added), 201);
}

Response ListForAgency(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied =
          Authorize(ctx, req, domain::Permission::kReadAgencyInternal, req.IntParam("id"), &who)) {
    return *denied;
  }
  auto list = ctx.people->List(req.IntParam("id"));
  if (!list.ok()) return ProblemFromStatus(list.status(), req);
  const domain::Date today = ctx.people->Today();
  const domain::Actor actor = who.actor();
  json::array items;
  for (const auto& o : *list) {
    if (domain::InDepartmentScope(actor, o.department_id)) items.push_back(OfficerJson(o, today));
  }
  return JsonResponse(json::object{{"items", std::move(items)}});
}

Response Dashboard(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied =
          Authorize(ctx, req, domain::Permission::kReadAgencyInternal, req.IntParam("id"), &who)) {
    return *denied;
  }
  auto d = ctx.people->Dashboard(req.IntParam("id"));
  if (!d.ok()) return ProblemFromStatus(d.status(), req);
  auto brief = [&](const domain::Officer& o) {
    return json::object{
        {"id", o.id},
        {"name", o.name},
        {"department", OptionalString(o.department_name)},
        {"certNumber", o.certificate.number},
        {"expiresOn", domain::FormatDate(o.certificate.expires_on)},
        {"daysLeft", domain::DaysBetween(d->today, o.certificate.expires_on)},
        {"validity", domain::ValidityName(domain::ValidityOn(o.certificate, d->today))}};
  };
  json::array expiring, invalid;
  for (const auto& o : d->expiring) expiring.push_back(brief(o));
  for (const auto& o : d->invalid) invalid.push_back(brief(o));
  return JsonResponse(json::object{
      {"today", domain::FormatDate(d->today)},
      {"warnDays", d->warn_days},
      {"expiring", std::move(expiring)},
      {"invalid", std::move(invalid)},
      {"reviewers",
       json::object{
           {"reviewers", d->ratio.reviewers},
           {"officers", d->ratio.officers},
           {"ratio", d->ratio.ratio()},
           {"meetsRule", d->ratio.meets_rule()},
           {"rule", "法制审核人员原则上不少于本单位执法人员总数的 5%(国办发〔2018〕118号)"}}}});
}

Response ImportOfficers(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied =
          Authorize(ctx, req, domain::Permission::kManagePeople, req.IntParam("id"), &who)) {
    return *denied;
  }
  auto ct = req.Header("content-type");
  auto media = ct.substr(0, ct.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media != "text/csv") {
    return Problem(415, "unsupported-media-type", "不支持的内容类型",
                   "请上传 CSV 文件,并设置 Content-Type: text/csv", &req);
  }
  auto report = ctx.people->ImportCsv(req.IntParam("id"), req.body, who.user_id);
  if (!report.ok()) return ProblemFromStatus(report.status(), req);
  if (!report->errors.empty()) {
    return ImportRejected(req, report->errors, "人员");
  }
  return JsonResponse(
      json::object{{"imported", report->imported},
                   {"importId", report->import_id},
                   {"fileDigest", report->file_digest},
                   {"ledgerObject", fmt::format("officer_import:{}", report->import_id)}});
}

}  // namespace

Response ImportRejected(const Request& req, const std::vector<services::ImportError>& errors,
                        std::string_view what) {
  Response r = Problem(
      422, "import-rejected", "导入未完成",
      fmt::format("有 {} 处错误,全部{}均未导入;请按 errors 修改后重新上传", errors.size(), what),
      &req);
  json::object o = json::parse(r.body).as_object();
  json::array list;
  for (const auto& e : errors) {
    list.push_back(json::object{{"row", e.row}, {"field", e.field}, {"message", e.message}});
  }
  o["errors"] = std::move(list);
  r.body = json::serialize(o);
  return r;
}

// The portal's origin for links printed on paper: the configured public URL, else the Host the
// request came to (scheme from X-Forwarded-Proto behind a proxy).
std::string PublicOrigin(const ApiContext& ctx, const Request& req) {
  if (!ctx.public_url.empty()) {
    std::string_view u = ctx.public_url;
    while (u.ends_with('/')) u.remove_suffix(1);
    return std::string(u);
  }
  std::string_view host = req.Header("host");
  const bool host_ok = !host.empty() && host.size() <= 255 &&
                       host.find_first_of("/\\?#@ \"<>") == std::string_view::npos;
  return fmt::format("{}://{}", req.Header("x-forwarded-proto") == "https" ? "https" : "http",
                     host_ok ? host : "127.0.0.1");
}

void RegisterPeopleRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions small_write{.max_body = 8 * 1024, .blocking = true};
  router.Add("GET", "/api/v1/public/officers", Bind(ctx, ListPublic), read);
  router.Add("GET", "/api/v1/public/officers/verify", Bind(ctx, Verify), read);
  router.Add("POST", "/api/v1/agencies/{id:int}/officers", Bind(ctx, CreateOfficer), small_write);
  router.Add("GET", "/api/v1/agencies/{id:int}/officers", Bind(ctx, ListForAgency), read);
  router.Add("GET", "/api/v1/officers/{id:int}", Bind(ctx, GetOfficer), read);
  router.Add("GET", "/api/v1/officers/{id:int}/qr.svg", Bind(ctx, OfficerQr), read);
  router.Add("PATCH", "/api/v1/officers/{id:int}", Bind(ctx, UpdateOfficer), small_write);
  router.Add("POST", "/api/v1/officers/{id:int}/trainings", Bind(ctx, AddTraining), small_write);
  router.Add("GET", "/api/v1/agencies/{id:int}/people-dashboard", Bind(ctx, Dashboard), read);
  router.Add("POST", "/api/v1/agencies/{id:int}/officers/import", Bind(ctx, ImportOfficers),
             {.max_body = services::kMaxImportBytes, .blocking = true});
}

}  // namespace sx::http
