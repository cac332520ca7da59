// Case handling (案件办理, 执法全过程记录): the powers list, cases and their steps through the
// workflow of domain/case_flow.h, officers and recusals, and the enforcement documents — drafted,
// versioned, signed off, numbered, rendered to PDF and kept in the blob store. Every step,
// document issue, sign-off and recusal is a ledger leaf in the same transaction ("case:<id>",
// "document:<id>"), holding digests only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case_flow.h"
#include "domain/documents.h"
#include "domain/officer.h"
#include "domain/power.h"
#include "domain/recording.h"
#include "domain/review.h"
#include "services/auth_service.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "store/blob_store.h"
#include "store/case_repository.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

struct PartyInput {
  domain::PartyKind kind = domain::PartyKind::kOrganisation;
  std::string name;
  std::string id_number;  // 统一社会信用代码 or 公民身份号码
  std::string representative = {};
  std::string address = {};
  std::string phone = {};
};

struct CaseInput {
  std::int64_t power_item_id = 0;
  domain::Procedure procedure = domain::Procedure::kOrdinary;
  std::string cause;   // 案由
  std::string source;  // 案件来源
  std::string area = "郑州市";
  PartyInput party;
  std::string facts;  // 违法事实
  domain::Article37Facts art37 = {};
  std::optional<domain::Date> violation_ended_on = std::nullopt;
  bool complex_or_major = false;
  // What the review catalogue looks at besides (domain/review.h; 行政处罚法 第58条第1款):
  bool public_interest = false;  // 涉及重大公共利益
  bool complex_case = false;     // 案件情况疑难复杂、涉及多个法律关系
  bool other_law = false;        // 法律、法规规定应当进行法制审核的其他情形
  bool social_impact = false;    // 社会影响较大 (an agency's own catalogue may name it)
  bool e_service_consent = false;
  std::vector<std::int64_t> officer_ids = {};
};

// The workflow state kept with a case (its `flow` column).
struct CaseFlow {
  bool review_passed = false;
  bool review_disputed = false;
  bool discussion_required = false;
  bool discussed = false;
  std::optional<domain::Outcome> proposed_outcome;
  std::optional<std::int64_t> proposed_fine;
  std::optional<domain::DiscretionTier> tier;
  std::string deviation_reason;
  std::optional<std::int64_t> notified_fine;
  bool hearing_offered = false;
  std::optional<domain::Date> hearing_request_due;
  bool hearing_requested = false;
  bool hearing_held = false;
  bool defended = false;
  std::optional<domain::Outcome> outcome;
  std::optional<std::int64_t> decided_fine;
  std::optional<domain::Date> decided_on;
  std::optional<domain::Date> served_on;
  std::optional<domain::Date> payment_due;
  std::optional<domain::Date> reminded_on;
  std::optional<domain::Date> court_allowed_from;
  std::optional<domain::Date> paid_on;
  std::int64_t surcharge = 0;
  std::optional<domain::CaseStage> suspended_from;
  std::optional<domain::Date> closed_on;
  std::optional<domain::Date> archived_on;
  std::optional<domain::Date> retain_until;  // 保管期限 (kCaseFileRetentionYears after 归档)
};

// 保管期限 of a case file from its 归档 (行政处罚案卷, 30 years: the long-term period of
// DA/T 22-2015's retention table; the agency's own schedule may set more).
inline constexpr int kCaseFileRetentionYears = 30;

struct CaseOfficerView {
  domain::Officer officer;
  bool recused = false;
  domain::Validity validity = domain::Validity::kValid;
};

struct RecusalView {
  store::RecusalRow row;
  std::string officer_name;
  std::string decided_by_name;
};

struct EventView {
  store::CaseEventRow row;
  std::string actor_name;
  std::string document_number;
};

struct SignoffView {
  store::SignoffRow row;
  std::string name;
};

struct DocumentView {
  store::DocumentRow row;
  const domain::DocumentKind* kind = nullptr;
  std::map<std::string, std::string, std::less<>> inputs;
  std::vector<SignoffView> signoffs;  // of the current version
  std::vector<domain::Role> missing;  // roles still to sign the current version
};

struct ActionView {
  const domain::TransitionRule* rule = nullptr;
  bool allowed = false;
  std::string reason;                      // why not, when not
  domain::RecordingRequirement recording;  // its 音像记录 duty (service: for 直接送达)
  int recordings = 0;                      // audio/video evidence of that scene so far
};

