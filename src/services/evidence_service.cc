#include "services/evidence_service.h"

#include <fcntl.h>
#include <magic.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <future>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "domain/recording.h"
#include "media/media.h"

namespace sx::services {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kAllowedTypes[] = {
    "image/jpeg", "image/png", "video/mp4", "video/webm",  "video/quicktime",
    "audio/mpeg", "audio/mp4", "audio/wav", "audio/x-wav", "application/pdf"};

Status Errno(std::string_view what, const fs::path& path) {
  if (store::IsStorageFullErrno(errno)) {
    return store::StorageFull(fmt::format("证据上传:{} {} 失败:存储空间不足({})", what,
                                          path.string(), std::strerror(errno)));
  }
  return Status::Internal(
      fmt::format("证据上传:{} {} 失败:{}", what, path.string(), std::strerror(errno)));
}

// Decodes one UTF-8 code point at `s[*i]`; -1 for a malformed sequence.
std::int32_t NextCodePoint(std::string_view s, std::size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) return -1;
  std::int32_t cp = len == 1 ? b : b & (0x7f >> len);
  for (int k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[*i + k]);
    if ((c & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (c & 0x3f);
  }
  *i += len;
  return cp;
}

std::string_view TopType(std::string_view mime) { return mime.substr(0, mime.find('/')); }

std::string Hex(const unsigned char* h, std::size_t n) {
  std::string out = "sha256:";
  for (std::size_t i = 0; i < n; ++i) out += fmt::format("{:02x}", h[i]);
  return out;
}

UploadRow UploadOf(const store::Row& r) {
  return {r.Int(0),  r.Int(1),  r.Int(2),  r.Text(3), r.Int(4),   r.Int(5),
          r.Text(6), r.Text(7), r.Text(8), r.Int(9),  r.Text(10), r.Text(11)};
}
constexpr std::string_view kUploadCols =
    "id, case_id, agency_id, filename, size, received, declared_type, meta, status, created_by,"
    " created_at, updated_at";

EvidenceRow EvidenceOf(const store::Row& r) {
  return {r.Int(0),   r.Int(1),  r.Int(2),   r.Int(3),   r.Text(4),  r.Text(5),
          r.Int(6),   r.Text(7), r.Text(8),  r.Text(9),  r.Text(10), r.Text(11),
          r.Text(12), r.Int(13), r.Text(14), r.Text(15), r.Text(16)};
}
constexpr std::string_view kEvidenceCols =
    "id, case_id, agency_id, upload_id, filename, media_type, size, digest, step, description,"
    " collected_at, place, device_id, collected_by, created_at, media, poster";

Result<UploadRow> GetUpload(store::Tx& tx, std::int64_t id) {
  auto rows = tx.Query(fmt::format("SELECT {} FROM uploads WHERE id = $1", kUploadCols), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound(fmt::format("上传任务 {} 不存在", id));
  return UploadOf(rows->rows.front());
}

std::string MetaString(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

// ---- checks ---------------------------------------------------------------------------------

Result<std::string> SanitizeFilename(std::string_view name) {
  const auto bad = [](std::string m) {
    return Status::Invalid(std::move(m)).WithField("filename");
  };
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    if (name.find("..") != std::string_view::npos) return bad("文件名不得包含“..”");
    name = name.substr(slash + 1);
  }
  if (name.empty() || name == "." || name == "..") return bad("请提供文件名");
  if (name.find("..") != std::string_view::npos) return bad("文件名不得包含“..”");
  std::size_t i = 0, chars = 0;
  while (i < name.size()) {
    const std::int32_t cp = NextCodePoint(name, &i);
    if (cp < 0) return bad("文件名须为 UTF-8 文本");
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return bad("文件名不得包含控制字符");
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
        cp == 0x200f || cp == 0x061c || cp == 0xfeff || (cp >= 0x200b && cp <= 0x200d)) {
      return bad("文件名不得包含方向控制或不可见字符");
    }
    ++chars;
  }
  if (chars > 200) return bad("文件名不得超过 200 个字符");
  return std::string(name);
}

bool AllowedEvidenceType(std::string_view mime) {
  for (auto t : kAllowedTypes) {
    if (t == mime) return true;
  }
  return false;
}

bool ExecutableType(std::string_view s) {
  static constexpr std::string_view kBad[] = {"application/x-executable",
                                              "application/x-sharedlib",
                                              "application/x-mach-binary",
                                              "application/x-dosexec",
                                              "application/x-pie-executable",
                                              "application/x-elf",
                                              "application/x-object",
                                              "application/x-coredump",
                                              "application/java-archive",
                                              "application/x-msdownload",
                                              "application/x-java-applet",
                                              "text/x-shellscript",
                                              "text/x-script.python",
                                              "text/x-perl",
                                              "text/x-python",
                                              "application/javascript",
                                              "text/javascript",
                                              "text/x-msdos-batch"};
  for (auto b : kBad) {
    if (s == b) return true;
  }
  return s.starts_with("text/x-script");
}

bool SniffMatches(std::string_view declared, std::string_view sniffed) {
  if (declared == sniffed) return true;
  if (TopType(declared) != TopType(sniffed) &&
      !(declared == "audio/mp4" && sniffed == "video/mp4")) {
    return false;
  }
  // Names libmagic uses for the same formats.
  static constexpr std::pair<std::string_view, std::string_view> kSame[] = {
      {"audio/wav", "audio/x-wav"},     {"audio/x-wav", "audio/wav"},
      {"audio/wav", "audio/vnd.wave"},  {"audio/x-wav", "audio/vnd.wave"},
      {"audio/mpeg", "audio/mp3"},      {"audio/mp4", "audio/x-m4a"},
      {"audio/mp4", "video/mp4"},       {"video/mp4", "video/x-m4v"},
      {"image/jpeg", "image/pjpeg"},    {"video/webm", "video/x-matroska"},
      {"video/quicktime", "video/mp4"}, {"video/mp4", "video/quicktime"}};
  for (const auto& [d, s] : kSame) {
    if (d == declared && s == sniffed) return true;
  }
  return false;
}

std::string SniffType(std::string_view head) {
  magic_t m = magic_open(MAGIC_MIME_TYPE);
  if (m == nullptr) return "application/octet-stream";
  std::string out = "application/octet-stream";
  if (magic_load(m, nullptr) == 0) {
    if (const char* t = magic_buffer(m, head.data(), head.size())) out = t;
  }
  magic_close(m);
  return out;
}

RecordFields EvidenceRecordFields(const EvidenceRow& e) {
  return {{"case_id", std::to_string(e.case_id)},
          {"filename", e.filename},
          {"media_type", e.media_type},
          {"size", std::to_string(e.size)},
          {"sha256", e.digest},
          {"step", e.step},
          {"description", e.description},
          {"collected_at", e.collected_at},
          {"place", e.place},
          {"device_id", e.device_id},
          {"collected_by", std::to_string(e.collected_by)}};
}

// ---- open uploads in this process ----------------------------------------------------------

// An open upload this process is writing: how far it has got (acknowledged to the client), its
// last durable checkpoint (the offset in the database), the checkpoint being written in the
// background, and the SHA-256 of its bytes so far (none when the upload was taken over at an
// offset past 0, e.g. after a restart: the file is rehashed at completion). Destroying it waits
// for the background checkpoint.
struct EvidenceService::Running {
  Running(std::int64_t at, std::int64_t durable_at)
      : ctx(at == 0 ? EVP_MD_CTX_new() : nullptr),
        offset(at),
        durable(durable_at),
        checkpointed(std::chrono::steady_clock::now()) {
    ok = ctx && EVP_DigestInit_ex2(ctx, EVP_sha256(), nullptr) == 1;
  }
  ~Running() { EVP_MD_CTX_free(ctx); }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;
  void Update(std::string_view b) { ok = ok && EVP_DigestUpdate(ctx, b.data(), b.size()) == 1; }
  std::string Finish() {
    std::array<unsigned char, 32> h{};
    unsigned int len = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, h.data(), &len) == 1 && len == h.size();
    return ok ? Hex(h.data(), h.size()) : std::string();
  }
  // Whether `received` (the database's offset) is a checkpoint of this upload as this process
  // holds it; otherwise another process (or a restart) moved it.
  bool Holds(std::int64_t received) const { return received >= durable && received <= offset; }
  EVP_MD_CTX* ctx;
  bool ok = false;                       // the hash covers [0, offset)
  std::int64_t offset = 0;               // written to the part file and acknowledged; mu_
  std::atomic<std::int64_t> durable{0};  // the database's offset (part file synced up to it)
  std::chrono::steady_clock::time_point checkpointed;  // when the last checkpoint began
  std::future<void> pending;  // the checkpoint being written (by the chunk's writer only)
  bool busy = false;          // a chunk is being written; mu_
};

