#include "http/server.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

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

// Large request bodies (evidence chunks of 8 MiB) reuse a few buffers: a fresh 8 MiB string
// costs 2,048 page faults, which in a VM take longer than receiving the bytes. At most kKeep
// buffers of kMin…kMax bytes stay allocated between requests.
class BodyPool {
 public:
  static constexpr std::size_t kMin = std::size_t{1} << 20;
  static constexpr std::size_t kMax = std::size_t{16} << 20;
  static constexpr std::size_t kKeep = 2;

  // A buffer for a body of `length` bytes (empty when none is kept or the body is small).
  std::string Take(std::size_t length) {
    if (length < kMin || length > kMax) return {};
    std::lock_guard lock(mu_);
    if (free_.empty()) return {};
    std::string s = std::move(free_.back());
    free_.pop_back();
    return s;
  }
  void Give(std::string&& s) {
    if (s.capacity() < kMin || s.capacity() > kMax) return;
    std::lock_guard lock(mu_);
    if (free_.size() < kKeep) free_.push_back(std::move(s));
  }

 private:
  std::mutex mu_;
  std::vector<std::string> free_;
};

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
  BodyPool bodies;

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

// Most bytes of a file body held in memory at once.
constexpr std::size_t kFilePiece = std::size_t{1} << 20;

// Opens the file of `res.file` for sending, checking that it holds the whole range. On failure
// `res` becomes the problem to send instead (404 when the file is gone) and -1 is returned.
int OpenFileBody(Response& res, const Request& req) {
  const FileBody& f = *res.file;
  const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  const bool whole = fd >= 0 && ::fstat(fd, &st) == 0 && f.offset >= 0 && f.length >= 0 &&
                     f.offset + f.length <= static_cast<std::int64_t>(st.st_size);
  if (whole) return fd;
  const int err = fd < 0 ? errno : 0;
  if (fd >= 0) ::close(fd);
  if (err == ENOENT) {
    spdlog::warn("request {}: file {} is missing", req.request_id, f.path);
    res = Problem(404, "not-found", "未找到", "请求的文件已不在服务器上,请联系系统管理员", &req);
  } else {
    spdlog::error("request {}: cannot send {} [{}, +{}): {}", req.request_id, f.path, f.offset,
                  f.length, err != 0 ? std::strerror(err) : "the file is shorter");
    res = Problem(500, "internal", "服务器内部错误",
                  fmt::format("无法读取文件,请联系系统管理员并提供请求编号 {}", req.request_id),
                  &req);
  }
  return -1;
}

// Sends `res` with the bytes of `res.file` read from `fd` (open, positioned anywhere) in pieces
// of at most kFilePiece, so a file of any size streams in bounded memory. HEAD sends the headers
// only. A read error after the headers went out can only end the connection.
template <typename Stream>
awaitable<void> WriteFileResponse(Stream& stream, const Request& req, const Response& res, int fd,
                                  unsigned version, bool keep_alive,
                                  std::chrono::milliseconds timeout, beast::error_code* ec_out) {
  const FileBody& f = *res.file;
  bhttp::response<bhttp::buffer_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::content_type, res.content_type);
  out.set("X-Request-Id", req.request_id);
  out.set("X-Content-Type-Options", "nosniff");
  for (const auto& [k, v] : res.headers) out.insert(k, v);
  out.keep_alive(keep_alive);
  out.content_length(static_cast<std::uint64_t>(f.length));
  const bool head = req.method == "HEAD";
  out.body().data = nullptr;
  out.body().more = !head && f.length > 0;
  bhttp::response_serializer<bhttp::buffer_body> sr{out};
  stream.expires_after(timeout);
  auto [ec, n] = co_await bhttp::async_write_header(stream, sr, kTuple);
  std::vector<char> piece(static_cast<std::size_t>(
      std::min<std::int64_t>(head ? 0 : f.length, static_cast<std::int64_t>(kFilePiece))));
  std::int64_t sent = 0;
  while (!ec && !head && sent < f.length) {
    const auto want =
        static_cast<std::size_t>(std::min<std::int64_t>(f.length - sent, piece.size()));
    const ssize_t got = ::pread(fd, piece.data(), want, static_cast<off_t>(f.offset + sent));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      spdlog::error("request {}: reading {} at {} failed after the headers were sent: {}",
                    req.request_id, f.path, f.offset + sent,
                    got < 0 ? std::strerror(errno) : "end of file");
      ec = asio::error::make_error_code(asio::error::broken_pipe);
      break;
    }
    sent += got;
    out.body().data = piece.data();
    out.body().size = static_cast<std::size_t>(got);
    out.body().more = sent < f.length;
    stream.expires_after(timeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, sr, kTuple);
    ec = wec == bhttp::error::need_buffer ? beast::error_code() : wec;
  }
  if (!ec && !sr.is_done()) {
    out.body().data = nullptr;
    out.body().more = false;
    stream.expires_after(timeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, sr, kTuple);
    ec = wec;
  }
  *ec_out = ec;
}

