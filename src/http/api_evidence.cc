// Evidence over HTTP (docs/cases.md "证据"): resumable uploads in chunks (tus-like: PATCH with
// Upload-Offset, HEAD to resume), the evidence of a case, and playback of the content with
// Range requests, every read logged as the chain of custody.
#include <charconv>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "store/blob_store.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

json::object UploadJson(const services::UploadRow& u) {
  return json::object{{"id", u.id},
                      {"caseId", u.case_id},
                      {"filename", u.filename},
                      {"size", u.size},
                      {"offset", u.received},
                      {"declaredType", u.declared_type},
                      {"status", u.status},
                      {"chunkBytes", services::kEvidenceChunkBytes},
                      {"createdAt", u.created_at},
                      {"updatedAt", u.updated_at}};
}

// What libavformat read of the file (media.h ToJson), null for other files or unreadable JSON.
json::value MediaJson(std::string_view stored) {
  if (stored.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(stored, ec);
  return ec || !v.is_object() ? json::value(nullptr) : v;
}

json::object EvidenceJson(const services::EvidenceRow& e) {
  return json::object{
      {"id", e.id},
      {"caseId", e.case_id},
      {"agencyId", e.agency_id},
      {"uploadId", e.upload_id},
      {"filename", e.filename},
      {"mediaType", e.media_type},
      {"size", e.size},
      {"sha256", e.digest},
      {"step", e.step},
      {"description", e.description},
      {"collectedAt", e.collected_at},
      {"place", e.place},
      {"deviceId", e.device_id},
      {"collectedBy", e.collected_by},
      {"createdAt", e.created_at},
      {"object", fmt::format("evidence:{}", e.id)},
      {"content", fmt::format("/api/v1/evidence/{}/content", e.id)},
      {"media", MediaJson(e.media)},
      {"poster", e.poster.empty() ? json::value(nullptr)
                                  : json::value(fmt::format("/api/v1/evidence/{}/poster", e.id))}};
}

template <typename AgencyOf>
std::optional<Response> AuthorizeScoped(ApiContext& ctx, const Request& req, Permission p,
                                        AgencyOf&& agency_of, services::Principal* who) {
  std::optional<std::int64_t> department;
  if (auto denied = AuthorizeRecord(
          ctx, req, p, [&] { return agency_of(&department); }, who)) {
    return denied;
  }
  if (!domain::InDepartmentScope(who->actor(), department)) {
    return Problem(403, "forbidden", "无权操作", "该案件不属于您所在的内设机构", &req);
  }
  return std::nullopt;
}

std::optional<Response> AuthorizeCase(ApiContext& ctx, const Request& req, Permission p,
                                      services::Principal* who) {
  return AuthorizeScoped(
      ctx, req, p,
      [&](std::optional<std::int64_t>* d) { return ctx.cases->CaseAgency(req.IntParam("id"), d); },
      who);
}

std::optional<Response> AuthorizeUpload(ApiContext& ctx, const Request& req,
                                        services::Principal* who) {
  return AuthorizeScoped(
      ctx, req, Permission::kHandleCases,
      [&](std::optional<std::int64_t>* d) {
        return ctx.evidence->UploadAgency(req.IntParam("id"), d);
      },
      who);
}

std::optional<Response> AuthorizeEvidence(ApiContext& ctx, const Request& req,
                                          services::Principal* who) {
  return AuthorizeScoped(
      ctx, req, Permission::kReadAgencyInternal,
      [&](std::optional<std::int64_t>* d) {
        return ctx.evidence->EvidenceAgency(req.IntParam("id"), d);
      },
      who);
}

// A full disk is the operator's to fix, not the client's: 507 with where the upload stands, so the
// client resumes from there once space is freed.
Response FailUpload(ApiContext& ctx, const Status& st, const Request& req,
                    std::optional<std::int64_t> upload) {
  Response r;
  if (store::IsStorageFull(st)) {
    spdlog::warn("request {}: {}", req.request_id, st.message());
    r = Problem(507, "insufficient-storage", "存储空间不足",
                upload ? "存储空间不足:服务器的证据存储已满或低于保留空间,本数据块未写入。已收到的"
                         "数据仍保留,请联系系统管理员释放空间后,按 Upload-Offset 给出的偏移量续传"
                       : "存储空间不足:服务器的证据存储已满或低于保留空间,无法接收该文件。请联系"
                         "系统管理员释放空间后重试",
                &req);
  } else {
    r = Fail(st, req);
  }
  if (upload && (store::IsStorageFull(st) || st.code() == Code::kConflict)) {
    if (auto u = ctx.evidence->Upload(*upload); u.ok()) {
      r.SetHeader("Upload-Offset", std::to_string(u->received));
    }
  }
  return r;
}

bool ParseInt(std::string_view s, std::int64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && *out >= 0;
}

Response CreateUpload(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeCase(ctx, req, Permission::kHandleCases, &who)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  services::NewUpload in;
  in.case_id = req.IntParam("id");
  std::optional<std::int64_t> size;
  if (auto bad = BodyString(body, "filename", true, req, &in.filename)) return *bad;
  if (auto bad = BodyInt(body, "size", true, req, &size)) return *bad;
  in.size = *size;
  if (auto bad = BodyString(body, "declaredType", true, req, &in.declared_type)) return *bad;
  if (auto bad = BodyString(body, "description", false, req, &in.description)) return *bad;
  if (auto bad = BodyString(body, "collectedAt", false, req, &in.collected_at)) return *bad;
  if (auto bad = BodyString(body, "place", false, req, &in.place)) return *bad;
  if (auto bad = BodyString(body, "deviceId", false, req, &in.device_id)) return *bad;
  if (auto bad = BodyString(body, "step", false, req, &in.step)) return *bad;
  auto u = ctx.evidence->CreateUpload(in, who);
  if (!u.ok()) return FailUpload(ctx, u.status(), req, std::nullopt);
  Response r = JsonResponse(UploadJson(*u), 201);
  r.SetHeader("Location", fmt::format("/api/v1/uploads/{}", u->id));
  r.SetHeader("Upload-Offset", "0");
  r.SetHeader("Upload-Length", std::to_string(u->size));
  return r;
}

Response GetUpload(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeUpload(ctx, req, &who)) return *denied;
  auto u = ctx.evidence->Upload(req.IntParam("id"));
  if (!u.ok()) return Fail(u.status(), req);
  Response r = JsonResponse(UploadJson(*u));
  r.SetHeader("Upload-Offset", std::to_string(u->received));
  r.SetHeader("Upload-Length", std::to_string(u->size));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response PatchUpload(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeUpload(ctx, req, &who)) return *denied;
  if (req.Header("content-type") != "application/offset+octet-stream") {
    return Problem(415, "unsupported-media-type", "不支持的内容类型",
                   "数据块须以 Content-Type: application/offset+octet-stream 发送", &req);
  }
  std::int64_t offset = 0;
  if (!ParseInt(req.Header("upload-offset"), &offset)) {
    return BadInput(req, "Upload-Offset", "请在 Upload-Offset 头中给出该数据块的起始偏移量");
  }
  if (req.body.empty()) return BadInput(req, "body", "数据块为空");
  const std::int64_t id = req.IntParam("id");
  auto chunk = ctx.evidence->Append(id, offset, req.body, who);
  if (!chunk.ok()) return FailUpload(ctx, chunk.status(), req, id);
  if (chunk->evidence) {
    Response r = JsonResponse(EvidenceJson(*chunk->evidence), 201);
    r.SetHeader("Upload-Offset", std::to_string(chunk->offset));
    r.SetHeader("Location", fmt::format("/api/v1/evidence/{}", chunk->evidence->id));
    return r;
  }
  Response r;
  r.status = 204;
  r.SetHeader("Upload-Offset", std::to_string(chunk->offset));
  return r;
}

