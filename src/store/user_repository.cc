#include "store/user_repository.h"

#include <fmt/format.h>

namespace sx::store {

namespace {

constexpr std::string_view kSelectUser =
    "SELECT id, agency_id, username, display_name, password_hash, failed_attempts, locked_until,"
    " disabled, password_changed_at, created_at,"
    " (SELECT kind FROM agencies a WHERE a.id = users.agency_id), department_id FROM users";

constexpr std::string_view kSelectToken =
    "SELECT t.id, t.agency_id, t.name, t.prefix, t.scopes, t.created_by, u.display_name,"
    " t.created_at, t.expires_at, t.last_used_at, t.revoked_at"
    " FROM api_tokens t JOIN users u ON u.id = t.created_by";

constexpr std::string_view kSelectEvent =
    "SELECT kind, user_id, username, remote, detail, agency_id, id, at FROM auth_events";

std::string JoinScopes(const std::vector<domain::Permission>& scopes) {
  std::string out;
  for (auto p : scopes) {
    if (!out.empty()) out += ' ';
    out += domain::ScopeCode(p);
  }
  return out;
}

TokenRecord TokenFromRow(const Row& r) {
  TokenRecord t;
  t.id = r.Int(0);
  t.agency_id = r.Int(1);
  t.name = r.Text(2);
  t.prefix = r.Text(3);
  std::string_view scopes = r.Text(4);
  while (!scopes.empty()) {
    auto sp = scopes.find(' ');
    if (auto p = domain::ParseScope(scopes.substr(0, sp))) t.scopes.push_back(*p);
    if (sp == std::string_view::npos) break;
    scopes.remove_prefix(sp + 1);
  }
  t.created_by = r.Int(5);
  t.created_by_name = r.Text(6);
  t.created_at = r.Text(7);
  t.expires_at = r.OptText(8);
  t.last_used_at = r.OptText(9);
  t.revoked_at = r.OptText(10);
  return t;
}

AuthEvent EventFromRow(const Row& r) {
  AuthEvent e{r.Text(0), std::nullopt, r.Text(2), r.Text(3), r.Text(4)};
  if (!r.IsNull(1)) e.user_id = r.Int(1);
  if (!r.IsNull(5)) e.agency_id = r.Int(5);
  e.id = r.Int(6);
  e.at = r.Text(7);
  return e;
}

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
  u.created_at = r.Text(9);
  u.supervisor_org = r.Text(10) == "supervisor";
  if (!r.IsNull(11)) u.department_id = r.Int(11);
  return u;
}

class SqlUserRepository final : public UserRepository {
 public:
  Result<UserRecord> Insert(Tx& tx, const NewUser& u, std::string_view now) override {
    auto rows = tx.Query(
        "INSERT INTO users (agency_id, username, display_name, password_hash, password_changed_at,"
        " created_at, department_id) VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
        {u.agency_id, u.username, u.display_name, u.password_hash, std::string(now),
         u.department_id ? Param(*u.department_id) : Param(nullptr)});
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

  Status SetDisabled(Tx& tx, std::int64_t user_id, bool disabled) override {
    return tx.Query("UPDATE users SET disabled = $1 WHERE id = $2",
                    {std::int64_t{disabled ? 1 : 0}, user_id})
        .status();
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

  Result<AuthEvent> RecordEvent(Tx& tx, const AuthEvent& e, std::string_view now) override {
    Param uid = e.user_id ? Param(*e.user_id) : Param(nullptr);
    auto rows =
        e.agency_id
            ? tx.Query("INSERT INTO auth_events (at, kind, user_id, username, remote, detail,"
                       " agency_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, agency_id",
                       {std::string(now), e.kind, uid, e.username, e.remote, e.detail, *e.agency_id})
            : tx.Query("INSERT INTO auth_events (at, kind, user_id, username, remote, detail,"
                       " agency_id) VALUES ($1, $2, $3, $4, $5, $6,"
                       " (SELECT agency_id FROM users WHERE id = $3)) RETURNING id, agency_id",
                       {std::string(now), e.kind, uid, e.username, e.remote, e.detail});
    if (!rows.ok()) return rows.status();
    AuthEvent out = e;
    out.id = rows->rows.at(0).Int(0);
    out.agency_id = rows->rows.at(0).IsNull(1) ? std::nullopt
                                               : std::optional<std::int64_t>(rows->rows.at(0).Int(1));
    out.at = std::string(now);
    return out;
  }

  Result<std::vector<AuthEvent>> RecentEvents(Tx& tx, int limit) override {
    return Events(tx, fmt::format("{} ORDER BY id DESC LIMIT $1", kSelectEvent),
                  {std::int64_t{limit}});
  }

  Result<std::vector<AuthEvent>> AgencyEvents(Tx& tx, std::int64_t agency_id, int limit) override {
    return Events(tx, fmt::format("{} WHERE agency_id = $1 ORDER BY id DESC LIMIT $2", kSelectEvent),
                  {agency_id, std::int64_t{limit}});
  }

  Result<TokenRecord> InsertToken(Tx& tx, const TokenRecord& t, std::string_view hash) override {
    Param expires = t.expires_at ? Param(*t.expires_at) : Param(nullptr);
    auto rows = tx.Query(
        "INSERT INTO api_tokens (agency_id, name, prefix, token_hash, scopes, created_by,"
        " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {t.agency_id, t.name, t.prefix, std::string(hash), JoinScopes(t.scopes), t.created_by,
         t.created_at, expires});
    if (!rows.ok()) return rows.status();
    return GetToken(tx, rows->rows.at(0).Int(0));
  }

  Result<TokenRecord> GetToken(Tx& tx, std::int64_t id) override {
    auto rows = tx.Query(fmt::format("{} WHERE t.id = $1", kSelectToken), {id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("接口令牌不存在");
    return TokenFromRow(rows->rows.front());
  }

  Result<std::optional<TokenRecord>> FindToken(Tx& tx, std::string_view hash) override {
    auto rows = tx.Query(fmt::format("{} WHERE t.token_hash = $1", kSelectToken), {std::string(hash)});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<TokenRecord>();
    return std::optional<TokenRecord>(TokenFromRow(rows->rows.front()));
  }

  Result<std::vector<TokenRecord>> ListTokens(Tx& tx, std::int64_t agency_id) override {
    auto rows = tx.Query(fmt::format("{} WHERE t.agency_id = $1 ORDER BY t.id DESC", kSelectToken),
                         {agency_id});
    if (!rows.ok()) return rows.status();
    std::vector<TokenRecord> out;
    for (const auto& r : rows->rows) out.push_back(TokenFromRow(r));
    return out;
  }

  Status RevokeToken(Tx& tx, std::int64_t id, std::string_view now) override {
    return tx.Query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                    {std::string(now), id})
        .status();
  }

  Status TouchToken(Tx& tx, std::int64_t id, std::string_view now) override {
    return tx.Query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", {std::string(now), id})
        .status();
  }

 private:
  Result<std::vector<AuthEvent>> Events(Tx& tx, const std::string& sql, std::vector<Param> params) {
    auto rows = tx.Query(sql, params);
    if (!rows.ok()) return rows.status();
    std::vector<AuthEvent> out;
    for (const auto& r : rows->rows) out.push_back(EventFromRow(r));
    return out;
  }

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
