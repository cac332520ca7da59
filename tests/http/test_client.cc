#include "http/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "services/demo.h"
#include "store/migrations.h"

namespace sx::testing {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasHeaderLine(const std::vector<std::string>& headers, std::string_view lower_name) {
  for (const auto& h : headers) {
    auto colon = h.find(':');
    if (colon != std::string::npos && Lower(h.substr(0, colon)) == lower_name) return true;
  }
  return false;
}

}  // namespace

std::string_view HttpResponse::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

bool HttpResponse::HasHeader(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return true;
  }
  return false;
}

Connection::Connection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    connect_errno_ = errno;
    return;
  }
  timeval tv{};
  tv.tv_sec = kSafety.count();
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int rc;
  do {
    rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    connect_errno_ = errno;
    error_ = fmt::format("connect: {}", std::strerror(errno));
    ::close(fd_);
    fd_ = -1;
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::Send(std::string_view raw) {
  if (fd_ < 0) return false;
  while (!raw.empty()) {
    const ssize_t n = ::send(fd_, raw.data(), raw.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = fmt::format("send: {}", std::strerror(errno));
      return false;
    }
    raw.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool Connection::Fill() {
  if (fd_ < 0 || eof_) return false;
  char buf[16 * 1024];
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      buffer_.append(buf, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0) {
      eof_ = true;
      error_ = "connection closed by the server";
      return false;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      timed_out_ = true;
      error_ = fmt::format("no answer within the {} s safety timeout", kSafety.count());
    } else {
      error_ = fmt::format("recv: {}", std::strerror(errno));
      if (errno == ECONNRESET) eof_ = true;
    }
    return false;
  }
}

bool Connection::ReadUntil(std::string_view delimiter, std::size_t* pos) {
  std::size_t from = 0;
  for (;;) {
    if (auto p = buffer_.find(delimiter, from); p != std::string::npos) {
      *pos = p;
      return true;
    }
    from = buffer_.size() >= delimiter.size() ? buffer_.size() - delimiter.size() + 1 : 0;
    if (!Fill()) return false;
  }
}

bool Connection::ReadAtLeast(std::size_t n) {
  while (buffer_.size() < n) {
    if (!Fill()) return false;
  }
  return true;
}

std::optional<HttpResponse> Connection::Read(bool head_request) {
  for (;;) {
    std::size_t end = 0;
    if (!ReadUntil("\r\n\r\n", &end)) return std::nullopt;
    HttpResponse res;
    std::string_view head(buffer_.data(), end);
    auto line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    // "HTTP/1.1 200 OK"
    auto sp1 = status_line.find(' ');
    if (sp1 == std::string_view::npos || !status_line.starts_with("HTTP/")) {
      error_ = fmt::format("bad status line: {}", status_line);
      return std::nullopt;
    }
    res.version = std::string(status_line.substr(0, sp1));
    res.status = std::atoi(std::string(status_line.substr(sp1 + 1, 3)).c_str());
    std::string_view rest = line_end == std::string_view::npos ? "" : head.substr(line_end + 2);
    while (!rest.empty()) {
      auto eol = rest.find("\r\n");
      std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? "" : rest.substr(eol + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      res.headers.emplace_back(Lower(line.substr(0, colon)),
                               std::string(Trim(line.substr(colon + 1))));
    }
    buffer_.erase(0, end + 4);
    if (res.status >= 100 && res.status < 200) continue;  // 100 Continue: the real one follows

    if (head_request || res.status == 204 || res.status == 304) return res;
    if (Lower(res.Header("transfer-encoding")).find("chunked") != std::string::npos) {
      for (;;) {
        std::size_t eol = 0;
        if (!ReadUntil("\r\n", &eol)) return std::nullopt;
        const std::size_t size = std::stoul(buffer_.substr(0, eol), nullptr, 16);
        buffer_.erase(0, eol + 2);
        if (size == 0) {
          std::size_t trailer_end = 0;
          if (!ReadUntil("\r\n", &trailer_end)) return std::nullopt;
          buffer_.erase(0, trailer_end + 2);
          return res;
        }
        if (!ReadAtLeast(size + 2)) return std::nullopt;
        res.body.append(buffer_, 0, size);
        buffer_.erase(0, size + 2);
      }
    }
    if (res.HasHeader("content-length")) {
      const std::size_t n = std::stoul(std::string(res.Header("content-length")));
      if (!ReadAtLeast(n)) return std::nullopt;
      res.body = buffer_.substr(0, n);
      buffer_.erase(0, n);
      return res;
    }
    while (Fill()) {
    }
    if (!eof_) return std::nullopt;
    res.body = std::move(buffer_);
    buffer_.clear();
    return res;
  }
}

Connection::End Connection::WaitForClose() {
  if (!buffer_.empty()) return End::kData;
  if (Fill()) return End::kData;
  if (eof_) return End::kClosed;
  return timed_out_ ? End::kSafetyTimeout : End::kError;
}

std::string RawRequest(std::string_view method, std::string_view target,
                       const std::vector<std::string>& headers, std::string_view body) {
  std::string out = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, target);
  for (const auto& h : headers) out += h + "\r\n";
  if (!body.empty() && !HasHeaderLine(headers, "content-length") &&
      !HasHeaderLine(headers, "transfer-encoding")) {
    out += fmt::format("Content-Length: {}\r\n", body.size());
  }
  out += "\r\n";
  out += body;
  return out;
}

std::optional<HttpResponse> Exchange(std::uint16_t port, std::string_view raw, bool head_request,
                                     std::string* error) {
  Connection c(port);
  // A send cut short by the server closing early is fine: its answer is already on the way.
  c.Send(raw);
  auto res = c.Read(head_request);
  if (!res && error) *error = c.error();
  return res;
}

bool HasChinese(std::string_view s) {
  // U+4E00–U+9FFF are three-byte sequences starting with 0xE4–0xE9.
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xE4 && b <= 0xE9 && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
      return true;
    }
  }
  return false;
}

