// A child process for tests that run the real `sanxiang` executable (two_servers_test,
// serve_upload_test).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

#ifndef SANXIANG_BINARY
#error "SANXIANG_BINARY must name the sanxiang executable (tests/CMakeLists.txt)"
#endif

namespace sx::testing {

// A child process in `cwd`, with its stdout on a pipe (read line by line), its stderr in a file
// and no SANXIANG_* variables. The destructor stops it: SIGTERM, then SIGKILL after 10 s.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& cwd, const std::string& log) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    std::vector<char*> args, env;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // The developer's SANXIANG_* settings (a config file, a database) stay out of the test.
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string_view(*e).substr(0, 9) != "SANXIANG_") env.push_back(*e);
    }
    env.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {                       // only async-signal-safe calls until exec
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // not left running if we crash
      ::dup2(out[1], STDOUT_FILENO);
      if (err >= 0) ::dup2(err, STDERR_FILENO);
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      ::execve(args[0], args.data(), env.data());
      ::_exit(127);
    }
    ::close(out[1]);
    if (err >= 0) ::close(err);
    out_ = out[0];
  }

  ~Process() {
    if (out_ >= 0) ::close(out_);
    if (pid_ <= 0 || exited_) return;
    // The server stops on SIGTERM after its shutdown grace; a hang shows as the test's timeout.
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }

  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The first line of stdout containing `marker`; nullopt at end of output or after `timeout`.
  std::optional<std::string> WaitForLine(std::string_view marker, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      for (auto eol = buffer_.find('\n'); eol != std::string::npos; eol = buffer_.find('\n')) {
        std::string line = buffer_.substr(0, eol);
        buffer_.erase(0, eol + 1);
        if (line.find(marker) != std::string::npos) return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }

  // Waits for the process to exit; its exit code (-1 when killed by a signal).
  int Wait() {
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) return -1;
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  bool exited_ = false;
  std::string buffer_;
};

inline std::string Tail(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return "";
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

// The port in the server's start-up line "sanxiang 已启动:http://127.0.0.1:PORT/ …"; 0 if none.
inline int PortOfStartLine(const std::string& line) {
  const auto at = line.find("http://");
  if (at == std::string::npos) return 0;
  const auto colon = line.find(':', at + 7);
  const auto slash = line.find('/', colon == std::string::npos ? at : colon);
  if (colon == std::string::npos || slash == std::string::npos) return 0;
  try {
    return std::stoi(line.substr(colon + 1, slash - colon - 1));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace sx::testing
