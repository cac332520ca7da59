#include "http/problem.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "util/utf8.h"

namespace sx::http {

namespace json = boost::json;

Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 const Request* req, std::string_view field) {
  json::object o;
  o["type"] = fmt::format("/problems/{}", slug);
  o["title"] = title;
  o["status"] = status;
  o["detail"] = detail;
  if (req) {
    o["instance"] = req->path;
    o["requestId"] = req->request_id;
  }
  if (!field.empty()) o["field"] = field;
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = json::serialize(o);
  return r;
}

Response ProblemFromStatus(const Status& st, const Request& req) {
  switch (st.code()) {
    case Code::kInvalid:
      return Problem(422, "invalid-input", "输入有误", st.message(), &req, st.field());
    case Code::kNotFound:
      return Problem(404, "not-found", "未找到", st.message(), &req, st.field());
    case Code::kConflict:
      return Problem(409, "conflict", "与现有数据冲突", st.message(), &req, st.field());
    case Code::kPermission:
      return Problem(403, "forbidden", "无权操作", st.message(), &req);
    case Code::kUnauthenticated: {
      Response r = Problem(401, "unauthorized", "需要登录", st.message(), &req);
      r.SetHeader("WWW-Authenticate", "Cookie realm=\"sanxiang\"");
      return r;
    }
    case Code::kTooManyRequests:
      return Problem(429, "too-many-requests", "请求过于频繁", st.message(), &req);
    case Code::kUnavailable:
      spdlog::warn("request {} unavailable: {}", req.request_id, st.message());
      return Problem(503, "unavailable", "服务暂时不可用",
                     "数据库暂时不可用,请稍后重试;如持续出现请联系系统管理员", &req);
    case Code::kOk:
    case Code::kInternal:
      break;
  }
  spdlog::error("request {} internal error: {}", req.request_id, st.message());
  return Problem(500, "internal", "服务器内部错误",
                 fmt::format("服务器内部错误,请联系系统管理员并提供请求编号 {}", req.request_id),
                 &req);
}

Response JsonResponse(const json::value& v, int status) {
  Response r;
  r.status = status;
  r.body = json::serialize(v);
  return r;
}

std::optional<Response> ParseJsonObject(const Request& req, json::object* out) {
  auto ct = req.Header("content-type");
  auto semi = ct.find(';');
  auto media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media != "application/json") {
    return Problem(415, "unsupported-media-type", "不支持的内容类型",
                   "请求体须为 JSON,并设置 Content-Type: application/json", &req);
  }
  if (!IsValidUtf8(req.body)) {
    return Problem(400, "invalid-utf8", "请求体编码错误", "请求体不是有效的 UTF-8 文本", &req);
  }
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 32;
  json::value v = json::parse(req.body, ec, {}, opts);
  if (ec) {
    return Problem(400, "invalid-json", "JSON 格式错误",
                   fmt::format("请求体不是有效的 JSON:{}", ec.message()), &req);
  }
  if (!v.is_object()) {
    return Problem(400, "invalid-json", "JSON 格式错误", "请求体须为 JSON 对象 {…}", &req);
  }
  *out = std::move(v.as_object());
  return std::nullopt;
}

std::optional<Response> GetString(const json::object& o, std::string_view key, bool required,
                                  const Request& req, std::string* out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (!required) return std::nullopt;
    return Problem(422, "invalid-input", "输入有误", fmt::format("缺少字段 {}", key), &req, key);
  }
  if (!v->is_string()) {
    return Problem(422, "invalid-input", "输入有误", fmt::format("字段 {} 须为字符串", key), &req,
                   key);
  }
  *out = std::string(v->as_string());
  return std::nullopt;
}

}  // namespace sx::http
