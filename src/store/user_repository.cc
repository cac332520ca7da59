#include "store/user_repository.h"

#include <fmt/format.h>

namespace sx::store {

namespace {

constexpr std::string_view kSelectUser =
    "SELECT id, agency_id, username, display_name, password_hash, failed_attempts, locked_until,"
    " disabled, password_changed_at FROM users";

UserRecord UserFromRow(const Row& r) {
  UserRecord u;
  u.id = r.Int(0);
  u.agency_id = r.Int(1);
  u.username = r.Text(2);
  u.display_name = r.Text(3);
  u.password_hash = r.Text(4);
  u.failed_attempts = static_cast<int>(r.Int(5));
  u.locked_until = r.OptText(6);
  u.disabled = r.Int(7) != 0;
  u.password_changed_at = r.Text(8);
  return u;
}

class SqlUserRepository final : public UserRepository {
 public:
  Result<UserRecord> Insert(Tx& tx, const NewUser& u, std::string_view now) override {
    auto rows = tx.Query(
        "INSERT INTO users (agency_id, username, display_name, password_hash, password_changed_at,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        {u.agency_id, u.username, u.display_name, u.password_hash, std::string(now)});
    if (!rows.ok()) {
      if (rows.status().code() == Code::kConflict) {
        return Status::Conflict(fmt::format("用户名“{}”已被使用", u.username)).WithField("username");
      }
      return rows.status();
    }
    const std::int64_t id = rows->rows.at(0).Int(0);
    SX_RETURN_IF_ERROR(SetRoles(tx, id, u.roles));
    return Get(tx, id);
  }

  Result<UserRecord> Get(Tx& tx, std::int64_t id) override {
    return One(tx, fmt::format("{} WHERE id = $1", kSelectUser), {id});
  }

  Result<UserRecord> FindByUsername(Tx& tx, std::string_view username) override {
    return One(tx, fmt::format("{} WHERE username = $1", kSelectUser), {std::string(username)});
  }

  Result<std::vector<UserRecord>> ListByAgency(Tx& tx, std::int64_t agency_id) override {
    auto rows = tx.Query(fmt::format("{} WHERE agency_id = $1 ORDER BY id", kSelectUser), {agency_id});
    if (!rows.ok()) return rows.status();
    std::vector<UserRecord> out;
    for (const auto& r : rows->rows) {
      out.push_back(UserFromRow(r));
      SX_RETURN_IF_ERROR(LoadRoles(tx, &out.back()));
    }
    return out;
  }

  Status SetRoles(Tx& tx, std::int64_t user_id, const std::vector<domain::Role>& roles) override {
    SX_RETURN_IF_ERROR(tx.Query("DELETE FROM user_roles WHERE user_id = $1", {user_id}).status());
    for (auto role : roles) {
      SX_RETURN_IF_ERROR(tx.Query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)",
                                  {user_id, std::string(domain::RoleCode(role))})
                             .status());
    }
    return Status::Ok();
  }

  Status RecordFailure(Tx& tx, std::int64_t user_id, int attempts,
                       const std::optional<std::string>& locked_until) override {
    Param until = locked_until ? Param(*locked_until) : Param(nullptr);
    return tx.Query("UPDATE users SET failed_attempts = $1, locked_until = $2 WHERE id = $3",
                    {std::int64_t{attempts}, until, user_id})
        .status();
  }

  Status ClearFailures(Tx& tx, std::int64_t user_id) override {
    return tx.Query("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1",
                    {user_id})
        .status();
  }

  Status SetPassword(Tx& tx, std::int64_t user_id, std::string_view new_hash,
                     std::string_view now) override {
    SX_RETURN_IF_ERROR(
        tx.Query("INSERT INTO password_history (user_id, password_hash, created_at)"
                 " SELECT id, password_hash, $2 FROM users WHERE id = $1",
                 {user_id, std::string(now)})
            .status());
    return tx.Query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
                    {std::string(new_hash), std::string(now), user_id})
        .status();
  }

  Result<std::vector<std::string>> RecentPasswordHashes(Tx& tx, std::int64_t user_id,
                                                        int n) override {
    auto user = Get(tx, user_id);
    if (!user.ok()) return user.status();
    std::vector<std::string> out{user->password_hash};
    auto rows = tx.Query(
        "SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
        {user_id, std::int64_t{n}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : rows->rows) {
      if (static_cast<int>(out.size()) >= n) break;
      out.push_back(r.Text(0));
    }
    return out;
  }

  Status InsertSession(Tx& tx, const SessionRecord& s) override {
    return tx.Query(
                 "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
                 " expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
                 {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at})
        .status();
  }

  Result<std::optional<SessionRecord>> FindSession(Tx& tx, std::string_view token_hash) override {
    auto rows = tx.Query(
        "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked"
        " FROM sessions WHERE token_hash = $1",
        {std::string(token_hash)});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<SessionRecord>();
    const Row& r = rows->rows.front();
    return std::optional<SessionRecord>(SessionRecord{r.Text(0), r.Int(1), r.Text(2), r.Text(3),
                                                      r.Text(4), r.Text(5), r.Int(6) != 0});
  }

  Status TouchSession(Tx& tx, std::string_view token_hash, std::string_view now) override {
    return tx.Query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
                    {std::string(now), std::string(token_hash)})
        .status();
  }

  Status RevokeSession(Tx& tx, std::string_view token_hash) override {
    return tx.Query("UPDATE sessions SET revoked = 1 WHERE token_hash = $1", {std::string(token_hash)})
        .status();
  }

  Status RevokeUserSessions(Tx& tx, std::int64_t user_id) override {
    return tx.Query("UPDATE sessions SET revoked = 1 WHERE user_id = $1", {user_id}).status();
  }

  Status RecordEvent(Tx& tx, const AuthEvent& e, std::string_view now) override {
    Param uid = e.user_id ? Param(*e.user_id) : Param(nullptr);
    return tx.Query(
                 "INSERT INTO auth_events (at, kind, user_id, username, remote, detail)"
                 " VALUES ($1, $2, $3, $4, $5, $6)",
                 {std::string(now), e.kind, uid, e.username, e.remote, e.detail})
        .status();
  }

  Result<std::vector<AuthEvent>> RecentEvents(Tx& tx, int limit) override {
    auto rows = tx.Query(
        "SELECT kind, user_id, username, remote, detail FROM auth_events ORDER BY id DESC LIMIT $1",
        {std::int64_t{limit}});
    if (!rows.ok()) return rows.status();
    std::vector<AuthEvent> out;
    for (const auto& r : rows->rows) {
      AuthEvent e{r.Text(0), std::nullopt, r.Text(2), r.Text(3), r.Text(4)};
      if (!r.IsNull(1)) e.user_id = r.Int(1);
      out.push_back(std::move(e));
    }
    return out;
  }

 private:
  Status LoadRoles(Tx& tx, UserRecord* u) {
    auto rows = tx.Query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role", {u->id});
    if (!rows.ok()) return rows.status();
    for (const auto& r : rows->rows) {
      if (auto role = domain::ParseRole(r.Text(0))) u->roles.push_back(*role);
    }
    return Status::Ok();
  }

  Result<UserRecord> One(Tx& tx, const std::string& sql, std::vector<Param> params) {
    auto rows = tx.Query(sql, params);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("用户不存在");
    UserRecord u = UserFromRow(rows->rows.front());
    SX_RETURN_IF_ERROR(LoadRoles(tx, &u));
    return u;
  }
};

}  // namespace

std::unique_ptr<UserRepository> MakeUserRepository() {
  return std::make_unique<SqlUserRepository>();
}

}  // namespace sx::store
