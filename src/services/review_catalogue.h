// The review catalogue (目录清单, domain/review.h) as JSON: an agency's own rules are stored and
// served in this form (docs/review.md), and cases read them to know whether they need a review.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "domain/review.h"
#include "store/database.h"
#include "util/status.h"

namespace sx::services {

boost::json::object CatalogueRuleJson(const domain::CatalogueRule& r);
// kInvalid naming the field ("rules[2].minAmount") for a malformed rule; the rules are then
// checked by domain::ValidateCatalogue.
Result<std::vector<domain::CatalogueRule>> CatalogueRulesFromJson(const boost::json::value& v);
// The agency's own rules as stored (none when the agency has not set any).
Result<std::vector<domain::CatalogueRule>> AgencyCatalogue(store::Tx& tx, std::int64_t agency_id);

}  // namespace sx::services
