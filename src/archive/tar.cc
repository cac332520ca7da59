#include "archive/tar.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace sx::archive {

namespace fs = std::filesystem;

namespace {

struct WriterDeleter {
  void operator()(struct archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

}  // namespace

Status WriteTar(const fs::path& dir, const fs::path& tar_path, std::string_view root) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto st = it->symlink_status(ec);
    if (fs::is_directory(st)) continue;
    if (!fs::is_regular_file(st)) {
      return Status::Invalid(fmt::format("包内有非普通文件:{}", it->path().string()));
    }
    files.push_back(fs::relative(it->path(), dir, ec));
  }
  if (ec) return Status::Unavailable(fmt::format("无法读取目录 {}:{}", dir.string(), ec.message()));
  std::sort(files.begin(), files.end());

  std::unique_ptr<struct archive, WriterDeleter> w(archive_write_new());
  if (!w) return Status::Unavailable("无法创建 tar 写入器");
  archive_write_set_format_pax_restricted(w.get());  // ustar, pax headers only when needed
  auto failed = [&](std::string_view what) {
    const std::string why = archive_error_string(w.get()) ? archive_error_string(w.get()) : "";
    w.reset();
    std::error_code rm;
    fs::remove(tar_path, rm);
    return Status::Unavailable(fmt::format("写入 tar 文件失败({}):{}", what, why));
  };
  if (archive_write_open_filename(w.get(), tar_path.c_str()) != ARCHIVE_OK) {
    return failed("打开");
  }
  std::vector<char> buf(1 << 20);
  for (const auto& rel : files) {
    const fs::path src = dir / rel;
    const auto size = fs::file_size(src, ec);
    if (ec) return failed(rel.generic_string());
    std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
    const std::string name = fmt::format("{}/{}", root, rel.generic_string());
    // The bytes as they are (UTF-8): libarchive cannot convert from the C locale and warns, then
    // writes the pax path record unchanged, which tar and bsdtar read back as UTF-8.
    archive_entry_copy_pathname(e.get(), name.c_str());
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    if (archive_write_header(w.get(), e.get()) < ARCHIVE_WARN) return failed(name);
    std::ifstream in(src, std::ios::binary);
    std::uintmax_t left = size;
    while (left > 0 && in) {
      in.read(buf.data(), static_cast<std::streamsize>(std::min<std::uintmax_t>(buf.size(), left)));
      const auto got = in.gcount();
      if (got <= 0) break;
      if (archive_write_data(w.get(), buf.data(), static_cast<std::size_t>(got)) != got) {
        return failed(name);
      }
      left -= static_cast<std::uintmax_t>(got);
    }
    if (left != 0) return failed(fmt::format("{} 读取不完整", name));
  }
  if (archive_write_close(w.get()) != ARCHIVE_OK) return failed("关闭");
  return Status::Ok();
}

namespace {

struct ReaderDeleter {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

void Empty(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
}

}  // namespace

Result<fs::path> ExtractTar(const fs::path& tar_path, const fs::path& dir,
                            const ExtractLimits& limits) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_empty(dir, ec)) {
    return Status::Invalid(fmt::format("解包目录 {} 须为空目录", dir.string()));
  }
  std::unique_ptr<struct archive, ReaderDeleter> r(archive_read_new());
  archive_read_support_format_tar(r.get());
  archive_read_support_format_gnutar(r.get());
  if (archive_read_open_filename(r.get(), tar_path.c_str(), 1 << 20) != ARCHIVE_OK) {
    return Status::Invalid(
        fmt::format("无法打开 tar 文件 {}:{}", tar_path.string(), archive_error_string(r.get())));
  }
  auto refuse = [&](std::string message) {
    Empty(dir);
    return Status::Invalid(std::move(message));
  };
  std::int64_t entries = 0, bytes = 0;
  std::vector<char> buf(1 << 20);
  for (;;) {
    archive_entry* e = nullptr;
    const int rc = archive_read_next_header(r.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      return refuse(fmt::format("tar 文件损坏:{}", archive_error_string(r.get())));
    }
    const char* raw = archive_entry_pathname(e);
    const std::string name = raw ? raw : "";
    if (++entries > limits.max_entries) return refuse("tar 文件中的条目过多");
    // Only plain relative paths made of ordinary components.
    const fs::path rel = fs::path(name).lexically_normal();
    bool safe = !name.empty() && rel.is_relative() && !rel.empty();
    for (const auto& part : rel) safe = safe && part != ".." && part != ".";
    if (!safe) return refuse(fmt::format("tar 条目路径越界或无效:{}", name));
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFDIR) {
      fs::create_directories(dir / rel, ec);
      if (ec) return refuse(fmt::format("无法创建目录 {}", rel.string()));
      continue;
    }
    if (type != AE_IFREG) return refuse(fmt::format("tar 中含链接或特殊文件:{}", name));
    const fs::path out = dir / rel;
    if (fs::exists(fs::symlink_status(out, ec))) {
      return refuse(fmt::format("tar 中有重复条目:{}", name));
    }
    fs::create_directories(out.parent_path(), ec);
    std::ofstream f(out, std::ios::binary);
    if (!f) return refuse(fmt::format("无法写入 {}", rel.string()));
    for (;;) {
      const la_ssize_t n = archive_read_data(r.get(), buf.data(), buf.size());
      if (n < 0) return refuse(fmt::format("读取 {} 失败:{}", name, archive_error_string(r.get())));
      if (n == 0) break;
      bytes += n;
      if (bytes > limits.max_bytes) return refuse("tar 文件解包后过大");
      f.write(buf.data(), n);
      if (!f) return refuse(fmt::format("写入 {} 失败(磁盘已满?)", rel.string()));
    }
  }
  // The bag: the directory itself when bagit.txt is at the top, else its only subdirectory.
  if (fs::exists(dir / "bagit.txt")) return dir;
  std::vector<fs::path> top;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    top.push_back(it->path());
  }
  if (top.size() == 1 && fs::is_directory(top.front())) return top.front();
  return dir;
}

}  // namespace sx::archive
