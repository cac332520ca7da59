// 案卷评查 (docs/supervision.md; domain/evaluation.h): each agency's scoring template (the default
// until it sets one), rounds that fix a pool of closed case files and draw from it with the
// 双随机 engine (sx-draw-v1), the files' scores from the evaluators' findings, rectification
// requests with the agency's response and the evaluator's review, results per agency and
// department. Every write appends its ledger leaf in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "domain/civil_date.h"
#include "domain/evaluation.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

struct RoundSpec {
  std::string title;
  domain::Date closed_from{}, closed_to{};
  std::int64_t count = 0;
  std::string source;  // the public random source named in advance
};

struct RectificationRequest {
  std::string request;
  domain::Date due_on{};
};

// Template JSON (docs/supervision.md) ↔ the domain's; kInvalid naming the field.
Result<domain::ScoringTemplate> ParseTemplate(const boost::json::value& v);
boost::json::object TemplateJson(const domain::ScoringTemplate& t);

class EvaluationService {
 public:
  EvaluationService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  Result<boost::json::object> Template(std::int64_t agency);
  // kInvalid naming the field when the points do not add up, a deduction exceeds its item, …
  Result<boost::json::object> SetTemplate(std::int64_t agency, const boost::json::value& body,
                                          std::int64_t actor_id);

  // Fixes the pool (the agency's files closed in the range) and publishes its root; kInvalid when
  // the pool is empty or smaller than the count.
  Result<boost::json::object> CreateRound(std::int64_t agency, const RoundSpec& spec,
                                          std::int64_t actor_id);
  // Once; kConflict when drawn already.
  Result<boost::json::object> Draw(std::int64_t round, std::string_view public_value,
                                   std::int64_t actor_id);
  Result<boost::json::object> Rounds(std::int64_t agency);
  Result<boost::json::object> Round(std::int64_t round);
  Result<std::int64_t> AgencyOfRound(std::int64_t round);

  // The evaluator's findings on a drawn file (again, to correct them); kPermission for a case the
  // evaluator handled, kInvalid naming findings.N.
  Result<boost::json::object> ScoreFile(std::int64_t round, std::int64_t case_id,
                                        const std::vector<domain::EvaluationFinding>& findings,
                                        const std::optional<RectificationRequest>& rectification,
                                        std::int64_t actor_id);
  Result<std::int64_t> AgencyOfRectification(std::int64_t id);
  Result<boost::json::object> Respond(std::int64_t id, std::string_view response,
                                      std::int64_t actor_id);
  Result<boost::json::object> Review(std::int64_t id, bool accepted, std::string_view note,
                                     std::int64_t actor_id);

  // Scored files of `year` per agency (nullopt: every enforcement agency) and department.
  Result<boost::json::object> Results(std::optional<std::int64_t> agency, int year);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace sx::services
