#include "http/message.h"

#include <charconv>
#include <strings.h>

namespace sx::http {

namespace {
std::string_view Find(const Fields& f, std::string_view name, bool ignore_case) {
  for (const auto& [k, v] : f) {
    if (k.size() == name.size() &&
        (ignore_case ? strncasecmp(k.data(), name.data(), k.size()) == 0 : k == name)) {
      return v;
    }
  }
  return {};
}
}  // namespace

std::string_view Request::Header(std::string_view lower_name) const {
  return Find(headers, lower_name, false);
}
std::string_view Request::PathParam(std::string_view name) const {
  return Find(path_params, name, false);
}
std::int64_t Request::IntParam(std::string_view name) const {
  auto v = PathParam(name);
  std::int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}
std::string_view Response::Header(std::string_view name) const {
  return Find(headers, name, true);
}

}  // namespace sx::http
