// Routes by method and path pattern. Patterns are literal segments and typed parameters:
// "/api/v1/public/agencies/{id:int}" ({name} alone is any non-empty segment; a last {name...}
// takes the rest of the path, one or more non-empty segments joined by "/").
// Finding distinguishes "no such path" (404) from "path exists, method does not" (405 + Allow).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace sx::http {

using Handler = std::function<Response(const Request&)>;

struct RouteOptions {
  std::size_t max_body = 64 * 1024;  // bytes; larger bodies get 413
  // Blocking handlers (database, files) run on the worker pool, never on the I/O threads.
  bool blocking = true;
  // Tried first on the I/O thread for a blocking route (an in-memory cache): its answer, when it
  // has one, is sent without the trip to the worker pool. Must not block.
  std::function<std::optional<Response>(const Request&)> fast = {};
};

struct Route {
  std::string method;
  std::string pattern;  // also the route's label in metrics and logs
  Handler handler;
  RouteOptions options;
  struct Segment {
    enum class Kind { kLiteral, kString, kInt, kRest } kind;
    std::string text;  // literal text or parameter name
  };
  std::vector<Segment> segments;
};

class Router {
 public:
  // Throws std::invalid_argument for a malformed pattern (a programming error at start-up).
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  // Serves GET/HEAD requests that match no route (static files, SPA fallback).
  void SetFallback(Handler handler, RouteOptions options = {});

  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
    const Route* route = nullptr;  // when found (the fallback counts as found)
    Fields params;
    std::string allow;  // for 405: the allowed methods, "GET, HEAD"
  };
  // HEAD is answered by the GET route.
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  Route fallback_;
  bool has_fallback_ = false;
};

// Splits "/a/b/" into {"a","b"}; consecutive slashes are empty segments (never matched).
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace sx::http
