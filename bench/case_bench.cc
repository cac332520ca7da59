// Case handling under load (issue #6): a real `sanxiang serve` on a fresh database with the demo
// data, and N concurrent clients (50 by default, one keep-alive connection each) calling the
// case-transition API POST /api/v1/cases/{id}/steps:
//   - a step that issues a document: `file` (立案) with a signed 立案审批表 — the 文号 taken, the
//     PDF rendered, stored in the blob store and sealed in the ledger, in the write transaction;
//   - steps that issue none: `suspend` / `resume` pairs (中止 / 恢复) on a filed case;
// and, on the same server in the same run, GET /healthz at the same concurrency as the baseline.
// Reports median, p90, p99, max, throughput and server CPU per request of each as a Markdown
// table (docs/benchmarks.md, "案件办理 (#6)"). Exit status 1 when any request failed.
//
//   case_bench [--binary PATH] [--db URL] [--clients 50] [--files 10] [--pairs 10]
//              [--healthz-seconds 5]
//
// Without --db the server gets a SQLite file in a temporary directory; --db postgresql://… must
// name an empty database. The server runs in the temporary directory (removed at exit) with the
// SANXIANG_* environment removed, access log off, its other settings the defaults.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kPassword = "Demo-2026-sx";

struct Options {
  std::string binary = SANXIANG_BINARY;
  std::string db;  // empty: SQLite in the temporary directory
  int clients = 50;
  int files = 10;  // `file` steps per client (one prepared lead each)
  int pairs = 10;  // suspend/resume pairs per client
  int healthz_seconds = 5;
};

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "case_bench: %s\n", why.c_str());
  std::exit(2);
}

// ---- the server process ----------------------------------------------------------------------

class Server {
 public:
  Server(const Options& o, const std::string& dir) {
    const std::string db = o.db.empty() ? "sqlite:" + dir + "/bench.db" : o.db;
    const std::vector<std::pair<std::string, std::string>> flags = {
        {"--db", db},
        {"--listen", "127.0.0.1:0"},
        {"--blob-dir", dir + "/blobs"},
        {"--ledger-key-file", dir + "/ledger.key"},
        {"--data-dir", dir},
        {"--web-root", dir + "/web"},
        {"--demo-if-empty", "true"},
        {"--access-log", "false"}};
    std::vector<std::string> argv = {o.binary, "serve"};
    for (const auto& [flag, value] : flags) {
      argv.push_back(flag);
      argv.push_back(value);
    }
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::strncmp(*e, "SANXIANG_", 9) != 0) env.emplace_back(*e);
    }
    std::vector<char*> args, envp;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    log_ = dir + "/server.log";
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) Die("pipe failed");
    const int err = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    pid_ = ::fork();
    if (pid_ < 0) Die("fork failed");
    if (pid_ == 0) {                       // async-signal-safe calls only until exec
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // not left running if we crash
      ::dup2(out[1], STDOUT_FILENO);
      if (err >= 0) ::dup2(err, STDERR_FILENO);
      if (::chdir(dir.c_str()) != 0) ::_exit(126);
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
    ::close(out[1]);
    if (err >= 0) ::close(err);
    out_ = out[0];
    // The demo data (accounts with argon2id, demo cases with PDFs) is loaded before it listens.
    const auto line = WaitForLine("已启动:http://", std::chrono::seconds(120));
    if (!line) Die("the server did not start; its log:\n" + Tail());
    const auto at = line->find("http://");
    const auto colon = line->find(':', at + 7);
    const auto slash = line->find('/', colon);
    port_ = static_cast<std::uint16_t>(std::stoi(line->substr(colon + 1, slash - colon - 1)));
  }

  ~Server() {
    if (out_ >= 0) ::close(out_);
    if (pid_ <= 0 || exited_) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  std::uint16_t port() const { return port_; }
  bool alive() {
    if (!exited_ && ::waitpid(pid_, nullptr, WNOHANG) == pid_) exited_ = true;
    return !exited_;
  }

  // User+system CPU seconds of the server (all threads) so far.
  double CpuSeconds() const {
    std::ifstream in(fmt::format("/proc/{}/stat", pid_));
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string f;
    double ticks = 0;
    for (int i = 3; fields >> f; ++i) {
      if (i == 14 || i == 15) ticks += std::stod(f);
      if (i == 15) break;
    }
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }

  std::string Tail() const {
    std::ifstream in(log_);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
  }

 private:
  std::optional<std::string> WaitForLine(std::string_view marker, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::string buffer;
    for (;;) {
      for (auto eol = buffer.find('\n'); eol != std::string::npos; eol = buffer.find('\n')) {
        std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 1);
        if (line.find(marker) != std::string::npos) return line;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffer.append(buf, static_cast<std::size_t>(n));
    }
  }

  pid_t pid_ = -1;
  bool exited_ = false;
  int out_ = -1;
  std::uint16_t port_ = 0;
  std::string log_;
};

