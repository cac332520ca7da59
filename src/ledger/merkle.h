// Merkle tree hashing and proofs (包含证明, 一致性证明) of RFC 9162 §2.1 over a log's stored
// hashes.
//
// The layout and the algorithms follow Go's golang.org/x/mod/sumdb/tlog: every hash the tree
// will ever need is written once, when the leaf that completes it is appended, at a dense
// "stored hash index" (Crosby and Wallach, "Efficient Data Structures for Tamper-Evident Logging",
// §3.3). Storage is reached only through HashReader, so the same code serves an in-memory test
// store, the database and tiles fetched over HTTP.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx::ledger {

inline constexpr std::size_t kHashSize = 32;
using Hash = std::array<std::uint8_t, kHashSize>;
// An inclusion (RFC 9162 §2.1.3) or consistency (§2.1.4) proof: the hashes in RFC order.
using Proof = std::vector<Hash>;

// The largest tree this package handles: 2^62 leaves keep every stored-hash index and every count
// in int64. Sizes and indexes beyond it are refused with kInvalid.
inline constexpr std::int64_t kMaxTreeSize = std::int64_t{1} << 62;

// SHA-256(0x00 ‖ data): the hash of a leaf (an entry of the log).
Hash LeafHash(std::string_view data);
// SHA-256(0x01 ‖ left ‖ right): the hash of an interior node.
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256 of the empty string: the root of the tree with no leaves.
Hash EmptyRoot();

// Reads stored hashes (see StoredHashIndex). Implementations may be slow (a database, HTTP);
// callers batch their indexes into one call, sorted where the algorithm allows.
class HashReader {
 public:
  virtual ~HashReader() = default;
  // The hashes at `indexes`, in the same order: exactly one per index, or an error.
  virtual Result<std::vector<Hash>> ReadHashes(std::span<const std::int64_t> indexes) = 0;
};

// Where the hash of node `n` at `level` (level 0 = leaves; node n at level L covers leaves
// [n·2^L, (n+1)·2^L)) is stored. kInvalid when the node lies outside a tree of kMaxTreeSize.
Result<std::int64_t> StoredHashIndex(int level, std::int64_t n);

struct NodeId {
  int level = 0;
  std::int64_t n = 0;
  bool operator==(const NodeId&) const = default;
};
// The inverse of StoredHashIndex.
Result<NodeId> SplitStoredHashIndex(std::int64_t index);

// How many hashes a tree of `tree_size` leaves has stored (the next free stored-hash index).
Result<std::int64_t> StoredHashCount(std::int64_t tree_size);

// The hashes to store when appending leaf number `n` (0-based) with `data`: they go at
// StoredHashIndex(0, n), StoredHashIndex(0, n) + 1, ... — the leaf hash first, then the hash of
// every subtree the leaf completes. Reads at most log2(n) earlier hashes through `reader`.
Result<std::vector<Hash>> StoredHashes(std::int64_t n, std::string_view data, HashReader& reader);
// The same, given LeafHash(data) instead of the data.
Result<std::vector<Hash>> StoredHashesForLeafHash(std::int64_t n, const Hash& leaf_hash,
                                                  HashReader& reader);

// A log's stored hashes kept in memory, appended leaf by leaf: for verifiers that rebuild a tree
// from its entries, and for tests and benchmarks.
class MemoryHashLog final : public HashReader {
 public:
  Result<std::vector<Hash>> ReadHashes(std::span<const std::int64_t> indexes) override;
  // Appends leaf number size() with `data`; returns the hashes it stored (see StoredHashes), a
  // view into hashes() valid until the next Append.
  Result<std::span<const Hash>> Append(std::string_view data);
  std::int64_t size() const { return size_; }
  const std::vector<Hash>& hashes() const { return hashes_; }
  // Makes room for `leaves` leaves in all, so appending up to there never moves the hashes.
  void Reserve(std::int64_t leaves);

 private:
  std::vector<Hash> hashes_;
  std::int64_t size_ = 0;
};

// The root of the tree with the first `tree_size` leaves (EmptyRoot() for 0), from at most
// 1 + log2(tree_size) stored hashes read in one call.
Result<Hash> TreeHash(std::int64_t tree_size, HashReader& reader);

// The RFC 9162 inclusion proof of leaf `n` in the tree of size `t` (0 <= n < t).
Result<Proof> ProveRecord(std::int64_t t, std::int64_t n, HashReader& reader);
// The RFC 9162 consistency proof from the tree of size `n` to the tree of size `t`
// (0 <= n <= t; empty when n == 0 or n == t).
Result<Proof> ProveTree(std::int64_t t, std::int64_t n, HashReader& reader);

// Ok when `proof` proves that the tree of size `t` with root `th` has leaf hash `h` at index `n`;
// kInvalid otherwise (bad sizes or a proof that does not verify).
Status CheckRecord(std::span<const Hash> proof, std::int64_t t, const Hash& th, std::int64_t n,
                   const Hash& h);
// Ok when `proof` proves that the tree of size `n` with root `h` is a prefix of the tree of size
// `t` with root `th`. For n == 0 the proof must be empty and h == EmptyRoot(); for n == t the
// proof must be empty and h == th.
Status CheckTree(std::span<const Hash> proof, std::int64_t t, const Hash& th, std::int64_t n,
                 const Hash& h);

}  // namespace sx::ledger
