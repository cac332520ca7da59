#include "services/agency_service.h"

#include <fmt/format.h>

#include "services/ledger_service.h"

namespace sx::services {

Result<std::vector<domain::Agency>> AgencyService::List() {
  std::vector<domain::Agency> out;
  Status st = db_.Read([&](store::Tx& tx) -> Status {
    auto r = repo_->List(tx);
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<domain::Agency> AgencyService::GetByCode(std::string_view code) {
  std::optional<domain::Agency> out;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto r = repo_->GetByCode(tx, code);
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<domain::Agency> AgencyService::Get(std::int64_t id) {
  std::optional<domain::Agency> out;
  Status st = db_.Read([&](store::Tx& tx) -> Status {
    auto r = repo_->Get(tx, id);
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

RecordFields AgencyRecord(const domain::Agency& a) {
  std::string departments, leaders;
  for (const auto& d : a.departments) departments += fmt::format("{}:{}\n", d.id, d.name);
  for (const auto& l : a.leaders) leaders += fmt::format("{}:{}\n", l.title, l.name);
  return {{"id", fmt::format("{}", a.id)},
          {"code", a.code},
          {"name", a.name},
          {"standing", std::string(domain::StandingName(a.standing))},
          {"legal_basis", a.legal_basis},
          {"kind", std::string(domain::AgencyKindCode(a.kind))},
          {"created_at", a.created_at},
          {"departments", departments},
          {"leaders", leaders}};
}

Status RecordAgency(store::Tx& tx, std::string_view type, const domain::Agency& a,
                    std::int64_t actor_id, std::string_view now) {
  return AppendRecord(
      tx, {std::string(type), a.id, fmt::format("agency:{}", a.id), actor_id, std::string(now)},
      AgencyRecord(a));
}

Result<domain::Agency> AgencyService::Create(const domain::NewAgency& a, std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::ValidateNewAgency(a));
  std::optional<domain::Agency> out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    const std::string now = FormatUtc(clock_.Now());
    auto r = repo_->Insert(tx, a, now);
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    return RecordAgency(tx, "agency.created", *out, actor_id, now);
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<domain::Department> AgencyService::AddDepartment(std::int64_t agency_id,
                                                        const std::string& name,
                                                        std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::ValidateDepartmentName(name));
  std::optional<domain::Department> out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    const std::string now = FormatUtc(clock_.Now());
    auto r = repo_->AddDepartment(tx, agency_id, name, now);
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    auto agency = repo_->Get(tx, agency_id);  // the whole record as it now stands
    if (!agency.ok()) return agency.status();
    return RecordAgency(tx, "agency.department_added", *agency, actor_id, now);
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

}  // namespace sx::services