// ---- a keep-alive client ---------------------------------------------------------------------

struct Session {
  std::string cookie;  // "sx_session=…"
  std::string csrf;
};

struct Reply {
  int status = 0;  // 0: transport error (body says which)
  std::string body;
  std::string set_cookie;
  json::value Json() const {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    return ec ? json::value() : v;
  }
};

// One connection to the server, opened on first use and again after an error. Not retried: a
// failed request counts as an error.
class Client {
 public:
  explicit Client(std::uint16_t port) : port_(port) {}

  Reply Call(http::verb verb, const std::string& target, const Session* session = nullptr,
             const json::value* body = nullptr) {
    Reply r;
    try {
      if (!stream_) {
        stream_ = std::make_unique<beast::tcp_stream>(io_);
        stream_->connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
        stream_->socket().set_option(asio::ip::tcp::no_delay(true));
      }
      http::request<http::string_body> req{verb, target, 11};
      req.set(http::field::host, "127.0.0.1");
      req.keep_alive(true);
      if (session != nullptr) {
        req.set(http::field::cookie, session->cookie);
        req.set("X-CSRF-Token", session->csrf);
      }
      if (body != nullptr) {
        req.set(http::field::content_type, "application/json");
        req.body() = json::serialize(*body);
      }
      req.prepare_payload();
      stream_->expires_after(std::chrono::seconds(300));
      http::write(*stream_, req);
      http::response<http::string_body> res;
      http::read(*stream_, buffer_, res);
      r.status = static_cast<int>(res.result_int());
      r.set_cookie = std::string(res[http::field::set_cookie]);
      r.body = std::move(res.body());
      if (!res.keep_alive()) stream_.reset();
    } catch (const std::exception& e) {
      stream_.reset();
      buffer_.clear();
      r.status = 0;
      r.body = e.what();
    }
    return r;
  }

 private:
  std::uint16_t port_;
  asio::io_context io_;
  std::unique_ptr<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
};

// ---- measurement -----------------------------------------------------------------------------

struct Result {
  std::string name;
  std::string call;
  int clients = 0;
  std::vector<double> ms;  // latency of each successful request
  int errors = 0;
  double seconds = 0;      // wall time of the phase
  double cpu_seconds = 0;  // server CPU during the phase
  std::string load;        // /proc/loadavg at the start
};

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// Runs `body(client_index, record)` on `clients` threads at once and collects the latencies
// `record(ms, ok)` reports. The clock starts when every thread is ready.
template <typename Body>
Result Measure(Server& server, std::string name, std::string call, int clients, Body body) {
  Result r;
  r.name = std::move(name);
  r.call = std::move(call);
  r.clients = clients;
  r.load = LoadAverage();
  std::mutex mu;
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::map<std::string, int> errors;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      std::vector<double> mine;
      int failed = 0;
      std::map<std::string, int> my_errors;
      auto record = [&](double ms, const Reply& reply, int expected) {
        if (reply.status == expected) {
          mine.push_back(ms);
          return true;
        }
        ++failed;
        ++my_errors[fmt::format("{} {}", reply.status, reply.body.substr(0, 200))];
        return false;
      };
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      body(c, record);
      std::lock_guard lock(mu);
      r.ms.insert(r.ms.end(), mine.begin(), mine.end());
      r.errors += failed;
      for (const auto& [k, v] : my_errors) errors[k] += v;
    });
  }
  while (ready.load() < clients) std::this_thread::yield();
  const double cpu0 = server.CpuSeconds();
  const auto t0 = Clock::now();
  go.store(true);
  for (auto& t : threads) t.join();
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.cpu_seconds = server.CpuSeconds() - cpu0;
  for (const auto& [what, n] : errors) {
    std::fprintf(stderr, "case_bench: %s: %d × %s\n", r.name.c_str(), n, what.c_str());
  }
  std::sort(r.ms.begin(), r.ms.end());
  return r;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

