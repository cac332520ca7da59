#include "http/server.h"

#include <sodium.h>

#include <atomic>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_set>

#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/access_log.h"
#include "http/problem.h"
#include "util/utf8.h"

namespace sx::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::experimental::as_tuple(use_awaitable);

namespace {

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string Printable(std::string_view s) {
  if (IsValidUtf8(s) && !HasControlChars(s)) return std::string(s.substr(0, 2048));
  std::string out;
  for (char c : s.substr(0, 2048)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u >= 0x7F) ? '?' : c;
  }
  return out;
}

// Per-connection state that Shutdown() reaches from another thread. `executor` is fixed at
// creation; everything else is touched only on that strand.
struct SessionState {
  explicit SessionState(asio::any_io_executor ex) : executor(std::move(ex)) {}
  const asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;  // valid while `alive`
  bool alive = true;
  bool busy = false;  // between a complete request header and the end of its response
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Metrics& m)
      : options(std::move(o)),
        router(r),
        metrics(m),
        ioc(std::max(1, options.io_threads)),
        acceptor(ioc),
        signals(ioc),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))),
        grace_timer(ioc) {
    unsigned char seed[4];
    randombytes_buf(seed, sizeof seed);
    id_prefix = fmt::format("{:02x}{:02x}{:02x}{:02x}", seed[0], seed[1], seed[2], seed[3]);
  }

  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::thread_pool workers;
  asio::steady_timer grace_timer;
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> active{0};
  std::atomic<std::uint64_t> next_id{0};
  std::string id_prefix;
  std::mutex sessions_mu;
  std::unordered_set<std::shared_ptr<SessionState>> sessions;

  std::string NewRequestId() {
    return fmt::format("{}-{:x}", id_prefix, next_id.fetch_add(1, std::memory_order_relaxed));
  }

  awaitable<void> Accept();
  awaitable<void> Reject(tcp::socket socket);
  awaitable<void> Session(tcp::socket socket, std::shared_ptr<SessionState> state);
  awaitable<Response> Handle(const Router::Match& m, Request& req);
  void SessionEnded(const std::shared_ptr<SessionState>& state);
  void BeginShutdown();
};

namespace {

Response Invoke(const Route& route, const Request& req) {
  try {
    return route.handler(req);
  } catch (const std::exception& e) {
    spdlog::error("request {} handler {} threw: {}", req.request_id, route.pattern, e.what());
  } catch (...) {
    spdlog::error("request {} handler {} threw a non-exception", req.request_id, route.pattern);
  }
  return Problem(500, "internal", "服务器内部错误",
                 fmt::format("服务器内部错误,请联系系统管理员并提供请求编号 {}", req.request_id),
                 &req);
}

template <typename Stream>
awaitable<void> WriteResponse(Stream& stream, const Request& req, Response& res, unsigned version,
                              bool keep_alive, std::chrono::milliseconds timeout,
                              beast::error_code* ec_out) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::content_type, res.content_type);
  out.set("X-Request-Id", req.request_id);
  out.set("X-Content-Type-Options", "nosniff");
  for (auto& [k, v] : res.headers) out.insert(k, v);
  out.keep_alive(keep_alive);
  const bool no_body = req.method == "HEAD" || res.status == 304 || res.status == 204;
  if (no_body) {
    if (res.status != 304 && res.status != 204) out.content_length(res.body.size());
  } else {
    out.body() = std::move(res.body);
    out.prepare_payload();
  }
  stream.expires_after(timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, out, kTuple);
  *ec_out = ec;
}

}  // namespace

awaitable<Response> Server::Impl::Handle(const Router::Match& m, Request& req) {
  using Kind = Router::Match::Kind;
  if (m.kind == Kind::kNotFound) {
    co_return Problem(404, "not-found", "未找到",
                      fmt::format("没有路径 {};接口列表见 /api/v1/openapi.json", Printable(req.path)),
                      &req);
  }
  if (m.kind == Kind::kMethodNotAllowed) {
    Response r = Problem(405, "method-not-allowed", "不支持该请求方法",
                         fmt::format("{} 不支持 {} 方法,可用:{}", Printable(req.path),
                                     Printable(req.method), m.allow),
                         &req);
    r.SetHeader("Allow", m.allow);
    co_return r;
  }
  req.path_params = m.params;
  const Route& route = *m.route;
  if (!route.options.blocking) co_return Invoke(route, req);
  co_return co_await asio::co_spawn(
      workers, [&route, &req]() -> awaitable<Response> { co_return Invoke(route, req); },
      use_awaitable);
}

