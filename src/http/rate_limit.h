// Token buckets per client address, for the public routes that anyone may call: `burst`
// requests at once, refilled at `per_second`. In memory: a limit against one process's overload
// and against spam, not an account of record.
#pragma once

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sx::http {

class RateLimiter {
 public:
  RateLimiter(double burst, double per_second) : burst_(burst), rate_(per_second) {}

  // Seconds to wait before the next request is allowed; 0 when allowed now (and counted).
  int Take(const std::string& client) {
    if (rate_ <= 0) return 0;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mu_);
    if (buckets_.size() > 100'000) buckets_.clear();  // bounded memory under a spray of addresses
    auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!fresh) {
      const double elapsed = std::chrono::duration<double>(now - b.at).count();
      b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return std::max(1, static_cast<int>((1 - b.tokens) / rate_ + 0.999));
  }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  double burst_;
  double rate_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace sx::http
