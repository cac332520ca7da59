// Reading request parameters and JSON bodies, with 400 problems (application/problem+json) that
// name the parameter or field at fault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "domain/civil_date.h"
#include "http/message.h"
#include "util/status.h"

namespace sx::http {

std::optional<std::string_view> QueryParam(const Request& req, std::string_view name);

Response BadInput(const Request& req, std::string_view field, std::string_view detail);

// Services' kInvalid is the caller's input: 400 here, with the field it names.
Response Fail(const Status& st, const Request& req);
// `r` as JSON with `status` and Cache-Control: no-store (workbench data), or the problem for its
// status.
Response JsonOrProblem(Result<boost::json::object> r, const Request& req, int status = 200);

// A YYYY-MM-DD query parameter; `required` and missing, or malformed → the 400 to send.
std::optional<Response> DateParam(const Request& req, std::string_view name, bool required,
                                  std::optional<domain::Date>* out);
std::optional<Response> IntParam(const Request& req, std::string_view name, std::int64_t lo,
                                 std::int64_t hi, std::optional<std::int64_t>* out);

// Body members.
std::optional<Response> BodyString(const boost::json::object& o, std::string_view key,
                                   bool required, const Request& req, std::string* out);
std::optional<Response> BodyInt(const boost::json::object& o, std::string_view key, bool required,
                                const Request& req, std::optional<std::int64_t>* out);
std::optional<Response> BodyDate(const boost::json::object& o, std::string_view key,
                                 const Request& req, domain::Date* out);
std::optional<Response> BodyBool(const boost::json::object& o, std::string_view key,
                                 const Request& req, bool* out);

}  // namespace sx::http
