// A small blocking HTTP/1.1 client for the tools that talk to a running server (`sanxiang ledger
// watch`). Plain http only: put TLS in front with a proxy, as for the server.
#pragma once

#include <chrono>
#include <string>

#include "util/status.h"

namespace sx::http {

struct FetchOptions {
  std::chrono::milliseconds timeout{10000};
  std::size_t max_body = 16 * 1024 * 1024;
};

// GET `url` ("http://host:port/path?query"); the body of a 200 response. kNotFound for 404,
// kUnavailable when the server cannot be reached or answers otherwise, kInvalid for a bad URL.
Result<std::string> HttpGet(const std::string& url, const FetchOptions& options = {});

}  // namespace sx::http
