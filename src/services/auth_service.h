// Sign-in for staff: argon2id passwords (libsodium), server-side sessions with idle and absolute
// timeouts, a CSRF token per session, lockout after repeated failures, the password policy with
// history (GB/T 22239-2019 level 3), and an audit record of every sign-in, failure and sign-out.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "domain/password_policy.h"
#include "domain/people.h"
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
};

// Who is making a request, once the session is checked.
struct Principal {
  std::int64_t user_id = 0;
  std::int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::vector<domain::Role> roles;
  bool Has(domain::Role r) const;
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

struct NewAccount {
  std::int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::string password;
  std::vector<domain::Role> roles;
};

class AuthService {
 public:
  // `db` and `clock` must outlive the service.
  AuthService(store::Database& db, const Clock& clock, AuthOptions options = {});

  // argon2id with libsodium's interactive limits (2 passes, 64 MiB); see docs/benchmarks.md.
  static Result<std::string> HashPassword(std::string_view password);
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
  const AuthOptions& options() const { return options_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  AuthOptions options_;
  std::unique_ptr<store::UserRepository> users_;
};

// SHA-256 in lower-case hex, for tokens stored at rest.
std::string Sha256Hex(std::string_view data);
// `n` random bytes, base64url without padding.
std::string RandomToken(std::size_t n = 32);

}  // namespace sx::services
