// Legal review (法制审核) and collective discussion (集体讨论) as records (docs/review.md): the
// agency's catalogue, submissions with their materials, reviewer assignment, the eight-item
// opinion and its 法制审核意见书, the unit's response and the negotiation, escalation, the
// meeting and its 集体讨论笔录, and the responsibility chain with ledger proofs. The case steps
// (submit_review, review_pass/return, to_discussion, discuss) are taken through CaseService in
// the same transaction as the record they rest on. The rules are domain/review.h.
//
// Reads return the API's JSON (docs/review.md) directly: these views exist for the workbench and
// the responsibility API only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/review.h"
#include "services/auth_service.h"
#include "services/case_service.h"
#include "services/ledger_service.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

struct SubmitReview {
  std::int64_t version = 0;  // the case's
  bool vouched = false;      // 承办机构对送审材料的真实性、完整性负责
  std::string legal_basis;   // the power item's basis unless given
  std::string tier_reasoning;
  std::string note;
};

struct NewDiscussion {
  std::int64_t version = 0;  // the case's
  std::string held_on;       // YYYY-MM-DD
  std::string place;
  std::int64_t chair_id = 0;
  std::vector<std::int64_t> attendee_ids;
  std::string question;
  std::vector<std::pair<std::int64_t, std::string>> opinions;  // user → stated opinion
  std::string decision;
  std::optional<domain::Outcome> outcome;
  std::optional<std::int64_t> fine;
  std::string tier_code;
};

class ReviewService {
 public:
  // Everything must outlive the service; `ledger` may be null (no proofs in the chain).
  ReviewService(store::Database& db, const Clock& clock, CaseService& cases,
                LedgerService* ledger)
      : db_(db), clock_(clock), cases_(cases), ledger_(ledger) {}

  // The catalogue: {statutory, rules, version, updatedAt}.
  Result<boost::json::object> Catalogue(std::int64_t agency_id);
  Result<boost::json::object> SetCatalogue(std::int64_t agency_id, std::int64_t version,
                                           const boost::json::value& rules,
                                           const Principal& actor);

  // 提交法制审核: the package from the case, checked, a reviewer assigned round-robin, the case
  // step taken. Refusals (incomplete package, no eligible reviewer) are recorded.
  Result<boost::json::object> Submit(std::int64_t case_id, const SubmitReview& in,
                                     const Principal& actor, std::string_view origin);
  Result<boost::json::object> Assign(std::int64_t submission_id, std::int64_t reviewer_id,
                                     const Principal& actor);
  // The reviewer's opinion: 法制审核意见书 drafted, signed and issued with review_pass/return.
  Result<boost::json::object> Opinion(std::int64_t submission_id, const domain::ReviewForm& form,
                                      const Principal& actor, std::string_view origin);
  Result<boost::json::object> Respond(std::int64_t submission_id, bool dispute,
                                      std::string_view reason, const Principal& actor);
  Result<boost::json::object> Post(std::int64_t submission_id, std::string_view body,
                                   const Principal& actor);
  Status Escalate(std::int64_t case_id, std::int64_t version, std::string_view reason,
                  const Principal& actor, std::string_view origin);
  Result<boost::json::object> Discuss(std::int64_t case_id, const NewDiscussion& in,
                                      const Principal& actor, std::string_view origin);

  Result<boost::json::object> ForCase(std::int64_t case_id);
  Result<boost::json::array> Queue(std::int64_t agency_id, std::string_view status,
                                   std::optional<std::int64_t> reviewer_id);
  Result<boost::json::object> Diff(std::int64_t submission_id);
  Result<boost::json::object> Responsibility(std::int64_t case_id);
  Result<boost::json::object> Stats(std::int64_t agency_id, std::string_view from,
                                    std::string_view to);

  // The case of a submission, for the access policy.
  Result<std::int64_t> SubmissionCase(std::int64_t submission_id);

 private:
  Result<boost::json::object> SubmissionJson(store::Tx& tx, std::int64_t id);

  store::Database& db_;
  const Clock& clock_;
  CaseService& cases_;
  LedgerService* ledger_;
};

}  // namespace sx::services
