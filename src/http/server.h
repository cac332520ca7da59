// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines. The only translation unit
// that includes Beast (it is slow to compile); everything else sees message.h and router.h.
//
// Per connection: header and body timeouts (a slow client cannot pin the server), header and
// per-route body limits (431/413), keep-alive, request ids, access log and metrics. Handlers
// marked blocking run on a worker pool, never on the I/O threads. Shutdown() stops accepting,
// lets in-flight requests finish and closes idle connections; after the grace period it closes
// the remaining connections (a handler already running on a worker is still waited for).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/metrics.h"
#include "http/router.h"
#include "util/status.h"

namespace sx::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  int io_threads = 2;
  int worker_threads = 4;
  std::size_t max_connections = 4096;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds header_timeout{15000};  // also the keep-alive idle time
  std::chrono::milliseconds body_timeout{60000};
  std::chrono::milliseconds write_timeout{60000};
  std::chrono::milliseconds shutdown_grace{10000};
  bool access_log = true;
};

class Server {
 public:
  // `router` and `metrics` must outlive the server.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; kUnavailable with a message when the address cannot be used.
  Status Listen();
  std::uint16_t port() const;
  // Stops gracefully on SIGINT and SIGTERM. Call before Run().
  void StopOnSignals();
  // Serves until Shutdown() (or a signal) and the drain are complete.
  void Run();
  // Thread-safe and idempotent.
  void Shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sx::http