http::ServerOptions TestServerOptions::Defaults() {
  http::ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.io_threads = 2;
  o.worker_threads = 2;
  o.header_timeout = std::chrono::seconds(5);
  o.body_timeout = std::chrono::seconds(5);
  o.write_timeout = std::chrono::seconds(5);
  o.shutdown_grace = std::chrono::seconds(5);
  o.access_log = false;
  return o;
}

namespace {

// Demo accounts with the cheapest argon2id, so that every test server starts quickly.
services::AuthOptions FastAuth() {
  services::AuthOptions o;
  o.argon2_ops = crypto_pwhash_OPSLIMIT_MIN;
  o.argon2_mem = crypto_pwhash_MEMLIMIT_MIN;
  return o;
}

Status InsertSession(store::Database& db, const Clock& clock, std::string_view username,
                     std::string_view token, std::string_view csrf) {
  auto users = store::MakeUserRepository();
  return db.Write([&](store::Tx& tx) -> Status {
    auto u = users->FindByUsername(tx, username);
    if (!u.ok()) return u.status();
    const std::string now = FormatUtc(clock.Now());
    return users->InsertSession(tx, {services::Sha256Hex(token), u->id, std::string(csrf), now, now,
                                     FormatUtc(clock.Now() + std::chrono::hours(12)), false});
  });
}

std::string_view AfterEquals(std::string_view line) { return line.substr(line.find('=') + 1); }
std::string_view AfterColon(std::string_view line) { return line.substr(line.find(": ") + 2); }

// 2026-01-05T00:00:00Z: fixed so created_at values are reproducible.
constexpr std::chrono::seconds kEpoch{1767571200};

}  // namespace

