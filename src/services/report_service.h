// 考核监督 and 行政执法统计年报 (docs/supervision.md): the indicators supervisors watch, per agency
// and month (definitions in domain/assessment.h), and the annual statistics report — compiled
// from the records of one agency and year, kept as a draft, published on the portal by 31 January
// (deadline rule `annual.report`) in versions whose changes show.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "domain/assessment.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

// A 行政复议 or 行政诉讼 outcome of a case, as the agency records it.
struct NewRemedy {
  std::string kind;     // reconsideration | litigation
  std::string outcome;  // upheld | revoked | altered | confirmed_illegal | dismissed
  domain::Date decided_on{};
  std::string authority;  // 复议机关 or 人民法院
  std::string note;
};

class ReportService {
 public:
  // Everything must outlive the service.
  ReportService(store::Database& db, const Clock& clock, CalendarService& calendar,
                DeadlineService& deadlines)
      : db_(db), clock_(clock), calendar_(calendar), deadlines_(deadlines) {}

  domain::Date Today() const { return domain::ShanghaiDate(clock_.Now()); }

  // The indicators of one agency (or, with nullopt, of every enforcement agency) over the months
  // from..to (at most 36), each with its value over the period and per month.
  Result<boost::json::object> Indicators(std::optional<std::int64_t> agency, domain::Month from,
                                         domain::Month to);

  // The report's figures for `agency` and `year` from the records as they are now, without
  // storing anything (the draft and the benchmark use it): {"sections", "charts", "hasData"}.
  Result<boost::json::object> Compile(std::int64_t agency, int year);

  // Compiles and keeps the draft (replacing an earlier draft of that year); the first draft of a
  // year opens its `annual.report` deadline. kInvalid (field "year") for a year in the future or
  // before 2000; kInvalid with field "data" when the agency has no case, inspection, complaint
  // or review in that year.
  Result<boost::json::object> Draft(std::int64_t agency, int year, std::int64_t actor_id);
  // {"draft": Report | null, "published": [Report, newest first]}.
  Result<boost::json::object> Reports(std::int64_t agency, int year);
  // Publishes the current draft as the next version; the one published before is superseded
  // and the changes listed. kConflict without a draft or before the year is over; kInvalid (field
  // "note") re-publishing without a note.
  Result<boost::json::object> Publish(std::int64_t agency, int year, std::string_view note,
                                      std::int64_t actor_id);
  // The published report of the agency with `agency_code` (empty: the first agency by id that
  // published one for `year`), its latest version or `version`; kNotFound when none.
  Result<boost::json::object> PublicReport(std::string_view agency_code, int year,
                                           std::optional<int> version);
  // Every published report's latest version: {"items": [{agency, year, version, publishedOn}]}.
  Result<boost::json::object> PublicList();

  // 行政复议/行政诉讼 outcomes of a case (counted by the report in the year of `decided_on`):
  // kInvalid naming the field for a date in the future or before the case's decision, an empty
  // authority; kConflict for a case not yet decided.
  Result<boost::json::object> RecordRemedy(std::int64_t case_id, const NewRemedy& r,
                                           std::int64_t actor_id);
  Result<boost::json::object> Remedies(std::int64_t case_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  CalendarService& calendar_;
  DeadlineService& deadlines_;
};

}  // namespace sx::services
