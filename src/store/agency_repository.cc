#include "store/agency_repository.h"

#include <map>

#include <fmt/format.h>

namespace sx::store {

namespace {

constexpr std::string_view kSelectAgency =
    "SELECT id, code, name, standing, legal_basis, created_at, kind FROM agencies";

domain::Agency AgencyFromRow(const Row& r) {
  domain::Agency a;
  a.id = r.Int(0);
  a.code = r.Text(1);
  a.name = r.Text(2);
  a.standing = domain::ParseStanding(r.Text(3)).value_or(domain::Standing::kStatutory);
  a.legal_basis = r.Text(4);
  a.created_at = r.Text(5);
  a.kind = r.Text(6) == "supervisor" ? domain::AgencyKind::kSupervisor : domain::AgencyKind::kEnforcement;
  return a;
}

class SqlAgencyRepository final : public AgencyRepository {
 public:
  Result<domain::Agency> Insert(Tx& tx, const domain::NewAgency& a, std::string_view now) override {
    auto rows = tx.Query(
        "INSERT INTO agencies (code, name, standing, legal_basis, created_at, kind)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {a.code, a.name, std::string(domain::StandingName(a.standing)), a.legal_basis,
         std::string(now), std::string(domain::AgencyKindCode(a.kind))});
    if (!rows.ok()) {
      if (rows.status().code() == Code::kConflict) {
        return Status::Conflict(
            fmt::format("执法主体已存在:代码“{}”或名称“{}”已被使用", a.code, a.name));
      }
      return rows.status();
    }
    const std::int64_t id = rows->rows.at(0).Int(0);
    for (std::size_t i = 0; i < a.leaders.size(); ++i) {
      SX_RETURN_IF_ERROR(tx.Query("INSERT INTO agency_leaders (agency_id, position, name, title)"
                                  " VALUES ($1, $2, $3, $4)",
                                  {id, static_cast<std::int64_t>(i + 1), a.leaders[i].name,
                                   a.leaders[i].title})
                             .status());
    }
    for (const auto& d : a.departments) {
      auto dep = AddDepartment(tx, id, d, now);
      if (!dep.ok()) return dep.status();
    }
    return Get(tx, id);
  }

  Result<domain::Department> AddDepartment(Tx& tx, std::int64_t agency_id, std::string_view name,
                                           std::string_view now) override {
    auto exists = tx.Query("SELECT 1 FROM agencies WHERE id = $1", {agency_id});
    if (!exists.ok()) return exists.status();
    if (exists->empty()) return Status::NotFound(fmt::format("执法主体 {} 不存在", agency_id));
    auto rows = tx.Query(
        "INSERT INTO departments (agency_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
        {agency_id, std::string(name), std::string(now)});
    if (!rows.ok()) {
      if (rows.status().code() == Code::kConflict) {
        return Status::Conflict(fmt::format("内设机构“{}”已存在", name));
      }
      return rows.status();
    }
    return domain::Department{rows->rows.at(0).Int(0), agency_id, std::string(name)};
  }

  Result<domain::Agency> Get(Tx& tx, std::int64_t id) override {
    return One(tx, fmt::format("{} WHERE id = $1", kSelectAgency), {id},
               fmt::format("执法主体 {} 不存在", id));
  }

  Result<domain::Agency> GetByCode(Tx& tx, std::string_view code) override {
    return One(tx, fmt::format("{} WHERE code = $1", kSelectAgency), {std::string(code)},
               fmt::format("执法主体“{}”不存在", code));
  }

  Result<std::vector<domain::Agency>> List(Tx& tx) override {
    auto rows = tx.Query(fmt::format("{} ORDER BY id", kSelectAgency));
    if (!rows.ok()) return rows.status();
    std::vector<domain::Agency> out;
    std::map<std::int64_t, std::size_t> index;
    for (const auto& r : rows->rows) {
      out.push_back(AgencyFromRow(r));
      index[out.back().id] = out.size() - 1;
    }
    auto deps = tx.Query("SELECT id, agency_id, name FROM departments ORDER BY agency_id, id");
    if (!deps.ok()) return deps.status();
    for (const auto& r : deps->rows) {
      auto it = index.find(r.Int(1));
      if (it != index.end()) out[it->second].departments.push_back({r.Int(0), r.Int(1), r.Text(2)});
    }
    auto leaders =
        tx.Query("SELECT agency_id, name, title FROM agency_leaders ORDER BY agency_id, position");
    if (!leaders.ok()) return leaders.status();
    for (const auto& r : leaders->rows) {
      auto it = index.find(r.Int(0));
      if (it != index.end()) out[it->second].leaders.push_back({r.Text(1), r.Text(2)});
    }
    return out;
  }

  Result<std::int64_t> Count(Tx& tx) override {
    auto rows = tx.Query("SELECT COUNT(*) FROM agencies");
    if (!rows.ok()) return rows.status();
    return rows->rows.at(0).Int(0);
  }

 private:
  Result<domain::Agency> One(Tx& tx, const std::string& sql, std::vector<Param> params,
                             std::string not_found) {
    auto rows = tx.Query(sql, params);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound(std::move(not_found));
    domain::Agency a = AgencyFromRow(rows->rows.front());
    auto deps = tx.Query("SELECT id, agency_id, name FROM departments WHERE agency_id = $1 ORDER BY id",
                         {a.id});
    if (!deps.ok()) return deps.status();
    for (const auto& r : deps->rows) a.departments.push_back({r.Int(0), r.Int(1), r.Text(2)});
    auto leaders = tx.Query(
        "SELECT name, title FROM agency_leaders WHERE agency_id = $1 ORDER BY position", {a.id});
    if (!leaders.ok()) return leaders.status();
    for (const auto& r : leaders->rows) a.leaders.push_back({r.Text(0), r.Text(1)});
    return a;
  }
};

}  // namespace

std::unique_ptr<AgencyRepository> MakeAgencyRepository() {
  return std::make_unique<SqlAgencyRepository>();
}

}  // namespace sx::store
