// Test helpers for the HTTP layer: a blocking client that sends raw bytes (so tests can send what
// no real client would), and a server with the real routes over a fresh, migrated SQLite database
// with the demo data, running on 127.0.0.1 with a free port.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/api.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "services/agency_service.h"
#include "services/auth_service.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo_accounts.h"
#include "services/people_service.h"
#include "store/database.h"
#include "store/test_db.h"
#include "util/clock.h"

namespace sx::testing {

struct HttpResponse {
  int status = 0;
  std::string version;                                       // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  // Header value by lower-case name; empty when absent.
  std::string_view Header(std::string_view lower_name) const;
  bool HasHeader(std::string_view lower_name) const;
};

// One TCP connection to 127.0.0.1. Every read gives up after `safety` so a broken server fails
// the test instead of hanging it; the timeout is never what a test waits for.
class Connection {
 public:
  static constexpr std::chrono::seconds kSafety{10};

  explicit Connection(std::uint16_t port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // False when connect() failed; connect_errno() says why (ECONNREFUSED after shutdown).
  bool connected() const { return fd_ >= 0; }
  int connect_errno() const { return connect_errno_; }

  // Sends all of `raw`; false when the peer has gone (never raises SIGPIPE).
  bool Send(std::string_view raw);

  // Reads one response: status line, headers, then a Content-Length or chunked body (none for
  // HEAD, 1xx, 204 and 304), or everything up to the close. Nullopt with why in `error` when the
  // connection ends before a whole response.
  std::optional<HttpResponse> Read(bool head_request = false);

  enum class End { kClosed, kData, kSafetyTimeout, kError };
  // Waits for the server to close the connection. kData when bytes arrived instead (they are
  // kept in `unread`).
  End WaitForClose();

  const std::string& unread() const { return buffer_; }
  const std::string& error() const { return error_; }

 private:
  // Appends what one recv() returns; false at end of stream or error (see eof_, error_).
  bool Fill();
  bool ReadUntil(std::string_view delimiter, std::size_t* pos);
  bool ReadAtLeast(std::size_t n);

  int fd_ = -1;
  int connect_errno_ = 0;
  bool eof_ = false;
  bool timed_out_ = false;
  std::string buffer_;
  std::string error_;
};

// Builds a request: adds Host, and Content-Length when there is a body and no explicit
// Content-Length or Transfer-Encoding. `headers` are raw lines without CRLF ("Accept: x").
std::string RawRequest(std::string_view method, std::string_view target,
                       const std::vector<std::string>& headers = {}, std::string_view body = {});

// Sends `raw` on a new connection and reads one response. Fails the calling test through the
// returned nullopt (with `error` from the connection) when no whole response arrives.
std::optional<HttpResponse> Exchange(std::uint16_t port, std::string_view raw,
                                     bool head_request = false, std::string* error = nullptr);

// True when `s` contains a CJK unified ideograph (U+4E00–U+9FFF).
bool HasChinese(std::string_view s);

// Signed-in sessions the test server sets up with fixed tokens (header lines to send): the
// demo center's administrator (demo.admin, agency 1) and the supervising bureau's administrator
// (demo.sfj.admin), who opens agencies.
inline const std::string kCenterAdminCookie = "Cookie: sx_session=test-session-center-admin";
inline const std::string kCenterAdminCsrf = "X-CSRF-Token: test-csrf-center-admin";
inline const std::string kBureauAdminCookie = "Cookie: sx_session=test-session-bureau-admin";
inline const std::string kBureauAdminCsrf = "X-CSRF-Token: test-csrf-bureau-admin";

struct TestServerOptions {
  http::ServerOptions server = Defaults();
  // Adds routes of the test's own before the server starts.
  std::function<void(http::Router&)> extra_routes;
  // Wraps the real database, e.g. to inject a failing Ping.
  std::function<std::unique_ptr<store::Database>(store::Database&)> wrap_db;
  const http::StaticFiles* web = nullptr;
  // The public search's rate limit (ApiContext::search_burst, search_per_second).
  double search_burst = 60;
  double search_per_second = 2;
  // The complaint form's limit (ApiContext::complaint_burst, complaint_per_second).
  double complaint_burst = 3;
  double complaint_per_second = 1.0 / 600;

  // 127.0.0.1:0, no access log, generous timeouts (tests that need short ones set them).
  static http::ServerOptions Defaults();
};

// The real router and server over a fresh SQLite database (migrated, demo data loaded), serving
// on a background thread from construction until Stop() or destruction. Throws when any step of
// the set-up fails.
class TestServer {
 public:
  explicit TestServer(const TestServerOptions& options = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::uint16_t port() const { return port_; }
  http::Server& server() { return *server_; }
  http::Metrics& metrics() { return metrics_; }
  services::AuthService& auth() { return *auth_; }
  services::AgencyService& agencies() { return *agencies_; }
  services::PeopleService& people() { return *people_; }
  services::CalendarService& calendar() { return *calendar_; }
  services::DeadlineService& deadlines() { return *deadlines_; }
  services::CaseService& cases() { return *cases_; }
  services::EvidenceService& evidence() { return *evidence_; }
  services::DisclosureService& disclosures() { return *disclosures_; }
  services::InspectionService& inspections() { return *inspections_; }
  services::ComplaintService& complaints() { return *complaints_; }
  services::ReportService& reports() { return *reports_; }
  services::EvaluationService& evaluations() { return *evaluations_; }
  services::GuidanceService& guidance() { return *guidance_; }
  FakeClock& clock() { return clock_; }
  const http::Router& router() const { return router_; }
  services::LedgerService& ledger() { return *ledger_; }
  const std::string& ledger_verifier_key() const { return verifier_key_; }
  store::Database& db() { return *db_; }
  store::BlobStore& blobs() { return *blobs_; }
  // A new session for a demo account (or any user), without argon2: the two header lines
  // {"Cookie: …", "X-CSRF-Token: …"} to send.
  std::vector<std::string> SessionHeaders(std::string_view username);

  // Shuts the server down and waits for Run() to return. Idempotent.
  void Stop();
  // Waits for Run() to return without asking it to stop (after server().Shutdown()).
  void Join();

 private:
  TestDatabase tdb_{Engine::kSqlite};
  TempDir blob_dir_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::Database> wrapped_db_;
  FakeClock clock_;
  std::unique_ptr<services::AgencyService> agencies_;
  std::unique_ptr<services::PeopleService> people_;
  std::unique_ptr<services::CalendarService> calendar_;
  std::unique_ptr<services::DeadlineService> deadlines_;
  std::unique_ptr<services::CaseService> cases_;
  std::unique_ptr<services::EvidenceService> evidence_;
  std::unique_ptr<services::ArchiveService> archive_;
  std::unique_ptr<services::ReviewService> review_;
  std::unique_ptr<services::DisclosureService> disclosures_;
  std::unique_ptr<services::InspectionService> inspections_;
  std::unique_ptr<services::ComplaintService> complaints_;
  std::unique_ptr<services::ReportService> reports_;
  std::unique_ptr<services::EvaluationService> evaluations_;
  std::unique_ptr<services::GuidanceService> guidance_;
  std::unique_ptr<services::LedgerService> ledger_;
  std::string verifier_key_;
  std::unique_ptr<services::AuthService> auth_;
  http::Metrics metrics_;
  std::unique_ptr<http::ApiContext> ctx_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

}  // namespace sx::testing
