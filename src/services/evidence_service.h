// Evidence (证据): photos, audio and video of any size, uploaded in chunks that each fit one
// bounded request (tus-like: the client sends bytes at an offset and can ask where to resume),
// hashed as they arrive, sniffed with libmagic when complete, then moved into the
// content-addressed blob store and recorded — the row and the ledger leaf `evidence.added`
// (object "evidence:<id>", digest "file") in one transaction. Reads of the content are logged
// as the chain of custody (保管链).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/auth_service.h"
#include "services/ledger_service.h"
#include "store/blob_store.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

inline constexpr std::int64_t kMaxEvidenceBytes = std::int64_t{64} << 30;   // 64 GiB
inline constexpr std::int64_t kEvidenceChunkBytes = std::int64_t{8} << 20;  // one PATCH, 8 MiB
// Free space the blob store's file system keeps: an upload or a chunk that would leave less is
// refused up front (store::IsStorageFull), so the database and other writers still have room.
inline constexpr std::int64_t kStorageReserveBytes = std::int64_t{512} << 20;
// How far an upload runs ahead of its last durable checkpoint (part file fdatasync'd, offset
// committed to the database): at most this many bytes, or kUploadCheckpointMs milliseconds.
// A crash or restart resumes from the checkpoint; until then the offset lives in memory.
inline constexpr std::int64_t kUploadCheckpointBytes = std::int64_t{64} << 20;
inline constexpr std::int64_t kUploadCheckpointMs = 2000;

struct NewUpload {
  std::int64_t case_id = 0;
  std::string filename;
  std::int64_t size = 0;
  std::string declared_type;
  std::string description = {};
  std::string collected_at = {};  // when the recording was made, as the collector states it
  std::string place = {};
  std::string device_id = {};
  std::string step = {};  // the case stage or action the evidence belongs to
};

struct UploadRow {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t agency_id = 0;
  std::string filename;
  std::int64_t size = 0;
  std::int64_t received = 0;
  std::string declared_type;
  std::string meta;    // JSON
  std::string status;  // open, done, discarded
  std::int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

struct EvidenceRow {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t agency_id = 0;
  std::int64_t upload_id = 0;
  std::string filename;
  std::string media_type;  // sniffed from the bytes
  std::int64_t size = 0;
  std::string digest;  // "sha256:<hex>"
  std::string step;
  std::string description;
  std::string collected_at;
  std::string place;
  std::string device_id;
  std::int64_t collected_by = 0;
  std::string created_at;
  std::string media = {};   // JSON of media::ToJson (or {"error": …}); empty for other files
  std::string poster = {};  // blob digest of the PNG poster frame, empty when none
};

struct CustodyRow {
  std::int64_t user_id = 0;
  std::string user_name;
  std::string action;  // view, download, export
  std::string at;
  std::string remote;
};

// What one chunk did: the upload's new offset, and the evidence when it completed the file.
struct ChunkResult {
  std::int64_t offset = 0;
  std::optional<EvidenceRow> evidence;
};

// A file name as sent by a client, made safe to store and show: directories stripped; kInvalid
// (field "filename") for "..", control characters, bidirectional overrides, or over 200 chars.
Result<std::string> SanitizeFilename(std::string_view name);
// The declared types evidence may have.
bool AllowedEvidenceType(std::string_view mime);
// Whether a sniffed type is acceptable for a declared one: same top-level type and the same or
// an equivalent subtype (audio/wav ~ audio/x-wav, …).
bool SniffMatches(std::string_view declared, std::string_view sniffed);
// Executables and scripts, refused whatever was declared.
bool ExecutableType(std::string_view sniffed);
// The MIME type libmagic finds in `head` (the file's first bytes).
std::string SniffType(std::string_view head);

class EvidenceService {
 public:
  // `db`, `clock` and `blobs` must outlive the service; partial files go to <blobs>/uploads.
  EvidenceService(store::Database& db, const Clock& clock, store::BlobStore& blobs);
  ~EvidenceService();
  EvidenceService(const EvidenceService&) = delete;
  EvidenceService& operator=(const EvidenceService&) = delete;

