// The archived case file (电子案卷, 住建部令第55号 第40条; RULES.md §2): a closed case's issued
// documents in the standard order with a 卷内目录, exported as a BagIt bag (archive/bagit.h)
// together with metadata and the ledger inclusion proofs of every document against a signed
// checkpoint; and the 四性检测 (DA/T 70-2018) over any such bag.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "services/ledger_service.h"
#include "store/blob_store.h"
#include "store/database.h"
#include "util/clock.h"
#include "util/status.h"

namespace sx::services {

// The section of the case file (卷内顺序 ①–⑧) a document type belongs to, and its rank inside.
struct FileSection {
  int section = 8;  // 1..8
  int rank = 99;
};
FileSection SectionOf(std::string_view document_type);

struct ExportOptions {
  bool allow_open = false;  // export a case that is not yet closed (tests, previews)
};

struct ExportedBag {
  std::filesystem::path dir;
  std::string case_number;
  std::int64_t items = 0;  // documents in the 卷内目录
  std::int64_t octets = 0;
};

// Writes the bag of case `case_id` into `out_dir` (must not exist or be empty):
//   data/documents/NN-<type>.pdf   each issued document, in file order, numbered 01, 02, …
//   data/metadata.json            case, party, power item, timeline, 卷内目录 with each document's
//                                 文号, date, SHA-256, ledger leaf (index, entry) and inclusion
//                                 proof
//   data/checkpoint.txt           the signed checkpoint the proofs are against
// kConflict for a case that is not closed or archived (unless options.allow_open) or when a
// document is not yet covered by the ledger's latest checkpoint; kNotFound for an unknown case.
Result<ExportedBag> ExportCaseBag(store::Database& db, const store::BlobStore& blobs,
                                  LedgerService& ledger, const Clock& clock, std::int64_t case_id,
                                  const std::filesystem::path& out_dir,
                                  const ExportOptions& options = {});

struct CheckItem {
  std::string subject;  // the file or field concerned ("data/documents/03-penalty_decision.pdf")
  std::string message;  // in Chinese
};

struct CheckSection {
  std::string name;  // 真实性, 完整性, 可用性, 安全性
  std::vector<CheckItem> passed;
  std::vector<CheckItem> failed;
  std::vector<CheckItem> skipped;  // checks that could not run (no ClamAV), not failures
  bool ok() const { return failed.empty(); }
};

struct ArchiveReport {
  std::string case_number;
  std::int64_t items = 0;
  CheckSection authenticity;  // 真实性
  CheckSection integrity;     // 完整性
  CheckSection usability;     // 可用性
  CheckSection security;      // 安全性
  bool ok() const { return authenticity.ok() && integrity.ok() && usability.ok() && security.ok(); }
};

struct CheckOptions {
  // The ClamAV scanner to run; empty: look for `clamscan` on PATH, skipped when absent.
  std::string clamscan;
};

// The 四性检测 over the bag at `bag_path`. `verifier_key` is the ledger's published key
// (`name+keyid+base64`). Errors only for an unusable key; everything wrong with the bag is a
// failed item of the report.
Result<ArchiveReport> CheckArchive(const std::filesystem::path& bag_path,
                                   const std::string& verifier_key,
                                   const CheckOptions& options = {});

// The case file over HTTP: a fresh bag of a closed case, its 四性检测 report, and the bag as one
// tar file to download. Exports live under <blob dir>/exports and are removed after an hour.
class ArchiveService {
 public:
  // All arguments must outlive the service.
  ArchiveService(store::Database& db, const store::BlobStore& blobs, LedgerService& ledger,
                 const Clock& clock);

  // Exports the case's bag and runs the 四性检测 on it. `user_id` and `remote` go into the chain
  // of custody of each evidence file (action "export").
  Result<ArchiveReport> Check(std::int64_t case_id, std::int64_t user_id, std::string_view remote);

  struct Tar {
    std::filesystem::path path;  // the tar file (removed by a later call after an hour)
    std::string filename;        // for Content-Disposition: "<案件编号>.tar"
    std::int64_t size = 0;
  };
  Result<Tar> BagTar(std::int64_t case_id, std::int64_t user_id, std::string_view remote);

 private:
  Result<ExportedBag> Export(std::int64_t case_id, const std::filesystem::path& dir);
  Status RecordExport(std::int64_t case_id, std::int64_t user_id, std::string_view remote);
  void RemoveStale();

  store::Database& db_;
  const store::BlobStore& blobs_;
  LedgerService& ledger_;
  const Clock& clock_;
};

}  // namespace sx::services
