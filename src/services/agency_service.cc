#include "services/agency_service.h"

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

Result<domain::Agency> AgencyService::Create(const domain::NewAgency& a) {
  SX_RETURN_IF_ERROR(domain::ValidateNewAgency(a));
  std::optional<domain::Agency> out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto r = repo_->Insert(tx, a, FormatUtc(clock_.Now()));
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<domain::Department> AgencyService::AddDepartment(std::int64_t agency_id,
                                                        const std::string& name) {
  SX_RETURN_IF_ERROR(domain::ValidateDepartmentName(name));
  std::optional<domain::Department> out;
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto r = repo_->AddDepartment(tx, agency_id, name, FormatUtc(clock_.Now()));
    if (!r.ok()) return r.status();
    out = std::move(r).value();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

}  // namespace sx::services
