#include "services/auth_service.h"

#include "services/ledger_service.h"
#include "store/agency_repository.h"

#include <sodium.h>

#include <algorithm>

#include <fmt/format.h>

namespace sx::services {

namespace {

constexpr std::string_view kWrongCredentials = "用户名或密码错误";

// A real hash to verify against when the user does not exist, so that a wrong user name takes
// as long as a wrong password and does not reveal which accounts exist.
const std::string& DummyHash() {
  static const std::string h = *AuthService::HashPassword("not-a-real-password-0!");
  return h;
}

}  // namespace

bool Principal::Has(domain::Role r) const {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

domain::Actor Principal::actor() const {
  domain::Actor a{agency_id, roles, supervisor_org};
  a.department_id = department_id;
  if (scopes) a.scopes = std::span<const domain::Permission>(*scopes);
  return a;
}

namespace {

Principal PrincipalOf(const store::UserRecord& u) {
  Principal p{u.id, u.agency_id, u.username, u.display_name, u.roles};
  p.supervisor_org = u.supervisor_org;
  p.department_id = u.department_id;
  return p;
}

std::string RoleList(const std::vector<domain::Role>& roles) {
  std::string out;
  for (auto r : roles) {
    if (!out.empty()) out += "、";
    out += domain::RoleName(r);
  }
  return out.empty() ? "(无)" : out;
}

// Sorted, without duplicates, so that comparisons and records are stable.
std::vector<domain::Role> Normalized(std::vector<domain::Role> roles) {
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string RandomToken(std::size_t n) {
  std::vector<unsigned char> raw(n);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

AuthService::AuthService(store::Database& db, const Clock& clock, AuthOptions options)
    : db_(db),
      clock_(clock),
      options_(options),
      users_(store::MakeUserRepository()),
      agencies_(store::MakeAgencyRepository()) {}

static_assert(crypto_pwhash_OPSLIMIT_INTERACTIVE == 2 &&
              crypto_pwhash_MEMLIMIT_INTERACTIVE == std::size_t{64} << 20);

Result<std::string> AuthService::HashPassword(std::string_view password, unsigned long long ops,
                                              std::size_t mem) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Unavailable("内存不足,无法计算密码摘要");
  }
  return std::string(out);
}

bool AuthService::VerifyPassword(std::string_view hash, std::string_view password) {
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Result<store::UserRecord> AuthService::CreateAccount(const NewAccount& a) {
  return CreateUser(Principal{}, a, "");
}

Result<store::UserRecord> AuthService::CreateUser(const Principal& by, const NewAccount& account,
                                                  std::string_view remote) {
  NewAccount a = account;
  a.roles = Normalized(a.roles);
  const bool name_ok =
      a.username.size() >= 3 && a.username.size() <= 32 &&
      std::all_of(a.username.begin(), a.username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!name_ok) {
    return Status::Invalid("用户名须为 3–32 位小写字母、数字、点、下划线或连字符")
        .WithField("username");
  }
  if (a.display_name.empty() || a.display_name.size() > 90) {
    return Status::Invalid("姓名不能为空,最多 30 字").WithField("displayName");
  }
  if (a.roles.empty()) return Status::Invalid("至少要分配一个角色").WithField("roles");
  SX_RETURN_IF_ERROR(domain::CheckPasswordStrength(a.password, a.username, options_.policy));
  auto hash = HashPassword(a.password, options_.argon2_ops, options_.argon2_mem);
  if (!hash.ok()) return hash.status();
  std::optional<store::UserRecord> out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(CheckAccountFits(tx, a.agency_id, a.roles, a.department_id));
    auto u = users_->Insert(
        tx, {a.agency_id, a.username, a.display_name, *hash, a.roles, a.department_id},
        FormatUtc(clock_.Now()));
    if (!u.ok()) return u.status();
    out = *u;
    SX_RETURN_IF_ERROR(RecordUser(tx, u->id, "user.created", by.user_id));
    const std::string who = by.username.empty() ? "系统初始化" : by.username;
    return Record(tx,
                  {"account_created", u->id, u->username, std::string(remote),
                   fmt::format("角色:{};操作人 {}", RoleList(u->roles), who)},
                  FormatUtc(clock_.Now()));
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<SignedIn> AuthService::SignIn(std::string_view username, std::string_view password,
                                     std::string_view remote) {
  if (username.empty() || username.size() > 64 || password.empty() || password.size() > 256) {
    return Status::Unauthenticated(std::string(kWrongCredentials));
  }
  const TimePoint now = clock_.Now();
  const std::string now_text = FormatUtc(now);
  std::optional<store::UserRecord> user;
  Status st = db_.Read([&](store::Tx& tx) -> Status {
    auto u = users_->FindByUsername(tx, username);
    if (u.ok()) user = *u;
    return u.ok() || u.status().code() == Code::kNotFound ? Status::Ok() : u.status();
  });
  if (!st.ok()) return st;

  if (user && user->locked_until && *user->locked_until > now_text) {
    (void)db_.Write([&](store::Tx& tx) {
      return Record(tx, {"sign_in_locked", user->id, user->username, std::string(remote), ""},
                    now_text);
    });
    return Status::TooManyRequests(
        fmt::format("登录失败次数过多,账户已临时锁定至 {}(UTC),请稍后再试或联系管理员",
                    user->locked_until->substr(0, 16)));
  }
  const bool ok =
      VerifyPassword(user ? user->password_hash : DummyHash(), password) && user && !user->disabled;
  if (!ok) {
    std::optional<std::string> lock;
    st = db_.Write([&](store::Tx& tx) -> Status {
      if (!user) {
        return Record(tx,
                      {"sign_in_failed", std::nullopt, std::string(username), std::string(remote),
                       "unknown user"},
                      now_text);
      }
      int attempts = user->failed_attempts + 1;
      if (attempts >= options_.max_failures) {
        lock = FormatUtc(now + options_.lockout);
        attempts = 0;
      }
      SX_RETURN_IF_ERROR(users_->RecordFailure(tx, user->id, attempts, lock));
      return Record(tx,
                    {lock ? "locked" : "sign_in_failed", user->id, user->username,
                     std::string(remote), user->disabled ? "disabled" : ""},
                    now_text);
    });
    if (!st.ok()) return st;
    if (lock) {
      return Status::TooManyRequests(fmt::format("连续 {} 次登录失败,账户已临时锁定 {} 分钟",
                                                 options_.max_failures, options_.lockout.count()));
    }
    return Status::Unauthenticated(std::string(kWrongCredentials));
  }

  SignedIn out;
  out.session_token = RandomToken();
  out.csrf_token = RandomToken();
  out.expires_at = FormatUtc(now + options_.absolute_timeout);
  out.principal = PrincipalOf(*user);
  st = db_.Write([&](store::Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(users_->ClearFailures(tx, user->id));
    SX_RETURN_IF_ERROR(
        users_->InsertSession(tx, {Sha256Hex(out.session_token), user->id, out.csrf_token, now_text,
                                   now_text, out.expires_at, false}));
    return Record(tx, {"sign_in", user->id, user->username, std::string(remote), ""}, now_text);
  });
  if (!st.ok()) return st;
  return out;
}

Result<SessionInfo> AuthService::CheckSession(std::string_view session_token) {
  const auto expired = [] { return Status::Unauthenticated("登录已过期或无效,请重新登录"); };
  if (session_token.empty() || session_token.size() > 128) return expired();
  const TimePoint now = clock_.Now();
  const std::string hash = Sha256Hex(session_token);
  std::optional<store::SessionRecord> session;
  std::optional<store::UserRecord> user;
  Status st = db_.Read([&](store::Tx& tx) -> Status {
    auto s = users_->FindSession(tx, hash);
    if (!s.ok()) return s.status();
    session = *s;
    if (!session) return Status::Ok();
    auto u = users_->Get(tx, session->user_id);
    if (!u.ok()) return u.status();
    user = *u;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!session || session->revoked || !user || user->disabled) return expired();
  if (session->expires_at <= FormatUtc(now)) return expired();
  if (session->last_seen_at <= FormatUtc(now - options_.idle_timeout)) return expired();
  if (session->last_seen_at <= FormatUtc(now - options_.touch_interval)) {
    SX_RETURN_IF_ERROR(
        db_.Write([&](store::Tx& tx) { return users_->TouchSession(tx, hash, FormatUtc(now)); }));
  }
  return SessionInfo{PrincipalOf(*user), session->csrf_token};
}

Status AuthService::SignOut(std::string_view session_token, std::string_view remote) {
  auto info = CheckSession(session_token);
  if (!info.ok()) return info.status();
  return db_.Write([&](store::Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(users_->RevokeSession(tx, Sha256Hex(session_token)));
    return Record(
        tx,
        {"sign_out", info->principal.user_id, info->principal.username, std::string(remote), ""},
        FormatUtc(clock_.Now()));
  });
}

Status AuthService::ChangePassword(std::int64_t user_id, std::string_view old_password,
                                   std::string_view new_password, std::string_view remote) {
  std::optional<store::UserRecord> user;
  std::vector<std::string> recent;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto u = users_->Get(tx, user_id);
    if (!u.ok()) return u.status();
    user = *u;
    auto r = users_->RecentPasswordHashes(tx, user_id, options_.policy.history);
    if (!r.ok()) return r.status();
    recent = *r;
    return Status::Ok();
  }));
  if (!VerifyPassword(user->password_hash, old_password)) {
    return Status::Invalid("原密码不正确").WithField("oldPassword");
  }
  SX_RETURN_IF_ERROR(domain::CheckPasswordStrength(new_password, user->username, options_.policy));
  for (const auto& h : recent) {
    if (VerifyPassword(h, new_password)) {
      return Status::Invalid(
                 fmt::format("新密码不能与最近 {} 次使用过的密码相同", options_.policy.history))
          .WithField("password");
    }
  }
  auto hash = HashPassword(new_password, options_.argon2_ops, options_.argon2_mem);
  if (!hash.ok()) return hash.status();
  return db_.Write([&](store::Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(users_->SetPassword(tx, user_id, *hash, FormatUtc(clock_.Now())));
    SX_RETURN_IF_ERROR(users_->RevokeUserSessions(tx, user_id));
    SX_RETURN_IF_ERROR(RecordUser(tx, user_id, "user.password_changed", user_id));
    return Record(tx, {"password_changed", user_id, user->username, std::string(remote), ""},
                  FormatUtc(clock_.Now()));
  });
}

// A sign-in record as the ledger seals it: the leaf itself carries no name, address or detail
// (DESIGN.md "The ledger and privacy").
RecordFields AuthEventRecord(const store::AuthEvent& e) {
  return {{"id", fmt::format("{}", e.id)},
          {"at", e.at},
          {"kind", e.kind},
          {"user", e.user_id ? fmt::format("{}", *e.user_id) : ""},
          {"username", e.username},
          {"remote", e.remote},
          {"detail", e.detail},
          {"agency", e.agency_id ? fmt::format("{}", *e.agency_id) : ""}};
}

RecordFields UserAccountRecord(const store::UserRecord& u) {
  std::string roles;
  for (auto r : Normalized(u.roles)) {
    roles += fmt::format("{}{}", roles.empty() ? "" : ",", domain::RoleCode(r));
  }
  return {{"id", fmt::format("{}", u.id)},
          {"agency", fmt::format("{}", u.agency_id)},
          {"department", u.department_id ? fmt::format("{}", *u.department_id) : ""},
          {"username", u.username},
          {"display_name", u.display_name},
          {"password_hash", u.password_hash},
          {"disabled", u.disabled ? "1" : "0"},
          {"password_changed_at", u.password_changed_at},
          {"created_at", u.created_at},
          {"roles", roles}};
}

Status AuthService::RecordUser(store::Tx& tx, std::int64_t user_id, std::string_view type,
                               std::int64_t actor_id) {
  auto u = users_->Get(tx, user_id);
  if (!u.ok()) return u.status();
  return AppendRecord(tx,
                      {std::string(type), u->agency_id, fmt::format("user:{}", u->id), actor_id,
                       FormatUtc(clock_.Now())},
                      UserAccountRecord(*u));
}

Status AuthService::Record(store::Tx& tx, const store::AuthEvent& e, std::string_view now) {
  auto stored = users_->RecordEvent(tx, e, now);
  if (!stored.ok()) return stored.status();
  return AppendRecord(
      tx,
      {fmt::format("auth.{}", stored->kind), stored->agency_id.value_or(0),
       fmt::format("auth_event:{}", stored->id), stored->user_id.value_or(0), stored->at},
      AuthEventRecord(*stored));
}

Status AuthService::CheckAccountFits(store::Tx& tx, std::int64_t agency_id,
                                     const std::vector<domain::Role>& roles,
                                     std::optional<std::int64_t> department_id) {
  const bool supervisor =
      std::find(roles.begin(), roles.end(), domain::Role::kSupervisor) != roles.end();
  if (!supervisor && !department_id) return Status::Ok();
  auto agency = agencies_->Get(tx, agency_id);
  if (!agency.ok()) return agency.status();
  if (supervisor && agency->kind != domain::AgencyKind::kSupervisor) {
    return Status::Invalid("监督人员角色只能分配给监督机关(司法局)的用户").WithField("roles");
  }
  if (department_id && std::none_of(agency->departments.begin(), agency->departments.end(),
                                    [&](const auto& d) { return d.id == *department_id; })) {
    return Status::Invalid("所选内设机构不属于该执法主体").WithField("departmentId");
  }
  return Status::Ok();
}

template <typename F>
Result<store::UserRecord> AuthService::ChangeUser(std::int64_t user_id, std::int64_t actor_id,
                                                  F&& change) {
  std::optional<store::UserRecord> out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto before = users_->Get(tx, user_id);
    if (!before.ok()) return before.status();
    SX_RETURN_IF_ERROR(change(tx, *before));
    auto after = users_->Get(tx, user_id);
    if (!after.ok()) return after.status();
    if (UserAccountRecord(*after) != UserAccountRecord(*before)) {
      SX_RETURN_IF_ERROR(RecordUser(tx, user_id, "user.updated", actor_id));
    }
    out = *after;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<std::vector<store::UserRecord>> AuthService::ListUsers(std::int64_t agency_id) {
  std::vector<store::UserRecord> out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = users_->ListByAgency(tx, agency_id);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  }));
  return out;
}

Result<store::UserRecord> AuthService::GetUser(std::int64_t user_id) {
  std::optional<store::UserRecord> out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = users_->Get(tx, user_id);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<store::UserRecord> AuthService::SetRoles(const Principal& by, std::int64_t user_id,
                                                std::vector<domain::Role> roles,
                                                std::string_view remote) {
  roles = Normalized(std::move(roles));
  if (roles.empty()) return Status::Invalid("至少要分配一个角色").WithField("roles");
  return ChangeUser(user_id, by.user_id, [&](store::Tx& tx, const store::UserRecord& u) -> Status {
    const bool keeps_admin =
        std::find(roles.begin(), roles.end(), domain::Role::kAdmin) != roles.end();
    if (u.id == by.user_id && by.Has(domain::Role::kAdmin) && !keeps_admin) {
      return Status::Invalid("不能取消自己的系统管理员角色,请由另一位管理员操作")
          .WithField("roles");
    }
    SX_RETURN_IF_ERROR(CheckAccountFits(tx, u.agency_id, roles, std::nullopt));
    if (Normalized(u.roles) == roles) return Status::Ok();  // nothing changes, nothing recorded
    SX_RETURN_IF_ERROR(users_->SetRoles(tx, u.id, roles));
    return Record(tx,
                  {"roles_changed", u.id, u.username, std::string(remote),
                   fmt::format("角色由 {} 改为 {};操作人 {}", RoleList(u.roles), RoleList(roles),
                               by.username)},
                  FormatUtc(clock_.Now()));
  });
}

Result<store::UserRecord> AuthService::SetDisabled(const Principal& by, std::int64_t user_id,
                                                   bool disabled, std::string_view remote) {
  if (user_id == by.user_id && disabled) {
    return Status::Invalid("不能停用自己的账户").WithField("disabled");
  }
  return ChangeUser(user_id, by.user_id, [&](store::Tx& tx, const store::UserRecord& u) -> Status {
    if (u.disabled == disabled) return Status::Ok();
    SX_RETURN_IF_ERROR(users_->SetDisabled(tx, u.id, disabled));
    if (disabled) SX_RETURN_IF_ERROR(users_->RevokeUserSessions(tx, u.id));
    return Record(tx,
                  {disabled ? "account_disabled" : "account_enabled", u.id, u.username,
                   std::string(remote), fmt::format("操作人 {}", by.username)},
                  FormatUtc(clock_.Now()));
  });
}

Result<std::vector<store::AuthEvent>> AuthService::AgencyEvents(std::int64_t agency_id, int limit) {
  std::vector<store::AuthEvent> out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = users_->AgencyEvents(tx, agency_id, std::clamp(limit, 1, 1000));
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  }));
  return out;
}