EvidenceService::EvidenceService(store::Database& db, const Clock& clock, store::BlobStore& blobs)
    : db_(db), clock_(clock), blobs_(blobs) {
  std::error_code ec;
  fs::create_directories(blobs_.root() / "uploads", ec);
}

EvidenceService::~EvidenceService() = default;

fs::path EvidenceService::PartPath(std::int64_t id) const {
  return blobs_.root() / "uploads" / fmt::format("{}.part", id);
}

void EvidenceService::Forget(std::int64_t id) {
  std::shared_ptr<Running> gone;  // dropped after the lock: it may wait for its checkpoint
  std::lock_guard lock(mu_);
  if (auto it = running_.find(id); it != running_.end()) {
    gone = std::move(it->second);
    running_.erase(it);
  }
}

Status EvidenceService::CheckFreeSpace(std::int64_t bytes) const {
  struct statvfs fsinfo {};
  if (::statvfs(blobs_.root().c_str(), &fsinfo) != 0) return Status::Ok();  // the write will tell
  const auto free_bytes =
      static_cast<std::int64_t>(fsinfo.f_bavail) * static_cast<std::int64_t>(fsinfo.f_frsize);
  const std::int64_t reserve = storage_reserve_;
  if (free_bytes - bytes >= reserve) return Status::Ok();
  return store::StorageFull(
      fmt::format("证据上传:文件存储剩余 {} MiB,写入 {} MiB 后将低于保留的 {} MiB",
                  free_bytes >> 20, bytes >> 20, reserve >> 20));
}

