#include "domain/ledger_event.h"

#include <algorithm>
#include <array>

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
  static constexpr auto kHex = [] {
    std::array<bool, 256> t{};
    for (int c = '0'; c <= '9'; ++c) t[c] = true;
    for (int c = 'a'; c <= 'f'; ++c) t[c] = true;
    return t;
  }();
  if (!s.starts_with("sha256:") || s.size() != 7 + 64) return false;
  bool ok = true;
  for (std::size_t i = 7; i < s.size(); ++i) ok &= kHex[static_cast<unsigned char>(s[i])];
  return ok;
}

// Reads the canonical encoding left to right; every step either consumes what it expects or fails.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : rest_(text) {}

  bool Literal(std::string_view s) {
    if (!rest_.starts_with(s)) return false;
    rest_.remove_prefix(s.size());
    return true;
  }
  // Characters up to the next '"', which is consumed.
  bool StringBody(std::string_view& out) {
    const auto end = rest_.find('"');
    if (end == std::string_view::npos) return false;
    out = rest_.substr(0, end);
    rest_.remove_prefix(end + 1);
    return true;
  }
  // A non-negative integer without a sign or leading zeros, at most 18 digits.
  bool Number(std::int64_t& out) {
    std::size_t n = 0;
    while (n < rest_.size() && rest_[n] >= '0' && rest_[n] <= '9') ++n;
    if (n == 0 || n > 18 || (n > 1 && rest_[0] == '0')) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) out = out * 10 + (rest_[i] - '0');
    rest_.remove_prefix(n);
    return true;
  }
  bool AtEnd() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace

Result<LedgerEvent> DecodeLedgerEvent(std::string_view text) {
  const Status bad = Status::Invalid("不是规范编码的账本事件(第 1 版)");
  Scanner in(text);
  LedgerEvent e;
  std::string_view type, object, at;
  if (!in.Literal(R"({"v":1,"type":")") || !in.StringBody(type) || !IsName(type) ||
      !in.Literal(R"(,"agency":)") || !in.Number(e.agency_id) ||
      !in.Literal(R"(,"object":")") || !in.StringBody(object) || !IsName(object) ||
      !in.Literal(R"(,"actor":)") || !in.Number(e.actor_id) || !in.Literal(R"(,"at":")") ||
      !in.StringBody(at) || !IsTime(at) || !in.Literal(R"(,"digests":{)")) {
    return bad;
  }
  e.type = type;
  e.object = object;
  e.at = at;
  if (!in.Literal("}")) {
    do {
      std::string_view name, value;
      if (!in.Literal("\"") || !in.StringBody(name) || !IsName(name) || !in.Literal(":\"") ||
          !in.StringBody(value) || !IsDigest(value)) {
        return bad;
      }
      // Canonical order: names strictly increasing (sorted, no repeats).
      if (!e.digests.empty() && !(e.digests.back().first < name)) return bad;
      e.digests.emplace_back(std::string(name), std::string(value));
    } while (in.Literal(","));
    if (!in.Literal("}")) return bad;
  }
  if (!in.Literal("}") || !in.AtEnd()) return bad;
  return e;
}

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
