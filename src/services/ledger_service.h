// The record ledger as a service: appending leaves inside business transactions, the sequencer
// that integrates them into the RFC 9162 tree and signs a C2SP checkpoint, and the reads behind
// the tlog-tiles API and the proofs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "domain/ledger_event.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile.h"
#include "store/database.h"
#include "store/ledger_repository.h"
#include "util/clock.h"

namespace sx::services {

// Appends `e` to the ledger inside `tx`, the transaction of the change it records: committed
// together, or rolled back together.
Status AppendToLedger(store::Tx& tx, const domain::LedgerEvent& e);

// "sha256:<hex>" of `content`, for LedgerEvent::digests.
std::string ContentDigest(std::string_view content);

// A record as the ledger sees it: named fields ([a-z0-9_]{1,64}, unique) with their values as text.
using RecordFields = std::vector<std::pair<std::string, std::string>>;

// Seals `record` of `object` inside `tx` and returns the digest for the leaf's "record" entry:
// the SHA-256 of a seal that lists the SHA-256 of each field and a random salt (kept in
// ledger_seals, never served). The salt keeps the public digest from being confirmed by guessing
// the fields; the per-field digests let `ledger verify` name the field that changed.
Result<std::string> SealRecord(store::Tx& tx, std::string_view object, const RecordFields& record);

// Seals `record` of `e.object` and appends the leaf `e` with the seal's digest as "record" (next
// to any digests `e` already names, such as "file"), all inside `tx`.
Status AppendRecord(store::Tx& tx, domain::LedgerEvent e, const RecordFields& record);

// The same for the common case: event `type` on `object` of `agency` by `actor` at `at` (RFC 3339
// as stored), with only the sealed record as its digest.
Status AppendRecordOf(store::Tx& tx, std::int64_t agency, std::string object, std::string_view type,
                      std::int64_t actor, std::string_view at, const RecordFields& record);

// What differs between `record` and the seal text `seal` made for `object`: the names of changed,
// added and removed fields, in name order; empty when the record is as sealed. kInvalid when the
// seal is not one (malformed, or made for another object).
Result<std::vector<std::string>> ChangedFields(std::string_view seal, std::string_view object,
                                               const RecordFields& record);

struct LedgerOptions {
  std::string origin;     // the log's name: the checkpoint's first line and the key's name
  int batch_size = 4096;  // leaves per sequencer transaction
};

// Reads the ledger key file (the signer key, then the verifier key, one per line), or creates it
// (mode 0600) with a new Ed25519 key named `origin`. The secret never appears in logs or
// messages. kInvalid when the file's key does not match itself or is named otherwise.
Result<ledger::NoteKeyPair> LoadOrCreateLedgerKey(const std::string& path,
                                                  const std::string& origin, bool* created);

class LedgerService {
 public:
  // `db` and `clock` must outlive the service. kInvalid for a malformed key.
  static Result<std::unique_ptr<LedgerService>> Create(store::Database& db, const Clock& clock,
                                                       const ledger::NoteKeyPair& keys,
                                                       LedgerOptions options);

  // Integrates pending leaves (one batch) and, when the tree grew, stores a signed checkpoint.
  // Returns the tree size afterwards. Safe to call from several processes: on PostgreSQL an
  // advisory lock serialises sequencers.
  Result<std::int64_t> Integrate();

  // The latest signed checkpoint (a checkpoint of the empty tree before the first leaf).
  Result<std::string> CheckpointNote();
  // `name+keyid+base64` to verify checkpoints with.
  const std::string& VerifierKey() const { return verifier_key_; }
  const std::string& origin() const { return options_.origin; }

  // The bytes of a hash tile or entry bundle within the latest checkpoint's tree; kNotFound when
  // the tile lies beyond it (or is a partial tile where the full one exists, and vice versa).
  Result<std::string> TileData(const ledger::Tile& tile);

  struct Proof {
    std::int64_t tree_size = 0;
    ledger::Hash root{};
    ledger::Proof hashes;
  };
  // The leaves about `object` ("officer:7") that the latest checkpoint covers, oldest first.
  Result<std::vector<store::LeafRef>> History(std::string_view object);
  // Inclusion of leaf `index` in the latest checkpoint's tree.
  Result<Proof> Inclusion(std::int64_t index);
  // Consistency of the tree of size `old_size` with the latest checkpoint's tree.
  Result<Proof> Consistency(std::int64_t old_size);

 private:
  LedgerService(store::Database& db, const Clock& clock, ledger::Signer signer,
                std::string verifier_key, LedgerOptions options);
  Result<store::StoredCheckpoint> Latest(store::Tx& tx);

  store::Database& db_;
  const Clock& clock_;
  ledger::Signer signer_;
  std::string verifier_key_;
  LedgerOptions options_;
  std::unique_ptr<store::LedgerRepository> repo_;
};

}  // namespace sx::services