double Ms(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// ---- set-up through the API ------------------------------------------------------------------

Session SignIn(Client& c, const char* user) {
  const json::value cred = {{"username", user}, {"password", kPassword}};
  Reply r = c.Call(http::verb::post, "/api/v1/session", nullptr, &cred);
  if (r.status != 200) Die(fmt::format("sign-in as {}: {} {}", user, r.status, r.body));
  const json::value body = r.Json();
  return {r.set_cookie.substr(0, r.set_cookie.find(';')),
          json::value_to<std::string>(body.at("csrfToken"))};
}

json::value Get(Client& c, const Session& s, const std::string& target) {
  Reply r = c.Call(http::verb::get, target, &s);
  if (r.status != 200) Die(fmt::format("GET {}: {} {}", target, r.status, r.body));
  return r.Json();
}

struct Lead {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::int64_t filing = 0;  // the signed 立案审批表
};

// A new lead with its 立案审批表 drafted and signed by the officer and the unit head.
Lead PrepareLead(Client& c, const Session& officer, const Session& unithead, std::int64_t power,
                 const json::array& officer_ids, int n) {
  const json::value create = {
      {"powerItemId", power},
      {"procedure", "ordinary"},
      {"cause", "涉嫌未办理住房公积金缴存登记"},
      {"source", "监督检查"},
      {"area", "郑州市金水区"},
      {"party",
       {{"kind", "organisation"},
        {"name", fmt::format("郑州压测商贸有限公司{}", n)},
        {"idNumber", fmt::format("91410105MA{:08d}", n)},
        {"representative", "李明"},
        {"address", "郑州市金水区花园路 88 号"},
        {"phone", "0371-6555 0101"}}},
      {"facts", "当事人成立 2 年,至今未办理住房公积金缴存登记;经责令限期办理,逾期仍未办理。"},
      {"art37",
       {{"unregistered", true},
        {"yearsSinceFounding", 2},
        {"accountsMissing", 0},
        {"correctedInTime", false}}},
      {"complexOrMajor", false},
      {"eServiceConsent", false},
      {"officerIds", officer_ids}};
  Reply r = c.Call(http::verb::post, "/api/v1/cases", &officer, &create);
  if (r.status != 201) Die(fmt::format("create case: {} {}", r.status, r.body));
  Lead lead;
  json::value v = r.Json();
  lead.id = v.at("id").as_int64();
  lead.version = v.at("version").as_int64();
  const json::value draft = {
      {"type", "filing_approval"},
      {"inputs",
       {{"source", "日常监督检查"},
        {"summary", "经核查,当事人未依法办理住房公积金缴存登记。"},
        {"handler_opinion", "当事人涉嫌违反《住房公积金管理条例》第十四条,建议立案调查。"},
        {"dept_opinion", "同意立案。"}}}};
  r = c.Call(http::verb::post, fmt::format("/api/v1/cases/{}/documents", lead.id), &officer,
             &draft);
  if (r.status != 201) Die(fmt::format("draft: {} {}", r.status, r.body));
  lead.filing = r.Json().at("id").as_int64();
  for (auto [session, role] : {std::pair{&officer, "officer"}, std::pair{&unithead, "unit_head"}}) {
    const json::value sign = {{"role", role}};
    r = c.Call(http::verb::post, fmt::format("/api/v1/documents/{}/signoffs", lead.filing), session,
               &sign);
    if (r.status != 200) Die(fmt::format("sign-off as {}: {} {}", role, r.status, r.body));
  }
  return lead;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die(a + " needs a value");
      return argv[++i];
    };
    auto number = [&]() {
      const std::string v = value();
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (*end != '\0' || n < 1 || n > 100000) Die(fmt::format("{}: {} is not a count", a, v));
      return static_cast<int>(n);
    };
    if (a == "--binary") {
      o.binary = value();
    } else if (a == "--db") {
      o.db = value();
    } else if (a == "--clients") {
      o.clients = number();
    } else if (a == "--files") {
      o.files = number();
    } else if (a == "--pairs") {
      o.pairs = number();
    } else if (a == "--healthz-seconds") {
      o.healthz_seconds = number();
    } else {
      Die("usage: case_bench [--binary PATH] [--db URL] [--clients N] [--files N] [--pairs N] "
          "[--healthz-seconds N]");
    }
  }
  if (::access(o.binary.c_str(), X_OK) != 0) Die("no executable sanxiang at " + o.binary);
  o.binary = fs::absolute(o.binary).string();
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  ::signal(SIGPIPE, SIG_IGN);
  char tmpl[] = "/tmp/sanxiang-case-bench.XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) Die("mkdtemp failed");
  const std::string dir = tmpl;
  int rc = 0;
  {
    std::fprintf(stderr, "==> starting sanxiang (%s) with the demo data\n",
                 o.db.empty() ? "SQLite" : "PostgreSQL");
    Server server(o, dir);
    Client setup(server.port());
    const Session officer = SignIn(setup, "demo.officer");
    const Session unithead = SignIn(setup, "demo.unithead");

    std::int64_t power = 0;
    const json::value powers = Get(setup, officer, "/api/v1/power-items");
    for (const auto& p : powers.at("items").as_array()) {
      if (p.at("code").as_string() == "GJJ-CF-037") power = p.at("id").as_int64();
    }
    const json::value investigating =
        Get(setup, officer, "/api/v1/cases?stage=investigation").at("items");
    if (power == 0 || investigating.as_array().empty()) Die("the demo data is not as expected");
    json::array officer_ids;
    const auto demo_case = investigating.as_array()[0].at("id").as_int64();
    const json::value detail = Get(setup, officer, fmt::format("/api/v1/cases/{}", demo_case));
    for (const auto& x : detail.at("officers").as_array()) {
      officer_ids.push_back(x.at("officerId"));
    }

    std::fprintf(stderr, "==> preparing %d leads with signed 立案审批表 (%d clients)\n",
                 o.clients * o.files, o.clients);
    std::vector<std::vector<Lead>> leads(static_cast<std::size_t>(o.clients));
    {
      std::vector<std::thread> threads;
      for (int c = 0; c < o.clients; ++c) {
        threads.emplace_back([&, c] {
          Client client(server.port());
          for (int i = 0; i < o.files; ++i) {
            leads[static_cast<std::size_t>(c)].push_back(
                PrepareLead(client, officer, unithead, power, officer_ids, c * o.files + i));
          }
        });
      }
      for (auto& t : threads) t.join();
    }

    std::vector<Result> results;
    std::fprintf(stderr, "==> GET /healthz, %d clients, %d s\n", o.clients, o.healthz_seconds);
    results.push_back(
        Measure(server, "baseline", "`GET /healthz`", o.clients, [&](int, auto& record) {
          Client client(server.port());
          const auto end = Clock::now() + std::chrono::seconds(o.healthz_seconds);
          while (Clock::now() < end) {
            const auto t0 = Clock::now();
            Reply r = client.Call(http::verb::get, "/healthz");
            record(Ms(t0), r, 200);
          }
        }));

    std::fprintf(stderr, "==> file (立案, issues the 立案审批表), %d × %d\n", o.clients, o.files);
    std::vector<std::int64_t> versions(static_cast<std::size_t>(o.clients));
    results.push_back(Measure(
        server, "step issuing a document", "`file` 立案 (文号 + PDF + blob + ledger)", o.clients,
        [&](int c, auto& record) {
          Client client(server.port());
          for (auto& lead : leads[static_cast<std::size_t>(c)]) {
            const json::value step = {
                {"version", lead.version}, {"action", "file"}, {"documentId", lead.filing}};
            const auto t0 = Clock::now();
            Reply r = client.Call(http::verb::post, fmt::format("/api/v1/cases/{}/steps", lead.id),
                                  &officer, &step);
            if (record(Ms(t0), r, 200)) lead.version = r.Json().at("version").as_int64();
          }
        }));

    std::fprintf(stderr, "==> suspend/resume (中止/恢复, no document), %d × %d pairs\n", o.clients,
                 o.pairs);
    std::vector<double> suspend_ms, resume_ms;
    std::mutex split_mu;
    results.push_back(Measure(
        server, "steps issuing no document", "`suspend` / `resume` 中止 / 恢复 (alternating)",
        o.clients, [&](int c, auto& record) {
          Client client(server.port());
          Lead& lead = leads[static_cast<std::size_t>(c)].front();
          std::vector<double> s_ms, r_ms;
          for (int i = 0; i < 2 * o.pairs; ++i) {
            const bool suspend = i % 2 == 0;
            json::value step = {{"version", lead.version},
                                {"action", suspend ? "suspend" : "resume"}};
            if (suspend) step.as_object()["reason"] = "当事人申请中止,压测";
            const auto t0 = Clock::now();
            Reply r = client.Call(http::verb::post, fmt::format("/api/v1/cases/{}/steps", lead.id),
                                  &unithead, &step);
            const double ms = Ms(t0);
            if (!record(ms, r, 200)) break;  // the version is unknown after a failure
            lead.version = r.Json().at("version").as_int64();
            (suspend ? s_ms : r_ms).push_back(ms);
          }
          std::lock_guard lock(split_mu);
          suspend_ms.insert(suspend_ms.end(), s_ms.begin(), s_ms.end());
          resume_ms.insert(resume_ms.end(), r_ms.begin(), r_ms.end());
        }));
    std::sort(suspend_ms.begin(), suspend_ms.end());
    std::sort(resume_ms.begin(), resume_ms.end());

    if (!server.alive()) {
      std::fprintf(stderr, "case_bench: the server exited during the run:\n%s\n",
                   server.Tail().c_str());
      rc = 1;
    }

    std::printf(
        "| call | clients | requests | errors | throughput (req/s) | median (ms) | p90 (ms) | "
        "p99 (ms) | max (ms) | server CPU (ms/req) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& r : results) {
      const double n = static_cast<double>(r.ms.size());
      std::printf("| %s: %s | %d | %zu | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.3f |\n",
                  r.name.c_str(), r.call.c_str(), r.clients, r.ms.size(), r.errors, n / r.seconds,
                  Percentile(r.ms, 0.5), Percentile(r.ms, 0.9), Percentile(r.ms, 0.99),
                  r.ms.empty() ? 0 : r.ms.back(), n > 0 ? 1000 * r.cpu_seconds / n : 0);
      if (r.errors > 0) rc = 1;
    }
    std::printf(
        "\n- of the no-document steps: `suspend` median %.2f ms, p99 %.2f ms; `resume` "
        "median %.2f ms, p99 %.2f ms\n",
        Percentile(suspend_ms, 0.5), Percentile(suspend_ms, 0.99), Percentile(resume_ms, 0.5),
        Percentile(resume_ms, 0.99));
    std::printf("- load average (1/5/15 min) at the start of each phase: %s\n",
                fmt::format("healthz {}; file {}; suspend/resume {}", results[0].load,
                            results[1].load, results[2].load)
                    .c_str());
    std::printf(
        "- machine: %u CPUs, %s; database: %s; server: default threads (I/O one per core, "
        "8 workers), access log off; %d keep-alive clients on the same machine\n",
        std::thread::hardware_concurrency(), CpuModel().c_str(),
        o.db.empty() ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL", o.clients);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return rc;
}