// ---- uploads --------------------------------------------------------------------------------

Result<UploadRow> EvidenceService::CreateUpload(const NewUpload& in, const Principal& actor) {
  if (in.size <= 0) return Status::Invalid("不能上传空文件(0 字节)").WithField("size");
  if (in.size > kMaxEvidenceBytes) {
    return Status::Invalid("文件超过 64 GiB 的上限").WithField("size");
  }
  auto name = SanitizeFilename(in.filename);
  if (!name.ok()) return name.status();
  if (!AllowedEvidenceType(in.declared_type)) {
    return Status::Invalid(
               "declaredType 须为 image/jpeg、image/png、video/mp4、video/webm、video/quicktime、"
               "audio/mpeg、audio/mp4、audio/wav 或 application/pdf")
        .WithField("declaredType");
  }
  for (const auto& [field, value] :
       {std::pair{"description", &in.description}, std::pair{"place", &in.place},
        std::pair{"deviceId", &in.device_id}, std::pair{"step", &in.step},
        std::pair{"collectedAt", &in.collected_at}}) {
    if (value->size() > 2000)
      return Status::Invalid(fmt::format("{} 过长", field)).WithField(field);
  }
  if (!in.step.empty() && !domain::KnownEvidenceScene(in.step)) {
    return Status::Invalid(
               "step 须为 investigation、seize、decide_on_spot、hold_hearing、serve、"
               "execution 或 other")
        .WithField("step");
  }
  const std::string meta = json::serialize(json::object{{"description", in.description},
                                                        {"collectedAt", in.collected_at},
                                                        {"place", in.place},
                                                        {"deviceId", in.device_id},
                                                        {"step", in.step}});
  SX_RETURN_IF_ERROR(CheckFreeSpace(in.size));
  const std::string now = FormatUtc(clock_.Now());
  auto row = store::InTx<UploadRow>(db_, true, [&](store::Tx& tx) -> Result<UploadRow> {
    auto c = tx.Query("SELECT agency_id, stage, number FROM cases WHERE id = $1", {in.case_id});
    if (!c.ok()) return c.status();
    if (c->empty()) return Status::NotFound(fmt::format("案件 {} 不存在", in.case_id));
    // A closed file is read-only (档案法 第37条; RULES.md §2): nothing is added after 结案.
    const std::string stage = c->rows.front().Text(1);
    if (stage == "closed" || stage == "archived" || stage == "withdrawn" || stage == "not_filed") {
      return Status::Conflict(
          fmt::format("案件 {} 已办结,案卷只读,不能再添加证据", c->rows.front().Text(2)));
    }
    auto id = tx.Query(
        "INSERT INTO uploads (case_id, agency_id, filename, size, received, declared_type, meta,"
        " status, created_by, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, 0, $5, $6, 'open', $7, $8, $8) RETURNING id",
        {in.case_id, c->rows.front().Int(0), *name, in.size, in.declared_type, meta, actor.user_id,
         now});
    if (!id.ok()) return id.status();
    return GetUpload(tx, id->rows.front().Int(0));
  });
  if (!row.ok()) return row;
  const fs::path part = PartPath(row->id);
  const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("创建", part);
  ::close(fd);
  return row;
}

