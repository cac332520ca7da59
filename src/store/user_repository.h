// Staff accounts, their roles and password history, sessions and the sign-in audit trail.
// Every call runs inside the caller's transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/people.h"
#include "store/database.h"

namespace sx::store {

struct UserRecord {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;  // argon2id, libsodium's crypt string
  int failed_attempts = 0;
  std::optional<std::string> locked_until;  // RFC 3339 UTC
  bool disabled = false;
  std::string password_changed_at;
  std::string created_at;
  std::vector<domain::Role> roles;
  bool supervisor_org = false;  // the user's organisation supervises (司法局)
  std::optional<std::int64_t> department_id = std::nullopt;  // 内设机构, for department scope
};

struct NewUser {
  std::int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;
  std::vector<domain::Role> roles;
  std::optional<std::int64_t> department_id = std::nullopt;
};

struct SessionRecord {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
  bool revoked = false;
};

struct AuthEvent {
  // sign_in, sign_in_failed, sign_in_locked, locked, sign_out, password_changed,
  // account_created, roles_changed, account_disabled, account_enabled, token_created,
  // token_revoked
  std::string kind;
  std::optional<std::int64_t> user_id;  // whom it concerns
  std::string username;
  std::string remote;
  std::string detail;
  // Whose records it belongs to; unset: the agency of `user_id` (none for an unknown user).
  std::optional<std::int64_t> agency_id = {};
  std::int64_t id = 0;  // when read back
  std::string at = {};  // when read back, RFC 3339 UTC
};

// An API token for a system integration. The secret itself is never stored.
struct TokenRecord {
  std::int64_t id = 0;
  std::int64_t agency_id = 0;
  std::string name;
  std::string prefix;  // the first characters of the token, to tell tokens apart
  std::vector<domain::Permission> scopes;
  std::int64_t created_by = 0;
  std::string created_by_name;  // when read back
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> last_used_at;
  std::optional<std::string> revoked_at;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<UserRecord> Insert(Tx& tx, const NewUser& u, std::string_view now) = 0;
  virtual Result<UserRecord> Get(Tx& tx, std::int64_t id) = 0;
  virtual Result<UserRecord> FindByUsername(Tx& tx, std::string_view username) = 0;
  virtual Result<std::vector<UserRecord>> ListByAgency(Tx& tx, std::int64_t agency_id) = 0;
  virtual Status SetRoles(Tx& tx, std::int64_t user_id, const std::vector<domain::Role>& roles) = 0;
  virtual Status SetDisabled(Tx& tx, std::int64_t user_id, bool disabled) = 0;
  virtual Status RecordFailure(Tx& tx, std::int64_t user_id, int attempts,
                               const std::optional<std::string>& locked_until) = 0;
  virtual Status ClearFailures(Tx& tx, std::int64_t user_id) = 0;
  // Replaces the hash and appends the old one to the history.
  virtual Status SetPassword(Tx& tx, std::int64_t user_id, std::string_view new_hash,
                             std::string_view now) = 0;
  // The current hash and the previous ones, newest first, at most `n`.
  virtual Result<std::vector<std::string>> RecentPasswordHashes(Tx& tx, std::int64_t user_id,
                                                                int n) = 0;

  virtual Status InsertSession(Tx& tx, const SessionRecord& s) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(Tx& tx, std::string_view token_hash) = 0;
  virtual Status TouchSession(Tx& tx, std::string_view token_hash, std::string_view now) = 0;
  virtual Status RevokeSession(Tx& tx, std::string_view token_hash) = 0;
  virtual Status RevokeUserSessions(Tx& tx, std::int64_t user_id) = 0;

  // Returns the stored record: with its id, time and agency filled in.
  virtual Result<AuthEvent> RecordEvent(Tx& tx, const AuthEvent& e, std::string_view now) = 0;
  virtual Result<std::vector<AuthEvent>> RecentEvents(Tx& tx, int limit) = 0;
  virtual Result<std::vector<AuthEvent>> AgencyEvents(Tx& tx, std::int64_t agency_id, int limit) = 0;

  virtual Result<TokenRecord> InsertToken(Tx& tx, const TokenRecord& t, std::string_view hash) = 0;
  virtual Result<TokenRecord> GetToken(Tx& tx, std::int64_t id) = 0;
  virtual Result<std::optional<TokenRecord>> FindToken(Tx& tx, std::string_view hash) = 0;
  virtual Result<std::vector<TokenRecord>> ListTokens(Tx& tx, std::int64_t agency_id) = 0;
  virtual Status RevokeToken(Tx& tx, std::int64_t id, std::string_view now) = 0;
  virtual Status TouchToken(Tx& tx, std::int64_t id, std::string_view now) = 0;
};

std::unique_ptr<UserRepository> MakeUserRepository();

}  // namespace sx::store