  Result<UploadRow> CreateUpload(const NewUpload& in, const Principal& actor);
  // The upload; `received` is where it stands in this process (ahead of the database's
  // checkpoint between checkpoints).
  Result<UploadRow> Upload(std::int64_t id);
  // Writes `bytes` at `offset` of an open upload. kConflict when `offset` is not where the upload
  // stands (the caller asks again); kInvalid past the declared size, or when the completed file
  // is refused (executable, or not of its declared type: the upload is discarded).
  // store::IsStorageFull when the disk is full (or the chunk would eat into the reserve): the
  // upload stays open at `offset`, its partial file cut back to it, nothing reaches the blob
  // store, and the client resumes from `offset` once space is freed.
  Result<ChunkResult> Append(std::int64_t id, std::int64_t offset, std::string_view bytes,
                             const Principal& actor);
  // Makes every open upload's progress durable (part file synced, offset committed); called on
  // shutdown, so a clean restart loses nothing. The first failure, after trying every upload.
  Status Checkpoint();
  // Abandons an open upload and removes its partial file.
  Status Discard(std::int64_t id);

  Result<std::vector<EvidenceRow>> List(std::int64_t case_id);
  Result<EvidenceRow> Get(std::int64_t id);
  Result<std::vector<CustodyRow>> Custody(std::int64_t id);
  // Reads [offset, offset+length) of the stored file with pread (never the whole file).
  Result<std::string> ReadSlice(const EvidenceRow& e, std::int64_t offset, std::int64_t length);
  // Where the stored file is, for streaming it; kNotFound when it is missing.
  Result<std::filesystem::path> ContentPath(const EvidenceRow& e);
  // The free space to keep (kStorageReserveBytes unless set; tests set it).
  void set_storage_reserve(std::int64_t bytes) { storage_reserve_ = bytes; }
  // Bytes and time between checkpoints (kUploadCheckpointBytes, kUploadCheckpointMs unless
  // set; 1 byte makes every chunk durable).
  void set_checkpoint(std::int64_t bytes, std::chrono::milliseconds interval) {
    checkpoint_bytes_ = bytes;
    checkpoint_ms_ = interval.count();
  }
  // Waits for the checkpoints being written in the background.
  void WaitForCheckpoints();
  // The PNG poster frame of a video or photo; kNotFound when there is none.
  Result<std::string> Poster(const EvidenceRow& e);
  Status RecordAccess(std::int64_t evidence_id, std::int64_t user_id, std::string_view action,
                      std::string_view remote);

  // The agency (and department) of the case an upload or evidence belongs to.
  Result<std::int64_t> UploadAgency(std::int64_t id, std::optional<std::int64_t>* department);
  Result<std::int64_t> EvidenceAgency(std::int64_t id, std::optional<std::int64_t>* department);

 private:
  struct Running;  // an open upload in this process: its offset, checkpoint and SHA-256 so far
  std::filesystem::path PartPath(std::int64_t id) const;
  Result<EvidenceRow> Complete(const UploadRow& u, Running* hash, const Principal& actor);
  // The upload as the database has it (received = the last checkpoint).
  Result<UploadRow> StoredUpload(std::int64_t id);
  // Moves the recorded offset from `from` to `to`; kConflict when it was not at `from`.
  Status CommitOffset(std::int64_t id, std::int64_t from, std::int64_t to);
  void Forget(std::int64_t id);
  // store::IsStorageFull when writing `bytes` more would leave less than the reserve free.
  Status CheckFreeSpace(std::int64_t bytes) const;

  store::Database& db_;
  const Clock& clock_;
  store::BlobStore& blobs_;
  std::mutex mu_;
  std::map<std::int64_t, std::shared_ptr<Running>> running_;  // guarded by mu_
  std::atomic<std::int64_t> storage_reserve_{kStorageReserveBytes};
  std::atomic<std::int64_t> checkpoint_bytes_{kUploadCheckpointBytes};
  std::atomic<std::int64_t> checkpoint_ms_{kUploadCheckpointMs};
};

RecordFields EvidenceRecordFields(const EvidenceRow& e);

}  // namespace sx::services