TestServer::TestServer(const TestServerOptions& options) : clock_(TimePoint(kEpoch)) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  auto db = store::Database::Open(tdb_.url());
  if (!db.ok()) throw std::runtime_error("open test database: " + db.status().message());
  db_ = std::move(db).value();
  if (auto m = store::Migrate(*db_, clock_.Now()); !m.ok()) {
    throw std::runtime_error("migrate: " + m.status().message());
  }
  if (Status st = services::LoadDemo(*db_, clock_); !st.ok()) {
    throw std::runtime_error("load demo: " + st.message());
  }
  if (auto a = services::CreateDemoAccounts(*db_, clock_, "zzgjj", "zzsfj", FastAuth()); !a.ok()) {
    throw std::runtime_error("demo accounts: " + a.status().message());
  }
  {
    auto calendar = services::CalendarService::Create(*db_, clock_);
    if (!calendar.ok()) throw std::runtime_error("calendar: " + calendar.status().message());
    if (Status st = services::LoadDemoDeadlines(*db_, clock_, **calendar); !st.ok()) {
      throw std::runtime_error("demo deadlines: " + st.message());
    }
  }
  for (auto [user, cookie, csrf] :
       {std::tuple{"demo.admin", &kCenterAdminCookie, &kCenterAdminCsrf},
        std::tuple{"demo.sfj.admin", &kBureauAdminCookie, &kBureauAdminCsrf}}) {
    if (Status st = InsertSession(*db_, clock_, user, AfterEquals(*cookie), AfterColon(*csrf));
        !st.ok()) {
      throw std::runtime_error("session: " + st.message());
    }
  }
  if (options.wrap_db) wrapped_db_ = options.wrap_db(*db_);
  store::Database& db_for_api = wrapped_db_ ? *wrapped_db_ : *db_;

  agencies_ = std::make_unique<services::AgencyService>(db_for_api, clock_);
  auto blobs = store::BlobStore::Open(blob_dir_.path());
  if (!blobs.ok()) throw std::runtime_error("blob store: " + blobs.status().message());
  blobs_ = std::move(*blobs);
  people_ = std::make_unique<services::PeopleService>(db_for_api, clock_, *blobs_);
  auth_ = std::make_unique<services::AuthService>(db_for_api, clock_, FastAuth());
  auto calendar = services::CalendarService::Create(db_for_api, clock_);
  if (!calendar.ok()) throw std::runtime_error("calendar: " + calendar.status().message());
  calendar_ = std::move(*calendar);
  deadlines_ = std::make_unique<services::DeadlineService>(db_for_api, clock_, *calendar_);
  metrics_.SetPoolSource([&db_for_api] { return db_for_api.Stats(); });
  std::array<std::uint8_t, 32> seed{};
  seed.fill(7);  // a fixed key, so checkpoints are reproducible
  auto keys = ledger::KeyFromSeed("test.sanxiang/ledger", seed);
  if (!keys.ok()) throw std::runtime_error("ledger key: " + keys.status().message());
  verifier_key_ = keys->verifier_key;
  auto ledger = services::LedgerService::Create(db_for_api, clock_, *keys, {});
  if (!ledger.ok()) throw std::runtime_error("ledger: " + ledger.status().message());
  ledger_ = std::move(*ledger);
  if (auto n = ledger_->Integrate(); !n.ok()) {
    throw std::runtime_error("ledger integrate: " + n.status().message());
  }
  ctx_ = std::make_unique<http::ApiContext>(
      http::ApiContext{db_for_api, *agencies_, metrics_, options.web, auth_.get(), people_.get()});
  ctx_->ledger = ledger_.get();
  ctx_->calendar = calendar_.get();
  ctx_->deadlines = deadlines_.get();
  cases_ =
      std::make_unique<services::CaseService>(db_for_api, clock_, *calendar_, *deadlines_, *blobs_);
  ctx_->cases = cases_.get();
  evidence_ = std::make_unique<services::EvidenceService>(db_for_api, clock_, *blobs_);
  ctx_->evidence = evidence_.get();
  archive_ = std::make_unique<services::ArchiveService>(db_for_api, *blobs_, *ledger_, clock_);
  ctx_->archive = archive_.get();
  review_ = std::make_unique<services::ReviewService>(db_for_api, clock_, *cases_, ledger_.get());
  ctx_->review = review_.get();
  disclosures_ =
      std::make_unique<services::DisclosureService>(db_for_api, clock_, *calendar_, *deadlines_);
  disclosures_->Attach(*cases_);
  ctx_->disclosures = disclosures_.get();
  inspections_ = std::make_unique<services::InspectionService>(db_for_api, clock_, *calendar_,
                                                               *deadlines_, *blobs_);
  ctx_->inspections = inspections_.get();
  ctx_->search_burst = options.search_burst;
  ctx_->search_per_second = options.search_per_second;
  complaints_ = std::make_unique<services::ComplaintService>(db_for_api, clock_, *calendar_,
                                                             *deadlines_, *blobs_);
  ctx_->complaints = complaints_.get();
  ctx_->complaint_burst = options.complaint_burst;
  ctx_->complaint_per_second = options.complaint_per_second;
  reports_ = std::make_unique<services::ReportService>(db_for_api, clock_, *calendar_, *deadlines_);
  ctx_->reports = reports_.get();
  evaluations_ = std::make_unique<services::EvaluationService>(db_for_api, clock_);
  ctx_->evaluations = evaluations_.get();
  guidance_ = std::make_unique<services::GuidanceService>(db_for_api, clock_);
  ctx_->guidance = guidance_.get();
  http::RegisterRoutes(router_, *ctx_);
  if (options.extra_routes) options.extra_routes(router_);

  server_ = std::make_unique<http::Server>(options.server, router_, metrics_);
  if (Status st = server_->Listen(); !st.ok()) throw std::runtime_error("listen: " + st.message());
  port_ = server_->port();
  thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() { Stop(); }

std::vector<std::string> TestServer::SessionHeaders(std::string_view username) {
  const std::string token = services::RandomToken(), csrf = services::RandomToken();
  if (Status st = InsertSession(*db_, clock_, username, token, csrf); !st.ok()) {
    throw std::runtime_error(fmt::format("session for {}: {}", username, st.message()));
  }
  return {fmt::format("Cookie: sx_session={}", token), fmt::format("X-CSRF-Token: {}", csrf)};
}

void TestServer::Stop() {
  if (!thread_.joinable()) return;
  server_->Shutdown();
  thread_.join();
}

void TestServer::Join() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace sx::testing