Result<CreatedToken> AuthService::CreateToken(const Principal& by, std::int64_t agency_id,
                                              const NewToken& t, std::string_view remote) {
  if (t.name.empty() || t.name.size() > 180) {
    return Status::Invalid("令牌名称不能为空,最多 60 字").WithField("name");
  }
  if (t.scopes.empty()) return Status::Invalid("至少选择一项权限范围").WithField("scopes");
  for (auto p : t.scopes) {
    if (!domain::IsTokenScope(p)) {
      return Status::Invalid(fmt::format("接口令牌不能拥有“{}”权限", domain::PermissionName(p)))
          .WithField("scopes");
    }
  }
  if (t.expires_in_days && (*t.expires_in_days < 1 || *t.expires_in_days > 3650)) {
    return Status::Invalid("有效天数须在 1–3650 之间").WithField("expiresInDays");
  }
  const TimePoint now = clock_.Now();
  CreatedToken out;
  out.token = fmt::format("{}{}", kTokenPrefix, RandomToken());
  store::TokenRecord rec;
  rec.agency_id = agency_id;
  rec.name = t.name;
  rec.prefix = out.token.substr(0, kTokenPrefix.size() + 8);
  rec.scopes = t.scopes;
  std::sort(rec.scopes.begin(), rec.scopes.end());
  rec.scopes.erase(std::unique(rec.scopes.begin(), rec.scopes.end()), rec.scopes.end());
  rec.created_by = by.user_id;
  rec.created_at = FormatUtc(now);
  if (t.expires_in_days) rec.expires_at = FormatUtc(now + std::chrono::days(*t.expires_in_days));
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto r = users_->InsertToken(tx, rec, Sha256Hex(out.token));
    if (!r.ok()) return r.status();
    out.record = std::move(*r);
    std::string scopes;
    for (auto p : out.record.scopes)
      scopes += fmt::format("{}{}", scopes.empty() ? "" : "、", domain::PermissionName(p));
    store::AuthEvent e{"token_created", by.user_id, by.username, std::string(remote),
                       fmt::format("令牌“{}”({}),范围:{}", rec.name, rec.prefix, scopes)};
    e.agency_id = agency_id;
    return Record(tx, e, rec.created_at);
  }));
  return out;
}

