// Prometheus text exposition (version 0.0.4) of the server's own counters: requests by route,
// method and status, a latency histogram per route, open connections and the database pool.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "store/database.h"

namespace sx::http {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                                      5,      10};

  void Observe(std::string_view method, std::string_view route, int status, double seconds);
  void ConnectionOpened() { ++connections_; }
  void ConnectionClosed() { --connections_; }
  void ConnectionRejected() { ++rejected_; }
  // Where to read the database pool from at render time (optional).
  void SetPoolSource(std::function<store::PoolStats()> f) { pool_ = std::move(f); }

  std::string Render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t total = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram, std::less<>> latency_;
  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::int64_t> rejected_{0};
  std::function<store::PoolStats()> pool_;
};

}  // namespace sx::http
