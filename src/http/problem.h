// Responses in JSON and errors as RFC 9457 problem details (application/problem+json), with a
// Chinese `title` and a `detail` a person can act on, plus the request id to quote to support.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "http/message.h"
#include "util/status.h"

namespace sx::http {

// `slug` names the problem type: "/problems/<slug>".
Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 const Request* req = nullptr, std::string_view field = {});

// Maps a failed Status: kInvalid→422, kNotFound→404, kConflict→409, kPermission→403,
// kUnavailable→503, kInternal→500 (whose detail hides the internal message).
Response ProblemFromStatus(const Status& st, const Request& req);

Response JsonResponse(const boost::json::value& v, int status = 200);

// Parses the body as a JSON object; on failure returns the 400/415 problem to send.
std::optional<Response> ParseJsonObject(const Request& req, boost::json::object* out);

// Reads a string member. Missing and `required` → problem; wrong type → problem.
std::optional<Response> GetString(const boost::json::object& o, std::string_view key, bool required,
                                  const Request& req, std::string* out);

}  // namespace sx::http
