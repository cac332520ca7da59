#include "store/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace sx::store {

namespace fs = std::filesystem;

Status StorageFull(std::string message) {
  return Status::Unavailable(std::move(message)).WithField(std::string(kStorageFull));
}

bool IsStorageFull(const Status& st) {
  return st.code() == Code::kUnavailable && st.field() == kStorageFull;
}

bool IsStorageFullErrno(int err) { return err == ENOSPC || err == EDQUOT || err == EFBIG; }

namespace {

Status Errno(std::string_view what, const fs::path& path) {
  if (IsStorageFullErrno(errno)) {
    return StorageFull(
        fmt::format("文件存储:{} {} 失败:{}", what, path.string(), std::strerror(errno)));
  }
  return Status::Internal(
      fmt::format("文件存储:{} {} 失败:{}", what, path.string(), std::strerror(errno)));
}

// SHA-256 over a stream of writes.
class Hasher {
 public:
  Hasher() : ctx_(EVP_MD_CTX_new()) {
    ok_ = ctx_ && EVP_DigestInit_ex2(ctx_, EVP_sha256(), nullptr) == 1;
  }
  ~Hasher() { EVP_MD_CTX_free(ctx_); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(std::span<const char> bytes) {
    ok_ = ok_ && EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) == 1;
  }
  // "sha256:<hex>"; empty when OpenSSL failed.
  std::string Finish() {
    std::array<unsigned char, 32> h{};
    unsigned int len = 0;
    ok_ = ok_ && EVP_DigestFinal_ex(ctx_, h.data(), &len) == 1 && len == h.size();
    if (!ok_) return "";
    std::string out = "sha256:";
    for (unsigned char b : h) out += fmt::format("{:02x}", b);
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
  bool ok_ = false;
};

bool IsDigest(std::string_view d) {
  if (!d.starts_with("sha256:") || d.size() != 7 + 64) return false;
  for (char c : d.substr(7)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status FsyncDir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("打开目录", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Errno("同步目录", dir);
}

constexpr std::size_t kBuffer = 1 << 16;

}  // namespace

struct BlobWriter::State {
  fs::path root;
  fs::path temp;
  int fd = -1;
  std::int64_t size = 0;
  Hasher hasher;
  bool done = false;
};

BlobWriter::BlobWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}

BlobWriter::~BlobWriter() {
  if (state_->fd >= 0) ::close(state_->fd);
  if (!state_->done) ::unlink(state_->temp.c_str());
}

Status BlobWriter::Write(std::span<const char> bytes) {
  if (state_->done || state_->fd < 0) return Status::Internal("文件存储:写入已结束的文件");
  state_->hasher.Update(bytes);
  while (!bytes.empty()) {
    const ssize_t n = ::write(state_->fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("写入", state_->temp);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
    state_->size += n;
  }
  return Status::Ok();
}

Result<StoredBlob> BlobWriter::Commit() {
  State& s = *state_;
  if (s.done || s.fd < 0) return Status::Internal("文件存储:文件已提交");
  std::string digest = s.hasher.Finish();
  if (digest.empty()) return Status::Internal("文件存储:SHA-256 计算失败");
  if (::fsync(s.fd) != 0) return Errno("同步", s.temp);
  ::close(s.fd);
  s.fd = -1;
  const std::string hex = digest.substr(7);
  const fs::path dir = s.root / "sha256" / hex.substr(0, 2) / hex.substr(2, 2);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return Status::Internal(fmt::format("文件存储:无法创建目录 {}:{}", dir.string(), ec.message()));
  const fs::path final_path = dir / hex;
  if (fs::exists(final_path, ec)) {
    // Same bytes already stored (a file's name is its digest): keep the existing one.
    ::unlink(s.temp.c_str());
  } else {
    if (::rename(s.temp.c_str(), final_path.c_str()) != 0) return Errno("重命名", s.temp);
    SX_RETURN_IF_ERROR(FsyncDir(dir));
  }
  s.done = true;
  return StoredBlob{std::move(digest), s.size};
}

Result<std::unique_ptr<BlobStore>> BlobStore::Open(const fs::path& root) {
  std::error_code ec;
  for (const fs::path& dir : {root, root / "tmp", root / "sha256"}) {
    fs::create_directories(dir, ec);
    if (ec) {
      return Status::Unavailable(
          fmt::format("无法创建文件存储目录 {}:{}", dir.string(), ec.message()));
    }
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  return std::unique_ptr<BlobStore>(new BlobStore(root));
}

Result<std::unique_ptr<BlobWriter>> BlobStore::Create() {
  auto state = std::make_unique<BlobWriter::State>();
  state->root = root_;
  std::string pattern = (root_ / "tmp" / "blob-XXXXXX").string();
  state->fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (state->fd < 0) return Errno("创建临时文件", root_ / "tmp");
  state->temp = pattern;
  return std::unique_ptr<BlobWriter>(new BlobWriter(std::move(state)));
}

Result<StoredBlob> BlobStore::Put(std::string_view bytes) {
  auto writer = Create();
  if (!writer.ok()) return writer.status();
  SX_RETURN_IF_ERROR((*writer)->Write(bytes));
  return (*writer)->Commit();
}

Status BlobStore::Adopt(const fs::path& file, std::string_view digest) {
  auto final_path = PathOf(digest);
  if (!final_path.ok()) return final_path.status();
  const fs::path dir = final_path->parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    std::string m = fmt::format("文件存储:无法创建目录 {}:{}", dir.string(), ec.message());
    return IsStorageFullErrno(ec.value()) ? StorageFull(std::move(m))
                                          : Status::Internal(std::move(m));
  }
  if (fs::exists(*final_path, ec)) {
    ::unlink(file.c_str());
    return Status::Ok();
  }
  if (::rename(file.c_str(), final_path->c_str()) != 0) return Errno("重命名", file);
  return FsyncDir(dir);
}

Result<fs::path> BlobStore::PathOf(std::string_view digest) const {
  if (!IsDigest(digest))
    return Status::Invalid(fmt::format("文件摘要格式有误:{}", digest.substr(0, 80)));
  const std::string hex(digest.substr(7));
  return root_ / "sha256" / hex.substr(0, 2) / hex.substr(2, 2) / hex;
}

Status BlobStore::Read(std::string_view digest,
                       const std::function<Status(std::span<const char>)>& fn) const {
  auto path = PathOf(digest);
  if (!path.ok()) return path.status();
  const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return Status::NotFound(fmt::format("文件 {} 不在文件存储中(被删除)", digest));
    return Errno("打开", *path);
  }
  std::array<char, kBuffer> buf;
  Status st;
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      st = Errno("读取", *path);
      break;
    }
    if (n == 0) break;
    st = fn(std::span<const char>(buf.data(), static_cast<std::size_t>(n)));
    if (!st.ok()) break;
  }
  ::close(fd);
  return st;
}

Result<std::string> BlobStore::Get(std::string_view digest, std::int64_t max_bytes) const {
  std::string out;
  SX_RETURN_IF_ERROR(Read(digest, [&](std::span<const char> bytes) {
    if (static_cast<std::int64_t>(out.size() + bytes.size()) > max_bytes) {
      return Status::Invalid(fmt::format("文件超过 {} 字节", max_bytes));
    }
    out.append(bytes.data(), bytes.size());
    return Status::Ok();
  }));
  return out;
}

Status BlobStore::Check(std::string_view digest) const {
  Hasher hasher;
  SX_RETURN_IF_ERROR(Read(digest, [&](std::span<const char> bytes) {
    hasher.Update(bytes);
    return Status::Ok();
  }));
  if (hasher.Finish() != digest) {
    return Status::Conflict(fmt::format("文件 {} 的内容与其摘要不符(被替换或改动)", digest));
  }
  return Status::Ok();
}

}  // namespace sx::store
