// Helpers shared by the files of src/ledger, not part of its interface. Callers check ranges
// first (every size <= kMaxTreeSize), so nothing here can overflow.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ledger/merkle.h"

namespace sx::ledger::internal {

// StoredHashIndex for a node known to lie inside a tree of kMaxTreeSize leaves.
std::int64_t StoredHashIndexUnchecked(int level, std::int64_t n);

// Appends the stored-hash indexes of the maximal complete subtrees covering leaves [lo, hi),
// left to right, whose hashes combine (right to left) into the hash of that range.
void SubTreeIndex(std::int64_t lo, std::int64_t hi, std::vector<std::int64_t>& need);

// The root of the complete subtree whose 2^k level-0 hashes are `hashes`.
Hash CompleteSubtreeHash(std::span<const Hash> hashes);

// A message fragment naming a size or index, e.g. for "树大小 12 超出范围".
std::string OutOfRange(const char* what, std::int64_t value);

// An error for a HashReader that broke its contract (returned the wrong number of hashes).
Status ReaderMismatch(std::size_t asked, std::size_t got);

}  // namespace sx::ledger::internal
