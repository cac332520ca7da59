// BagIt bags (RFC 8493), the package an archived case file (案卷) is exported in: a directory
// with `bagit.txt`, the payload under `data/`, payload manifests (SHA-256 and SHA-512),
// `bag-info.txt` and tag manifests. Any BagIt tool (bagit-python, bagit-java) can validate what
// WriteBag produces; VerifyBag checks any bag of version 0.97 or 1.0.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace sx::archive {

// Receives the bytes of a payload file, piece by piece.
using ByteSink = std::function<Status(std::span<const char>)>;

struct PayloadItem {
  // Where the file goes, relative to data/: UTF-8, '/'-separated, no "." or ".." component, not
  // absolute, no NUL.
  std::string path;
  // Hands the file's bytes to the sink in pieces (never the whole file at once for large ones).
  std::function<Status(const ByteSink&)> read;
};

// A payload item that copies the file at `source`.
PayloadItem FileItem(std::string path, std::filesystem::path source);
// A payload item holding `bytes` (small generated files: metadata, checkpoint).
PayloadItem TextItem(std::string path, std::string bytes);

// bag-info.txt fields in order ("Source-Organization", "External-Identifier", "Bagging-Date", …).
// WriteBag adds Payload-Oxum and, when absent, Bag-Software-Agent.
using BagInfo = std::vector<std::pair<std::string, std::string>>;

struct WrittenBag {
  std::int64_t files = 0;
  std::int64_t octets = 0;
};

// Writes a bag into `dir`, which must not exist or be empty. kInvalid for a bad or repeated
// path; an I/O failure leaves a partial directory that VerifyBag refuses.
Result<WrittenBag> WriteBag(const std::filesystem::path& dir, const std::vector<PayloadItem>& items,
                            const BagInfo& info);

// "Ok" for a path a manifest may name: relative, '/'-separated, no empty, "." or ".." component,
// no backslash or NUL. The message says what is wrong otherwise.
Status CheckBagPath(std::string_view path);

// Manifest path encoding (RFC 8493 §2.1.3): '%' → %25, LF → %0A, CR → %0D.
std::string EncodeManifestPath(std::string_view path);
std::string DecodeManifestPath(std::string_view path);

struct BagFinding {
  std::string
      path;  // the file concerned ("data/documents/01-filing_approval.pdf"), or the tag file
  std::string
      kind;  // "摘要不符", "文件缺失", "清单外的文件", "路径越界", "格式有误", "Payload-Oxum 不符"
  std::string message;  // in Chinese, what is wrong
};

struct BagReport {
  std::vector<std::string> payload;  // the payload files the manifests list, verified or not
  BagInfo info;                      // bag-info.txt as read
  std::vector<BagFinding> findings;  // empty: the bag is valid
  bool ok() const { return findings.empty(); }
};

// Checks the bag at `dir` (never follows a path out of it).
BagReport VerifyBag(const std::filesystem::path& dir);

// SHA-256 of a file as lower-case hex, streamed; kNotFound when it cannot be read.
Result<std::string> Sha256File(const std::filesystem::path& file);

}  // namespace sx::archive
