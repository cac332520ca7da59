#include "http/metrics.h"

#include <fmt/format.h>

namespace sx::http {

void Metrics::Observe(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(method), std::string(route), status}];
  auto it = latency_.find(route);
  if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram{}).first;
  Histogram& h = it->second;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.counts[i];
      break;
    }
  }
  ++h.total;
  h.sum += seconds;
}

namespace {
// Label values are our own route patterns and methods, but escape anyway.
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

std::string Metrics::Render() const {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "# HELP sanxiang_http_requests_total HTTP requests by method, route and status.\n");
  fmt::format_to(it, "# TYPE sanxiang_http_requests_total counter\n");
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      fmt::format_to(it, "sanxiang_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
          Escape(method), Escape(route), status, n);
    }
    fmt::format_to(it, "# HELP sanxiang_http_request_duration_seconds Time from request read to response ready.\n");
    fmt::format_to(it, "# TYPE sanxiang_http_request_duration_seconds histogram\n");
    for (const auto& [route, h] : latency_) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h.counts[i];
        fmt::format_to(it, "sanxiang_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
            Escape(route), kBuckets[i], cumulative);
      }
      fmt::format_to(it, "sanxiang_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
          Escape(route), h.total);
      fmt::format_to(it, "sanxiang_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", Escape(route), h.sum);
      fmt::format_to(it, "sanxiang_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", Escape(route),
          h.total);
    }
  }
  fmt::format_to(it, "# HELP sanxiang_http_connections Open client connections.\n");
  fmt::format_to(it, "# TYPE sanxiang_http_connections gauge\n");
  fmt::format_to(it, "sanxiang_http_connections {}\n", connections_.load());
  fmt::format_to(it, "# HELP sanxiang_http_connections_rejected_total Connections refused over the limit.\n");
  fmt::format_to(it, "# TYPE sanxiang_http_connections_rejected_total counter\n");
  fmt::format_to(it, "sanxiang_http_connections_rejected_total {}\n", rejected_.load());
  if (pool_) {
    const store::PoolStats s = pool_();
    fmt::format_to(it, "# HELP sanxiang_db_pool_connections Database connections by state.\n");
    fmt::format_to(it, "# TYPE sanxiang_db_pool_connections gauge\n");
    fmt::format_to(it, "sanxiang_db_pool_connections{{state=\"open\"}} {}\n", s.size);
    fmt::format_to(it, "sanxiang_db_pool_connections{{state=\"in_use\"}} {}\n", s.in_use);
    fmt::format_to(it, "# HELP sanxiang_db_pool_waits_total Times a request waited for a free connection.\n");
    fmt::format_to(it, "# TYPE sanxiang_db_pool_waits_total counter\n");
    fmt::format_to(it, "sanxiang_db_pool_waits_total {}\n", s.waits);
  }
  return out;
}

}  // namespace sx::http
