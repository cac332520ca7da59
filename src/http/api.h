// The routes of the HTTP API: health, metrics, OpenAPI, and the agency endpoints.
#pragma once

#include <string>

#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "services/agency_service.h"
#include "services/people_service.h"
#include "services/auth_service.h"
#include "store/database.h"

namespace sx::http {

struct ApiContext {
  store::Database& db;
  services::AgencyService& agencies;
  Metrics& metrics;
  const StaticFiles* web = nullptr;  // the built web app, if any
  // SHA-256 (hex) of the bootstrap administrator token; empty: administrative writes refused.
  // Replaced by sign-in and scoped API tokens in issue #3.
  std::string admin_token_sha256;
  services::AuthService* auth = nullptr;  // staff sign-in; session routes exist only with it
  services::PeopleService* people = nullptr;  // 执法人员库; its routes exist only with it
};

// Routes of staff sign-in (api_auth.cc), registered by RegisterRoutes.
void RegisterAuthRoutes(Router& router, ApiContext& ctx);

// The signed-in staff member behind a request, from the session cookie. For methods that change
// state it also checks the X-CSRF-Token header against the session's token. On failure returns
// the 401/403 problem to send.
std::optional<Response> Authenticate(ApiContext& ctx, const Request& req,
                                     services::Principal* out);

// Registers every route on `router`. `ctx` must outlive the router.
void RegisterRoutes(Router& router, ApiContext& ctx);

// The personnel routes (api_people.cc): public officer list and certificate check, admin writes.
void RegisterPeopleRoutes(Router& router, ApiContext& ctx);

// The OpenAPI document (docs/openapi.yaml), converted to JSON at build time.
const std::string& OpenApiJson();

}  // namespace sx::http
