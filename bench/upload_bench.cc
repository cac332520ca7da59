// Evidence upload throughput (issue #7) against `sha256sum` of the same file in the same run:
// a file of random bytes (an MP4 `ftyp` box first, so it passes as video/mp4) in a temporary
// directory, timed through the real `sha256sum`, then uploaded to a real `sanxiang serve` on a
// fresh SQLite database (demo data) over loopback — one keep-alive connection, PATCHes of 8 MiB
// with Upload-Offset, as a client would. The stored digest must equal sha256sum's. Prints a
// Markdown table (docs/benchmarks.md, "证据上传 (#7)"); exit status 1 when the upload failed or
// the digests differ, and with --enforce also when upload ÷ sha256sum is below 70%.
//
//   upload_bench [--binary PATH] [--mib 1024] [--runs 3] [--enforce]
//
// The server runs in the temporary directory (removed at exit) with the SANXIANG_* environment
// removed, access log off, its other settings the defaults.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
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
constexpr std::size_t kChunk = std::size_t{8} << 20;  // services::kEvidenceChunkBytes
// The start of an MP4 file (an ftyp box), enough for libmagic.
constexpr std::string_view kMp4Head(
    "\x00\x00\x00\x18"
    "ftypmp42\x00\x00\x00\x00mp42isom",
    24);

struct Options {
  std::string binary = SANXIANG_BINARY;
  std::int64_t mib = 1024;
  int runs = 3;  // rounds of sha256sum then the upload; medians compared
  bool enforce = false;
};

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "upload_bench: %s\n", why.c_str());
  std::exit(2);
}

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// ---- the server process ----------------------------------------------------------------------

class Server {
 public:
  Server(const Options& o, const std::string& dir) {
    const std::vector<std::pair<std::string, std::string>> flags = {
        {"--db", "sqlite:" + dir + "/bench.db"},
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
  pid_t pid() const { return pid_; }
  bool alive() {
    if (!exited_ && ::waitpid(pid_, nullptr, WNOHANG) == pid_) exited_ = true;
    return !exited_;
  }

  // User+system CPU seconds of the server (all threads) so far.
  double CpuSeconds() const { return StatTicks({14, 15}) / Hz(); }
  // The server's peak resident memory (VmHWM) and current (VmRSS), in KiB.
  std::int64_t PeakRssKb() const { return Status("VmHWM:"); }
  std::int64_t RssKb() const { return Status("VmRSS:"); }
  std::int64_t Status(std::string_view key) const {
    std::ifstream in(fmt::format("/proc/{}/status", pid_));
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with(key)) return std::stoll(line.substr(key.size()));
    }
    return 0;
  }

  std::string Tail() const {
    std::ifstream in(log_);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
  }

 private:
  static double Hz() { return static_cast<double>(::sysconf(_SC_CLK_TCK)); }
  double StatTicks(std::initializer_list<int> which) const {
    std::ifstream in(fmt::format("/proc/{}/stat", pid_));
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string f;
    double ticks = 0;
    for (int i = 3; fields >> f; ++i) {
      for (int w : which) {
        if (i == w) ticks += std::stod(f);
      }
    }
    return ticks;
  }

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
  int status = 0;
  std::string body;
  std::string set_cookie;
  json::value Json() const {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    return ec ? json::value() : v;
  }
};

// One connection, kept alive. The request head and the body go out in one gather write, so the
// client copies nothing between the file and the socket but what pread puts in its buffer.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(io_) {
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    stream_.socket().set_option(asio::ip::tcp::no_delay(true));
  }

  Reply Call(http::verb verb, const std::string& target, const Session* session,
             std::vector<std::string> headers, std::string_view body) {
    std::string head = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                   std::string_view(http::to_string(verb)), target);
    if (session != nullptr) {
      head += fmt::format("Cookie: {}\r\nX-CSRF-Token: {}\r\n", session->cookie, session->csrf);
    }
    for (const auto& h : headers) head += h + "\r\n";
    head += fmt::format("Content-Length: {}\r\n\r\n", body.size());
    const std::array<asio::const_buffer, 2> out{asio::buffer(head), asio::buffer(body)};
    asio::write(stream_.socket(), out);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    http::read(stream_, buffer_, parser);
    Reply r;
    r.status = static_cast<int>(parser.get().result_int());
    r.set_cookie = std::string(parser.get()[http::field::set_cookie]);
    r.body = std::move(parser.get().body());
    return r;
  }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

