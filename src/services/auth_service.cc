#include "services/auth_service.h"

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
    : db_(db), clock_(clock), options_(options), users_(store::MakeUserRepository()) {}

Result<std::string> AuthService::HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Unavailable("内存不足,无法计算密码摘要");
  }
  return std::string(out);
}

bool AuthService::VerifyPassword(std::string_view hash, std::string_view password) {
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Result<store::UserRecord> AuthService::CreateAccount(const NewAccount& a) {
  const bool name_ok = a.username.size() >= 3 && a.username.size() <= 32 &&
                       std::all_of(a.username.begin(), a.username.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                                c == '_' || c == '-';
                       });
  if (!name_ok) {
    return Status::Invalid("用户名须为 3–32 位小写字母、数字、点、下划线或连字符").WithField("username");
  }
  if (a.display_name.empty() || a.display_name.size() > 90) {
    return Status::Invalid("姓名不能为空,最多 30 字").WithField("displayName");
  }
  if (a.roles.empty()) return Status::Invalid("至少要分配一个角色").WithField("roles");
  SX_RETURN_IF_ERROR(domain::CheckPasswordStrength(a.password, a.username, options_.policy));
  auto hash = HashPassword(a.password);
  if (!hash.ok()) return hash.status();
  std::optional<store::UserRecord> out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto u = users_->Insert(tx, {a.agency_id, a.username, a.display_name, *hash, a.roles},
                            FormatUtc(clock_.Now()));
    if (!u.ok()) return u.status();
    out = *u;
    return users_->RecordEvent(
        tx, {"account_created", u->id, u->username, "", fmt::format("roles={}", u->roles.size())},
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
      return users_->RecordEvent(tx, {"sign_in_locked", user->id, user->username, std::string(remote), ""},
                                 now_text);
    });
    return Status::TooManyRequests(fmt::format(
        "登录失败次数过多,账户已临时锁定至 {}(UTC),请稍后再试或联系管理员", user->locked_until->substr(0, 16)));
  }
  const bool ok = VerifyPassword(user ? user->password_hash : DummyHash(), password) && user &&
                  !user->disabled;
  if (!ok) {
    std::optional<std::string> lock;
    st = db_.Write([&](store::Tx& tx) -> Status {
      if (!user) {
        return users_->RecordEvent(tx, {"sign_in_failed", std::nullopt, std::string(username),
                                        std::string(remote), "unknown user"},
                                   now_text);
      }
      int attempts = user->failed_attempts + 1;
      if (attempts >= options_.max_failures) {
        lock = FormatUtc(now + options_.lockout);
        attempts = 0;
      }
      SX_RETURN_IF_ERROR(users_->RecordFailure(tx, user->id, attempts, lock));
      return users_->RecordEvent(
          tx, {lock ? "locked" : "sign_in_failed", user->id, user->username, std::string(remote),
               user->disabled ? "disabled" : ""},
          now_text);
    });
    if (!st.ok()) return st;
    if (lock) {
      return Status::TooManyRequests(fmt::format(
          "连续 {} 次登录失败,账户已临时锁定 {} 分钟", options_.max_failures, options_.lockout.count()));
    }
    return Status::Unauthenticated(std::string(kWrongCredentials));
  }

  SignedIn out;
  out.session_token = RandomToken();
  out.csrf_token = RandomToken();
  out.expires_at = FormatUtc(now + options_.absolute_timeout);
  out.principal = {user->id, user->agency_id, user->username, user->display_name, user->roles};
  st = db_.Write([&](store::Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(users_->ClearFailures(tx, user->id));
    SX_RETURN_IF_ERROR(users_->InsertSession(
        tx, {Sha256Hex(out.session_token), user->id, out.csrf_token, now_text, now_text,
             out.expires_at, false}));
    return users_->RecordEvent(tx, {"sign_in", user->id, user->username, std::string(remote), ""},
                               now_text);
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
  return SessionInfo{{user->id, user->agency_id, user->username, user->display_name, user->roles},
                     session->csrf_token};
}

Status AuthService::SignOut(std::string_view session_token, std::string_view remote) {
  auto info = CheckSession(session_token);
  if (!info.ok()) return info.status();
  return db_.Write([&](store::Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(users_->RevokeSession(tx, Sha256Hex(session_token)));
    return users_->RecordEvent(tx,
                               {"sign_out", info->principal.user_id, info->principal.username,
                                std::string(remote), ""},
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
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  return db_.Write([&](store::Tx& tx) -> Status {
    SX_RETURN_IF_ERROR(users_->SetPassword(tx, user_id, *hash, FormatUtc(clock_.Now())));
    SX_RETURN_IF_ERROR(users_->RevokeUserSessions(tx, user_id));
    return users_->RecordEvent(tx, {"password_changed", user_id, user->username, std::string(remote), ""},
                               FormatUtc(clock_.Now()));
  });
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
