#include "http/static_files.h"

#include <sodium.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/problem.h"

namespace sx::http {

namespace fs = std::filesystem;

namespace {

std::string ContentType(const fs::path& p) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::string Etag(const std::string& body) {
  unsigned char digest[crypto_generichash_BYTES_MIN];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return fmt::format("\"{}\"", hex);
}

bool EtagMatches(std::string_view header, std::string_view etag) {
  // If-None-Match: "a", W/"b", *
  if (header == "*") return true;
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto comma = header.find(',', pos);
    auto item = header.substr(pos, comma == header.npos ? header.npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == header.npos) break;
    pos = comma + 1;
  }
  return false;
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    spdlog::warn("前端目录 {} 不存在:门户页面不可用(请先运行 make build)", root.string());
    return;
  }
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    File f;
    f.body = ss.str();
    f.content_type = ContentType(it->path());
    f.etag = Etag(f.body);
    std::string url = fmt::format("/{}", fs::relative(it->path(), root).generic_string());
    f.immutable = url.starts_with("/assets/");  // Vite puts content hashes in these names
    files_.emplace(std::move(url), std::move(f));
  }
  spdlog::info("loaded {} web files from {}", files_.size(), root.string());
}

Response StaticFiles::Send(const Request& req, const File& f) const {
  Response r;
  r.content_type = f.content_type;
  r.SetHeader("ETag", f.etag);
  r.SetHeader("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (EtagMatches(req.Header("if-none-match"), f.etag)) {
    r.status = 304;
    return r;
  }
  r.body = f.body;
  return r;
}

Response StaticFiles::Serve(const Request& req) const {
  const std::string_view path = req.path;
  const bool api = path.starts_with("/api/") || path == "/api" || path.starts_with("/log/");
  if (!api) {
    if (auto it = files_.find(path == "/" ? std::string_view("/index.html") : path);
        it != files_.end()) {
      return Send(req, it->second);
    }
    // An app route such as /work/cases: hand it to the SPA. A missing asset stays a 404.
    const auto last = path.substr(path.rfind('/') + 1);
    if (last.find('.') == last.npos && !path.starts_with("/assets/")) {
      if (auto it = files_.find("/index.html"); it != files_.end()) return Send(req, it->second);
      Response r = Problem(503, "web-not-built", "门户页面尚未构建",
                           "服务器未找到前端文件:请运行 make build 后重启,或用 --web-root 指定 web/dist 目录",
                           &req);
      return r;
    }
  }
  return Problem(404, "not-found", "未找到", fmt::format("没有路径 {}", path), &req);
}

}  // namespace sx::http
