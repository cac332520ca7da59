// Sign-in for staff: argon2id passwords (libsodium), server-side sessions with idle and absolute
// timeouts, a CSRF token per session, lockout after repeated failures, the password policy with
// history (GB/T 22239-2019 level 3), and an audit record of every sign-in, failure and sign-out.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/password_policy.h"
#include "domain/people.h"
#include "store/agency_repository.h"
#include "services/ledger_service.h"
#include "store/database.h"
#include "store/user_repository.h"
#include "util/clock.h"

namespace sx::services {

struct AuthOptions {
  std::chrono::minutes idle_timeout{30};
  std::chrono::hours absolute_timeout{12};
  int max_failures = 5;                      // consecutive failures before a lockout
  std::chrono::minutes lockout{15};
  std::chrono::seconds touch_interval{60};   // how often last-seen is written
  domain::PasswordPolicy policy;
  // argon2id cost: libsodium's interactive limits (2 passes, 64 MiB) unless set; tests lower it.
  unsigned long long argon2_ops = 2;
  std::size_t argon2_mem = std::size_t{64} << 20;
};

// Who is making a request, once the session is checked.
struct Principal {
  std::int64_t user_id = 0;
  std::int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::vector<domain::Role> roles;
  bool supervisor_org = false;
  std::optional<std::int64_t> department_id = std::nullopt;  // department scope, when set
  // Set when the request came with an API token: it acts with exactly these scopes.
  std::optional<std::vector<domain::Permission>> scopes = std::nullopt;
  std::int64_t token_id = 0;
  bool Has(domain::Role r) const;
  // The view the access policy takes; refers into this principal.
  domain::Actor actor() const;
};

struct SignedIn {
  std::string session_token;  // goes into the cookie; never stored
  std::string csrf_token;
  std::string expires_at;     // absolute expiry, RFC 3339
  Principal principal;
};

struct SessionInfo {
  Principal principal;
  std::string csrf_token;
};

struct NewToken {
  std::string name;
  std::vector<domain::Permission> scopes;
  std::optional<int> expires_in_days;  // none: until revoked
};

struct CreatedToken {
  std::string token;  // "sxt_…": shown once, never stored
  store::TokenRecord record;
};

inline constexpr std::string_view kTokenPrefix = "sxt_";

struct NewAccount {
  std::int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::string password;
  std::vector<domain::Role> roles;
  std::optional<std::int64_t> department_id = std::nullopt;  // 内设机构 of the same agency
};

class AuthService {
 public:
  // `db` and `clock` must outlive the service.
  AuthService(store::Database& db, const Clock& clock, AuthOptions options = {});

  // argon2id with libsodium's interactive limits (2 passes, 64 MiB); see docs/benchmarks.md.
  static Result<std::string> HashPassword(std::string_view password,
                                          unsigned long long ops = 2,
                                          std::size_t mem = std::size_t{64} << 20);
  static bool VerifyPassword(std::string_view hash, std::string_view password);

  Result<store::UserRecord> CreateAccount(const NewAccount& a);
  // kUnauthenticated for a wrong name or password (the same message for both), kTooManyRequests
  // while locked out.
  Result<SignedIn> SignIn(std::string_view username, std::string_view password,
                          std::string_view remote);
  // kUnauthenticated when the token is unknown, revoked, idle too long or past its lifetime.
  Result<SessionInfo> CheckSession(std::string_view session_token);
  Status SignOut(std::string_view session_token, std::string_view remote);
  // Checks the old password, the policy and the last five; revokes the user's other sessions.
  Status ChangePassword(std::int64_t user_id, std::string_view old_password,
                        std::string_view new_password, std::string_view remote);

  Result<std::vector<store::AuthEvent>> RecentEvents(int limit);

  // Administration. Whether `by` may do it is the HTTP layer's check (domain::Allowed); these
  // enforce the rules of the data and record who did what.
  Result<std::vector<store::UserRecord>> ListUsers(std::int64_t agency_id);
  Result<store::UserRecord> GetUser(std::int64_t user_id);
  Result<store::UserRecord> CreateUser(const Principal& by, const NewAccount& a,
                                       std::string_view remote);
  // Permission changes: recorded with the old and new roles and who changed them. The 监督人员
  // role exists only in a supervising organisation; nobody removes their own 系统管理员 role.
  Result<store::UserRecord> SetRoles(const Principal& by, std::int64_t user_id,
                                     std::vector<domain::Role> roles, std::string_view remote);
  // Disabling ends the user's sessions; nobody disables themselves.
  Result<store::UserRecord> SetDisabled(const Principal& by, std::int64_t user_id, bool disabled,
                                        std::string_view remote);
  Result<std::vector<store::AuthEvent>> AgencyEvents(std::int64_t agency_id, int limit);

  // API tokens for system integrations: random 256-bit secrets, stored as SHA-256, scoped to one
  // agency and a subset of permissions (never user or installation management), revocable.
  Result<CreatedToken> CreateToken(const Principal& by, std::int64_t agency_id, const NewToken& t,
                                   std::string_view remote);
  Result<std::vector<store::TokenRecord>> ListTokens(std::int64_t agency_id);
  Result<store::TokenRecord> GetToken(std::int64_t token_id);
  Status RevokeToken(const Principal& by, std::int64_t token_id, std::string_view remote);
  // kUnauthenticated when unknown, revoked or expired.
  Result<Principal> CheckToken(std::string_view token);
  const AuthOptions& options() const { return options_; }

 private:
  // Stores a sign-in/permission record and appends its ledger leaf, in `tx`.
  Status Record(store::Tx& tx, const store::AuthEvent& e, std::string_view now);
  // Seals the account as it now is and appends its leaf ("user:<id>").
  Status RecordUser(store::Tx& tx, std::int64_t user_id, std::string_view type,
                    std::int64_t actor_id);
  // 监督人员 only in a supervising organisation; a department only of the same agency.
  Status CheckAccountFits(store::Tx& tx, std::int64_t agency_id,
                          const std::vector<domain::Role>& roles,
                          std::optional<std::int64_t> department_id);
  template <typename F>
  Result<store::UserRecord> ChangeUser(std::int64_t user_id, std::int64_t actor_id, F&& change);

  store::Database& db_;
  const Clock& clock_;
  AuthOptions options_;
  std::unique_ptr<store::UserRepository> users_;
  std::unique_ptr<store::AgencyRepository> agencies_;
};

// A sign-in/permission record as its ledger leaf seals it (SealRecord).
RecordFields AuthEventRecord(const store::AuthEvent& e);
// An account (without its sign-in failure counters, which change on every wrong password) as its
// "user:<id>" leaves seal it; the password hash is sealed, so a hash swapped in the database is found.
RecordFields UserAccountRecord(const store::UserRecord& u);

// SHA-256 in lower-case hex, for tokens stored at rest.
std::string Sha256Hex(std::string_view data);
// `n` random bytes, base64url without padding.
std::string RandomToken(std::size_t n = 32);

}  // namespace sx::services
