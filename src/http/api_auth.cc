// Staff sign-in over HTTP: POST/GET/DELETE /api/v1/session, POST /api/v1/session/password.
// The session token lives only in an HttpOnly, SameSite=Strict cookie (Secure behind TLS); the
// CSRF token is returned in the JSON body and must come back in X-CSRF-Token on every request
// that changes state.
#include <sodium.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "http/api.h"
#include "http/problem.h"

namespace sx::http {

namespace json = boost::json;

namespace {

constexpr std::string_view kCookie = "sx_session";

std::string_view CookieValue(const Request& req, std::string_view name) {
  std::string_view all = req.Header("cookie");
  while (!all.empty()) {
    auto semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=') {
      return part.substr(name.size() + 1);
    }
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return {};
}

bool ViaTls(const Request& req) { return req.Header("x-forwarded-proto") == "https"; }

std::string SessionCookie(const Request& req, std::string_view value, long max_age) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kCookie, value,
                     max_age, ViaTls(req) ? "; Secure" : "");
}

json::object PrincipalJson(const services::Principal& p) {
  json::array roles;
  for (auto r : p.roles) {
    roles.push_back(json::object{{"code", domain::RoleCode(r)}, {"name", domain::RoleName(r)}});
  }
  return json::object{{"id", p.user_id},
                      {"username", p.username},
                      {"displayName", p.display_name},
                      {"agencyId", p.agency_id},
                      {"roles", std::move(roles)}};
}

bool ChangesState(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Response SignIn(ApiContext& ctx, const Request& req) {
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::string username, password;
  if (auto bad = GetString(body, "username", true, req, &username)) return *bad;
  if (auto bad = GetString(body, "password", true, req, &password)) return *bad;
  auto s = ctx.auth->SignIn(username, password, req.remote);
  sodium_memzero(password.data(), password.size());
  if (!s.ok()) return ProblemFromStatus(s.status(), req);
  Response r = JsonResponse(json::object{{"user", PrincipalJson(s->principal)},
                                         {"csrfToken", s->csrf_token},
                                         {"expiresAt", s->expires_at}});
  const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(
                           ctx.auth->options().absolute_timeout)
                           .count();
  r.SetHeader("Set-Cookie", SessionCookie(req, s->session_token, max_age));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response Current(ApiContext& ctx, const Request& req) {
  if (!req.Header("authorization").empty()) {
    return Problem(403, "forbidden", "无权操作", "接口令牌没有登录会话", &req);
  }
  auto info = ctx.auth->CheckSession(CookieValue(req, kCookie));
  if (!info.ok()) return ProblemFromStatus(info.status(), req);
  Response r = JsonResponse(
      json::object{{"user", PrincipalJson(info->principal)}, {"csrfToken", info->csrf_token}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// Signing out and changing a password are for a person with a session, never for an API token.
std::optional<Response> AuthenticateSession(ApiContext& ctx, const Request& req,
                                            services::Principal* who) {
  if (auto denied = Authenticate(ctx, req, who)) return denied;
  if (who->token_id != 0) {
    return Problem(403, "forbidden", "无权操作", "接口令牌不能用于登录会话的操作(退出、修改密码)", &req);
  }
  return std::nullopt;
}

Response SignOut(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthenticateSession(ctx, req, &who)) return *denied;
  Status st = ctx.auth->SignOut(CookieValue(req, kCookie), req.remote);
  if (!st.ok()) return ProblemFromStatus(st, req);
  Response r;
  r.status = 204;
  r.SetHeader("Set-Cookie", SessionCookie(req, "", 0));
  return r;
}

Response ChangePassword(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthenticateSession(ctx, req, &who)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::string old_pw, new_pw;
  if (auto bad = GetString(body, "oldPassword", true, req, &old_pw)) return *bad;
  if (auto bad = GetString(body, "newPassword", true, req, &new_pw)) return *bad;
  Status st = ctx.auth->ChangePassword(who.user_id, old_pw, new_pw, req.remote);
  sodium_memzero(old_pw.data(), old_pw.size());
  sodium_memzero(new_pw.data(), new_pw.size());
  if (!st.ok()) return ProblemFromStatus(st, req);
  Response r;
  r.status = 204;
  r.SetHeader("Set-Cookie", SessionCookie(req, "", 0));  // every session ends; sign in again
  return r;
}

}  // namespace

std::optional<Response> Authenticate(ApiContext& ctx, const Request& req,
                                     services::Principal* out) {
  if (!ctx.auth) return Problem(401, "unauthorized", "需要登录", "本服务器未启用登录", &req);
  if (std::string_view auth = req.Header("authorization"); !auth.empty()) {
    // A system integration with an API token; no cookie, so no CSRF to check.
    if (!auth.starts_with("Bearer ")) {
      Response r = Problem(401, "unauthorized", "身份认证失败",
                           "Authorization 头须为 Bearer <接口令牌>", &req);
      r.SetHeader("WWW-Authenticate", "Bearer");
      return r;
    }
    auto p = ctx.auth->CheckToken(auth.substr(7));
    if (!p.ok()) {
      if (p.status().code() != Code::kUnauthenticated) return ProblemFromStatus(p.status(), req);
      Response r = Problem(401, "unauthorized", "身份认证失败", p.status().message(), &req);
      r.SetHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return r;
    }
    *out = std::move(*p);
    return std::nullopt;
  }
  auto info = ctx.auth->CheckSession(CookieValue(req, kCookie));
  if (!info.ok()) return ProblemFromStatus(info.status(), req);
  if (ChangesState(req.method)) {
    const std::string_view sent = req.Header("x-csrf-token");
    const std::string& want = info->csrf_token;
    if (sent.size() != want.size() || sodium_memcmp(sent.data(), want.data(), want.size()) != 0) {
      return Problem(403, "csrf", "请求校验失败",
                     "缺少或错误的 X-CSRF-Token:请刷新页面后重试(令牌见登录响应或 GET /api/v1/session)",
                     &req);
    }
  }
  *out = std::move(info->principal);
  return std::nullopt;
}

Response Forbidden(const Request& req, domain::Permission p) {
  return Problem(403, "forbidden", "无权操作",
                 fmt::format("当前账户没有“{}”的权限,或该数据不属于本机关", domain::PermissionName(p)),
                 &req);
}

std::optional<Response> Authorize(ApiContext& ctx, const Request& req, domain::Permission p,
                                  std::int64_t target_agency, services::Principal* out) {
  if (auto denied = Authenticate(ctx, req, out)) return denied;
  if (!domain::Allowed(out->actor(), p, target_agency)) return Forbidden(req, p);
  return std::nullopt;
}

void RegisterAuthRoutes(Router& router, ApiContext& ctx) {
  router.Add("POST", "/api/v1/session", Bind(ctx, SignIn),
             {.max_body = 4 * 1024, .blocking = true});
  router.Add("GET", "/api/v1/session", Bind(ctx, Current),
             {.max_body = 0, .blocking = true});
  router.Add("DELETE", "/api/v1/session", Bind(ctx, SignOut),
             {.max_body = 0, .blocking = true});
  router.Add("POST", "/api/v1/session/password",
             Bind(ctx, ChangePassword),
             {.max_body = 4 * 1024, .blocking = true});
}

}  // namespace sx::http
