#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace sx::http {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) return out;
  std::size_t start = 0;
  while (true) {
    auto slash = path.find('/', start);
    if (slash == path.npos) {
      out.push_back(path.substr(start));
      break;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // tolerate one trailing slash
  return out;
}

namespace {
// A parameter name handlers can ask for: [A-Za-z0-9_]+.
bool IsParamName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}
}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route r{std::move(method), std::move(pattern), std::move(handler), options, {}};
  const auto pattern_parts = SplitPath(r.pattern);
  for (std::size_t i = 0; i < pattern_parts.size(); ++i) {
    const std::string_view seg = pattern_parts[i];
    if (seg.empty()) throw std::invalid_argument("empty segment in route " + r.pattern);
    if (seg.front() == '{') {
      if (seg.back() != '}') throw std::invalid_argument("bad parameter in route " + r.pattern);
      std::string_view inner = seg.substr(1, seg.size() - 2);
      if (inner.ends_with("...")) {  // the rest of the path, one or more segments
        if (i + 1 != pattern_parts.size()) {
          throw std::invalid_argument("a rest parameter must come last in route " + r.pattern);
        }
        Route::Segment rest{Route::Segment::Kind::kRest, std::string(inner.substr(0, inner.size() - 3))};
        if (!IsParamName(rest.text)) {
          throw std::invalid_argument("bad parameter name in route " + r.pattern);
        }
        r.segments.push_back(std::move(rest));
        continue;
      }
      auto colon = inner.find(':');
      Route::Segment s{Route::Segment::Kind::kString, std::string(inner.substr(0, colon))};
      if (!IsParamName(s.text)) {
        throw std::invalid_argument("bad parameter name in route " + r.pattern);
      }
      if (colon != inner.npos) {
        if (inner.substr(colon + 1) != "int") {
          throw std::invalid_argument("unknown parameter type in route " + r.pattern);
        }
        s.kind = Route::Segment::Kind::kInt;
      }
      r.segments.push_back(std::move(s));
    } else {
      if (seg.find_first_of("{}") != seg.npos) {
        throw std::invalid_argument("brace in literal segment of route " + r.pattern);
      }
      r.segments.push_back({Route::Segment::Kind::kLiteral, std::string(seg)});
    }
  }
  routes_.push_back(std::move(r));
}

void Router::SetFallback(Handler handler, RouteOptions options) {
  fallback_ = Route{"GET", "(static)", std::move(handler), options, {}};
  has_fallback_ = true;
}

namespace {

bool IsPositiveInt(std::string_view s) {
  if (s.empty() || s.size() > 18 || s.front() == '0') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool MatchSegments(const Route& r, const std::vector<std::string_view>& parts, Fields* params) {
  const bool rest = !r.segments.empty() && r.segments.back().kind == Route::Segment::Kind::kRest;
  if (rest ? parts.size() < r.segments.size() : r.segments.size() != parts.size()) return false;
  Fields out;
  for (std::size_t i = 0; i < r.segments.size(); ++i) {
    const auto& seg = r.segments[i];
    switch (seg.kind) {
      case Route::Segment::Kind::kRest: {
        std::string joined;
        for (std::size_t j = i; j < parts.size(); ++j) {
          if (parts[j].empty()) return false;
          if (j > i) joined += '/';
          joined += parts[j];
        }
        out.emplace_back(seg.text, std::move(joined));
        break;
      }
      case Route::Segment::Kind::kLiteral:
        if (seg.text != parts[i]) return false;
        break;
      case Route::Segment::Kind::kInt:
        if (!IsPositiveInt(parts[i])) return false;
        out.emplace_back(seg.text, std::string(parts[i]));
        break;
      case Route::Segment::Kind::kString:
        if (parts[i].empty()) return false;
        out.emplace_back(seg.text, std::string(parts[i]));
        break;
    }
  }
  *params = std::move(out);
  return true;
}

}  // namespace

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  const auto parts = SplitPath(path);
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  Match m;
  std::vector<std::string_view> allowed;
  for (const auto& r : routes_) {
    Fields params;
    if (!MatchSegments(r, parts, &params)) continue;
    if (r.method == wanted) {
      m.kind = Match::Kind::kFound;
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    allowed.push_back(r.method);
    if (r.method == "GET") allowed.push_back("HEAD");
  }
  if (!allowed.empty()) {
    m.kind = Match::Kind::kMethodNotAllowed;
    for (auto a : allowed) m.allow += (m.allow.empty() ? "" : ", ") + std::string(a);
    return m;
  }
  if (has_fallback_ && wanted == "GET") {
    m.kind = Match::Kind::kFound;
    m.route = &fallback_;
  }
  return m;
}

}  // namespace sx::http