Result<std::vector<store::TokenRecord>> AuthService::ListTokens(std::int64_t agency_id) {
  std::vector<store::TokenRecord> out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = users_->ListTokens(tx, agency_id);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  }));
  return out;
}

Result<store::TokenRecord> AuthService::GetToken(std::int64_t token_id) {
  std::optional<store::TokenRecord> out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = users_->GetToken(tx, token_id);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  }));
  return std::move(*out);
}

Status AuthService::RevokeToken(const Principal& by, std::int64_t token_id,
                                std::string_view remote) {
  const std::string now = FormatUtc(clock_.Now());
  return db_.Write([&](store::Tx& tx) -> Status {
    auto t = users_->GetToken(tx, token_id);
    if (!t.ok()) return t.status();
    if (t->revoked_at) return Status::Ok();  // already revoked: nothing changes
    SX_RETURN_IF_ERROR(users_->RevokeToken(tx, token_id, now));
    store::AuthEvent e{"token_revoked", by.user_id, by.username, std::string(remote),
                       fmt::format("令牌“{}”({})", t->name, t->prefix)};
    e.agency_id = t->agency_id;
    return Record(tx, e, now);
  });
}

Result<Principal> AuthService::CheckToken(std::string_view token) {
  const auto invalid = [] { return Status::Unauthenticated("接口令牌无效、已过期或已吊销"); };
  if (!token.starts_with(kTokenPrefix) || token.size() > 128) return invalid();
  const TimePoint now = clock_.Now();
  const std::string now_text = FormatUtc(now);
  std::optional<store::TokenRecord> rec;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = users_->FindToken(tx, Sha256Hex(token));
    if (!r.ok()) return r.status();
    rec = std::move(*r);
    return Status::Ok();
  }));
  if (!rec || rec->revoked_at || (rec->expires_at && *rec->expires_at <= now_text))
    return invalid();
  if (!rec->last_used_at || *rec->last_used_at <= FormatUtc(now - options_.touch_interval)) {
    SX_RETURN_IF_ERROR(
        db_.Write([&](store::Tx& tx) { return users_->TouchToken(tx, rec->id, now_text); }));
  }
  Principal p;
  p.user_id = rec->created_by;
  p.agency_id = rec->agency_id;
  p.username = fmt::format("令牌 {}", rec->prefix);
  p.display_name = rec->name;
  p.scopes = rec->scopes;
  p.token_id = rec->id;
  return p;
}

Result<std::vector<store::AuthEvent>> AuthService::RecentEvents(int limit) {
  std::vector<store::AuthEvent> out;
  Status st = db_.Read([&](store::Tx& tx) -> Status {
    auto r = users_->RecentEvents(tx, limit);
    if (!r.ok()) return r.status();
    out = *r;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace sx::services