Response DeleteUpload(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeUpload(ctx, req, &who)) return *denied;
  if (Status st = ctx.evidence->Discard(req.IntParam("id")); !st.ok()) return Fail(st, req);
  Response r;
  r.status = 204;
  return r;
}

Response ListEvidence(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeCase(ctx, req, Permission::kReadAgencyInternal, &who)) {
    return *denied;
  }
  auto list = ctx.evidence->List(req.IntParam("id"));
  if (!list.ok()) return Fail(list.status(), req);
  json::array items;
  for (const auto& e : *list) items.push_back(EvidenceJson(e));
  Response r = JsonResponse(json::object{{"items", std::move(items)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response GetEvidence(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeEvidence(ctx, req, &who)) return *denied;
  auto e = ctx.evidence->Get(req.IntParam("id"));
  if (!e.ok()) return Fail(e.status(), req);
  auto custody = ctx.evidence->Custody(e->id);
  if (!custody.ok()) return Fail(custody.status(), req);
  json::object o = EvidenceJson(*e);
  json::array log;
  for (const auto& c : *custody) {
    log.push_back(json::object{{"userId", c.user_id},
                               {"userName", c.user_name},
                               {"action", c.action},
                               {"at", c.at},
                               {"remote", c.remote}});
  }
  o["custody"] = std::move(log);
  Response r = JsonResponse(o);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// "bytes=a-b" or "bytes=a-" (a single range; suffix and multiple ranges are not served), served
// in full however long: the content streams from the file in bounded memory (http::FileBody),
// and a player that wants less closes the connection or asks for a closed range.
// False when the header is malformed or unsatisfiable.
bool ParseRange(std::string_view h, std::int64_t size, std::int64_t* first, std::int64_t* last) {
  if (!h.starts_with("bytes=")) return false;
  h.remove_prefix(6);
  const auto dash = h.find('-');
  if (dash == std::string_view::npos || h.find(',') != std::string_view::npos) return false;
  if (!ParseInt(h.substr(0, dash), first)) return false;
  const auto rest = h.substr(dash + 1);
  *last = size - 1;
  if (!rest.empty() && !ParseInt(rest, last)) return false;
  if (*first >= size || *last < *first) return false;
  *last = std::min(*last, size - 1);
  return true;
}

Response EvidencePoster(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeEvidence(ctx, req, &who)) return *denied;
  auto e = ctx.evidence->Get(req.IntParam("id"));
  if (!e.ok()) return Fail(e.status(), req);
  auto png = ctx.evidence->Poster(*e);
  if (!png.ok()) return Fail(png.status(), req);
  Response r;
  r.content_type = "image/png";
  r.body = std::move(*png);
  r.SetHeader("Cache-Control", "private, max-age=86400, immutable");
  return r;
}

Response EvidenceContent(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeEvidence(ctx, req, &who)) return *denied;
  auto e = ctx.evidence->Get(req.IntParam("id"));
  if (!e.ok()) return Fail(e.status(), req);
  const auto range = req.Header("range");
  std::int64_t first = 0, last = e->size - 1;
  if (!range.empty() && !ParseRange(range, e->size, &first, &last)) {
    Response r =
        Problem(416, "range-not-satisfiable", "请求的范围无效",
                fmt::format("Range 须为 bytes=起-止,且起点小于文件大小 {}", e->size), &req);
    r.SetHeader("Content-Range", fmt::format("bytes */{}", e->size));
    return r;
  }
  const bool download = QueryParam(req, "download") == std::optional<std::string_view>("1");
  if (download || first == 0) {
    if (Status st = ctx.evidence->RecordAccess(e->id, who.user_id, download ? "download" : "view",
                                               req.remote);
        !st.ok()) {
      return Fail(st, req);
    }
  }
  auto path = ctx.evidence->ContentPath(*e);
  if (!path.ok()) return Fail(path.status(), req);
  Response r;
  r.content_type = e->media_type;
  r.file = FileBody{path->string(), first, last - first + 1};
  r.SetHeader("Accept-Ranges", "bytes");
  r.SetHeader("Cache-Control", "private, no-cache");
  r.SetHeader("ETag", fmt::format("\"{}\"", e->digest.substr(7)));
  if (!range.empty()) {
    r.status = 206;
    r.SetHeader("Content-Range", fmt::format("bytes {}-{}/{}", first, last, e->size));
  }
  if (download) {
    r.SetHeader("Content-Disposition", fmt::format("attachment; filename=\"evidence-{}\"", e->id));
  }
  return r;
}

}  // namespace

void RegisterEvidenceRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions write{.max_body = 16 * 1024, .blocking = true};
  const RouteOptions chunk{.max_body = static_cast<std::size_t>(services::kEvidenceChunkBytes),
                           .blocking = true};
  router.Add("POST", "/api/v1/cases/{id:int}/evidence/uploads", Bind(ctx, CreateUpload), write);
  router.Add("GET", "/api/v1/uploads/{id:int}", Bind(ctx, GetUpload), read);
  router.Add("PATCH", "/api/v1/uploads/{id:int}", Bind(ctx, PatchUpload), chunk);
  router.Add("DELETE", "/api/v1/uploads/{id:int}", Bind(ctx, DeleteUpload), read);
  router.Add("GET", "/api/v1/cases/{id:int}/evidence", Bind(ctx, ListEvidence), read);
  router.Add("GET", "/api/v1/evidence/{id:int}", Bind(ctx, GetEvidence), read);
  router.Add("GET", "/api/v1/evidence/{id:int}/content", Bind(ctx, EvidenceContent), read);
  router.Add("GET", "/api/v1/evidence/{id:int}/poster", Bind(ctx, EvidencePoster), read);
}

}  // namespace sx::http