Session SignIn(Client& c, const char* user) {
  const std::string cred =
      json::serialize(json::object{{"username", user}, {"password", kPassword}});
  Reply r = c.Call(http::verb::post, "/api/v1/session", nullptr, {"Content-Type: application/json"},
                   cred);
  if (r.status != 200) Die(fmt::format("sign-in as {}: {} {}", user, r.status, r.body));
  return {r.set_cookie.substr(0, r.set_cookie.find(';')),
          json::value_to<std::string>(r.Json().at("csrfToken"))};
}

// ---- the file and its baseline ---------------------------------------------------------------

void WriteRandomFile(const std::string& path, std::int64_t bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) Die("cannot create " + path);
  std::mt19937_64 rng(std::random_device{}());
  std::vector<std::uint64_t> words(kChunk / 8);
  for (std::int64_t at = 0; at < bytes; at += static_cast<std::int64_t>(kChunk)) {
    for (auto& w : words) w = rng();
    auto* p = reinterpret_cast<char*>(words.data());
    if (at == 0) std::memcpy(p, kMp4Head.data(), kMp4Head.size());
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(kChunk, bytes - at));
    if (::write(fd, p, n) != static_cast<ssize_t>(n)) Die("cannot write " + path);
  }
  ::close(fd);
}

// Runs `sha256sum path` and returns its hex digest and the wall time.
std::pair<std::string, double> Sha256sum(const std::string& path) {
  const auto t0 = Clock::now();
  FILE* p = ::popen(fmt::format("sha256sum '{}'", path).c_str(), "r");
  if (p == nullptr) Die("cannot run sha256sum");
  char out[256] = {};
  const bool read = std::fgets(out, sizeof out, p) != nullptr;
  const int rc = ::pclose(p);
  const double secs = Seconds(t0);
  if (!read || rc != 0) Die("sha256sum failed");
  return {std::string(out, 64), secs};
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--binary" && i + 1 < argc) {
      o.binary = argv[++i];
    } else if (a == "--mib" && i + 1 < argc) {
      char* end = nullptr;
      o.mib = std::strtoll(argv[++i], &end, 10);
      if (*end != '\0' || o.mib < 1 || o.mib > 65536) Die("--mib: a size in MiB, 1–65536");
    } else if (a == "--runs" && i + 1 < argc) {
      o.runs = std::atoi(argv[++i]);
      if (o.runs < 1 || o.runs > 20) Die("--runs: 1–20");
    } else if (a == "--enforce") {
      o.enforce = true;
    } else {
      Die("usage: upload_bench [--binary PATH] [--mib 1024] [--runs 3] [--enforce]");
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
  char tmpl[] = "/tmp/sanxiang-upload-bench.XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) Die("mkdtemp failed");
  const std::string dir = tmpl;
  const std::int64_t size = o.mib << 20;
  const double mb = static_cast<double>(size) / 1e6;
  int rc = 0;
  {
    const std::string file = dir + "/evidence.mp4";
    std::fprintf(stderr, "==> writing %lld MiB of random bytes to %s\n",
                 static_cast<long long>(o.mib), file.c_str());
    WriteRandomFile(file, size);
    std::fprintf(stderr, "==> starting sanxiang with the demo data\n");
    Server server(o, dir);
    Client client(server.port());
    const Session officer = SignIn(client, "demo.officer");
    Reply cases =
        client.Call(http::verb::get, "/api/v1/cases?stage=investigation", &officer, {}, {});
    if (cases.status != 200 || cases.Json().at("items").as_array().empty()) {
      Die(fmt::format("no case to attach the evidence to: {} {}", cases.status, cases.body));
    }
    const std::int64_t case_id = cases.Json().at("items").as_array()[0].at("id").as_int64();
    const std::string create = json::serialize(
        json::object{{"filename", "bench.mp4"}, {"size", size}, {"declaredType", "video/mp4"}});
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) Die("cannot open " + file);
    std::string chunk(kChunk, '\0');

    // Rounds of sha256sum then the upload, so both meet the machine in the same state; the
    // medians are compared (a VM's sha256sum alone varies by more than half between runs).
    std::vector<double> sha_all, up_all;
    std::int64_t rss_before = 0, rss_during = 0;
    double cpu = 0;
    std::printf(
        "| round | sha256sum (MB/s) | upload (MB/s) | upload ÷ sha256sum | server CPU (s) | "
        "server RSS before → max during upload (MiB) | digest |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---|\n");
    for (int round = 1; round <= o.runs; ++round) {
      std::fprintf(stderr, "==> round %d: sha256sum\n", round);
      const auto [expected, sha_secs] = Sha256sum(file);
      std::fprintf(stderr, "==> round %d: uploading in PATCHes of 8 MiB\n", round);
      rss_before = server.RssKb();
      std::int64_t rss_max = rss_before;
      const double cpu0 = server.CpuSeconds();
      const auto t0 = Clock::now();
      Reply r =
          client.Call(http::verb::post, fmt::format("/api/v1/cases/{}/evidence/uploads", case_id),
                      &officer, {"Content-Type: application/json"}, create);
      if (r.status != 201) Die(fmt::format("create upload: {} {}", r.status, r.body));
      const std::string target = fmt::format("/api/v1/uploads/{}", r.Json().at("id").as_int64());
      for (std::int64_t at = 0; at < size; at += static_cast<std::int64_t>(kChunk)) {
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(kChunk, size - at));
        if (::pread(fd, chunk.data(), n, at) != static_cast<ssize_t>(n)) {
          Die("cannot read " + file);
        }
        r = client.Call(
            http::verb::patch, target, &officer,
            {"Content-Type: application/offset+octet-stream", fmt::format("Upload-Offset: {}", at)},
            std::string_view(chunk).substr(0, n));
        const bool last = at + static_cast<std::int64_t>(n) == size;
        if (r.status != (last ? 201 : 204)) {
          Die(fmt::format("PATCH at {}: {} {}", at, r.status, r.body));
        }
        rss_max = std::max(rss_max, server.RssKb());
      }
      const double up_secs = Seconds(t0);
      cpu = server.CpuSeconds() - cpu0;
      rss_during = std::max(rss_during, rss_max);
      const std::string stored = json::value_to<std::string>(r.Json().at("sha256"));
      const bool same = stored == "sha256:" + expected;
      if (!same) {
        std::fprintf(stderr, "upload_bench: stored %s, sha256sum %s\n", stored.c_str(),
                     expected.c_str());
        rc = 1;
      }
      if (!server.alive()) {
        std::fprintf(stderr, "upload_bench: the server exited:\n%s\n", server.Tail().c_str());
        rc = 1;
        break;
      }
      sha_all.push_back(mb / sha_secs);
      up_all.push_back(mb / up_secs);
      std::printf("| %d | %.0f | %.0f | %.0f%% | %.2f | %.0f → %.0f | %s |\n", round,
                  sha_all.back(), up_all.back(), 100 * up_all.back() / sha_all.back(), cpu,
                  static_cast<double>(rss_before) / 1024, static_cast<double>(rss_max) / 1024,
                  same ? "equal" : "DIFFERENT");
    }
    ::close(fd);
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v.empty() ? 0.0 : v[v.size() / 2];
    };
    const double sha_mbs = median(sha_all), up_mbs = median(up_all);
    const double ratio = sha_mbs > 0 ? up_mbs / sha_mbs : 0;
    std::printf("| **median of %zu** | %.0f | %.0f | **%.0f%%** | | | |\n", up_all.size(), sha_mbs,
                up_mbs, 100 * ratio);
    std::printf(
        "\n- %lld MiB of random bytes; target: upload ≥ 70%% of sha256sum (medians): %s\n"
        "- server peak RSS over the whole run (incl. start-up, an argon2id sign-in of 64 MiB and "
        "completion): %.0f MiB\n- machine: %u CPUs, %s; load average at the end: %s; SQLite (WAL, "
        "synchronous=FULL) and the blob store in %s\n",
        static_cast<long long>(o.mib), ratio >= 0.7 ? "PASS" : "FAIL",
        static_cast<double>(server.PeakRssKb()) / 1024, std::thread::hardware_concurrency(),
        CpuModel().c_str(), LoadAverage().c_str(), dir.c_str());
    if (o.enforce && ratio < 0.7) rc = 1;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return rc;
}
