// The routes of the HTTP API: health, metrics, OpenAPI, and the agency endpoints.
#pragma once

#include <string>

#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "services/agency_service.h"
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
};

// Registers every route on `router`. `ctx` must outlive the router.
void RegisterRoutes(Router& router, ApiContext& ctx);

// The OpenAPI document (docs/openapi.yaml), converted to JSON at build time.
const std::string& OpenApiJson();

}  // namespace sx::http
