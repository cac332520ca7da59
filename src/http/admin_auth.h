// The bootstrap administrator check (Bearer token against the configured SHA-256), shared by the
// route files until sign-in and roles replace it (issue #3).
#pragma once

#include <optional>

#include "http/api.h"
#include "http/message.h"

namespace sx::http {

// Nullopt when the request carries the administrator token; otherwise the 401/403 to send.
std::optional<Response> RequireAdmin(const ApiContext& ctx, const Request& req);

}  // namespace sx::http
