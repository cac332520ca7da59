// HTTP request and response as the handlers see them: plain structs, no Beast, so handler code
// compiles fast and tests build requests by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sx::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as received, e.g. "/api/v1/public/agencies?page=2"
  std::string path;    // percent-decoded path, no query
  Fields query;        // decoded query parameters, in order
  Fields headers;      // names in lower case
  std::string body;
  std::string request_id;  // from X-Request-Id when well-formed, else generated
  std::string remote;      // peer address
  Fields path_params;      // from the route pattern, e.g. {"id", "1"}

  // Header value by lower-case name; empty when absent.
  std::string_view Header(std::string_view lower_name) const;
  std::string_view PathParam(std::string_view name) const;
  // A path parameter declared `{name:int}`; always present and valid once routed.
  std::int64_t IntParam(std::string_view name) const;
};

// A response body sent from a file as it is read, in bounded memory: `length` bytes from
// `offset`. The server answers 404 when the file is missing and 500 when it is shorter.
struct FileBody {
  std::string path;
  std::int64_t offset = 0;
  std::int64_t length = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::optional<FileBody> file;  // when set, sent instead of `body`
  Fields headers;                // extra headers (Cache-Control, ETag, Allow, …)

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  std::string_view Header(std::string_view name) const;
};

}  // namespace sx::http
