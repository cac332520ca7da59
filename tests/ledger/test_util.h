// Fakes and helpers shared by the ledger tests.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/merkle.h"

namespace sx::ledger::testing {

inline Hash HashFromHex(std::string_view hex) {
  if (hex.size() != 2 * kHashSize) throw std::invalid_argument("hash hex must have 64 digits");
  Hash h;
  for (std::size_t i = 0; i < kHashSize; ++i)
    h[i] = static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
  return h;
}

inline std::string BytesFromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline std::string Hex(const Hash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : h) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

// The stored hashes of a log, in memory, appended with StoredHashes.
class MemoryHashStore final : public HashReader {
 public:
  Result<std::vector<Hash>> ReadHashes(std::span<const std::int64_t> indexes) override {
    ++calls;
    std::vector<Hash> out;
    out.reserve(indexes.size());
    for (std::int64_t i : indexes) {
      if (i < 0 || i >= static_cast<std::int64_t>(hashes.size())) {
        return Status::NotFound("no such stored hash");
      }
      out.push_back(hashes[static_cast<std::size_t>(i)]);
    }
    return out;
  }

  // Appends a leaf; returns its leaf hash.
  Hash Append(std::string_view data) {
    auto add = StoredHashes(size, data, *this);
    if (!add.ok()) throw std::runtime_error(add.status().message());
    hashes.insert(hashes.end(), add->begin(), add->end());
    ++size;
    return add->front();
  }

  std::vector<Hash> hashes;
  std::int64_t size = 0;
  int calls = 0;
};

}  // namespace sx::ledger::testing