Result<UploadRow> EvidenceService::StoredUpload(std::int64_t id) {
  return store::InTx<UploadRow>(db_, false, [&](store::Tx& tx) { return GetUpload(tx, id); });
}

Result<UploadRow> EvidenceService::Upload(std::int64_t id) {
  auto u = StoredUpload(id);
  if (!u.ok() || u->status != "open") return u;
  std::lock_guard lock(mu_);
  if (auto it = running_.find(id); it != running_.end() && it->second->Holds(u->received)) {
    u->received = it->second->offset;  // ahead of the last checkpoint
  }
  return u;
}

Result<ChunkResult> EvidenceService::Append(std::int64_t id, std::int64_t offset,
                                            std::string_view bytes, const Principal& actor) {
  auto u = StoredUpload(id);
  if (!u.ok()) return u.status();
  if (u->status != "open") {
    return Status::Conflict(
        fmt::format("上传任务 {} 已{}", id, u->status == "done" ? "完成" : "放弃"));
  }
  // Where the upload stands: this process's offset when it holds the upload from the database's
  // checkpoint on, else the checkpoint (a restart, or another process moved it).
  std::shared_ptr<Running> run;
  std::shared_ptr<Running> stale;  // dropped after the lock: it may wait for its checkpoint
  {
    std::lock_guard lock(mu_);
    auto& slot = running_[id];
    if (slot && !slot->Holds(u->received) && !slot->busy) stale = std::move(slot);
    const std::int64_t at = slot ? slot->offset : u->received;
    if (slot && slot->busy) return Status::Conflict("该上传任务正在写入另一个数据块,请稍后重试");
    if (offset != at) {
      if (!slot) running_.erase(id);
      return Status::Conflict(fmt::format("Upload-Offset 应为 {}", at));
    }
    if (offset + static_cast<std::int64_t>(bytes.size()) > u->size) {
      if (!slot) running_.erase(id);
      return Status::Invalid(fmt::format("数据超过声明的文件大小 {} 字节", u->size))
          .WithField("Upload-Offset");
    }
    if (!slot) slot = std::make_shared<Running>(offset, u->received);
    slot->busy = true;
    run = slot;
  }
  // Ends the chunk: the upload stays with this process at `at`, or is dropped from memory (the
  // next chunk starts again from the database's checkpoint).
  const auto release = [&](std::optional<std::int64_t> at) {
    std::lock_guard lock(mu_);
    run->busy = false;
    if (at) {
      run->offset = *at;
    } else if (auto it = running_.find(id); it != running_.end() && it->second == run) {
      running_.erase(it);
    }
  };
  if (Status space = CheckFreeSpace(static_cast<std::int64_t>(bytes.size())); !space.ok()) {
    release(offset);
    return space;
  }
  const fs::path part = PartPath(id);
  const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    Status st = Errno("打开", part);
    release(offset);
    return st;
  }
  // The running hash takes the chunk on another core while it is copied into the page cache:
  // each costs a few ms per 8 MiB, and they were the longest steps of a chunk.
  std::thread hashing;
  if (run->ok) hashing = std::thread([&running = *run, bytes] { running.Update(bytes); });
  const auto stop_hashing = [&] {
    if (hashing.joinable()) hashing.join();
  };
  // A failed write drops the running hash, which took the chunk (the file is rehashed at
  // completion). A full disk (or file size limit) leaves the upload where it was: the part file
  // cut back to `offset`, freeing what the chunk took.
  const auto write_failed = [&](std::string_view what) {
    Status st = Errno(what, part);
    stop_hashing();
    run->ok = false;
    if (store::IsStorageFull(st)) (void)::ftruncate(fd, static_cast<off_t>(offset));
    ::close(fd);
    release(offset);
    return st;
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                               static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return write_failed("写入");
    done += static_cast<std::size_t>(n);
  }
  // Start writing the chunk to disk now, so a checkpoint's sync waits for the last few chunks
  // only instead of everything since the one before (the page cache would hold gigabytes).
  (void)::sync_file_range(fd, static_cast<off_t>(offset), static_cast<off_t>(bytes.size()),
                          SYNC_FILE_RANGE_WRITE);
  const std::int64_t end = offset + static_cast<std::int64_t>(bytes.size());
  // Bytes beyond `end` were left by a chunk past the checkpoint before a restart.
  if (::ftruncate(fd, static_cast<off_t>(end)) != 0) return write_failed("截断");
  // A checkpoint every kUploadCheckpointBytes (or kUploadCheckpointMs): the part file synced,
  // then the offset committed, in the background while the next chunks arrive (one at a time).
  // At the end, in the request: the file synced and the offset committed before the client
  // hears of it. Between checkpoints only this process knows the offset; a crash resumes from
  // the last checkpoint and cuts off what came after it.
  if (end == u->size) {
    if (run->pending.valid()) run->pending.wait();
    if (::fsync(fd) != 0) return write_failed("同步");
    ::close(fd);
    stop_hashing();
    if (Status st = CommitOffset(id, run->durable, end); !st.ok()) {
      run->ok = false;
      release(std::nullopt);
      return st;
    }
    run->durable = end;
  } else {
    ::close(fd);
    stop_hashing();
    const auto now_steady = std::chrono::steady_clock::now();
    const bool due =
        end - run->durable >= checkpoint_bytes_.load() ||
        now_steady - run->checkpointed >= std::chrono::milliseconds(checkpoint_ms_.load());
    const bool idle = !run->pending.valid() ||
                      run->pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    if (due && idle) {
      run->checkpointed = now_steady;
      run->pending = std::async(std::launch::async,
                                [this, id, from = run->durable.load(), end, r = run.get()] {
                                  // `r` lives until this returns (its destructor waits for
                                  // `pending`).
                                  const fs::path path = PartPath(id);
                                  const int sync_fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
                                  if (sync_fd < 0) return;
                                  const bool synced = ::fdatasync(sync_fd) == 0;
                                  ::close(sync_fd);
                                  // A failure leaves the checkpoint where it was; the next one (or
                                  // the end) tries again.
                                  if (synced && CommitOffset(id, from, end).ok()) r->durable = end;
                                });
    }
  }
  if (end < u->size) {
    release(end);
    return ChunkResult{end, std::nullopt};
  }
  u->received = end;
  release(std::nullopt);
  auto e = Complete(*u, run->ok ? run.get() : nullptr, actor);
  if (!e.ok() && store::IsStorageFull(e.status())) {
    // Not adopted into the blob store: take the last chunk back so the client can send it again
    // (the file is rehashed at completion).
    if (CommitOffset(id, end, offset).ok())
      (void)::truncate(part.c_str(), static_cast<off_t>(offset));
    return e.status();
  }
  if (!e.ok()) return e.status();
  return ChunkResult{end, std::move(*e)};
}

