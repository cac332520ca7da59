#include "http/params.h"

#include <charconv>

#include <fmt/format.h>

#include "http/problem.h"

namespace sx::http {

namespace json = boost::json;

std::optional<std::string_view> QueryParam(const Request& req, std::string_view name) {
  for (const auto& [k, v] : req.query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

Response BadInput(const Request& req, std::string_view field, std::string_view detail) {
  return Problem(400, "invalid-input", "输入有误", detail, &req, field);
}

Response Fail(const Status& st, const Request& req) {
  if (st.code() == Code::kInvalid) return BadInput(req, st.field(), st.message());
  return ProblemFromStatus(st, req);
}

Response JsonOrProblem(Result<json::object> r, const Request& req, int status) {
  if (!r.ok()) return Fail(r.status(), req);
  Response res = JsonResponse(std::move(*r), status);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

std::optional<Response> DateParam(const Request& req, std::string_view name, bool required,
                                  std::optional<domain::Date>* out) {
  auto text = QueryParam(req, name);
  if (!text) {
    if (!required) return std::nullopt;
    return BadInput(req, name, fmt::format("缺少参数 {}(YYYY-MM-DD 格式的日期)", name));
  }
  auto d = domain::ParseDate(*text);
  if (!d) return BadInput(req, name, fmt::format("参数 {} 须为 YYYY-MM-DD 格式的日期", name));
  *out = *d;
  return std::nullopt;
}

std::optional<Response> IntParam(const Request& req, std::string_view name, std::int64_t lo,
                                 std::int64_t hi, std::optional<std::int64_t>* out) {
  auto text = QueryParam(req, name);
  if (!text) return std::nullopt;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || p != text->data() + text->size() || n < lo || n > hi) {
    return BadInput(req, name, fmt::format("参数 {} 须为 {} 至 {} 的整数", name, lo, hi));
  }
  *out = n;
  return std::nullopt;
}

std::optional<Response> BodyString(const json::object& o, std::string_view key, bool required,
                                   const Request& req, std::string* out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return BadInput(req, key, fmt::format("缺少字段 {}", key));
    return std::nullopt;
  }
  if (!v->is_string()) return BadInput(req, key, fmt::format("字段 {} 须为字符串", key));
  *out = std::string(v->as_string());
  return std::nullopt;
}

std::optional<Response> BodyInt(const json::object& o, std::string_view key, bool required,
                                const Request& req, std::optional<std::int64_t>* out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return BadInput(req, key, fmt::format("缺少字段 {}", key));
    return std::nullopt;
  }
  if (v->is_int64()) {
    *out = v->as_int64();
  } else if (v->is_uint64()) {
    return BadInput(req, key, fmt::format("字段 {} 超出范围", key));
  } else {
    return BadInput(req, key, fmt::format("字段 {} 须为整数", key));
  }
  return std::nullopt;
}

std::optional<Response> BodyDate(const json::object& o, std::string_view key, const Request& req,
                                 domain::Date* out) {
  std::string text;
  if (auto bad = BodyString(o, key, true, req, &text)) return bad;
  auto d = domain::ParseDate(text);
  if (!d) return BadInput(req, key, fmt::format("字段 {} 须为 YYYY-MM-DD 格式的日期", key));
  *out = *d;
  return std::nullopt;
}

std::optional<Response> BodyBool(const json::object& o, std::string_view key, const Request& req,
                                 bool* out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) return BadInput(req, key, fmt::format("字段 {} 须为 true 或 false", key));
  *out = v->as_bool();
  return std::nullopt;
}

}  // namespace sx::http
