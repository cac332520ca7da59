// Lists of strings in the JSON columns and answers of the services (scopes, filters, masks).
#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace sx::services {

inline boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

// The strings of a JSON array; anything else (absent, not an array, other members) is skipped.
inline std::vector<std::string> StringsOf(const boost::json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& x : v->get_array()) {
    if (x.is_string()) out.emplace_back(x.get_string());
  }
  return out;
}

}  // namespace sx::services