awaitable<void> Server::Impl::Session(tcp::socket socket, std::shared_ptr<SessionState> state) {
  beast::tcp_stream stream(std::move(socket));
  state->stream = &stream;
  beast::flat_buffer buffer;
  std::string remote;
  {
    beast::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }
  metrics.ConnectionOpened();

  for (;;) {
    if (draining) break;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // Beast's default (1 MiB) would refuse a declared length at the header; each route's own
    // limit is applied once the route is known (below).
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(options.header_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
    const auto start = std::chrono::steady_clock::now();
    Request req;
    req.remote = remote;
    req.request_id = NewRequestId();
    req.method = "-";
    beast::error_code wec;
    if (ec) {
      // Closed, idle timeout or shut down: nothing to answer. Malformed: answer and close.
      if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
          ec == beast::error::timeout || ec == asio::error::operation_aborted ||
          ec == asio::error::connection_reset || ec == bhttp::error::partial_message) {
        break;
      }
      Response r = ec == bhttp::error::header_limit
                       ? Problem(431, "header-too-large", "请求头过大",
                                 fmt::format("请求头超过 {} 字节上限", options.max_header_bytes), &req)
                       : Problem(400, "bad-request", "请求格式错误",
                                 fmt::format("无法解析 HTTP 请求:{}", ec.message()), &req);
      co_await WriteResponse(stream, req, r, 11, false, options.write_timeout, &wec);
      metrics.Observe("-", "(malformed)", r.status, 0);
      break;
    }
    state->busy = true;
    auto& hdr = parser.get();
    req.method = std::string(hdr.method_string());
    req.target = std::string(hdr.target());
    for (const auto& f : hdr) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    if (auto id = req.Header("x-request-id"); IsSafeRequestId(id)) req.request_id = id;

    Response res;
    Router::Match match;
    bool keep_alive = hdr.keep_alive();
    std::string_view route_label = "(unmatched)";
    auto url = boost::urls::parse_origin_form(req.target);
    if (!url) {
      res = Problem(400, "bad-request", "请求地址格式错误",
                    fmt::format("无法解析请求地址:{}", url.error().message()), &req);
      keep_alive = false;
    } else {
      req.path = url->path();
      for (auto p : url->params()) req.query.emplace_back(p.key, p.has_value ? p.value : "");
      match = router.Find(req.method, req.path);
      if (match.route) route_label = match.route->pattern;
      // Unmatched requests may still carry a body; allow a small one so the connection stays
      // in step, and close beyond that.
      const std::size_t limit = match.route ? match.route->options.max_body : 4096;
      const auto declared = parser.content_length();
      if (declared && *declared > limit) {
        res = Problem(413, "body-too-large", "请求体过大",
                      fmt::format("请求体 {} 字节,超过该接口 {} 字节的上限", *declared, limit), &req);
        keep_alive = false;
      } else {
        parser.body_limit(limit);
        if (!parser.is_done()) {
          if (boost::beast::iequals(hdr[bhttp::field::expect], "100-continue")) {
            bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, hdr.version()};
            stream.expires_after(options.write_timeout);
            co_await bhttp::async_write(stream, cont, kTuple);
          }
          stream.expires_after(options.body_timeout);
          auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
          if (bec == bhttp::error::body_limit) {
            res = Problem(413, "body-too-large", "请求体过大",
                          fmt::format("请求体超过该接口 {} 字节的上限", limit), &req);
            keep_alive = false;
          } else if (bec == beast::error::timeout || bec == asio::error::eof ||
                     bec == bhttp::error::partial_message || bec == asio::error::connection_reset ||
                     bec == asio::error::operation_aborted) {
            metrics.Observe(req.method, route_label, 408, 0);
            break;  // the client is gone or too slow; tcp_stream closed the socket
          } else if (bec) {
            res = Problem(400, "bad-request", "请求格式错误",
                          fmt::format("无法读取请求体:{}", bec.message()), &req);
            keep_alive = false;
          }
        }
        if (res.body.empty()) {
          req.body = std::move(parser.get().body());
          res = co_await Handle(match, req);
        }
      }
    }
    if (draining) keep_alive = false;
    const std::size_t bytes = res.body.size();
    const int status = res.status;
    co_await WriteResponse(stream, req, res, hdr.version(), keep_alive, options.write_timeout, &wec);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics.Observe(req.method, route_label, status, secs);
    if (options.access_log) {
      spdlog::info(AccessLogLine({req.request_id, remote, Printable(req.method),
                                  Printable(req.target), route_label, status, bytes, secs * 1000}));
    }
    state->busy = false;
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
  state->alive = false;
  state->stream = nullptr;
  metrics.ConnectionClosed();
}

