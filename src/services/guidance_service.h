// 案例指导 (docs/supervision.md): closed cases selected as guidance, with the legal point they
// illustrate; their facts and decision redacted as a disclosure is (domain/redaction.h), edited
// as drafts, published on the portal, withdrawn with a reason. Searchable literally.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "store/database.h"
#include "util/clock.h"

namespace sx::services {

struct GuidanceText {
  std::string title, legal_point, summary;
  std::string facts, decision;  // for an update of a draft; redacted again on save
};

class GuidanceService {
 public:
  GuidanceService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // A draft from a closed case of `agency`: kInvalid (field caseId) for a case not closed or of
  // another agency, kConflict when the case is guidance already.
  Result<boost::json::object> Create(std::int64_t agency, std::int64_t case_id,
                                     const GuidanceText& text, std::int64_t actor_id);
  Result<boost::json::object> Update(std::int64_t id, const GuidanceText& text,
                                     std::int64_t actor_id);
  Result<boost::json::object> Publish(std::int64_t id, std::int64_t actor_id);
  Result<boost::json::object> Withdraw(std::int64_t id, std::string_view reason,
                                       std::int64_t actor_id);
  Result<std::int64_t> AgencyOf(std::int64_t id);
  Result<boost::json::object> Get(std::int64_t id, bool published_only);
  // `q` literal (≤ 100 characters) in title, legal point, summary and text; `status` empty for
  // any; `agency` 0 for all. Newest first, at most 200.
  Result<boost::json::object> List(std::string_view q, std::string_view status, std::int64_t agency,
                                   bool published_only);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace sx::services
