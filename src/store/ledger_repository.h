// Storage of the record ledger: pending leaves (appended inside business transactions), the
// sequenced leaves, stored hashes and signed checkpoints. Append-only; every call runs inside the
// caller's transaction. Hashes cross this interface as 32 raw bytes.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/database.h"

namespace sx::store {

struct PendingLeaf {
  std::int64_t id = 0;
  std::string object;  // "officer:7": whose history the leaf belongs to
  std::string entry;
};

struct LeafRef {
  std::int64_t index = 0;
  std::string entry;
};

struct StoredCheckpoint {
  std::int64_t size = 0;
  std::string root;  // 32 bytes
  std::string note;  // the signed note
  std::string created_at;
};

class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;

  virtual Status AppendPending(Tx& tx, std::string_view object, std::string_view entry,
                               std::string_view now) = 0;
  // The oldest pending leaves, at most `limit`, in the order they were appended.
  virtual Result<std::vector<PendingLeaf>> Pending(Tx& tx, int limit) = 0;
  virtual Status DeletePending(Tx& tx, std::span<const std::int64_t> ids) = 0;

  // Number of sequenced leaves (the tree size).
  virtual Result<std::int64_t> Size(Tx& tx) = 0;
  virtual Status InsertLeaf(Tx& tx, std::int64_t index, std::string_view object,
                            std::string_view entry, std::string_view now) = 0;
  // The sequenced leaves about `object`, oldest first, at most `limit`.
  virtual Result<std::vector<LeafRef>> LeavesOf(Tx& tx, std::string_view object, int limit) = 0;
  // Leaves [from, from + count), in order; kInternal when one is missing.
  Result<std::vector<std::string>> Leaves(Tx& tx, std::int64_t from, std::int64_t count);
  // The leaves with index in [from, from + count) that are present, in index order: gaps and
  // strays are for the caller (the ledger verifier) to notice.
  virtual Result<std::vector<LeafRef>> LeafRange(Tx& tx, std::int64_t from, std::int64_t count) = 0;

  virtual Status InsertHashes(Tx& tx, std::int64_t first_index,
                              std::span<const std::string> hashes) = 0;
  // The hashes at `indexes`, in that order; kInternal when one is missing.
  virtual Result<std::vector<std::string>> Hashes(Tx& tx, std::span<const std::int64_t> indexes) = 0;
  struct NumberedHash {
    std::int64_t id = 0;
    bool valid = false;  // false when the stored text is not 64 lower-case hex digits
    std::array<std::uint8_t, 32> hash{};
  };
  // The stored hashes with id in [first, first + count) that are present, in id order, in one read.
  virtual Result<std::vector<NumberedHash>> HashRange(Tx& tx, std::int64_t first,
                                                      std::int64_t count) = 0;

  // The seal of a record digest (see migration 0006_ledger_seals).
  virtual Status InsertSeal(Tx& tx, std::string_view digest, std::string_view object,
                            std::string_view seal) = 0;
  // The seal stored under `digest`; nullopt when there is none.
  virtual Result<std::optional<std::string>> Seal(Tx& tx, std::string_view digest) = 0;

  virtual Status InsertCheckpoint(Tx& tx, const StoredCheckpoint& c) = 0;
  virtual Result<std::optional<StoredCheckpoint>> LatestCheckpoint(Tx& tx) = 0;
  virtual Result<std::vector<StoredCheckpoint>> Checkpoints(Tx& tx) = 0;
};

std::unique_ptr<LedgerRepository> MakeLedgerRepository();

}  // namespace sx::store