struct CaseView {
  store::CaseRow row;
  domain::PowerItem power;
  CaseInput input;  // party, facts, flags as stored
  CaseFlow flow;
  std::vector<CaseOfficerView> officers;
  std::vector<RecusalView> recusals;
  std::vector<EventView> events;
  std::vector<DocumentView> documents;
  std::vector<DeadlineItem> deadlines;
  std::optional<domain::DiscretionTier> suggested_tier;  // what the facts point to now
  std::optional<DeadlineItem> decision_due;              // case.decision, when opened
  std::int64_t surcharge_today = 0;                      // 加处罚款 if paid today
  // The steps the stage allows, and whether the viewer could take each now (by role and by the
  // domain's check of the case with its current proposal; missing form input does not count).
  std::vector<ActionView> actions;
  // Whether the case needs 法制审核 / 集体讨论 and which catalogue rules say so (domain/review.h).
  domain::CatalogueMatch review;
  domain::CatalogueMatch discussion;
};

struct StepRequest {
  std::int64_t version = 0;
  domain::CaseAction action = domain::CaseAction::kFile;
  std::optional<std::int64_t> document_id;
  std::string reason;
  std::optional<domain::Outcome> outcome;
  std::optional<std::int64_t> fine;
  std::string tier_code;
  std::string deviation_reason;
  std::optional<std::int64_t> hearing_host;
  bool hearing_waived = false;
  std::optional<domain::ServiceMethod> service_method;
  std::string no_recording_reason;  // 音像记录 as circumstances require, and there is none
  // The legal review's records are written in the step's transaction (ReviewService): `prepare`
  // before the rules are checked (the submission, opinion or meeting the step rests on),
  // `finish` after the step, with the document it issued. A failure rolls the step back.
  std::function<Status(store::Tx&)> prepare;
  std::function<Status(store::Tx&, std::optional<std::int64_t> issued_document)> finish;
};

struct CaseListQuery {
  std::optional<std::int64_t> agency_id;
  std::optional<domain::CaseStage> stage;
  std::string text;
  std::optional<std::string> party_id_number;
};

struct DocumentCheck {  // the public answer for a 文号 (QR target)
  store::DocumentRow row;
  std::string type_name;
  std::string agency_name;
};

// A decision just made (决定, 当场处罚), as the step's transaction sees it: the disclosure service
// drafts the 事后公开 item from it in that transaction.
struct DecisionNotice {
  std::int64_t agency_id = 0;
  std::string agency_name;
  std::int64_t case_id = 0;
  std::string case_number;
  std::optional<std::int64_t> document_id;
  std::string document_number;  // 文号
  std::string document_title;   // 行政处罚决定书
  std::string document_text;    // the issued document as plain text (unredacted)
  domain::Outcome outcome = domain::Outcome::kPenalty;
  std::optional<std::int64_t> fine;
  domain::Date decided_on{};
  PartyInput party;
  std::string cause;     // 案由
  std::string category;  // 执法类别 as published: the power item's 职权类别 (行政处罚)
  std::string power_name;
  std::string basis;
  std::vector<std::string> officer_names;  // public: never redacted
  // Other natural persons the case records name (agents, witnesses) and their addresses: masked
  // wherever they occur in the published text.
  std::vector<std::string> other_persons = {};
  std::vector<std::string> other_addresses = {};
  std::int64_t actor_id = 0;
};
using DecisionListener = std::function<Status(store::Tx&, const DecisionNotice&)>;

class CaseService {
 public:
  // Everything must outlive the service; `blobs` keeps the issued PDFs.
  CaseService(store::Database& db, const Clock& clock, CalendarService& calendar,
              DeadlineService& deadlines, store::BlobStore& blobs)
      : db_(db), clock_(clock), calendar_(calendar), deadlines_(deadlines), blobs_(blobs) {}

  // Powers list.
  Result<std::vector<domain::PowerItem>> PowerItems(std::optional<std::int64_t> agency_id);
  Result<domain::PowerItem> PowerItem(std::int64_t id);
  Result<domain::PowerItem> CreatePowerItem(std::int64_t agency_id, const domain::NewPowerItem& p,
                                            std::int64_t actor_id);
  Result<domain::PowerItem> UpdatePowerItem(std::int64_t id, const domain::NewPowerItem& p,
                                            bool active, std::int64_t actor_id);

