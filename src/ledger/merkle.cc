#include "ledger/merkle.h"

#include <openssl/evp.h>

#include <bit>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

#include "ledger/internal.h"

namespace sx::ledger {

namespace internal {

std::int64_t StoredHashIndexUnchecked(int level, std::int64_t n) {
  // Node (level, n) is stored right after the leaf (n+1)·2^level - 1 that completes it, and
  // leaf m is stored at m + m/2 + m/4 + ... (the hashes of all earlier nodes).
  const std::int64_t last_leaf = ((n + 1) << level) - 1;
  std::int64_t i = 0;
  for (std::int64_t m = last_leaf; m > 0; m >>= 1) i += m;
  return i + level;
}

void SubTreeIndex(std::int64_t lo, std::int64_t hi, std::vector<std::int64_t>& need) {
  while (lo < hi) {
    const auto k = static_cast<std::int64_t>(std::bit_floor(static_cast<std::uint64_t>(hi - lo)));
    const int level = std::countr_zero(static_cast<std::uint64_t>(k));
    need.push_back(StoredHashIndexUnchecked(level, lo >> level));
    lo += k;
  }
}

Hash CompleteSubtreeHash(std::span<const Hash> hashes) {
  if (hashes.size() == 1) return hashes[0];
  const std::size_t half = hashes.size() / 2;
  return NodeHash(CompleteSubtreeHash(hashes.first(half)),
                  CompleteSubtreeHash(hashes.subspan(half)));
}

std::string OutOfRange(const char* what, std::int64_t value) {
  return fmt::format("{} {} 超出范围", what, value);
}

Status ReaderMismatch(std::size_t asked, std::size_t got) {
  return Status::Internal(fmt::format("哈希读取器返回了 {} 个哈希,应为 {} 个", got, asked));
}

}  // namespace internal

namespace {

using internal::StoredHashIndexUnchecked;
using internal::SubTreeIndex;

// Largest power of two strictly below n (n >= 2): where RFC 9162 splits a range of n leaves.
std::int64_t SplitPoint(std::int64_t n) {
  return static_cast<std::int64_t>(std::bit_floor(static_cast<std::uint64_t>(n - 1)));
}

bool ValidSize(std::int64_t size) { return size >= 0 && size <= kMaxTreeSize; }

// Hashes read from storage, consumed in the order their indexes were planned.
class HashCursor {
 public:
  explicit HashCursor(std::span<const Hash> hashes) : hashes_(hashes) {}
  // The hash of leaves [lo, hi) from the stored hashes planned by SubTreeIndex(lo, hi).
  Hash SubTreeHash(std::int64_t lo, std::int64_t hi) {
    std::size_t count = 0;
    for (std::int64_t l = lo; l < hi; ++count) {
      l += static_cast<std::int64_t>(std::bit_floor(static_cast<std::uint64_t>(hi - l)));
    }
    const std::span<const Hash> mine = hashes_.subspan(pos_, count);
    pos_ += count;
    Hash h = mine[count - 1];
    for (std::size_t i = count - 1; i-- > 0;) h = NodeHash(mine[i], h);
    return h;
  }
  bool done() const { return pos_ == hashes_.size(); }

