// The authorization matrix: every API route × every role (and an API token, and nobody) × data
// of the actor's own agency and of another agency, against the real server. Each route must have
// an entry below saying who may call it; a route added without one fails this test.
//
// Allowed means the request got past authorization (any answer but 401/403: the bodies sent are
// empty, so a write is refused as malformed and changes nothing); denied means 403 (401 for
// nobody). Which role holds which permission is pinned down in tests/domain/access_test.cc; here
// each route is checked to ask for the permission the table names, on the right agency's data.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "domain/access.h"
#include "http/test_client.h"

namespace sx::testing {
namespace {

using domain::Permission;

enum class Gate {
  kPublic,   // anyone, signed in or not
  kSession,  // a signed-in person (not an API token)
  kPermission,
};

// Whose data the route touches: the agency is in the path, or it is that of the record in the
// path, or nobody's in particular (opening agencies).
enum class Target {
  kNone,
  kAgency,
  kOfficer,
  kUser,
  kToken,
  kDeadline,
  kInstallation,
  kCase,
  kDocument,
  kRecusal,
  kPowerItem,
  kUpload,
  kEvidence,
  kSubmission,
  kDisclosure,
  kPlan,
  kComplaint,
  kRound,
  kRectification,
  kGuidance
};

struct Rule {
  Gate gate;
  Permission permission = Permission::kReadAgencyInternal;
  Target target = Target::kNone;
};

const std::map<std::string, Rule>& Rules() {
  using P = Permission;
  static const std::map<std::string, Rule> rules = {
      {"GET /healthz", {Gate::kPublic}},
      {"GET /readyz", {Gate::kPublic}},
      {"GET /metrics", {Gate::kPublic}},
      {"GET /api/v1/openapi.json", {Gate::kPublic}},
      {"GET /api/v1/public/agencies", {Gate::kPublic}},
      {"GET /api/v1/public/agencies/{id:int}", {Gate::kPublic}},
      {"GET /api/v1/public/officers", {Gate::kPublic}},
      {"GET /api/v1/public/officers/verify", {Gate::kPublic}},
      {"POST /api/v1/session", {Gate::kPublic}},
      {"GET /log/checkpoint", {Gate::kPublic}},
      {"GET /log/vkey", {Gate::kPublic}},
      {"GET /log/tile/{path...}", {Gate::kPublic}},
      {"GET /api/v1/public/ledger/history", {Gate::kPublic}},
      {"GET /api/v1/public/ledger/inclusion", {Gate::kPublic}},
      {"GET /api/v1/public/ledger/consistency", {Gate::kPublic}},
      {"GET /api/v1/session", {Gate::kSession}},
      {"DELETE /api/v1/session", {Gate::kSession}},
      {"POST /api/v1/session/password", {Gate::kSession}},
      {"POST /api/v1/agencies", {Gate::kPermission, P::kManageInstallation, Target::kInstallation}},
      {"POST /api/v1/agencies/{id:int}/departments",
       {Gate::kPermission, P::kManageAgency, Target::kAgency}},
      {"GET /api/v1/agencies/{id:int}/officers",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kAgency}},
      {"POST /api/v1/agencies/{id:int}/officers",
       {Gate::kPermission, P::kManagePeople, Target::kAgency}},
      {"POST /api/v1/agencies/{id:int}/officers/import",
       {Gate::kPermission, P::kManagePeople, Target::kAgency}},
      {"GET /api/v1/agencies/{id:int}/people-dashboard",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kAgency}},
      {"GET /api/v1/officers/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kOfficer}},
      {"GET /api/v1/officers/{id:int}/qr.svg",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kOfficer}},
      {"PATCH /api/v1/officers/{id:int}", {Gate::kPermission, P::kManagePeople, Target::kOfficer}},
      {"POST /api/v1/officers/{id:int}/trainings",
       {Gate::kPermission, P::kManagePeople, Target::kOfficer}},
      {"GET /api/v1/agencies/{id:int}/users",
       {Gate::kPermission, P::kReadAuditTrail, Target::kAgency}},
      {"POST /api/v1/agencies/{id:int}/users",
       {Gate::kPermission, P::kManageUsers, Target::kAgency}},
      {"PUT /api/v1/users/{id:int}/roles", {Gate::kPermission, P::kManageUsers, Target::kUser}},
      {"PATCH /api/v1/users/{id:int}", {Gate::kPermission, P::kManageUsers, Target::kUser}},
      {"GET /api/v1/agencies/{id:int}/auth-events",
       {Gate::kPermission, P::kReadAuditTrail, Target::kAgency}},
      {"GET /api/v1/agencies/{id:int}/tokens",
       {Gate::kPermission, P::kManageUsers, Target::kAgency}},
      {"POST /api/v1/agencies/{id:int}/tokens",
       {Gate::kPermission, P::kManageUsers, Target::kAgency}},
      {"DELETE /api/v1/tokens/{id:int}", {Gate::kPermission, P::kManageUsers, Target::kToken}},
      {"GET /api/v1/public/calendar", {Gate::kPublic}},
      {"GET /api/v1/public/calendar/years", {Gate::kPublic}},
      {"GET /api/v1/public/calendar/due", {Gate::kPublic}},
      {"POST /api/v1/calendar/years",
       {Gate::kPermission, P::kManageInstallation, Target::kInstallation}},
      {"GET /api/v1/deadline-rules", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"PUT /api/v1/agencies/{id:int}/deadline-rules/{code}",
       {Gate::kPermission, P::kConfigureDeadlines, Target::kAgency}},
      {"DELETE /api/v1/agencies/{id:int}/deadline-rules/{code}",
       {Gate::kPermission, P::kConfigureDeadlines, Target::kAgency}},
      {"GET /api/v1/deadlines", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/deadlines", {Gate::kPermission, P::kTrackDeadlines, Target::kNone}},
      {"GET /api/v1/deadlines/summary", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/deadlines/{id:int}/complete",
       {Gate::kPermission, P::kTrackDeadlines, Target::kDeadline}},
      {"POST /api/v1/deadlines/{id:int}/extensions",
       {Gate::kPermission, P::kApproveExtension, Target::kDeadline}},
      // 案件办理: reading is the agency's; steps, documents and recusals are case work (which
      // role takes which step is the workflow's rule, checked after the body is read).
      {"GET /api/v1/power-items", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/power-items", {Gate::kPermission, P::kManagePowers, Target::kNone}},
      {"PUT /api/v1/power-items/{id:int}",
       {Gate::kPermission, P::kManagePowers, Target::kPowerItem}},
      {"GET /api/v1/public/agencies/{code}/power-items", {Gate::kPublic}},
      {"GET /api/v1/cases", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/cases", {Gate::kPermission, P::kHandleCases, Target::kNone}},
      {"GET /api/v1/cases/{id:int}", {Gate::kPermission, P::kReadAgencyInternal, Target::kCase}},
      {"PUT /api/v1/cases/{id:int}", {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"PUT /api/v1/cases/{id:int}/officers", {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"POST /api/v1/cases/{id:int}/steps", {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"POST /api/v1/cases/{id:int}/recusals", {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"POST /api/v1/recusals/{id:int}/decision",
       {Gate::kPermission, P::kHandleCases, Target::kRecusal}},
      {"POST /api/v1/cases/{id:int}/extensions",
       {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"GET /api/v1/document-templates", {Gate::kPublic}},
      {"POST /api/v1/cases/{id:int}/documents",
       {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"GET /api/v1/documents/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kDocument}},
      {"PUT /api/v1/documents/{id:int}", {Gate::kPermission, P::kHandleCases, Target::kDocument}},
      {"POST /api/v1/documents/{id:int}/signoffs",
       {Gate::kPermission, P::kHandleCases, Target::kDocument}},
      {"POST /api/v1/documents/{id:int}/issue",
       {Gate::kPermission, P::kHandleCases, Target::kDocument}},
      {"GET /api/v1/documents/{id:int}/pdf",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kDocument}},
      {"GET /api/v1/public/documents/verify", {Gate::kPublic}},
      {"GET /api/v1/dossiers", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      // 证据: uploading and discarding are case work; the evidence is read like the case.
      {"POST /api/v1/cases/{id:int}/evidence/uploads",
       {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"GET /api/v1/uploads/{id:int}", {Gate::kPermission, P::kHandleCases, Target::kUpload}},
      {"PATCH /api/v1/uploads/{id:int}", {Gate::kPermission, P::kHandleCases, Target::kUpload}},
      {"DELETE /api/v1/uploads/{id:int}", {Gate::kPermission, P::kHandleCases, Target::kUpload}},
      {"GET /api/v1/cases/{id:int}/evidence",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kCase}},
      {"GET /api/v1/evidence/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kEvidence}},
      {"GET /api/v1/evidence/{id:int}/content",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kEvidence}},
      {"GET /api/v1/evidence/{id:int}/poster",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kEvidence}},
      // 案卷: read like the case (supervisors across agencies); each export is in the custody log.
      {"GET /api/v1/cases/{id:int}/archive/check",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kCase}},
      {"GET /api/v1/cases/{id:int}/archive/bag",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kCase}},
      // 法制审核: read like the case; submitting, reviewing, answering, the meeting are case work
      // (which role does which is the review's rule, checked after the body is read); the
      // catalogue is the review unit's.
      {"GET /api/v1/review/catalogue", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"PUT /api/v1/review/catalogue",
       {Gate::kPermission, P::kManageReviewCatalogue, Target::kNone}},
      {"GET /api/v1/public/agencies/{id:int}/review-catalogue", {Gate::kPublic}},
      {"POST /api/v1/cases/{id:int}/review/submissions",
       {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"GET /api/v1/cases/{id:int}/review",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kCase}},
      {"POST /api/v1/cases/{id:int}/review/escalate",
       {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"POST /api/v1/cases/{id:int}/discussions",
       {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"GET /api/v1/cases/{id:int}/responsibility",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kCase}},
      {"GET /api/v1/review/queue", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"GET /api/v1/review/stats", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"GET /api/v1/review/submissions/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kSubmission}},
      {"POST /api/v1/review/submissions/{id:int}/assign",
       {Gate::kPermission, P::kHandleCases, Target::kSubmission}},
      {"GET /api/v1/review/submissions/{id:int}/diff",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kSubmission}},
      {"POST /api/v1/review/submissions/{id:int}/opinion",
       {Gate::kPermission, P::kHandleCases, Target::kSubmission}},
      {"POST /api/v1/review/submissions/{id:int}/response",
       {Gate::kPermission, P::kHandleCases, Target::kSubmission}},
      {"POST /api/v1/review/submissions/{id:int}/messages",
       {Gate::kPermission, P::kHandleCases, Target::kSubmission}},
      // 执法公示: the portal reads without signing in; the 公示管理员 publishes, withholds,
      // withdraws and corrects; staff and supervisors read the drafts; the administrator writes
      // the 事前公开 sections and the display periods.
      {"GET /api/v1/public/disclosures", {Gate::kPublic}},
      {"GET /api/v1/public/disclosures.csv", {Gate::kPublic}},
      {"GET /api/v1/public/disclosures/{id:int}", {Gate::kPublic}},
      {"GET /api/v1/public/feed.atom", {Gate::kPublic}},
      {"GET /api/v1/public/disclosure-stats", {Gate::kPublic}},
      {"GET /api/v1/public/agencies/{id:int}/flowchart.svg", {Gate::kPublic}},
      {"GET /api/v1/public/agencies/{id:int}/sections", {Gate::kPublic}},
      {"GET /api/v1/disclosures", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"GET /api/v1/disclosures/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kDisclosure}},
      {"PUT /api/v1/disclosures/{id:int}/redactions",
       {Gate::kPermission, P::kPublishDisclosures, Target::kDisclosure}},
      {"POST /api/v1/disclosures/{id:int}/publish",
       {Gate::kPermission, P::kPublishDisclosures, Target::kDisclosure}},
      {"POST /api/v1/disclosures/{id:int}/withhold",
       {Gate::kPermission, P::kPublishDisclosures, Target::kDisclosure}},
      {"POST /api/v1/disclosures/{id:int}/withdraw",
       {Gate::kPermission, P::kPublishDisclosures, Target::kDisclosure}},
      {"POST /api/v1/disclosures/{id:int}/revocation",
       {Gate::kPermission, P::kPublishDisclosures, Target::kDisclosure}},
      {"POST /api/v1/disclosures/{id:int}/corrections",
       {Gate::kPermission, P::kPublishDisclosures, Target::kDisclosure}},
      {"GET /api/v1/agencies/{id:int}/disclosure-policy",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kAgency}},
      {"PUT /api/v1/agencies/{id:int}/disclosure-policy",
       {Gate::kPermission, P::kManageAgency, Target::kAgency}},
      {"PUT /api/v1/agencies/{id:int}/sections/{code}",
       {Gate::kPermission, P::kManageAgency, Target::kAgency}},
      {"POST /api/v1/agencies/{id:int}/public-changes",
       {Gate::kPermission, P::kManageAgency, Target::kAgency}},
      // 双随机: the portal reads published plans, bundles and the item list; staff read their
      // agency's roster and plans; the unit head, leader or administrator manage them; the team
      // (officers, unit head) enters results; the 公示管理员 publishes them.
      {"GET /api/v1/public/draws", {Gate::kPublic}},
      {"GET /api/v1/public/draws/{id:int}", {Gate::kPublic}},
      {"GET /api/v1/public/draws/{id:int}/bundle", {Gate::kPublic}},
      {"GET /api/v1/public/agencies/{code}/inspection-items", {Gate::kPublic}},
      {"GET /api/v1/inspection/targets",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/inspection/targets/import",
       {Gate::kPermission, P::kManageInspections, Target::kNone}},
      {"GET /api/v1/inspection/conflicts",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/inspection/conflicts",
       {Gate::kPermission, P::kManageInspections, Target::kNone}},
      {"GET /api/v1/inspection/items", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/inspection/items", {Gate::kPermission, P::kManageInspections, Target::kNone}},
      {"GET /api/v1/inspection/plans", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/inspection/plans", {Gate::kPermission, P::kManageInspections, Target::kNone}},
      {"GET /api/v1/inspection/plans/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kPlan}},
      {"PUT /api/v1/inspection/plans/{id:int}",
       {Gate::kPermission, P::kManageInspections, Target::kPlan}},
      {"POST /api/v1/inspection/plans/{id:int}/publish",
       {Gate::kPermission, P::kManageInspections, Target::kPlan}},
      {"POST /api/v1/inspection/plans/{id:int}/draw",
       {Gate::kPermission, P::kManageInspections, Target::kPlan}},
      {"POST /api/v1/inspection/plans/{id:int}/replacements",
       {Gate::kPermission, P::kManageInspections, Target::kPlan}},
      {"POST /api/v1/inspection/plans/{id:int}/results",
       {Gate::kPermission, P::kRecordInspectionResults, Target::kPlan}},
      {"POST /api/v1/inspection/plans/{id:int}/results/publish",
       {Gate::kPermission, P::kPublishDisclosures, Target::kPlan}},
      // 监督考核 (docs/supervision.md).
      {"POST /api/v1/public/complaints", {Gate::kPublic}},
      {"POST /api/v1/public/complaints/{tracking}/attachments", {Gate::kPublic}},
      {"GET /api/v1/public/complaints/{tracking}", {Gate::kPublic}},
      {"GET /api/v1/complaints", {Gate::kPermission, P::kHandleComplaints, Target::kNone}},
      {"GET /api/v1/complaints/stats", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"GET /api/v1/complaints/{id:int}",
       {Gate::kPermission, P::kHandleComplaints, Target::kComplaint}},
      {"GET /api/v1/complaints/{id:int}/attachments/{index:int}",
       {Gate::kPermission, P::kHandleComplaints, Target::kComplaint}},
      {"POST /api/v1/complaints/{id:int}/assign",
       {Gate::kPermission, P::kHandleComplaints, Target::kComplaint}},
      {"POST /api/v1/complaints/{id:int}/reply",
       {Gate::kPermission, P::kHandleComplaints, Target::kComplaint}},
      {"POST /api/v1/complaints/{id:int}/reject",
       {Gate::kPermission, P::kHandleComplaints, Target::kComplaint}},
      {"GET /api/v1/supervision/indicators",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"GET /api/v1/reports/annual/{year}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"GET /api/v1/reports/annual/{year}/draft",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/reports/annual/{year}/draft",
       {Gate::kPermission, P::kManageAnnualReport, Target::kNone}},
      {"POST /api/v1/reports/annual/{year}/publish",
       {Gate::kPermission, P::kManageAnnualReport, Target::kNone}},
      {"GET /api/v1/public/reports/annual", {Gate::kPublic}},
      {"GET /api/v1/public/reports/annual/{year}", {Gate::kPublic}},
      {"GET /api/v1/cases/{id:int}/remedies",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kCase}},
      {"POST /api/v1/cases/{id:int}/remedies", {Gate::kPermission, P::kHandleCases, Target::kCase}},
      {"GET /api/v1/evaluation/template",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"PUT /api/v1/evaluation/template",
       {Gate::kPermission, P::kManageEvaluations, Target::kNone}},
      {"GET /api/v1/evaluation/rounds", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/evaluation/rounds", {Gate::kPermission, P::kManageEvaluations, Target::kNone}},
      {"GET /api/v1/evaluation/rounds/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kRound}},
      {"POST /api/v1/evaluation/rounds/{id:int}/draw",
       {Gate::kPermission, P::kManageEvaluations, Target::kRound}},
      {"POST /api/v1/evaluation/rounds/{id:int}/files/{case:int}/score",
       {Gate::kPermission, P::kManageEvaluations, Target::kRound}},
      {"POST /api/v1/evaluation/rectifications/{id:int}/respond",
       {Gate::kPermission, P::kHandleCases, Target::kRectification}},
      {"POST /api/v1/evaluation/rectifications/{id:int}/review",
       {Gate::kPermission, P::kManageEvaluations, Target::kRectification}},
      {"GET /api/v1/evaluation/results",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"GET /api/v1/public/guidance", {Gate::kPublic}},
      {"GET /api/v1/public/guidance/{id:int}", {Gate::kPublic}},
      {"GET /api/v1/guidance", {Gate::kPermission, P::kReadAgencyInternal, Target::kNone}},
      {"POST /api/v1/guidance", {Gate::kPermission, P::kManageGuidance, Target::kNone}},
      {"GET /api/v1/guidance/{id:int}",
       {Gate::kPermission, P::kReadAgencyInternal, Target::kGuidance}},
      {"PUT /api/v1/guidance/{id:int}", {Gate::kPermission, P::kManageGuidance, Target::kGuidance}},
      {"POST /api/v1/guidance/{id:int}/publish",
       {Gate::kPermission, P::kManageGuidance, Target::kGuidance}},
      {"POST /api/v1/guidance/{id:int}/withdraw",
       {Gate::kPermission, P::kManageGuidance, Target::kGuidance}},
  };
  return rules;
}

std::string Key(const http::Route& r) { return r.method + " " + r.pattern; }

// The records of one agency that routes can be aimed at.
struct Records {
  std::int64_t agency = 0;
  std::int64_t officer = 0;
  std::int64_t user = 0;
  std::int64_t token = 0;
  std::int64_t deadline = 0;  // in the department of the agency's demo officer
  std::int64_t power_item = 0;
  std::int64_t case_id = 0;  // opened by the agency's officer, in their department
  std::int64_t document = 0;
  std::int64_t recusal = 0;
  std::int64_t upload = 0;  // an open upload of the case
  std::int64_t evidence = 0;
  std::int64_t submission = 0;  // a submission of the case for legal review
  std::int64_t disclosure = 0;  // a 事后公开 draft of the agency
  std::int64_t plan = 0;        // a 双随机 plan (draft) of the agency
  std::int64_t complaint = 0;   // a complaint filed about the agency
  std::int64_t round = 0;       // a 案卷评查 round with the case drawn
  std::int64_t rectification = 0;
  std::int64_t guidance = 0;  // a 案例指导 draft of the case
};

// Who calls: a demo account (one role each) or an API token, with how the policy sees them.
struct Caller {
  std::string name;
  std::vector<domain::Role> roles;
  std::int64_t agency = 0;
  bool supervisor_org = false;
  std::string username;  // for a session
  std::string token;     // for an API token
  std::vector<Permission> scopes;
};

class AccessMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    auto center = server_.agencies().GetByCode("zzgjj");
    auto bureau = server_.agencies().GetByCode("zzsfj");
    ASSERT_TRUE(center.ok() && bureau.ok());
    bureau_ = bureau->id;
    own_ = RecordsOf(center->id, "demo.officer");
    domain::NewAgency other;
    other.code = "zzrs";
    other.name = "郑州市人力资源和社会保障局";
    other.legal_basis = "《劳动保障监察条例》第十一条";
    auto created = server_.agencies().Create(other);
    ASSERT_TRUE(created.ok()) << created.status().message();
    auto user = server_.auth().CreateAccount(
        {created->id, "rs.officer", "人社执法人员", "Rs@2026-matrix", {domain::Role::kOfficer}});
    ASSERT_TRUE(user.ok()) << user.status().message();
    domain::NewOfficer o;
    o.name = "孙杰";
    o.title = "科员";
    o.certificate = {"ZZRS-2024-001", "郑州市人民政府", *domain::ParseDate("2024-01-01"),
                     *domain::ParseDate("2028-12-31"), domain::CertificateStatus::kValid};
    o.category = "劳动保障监察";
    o.area = "郑州市";
    auto officer = server_.people().CreateOfficer(created->id, o);
    ASSERT_TRUE(officer.ok()) << officer.status().message();
    domain::NewPowerItem item = domain::DemoPowerItems().at(0);
    item.enforcement_category = "劳动保障监察";
    auto power = server_.cases().CreatePowerItem(created->id, item, 0);
    ASSERT_TRUE(power.ok()) << power.status().message();
    other_ = RecordsOf(created->id, "rs.officer");
    other_.officer = officer->id;
    auto deadline = server_.deadlines().Open({created->id, "case.decision", "人社案件 办理期限", "",
                                              *domain::ParseDate("2026-01-05"), other_.user},
                                             other_.user);
    ASSERT_TRUE(deadline.ok()) << deadline.status().message();
    other_.deadline = deadline->record.id;

    for (domain::Role r : domain::kAllRoles) {
      const std::string username =
          r == domain::Role::kSupervisor ? "demo.supervisor" : fmt::format("demo.{}", DemoName(r));
      callers_.push_back({username,
                          {r},
                          r == domain::Role::kSupervisor ? bureau_ : own_.agency,
                          r == domain::Role::kSupervisor,
                          username,
                          "",
                          {}});
    }
    callers_.push_back(
        {"demo.sfj.admin", {domain::Role::kAdmin}, bureau_, true, "demo.sfj.admin", "", {}});
    std::vector<Permission> scopes;
    for (Permission p : domain::kAllPermissions) {
      if (domain::IsTokenScope(p)) scopes.push_back(p);
    }
    callers_.push_back(
        {"api-token", {}, own_.agency, false, "", TokenFor(own_.agency, scopes), scopes});
  }

  static std::string DemoName(domain::Role r) {
    switch (r) {
      case domain::Role::kUnitHead:
        return "unithead";
      case domain::Role::kLegalReviewer:
        return "reviewer";
      default:
        return std::string(domain::RoleCode(r));
    }
  }

  Records RecordsOf(std::int64_t agency, std::string_view username) {
    Records rec;
    rec.agency = agency;
    auto officers = server_.people().List(agency);
    if (officers.ok() && !officers->empty()) rec.officer = officers->front().id;
    auto users = server_.auth().ListUsers(agency);
    for (const auto& u : users.ok() ? *users : std::vector<store::UserRecord>{}) {
      if (u.username == username) rec.user = u.id;
    }
    // A token to aim DELETE at; revoking it twice is harmless, and it is never used to call.
    services::Principal admin;
    admin.user_id = rec.user;
    auto t = server_.auth().CreateToken(admin, agency,
                                        {"目标令牌", {Permission::kReadAgencyInternal}, {}}, "");
    if (t.ok()) rec.token = t->record.id;
    auto deadlines = server_.deadlines().List({agency}, server_.deadlines().Today(), {});
    if (deadlines.ok() && !deadlines->empty()) rec.deadline = deadlines->front().record.id;
    // A case of the agency's officer, with a document and a recusal to aim at.
    auto powers = server_.cases().PowerItems(agency);
    EXPECT_TRUE(powers.ok() && !powers->empty());
    if (powers.ok() && !powers->empty()) rec.power_item = powers->front().id;
    std::optional<services::Principal> session;
    for (const auto& u : users.ok() ? *users : std::vector<store::UserRecord>{}) {
      if (u.username != username) continue;
      session.emplace();
      session->user_id = u.id;
      session->agency_id = u.agency_id;
      session->username = u.username;
      session->roles = u.roles;
      session->department_id = u.department_id;
    }
    EXPECT_TRUE(session.has_value()) << username;
    if (!session) return rec;
    services::CaseInput in;
    in.power_item_id = rec.power_item;
    in.cause = "矩阵测试案件";
    in.source = "监督检查";
    in.party = {domain::PartyKind::kOrganisation, "矩阵测试有限公司", "91410100MA45T2CD3E"};
    in.officer_ids = {rec.officer};
    auto c = server_.cases().Create(in, *session);
    EXPECT_TRUE(c.ok()) << c.status().message();
    if (!c.ok()) return rec;
    rec.case_id = c->row.id;
    auto d = server_.cases().Draft(rec.case_id, "inquiry_record", {}, *session);
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (d.ok()) rec.document = d->row.id;
    auto r = server_.cases().DeclareRecusal(rec.case_id, rec.officer, "party",
                                            "当事人认为与本案有利害关系", *session);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (r.ok() && !r->recusals.empty()) rec.recusal = r->recusals.front().row.id;
    // A stored photo, and an upload left open.
    const std::string png(
        "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00"
        "\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0aIDAT\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01"
        "\x48\xaf\xa4\x71\x00\x00\x00\x00IEND\xae\x42\x60\x82",
        67);
    services::NewUpload nu;
    nu.case_id = rec.case_id;
    nu.filename = "现场照片.png";
    nu.size = static_cast<std::int64_t>(png.size());
    nu.declared_type = "image/png";
    auto photo = server_.evidence().CreateUpload(nu, *session);
    EXPECT_TRUE(photo.ok()) << photo.status().message();
    if (photo.ok()) {
      auto done = server_.evidence().Append(photo->id, 0, png, *session);
      EXPECT_TRUE(done.ok() && done->evidence) << done.status().message();
      if (done.ok() && done->evidence) rec.evidence = done->evidence->id;
    }
    auto open = server_.evidence().CreateUpload(nu, *session);
    EXPECT_TRUE(open.ok()) << open.status().message();
    if (open.ok()) rec.upload = open->id;
    // A submission row to aim the review routes at (its content does not matter here: the
    // bodies sent are empty, so nothing gets past the input checks).
    EXPECT_TRUE(server_.db()
                    .Write([&](store::Tx& tx) -> Status {
                      auto r = tx.Query(
                          "INSERT INTO review_submissions (case_id, agency_id, round, package,"
                          " submitted_by, submitted_at, status)"
                          " VALUES ($1, $2, 1, '{}', $3, '2026-11-29T00:00:00.000Z', 'assigned')"
                          " RETURNING id",
                          {rec.case_id, agency, rec.user});
                      if (!r.ok()) return r.status();
                      rec.submission = r->rows.front().Int(0);
                      return Status::Ok();
                    })
                    .ok());
    // A disclosure draft, as a decision of the agency would leave it.
    services::DecisionNotice n;
    n.agency_id = agency;
    n.agency_name = "矩阵测试机关";
    n.case_id = rec.case_id;
    n.document_number = fmt::format("矩阵罚决〔2026〕{}号", agency);
    n.document_title = "行政处罚决定书";
    n.document_text = "矩阵测试决定书";
    n.fine = 10'000;
    n.decided_on = server_.deadlines().Today();
    n.party = {domain::PartyKind::kOrganisation, "矩阵测试有限公司", "91410100MA45T2CD3E"};
    n.category = "行政处罚";
    n.actor_id = rec.user;
    EXPECT_TRUE(server_.db()
                    .Write([&](store::Tx& tx) { return server_.disclosures().OnDecision(tx, n); })
                    .ok());
    auto drafts = server_.disclosures().List({agency, std::nullopt, false},
                                             [](std::int64_t) { return true; });
    EXPECT_TRUE(drafts.ok() && !drafts->at("items").as_array().empty());
    if (drafts.ok() && !drafts->at("items").as_array().empty()) {
      rec.disclosure = drafts->at("items").as_array().front().at("id").as_int64();
    }
    // A 双随机 plan (a draft under an item of the agency), written directly like the submission.
    EXPECT_TRUE(server_.db()
                    .Write([&](store::Tx& tx) -> Status {
                      auto item = tx.Query(
                          "INSERT INTO inspection_items (agency_id, code, name, power_item_id,"
                          " subject, method, created_at) VALUES ($1, 'MX-1', '矩阵测试事项', $2,"
                          " '缴存单位', '现场检查', '2026-11-29T00:00:00.000Z') RETURNING id",
                          {agency, rec.power_item});
                      if (!item.ok()) return item.status();
                      auto plan = tx.Query(
                          "INSERT INTO inspection_plans (agency_id, code, title, item_id, area,"
                          " scope, period_start, period_end, team_size, source, draw_date, strata,"
                          " status, created_at, updated_at) VALUES ($1, 'MX-PLAN', '矩阵测试计划',"
                          " $2, '郑州市', '{}', '2026-12-01', '2026-12-31', 2, '测试随机源',"
                          " '2099-12-31', '[{\"name\":\"全部\",\"filter\":{},\"ratio\":\"10\"}]',"
                          " 'draft', '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z')"
                          " RETURNING id",
                          {agency, item->rows.front().Int(0)});
                      if (!plan.ok()) return plan.status();
                      rec.plan = plan->rows.front().Int(0);
                      return Status::Ok();
                    })
                    .ok());
    // A complaint from the public about the agency.
    std::string code;
    EXPECT_TRUE(server_.db()
                    .Read([&](store::Tx& tx) -> Status {
                      auto a = tx.Query("SELECT code FROM agencies WHERE id = $1", {agency});
                      if (!a.ok()) return a.status();
                      code = a->rows.front().Text(0);
                      return Status::Ok();
                    })
                    .ok());
    domain::NewComplaint complaint;
    complaint.topic = domain::ComplaintTopic::kConduct;
    complaint.subject = "矩阵测试投诉";
    complaint.content = fmt::format("矩阵测试投诉内容,关于机关 {} 的执法人员态度。", code);
    auto filed = server_.complaints().File(code, complaint);
    EXPECT_TRUE(filed.ok()) << filed.status().message();
    auto listed = server_.complaints().List(agency, "");
    EXPECT_TRUE(listed.ok() && !listed->at("items").as_array().empty());
    if (listed.ok() && !listed->at("items").as_array().empty()) {
      rec.complaint = listed->at("items").as_array().front().at("id").as_int64();
    }
    // A 案卷评查 round with the case drawn and a rectification asked; a guidance draft of it
    // (written directly: the bodies sent are empty).
    EXPECT_TRUE(server_.db()
                    .Write([&](store::Tx& tx) -> Status {
                      auto round = tx.Query(
                          "INSERT INTO evaluation_rounds (agency_id, title, closed_from,"
                          " closed_to, count, source, template, pool, pool_size, pool_root,"
                          " status, created_by, created_at) VALUES ($1, '矩阵测试评查',"
                          " '2026-01-01', '2026-12-31', 1, '测试', '{}', '[]', 1, 'x', 'drawn',"
                          " $2, '2026-11-29T00:00:00.000Z') RETURNING id",
                          {agency, rec.user});
                      if (!round.ok()) return round.status();
                      rec.round = round->rows.front().Int(0);
                      auto file = tx.Query(
                          "INSERT INTO evaluation_files (round_id, case_id, position, status)"
                          " VALUES ($1, $2, 1, 'pending')",
                          {rec.round, rec.case_id});
                      if (!file.ok()) return file.status();
                      auto rect = tx.Query(
                          "INSERT INTO rectifications (round_id, case_id, agency_id, request,"
                          " due_on, status, created_by, created_at) VALUES ($1, $2, $3, '测试',"
                          " '2026-12-31', 'open', $4, '2026-11-29T00:00:00.000Z') RETURNING id",
                          {rec.round, rec.case_id, agency, rec.user});
                      if (!rect.ok()) return rect.status();
                      rec.rectification = rect->rows.front().Int(0);
                      auto g = tx.Query(
                          "INSERT INTO guidance_cases (agency_id, case_id, case_number, category,"
                          " title, legal_point, summary, facts, decision, status, created_by,"
                          " created_at, updated_at) VALUES ($1, $2, 'X', '测试', '测试', '测试',"
                          " '测试', '测试', '', 'draft', $3, '2026-11-29T00:00:00.000Z',"
                          " '2026-11-29T00:00:00.000Z') RETURNING id",
                          {agency, rec.case_id, rec.user});
                      if (!g.ok()) return g.status();
                      rec.guidance = g->rows.front().Int(0);
                      return Status::Ok();
                    })
                    .ok());
    return rec;
  }

  std::string TokenFor(std::int64_t agency, const std::vector<Permission>& scopes) {
    services::Principal admin;
    admin.user_id = own_.user;
    auto t = server_.auth().CreateToken(admin, agency, {"矩阵测试", scopes, {}}, "");
    EXPECT_TRUE(t.ok()) << t.status().message();
    return t.ok() ? t->token : "";
  }

  static std::string PathFor(const http::Route& route, const Rule& rule, const Records& rec) {
    std::int64_t id = rec.agency;
    switch (rule.target) {
      case Target::kOfficer:
        id = rec.officer;
        break;
      case Target::kUser:
        id = rec.user;
        break;
      case Target::kToken:
        id = rec.token;
        break;
      case Target::kDeadline:
        id = rec.deadline;
        break;
      case Target::kCase:
        id = rec.case_id;
        break;
      case Target::kDocument:
        id = rec.document;
        break;
      case Target::kRecusal:
        id = rec.recusal;
        break;
      case Target::kPowerItem:
        id = rec.power_item;
        break;
      case Target::kUpload:
        id = rec.upload;
        break;
      case Target::kEvidence:
        id = rec.evidence;
        break;
      case Target::kSubmission:
        id = rec.submission;
        break;
      case Target::kDisclosure:
        id = rec.disclosure;
        break;
      case Target::kPlan:
        id = rec.plan;
        break;
      case Target::kComplaint:
        id = rec.complaint;
        break;
      case Target::kRound:
        id = rec.round;
        break;
      case Target::kRectification:
        id = rec.rectification;
        break;
      case Target::kGuidance:
        id = rec.guidance;
        break;
      default:
        break;
    }
    std::string path = route.pattern;
    if (auto open = path.find('{'); open != std::string::npos) {
      path.replace(open, path.find('}', open) - open + 1, std::to_string(id));
    }
    if (auto code = path.find("{code}"); code != std::string::npos) {
      path.replace(code, 6, "legal_review");
    }
    if (auto index = path.find("{index:int}"); index != std::string::npos) {
      path.replace(index, 11, "1");
    }
    if (auto c = path.find("{case:int}"); c != std::string::npos) {
      path.replace(c, 10, std::to_string(rec.case_id));
    }
    return path;
  }

  HttpResponse Call(const http::Route& route, const std::string& path, const Caller* caller) {
    std::vector<std::string> headers;
    if (caller && !caller->token.empty()) {
      headers.push_back("Authorization: Bearer " + caller->token);
    } else if (caller) {
      headers = server_.SessionHeaders(caller->username);  // fresh: DELETE /session ends it
    }
    std::string error;
    auto res = Exchange(server_.port(), RawRequest(route.method, path, headers), false, &error);
    EXPECT_TRUE(res) << error;
    return res ? *res : HttpResponse{};
  }

  // Expected outcome for `caller` on `rule` against the records of `target_agency`.
  bool Expect(const Rule& rule, const Caller& caller, std::int64_t target_agency) {
    switch (rule.gate) {
      case Gate::kPublic:
        return true;
      case Gate::kSession:
        return caller.token.empty();
      case Gate::kPermission:
        break;
    }
    domain::Actor actor{caller.agency, caller.roles, caller.supervisor_org};
    if (!caller.token.empty()) actor.scopes = std::span<const Permission>(caller.scopes);
    return domain::Allowed(actor, rule.permission, target_agency);
  }

  TestServer server_;
  std::int64_t bureau_ = 0;
  Records own_, other_;
  std::vector<Caller> callers_;
};

TEST_F(AccessMatrix, EveryRouteHasAnEntry) {
  std::set<std::string> seen;
  for (const auto& route : server_.router().routes()) {
    seen.insert(Key(route));
    EXPECT_TRUE(Rules().count(Key(route)))
        << "route " << Key(route) << " has no entry in the authorization matrix";
  }
  for (const auto& [key, rule] : Rules()) {
    EXPECT_TRUE(seen.count(key)) << "matrix entry " << key << " names no route";
  }
}

// docs/openapi.yaml documents every route (outside checks read it).
TEST_F(AccessMatrix, EveryRouteIsInTheOpenApiDocument) {
  std::string error;
  auto res = Exchange(server_.port(), RawRequest("GET", "/api/v1/openapi.json"), false, &error);
  ASSERT_TRUE(res) << error;
  const auto doc = boost::json::parse(res->body);
  const auto& paths = doc.at("paths").as_object();
  for (const auto& route : server_.router().routes()) {
    std::string path = route.pattern;
    for (auto colon = path.find(":int}"); colon != std::string::npos; colon = path.find(":int}")) {
      path.erase(colon, 4);
    }
    if (auto rest = path.find("...}"); rest != std::string::npos) path.erase(rest, 3);
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto* item = paths.if_contains(path);
    EXPECT_TRUE(item && item->as_object().contains(method))
        << Key(route) << " is missing from docs/openapi.yaml";
  }
}

TEST_F(AccessMatrix, EveryRouteRoleAndAgency) {
  int checked = 0;
  for (const auto& route : server_.router().routes()) {
    auto it = Rules().find(Key(route));
    if (it == Rules().end()) continue;  // reported by EveryRouteHasAnEntry
    const Rule& rule = it->second;
    for (const Records* rec : {&own_, &other_}) {
      const std::string path = PathFor(route, rule, *rec);
      const std::string where = rec == &own_ ? "本机关" : "他机关";

      const HttpResponse anonymous = Call(route, path, nullptr);
      if (rule.gate == Gate::kPublic) {
        EXPECT_NE(anonymous.status, 401) << Key(route) << " anonymous: " << anonymous.body;
        EXPECT_NE(anonymous.status, 403) << Key(route) << " anonymous: " << anonymous.body;
      } else {
        EXPECT_EQ(anonymous.status, 401) << Key(route) << " anonymous: " << anonymous.body;
      }
      ++checked;

      for (const Caller& caller : callers_) {
        const HttpResponse res = Call(route, path, &caller);
        const bool want =
            Expect(rule, caller, rule.target == Target::kNone ? caller.agency : rec->agency);
        if (want) {
          EXPECT_TRUE(res.status != 401 && res.status != 403)
              << Key(route) << " " << where << " " << caller.name << " should be allowed, got "
              << res.status << " " << res.body;
        } else {
          EXPECT_EQ(res.status, 403) << Key(route) << " " << where << " " << caller.name
                                     << " should be refused: " << res.body;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 300);
}

}  // namespace
}  // namespace sx::testing
