#include "domain/ledger_event.h"

#include <algorithm>

#include <fmt/format.h>

namespace sx::domain {

namespace {

bool IsName(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' ||
           c == '-';
  });
}

bool IsTime(std::string_view s) {
  // 2026-01-05T00:00:00.000Z
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != kShape[i]) return false;
  }
  return true;
}

bool IsDigest(std::string_view s) {
  if (!s.starts_with("sha256:") || s.size() != 7 + 64) return false;
  return std::all_of(s.begin() + 7, s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

Result<std::string> EncodeLedgerEvent(const LedgerEvent& e) {
  if (!IsName(e.type)) return Status::Invalid(fmt::format("账本事件类型不合规:{}", e.type));
  if (!IsName(e.object)) return Status::Invalid(fmt::format("账本对象标识不合规:{}", e.object));
  if (!IsTime(e.at)) return Status::Invalid(fmt::format("账本事件时间不合规:{}", e.at));
  if (e.agency_id < 0 || e.actor_id < 0) return Status::Invalid("账本事件的机关或操作人编号为负");
  auto digests = e.digests;
  std::sort(digests.begin(), digests.end());
  std::string d;
  for (std::size_t i = 0; i < digests.size(); ++i) {
    const auto& [name, value] = digests[i];
    if (!IsName(name) || !IsDigest(value)) {
      return Status::Invalid(fmt::format("账本摘要不合规:{}", name));
    }
    if (i > 0 && digests[i - 1].first == name) {
      return Status::Invalid(fmt::format("账本摘要重复:{}", name));
    }
    d += fmt::format("{}\"{}\":\"{}\"", i == 0 ? "" : ",", name, value);
  }
  // Every string was checked above to need no JSON escaping.
  return fmt::format(
      R"({{"v":1,"type":"{}","agency":{},"object":"{}","actor":{},"at":"{}","digests":{{{}}}}})",
      e.type, e.agency_id, e.object, e.actor_id, e.at, d);
}

}  // namespace sx::domain
