// 双随机、一公开 (docs/draw.md; RULES.md §6): the target roster and its CSV/XLSX import,
// conflicts of interest, the item list, plans with strata, publication of the pools, the draw
// (draw_bundle.h computes it), replacements, results and their publication within 20 working days.
// Every change appends its ledger leaf in the same transaction. Reads answer JSON as the API
// sends it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/draw_bundle.h"
#include "services/people_service.h"
#include "store/blob_store.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

inline constexpr std::size_t kMaxTargetImportRows = 100000;
inline constexpr std::size_t kMaxTargetImportBytes = 20 * 1024 * 1024;

struct TargetImportReport {
  int created = 0, updated = 0;
  std::vector<ImportError> errors;  // non-empty: nothing was imported
  std::int64_t import_id = 0;
  std::string file_digest;
};

struct TargetQuery {
  std::int64_t agency_id = 0;
  std::string q;  // part of the name or the credit code
  std::string district;
  std::string risk_grade;  // low | medium | high
  std::int64_t after = 0;  // keyset: ids above
  int limit = 50;
};

struct NewConflict {
  std::int64_t officer_id = 0, target_id = 0;
  std::string kind;  // relative | former_employment | prior_dealing | other
  std::string note;
};

struct NewInspectionItem {
  std::string code, name;
  std::int64_t power_item_id = 0;
  std::string subject, method, content;
};

struct StratumFilter {
  std::vector<std::string> districts, risk_grades;
  std::int64_t min_complaints = 0;
};

struct StratumSpec {
  std::string name;
  StratumFilter filter;
  std::optional<std::string> ratio;  // percent, up to 2 decimals, 0 < r ≤ 100
  std::optional<std::int64_t> count;
};

struct PlanScope {
  std::vector<std::string> districts, industries, sizes, risk_grades;
  std::int64_t min_complaints = 0;
};

struct PlanSpec {
  std::int64_t item_id = 0;
  std::string code;  // empty: one is given
  std::string title, area;
  PlanScope scope;
  std::string frequency;
  std::string period_start, period_end;
  int team_size = 2;
  std::string source, draw_date;
  std::vector<StratumSpec> strata;
};

struct ResultEntry {
  std::int64_t target_id = 0;
  std::string outcome;  // no_problem | rectify | case
  std::optional<std::int64_t> case_id;
  std::string note;
};

// Who acts, as far as the inspection rules need: the user, their officer record (a team member
// enters results; looked up from the user's account when not given) and whether they may act for
// the team (the unit head).
struct InspectionActor {
  std::int64_t user_id = 0;
  std::optional<std::int64_t> officer_id;
  bool for_team = false;
};

class InspectionService {
 public:
  // Everything must outlive the service.
  InspectionService(store::Database& db, const Clock& clock, CalendarService& calendar,
                    DeadlineService& deadlines, store::BlobStore& blobs)
      : db_(db), clock_(clock), calendar_(calendar), deadlines_(deadlines), blobs_(blobs) {}

  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  // The roster. CSV (UTF-8 or GB18030) or XLSX (first sheet), columns in docs/draw.md; all rows or
  // none; re-importing a unit updates it.
  Result<TargetImportReport> ImportTargets(std::int64_t agency_id, std::string_view bytes,
                                           std::int64_t actor_id);
  Result<boost::json::object> Targets(const TargetQuery& q);

  Result<boost::json::object> AddConflict(std::int64_t agency_id, const NewConflict& c,
                                          std::int64_t actor_id);
  Result<boost::json::object> Conflicts(std::int64_t agency_id);

  Result<boost::json::object> AddItem(std::int64_t agency_id, const NewInspectionItem& item,
                                      std::int64_t actor_id);
  Result<boost::json::object> Items(std::int64_t agency_id);
  // The public list of an agency by its code; kNotFound without the agency.
  Result<boost::json::object> PublicItems(std::string_view agency_code);

  Result<boost::json::object> CreatePlan(std::int64_t agency_id, const PlanSpec& spec,
                                         std::int64_t actor_id);
  // Drafts only (kConflict once published).
  Result<boost::json::object> UpdatePlan(std::int64_t id, const PlanSpec& spec,
                                         std::int64_t actor_id);
  Result<boost::json::array> Plans(std::int64_t agency_id);
  Result<boost::json::object> Plan(std::int64_t id);
  Result<std::int64_t> AgencyOfPlan(std::int64_t id);

  // Fixes and publishes the pools; kInvalid naming the stratum when one is empty or too small,
  // or when the draw date has passed.
  Result<boost::json::object> PublishPlan(std::int64_t id, std::int64_t actor_id);
  // The draw, once, on or after the draw date; kConflict when drawn already (the public value
  // cannot be entered twice or changed) or too early; kInvalid naming the failed constraint.
  Result<boost::json::object> Draw(std::int64_t id, std::string_view public_value,
                                   std::int64_t actor_id);
  Result<boost::json::object> ReplaceInspector(std::int64_t id, std::int64_t target_id,
                                               std::int64_t inspector_id, std::string_view reason,
                                               std::string_view note, std::int64_t actor_id);
  Result<boost::json::object> EnterResult(std::int64_t id, const ResultEntry& r,
                                          const InspectionActor& who);
  // Publishes every entered, unpublished result; meets their deadlines.
  Result<boost::json::object> PublishResults(std::int64_t id, std::int64_t actor_id);

  // Public: published plans (of one agency, by code, or all), one plan, its bundle.
  Result<boost::json::object> PublicPlans(std::string_view agency_code);
  Result<boost::json::object> PublicPlan(std::int64_t id);
  Result<std::string> Bundle(std::int64_t id);

 private:
  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  DeadlineService& deadlines_;
  store::BlobStore& blobs_;
};

// The bundle of a plan as stored (pools, draw, replacements); kNotFound for a draft or none.
// Without `with_pool` the strata carry their sizes and roots but not their targets.
Result<DrawBundle> LoadBundle(store::Tx& tx, std::int64_t plan_id, bool with_pool = true);

}  // namespace sx::services
