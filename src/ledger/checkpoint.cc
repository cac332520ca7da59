#include "ledger/checkpoint.h"

#include <cstring>

#include <fmt/format.h>

#include "ledger/base64.h"
#include "util/utf8.h"

namespace sx::ledger {

namespace {

// Non-empty UTF-8 without control characters (C0, DEL; a newline among them).
bool IsLine(std::string_view s) {
  if (s.empty() || !IsValidUtf8(s)) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

std::optional<std::int64_t> ParseSize(std::string_view s) {
  if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const int d = c - '0';
    if (v > (INT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

Status Bad(std::string_view why) { return Status::Invalid(fmt::format("检查点格式错误:{}", why)); }

}  // namespace

Result<std::string> FormatCheckpoint(const Checkpoint& c) {
  if (!IsLine(c.origin)) return Bad("来源名称不能为空,不能含控制字符,须为 UTF-8");
  if (c.size < 0) return Bad("树大小不能为负");
  std::string out =
      fmt::format("{}\n{}\n{}\n", c.origin, c.size,
                  EncodeBase64({reinterpret_cast<const char*>(c.root.data()), c.root.size()}));
  for (const std::string& e : c.extensions) {
    if (!IsLine(e)) return Bad("扩展行不能为空,不能含控制字符,须为 UTF-8");
    out += e;
    out += '\n';
  }
  return out;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n') return Bad("应以换行结尾");
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  if (lines.size() < 3) return Bad("至少应有来源、树大小、根哈希三行");
  Checkpoint c;
  if (!IsLine(lines[0])) return Bad("来源名称不能为空,不能含控制字符,须为 UTF-8");
  c.origin = std::string(lines[0]);
  const auto size = ParseSize(lines[1]);
  if (!size) return Bad("树大小应为不带前导零的十进制数");
  c.size = *size;
  const auto root = DecodeBase64(lines[2]);
  if (!root || root->size() != kHashSize) return Bad("根哈希应为 32 字节的标准 base64");
  std::memcpy(c.root.data(), root->data(), kHashSize);
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (!IsLine(lines[i])) return Bad("扩展行不能为空,不能含控制字符,须为 UTF-8");
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

}  // namespace sx::ledger
