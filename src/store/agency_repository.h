// Repository of agencies (执法主体) and departments. Every call runs inside the caller's
// transaction (`Tx`), so a service can combine it with other writes atomically.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "domain/agency.h"
#include "store/database.h"

namespace sx::store {

class AgencyRepository {
 public:
  virtual ~AgencyRepository() = default;
  // Inserts the agency and its departments. kConflict when the code or name is taken.
  virtual Result<domain::Agency> Insert(Tx& tx, const domain::NewAgency& a,
                                        std::string_view now) = 0;
  // kConflict when the agency already has a department of that name; kNotFound without agency.
  virtual Result<domain::Department> AddDepartment(Tx& tx, std::int64_t agency_id,
                                                   std::string_view name,
                                                   std::string_view now) = 0;
  virtual Result<domain::Agency> Get(Tx& tx, std::int64_t id) = 0;
  virtual Result<domain::Agency> GetByCode(Tx& tx, std::string_view code) = 0;
  // All agencies with their departments, by id.
  virtual Result<std::vector<domain::Agency>> List(Tx& tx) = 0;
  virtual Result<std::int64_t> Count(Tx& tx) = 0;
};

// The implementation over the SQL layer; the same code serves SQLite and PostgreSQL.
std::unique_ptr<AgencyRepository> MakeAgencyRepository();

}  // namespace sx::store