awaitable<void> Server::Impl::Reject(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  Request req;
  req.request_id = NewRequestId();
  Response r = Problem(503, "too-many-connections", "连接数已满", "服务器连接数已达上限,请稍后重试", &req);
  r.SetHeader("Retry-After", "1");
  beast::error_code ec;
  co_await WriteResponse(stream, req, r, 11, false, std::chrono::seconds(2), &ec);
  stream.close();
}

awaitable<void> Server::Impl::Accept() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
    if (ec) {
      if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      // Out of file descriptors and the like: back off briefly instead of spinning.
      asio::steady_timer t(ioc, std::chrono::milliseconds(50));
      co_await t.async_wait(kTuple);
      continue;
    }
    if (draining) co_return;
    if (active.load() >= options.max_connections) {
      metrics.ConnectionRejected();
      auto ex = socket.get_executor();
      asio::co_spawn(ex, Reject(std::move(socket)), asio::detached);
      continue;
    }
    ++active;
    auto state = std::make_shared<SessionState>(socket.get_executor());
    {
      std::lock_guard lock(sessions_mu);
      sessions.insert(state);
    }
    asio::co_spawn(state->executor, Session(std::move(socket), state),
                   [this, state](std::exception_ptr e) {
                     if (e) {
                       try {
                         std::rethrow_exception(e);
                       } catch (const std::exception& ex) {
                         spdlog::error("connection ended by exception: {}", ex.what());
                       }
                     }
                     SessionEnded(state);
                   });
  }
}

void Server::Impl::SessionEnded(const std::shared_ptr<SessionState>& state) {
  {
    std::lock_guard lock(sessions_mu);
    sessions.erase(state);
  }
  if (--active == 0 && draining) ioc.stop();
}

void Server::Impl::BeginShutdown() {
  if (draining.exchange(true)) return;
  spdlog::info("shutting down: finishing in-flight requests (grace {} ms)",
               options.shutdown_grace.count());
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  {
    std::lock_guard lock(sessions_mu);
    for (const auto& s : sessions) {
      asio::post(s->executor, [s] {
        // Not the throwing overload: a timeout may have closed the socket already, with the
        // session not yet resumed to see it.
        beast::error_code ignored;
        if (s->alive && !s->busy && s->stream) s->stream->socket().cancel(ignored);
      });
    }
  }
  if (active == 0) {
    ioc.stop();
    return;
  }
  grace_timer.expires_after(options.shutdown_grace);
  grace_timer.async_wait([this](beast::error_code e) {
    if (!e) {
      spdlog::warn("grace period over: closing {} connections", active.load());
      ioc.stop();
    }
  });
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() {
  impl_->workers.join();
}

Status Server::Listen() {
  auto& a = impl_->acceptor;
  beast::error_code ec;
  auto addr = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return Status::Invalid(fmt::format("监听地址“{}”无效", impl_->options.host));
  tcp::endpoint ep(addr, impl_->options.port);
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable(fmt::format("无法监听 {}:{}:{}", impl_->options.host,
                                           impl_->options.port, ec.message()));
  }
  return Status::Ok();
}

std::uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::StopOnSignals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int sig) {
    if (!ec) {
      spdlog::info("received signal {}", sig);
      impl_->BeginShutdown();
    }
  });
}

void Server::Run() {
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
}

void Server::Shutdown() {
  asio::post(impl_->ioc, [this] { impl_->BeginShutdown(); });
}

}  // namespace sx::http
