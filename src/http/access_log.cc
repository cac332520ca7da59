#include "http/access_log.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace sx::http {

std::string AccessLogLine(const AccessRecord& r) {
  boost::json::object o;
  o["id"] = r.request_id;
  o["remote"] = r.remote;
  o["method"] = r.method;
  o["target"] = r.target;
  o["route"] = r.route;
  o["status"] = r.status;
  o["bytes"] = r.bytes;
  o["ms"] = static_cast<double>(static_cast<long long>(r.millis * 1000)) / 1000;
  return boost::json::serialize(o);
}

}  // namespace sx::http