  // Opens a case (线索登记) in the actor's agency and 内设机构.
  Result<CaseView> Create(const CaseInput& in, const Principal& actor);
  Result<CaseView> Get(std::int64_t id, const Principal* viewer = nullptr);
  Result<std::vector<store::CaseRow>> List(const CaseListQuery& q);
  // Edits the lead's details (before 调查终结); kConflict when `version` is stale.
  Result<CaseView> Update(std::int64_t id, std::int64_t version, const CaseInput& in,
                          const Principal& actor);
  Result<CaseView> SetOfficers(std::int64_t id, std::int64_t version,
                               const std::vector<std::int64_t>& officer_ids,
                               const Principal& actor);
  // One step of the workflow: checked by domain::ApplyStep, issuing its document, registering
  // and completing deadlines, all in one transaction. `origin` is the portal's public origin for
  // the QR code of an issued document.
  Result<CaseView> Step(std::int64_t id, const StepRequest& req, const Principal& actor,
                        std::string_view origin);

  // 回避 (行政处罚法 第43条).
  Result<CaseView> DeclareRecusal(std::int64_t case_id, std::int64_t officer_id,
                                  std::string_view requested_by, std::string_view reason,
                                  const Principal& actor);
  Result<CaseView> DecideRecusal(std::int64_t recusal_id, bool approve, std::string_view reason,
                                 const Principal& actor);
  Result<std::int64_t> RecusalCase(std::int64_t recusal_id);

  // 延长办案期限 (第60条) approved by a leader.
  Result<CaseView> Extend(std::int64_t id, int days, std::string_view reason,
                          const Principal& actor);

  // Documents.
  Result<DocumentView> Draft(std::int64_t case_id, std::string_view type,
                             const std::map<std::string, std::string, std::less<>>& inputs,
                             const Principal& actor);
  Result<DocumentView> Document(std::int64_t id);
  Result<DocumentView> Revise(std::int64_t id, int version,
                              const std::map<std::string, std::string, std::less<>>& inputs,
                              const Principal& actor);
  Result<DocumentView> SignOff(std::int64_t id, domain::Role role, const Principal& actor);
  // Issues a document that no step issues (询问笔录, 责令限期办理通知书, …).
  Result<DocumentView> Issue(std::int64_t id, const Principal& actor, std::string_view origin);
  // The PDF: the stored bytes of an issued document, or a draft preview with a watermark.
  Result<std::string> Pdf(std::int64_t id, std::string_view origin);
  Result<DocumentCheck> CheckNumber(std::string_view number);

  // Records a refused attempt on a case (who, what, why) and its ledger leaf
  // ("case.refused"), so a refusal is as provable as a step. Its own transaction.
  Status RecordRefusal(std::int64_t case_id, std::string_view action, std::string_view reason,
                       const Principal& actor);

  // The agency a case or document belongs to, for the access policy.
  Result<std::int64_t> CaseAgency(std::int64_t id, std::optional<std::int64_t>* department);
  Result<std::int64_t> DocumentAgency(std::int64_t id, std::optional<std::int64_t>* department);

  const Clock& clock() const { return clock_; }

  // Called in the transaction of every decision step; its failure rolls the step back.
  void SetDecisionListener(DecisionListener listener) { on_decision_ = std::move(listener); }

  // Issues `number` sequence values for tests of the numbering (kind, year), one transaction each.
  Result<std::int64_t> NextNumberForTest(std::int64_t agency_id, std::string_view kind, int year);

 private:
  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  DeadlineService& deadlines_;
  store::BlobStore& blobs_;
  store::CaseRepository repo_;
  DecisionListener on_decision_;
};

// The fields of a case's ledger seal (`case:<id>`), and of a document's (`document:<id>`).
RecordFields CaseRecordFields(const store::CaseRow& c,
                              const std::vector<store::CaseOfficerRow>& officers);
RecordFields DocumentRecordFields(const store::DocumentRow& d);
RecordFields PowerItemRecordFields(const store::PowerItemRow& p);

// Adds a power item to an agency's list in `tx`, sealed in the ledger (`power_item:<id>`).
Result<domain::PowerItem> InsertPowerItem(store::Tx& tx, std::int64_t agency_id,
                                          const domain::NewPowerItem& p, std::int64_t actor_id,
                                          std::string_view now);

// Reading and writing the JSON parts of a case.
std::string FlowJson(const CaseFlow& f);
Result<CaseFlow> ParseFlow(std::string_view json);

}  // namespace sx::services