Status EvidenceService::CommitOffset(std::int64_t id, std::int64_t from, std::int64_t to) {
  const std::string now = FormatUtc(clock_.Now());
  return db_.Write([&](store::Tx& tx) -> Status {
    auto r = tx.Query(
        "UPDATE uploads SET received = $1, updated_at = $2"
        " WHERE id = $3 AND received = $4 AND status = 'open'",
        {to, now, id, from});
    if (!r.ok()) return r.status();
    if (r->affected == 0) return Status::Conflict("上传任务已被另一请求改动,请查询当前偏移量");
    return Status::Ok();
  });
}

void EvidenceService::WaitForCheckpoints() {
  std::vector<std::shared_ptr<Running>> open;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, run] : running_) {
      if (!run->busy) open.push_back(run);
    }
  }
  for (const auto& run : open) {
    if (run->pending.valid()) run->pending.wait();
  }
}

Status EvidenceService::Checkpoint() {
  Status first = Status::Ok();
  std::vector<std::pair<std::int64_t, std::shared_ptr<Running>>> open;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, run] : running_) {
      if (!run->busy) open.emplace_back(id, run);
    }
  }
  WaitForCheckpoints();
  for (const auto& [id, run] : open) {
    if (run->offset <= run->durable) continue;
    const fs::path part = PartPath(id);
    const int fd = ::open(part.c_str(), O_WRONLY | O_CLOEXEC);
    Status st = fd < 0 || ::fdatasync(fd) != 0 ? Errno("同步", part)
                                               : CommitOffset(id, run->durable, run->offset);
    if (fd >= 0) ::close(fd);
    if (st.ok()) {
      run->durable = run->offset;
    } else if (first.ok()) {
      first = st;
    }
  }
  return first;
}

