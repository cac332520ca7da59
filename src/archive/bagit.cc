#include "archive/bagit.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

namespace sx::archive {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kAgent = "sanxiang 0.1.0";
constexpr std::size_t kChunk = 64 * 1024;

struct MdFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// SHA-256 and SHA-512 of one stream at once.
class Hashes {
 public:
  Hashes() : sha256_(EVP_MD_CTX_new()), sha512_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(sha256_.get(), EVP_sha256(), nullptr);
    EVP_DigestInit_ex(sha512_.get(), EVP_sha512(), nullptr);
  }
  void Update(std::span<const char> bytes) {
    EVP_DigestUpdate(sha256_.get(), bytes.data(), bytes.size());
    EVP_DigestUpdate(sha512_.get(), bytes.data(), bytes.size());
    size_ += static_cast<std::int64_t>(bytes.size());
  }
  // {sha256 hex, sha512 hex}
  std::pair<std::string, std::string> Finish() { return {Hex(sha256_.get()), Hex(sha512_.get())}; }
  std::int64_t size() const { return size_; }

 private:
  static std::string Hex(EVP_MD_CTX* c) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(c, md.data(), &n);
    std::string out;
    out.reserve(n * 2);
    for (unsigned int i = 0; i < n; ++i) out += fmt::format("{:02x}", md[i]);
    return out;
  }
  std::unique_ptr<EVP_MD_CTX, MdFree> sha256_;
  std::unique_ptr<EVP_MD_CTX, MdFree> sha512_;
  std::int64_t size_ = 0;
};

struct Digests {
  std::string sha256;
  std::string sha512;
  std::int64_t size = 0;
};

Status ReadFile(const fs::path& file, const ByteSink& sink) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("无法读取文件 {}", file.string()));
  std::vector<char> buf(kChunk);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n > 0) SX_RETURN_IF_ERROR(sink(std::span<const char>(buf.data(), n)));
  }
  if (in.bad()) return Status::Internal(fmt::format("读取文件 {} 出错", file.string()));
  return Status::Ok();
}

Result<Digests> HashFile(const fs::path& file) {
  Hashes h;
  SX_RETURN_IF_ERROR(ReadFile(file, [&h](std::span<const char> b) {
    h.Update(b);
    return Status::Ok();
  }));
  auto [a, b] = h.Finish();
  return Digests{std::move(a), std::move(b), h.size()};
}

Status WriteText(const fs::path& file, std::string_view text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Status::Internal(fmt::format("无法写入 {}", file.string()));
  return Status::Ok();
}

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Lines of a tag file; "\r\n" and "\n" both end a line.
Result<std::vector<std::string>> ReadLines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound("文件缺失");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

// Tag-file fields (RFC 8493 §2.2.2): "Label: value", continuation lines start with whitespace.
BagInfo ParseFields(const std::vector<std::string>& lines, std::vector<std::string>* bad) {
  BagInfo out;
  for (const auto& line : lines) {
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
      out.back().second += " " + Trim(line);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      if (bad) bad->push_back(line);
      continue;
    }
    out.emplace_back(Trim(std::string_view(line).substr(0, colon)),
                     Trim(std::string_view(line).substr(colon + 1)));
  }
  return out;
}

std::string Field(const BagInfo& info, std::string_view label) {
  for (const auto& [k, v] : info) {
    if (k == label) return v;
  }
  return "";
}

// Whether `p` (inside `root`) resolves to a place inside `root` (no symlink leads out).
bool Inside(const fs::path& root, const fs::path& p) {
  std::error_code ec;
  const fs::path r = fs::weakly_canonical(root, ec);
  if (ec) return false;
  const fs::path c = fs::weakly_canonical(p, ec);
  if (ec) return false;
  auto [ri, ci] = std::mismatch(r.begin(), r.end(), c.begin(), c.end());
  return ri == r.end();
}

}  // namespace

