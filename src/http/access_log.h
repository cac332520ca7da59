// One JSON line per request for the access log.
#pragma once

#include <string>
#include <string_view>

namespace sx::http {

struct AccessRecord {
  std::string_view request_id;
  std::string_view remote;
  std::string_view method;
  std::string_view target;
  std::string_view route;
  int status = 0;
  std::size_t bytes = 0;
  double millis = 0;
};

std::string AccessLogLine(const AccessRecord& r);

}  // namespace sx::http