Result<EvidenceRow> EvidenceService::Complete(const UploadRow& u, Running* hash,
                                              const Principal& actor) {
  const fs::path part = PartPath(u.id);
  const int fd = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("打开", part);
  std::string head(std::min<std::int64_t>(u.size, 64 * 1024), '\0');
  const ssize_t got = ::pread(fd, head.data(), head.size(), 0);
  head.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  std::string digest;
  if (hash) {  // the running hash of the whole file
    digest = hash->Finish();
  } else {  // the running hash was lost (restart, another server): one pass over the file
    Running again(0, 0);
    std::vector<char> buf(1 << 20);
    for (;;) {
      const ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      again.Update({buf.data(), static_cast<std::size_t>(n)});
    }
    digest = again.Finish();
  }
  ::close(fd);
  if (digest.empty()) return Status::Internal("证据上传:SHA-256 计算失败");
  const std::string sniffed = SniffType(head);
  std::string refused;
  if (ExecutableType(sniffed)) {
    refused = fmt::format("文件内容为可执行程序或脚本({}),不能作为证据上传", sniffed);
  } else if (!SniffMatches(u.declared_type, sniffed)) {
    refused = fmt::format("文件内容的实际类型为 {},与声明的类型 {} 不符", sniffed, u.declared_type);
  }
  if (!refused.empty()) {
    SX_RETURN_IF_ERROR(Discard(u.id));
    return Status::Invalid(refused + ";上传已作废").WithField("declaredType");
  }
  // What libavformat reads of a recording or photo, and a poster frame (bounded work: media.h).
  std::string media_json;
  std::string poster;
  const bool media = sniffed.starts_with("video/") || sniffed.starts_with("audio/") ||
                     sniffed.starts_with("image/");
  if (media) {
    auto info = media::Probe(part);
    media_json = info.ok() ? json::serialize(media::ToJson(*info))
                           : json::serialize(json::object{{"error", info.status().message()}});
    if (!sniffed.starts_with("audio/")) {
      if (auto png = media::PosterFrame(part, 320); png.ok()) {
        auto stored = blobs_.Put(*png);
        if (stored.ok()) poster = stored->digest;
      }
    }
  }
  SX_RETURN_IF_ERROR(blobs_.Adopt(part, digest));
  json::error_code ec;
  auto meta_value = json::parse(u.meta, ec);
  const json::object meta = !ec && meta_value.is_object() ? meta_value.as_object() : json::object{};
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<EvidenceRow>(db_, true, [&](store::Tx& tx) -> Result<EvidenceRow> {
    auto done = tx.Query(
        "UPDATE uploads SET status = 'done', updated_at = $1 WHERE id = $2 AND status = 'open'",
        {now, u.id});
    if (!done.ok()) return done.status();
    if (done->affected == 0) return Status::Conflict("上传任务已结束");
    EvidenceRow e{0,
                  u.case_id,
                  u.agency_id,
                  u.id,
                  u.filename,
                  sniffed,
                  u.size,
                  digest,
                  MetaString(meta, "step"),
                  MetaString(meta, "description"),
                  MetaString(meta, "collectedAt"),
                  MetaString(meta, "place"),
                  MetaString(meta, "deviceId"),
                  actor.user_id,
                  now,
                  media_json,
                  poster};
    auto id = tx.Query(
        "INSERT INTO evidence (case_id, agency_id, upload_id, filename, media_type, size, digest,"
        " step, description, collected_at, place, device_id, collected_by, created_at, media,"
        " poster)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        " RETURNING id",
        {e.case_id, e.agency_id, e.upload_id, e.filename, e.media_type, e.size, e.digest, e.step,
         e.description, e.collected_at, e.place, e.device_id, e.collected_by, e.created_at, e.media,
         e.poster});
    if (!id.ok()) return id.status();
    e.id = id->rows.front().Int(0);
    domain::LedgerEvent le{"evidence.added", e.agency_id, fmt::format("evidence:{}", e.id),
                           actor.user_id,    now,         {{"file", e.digest}}};
    SX_RETURN_IF_ERROR(AppendRecord(tx, std::move(le), EvidenceRecordFields(e)));
    return e;
  });
}

