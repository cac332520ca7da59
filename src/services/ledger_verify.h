// `sanxiang ledger verify`: re-derives the ledger from the database and checks it. Every leaf is
// re-hashed and the tree recomputed; every stored checkpoint must carry a valid signature by the
// published key and commit to exactly the recomputed tree; every record the ledger covers must
// match the seal behind the digest in its latest leaf, and no record may exist without one. What
// differs is named: which leaf, which object and field, which checkpoint.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/blob_store.h"
#include "store/database.h"

namespace sx::services {

struct LedgerFinding {
  std::int64_t leaf = -1;  // the leaf index concerned, or -1
  std::string object;      // "auth_event:12", "agency:1", "checkpoint:40", …
  std::string field;       // the record's field that changed ("legal_basis"), or empty
  std::string message;     // in Chinese, what differs
};

struct LedgerVerifyReport {
  std::int64_t leaves = 0;
  std::int64_t checkpoints = 0;
  std::int64_t records = 0;  // records re-derived and compared
  std::int64_t files = 0;    // files re-hashed in the blob store
  std::vector<LedgerFinding> findings;  // empty: everything verified
};

struct LedgerVerifyOptions {
  // Where the files the ledger names (digests "file") are kept; must outlive the call. Without
  // it, files are not checked and each is reported.
  const store::BlobStore* blobs = nullptr;
  // Told how many leaves have been re-hashed so far (may be empty).
  std::function<void(std::int64_t)> progress;
};

// `verifier_key` is the published `name+keyid+base64` key.
Result<LedgerVerifyReport> VerifyLedger(store::Database& db, const std::string& verifier_key,
                                        const LedgerVerifyOptions& options = {});

}  // namespace sx::services
