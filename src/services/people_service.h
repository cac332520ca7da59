// Use cases around the personnel database (执法人员库 / 法制审核人员库): officers and their
// certificates, training, the public list and certificate check, the agency dashboard, and the
// CSV import. "Today" is the Asia/Shanghai date of the injected clock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/officer.h"
#include "domain/people.h"
#include "store/agency_repository.h"
#include "store/blob_store.h"
#include "services/ledger_service.h"
#include "store/database.h"
#include "store/officer_repository.h"
#include "util/clock.h"

namespace sx::services {

struct Verification {  // the public answer to "is this certificate valid?"
  domain::Officer officer;
  domain::Validity validity = domain::Validity::kValid;
  domain::Date checked_on;
};

struct PeopleDashboard {
  domain::Date today;
  int warn_days = 60;
  std::vector<domain::Officer> expiring;  // valid, expiring within warn_days
  std::vector<domain::Officer> invalid;   // expired, suspended, revoked or not yet valid
  domain::ReviewerRatio ratio;            // against the 5% rule
};

struct ImportError {
  int row = 0;        // line in the file (the header is line 1)
  std::string field;  // column name, e.g. "执法证号"
  std::string message;
};

struct ImportReport {
  int imported = 0;
  std::vector<ImportError> errors;  // non-empty: nothing was imported
  std::int64_t import_id = 0;       // the import record, when something was imported
  std::string file_digest;          // the original file, kept in the blob store
};

inline constexpr std::size_t kMaxImportRows = 5000;
inline constexpr std::size_t kMaxImportBytes = 2 * 1024 * 1024;

// An officer record (with its certificate) and a training record as their ledger leaves seal them
// (SealRecord), and the leaves themselves, appended in `tx`.
RecordFields OfficerRecord(const domain::Officer& o);
RecordFields TrainingRecord(const domain::Training& t);
// A personnel import; its leaf also carries the file's digest ("file"), which `ledger verify`
// checks against the blob store.
RecordFields ImportRecord(const domain::OfficerImport& i);
Status RecordOfficer(store::Tx& tx, std::string_view type, const domain::Officer& o,
                     std::int64_t actor_id, std::string_view now);
Status RecordTraining(store::Tx& tx, const domain::Training& t, std::int64_t agency_id,
                      std::int64_t actor_id, std::string_view now);

class PeopleService {
 public:
  // `db`, `clock` and `blobs` (where imported files are kept) must outlive the service.
  PeopleService(store::Database& db, const Clock& clock, store::BlobStore& blobs)
      : db_(db),
        clock_(clock),
        blobs_(blobs),
        officers_(store::MakeOfficerRepository()),
        agencies_(store::MakeAgencyRepository()) {}

  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  // Every change appends its ledger leaf in the same transaction; `actor_id` is who made it.
  Result<domain::Officer> CreateOfficer(std::int64_t agency_id, const domain::NewOfficer& o,
                                        std::int64_t actor_id = 0);
  Result<domain::Officer> UpdateOfficer(std::int64_t id, const domain::OfficerChange& change,
                                        std::int64_t actor_id = 0);
  // kNotFound when there is no such officer.
  Result<domain::Officer> Get(std::int64_t id);
  Result<std::vector<domain::Training>> Trainings(std::int64_t officer_id);
  Result<domain::Training> AddTraining(std::int64_t officer_id, const domain::NewTraining& t,
                                       std::int64_t actor_id = 0);

  // Every officer, or the agency's (kNotFound without the agency).
  Result<std::vector<domain::Officer>> List(std::optional<std::int64_t> agency_id);
  // kInvalid for a malformed number, kNotFound when nobody holds it.
  Result<Verification> Verify(std::string_view cert_number);
  Result<PeopleDashboard> Dashboard(std::int64_t agency_id, int warn_days = 60);

  // Imports officers from a CSV file (see docs/openapi.yaml for the columns): all rows or none.
  // kInvalid for problems with the whole file (encoding, size, columns); a report with errors
  // when rows are wrong.
  Result<ImportReport> ImportCsv(std::int64_t agency_id, std::string_view bytes,
                                 std::int64_t actor_id = 0);

 private:
  store::Database& db_;
  const Clock& clock_;
  store::BlobStore& blobs_;
  std::unique_ptr<store::OfficerRepository> officers_;
  std::unique_ptr<store::AgencyRepository> agencies_;
};

}  // namespace sx::services