Status EvidenceService::Discard(std::int64_t id) {
  const std::string now = FormatUtc(clock_.Now());
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto u = GetUpload(tx, id);
    if (!u.ok()) return u.status();
    if (u->status == "done") return Status::Conflict("上传已完成并存为证据,不能放弃");
    auto r = tx.Query("UPDATE uploads SET status = 'discarded', updated_at = $1 WHERE id = $2",
                      {now, id});
    return r.ok() ? Status::Ok() : r.status();
  }));
  Forget(id);
  ::unlink(PartPath(id).c_str());
  return Status::Ok();
}

// ---- evidence -------------------------------------------------------------------------------

Result<std::vector<EvidenceRow>> EvidenceService::List(std::int64_t case_id) {
  return store::InTx<std::vector<EvidenceRow>>(
      db_, false, [&](store::Tx& tx) -> Result<std::vector<EvidenceRow>> {
        auto rows = tx.Query(
            fmt::format("SELECT {} FROM evidence WHERE case_id = $1 ORDER BY id", kEvidenceCols),
            {case_id});
        if (!rows.ok()) return rows.status();
        std::vector<EvidenceRow> out;
        for (const auto& r : rows->rows) out.push_back(EvidenceOf(r));
        return out;
      });
}

Result<EvidenceRow> EvidenceService::Get(std::int64_t id) {
  return store::InTx<EvidenceRow>(db_, false, [&](store::Tx& tx) -> Result<EvidenceRow> {
    auto rows = tx.Query(fmt::format("SELECT {} FROM evidence WHERE id = $1", kEvidenceCols), {id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound(fmt::format("证据 {} 不存在", id));
    return EvidenceOf(rows->rows.front());
  });
}

Result<std::string> EvidenceService::Poster(const EvidenceRow& e) {
  if (e.poster.empty()) return Status::NotFound("该证据没有封面帧(仅视频和照片有)");
  std::string png;
  SX_RETURN_IF_ERROR(blobs_.Read(e.poster, [&](std::span<const char> bytes) {
    png.append(bytes.data(), bytes.size());
    return Status::Ok();
  }));
  return png;
}

Result<std::vector<CustodyRow>> EvidenceService::Custody(std::int64_t id) {
  return store::InTx<std::vector<CustodyRow>>(
      db_, false, [&](store::Tx& tx) -> Result<std::vector<CustodyRow>> {
        auto rows = tx.Query(
            "SELECT a.user_id, COALESCE(u.display_name, ''), a.action, a.at, a.remote"
            " FROM evidence_access a LEFT JOIN users u ON u.id = a.user_id"
            " WHERE a.evidence_id = $1 ORDER BY a.id",
            {id});
        if (!rows.ok()) return rows.status();
        std::vector<CustodyRow> out;
        for (const auto& r : rows->rows) {
          out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
        }
        return out;
      });
}

Result<std::string> EvidenceService::ReadSlice(const EvidenceRow& e, std::int64_t offset,
                                               std::int64_t length) {
  auto path = blobs_.PathOf(e.digest);
  if (!path.ok()) return path.status();
  const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return Status::NotFound(fmt::format("证据文件 {} 不在文件存储中", e.digest));
    return Errno("打开", *path);
  }
  std::string out(static_cast<std::size_t>(length), '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done,
                              static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(done);
  return out;
}

Result<fs::path> EvidenceService::ContentPath(const EvidenceRow& e) {
  auto path = blobs_.PathOf(e.digest);
  if (!path.ok()) return path.status();
  std::error_code ec;
  if (!fs::exists(*path, ec)) {
    return Status::NotFound(fmt::format("证据文件 {} 不在文件存储中", e.digest));
  }
  return *path;
}

Status EvidenceService::RecordAccess(std::int64_t evidence_id, std::int64_t user_id,
                                     std::string_view action, std::string_view remote) {
  const std::string now = FormatUtc(clock_.Now());
  return db_.Write([&](store::Tx& tx) -> Status {
    auto r = tx.Query(
        "INSERT INTO evidence_access (evidence_id, user_id, action, at, remote)"
        " VALUES ($1, $2, $3, $4, $5)",
        {evidence_id, user_id, std::string(action), now, std::string(remote)});
    return r.ok() ? Status::Ok() : r.status();
  });
}

Result<std::int64_t> EvidenceService::UploadAgency(std::int64_t id,
                                                   std::optional<std::int64_t>* department) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query(
        "SELECT c.agency_id, c.department_id FROM uploads u JOIN cases c ON c.id = u.case_id"
        " WHERE u.id = $1",
        {id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("上传任务 {} 不存在", id));
    if (department && !r->rows.front().IsNull(1)) *department = r->rows.front().Int(1);
    return r->rows.front().Int(0);
  });
}

Result<std::int64_t> EvidenceService::EvidenceAgency(std::int64_t id,
                                                     std::optional<std::int64_t>* department) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query(
        "SELECT c.agency_id, c.department_id FROM evidence e JOIN cases c ON c.id = e.case_id"
        " WHERE e.id = $1",
        {id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("证据 {} 不存在", id));
    if (department && !r->rows.front().IsNull(1)) *department = r->rows.front().Int(1);
    return r->rows.front().Int(0);
  });
}

}  // namespace sx::services
