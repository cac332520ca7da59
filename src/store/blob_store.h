// The content-addressed blob store (DESIGN.md "Storage"): files named by the SHA-256 of their
// bytes, under <root>/sha256/ab/cd/<64 hex>. A file is written to <root>/tmp, hashed as it
// streams in (never held whole in memory), fsynced, renamed into place and its directory fsynced,
// so a stored blob is complete or absent. The database keeps metadata and the digest; the ledger
// keeps the digest, so a replaced or missing file is detectable (`ledger verify`).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "util/status.h"

namespace sx::store {

// The field of the kUnavailable status of a write that found the file system full (ENOSPC,
// EDQUOT, EFBIG) or would leave less free space than the configured reserve: callers answer 507
// Insufficient Storage, not 503.
inline constexpr std::string_view kStorageFull = "storage";
Status StorageFull(std::string message);
bool IsStorageFull(const Status& st);
// Whether `err` (an errno) means the file system or the file size limit is full.
bool IsStorageFullErrno(int err);

struct StoredBlob {
  std::string digest;  // "sha256:<64 hex>"
  std::int64_t size = 0;
};

class BlobStore;

// One file being written. Destroying it without Commit() removes the partial file.
class BlobWriter {
 public:
  ~BlobWriter();
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;

  Status Write(std::span<const char> bytes);
  // Fsyncs and moves the file to its name; an identical blob already stored is kept as it is.
  Result<StoredBlob> Commit();

 private:
  friend class BlobStore;
  struct State;
  explicit BlobWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

class BlobStore {
 public:
  // Creates <root>, <root>/tmp and <root>/sha256 when missing (mode 0700).
  static Result<std::unique_ptr<BlobStore>> Open(const std::filesystem::path& root);

  Result<std::unique_ptr<BlobWriter>> Create();
  Result<StoredBlob> Put(std::string_view bytes);
  // Moves `file` (on the same file system, already fsynced) into place as the blob `digest`,
  // which the caller computed from its bytes; an identical blob already stored is kept and
  // `file` removed. For uploads assembled elsewhere, so a large file is never copied.
  Status Adopt(const std::filesystem::path& file, std::string_view digest);

  // Where the blob `digest` lives (whether or not it exists); kInvalid for a malformed digest.
  Result<std::filesystem::path> PathOf(std::string_view digest) const;
  // Hands the blob's bytes to `fn` in pieces of at most 64 KiB; kNotFound when it is missing.
  Status Read(std::string_view digest,
              const std::function<Status(std::span<const char>)>& fn) const;
  // Reads the whole blob (for small files only; kInvalid above `max_bytes`).
  Result<std::string> Get(std::string_view digest, std::int64_t max_bytes) const;
  // Re-hashes the stored file: Ok when its bytes still have that digest; kNotFound when the file
  // is missing; kConflict when its content was replaced.
  Status Check(std::string_view digest) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace sx::store
