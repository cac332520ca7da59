// Repository of officers (执法人员库 / 法制审核人员库) and their training records. Every call runs
// inside the caller's transaction (`Tx`).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "domain/officer.h"
#include "domain/people.h"
#include "store/database.h"

namespace sx::store {

class OfficerRepository {
 public:
  virtual ~OfficerRepository() = default;
  // kNotFound without the agency; kInvalid when the department is not the agency's;
  // kConflict, naming the number, when the certificate number is taken.
  virtual Result<domain::Officer> Insert(Tx& tx, std::int64_t agency_id,
                                         const domain::NewOfficer& o, std::string_view now) = 0;
  // Writes the mutable fields of `o` (certificate, title, area, reviewer data) by `o.id`.
  virtual Status Update(Tx& tx, const domain::Officer& o, std::string_view now) = 0;
  virtual Result<domain::Officer> Get(Tx& tx, std::int64_t id) = 0;
  // kNotFound, naming the number, when no officer holds it.
  virtual Result<domain::Officer> FindByCertNumber(Tx& tx, std::string_view number) = 0;
  // Ordered by id.
  virtual Result<std::vector<domain::Officer>> ListByAgency(Tx& tx, std::int64_t agency_id) = 0;
  virtual Result<std::vector<domain::Officer>> ListAll(Tx& tx) = 0;
  // Certificates recorded as 有效, in force on `today`, expiring within `days` (inclusive),
  // soonest first.
  virtual Result<std::vector<domain::Officer>> ListExpiring(Tx& tx, std::int64_t agency_id,
                                                            domain::Date today, int days) = 0;
  // Officers and legal reviewers of the agency whose certificate is not 注销.
  virtual Result<domain::ReviewerRatio> CountReviewers(Tx& tx, std::int64_t agency_id) = 0;

  // kNotFound without the officer.
  virtual Result<domain::Training> AddTraining(Tx& tx, std::int64_t officer_id,
                                               const domain::NewTraining& t,
                                               std::string_view now) = 0;
  // Ordered by date, then id.
  virtual Result<std::vector<domain::Training>> ListTrainings(Tx& tx, std::int64_t officer_id) = 0;

  // `i.id` is ignored; returns the import with its new id.
  virtual Result<domain::OfficerImport> InsertImport(Tx& tx, const domain::OfficerImport& i) = 0;
  // Every import, oldest first.
  virtual Result<std::vector<domain::OfficerImport>> ListImports(Tx& tx) = 0;
};

// The implementation over the SQL layer; the same code serves SQLite and PostgreSQL.
std::unique_ptr<OfficerRepository> MakeOfficerRepository();

}  // namespace sx::store
