// Staff administration over HTTP: an agency's users and their roles, enabling and disabling
// accounts, the sign-in and permission records, and API tokens for system integrations. Every
// route authorizes first (domain/access.h); every change is recorded by the service.
#include <charconv>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "http/api.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

json::value Optional(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::array RolesJson(const std::vector<domain::Role>& roles) {
  json::array out;
  for (auto r : roles) {
    out.push_back(json::object{{"code", domain::RoleCode(r)}, {"name", domain::RoleName(r)}});
  }
  return out;
}

json::object UserJson(const store::UserRecord& u) {
  return json::object{
      {"id", u.id},
      {"username", u.username},
      {"displayName", u.display_name},
      {"agencyId", u.agency_id},
      {"departmentId", u.department_id ? json::value(*u.department_id) : json::value(nullptr)},
      {"roles", RolesJson(u.roles)},
      {"disabled", u.disabled},
      {"lockedUntil", Optional(u.locked_until)},
      {"createdAt", u.created_at}};
}

json::object TokenJson(const store::TokenRecord& t) {
  json::array scopes;
  for (auto p : t.scopes) scopes.push_back(json::string(domain::ScopeCode(p)));
  return json::object{{"id", t.id},
                      {"agencyId", t.agency_id},
                      {"name", t.name},
                      {"prefix", t.prefix},
                      {"scopes", std::move(scopes)},
                      {"createdBy", t.created_by_name},
                      {"createdAt", t.created_at},
                      {"expiresAt", Optional(t.expires_at)},
                      {"lastUsedAt", Optional(t.last_used_at)},
                      {"revokedAt", Optional(t.revoked_at)}};
}

Response Invalid(const Request& req, std::string_view field, std::string_view detail) {
  return Problem(422, "invalid-input", "输入有误", detail, &req, field);
}

// A JSON array of role codes; on failure the 422 to send.
std::optional<Response> GetRoles(const json::object& body, const Request& req,
                                 std::vector<domain::Role>* out) {
  const json::value* v = body.if_contains("roles");
  if (!v || !v->is_array())
    return Invalid(req, "roles", "roles 须为角色代码数组,例如 [\"officer\"]");
  if (v->as_array().size() > std::size(domain::kAllRoles)) {
    return Invalid(req, "roles", "角色过多");
  }
  for (const auto& r : v->as_array()) {
    if (!r.is_string()) return Invalid(req, "roles", "roles 须为角色代码数组");
    auto role = domain::ParseRole(r.as_string());
    if (!role) {
      return Invalid(req, "roles",
                     fmt::format("未知角色“{}”:可用 officer、unit_head、legal_reviewer、leader、"
                                 "publisher、admin、supervisor",
                                 std::string_view(r.as_string()).substr(0, 40)));
    }
    out->push_back(*role);
  }
  return std::nullopt;
}

Result<std::int64_t> UserAgency(ApiContext& ctx, const Request& req) {
  auto u = ctx.auth->GetUser(req.IntParam("id"));
  if (!u.ok()) return u.status();
  return u->agency_id;
}

// {"items": [...]} from a list, or the problem for its failure.
template <typename T>
Response ItemsResponse(const Result<std::vector<T>>& list, const Request& req,
                       json::object (*to_json)(const T&)) {
  if (!list.ok()) return ProblemFromStatus(list.status(), req);
  json::array items;
  for (const auto& x : *list) items.push_back(to_json(x));
  return JsonResponse(json::object{{"items", std::move(items)}});
}

Response ListUsers(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t agency = req.IntParam("id");
  if (auto denied = Authorize(ctx, req, Permission::kReadAuditTrail, agency, &who)) return *denied;
  return ItemsResponse(ctx.auth->ListUsers(agency), req, &UserJson);
}

Response CreateUser(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t agency = req.IntParam("id");
  if (auto denied = Authorize(ctx, req, Permission::kManageUsers, agency, &who)) return *denied;
  if (!ctx.agencies.Get(agency).ok()) {
    return Problem(404, "not-found", "未找到", fmt::format("执法主体 {} 不存在", agency), &req);
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  services::NewAccount a;
  a.agency_id = agency;
  if (auto bad = GetString(body, "username", true, req, &a.username)) return *bad;
  if (auto bad = GetString(body, "displayName", true, req, &a.display_name)) return *bad;
  if (auto bad = GetString(body, "password", true, req, &a.password)) return *bad;
  if (auto bad = GetRoles(body, req, &a.roles)) return *bad;
  if (const json::value* dep = body.if_contains("departmentId"); dep && !dep->is_null()) {
    if (!dep->is_int64()) return Invalid(req, "departmentId", "departmentId 须为内设机构编号");
    a.department_id = dep->as_int64();
  }
  auto u = ctx.auth->CreateUser(who, a, req.remote);
  if (!u.ok()) return ProblemFromStatus(u.status(), req);
  return JsonResponse(UserJson(*u), 201);
}

Response SetRoles(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeRecord(
          ctx, req, Permission::kManageUsers, [&] { return UserAgency(ctx, req); }, &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  std::vector<domain::Role> roles;
  if (auto bad = GetRoles(body, req, &roles)) return *bad;
  auto u = ctx.auth->SetRoles(who, req.IntParam("id"), std::move(roles), req.remote);
  if (!u.ok()) return ProblemFromStatus(u.status(), req);
  return JsonResponse(UserJson(*u));
}

Response PatchUser(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeRecord(
          ctx, req, Permission::kManageUsers, [&] { return UserAgency(ctx, req); }, &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  const json::value* disabled = body.if_contains("disabled");
  if (!disabled || !disabled->is_bool()) {
    return Invalid(req, "disabled", "请提供 disabled:true 停用账户,false 启用账户");
  }
  auto u = ctx.auth->SetDisabled(who, req.IntParam("id"), disabled->as_bool(), req.remote);
  if (!u.ok()) return ProblemFromStatus(u.status(), req);
  return JsonResponse(UserJson(*u));
}

Response ListEvents(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t agency = req.IntParam("id");
  if (auto denied = Authorize(ctx, req, Permission::kReadAuditTrail, agency, &who)) return *denied;
  int limit = 100;
  for (const auto& [k, v] : req.query) {
    if (k != "limit") continue;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), limit);
    if (ec != std::errc() || p != v.data() + v.size() || limit < 1 || limit > 1000) {
      return Problem(400, "invalid-parameter", "参数有误", "limit 须为 1–1000 的整数", &req,
                     "limit");
    }
  }
  auto events = ctx.auth->AgencyEvents(agency, limit);
  if (!events.ok()) return ProblemFromStatus(events.status(), req);
  json::array items;
  for (const auto& e : *events) {
    items.push_back(json::object{{"id", e.id},
                                 {"at", e.at},
                                 {"kind", e.kind},
                                 {"username", e.username},
                                 {"remote", e.remote},
                                 {"detail", e.detail}});
  }
  Response r = JsonResponse(json::object{{"items", std::move(items)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response ListTokens(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t agency = req.IntParam("id");
  if (auto denied = Authorize(ctx, req, Permission::kManageUsers, agency, &who)) return *denied;
  return ItemsResponse(ctx.auth->ListTokens(agency), req, &TokenJson);
}

Response CreateToken(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t agency = req.IntParam("id");
  if (auto denied = Authorize(ctx, req, Permission::kManageUsers, agency, &who)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  services::NewToken t;
  if (auto bad = GetString(body, "name", true, req, &t.name)) return *bad;
  const json::value* scopes = body.if_contains("scopes");
  if (!scopes || !scopes->is_array() ||
      scopes->as_array().size() > std::size(domain::kAllPermissions)) {
    return Invalid(req, "scopes", "scopes 须为权限范围数组,例如 [\"agency.read\"]");
  }
  for (const auto& s : scopes->as_array()) {
    auto p = s.is_string() ? domain::ParseScope(s.as_string()) : std::nullopt;
    if (!p)
      return Invalid(req, "scopes",
                     "未知的权限范围:可用 agency.read、people.manage、audit.read、agency.manage、"
                     "deadline.track、deadline.configure");
    t.scopes.push_back(*p);
  }
  if (const json::value* days = body.if_contains("expiresInDays"); days && !days->is_null()) {
    if (!days->is_int64()) return Invalid(req, "expiresInDays", "expiresInDays 须为整数天数");
    const auto d = days->as_int64();
    t.expires_in_days = static_cast<int>(std::clamp<std::int64_t>(d, -1, 100000));
  }
  auto created = ctx.auth->CreateToken(who, agency, t, req.remote);
  if (!created.ok()) return ProblemFromStatus(created.status(), req);
  json::object out = TokenJson(created->record);
  out["token"] = created->token;
  Response r = JsonResponse(out, 201);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response RevokeToken(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const auto agency_of = [&]() -> Result<std::int64_t> {
    auto t = ctx.auth->GetToken(req.IntParam("id"));
    if (!t.ok()) return t.status();
    return t->agency_id;
  };
  if (auto denied = AuthorizeRecord(ctx, req, Permission::kManageUsers, agency_of, &who)) {
    return *denied;
  }
  Status st = ctx.auth->RevokeToken(who, req.IntParam("id"), req.remote);
  if (!st.ok()) return ProblemFromStatus(st, req);
  Response r;
  r.status = 204;
  return r;
}

}  // namespace

void RegisterUserRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions write{.max_body = 4 * 1024, .blocking = true};
  router.Add("GET", "/api/v1/agencies/{id:int}/users", Bind(ctx, ListUsers), read);
  router.Add("POST", "/api/v1/agencies/{id:int}/users", Bind(ctx, CreateUser), write);
  router.Add("PUT", "/api/v1/users/{id:int}/roles", Bind(ctx, SetRoles), write);
  router.Add("PATCH", "/api/v1/users/{id:int}", Bind(ctx, PatchUser), write);
  router.Add("GET", "/api/v1/agencies/{id:int}/auth-events", Bind(ctx, ListEvents), read);
  router.Add("GET", "/api/v1/agencies/{id:int}/tokens", Bind(ctx, ListTokens), read);
  router.Add("POST", "/api/v1/agencies/{id:int}/tokens", Bind(ctx, CreateToken), write);
  router.Add("DELETE", "/api/v1/tokens/{id:int}", Bind(ctx, RevokeToken), read);
}

}  // namespace sx::http