PayloadItem FileItem(std::string path, fs::path source) {
  return PayloadItem{std::move(path), [source = std::move(source)](const ByteSink& sink) {
                       return ReadFile(source, sink);
                     }};
}

PayloadItem TextItem(std::string path, std::string bytes) {
  return PayloadItem{std::move(path), [bytes = std::move(bytes)](const ByteSink& sink) {
                       return sink(std::span<const char>(bytes.data(), bytes.size()));
                     }};
}

Status CheckBagPath(std::string_view path) {
  if (path.empty()) return Status::Invalid("路径为空");
  if (path.front() == '/') return Status::Invalid("不得使用绝对路径");
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos)
    return Status::Invalid("路径含反斜杠或空字符");
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const auto part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..")
      return Status::Invalid("路径含空段、\".\" 或 \"..\"(试图越出包目录)");
    start = end + 1;
  }
  return Status::Ok();
}

std::string EncodeManifestPath(std::string_view path) {
  std::string out;
  for (char ch : path) {
    if (ch == '%')
      out += "%25";
    else if (ch == '\n')
      out += "%0A";
    else if (ch == '\r')
      out += "%0D";
    else
      out += ch;
  }
  return out;
}

std::string DecodeManifestPath(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      const auto code = path.substr(i + 1, 2);
      if (code == "25") {
        out += '%';
        i += 2;
        continue;
      }
      if (code == "0A" || code == "0a") {
        out += '\n';
        i += 2;
        continue;
      }
      if (code == "0D" || code == "0d") {
        out += '\r';
        i += 2;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

Result<std::string> Sha256File(const fs::path& file) {
  auto d = HashFile(file);
  if (!d.ok()) return d.status();
  return d->sha256;
}

Result<WrittenBag> WriteBag(const fs::path& dir, const std::vector<PayloadItem>& items,
                            const BagInfo& info) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    return Status::Conflict(fmt::format("目录 {} 已存在且不为空", dir.string()));
  std::set<std::string> seen;
  for (const auto& item : items) {
    SX_RETURN_IF_ERROR(CheckBagPath(item.path));
    if (!seen.insert(item.path).second)
      return Status::Invalid(fmt::format("包内文件 {} 重复", item.path));
  }
  fs::create_directories(dir / "data", ec);
  if (ec) return Status::Internal(fmt::format("无法创建目录 {}:{}", dir.string(), ec.message()));

  const std::string bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  SX_RETURN_IF_ERROR(WriteText(dir / "bagit.txt", bagit));

  std::string m256, m512;
  WrittenBag written;
  for (const auto& item : items) {
    const fs::path target = dir / "data" / fs::path(item.path);
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Status::Internal(fmt::format("无法创建目录:{}", ec.message()));
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Internal(fmt::format("无法写入 {}", target.string()));
    Hashes h;
    const Status copied = item.read([&](std::span<const char> bytes) -> Status {
      h.Update(bytes);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) return Status::Internal(fmt::format("写入 {} 出错(磁盘已满?)", target.string()));
      return Status::Ok();
    });
    SX_RETURN_IF_ERROR(copied);
    out.close();
    if (!out) return Status::Internal(fmt::format("写入 {} 出错(磁盘已满?)", target.string()));
    const std::string name = EncodeManifestPath("data/" + item.path);
    auto [a, b] = h.Finish();
    m256 += fmt::format("{}  {}\n", a, name);
    m512 += fmt::format("{}  {}\n", b, name);
    written.files += 1;
    written.octets += h.size();
  }
  SX_RETURN_IF_ERROR(WriteText(dir / "manifest-sha256.txt", m256));
  SX_RETURN_IF_ERROR(WriteText(dir / "manifest-sha512.txt", m512));

  std::string bag_info;
  bool agent = false;
  for (const auto& [k, v] : info) {
    if (k == "Payload-Oxum") continue;
    agent |= k == "Bag-Software-Agent";
    std::string value = v;
    std::replace(value.begin(), value.end(), '\n', ' ');
    std::replace(value.begin(), value.end(), '\r', ' ');
    bag_info += fmt::format("{}: {}\n", k, value);
  }
  if (!agent) bag_info += fmt::format("Bag-Software-Agent: {}\n", kAgent);
  bag_info += fmt::format("Payload-Oxum: {}.{}\n", written.octets, written.files);
  SX_RETURN_IF_ERROR(WriteText(dir / "bag-info.txt", bag_info));

  std::string t256, t512;
  for (const char* tag :
       {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt"}) {
    auto d = HashFile(dir / tag);
    if (!d.ok()) return d.status();
    t256 += fmt::format("{}  {}\n", d->sha256, tag);
    t512 += fmt::format("{}  {}\n", d->sha512, tag);
  }
  SX_RETURN_IF_ERROR(WriteText(dir / "tagmanifest-sha256.txt", t256));
  SX_RETURN_IF_ERROR(WriteText(dir / "tagmanifest-sha512.txt", t512));
  return written;
}

BagReport VerifyBag(const fs::path& dir) {
  BagReport report;
  auto add = [&report](std::string path, std::string kind, std::string message) {
    report.findings.push_back({std::move(path), std::move(kind), std::move(message)});
  };
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    add(dir.string(), "文件缺失", "不是目录,不是 BagIt 包");
    return report;
  }

  // bagit.txt
  auto decl = ReadLines(dir / "bagit.txt");
  if (!decl.ok()) {
    add("bagit.txt", "文件缺失", "缺少 bagit.txt,不是 BagIt 包");
  } else {
    std::vector<std::string> bad;
    auto fields = ParseFields(*decl, &bad);
    const std::string version = Field(fields, "BagIt-Version");
    if (version != "1.0" && version != "0.97")
      add("bagit.txt", "格式有误", fmt::format("BagIt-Version 应为 1.0,实为“{}”", version));
    if (Field(fields, "Tag-File-Character-Encoding") != "UTF-8")
      add("bagit.txt", "格式有误", "Tag-File-Character-Encoding 应为 UTF-8");
  }

  // bag-info.txt (optional in the RFC; read when present).
  if (auto lines = ReadLines(dir / "bag-info.txt"); lines.ok()) {
    std::vector<std::string> bad;
    report.info = ParseFields(*lines, &bad);
    for (const auto& b : bad) add("bag-info.txt", "格式有误", fmt::format("无法解析的行:{}", b));
  }

  // Files hashed once, both algorithms; keyed by the path inside the bag.
  std::map<std::string, Digests> cache;
  auto digest_of = [&](const std::string& rel) -> const Digests* {
    if (auto it = cache.find(rel); it != cache.end()) return &it->second;
    const fs::path full = dir / fs::path(rel);
    auto st = fs::symlink_status(full, ec);
    if (ec || !fs::is_regular_file(st) || !Inside(dir, full)) return nullptr;
    auto d = HashFile(full);
    if (!d.ok()) return nullptr;
    return &cache.emplace(rel, std::move(*d)).first->second;
  };

  // Manifests: payload (manifest-*) or tags (tagmanifest-*).
  auto check_manifest = [&](const std::string& name, bool payload, std::set<std::string>* listed) {
    const bool sha256 = name.ends_with("sha256.txt");
    const bool sha512 = name.ends_with("sha512.txt");
    if (!sha256 && !sha512) {
      add(name, "格式有误", "只支持 sha256 与 sha512 清单");
      return;
    }
    auto lines = ReadLines(dir / name);
    if (!lines.ok()) return;
    std::set<std::string> in_this;
    for (const auto& line : *lines) {
      if (Trim(line).empty()) continue;
      const auto sp = line.find_first_of(" \t");
      const auto start = sp == std::string::npos ? sp : line.find_first_not_of(" \t", sp);
      if (sp == std::string::npos || start == std::string::npos) {
        add(name, "格式有误", fmt::format("清单行格式有误:{}", line));
        continue;
      }
      std::string hex = line.substr(0, sp);
      std::transform(hex.begin(), hex.end(), hex.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const std::string path = DecodeManifestPath(line.substr(start));
      if (Status st = CheckBagPath(path); !st.ok()) {
        add(path, "路径越界", fmt::format("{} 列出的路径被拒绝:{}", name, st.message()));
        continue;
      }
      if (payload && !path.starts_with("data/")) {
        add(path, "格式有误", fmt::format("{} 列出的文件不在 data/ 下", name));
        continue;
      }
      if (!payload && path.starts_with("data/")) {
        add(path, "格式有误", fmt::format("{} 不应列出载荷文件", name));
        continue;
      }
      if (!in_this.insert(path).second) {
        add(path, "格式有误", fmt::format("{} 重复列出该文件", name));
        continue;
      }
      if (listed) listed->insert(path);
      const Digests* d = digest_of(path);
      if (d == nullptr) {
        add(path, "文件缺失", fmt::format("{} 列出的文件不存在或不是普通文件", name));
        continue;
      }
      if ((sha256 ? d->sha256 : d->sha512) != hex)
        add(path, "摘要不符",
            fmt::format("{} 摘要不符:文件内容已被改动或清单被篡改",
                        sha256 ? "SHA-256" : "SHA-512"));
    }
  };

  std::vector<std::string> manifests, tagmanifests;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("manifest-") && name.ends_with(".txt")) manifests.push_back(name);
    if (name.starts_with("tagmanifest-") && name.ends_with(".txt")) tagmanifests.push_back(name);
  }
  std::sort(manifests.begin(), manifests.end());
  std::sort(tagmanifests.begin(), tagmanifests.end());
  if (manifests.empty()) add("manifest-sha256.txt", "文件缺失", "缺少载荷清单(manifest-*.txt)");
  std::set<std::string> listed;
  for (const auto& m : manifests) check_manifest(m, true, &listed);
  {
    // Every payload file must be in every payload manifest (RFC 8493 §3).
    for (const auto& m : manifests) {
      auto lines = ReadLines(dir / m);
      if (!lines.ok()) continue;
      std::set<std::string> in_this;
      for (const auto& line : *lines) {
        const auto sp = line.find_first_of(" \t");
        if (sp == std::string::npos) continue;
        const auto start = line.find_first_not_of(" \t", sp);
        if (start == std::string::npos) continue;
        in_this.insert(DecodeManifestPath(line.substr(start)));
      }
      for (const auto& p : listed) {
        if (!in_this.contains(p)) add(p, "文件缺失", fmt::format("未列入 {}", m));
      }
    }
  }
  report.payload.assign(listed.begin(), listed.end());
  for (const auto& m : tagmanifests) check_manifest(m, false, nullptr);

  // Every file under data/ must be listed; count them for Payload-Oxum.
  std::int64_t octets = 0, files = 0;
  if (!fs::is_directory(dir / "data", ec)) {
    add("data/", "文件缺失", "缺少载荷目录 data/");
  } else {
    for (auto it = fs::recursive_directory_iterator(dir / "data", ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto st = it->symlink_status(ec);
      if (fs::is_directory(st)) continue;
      const std::string rel = fs::relative(it->path(), dir, ec).generic_string();
      if (!fs::is_regular_file(st)) {
        add(rel, "清单外的文件", "不是普通文件(符号链接或设备文件),不应出现在包中");
        continue;
      }
      files += 1;
      octets += static_cast<std::int64_t>(fs::file_size(it->path(), ec));
      if (!listed.contains(rel)) add(rel, "清单外的文件", "data/ 下的文件未列入任何载荷清单");
    }
  }
  if (const std::string oxum = Field(report.info, "Payload-Oxum"); !oxum.empty()) {
    const std::string actual = fmt::format("{}.{}", octets, files);
    if (oxum != actual)
      add("bag-info.txt", "Payload-Oxum 不符",
          fmt::format("Payload-Oxum 为 {},实际载荷为 {}(字节数.文件数)", oxum, actual));
  }
  return report;
}

}  // namespace sx::archive