 private:
  std::span<const Hash> hashes_;
  std::size_t pos_ = 0;
};

Result<std::vector<Hash>> Read(HashReader& reader, const std::vector<std::int64_t>& indexes) {
  if (indexes.empty()) return std::vector<Hash>{};
  auto hashes = reader.ReadHashes(indexes);
  if (!hashes.ok()) return hashes.status();
  if (hashes->size() != indexes.size())
    return internal::ReaderMismatch(indexes.size(), hashes->size());
  return hashes;
}

// RFC 9162 §2.1.3.1 PATH(n, D[lo:hi]), planned and then built from the stored hashes.
void LeafProofIndex(std::int64_t lo, std::int64_t hi, std::int64_t n,
                    std::vector<std::int64_t>& need) {
  if (hi - lo == 1) return;
  const std::int64_t k = SplitPoint(hi - lo);
  if (n < lo + k) {
    LeafProofIndex(lo, lo + k, n, need);
    SubTreeIndex(lo + k, hi, need);
  } else {
    SubTreeIndex(lo, lo + k, need);
    LeafProofIndex(lo + k, hi, n, need);
  }
}

void LeafProof(std::int64_t lo, std::int64_t hi, std::int64_t n, HashCursor& c, Proof& out) {
  if (hi - lo == 1) return;  // the verifier knows the leaf hash
  const std::int64_t k = SplitPoint(hi - lo);
  Hash sibling;
  if (n < lo + k) {
    LeafProof(lo, lo + k, n, c, out);
    sibling = c.SubTreeHash(lo + k, hi);
  } else {
    sibling = c.SubTreeHash(lo, lo + k);
    LeafProof(lo + k, hi, n, c, out);
  }
  out.push_back(sibling);
}

// RFC 9162 §2.1.4.1 SUBPROOF(n, D[lo:hi], b), with b == (lo == 0).
void TreeProofIndex(std::int64_t lo, std::int64_t hi, std::int64_t n,
                    std::vector<std::int64_t>& need) {
  if (n == hi) {
    if (lo != 0) SubTreeIndex(lo, hi, need);
    return;
  }
  const std::int64_t k = SplitPoint(hi - lo);
  if (n <= lo + k) {
    TreeProofIndex(lo, lo + k, n, need);
    SubTreeIndex(lo + k, hi, need);
  } else {
    SubTreeIndex(lo, lo + k, need);
    TreeProofIndex(lo + k, hi, n, need);
  }
}

void TreeProof(std::int64_t lo, std::int64_t hi, std::int64_t n, HashCursor& c, Proof& out) {
  if (n == hi) {
    if (lo != 0)
      out.push_back(c.SubTreeHash(lo, hi));  // lo == 0: the old root, known to the verifier
    return;
  }
  const std::int64_t k = SplitPoint(hi - lo);
  Hash other;
  if (n <= lo + k) {
    TreeProof(lo, lo + k, n, c, out);
    other = c.SubTreeHash(lo + k, hi);
  } else {
    other = c.SubTreeHash(lo, lo + k);
    TreeProof(lo + k, hi, n, c, out);
  }
  out.push_back(other);
}

// Runs an inclusion proof for leaf n in D[lo:hi]: the implied root of that range, or nothing when
// the proof has the wrong length.
std::optional<Hash> RunRecordProof(std::span<const Hash> p, std::int64_t lo, std::int64_t hi,
                                   std::int64_t n, const Hash& leaf) {
  if (hi - lo == 1) {
    if (!p.empty()) return std::nullopt;
    return leaf;
  }
  if (p.empty()) return std::nullopt;
  const std::int64_t k = SplitPoint(hi - lo);
  const Hash& last = p.back();
  p = p.first(p.size() - 1);
  if (n < lo + k) {
    auto h = RunRecordProof(p, lo, lo + k, n, leaf);
    if (!h) return std::nullopt;
    return NodeHash(*h, last);
  }
  auto h = RunRecordProof(p, lo + k, hi, n, leaf);
  if (!h) return std::nullopt;
  return NodeHash(last, *h);
}

struct OldAndNew {
  Hash old_hash;
  Hash new_hash;
};

// Runs a consistency proof over D[lo:hi] for the old size n: the implied hashes of the range in
// the old and the new tree.
std::optional<OldAndNew> RunTreeProof(std::span<const Hash> p, std::int64_t lo, std::int64_t hi,
                                      std::int64_t n, const Hash& old) {
  if (n == hi) {
    if (lo == 0) {
      if (!p.empty()) return std::nullopt;
      return OldAndNew{old, old};
    }
    if (p.size() != 1) return std::nullopt;
    return OldAndNew{p[0], p[0]};
  }
  if (p.empty()) return std::nullopt;
  const std::int64_t k = SplitPoint(hi - lo);
  const Hash& last = p.back();
  p = p.first(p.size() - 1);
  if (n <= lo + k) {
    auto r = RunTreeProof(p, lo, lo + k, n, old);
    if (!r) return std::nullopt;
    return OldAndNew{r->old_hash, NodeHash(r->new_hash, last)};
  }
  auto r = RunTreeProof(p, lo + k, hi, n, old);
  if (!r) return std::nullopt;
  return OldAndNew{NodeHash(last, r->old_hash), NodeHash(last, r->new_hash)};
}

// No proof in a tree of kMaxTreeSize leaves is longer than this; longer ones are refused before
// any hashing.
constexpr std::size_t kMaxProofLength = 2 * 62;

}  // namespace

namespace {

// OpenSSL's SHA-256 uses the CPU's SHA extensions where present (≈3× libsodium's on 65-byte
// inputs). One digest context per thread, fetched once: a one-shot SHA256() call re-fetches the
// algorithm every time and is no faster than libsodium.
class Sha256 {
 public:
  Sha256() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {
    if (!md_ || !ctx_) throw std::runtime_error("OpenSSL SHA-256 不可用");
  }
  ~Sha256() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Hash Digest(std::initializer_list<std::span<const unsigned char>> parts) {
    Hash h;
    unsigned int len = 0;
    bool ok = EVP_DigestInit_ex2(ctx_, md_, nullptr) == 1;
    for (auto part : parts) ok = ok && EVP_DigestUpdate(ctx_, part.data(), part.size()) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx_, h.data(), &len) == 1 && len == h.size();
    if (!ok) throw std::runtime_error("OpenSSL SHA-256 计算失败");
    return h;
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

Sha256& ThreadSha256() {
  thread_local Sha256 sha;
  return sha;
}

}  // namespace

Hash LeafHash(std::string_view data) {
  static constexpr unsigned char kPrefix[1] = {0x00};
  return ThreadSha256().Digest(
      {kPrefix, {reinterpret_cast<const unsigned char*>(data.data()), data.size()}});
}

Hash NodeHash(const Hash& left, const Hash& right) {
  unsigned char buf[1 + 2 * kHashSize];
  buf[0] = 0x01;
  std::memcpy(buf + 1, left.data(), kHashSize);
  std::memcpy(buf + 1 + kHashSize, right.data(), kHashSize);
  return ThreadSha256().Digest({buf});
}

Hash EmptyRoot() { return ThreadSha256().Digest({}); }

Result<std::int64_t> StoredHashIndex(int level, std::int64_t n) {
  if (level < 0 || level > 62 || n < 0 || n >= (kMaxTreeSize >> level)) {
    return Status::Invalid(fmt::format("树节点 (层 {}, 序号 {}) 超出范围", level, n));
  }
  return StoredHashIndexUnchecked(level, n);
}

Result<NodeId> SplitStoredHashIndex(std::int64_t index) {
  // StoredHashCount(kMaxTreeSize) == 2^63 - 1: every index below it names a node.
  if (index < 0 || index == INT64_MAX)
    return Status::Invalid(internal::OutOfRange("存储哈希序号", index));
  // Leaf n is stored at StoredHashIndex(0, n) in [n, 2n]; start at n = index/2 and walk forward.
  std::int64_t n = index / 2;
  std::int64_t index_n = StoredHashIndexUnchecked(0, n);
  for (;;) {
    // Leaf n adds 1 + trailing_zeros(n+1) hashes.
    const std::int64_t next = index_n + 1 + std::countr_zero(static_cast<std::uint64_t>(n + 1));
    if (next > index) break;
    ++n;
    index_n = next;
  }
  const int level = static_cast<int>(index - index_n);
  return NodeId{level, n >> level};
}

Result<std::int64_t> StoredHashCount(std::int64_t tree_size) {
  if (!ValidSize(tree_size)) return Status::Invalid(internal::OutOfRange("树大小", tree_size));
  if (tree_size == 0) return std::int64_t{0};
  // The hashes up to the last leaf, then those of the subtrees that leaf completes.
  return StoredHashIndexUnchecked(0, tree_size - 1) + 1 +
         std::countr_one(static_cast<std::uint64_t>(tree_size - 1));
}

Result<std::vector<Hash>> MemoryHashLog::ReadHashes(std::span<const std::int64_t> indexes) {
  std::vector<Hash> out;
  out.reserve(indexes.size());
  for (std::int64_t i : indexes) {
    if (i < 0 || i >= static_cast<std::int64_t>(hashes_.size())) {
      return Status::NotFound(fmt::format("没有第 {} 个存储哈希", i));
    }
    out.push_back(hashes_[static_cast<std::size_t>(i)]);
  }
  return out;
}

void MemoryHashLog::Reserve(std::int64_t leaves) {
  if (leaves > 0 && leaves <= kMaxTreeSize) {
    hashes_.reserve(static_cast<std::size_t>(StoredHashIndexUnchecked(0, leaves)));
  }
}

Result<std::span<const Hash>> MemoryHashLog::Append(std::string_view data) {
  if (size_ >= kMaxTreeSize) return Status::Invalid(internal::OutOfRange("叶子序号", size_));
  // StoredHashes without the reader round trip: the left siblings are already in hashes_.
  const std::size_t first = hashes_.size();
  hashes_.push_back(LeafHash(data));
  const int m = std::countr_one(static_cast<std::uint64_t>(size_));
  for (int i = 0; i < m; ++i) {
    const auto sibling = static_cast<std::size_t>(StoredHashIndexUnchecked(i, (size_ >> i) - 1));
    hashes_.push_back(NodeHash(hashes_[sibling], hashes_.back()));
  }
  ++size_;
  return std::span<const Hash>(hashes_).subspan(first);
}

Result<std::vector<Hash>> StoredHashes(std::int64_t n, std::string_view data, HashReader& reader) {
  return StoredHashesForLeafHash(n, LeafHash(data), reader);
}

Result<std::vector<Hash>> StoredHashesForLeafHash(std::int64_t n, const Hash& leaf_hash,
                                                  HashReader& reader) {
  if (n < 0 || n >= kMaxTreeSize) return Status::Invalid(internal::OutOfRange("叶子序号", n));
  // Each trailing 1 bit of n completes a subtree, combining with the hash of its left sibling.
  const int m = std::countr_one(static_cast<std::uint64_t>(n));
  std::vector<std::int64_t> indexes(m);
  for (int i = 0; i < m; ++i) indexes[m - 1 - i] = StoredHashIndexUnchecked(i, (n >> i) - 1);
  auto old = Read(reader, indexes);
  if (!old.ok()) return old.status();
  std::vector<Hash> hashes;
  hashes.reserve(m + 1);
  hashes.push_back(leaf_hash);
  for (int i = 0; i < m; ++i) hashes.push_back(NodeHash((*old)[m - 1 - i], hashes.back()));
  return hashes;
}

Result<Hash> TreeHash(std::int64_t tree_size, HashReader& reader) {
  if (!ValidSize(tree_size)) return Status::Invalid(internal::OutOfRange("树大小", tree_size));
  if (tree_size == 0) return EmptyRoot();
  std::vector<std::int64_t> indexes;
  SubTreeIndex(0, tree_size, indexes);
  auto hashes = Read(reader, indexes);
  if (!hashes.ok()) return hashes.status();
  HashCursor c(*hashes);
  return c.SubTreeHash(0, tree_size);
}

Result<Proof> ProveRecord(std::int64_t t, std::int64_t n, HashReader& reader) {
  if (!ValidSize(t) || n < 0 || n >= t) {
    return Status::Invalid(fmt::format("无法证明:叶子 {} 不在大小为 {} 的树中", n, t));
  }
  std::vector<std::int64_t> indexes;
  LeafProofIndex(0, t, n, indexes);
  Proof proof;
  if (indexes.empty()) return proof;
  auto hashes = Read(reader, indexes);
  if (!hashes.ok()) return hashes.status();
  HashCursor c(*hashes);
  LeafProof(0, t, n, c, proof);
  return proof;
}

Result<Proof> ProveTree(std::int64_t t, std::int64_t n, HashReader& reader) {
  if (!ValidSize(t) || n < 0 || n > t) {
    return Status::Invalid(fmt::format("无法证明一致性:旧树大小 {} 与新树大小 {} 不合适", n, t));
  }
  Proof proof;
  if (n == 0 || n == t) return proof;
  std::vector<std::int64_t> indexes;
  TreeProofIndex(0, t, n, indexes);
  auto hashes = Read(reader, indexes);
  if (!hashes.ok()) return hashes.status();
  HashCursor c(*hashes);
  TreeProof(0, t, n, c, proof);
  return proof;
}

Status CheckRecord(std::span<const Hash> proof, std::int64_t t, const Hash& th, std::int64_t n,
                   const Hash& h) {
  if (!ValidSize(t) || n < 0 || n >= t) {
    return Status::Invalid(fmt::format("包含证明无效:叶子 {} 不在大小为 {} 的树中", n, t));
  }
  if (proof.size() <= kMaxProofLength) {
    if (auto root = RunRecordProof(proof, 0, t, n, h); root && *root == th) return Status::Ok();
  }
  return Status::Invalid(fmt::format("包含证明无效:不能证明叶子 {} 在大小为 {} 的树中", n, t));
}

Status CheckTree(std::span<const Hash> proof, std::int64_t t, const Hash& th, std::int64_t n,
                 const Hash& h) {
  if (!ValidSize(t) || n < 0 || n > t) {
    return Status::Invalid(fmt::format("一致性证明无效:旧树大小 {} 与新树大小 {} 不合适", n, t));
  }
  bool ok = false;
  if (n == 0) {
    ok = proof.empty() && h == EmptyRoot();
  } else if (n == t) {
    ok = proof.empty() && h == th;
  } else if (proof.size() <= kMaxProofLength) {
    auto r = RunTreeProof(proof, 0, t, n, h);
    ok = r && r->old_hash == h && r->new_hash == th;
  }
  if (ok) return Status::Ok();
  return Status::Invalid(
      fmt::format("一致性证明无效:大小为 {} 的树不是大小为 {} 的树的前缀", n, t));
}

}  // namespace sx::ledger