// Reads a body of `length` bytes into `body`: first what `buffer` holds beyond the header, then
// straight from the socket, so a large body is neither read in Beast's 64 KiB pieces nor copied
// from the read buffer (one memcpy-free recv per socket-buffer full).
awaitable<beast::error_code> ReadBody(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                      std::size_t length, std::string* body) {
  body->resize(length);
  const std::size_t have = std::min(buffer.size(), length);
  asio::buffer_copy(asio::buffer(*body), buffer.data(), have);
  buffer.consume(have);
  if (have == length) co_return beast::error_code();
  auto [ec, n] =
      co_await asio::async_read(stream, asio::buffer(body->data() + have, length - have), kTuple);
  co_return ec;
}

}  // namespace

awaitable<Response> Server::Impl::Handle(const Router::Match& m, Request& req) {
  using Kind = Router::Match::Kind;
  if (m.kind == Kind::kNotFound) {
    co_return Problem(
        404, "not-found", "未找到",
        fmt::format("没有路径 {};接口列表见 /api/v1/openapi.json", Printable(req.path)), &req);
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
  if (route.options.fast) {
    try {
      if (auto r = route.options.fast(req)) co_return std::move(*r);
    } catch (const std::exception& e) {
      spdlog::error("request {} fast path of {} threw: {}", req.request_id, route.pattern,
                    e.what());
    }
  }
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
      Response r =
          ec == bhttp::error::header_limit
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
    bool direct_body = false;
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
        res =
            Problem(413, "body-too-large", "请求体过大",
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
          beast::error_code bec;
          if (declared && !parser.chunked()) {
            // A declared length (≤ the limit, checked above): read it directly.
            req.body = bodies.Take(static_cast<std::size_t>(*declared));
            bec = co_await ReadBody(stream, buffer, static_cast<std::size_t>(*declared), &req.body);
            direct_body = true;
          } else {
            auto [e, bn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
            bec = e;
          }
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
          if (!direct_body) req.body = std::move(parser.get().body());
          res = co_await Handle(match, req);
        }
      }
    }
    if (draining) keep_alive = false;
    const int fd = res.file ? OpenFileBody(res, req) : -1;
    const std::size_t bytes =
        fd >= 0 ? static_cast<std::size_t>(res.file->length) : res.body.size();
    const int status = res.status;
    if (fd >= 0) {
      co_await WriteFileResponse(stream, req, res, fd, hdr.version(), keep_alive,
                                 options.write_timeout, &wec);
      ::close(fd);
    } else {
      co_await WriteResponse(stream, req, res, hdr.version(), keep_alive, options.write_timeout,
                             &wec);
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics.Observe(req.method, route_label, status, secs);
    if (options.access_log) {
      spdlog::info(AccessLogLine({req.request_id, remote, Printable(req.method),
                                  Printable(req.target), route_label, status, bytes, secs * 1000}));
    }
    bodies.Give(std::move(req.body));
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
  Response r =
      Problem(503, "too-many-connections", "连接数已满", "服务器连接数已达上限,请稍后重试", &req);
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

Server::~Server() { impl_->workers.join(); }

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
    return Status::Unavailable(
        fmt::format("无法监听 {}:{}:{}", impl_->options.host, impl_->options.port, ec.message()));
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
