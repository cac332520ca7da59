#include "services/review_catalogue.h"

#include <fmt/format.h>

namespace sx::services {

namespace json = boost::json;

namespace {

json::value OptBool(const std::optional<bool>& b) { return b ? json::value(*b) : json::value(); }

Result<std::optional<bool>> FlagOf(const json::object& o, std::string_view key,
                                   const std::string& field) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) {
    return Status::Invalid(fmt::format("{} 须为 true、false 或 null", key))
        .WithField(fmt::format("{}.{}", field, key));
  }
  return std::optional<bool>(v->as_bool());
}

Result<std::string> TextOf(const json::object& o, std::string_view key, const std::string& field) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) {
    return Status::Invalid(fmt::format("{} 须为文本", key))
        .WithField(fmt::format("{}.{}", field, key));
  }
  return std::string(v->as_string());
}

// A list of codes parsed by `parse`; kInvalid naming the bad entry.
template <typename T, typename Parse>
Result<std::vector<T>> ListOf(const json::object& o, std::string_view key, const std::string& field,
                              Parse parse) {
  std::vector<T> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  const std::string where = fmt::format("{}.{}", field, key);
  if (!v->is_array()) return Status::Invalid(fmt::format("{} 须为数组", key)).WithField(where);
  for (const auto& item : v->as_array()) {
    if (!item.is_string())
      return Status::Invalid(fmt::format("{} 的元素须为文本", key)).WithField(where);
    auto parsed = parse(std::string_view(item.as_string()));
    if (!parsed) {
      return Status::Invalid(fmt::format("{} 中的 {} 无法识别", key, std::string(item.as_string())))
          .WithField(where);
    }
    out.push_back(*parsed);
  }
  return out;
}

}  // namespace

json::object CatalogueRuleJson(const domain::CatalogueRule& r) {
  json::array categories, codes, outcomes;
  for (auto c : r.categories) categories.emplace_back(domain::PowerCategoryCode(c));
  for (const auto& c : r.power_codes) codes.emplace_back(c);
  for (auto o : r.outcomes) outcomes.emplace_back(domain::OutcomeCode(o));
  return json::object{
      {"id", r.id},
      {"name", r.name},
      {"basis", r.basis},
      {"need", domain::ReviewNeedCode(r.need)},
      {"statutory", r.statutory},
      {"categories", std::move(categories)},
      {"procedure", r.procedure ? json::value(domain::ProcedureCode(*r.procedure)) : json::value()},
      {"powerCodes", std::move(codes)},
      {"party",
       r.party ? json::value(*r.party == domain::PartyKind::kCitizen ? "citizen" : "organisation")
               : json::value()},
      {"outcomes", std::move(outcomes)},
      {"minAmount", r.min_amount ? json::value(*r.min_amount) : json::value()},
      {"hearingHeld", OptBool(r.hearing_held)},
      {"publicInterest", OptBool(r.public_interest)},
      {"complex", OptBool(r.complex)},
      {"otherLaw", OptBool(r.other_law)},
      {"majorViolation", OptBool(r.major_violation)},
      {"socialImpact", OptBool(r.social_impact)},
  };
}

Result<std::vector<domain::CatalogueRule>> CatalogueRulesFromJson(const json::value& v) {
  if (!v.is_array()) return Status::Invalid("rules 须为数组").WithField("rules");
  if (v.as_array().size() > domain::kMaxCatalogueRules) {
    return Status::Invalid(fmt::format("目录清单最多 {} 条", domain::kMaxCatalogueRules))
        .WithField("rules");
  }
  std::vector<domain::CatalogueRule> rules;
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const std::string field = fmt::format("rules[{}]", i);
    const json::value& item = v.as_array()[i];
    if (!item.is_object()) return Status::Invalid("目录清单的条目须为对象").WithField(field);
    const json::object& o = item.as_object();
    domain::CatalogueRule r;
    auto text = [&](std::string_view key, std::string* out) -> Status {
      auto t = TextOf(o, key, field);
      if (!t.ok()) return t.status();
      *out = std::move(*t);
      return Status::Ok();
    };
    SX_RETURN_IF_ERROR(text("id", &r.id));
    SX_RETURN_IF_ERROR(text("name", &r.name));
    SX_RETURN_IF_ERROR(text("basis", &r.basis));
    std::string need, procedure, party;
    SX_RETURN_IF_ERROR(text("need", &need));
    auto parsed_need = domain::ParseReviewNeed(need.empty() ? "review" : need);
    if (!parsed_need) {
      return Status::Invalid("need 须为 review 或 discussion").WithField(field + ".need");
    }
    r.need = *parsed_need;
    if (const json::value* s = o.if_contains("statutory"); s != nullptr && s->is_bool()) {
      r.statutory = s->as_bool();
    }
    SX_RETURN_IF_ERROR(text("procedure", &procedure));
    if (!procedure.empty()) {
      r.procedure = domain::ParseProcedure(procedure);
      if (!r.procedure) {
        return Status::Invalid("procedure 须为 ordinary 或 summary")
            .WithField(field + ".procedure");
      }
    }
    SX_RETURN_IF_ERROR(text("party", &party));
    if (!party.empty()) {
      if (party != "citizen" && party != "organisation") {
        return Status::Invalid("party 须为 citizen 或 organisation").WithField(field + ".party");
      }
      r.party = party == "citizen" ? domain::PartyKind::kCitizen : domain::PartyKind::kOrganisation;
    }
    auto categories = ListOf<domain::PowerCategory>(
        o, "categories", field, [](std::string_view c) { return domain::ParsePowerCategory(c); });
    if (!categories.ok()) return categories.status();
    r.categories = std::move(*categories);
    auto outcomes = ListOf<domain::Outcome>(
        o, "outcomes", field, [](std::string_view c) { return domain::ParseOutcome(c); });
    if (!outcomes.ok()) return outcomes.status();
    r.outcomes = std::move(*outcomes);
    auto codes = ListOf<std::string>(o, "powerCodes", field, [](std::string_view c) {
      return c.empty() || c.size() > 32 ? std::nullopt : std::optional<std::string>(c);
    });
    if (!codes.ok()) return codes.status();
    r.power_codes = std::move(*codes);
    if (const json::value* m = o.if_contains("minAmount"); m != nullptr && !m->is_null()) {
      if (!m->is_int64() && !m->is_uint64()) {
        return Status::Invalid("minAmount 须为整数(元)").WithField(field + ".minAmount");
      }
      r.min_amount = m->is_int64() ? m->as_int64() : static_cast<std::int64_t>(m->as_uint64());
    }
    const std::pair<std::string_view, std::optional<bool>*> flags[] = {
        {"hearingHeld", &r.hearing_held},
        {"publicInterest", &r.public_interest},
        {"complex", &r.complex},
        {"otherLaw", &r.other_law},
        {"majorViolation", &r.major_violation},
        {"socialImpact", &r.social_impact}};
    for (const auto& [key, out] : flags) {
      auto f = FlagOf(o, key, field);
      if (!f.ok()) return f.status();
      *out = *f;
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

Result<std::vector<domain::CatalogueRule>> AgencyCatalogue(store::Tx& tx, std::int64_t agency_id) {
  auto r = tx.Query("SELECT rules FROM review_catalogues WHERE agency_id = $1", {agency_id});
  if (!r.ok()) return r.status();
  if (r->empty()) return std::vector<domain::CatalogueRule>{};
  json::error_code ec;
  json::value v = json::parse(r->rows.front().Text(0), ec);
  if (ec) return Status::Internal("目录清单数据损坏");
  return CatalogueRulesFromJson(v);
}

}  // namespace sx::services
