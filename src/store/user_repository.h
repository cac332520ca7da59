// Staff accounts, their roles and password history, sessions and the sign-in audit trail.
// Every call runs inside the caller's transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  std::vector<domain::Role> roles;
};

struct NewUser {
  std::int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;
  std::vector<domain::Role> roles;
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
  std::string kind;  // sign_in, sign_in_failed, locked, sign_out, password_changed, role_changed
  std::optional<std::int64_t> user_id;
  std::string username;
  std::string remote;
  std::string detail;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<UserRecord> Insert(Tx& tx, const NewUser& u, std::string_view now) = 0;
  virtual Result<UserRecord> Get(Tx& tx, std::int64_t id) = 0;
  virtual Result<UserRecord> FindByUsername(Tx& tx, std::string_view username) = 0;
  virtual Result<std::vector<UserRecord>> ListByAgency(Tx& tx, std::int64_t agency_id) = 0;
  virtual Status SetRoles(Tx& tx, std::int64_t user_id, const std::vector<domain::Role>& roles) = 0;
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

  virtual Status RecordEvent(Tx& tx, const AuthEvent& e, std::string_view now) = 0;
  virtual Result<std::vector<AuthEvent>> RecentEvents(Tx& tx, int limit) = 0;
};

std::unique_ptr<UserRepository> MakeUserRepository();

}  // namespace sx::store
