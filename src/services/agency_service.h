// Use cases around agencies (执法主体): list and read (public), create and extend (admin).
#pragma once

#include <memory>
#include <vector>

#include "domain/agency.h"
#include "store/agency_repository.h"
#include "services/ledger_service.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

// An agency record (with departments and leaders) as its ledger leaves seal it (SealRecord), and
// the leaf itself, appended in `tx`.
RecordFields AgencyRecord(const domain::Agency& a);
Status RecordAgency(store::Tx& tx, std::string_view type, const domain::Agency& a,
                    std::int64_t actor_id, std::string_view now);

class AgencyService {
 public:
  // `db` and `clock` must outlive the service.
  AgencyService(store::Database& db, const Clock& clock)
      : db_(db), clock_(clock), repo_(store::MakeAgencyRepository()) {}

  Result<std::vector<domain::Agency>> List();
  Result<domain::Agency> Get(std::int64_t id);
  Result<domain::Agency> GetByCode(std::string_view code);
  // Each change appends its ledger leaf in the same transaction; `actor_id` is who made it.
  Result<domain::Agency> Create(const domain::NewAgency& a, std::int64_t actor_id = 0);
  Result<domain::Department> AddDepartment(std::int64_t agency_id, const std::string& name,
                                           std::int64_t actor_id = 0);

 private:
  store::Database& db_;
  const Clock& clock_;
  std::unique_ptr<store::AgencyRepository> repo_;
};

}  // namespace sx::services
