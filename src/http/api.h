// The routes of the HTTP API: health, metrics, OpenAPI, and the agency endpoints.
#pragma once

#include <string>

#include "domain/access.h"
#include "http/metrics.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/static_files.h"
#include "services/agency_service.h"
#include "services/archive_service.h"
#include "services/auth_service.h"
#include "services/calendar_service.h"
#include "services/case_service.h"
#include "services/complaint_service.h"
#include "services/deadline_service.h"
#include "services/disclosure_service.h"
#include "services/evaluation_service.h"
#include "services/evidence_service.h"
#include "services/guidance_service.h"
#include "services/inspection_service.h"
#include "services/ledger_service.h"
#include "services/people_service.h"
#include "services/report_service.h"
#include "services/review_service.h"
#include "store/database.h"

namespace sx::http {

struct ApiContext {
  store::Database& db;
  services::AgencyService& agencies;
  Metrics& metrics;
  const StaticFiles* web = nullptr;       // the built web app, if any
  services::AuthService* auth = nullptr;  // staff sign-in and API tokens; without it only public
                                          // routes answer
  services::PeopleService* people = nullptr;  // 执法人员库; its routes exist only with it
  services::LedgerService* ledger = nullptr;  // the record ledger; /log routes exist only with it
  std::string public_url = {};  // the portal's public origin for QR codes; empty: the Host
  // The working-day calendar and the deadline tracker; their routes exist only with both.
  services::CalendarService* calendar = nullptr;
  services::DeadlineService* deadlines = nullptr;
  services::CaseService* cases = nullptr;         // 案件办理; its routes exist only with it
  services::EvidenceService* evidence = nullptr;  // 证据; its routes exist only with it and cases
  services::ArchiveService* archive =
      nullptr;  // 案卷 export and 四性检测; routes with it and cases
  services::ReviewService* review = nullptr;  // 法制审核 and 集体讨论; routes with it and cases
  services::DisclosureService* disclosures = nullptr;  // 执法公示; its routes exist only with it
  services::InspectionService* inspections = nullptr;  // 双随机; its routes exist only with it
  services::ComplaintService* complaints = nullptr;  // 投诉举报; its routes exist only with it
  services::ReportService* reports = nullptr;        // indicators, the annual report, remedies
  services::EvaluationService* evaluations = nullptr;  // 案卷评查
  services::GuidanceService* guidance = nullptr;       // 案例指导
  // The public search's limit per client address: `search_burst` at once, refilled at
  // `search_per_second` (0: no limit).
  double search_burst = 60;
  double search_per_second = 2;
  // Complaints filed per client address: `complaint_burst` at once, then one per
  // 1/`complaint_per_second` seconds (0: no limit).
  double complaint_burst = 3;
  double complaint_per_second = 1.0 / 600;
};

// The handler for a route served by `fn(ctx, request)`.
inline Handler Bind(ApiContext& ctx, Response (*fn)(ApiContext&, const Request&)) {
  return [&ctx, fn](const Request& req) { return fn(ctx, req); };
}

// Routes of staff sign-in (api_auth.cc), registered by RegisterRoutes.
void RegisterAuthRoutes(Router& router, ApiContext& ctx);

// Who is behind a request: an API token (Authorization: Bearer sxt_…) or the session cookie; for
// a session and a method that changes state, the X-CSRF-Token header must match the session's
// token. On failure returns the 401/403 problem to send.
std::optional<Response> Authenticate(ApiContext& ctx, const Request& req, services::Principal* out);

// Authenticate, then the access policy (domain::Allowed) for `p` on `target_agency`'s data: 403
// naming the permission when refused. Every non-public route calls this before reading its
// body, so a refused request learns nothing and changes nothing.
std::optional<Response> Authorize(ApiContext& ctx, const Request& req, domain::Permission p,
                                  std::int64_t target_agency, services::Principal* out);
Response Forbidden(const Request& req, domain::Permission p);

// Authorize where the target agency is that of a stored record: `agency_of` returns it (or the
// kNotFound to send as 404). Authentication comes first, so strangers learn nothing.
template <typename AgencyOf>
std::optional<Response> AuthorizeRecord(ApiContext& ctx, const Request& req, domain::Permission p,
                                        AgencyOf&& agency_of, services::Principal* out) {
  if (auto denied = Authenticate(ctx, req, out)) return denied;
  Result<std::int64_t> agency = agency_of();
  if (!agency.ok()) return ProblemFromStatus(agency.status(), req);
  if (!domain::Allowed(out->actor(), p, *agency)) return Forbidden(req, p);
  return std::nullopt;
}

// 422 "import-rejected" for a file import with row errors (nothing imported): the detail says
// how many and that nothing of `what` went in; `errors` lists {row, field, message}.
Response ImportRejected(const Request& req, const std::vector<services::ImportError>& errors,
                        std::string_view what);
// The ledger routes (api_ledger.cc): C2SP tlog-tiles read API and JSON proofs.
void RegisterLedgerRoutes(Router& router, ApiContext& ctx);

// The portal's origin for links printed on paper (QR codes): the configured public URL, else the
// Host the request came to.
std::string PublicOrigin(const ApiContext& ctx, const Request& req);

// The agency whose internal data a read is about: ?agency=ID, else the caller's own; after
// Authenticate. The 400 or 403 to send when refused.
std::optional<Response> AgencyToRead(const Request& req, const services::Principal& who,
                                     std::int64_t* agency);

// Authenticate, then the agency a request acts on for `p`: `asked` when the caller named one
// elsewhere (a body), else ?agency=ID, else the caller's own. The 401, 400 or 403 to send when
// refused.
std::optional<Response> AuthorizeAgency(ApiContext& ctx, const Request& req, domain::Permission p,
                                        services::Principal* who, std::int64_t* agency,
                                        std::optional<std::int64_t> asked = std::nullopt);

// The same for a listing that a supervisor (司法局) may run over every agency: nullopt in
// `agency` then means all of them.
std::optional<Response> AgenciesToList(const Request& req, const services::Principal& who,
                                       std::optional<std::int64_t>* agency);

// Case handling (api_cases.cc): powers list, cases and their steps, documents, dossiers.
void RegisterCaseRoutes(Router& router, ApiContext& ctx);

// Evidence (api_evidence.cc): resumable uploads, a case's evidence, Range playback.
void RegisterEvidenceRoutes(Router& router, ApiContext& ctx);
// Legal review and collective discussion (api_review.cc, docs/review.md).
void RegisterReviewRoutes(Router& router, ApiContext& ctx);
// 执法公示 (api_disclosure.cc, docs/disclosure.md): public search, items, CSV, feed, 事前公开;
// the publisher's workbench.
void RegisterDisclosureRoutes(Router& router, ApiContext& ctx);
// 双随机、一公开 (api_inspection.cc, docs/draw.md): roster, plans, draws, results; public plans
// and bundles.
void RegisterInspectionRoutes(Router& router, ApiContext& ctx);
// 监督考核 (api_supervision.cc, docs/supervision.md): complaints, indicators, the annual report,
// 行政复议/行政诉讼 outcomes.
void RegisterSupervisionRoutes(Router& router, ApiContext& ctx);
// 案卷评查 and 案例指导 (api_evaluation.cc, docs/supervision.md).
void RegisterEvaluationRoutes(Router& router, ApiContext& ctx);
// Routes of the case file (api_archive.cc), registered by RegisterRoutes.
void RegisterArchiveRoutes(Router& router, ApiContext& ctx);

// The staff administration routes (api_users.cc): users and roles, sign-in records, API tokens.
void RegisterUserRoutes(Router& router, ApiContext& ctx);

// Registers every route on `router`. `ctx` must outlive the router.
void RegisterRoutes(Router& router, ApiContext& ctx);

// The personnel routes (api_people.cc): public officer list and certificate check, admin writes.
void RegisterPeopleRoutes(Router& router, ApiContext& ctx);

// The calendar and deadline routes (api_deadlines.cc): the public calendar and due-date
// arithmetic, year imports, rules with each agency's own periods, the deadline tracker.
void RegisterDeadlineRoutes(Router& router, ApiContext& ctx);

// The OpenAPI document (docs/openapi.yaml), converted to JSON at build time.
const std::string& OpenApiJson();

}  // namespace sx::http
