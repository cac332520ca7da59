// Case handling over HTTP (docs/cases.md): the powers list, cases with their steps, officers,
// recusals and extensions, enforcement documents (draft, revise, sign off, issue, PDF), the
// per-party dossier, and the public check of a document number (the QR code's target).
#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/amount.h"
#include "http/api.h"
#include "http/params.h"
#include "http/problem.h"
#include "ledger/base64.h"
#include "render/templates.h"

namespace sx::http {

namespace json = boost::json;

namespace {

using domain::Permission;

json::value Opt(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value OptDate(const std::optional<domain::Date>& d) {
  return d ? json::value(domain::FormatDate(*d)) : json::value(nullptr);
}
json::value OptStr(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::object TierJson(const domain::DiscretionTier& t) {
  return json::object{{"code", t.code},
                      {"condition", t.condition},
                      {"min", t.range.min_yuan},
                      {"max", t.range.max_yuan}};
}

json::object PowerJson(const domain::PowerItem& p) {
  json::array tiers;
  for (const auto& t : p.tiers) tiers.push_back(TierJson(t));
  json::value fine = nullptr;
  if (p.fine) fine = json::object{{"min", p.fine->min_yuan}, {"max", p.fine->max_yuan}};
  return json::object{{"id", p.id},
                      {"agencyId", p.agency_id},
                      {"code", p.code},
                      {"category", domain::PowerCategoryCode(p.category)},
                      {"categoryName", domain::PowerCategoryName(p.category)},
                      {"name", p.name},
                      {"basis", p.basis},
                      {"duties", p.duties},
                      {"timeLimit", p.time_limit},
                      {"enforcementCategory", p.enforcement_category},
                      {"fine", std::move(fine)},
                      {"tiers", std::move(tiers)},
                      {"tierRule", domain::TierRuleCode(p.tier_rule)},
                      {"active", p.active}};
}

json::object DeadlineBrief(const services::DeadlineItem& d) {
  return json::object{{"id", d.record.id},
                      {"ruleCode", d.record.rule_code},
                      {"ruleName", d.rule ? d.rule->name : d.record.rule_code},
                      {"dueDate", domain::FormatDate(d.record.due_date)},
                      {"state", domain::DeadlineStateCode(d.state)},
                      {"stateName", domain::DeadlineStateName(d.state)}};
}

json::object SummaryJson(const store::CaseRow& c, std::string_view power_name) {
  const auto stage = domain::ParseCaseStage(c.stage);
  return json::object{{"id", c.id},
                      {"number", c.number},
                      {"agencyId", c.agency_id},
                      {"cause", c.cause},
                      {"stage", c.stage},
                      {"stageName", stage ? domain::CaseStageName(*stage) : c.stage},
                      {"procedure", c.procedure},
                      {"partyName", c.party_name},
                      {"partyKind", c.party_kind},
                      {"partyIdNumber", c.party_id_number},
                      {"powerItemId", c.power_item_id},
                      {"powerItemName", power_name},
                      {"filedOn", OptStr(c.filed_on)},
                      {"decisionDue", nullptr},
                      {"updatedAt", c.updated_at},
                      {"version", c.version}};
}

json::array RuleIds(const domain::CatalogueMatch& m) {
  json::array ids;
  for (const auto& r : m.matched) ids.emplace_back(r.id);
  return ids;
}

json::array RolesJson(const std::vector<domain::Role>& roles) {
  json::array a;
  for (auto r : roles) a.push_back(json::string(domain::RoleCode(r)));
  return a;
}

json::object DocumentJson(const services::DocumentView& d) {
  json::object inputs;
  for (const auto& [k, v] : d.inputs) inputs[k] = v;
  json::array signoffs;
  for (const auto& s : d.signoffs) {
    const auto role = domain::ParseRole(s.row.role);
    signoffs.push_back(json::object{{"role", s.row.role},
                                    {"roleName", role ? domain::RoleName(*role) : s.row.role},
                                    {"userId", s.row.user_id},
                                    {"name", s.name},
                                    {"at", s.row.at}});
  }
  return json::object{{"id", d.row.id},
                      {"caseId", d.row.case_id},
                      {"type", d.row.type},
                      {"typeName", d.kind ? d.kind->name : d.row.type},
                      {"number", OptStr(d.row.number)},
                      {"status", d.row.status},
                      {"version", d.row.version},
                      {"inputs", std::move(inputs)},
                      {"signRoles", d.kind ? RolesJson(d.kind->sign) : json::array{}},
                      {"byStep", d.kind && d.kind->by_step},
                      {"signoffs", std::move(signoffs)},
                      {"missingSignoffs", RolesJson(d.missing)},
                      {"issuedOn", OptStr(d.row.issued_on)},
                      {"issuedAt", OptStr(d.row.issued_at)},
                      {"sha256", OptStr(d.row.pdf_digest)},
                      {"object", fmt::format("document:{}", d.row.id)}};
}

// Which steps the viewer could take now, and why not: the stage and the role from the table,
// then the domain's own check with the case's proposal, so a gate (法制审核, 第42条) shows as the
// reason before anyone fills in a form. Missing form input does not count against a step.
json::array ActionsJson(const services::CaseView& v) {
  json::array out;
  for (const auto& a : v.actions) {
    const auto& rule = *a.rule;
    out.push_back(json::object{
        {"action", rule.code},
        {"name", rule.name},
        {"article", rule.article},
        {"document", rule.document},
        {"role", domain::RoleCode(rule.role)},
        {"roleName", domain::RoleName(rule.role)},
        {"allowed", a.allowed},
        {"reason", a.reason},
        {"recording", json::object{{"duty", domain::RecordingDutyCode(a.recording.duty)},
                                   {"scene", a.recording.scene},
                                   {"sceneName", a.recording.scene_name},
                                   {"basis", a.recording.basis},
                                   {"recordings", a.recordings}}}});
  }
  return out;
}

json::object CaseJson(const services::CaseView& v, const services::Principal*, domain::Date today) {
  json::object o = SummaryJson(v.row, v.power.name);
  if (v.decision_due) o["decisionDue"] = DeadlineBrief(*v.decision_due);
  const auto& in = v.input;
  o["party"] =
      json::object{{"kind", v.row.party_kind},       {"name", in.party.name},
                   {"idNumber", in.party.id_number}, {"representative", in.party.representative},
                   {"address", in.party.address},    {"phone", in.party.phone}};
  o["facts"] = in.facts;
  o["art37"] = json::object{{"unregistered", in.art37.unregistered},
                            {"yearsSinceFounding", in.art37.years_since_founding},
                            {"accountsMissing", in.art37.accounts_missing},
                            {"correctedInTime", in.art37.corrected_in_time}};
  o["source"] = in.source;
  o["area"] = in.area;
  o["complexOrMajor"] = in.complex_or_major;
  o["publicInterest"] = in.public_interest;
  o["complexCase"] = in.complex_case;
  o["otherLaw"] = in.other_law;
  o["socialImpact"] = in.social_impact;
  o["eServiceConsent"] = in.e_service_consent;
  o["violationEndedOn"] = OptDate(in.violation_ended_on);
  o["powerItem"] = PowerJson(v.power);
  json::array officers;
  for (const auto& co : v.officers) {
    officers.push_back(
        json::object{{"officerId", co.officer.id},
                     {"name", co.officer.name},
                     {"title", co.officer.title},
                     {"certificateNumber", co.officer.certificate.number},
                     {"expiresOn", domain::FormatDate(co.officer.certificate.expires_on)},
                     {"validity", domain::ValidityName(co.validity)},
                     {"valid", co.validity == domain::Validity::kValid},
                     {"category", co.officer.category},
                     {"area", co.officer.area},
                     {"recused", co.recused}});
  }
  o["officers"] = std::move(officers);
  json::array recusals;
  for (const auto& r : v.recusals) {
    recusals.push_back(json::object{{"id", r.row.id},
                                    {"officerId", r.row.officer_id},
                                    {"officerName", r.officer_name},
                                    {"requestedBy", r.row.requested_by},
                                    {"reason", r.row.reason},
                                    {"decided", r.row.decided},
                                    {"approved", r.row.approved},
                                    {"decisionReason", r.row.decision_reason},
                                    {"decidedByName", r.decided_by_name},
                                    {"decidedAt", OptStr(r.row.decided_at)},
                                    {"createdAt", r.row.created_at}});
  }
  o["recusals"] = std::move(recusals);
  const auto& f = v.flow;
  json::value decided_cn = nullptr;
  if (f.decided_fine) {
    auto cn = domain::ChineseAmount(*f.decided_fine);
    if (cn.ok()) decided_cn = *cn;
  }
  o["flow"] = json::object{
      {"reviewRequired", v.review.required()},
      {"reviewBasis", v.review.Explain()},
      {"reviewRules", RuleIds(v.review)},
      {"reviewPassed", f.review_passed},
      {"reviewDisputed", f.review_disputed},
      {"discussionRequired", f.discussion_required || v.discussion.required()},
      {"discussionBasis", v.discussion.Explain()},
      {"discussionRules", RuleIds(v.discussion)},
      {"discussed", f.discussed},
      {"proposedOutcome", f.proposed_outcome ? json::value(domain::OutcomeCode(*f.proposed_outcome))
                                             : json::value(nullptr)},
      {"proposedFine", Opt(f.proposed_fine)},
      {"tier", f.tier ? json::value(TierJson(*f.tier)) : json::value(nullptr)},
      {"suggestedTier",
       v.suggested_tier ? json::value(TierJson(*v.suggested_tier)) : json::value(nullptr)},
      {"deviationReason", f.deviation_reason},
      {"notifiedFine", Opt(f.notified_fine)},
      {"hearingOffered", f.hearing_offered},
      {"hearingRequestDue", OptDate(f.hearing_request_due)},
      {"hearingRequested", f.hearing_requested},
      {"hearingHeld", f.hearing_held},
      {"defended", f.defended},
      {"outcome", f.outcome ? json::value(domain::OutcomeCode(*f.outcome)) : json::value(nullptr)},
      {"decidedFine", Opt(f.decided_fine)},
      {"decidedFineCn", std::move(decided_cn)},
      {"decidedOn", OptDate(f.decided_on)},
      {"servedOn", OptDate(f.served_on)},
      {"paymentDue", OptDate(f.payment_due)},
      {"paidOn", OptDate(f.paid_on)},
      {"surcharge", f.surcharge},
      {"surchargeToday", v.surcharge_today},
      {"remindedOn", OptDate(f.reminded_on)},
      {"courtAllowedFrom", OptDate(f.court_allowed_from)},
      {"closedOn", OptDate(f.closed_on)},
      {"archivedOn", OptDate(f.archived_on)},
      {"retainUntil", OptDate(f.retain_until)},
      {"suspendedFrom", f.suspended_from ? json::value(domain::CaseStageCode(*f.suspended_from))
                                         : json::value(nullptr)}};
  {
    const auto st = domain::ParseCaseStage(v.row.stage).value_or(domain::CaseStage::kLead);
    o["readOnly"] = domain::IsFinal(st) || st == domain::CaseStage::kClosed;  // 案卷只读
  }
  o["actions"] = ActionsJson(v);
  json::array events;
  for (const auto& e : v.events) {
    const auto from = domain::ParseCaseStage(e.row.from_stage);
    const auto to = domain::ParseCaseStage(e.row.to_stage);
    const auto action = domain::ParseCaseAction(e.row.action);
    std::string name = action ? std::string(domain::RuleOf(*action).name) : e.row.action;
    if (e.row.action == "register") name = "线索登记";
    if (e.row.action == "edit") name = "修改案件信息";
    if (e.row.action == "officers") name = "调整执法人员";
    if (e.row.action == "recusal") name = "申请回避";
    if (e.row.action == "recusal_approved") name = "决定回避";
    if (e.row.action == "recusal_rejected") name = "驳回回避申请";
    if (e.row.action == "extend") name = "延长办案期限";
    if (e.row.action == "issue") name = "签发文书";
    json::error_code ec;
    auto data = json::parse(e.row.data, ec);
    json::value article = nullptr;
    if (!ec && data.is_object() && data.as_object().contains("article")) {
      article = data.as_object().at("article");
    }
    events.push_back(json::object{{"seq", e.row.seq},
                                  {"action", e.row.action},
                                  {"name", name},
                                  {"article", std::move(article)},
                                  {"from", e.row.from_stage},
                                  {"to", e.row.to_stage},
                                  {"fromName", from ? domain::CaseStageName(*from) : ""},
                                  {"toName", to ? domain::CaseStageName(*to) : ""},
                                  {"actorId", e.row.actor_id},
                                  {"actorName", e.actor_name},
                                  {"at", e.row.at},
                                  {"reason", e.row.reason},
                                  {"data", ec ? json::value(nullptr) : std::move(data)},
                                  {"documentId", Opt(e.row.document_id)},
                                  {"documentNumber", e.document_number}});
  }
  o["events"] = std::move(events);
  json::array docs;
  for (const auto& d : v.documents) docs.push_back(DocumentJson(d));
  o["documents"] = std::move(docs);
  json::array deadlines;
  for (const auto& d : v.deadlines) deadlines.push_back(DeadlineBrief(d));
  o["deadlines"] = std::move(deadlines);
  (void)today;
  return o;
}

// ---- access ---------------------------------------------------------------------------------

std::optional<Response> DepartmentCheck(const services::Principal& who,
                                        std::optional<std::int64_t> department,
                                        const Request& req) {
  if (!domain::InDepartmentScope(who.actor(), department)) {
    return Problem(403, "forbidden", "无权操作", "该案件不属于您所在的内设机构", &req);
  }
  return std::nullopt;
}

std::optional<Response> AuthorizeCase(ApiContext& ctx, const Request& req, Permission p,
                                      std::int64_t case_id, services::Principal* who) {
  std::optional<std::int64_t> department;
  if (auto denied = AuthorizeRecord(
          ctx, req, p, [&] { return ctx.cases->CaseAgency(case_id, &department); }, who)) {
    return denied;
  }
  return DepartmentCheck(*who, department, req);
}

std::optional<Response> AuthorizeDocument(ApiContext& ctx, const Request& req, Permission p,
                                          services::Principal* who) {
  std::optional<std::int64_t> department;
  if (auto denied = AuthorizeRecord(
          ctx, req, p, [&] { return ctx.cases->DocumentAgency(req.IntParam("id"), &department); },
          who)) {
    return denied;
  }
  return DepartmentCheck(*who, department, req);
}

// Authenticate, then `p` in the caller's own agency.
std::optional<Response> AuthorizeOwn(ApiContext& ctx, const Request& req, Permission p,
                                     services::Principal* who) {
  if (auto denied = Authenticate(ctx, req, who)) return denied;
  if (!domain::Allowed(who->actor(), p, who->agency_id)) return Forbidden(req, p);
  return std::nullopt;
}

// A write on a case: authorized as case work, then its JSON body.
std::optional<Response> CaseWrite(ApiContext& ctx, const Request& req, services::Principal* who,
                                  json::object* body) {
  if (auto denied = AuthorizeCase(ctx, req, Permission::kHandleCases, req.IntParam("id"), who)) {
    return denied;
  }
  return ParseJsonObject(req, body);
}

// A write on a document: authorized as case work, then its JSON body.
std::optional<Response> DocumentWrite(ApiContext& ctx, const Request& req, services::Principal* who,
                                      json::object* body) {
  if (auto denied = AuthorizeDocument(ctx, req, Permission::kHandleCases, who)) return denied;
  return ParseJsonObject(req, body);
}

// ---- bodies ---------------------------------------------------------------------------------

std::optional<Response> ParsePowerBody(const json::object& b, const Request& req,
                                       domain::NewPowerItem* p, bool* active) {
  std::string category, tier_rule;
  if (auto bad = BodyString(b, "code", true, req, &p->code)) return bad;
  if (auto bad = BodyString(b, "category", true, req, &category)) return bad;
  auto c = domain::ParsePowerCategory(category);
  if (!c)
    return BadInput(req, "category", "职权类别须为 penalty、inspection、coercion 等或其中文名称");
  p->category = *c;
  if (auto bad = BodyString(b, "name", true, req, &p->name)) return bad;
  if (auto bad = BodyString(b, "basis", true, req, &p->basis)) return bad;
  if (auto bad = BodyString(b, "duties", true, req, &p->duties)) return bad;
  if (auto bad = BodyString(b, "timeLimit", true, req, &p->time_limit)) return bad;
  if (auto bad = BodyString(b, "enforcementCategory", false, req, &p->enforcement_category)) {
    return bad;
  }
  if (auto bad = BodyString(b, "tierRule", false, req, &tier_rule)) return bad;
  if (!tier_rule.empty()) {
    auto r = domain::ParseTierRule(tier_rule);
    if (!r) return BadInput(req, "tierRule", "tierRule 须为 chosen 或 art37");
    p->tier_rule = *r;
  }
  if (const auto* fine = b.if_contains("fine"); fine && !fine->is_null()) {
    if (!fine->is_object()) return BadInput(req, "fine", "fine 须为 {min, max}");
    std::optional<std::int64_t> lo, hi;
    if (auto bad = BodyInt(fine->as_object(), "min", true, req, &lo)) return bad;
    if (auto bad = BodyInt(fine->as_object(), "max", true, req, &hi)) return bad;
    p->fine = domain::FineRange{*lo, *hi};
  }
  if (const auto* tiers = b.if_contains("tiers"); tiers && !tiers->is_null()) {
    if (!tiers->is_array() || tiers->as_array().size() > domain::kMaxTiers) {
      return BadInput(req, "tiers", "tiers 须为不超过 20 项的数组");
    }
    for (const auto& t : tiers->as_array()) {
      if (!t.is_object()) return BadInput(req, "tiers", "裁量档次须为对象");
      domain::DiscretionTier tier;
      std::optional<std::int64_t> lo, hi;
      if (auto bad = BodyString(t.as_object(), "code", true, req, &tier.code)) return bad;
      if (auto bad = BodyString(t.as_object(), "condition", true, req, &tier.condition)) return bad;
      if (auto bad = BodyInt(t.as_object(), "min", true, req, &lo)) return bad;
      if (auto bad = BodyInt(t.as_object(), "max", true, req, &hi)) return bad;
      tier.range = {*lo, *hi};
      p->tiers.push_back(std::move(tier));
    }
  }
  if (active) {
    if (auto bad = BodyBool(b, "active", req, active)) return bad;
  }
  return std::nullopt;
}

std::optional<Response> ParseCaseBody(const json::object& b, const Request& req, bool create,
                                      services::CaseInput* in) {
  if (create) {
    std::optional<std::int64_t> power;
    if (auto bad = BodyInt(b, "powerItemId", true, req, &power)) return bad;
    in->power_item_id = *power;
    std::string procedure = "ordinary";
    if (auto bad = BodyString(b, "procedure", false, req, &procedure)) return bad;
    auto p = domain::ParseProcedure(procedure);
    if (!p)
      return BadInput(req, "procedure", "procedure 须为 ordinary(普通程序)或 summary(简易程序)");
    in->procedure = *p;
  }
  if (auto bad = BodyString(b, "cause", true, req, &in->cause)) return bad;
  in->source = "监督检查";
  if (auto bad = BodyString(b, "source", false, req, &in->source)) return bad;
  if (auto bad = BodyString(b, "area", false, req, &in->area)) return bad;
  if (auto bad = BodyString(b, "facts", false, req, &in->facts)) return bad;
  const json::value* party = b.if_contains("party");
  if (!party || !party->is_object()) return BadInput(req, "party", "缺少当事人信息 party");
  const auto& po = party->as_object();
  std::string kind = "organisation";
  if (auto bad = BodyString(po, "kind", false, req, &kind)) return bad;
  if (kind != "organisation" && kind != "citizen") {
    return BadInput(req, "party.kind", "当事人类型须为 organisation(单位)或 citizen(个人)");
  }
  in->party.kind =
      kind == "citizen" ? domain::PartyKind::kCitizen : domain::PartyKind::kOrganisation;
  if (auto bad = BodyString(po, "name", true, req, &in->party.name)) return bad;
  if (auto bad = BodyString(po, "idNumber", true, req, &in->party.id_number)) return bad;
  if (auto bad = BodyString(po, "representative", false, req, &in->party.representative))
    return bad;
  if (auto bad = BodyString(po, "address", false, req, &in->party.address)) return bad;
  if (auto bad = BodyString(po, "phone", false, req, &in->party.phone)) return bad;
  if (const auto* a = b.if_contains("art37"); a && a->is_object()) {
    const auto& ao = a->as_object();
    std::optional<std::int64_t> years, missing;
    if (auto bad = BodyBool(ao, "unregistered", req, &in->art37.unregistered)) return bad;
    if (auto bad = BodyInt(ao, "yearsSinceFounding", false, req, &years)) return bad;
    if (auto bad = BodyInt(ao, "accountsMissing", false, req, &missing)) return bad;
    if (auto bad = BodyBool(ao, "correctedInTime", req, &in->art37.corrected_in_time)) return bad;
    if ((years && (*years < 0 || *years > 200)) ||
        (missing && (*missing < 0 || *missing > 10'000'000))) {
      return BadInput(req, "art37", "成立年限或未设立账户人数超出范围");
    }
    in->art37.years_since_founding = static_cast<int>(years.value_or(0));
    in->art37.accounts_missing = static_cast<int>(missing.value_or(0));
  }
  if (const auto* d = b.if_contains("violationEndedOn"); d && !d->is_null()) {
    domain::Date date{};
    if (auto bad = BodyDate(b, "violationEndedOn", req, &date)) return bad;
    in->violation_ended_on = date;
  }
  if (auto bad = BodyBool(b, "complexOrMajor", req, &in->complex_or_major)) return bad;
  if (auto bad = BodyBool(b, "publicInterest", req, &in->public_interest)) return bad;
  if (auto bad = BodyBool(b, "complexCase", req, &in->complex_case)) return bad;
  if (auto bad = BodyBool(b, "otherLaw", req, &in->other_law)) return bad;
  if (auto bad = BodyBool(b, "socialImpact", req, &in->social_impact)) return bad;
  if (auto bad = BodyBool(b, "eServiceConsent", req, &in->e_service_consent)) return bad;
  if (const auto* ids = b.if_contains("officerIds"); ids && !ids->is_null()) {
    if (!ids->is_array() || ids->as_array().size() > 10) {
      return BadInput(req, "officerIds", "officerIds 须为不超过 10 个执法人员编号的数组");
    }
    for (const auto& id : ids->as_array()) {
      if (!id.is_int64() || id.as_int64() <= 0) {
        return BadInput(req, "officerIds", "officerIds 须为执法人员编号");
      }
      in->officer_ids.push_back(id.as_int64());
    }
  }
  return std::nullopt;
}

std::optional<Response> ParseInputs(const json::object& b, const Request& req,
                                    std::map<std::string, std::string, std::less<>>* out) {
  const json::value* inputs = b.if_contains("inputs");
  if (!inputs || inputs->is_null()) return std::nullopt;
  if (!inputs->is_object()) return BadInput(req, "inputs", "inputs 须为对象 {字段: 文本}");
  for (const auto& [k, v] : inputs->as_object()) {
    if (!v.is_string()) {
      return BadInput(req, fmt::format("inputs.{}", std::string_view(k).substr(0, 64)),
                      "文书字段的值须为字符串");
    }
    (*out)[std::string(k)] = std::string(v.as_string());
  }
  return std::nullopt;
}

// ---- handlers -------------------------------------------------------------------------------

Response ListPowers(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authenticate(ctx, req, &who)) return *denied;
  std::int64_t target = 0;
  if (auto denied = AgencyToRead(req, who, &target)) return *denied;
  auto items = ctx.cases->PowerItems(target);
  if (!items.ok()) return Fail(items.status(), req);
  json::array out;
  for (const auto& p : *items) out.push_back(PowerJson(p));
  return JsonResponse(json::object{{"items", std::move(out)}});
}

Response PublicPowers(ApiContext& ctx, const Request& req) {
  auto agency = ctx.agencies.GetByCode(std::string(req.PathParam("code")));
  if (!agency.ok()) return ProblemFromStatus(agency.status(), req);
  auto items = ctx.cases->PowerItems(agency->id);
  if (!items.ok()) return Fail(items.status(), req);
  json::array out;
  for (const auto& p : *items) {
    if (p.active) out.push_back(PowerJson(p));
  }
  Response r = JsonResponse(json::object{{"agency", agency->name}, {"items", std::move(out)}});
  r.SetHeader("Cache-Control", "public, max-age=60");
  return r;
}

Response CreatePower(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeOwn(ctx, req, Permission::kManagePowers, &who)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  domain::NewPowerItem p;
  if (auto bad = ParsePowerBody(body, req, &p, nullptr)) return *bad;
  auto item = ctx.cases->CreatePowerItem(who.agency_id, p, who.user_id);
  if (!item.ok()) return Fail(item.status(), req);
  return JsonResponse(PowerJson(*item), 201);
}

Response UpdatePower(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeRecord(
          ctx, req, Permission::kManagePowers,
          [&]() -> Result<std::int64_t> {
            auto p = ctx.cases->PowerItem(req.IntParam("id"));
            if (!p.ok()) return p.status();
            return p->agency_id;
          },
          &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  domain::NewPowerItem p;
  bool active = true;
  if (auto bad = ParsePowerBody(body, req, &p, &active)) return *bad;
  auto item = ctx.cases->UpdatePowerItem(req.IntParam("id"), p, active, who.user_id);
  if (!item.ok()) return Fail(item.status(), req);
  return JsonResponse(PowerJson(*item));
}

Response ListCases(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authenticate(ctx, req, &who)) return *denied;
  services::CaseListQuery q;
  if (auto denied = AgenciesToList(req, who, &q.agency_id)) return *denied;
  if (auto s = QueryParam(req, "stage"); s && !s->empty()) {
    q.stage = domain::ParseCaseStage(*s);
    if (!q.stage) return BadInput(req, "stage", "未知的案件阶段");
  }
  if (auto t = QueryParam(req, "q"); t && !t->empty()) {
    if (t->size() > 100) return BadInput(req, "q", "搜索词过长");
    q.text = std::string(*t);
  }
  auto rows = ctx.cases->List(q);
  if (!rows.ok()) return Fail(rows.status(), req);
  auto powers = ctx.cases->PowerItems(q.agency_id);
  std::map<std::int64_t, std::string> names;
  if (powers.ok()) {
    for (const auto& p : *powers) names[p.id] = p.name;
  }
  auto due = ctx.deadlines->List({q.agency_id, std::nullopt, std::string("case.decision")},
                                 ctx.deadlines->Today(), {});
  std::map<std::string, const services::DeadlineItem*> by_object;
  if (due.ok()) {
    for (const auto& d : *due) by_object[d.record.object] = &d;
  }
  json::array out;
  for (const auto& c : *rows) {
    if (!domain::InDepartmentScope(who.actor(), c.department_id)) continue;
    json::object s = SummaryJson(c, names[c.power_item_id]);
    if (auto it = by_object.find(fmt::format("case:{}", c.id)); it != by_object.end()) {
      s["decisionDue"] = DeadlineBrief(*it->second);
    }
    out.push_back(std::move(s));
  }
  Response r = JsonResponse(json::object{{"items", std::move(out)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response CreateCase(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeOwn(ctx, req, Permission::kHandleCases, &who)) return *denied;
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  services::CaseInput in;
  if (auto bad = ParseCaseBody(body, req, true, &in)) return *bad;
  auto v = ctx.cases->Create(in, who);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()), 201);
}

Response GetCase(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t id = req.IntParam("id");
  if (auto denied = AuthorizeCase(ctx, req, Permission::kReadAgencyInternal, id, &who)) {
    return *denied;
  }
  auto v = ctx.cases->Get(id, &who);
  if (!v.ok()) return Fail(v.status(), req);
  Response r = JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

std::optional<Response> Version(const json::object& body, const Request& req, std::int64_t* out) {
  std::optional<std::int64_t> v;
  if (auto bad = BodyInt(body, "version", true, req, &v)) return bad;
  *out = *v;
  return std::nullopt;
}

Response UpdateCase(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t id = req.IntParam("id");
  json::object body;
  if (auto bad = CaseWrite(ctx, req, &who, &body)) return *bad;
  std::int64_t version = 0;
  if (auto bad = Version(body, req, &version)) return *bad;
  services::CaseInput in;
  if (auto bad = ParseCaseBody(body, req, false, &in)) return *bad;
  auto v = ctx.cases->Update(id, version, in, who);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()));
}

Response SetCaseOfficers(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t id = req.IntParam("id");
  json::object body;
  if (auto bad = CaseWrite(ctx, req, &who, &body)) return *bad;
  std::int64_t version = 0;
  if (auto bad = Version(body, req, &version)) return *bad;
  services::CaseInput in;
  const auto* ids = body.if_contains("officerIds");
  if (!ids || !ids->is_array())
    return BadInput(req, "officerIds", "缺少 officerIds(执法人员编号数组)");
  for (const auto& x : ids->as_array()) {
    if (!x.is_int64() || x.as_int64() <= 0)
      return BadInput(req, "officerIds", "officerIds 须为执法人员编号");
    in.officer_ids.push_back(x.as_int64());
  }
  auto v = ctx.cases->SetOfficers(id, version, in.officer_ids, who);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()));
}

Response Step(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t id = req.IntParam("id");
  json::object body;
  if (auto bad = CaseWrite(ctx, req, &who, &body)) return *bad;
  services::StepRequest s;
  if (auto bad = Version(body, req, &s.version)) return *bad;
  std::string action, outcome, method;
  if (auto bad = BodyString(body, "action", true, req, &action)) return *bad;
  auto a = domain::ParseCaseAction(action);
  if (!a) return BadInput(req, "action", fmt::format("未知的办理步骤 {}", action.substr(0, 40)));
  s.action = *a;
  std::optional<std::int64_t> doc, fine, host;
  if (auto bad = BodyInt(body, "documentId", false, req, &doc)) return *bad;
  s.document_id = doc;
  if (auto bad = BodyString(body, "reason", false, req, &s.reason)) return *bad;
  if (auto bad = BodyString(body, "outcome", false, req, &outcome)) return *bad;
  if (!outcome.empty()) {
    s.outcome = domain::ParseOutcome(outcome);
    if (!s.outcome) {
      return BadInput(req, "outcome",
                      "outcome 须为 penalty、no_penalty、not_established、transfer 或 order");
    }
  }
  if (auto bad = BodyInt(body, "fine", false, req, &fine)) return *bad;
  if (fine && (*fine < 0 || *fine > 100'000'000)) return BadInput(req, "fine", "罚款金额超出范围");
  s.fine = fine;
  if (auto bad = BodyString(body, "tierCode", false, req, &s.tier_code)) return *bad;
  if (auto bad = BodyString(body, "deviationReason", false, req, &s.deviation_reason)) return *bad;
  if (auto bad = BodyInt(body, "hearingHostId", false, req, &host)) return *bad;
  s.hearing_host = host;
  if (auto bad = BodyBool(body, "hearingWaived", req, &s.hearing_waived)) return *bad;
  if (auto bad = BodyString(body, "serviceMethod", false, req, &method)) return *bad;
  if (!method.empty()) {
    s.service_method = domain::ParseServiceMethod(method);
    if (!s.service_method) {
      return BadInput(req, "serviceMethod",
                      "serviceMethod 须为 direct、left、post、electronic、public 或 entrusted");
    }
  }
  if (auto bad = BodyString(body, "noRecordingReason", false, req, &s.no_recording_reason)) {
    return *bad;
  }
  auto v = ctx.cases->Step(id, s, who, PublicOrigin(ctx, req));
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()));
}

Response DeclareRecusal(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t id = req.IntParam("id");
  json::object body;
  if (auto bad = CaseWrite(ctx, req, &who, &body)) return *bad;
  std::optional<std::int64_t> officer;
  std::string by, reason;
  if (auto bad = BodyInt(body, "officerId", true, req, &officer)) return *bad;
  if (auto bad = BodyString(body, "requestedBy", true, req, &by)) return *bad;
  if (auto bad = BodyString(body, "reason", true, req, &reason)) return *bad;
  auto v = ctx.cases->DeclareRecusal(id, *officer, by, reason, who);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()), 201);
}

Response DecideRecusal(ApiContext& ctx, const Request& req) {
  services::Principal who;
  std::optional<std::int64_t> department;
  std::int64_t case_id = 0;
  if (auto denied = AuthorizeRecord(
          ctx, req, Permission::kHandleCases,
          [&]() -> Result<std::int64_t> {
            auto c = ctx.cases->RecusalCase(req.IntParam("id"));
            if (!c.ok()) return c.status();
            case_id = *c;
            return ctx.cases->CaseAgency(*c, &department);
          },
          &who)) {
    return *denied;
  }
  json::object body;
  if (auto bad = ParseJsonObject(req, &body)) return *bad;
  const auto* approve = body.if_contains("approve");
  if (!approve || !approve->is_bool())
    return BadInput(req, "approve", "缺少 approve(true 或 false)");
  std::string reason;
  if (auto bad = BodyString(body, "reason", false, req, &reason)) return *bad;
  auto v = ctx.cases->DecideRecusal(req.IntParam("id"), approve->as_bool(), reason, who);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()));
}

Response ExtendCase(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t id = req.IntParam("id");
  json::object body;
  if (auto bad = CaseWrite(ctx, req, &who, &body)) return *bad;
  std::optional<std::int64_t> days;
  std::string reason;
  if (auto bad = BodyInt(body, "days", true, req, &days)) return *bad;
  if (auto bad = BodyString(body, "reason", true, req, &reason)) return *bad;
  if (*days < 1 || *days > 3660) return BadInput(req, "days", "延长天数须为正整数");
  auto v = ctx.cases->Extend(id, static_cast<int>(*days), reason, who);
  if (!v.ok()) return Fail(v.status(), req);
  return JsonResponse(CaseJson(*v, &who, ctx.deadlines->Today()));
}

Response Templates(ApiContext&, const Request&) {
  json::array out;
  for (const auto& kind : domain::DocumentKinds()) {
    const render::Template* t = render::FindTemplate(kind.code);
    if (t == nullptr) continue;
    json::array inputs;
    for (const auto& i : t->inputs) {
      inputs.push_back(json::object{{"key", i.key},
                                    {"label", i.label},
                                    {"multiline", i.multiline},
                                    {"required", i.required}});
    }
    out.push_back(json::object{{"code", kind.code},
                               {"name", kind.name},
                               {"abbr", t->abbr},
                               {"byStep", kind.by_step},
                               {"inputs", std::move(inputs)},
                               {"signRoles", RolesJson(kind.sign)}});
  }
  Response r = JsonResponse(json::object{{"items", std::move(out)}});
  r.SetHeader("Cache-Control", "private, max-age=300");
  return r;
}

Response DraftDocument(ApiContext& ctx, const Request& req) {
  services::Principal who;
  const std::int64_t id = req.IntParam("id");
  json::object body;
  if (auto bad = CaseWrite(ctx, req, &who, &body)) return *bad;
  std::string type;
  if (auto bad = BodyString(body, "type", true, req, &type)) return *bad;
  std::map<std::string, std::string, std::less<>> inputs;
  if (auto bad = ParseInputs(body, req, &inputs)) return *bad;
  auto d = ctx.cases->Draft(id, type, inputs, who);
  if (!d.ok()) return Fail(d.status(), req);
  return JsonResponse(DocumentJson(*d), 201);
}

Response GetDocument(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeDocument(ctx, req, Permission::kReadAgencyInternal, &who)) {
    return *denied;
  }
  auto d = ctx.cases->Document(req.IntParam("id"));
  if (!d.ok()) return Fail(d.status(), req);
  return JsonResponse(DocumentJson(*d));
}

Response ReviseDocument(ApiContext& ctx, const Request& req) {
  services::Principal who;
  json::object body;
  if (auto bad = DocumentWrite(ctx, req, &who, &body)) return *bad;
  std::int64_t version = 0;
  if (auto bad = Version(body, req, &version)) return *bad;
  std::map<std::string, std::string, std::less<>> inputs;
  if (auto bad = ParseInputs(body, req, &inputs)) return *bad;
  auto d = ctx.cases->Revise(req.IntParam("id"), static_cast<int>(version), inputs, who);
  if (!d.ok()) return Fail(d.status(), req);
  return JsonResponse(DocumentJson(*d));
}

Response SignDocument(ApiContext& ctx, const Request& req) {
  services::Principal who;
  json::object body;
  if (auto bad = DocumentWrite(ctx, req, &who, &body)) return *bad;
  std::string role_code;
  if (auto bad = BodyString(body, "role", true, req, &role_code)) return *bad;
  auto role = domain::ParseRole(role_code);
  if (!role) return BadInput(req, "role", "未知的角色");
  auto d = ctx.cases->SignOff(req.IntParam("id"), *role, who);
  if (!d.ok()) return Fail(d.status(), req);
  return JsonResponse(DocumentJson(*d));
}

Response IssueDocument(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeDocument(ctx, req, Permission::kHandleCases, &who)) return *denied;
  auto d = ctx.cases->Issue(req.IntParam("id"), who, PublicOrigin(ctx, req));
  if (!d.ok()) return Fail(d.status(), req);
  return JsonResponse(DocumentJson(*d));
}

Response DocumentPdf(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = AuthorizeDocument(ctx, req, Permission::kReadAgencyInternal, &who)) {
    return *denied;
  }
  auto pdf = ctx.cases->Pdf(req.IntParam("id"), PublicOrigin(ctx, req));
  if (!pdf.ok()) return Fail(pdf.status(), req);
  Response r;
  r.content_type = "application/pdf";
  r.body = std::move(*pdf);
  r.SetHeader("Cache-Control", "private, no-cache");
  r.SetHeader("Content-Disposition",
              fmt::format("inline; filename=\"document-{}.pdf\"", req.IntParam("id")));
  return r;
}

Response VerifyDocument(ApiContext& ctx, const Request& req) {
  auto number = QueryParam(req, "number");
  if (!number || number->empty() || number->size() > 200) {
    return BadInput(req, "number", "请提供文号:?number=文号");
  }
  auto c = ctx.cases->CheckNumber(*number);
  if (!c.ok()) {
    if (c.status().code() == Code::kNotFound) {
      Response r = JsonResponse(json::object{{"found", false}, {"number", *number}});
      r.SetHeader("Cache-Control", "public, max-age=30");
      return r;
    }
    return Fail(c.status(), req);
  }
  // The leaf that recorded the issue, with its inclusion proof in the latest signed checkpoint
  // (which is returned too, so the answer can be checked on its own). A document issued moments
  // ago may not be in a checkpoint yet: then `leafIndex` is null and `pending` true.
  json::value leaf = nullptr, proof = nullptr, checkpoint = nullptr, entry = nullptr;
  const std::string object = fmt::format("document:{}", c->row.id);
  if (ctx.ledger) {
    auto history = ctx.ledger->History(object);
    if (history.ok()) {
      for (const auto& l : *history) {
        if (l.entry.find("\"document.issued\"") != std::string::npos) {
          leaf = l.index;
          entry = l.entry;
        }
      }
    }
    if (leaf.is_int64()) {
      auto p = ctx.ledger->Inclusion(leaf.as_int64());
      auto note = ctx.ledger->CheckpointNote();
      if (p.ok() && note.ok()) {
        json::array hashes;
        for (const auto& h : p->hashes) {
          hashes.push_back(json::string(
              ledger::EncodeBase64({reinterpret_cast<const char*>(h.data()), h.size()})));
        }
        proof = json::object{
            {"treeSize", p->tree_size},
            {"root",
             ledger::EncodeBase64({reinterpret_cast<const char*>(p->root.data()), p->root.size()})},
            {"hashes", std::move(hashes)}};
        checkpoint = *note;
      }
    }
  }
  Response r = JsonResponse(json::object{{"found", true},
                                         {"number", c->row.number.value_or("")},
                                         {"type", c->row.type},
                                         {"typeName", c->type_name},
                                         {"agency", c->agency_name},
                                         {"issuedOn", OptStr(c->row.issued_on)},
                                         {"sha256", OptStr(c->row.pdf_digest)},
                                         {"object", object},
                                         {"leafIndex", leaf},
                                         {"entry", std::move(entry)},
                                         {"pending", leaf.is_null()},
                                         {"proof", std::move(proof)},
                                         {"checkpoint", std::move(checkpoint)}});
  r.SetHeader("Cache-Control", "public, max-age=30");
  return r;
}

Response Dossier(ApiContext& ctx, const Request& req) {
  services::Principal who;
  if (auto denied = Authenticate(ctx, req, &who)) return *denied;
  auto id_number = QueryParam(req, "idNumber");
  if (!id_number || id_number->empty() || id_number->size() > 18) {
    return BadInput(req, "idNumber", "请提供当事人的统一社会信用代码或身份证号:?idNumber=");
  }
  services::CaseListQuery q;
  q.party_id_number = std::string(*id_number);
  if (auto denied = AgenciesToList(req, who, &q.agency_id)) return *denied;
  auto rows = ctx.cases->List(q);
  if (!rows.ok()) return Fail(rows.status(), req);
  json::array cases;
  std::string party_name;
  for (const auto& c : *rows) {
    if (!domain::InDepartmentScope(who.actor(), c.department_id)) continue;
    auto v = ctx.cases->Get(c.id, &who);
    if (!v.ok()) return Fail(v.status(), req);
    party_name = c.party_name;
    json::object s = SummaryJson(c, v->power.name);
    if (v->decision_due) s["decisionDue"] = DeadlineBrief(*v->decision_due);
    json::array docs;
    for (const auto& d : v->documents) docs.push_back(DocumentJson(d));
    s["documents"] = std::move(docs);
    json::array events;
    for (const auto& e : v->events) {
      events.push_back(json::object{{"action", e.row.action},
                                    {"at", e.row.at},
                                    {"actorName", e.actor_name},
                                    {"to", e.row.to_stage}});
    }
    s["events"] = std::move(events);
    cases.push_back(std::move(s));
  }
  Response r = JsonResponse(json::object{
      {"idNumber", *id_number}, {"partyName", party_name}, {"cases", std::move(cases)}});
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterCaseRoutes(Router& router, ApiContext& ctx) {
  const RouteOptions read{.max_body = 0, .blocking = true};
  const RouteOptions write{.max_body = 64 * 1024, .blocking = true};
  router.Add("GET", "/api/v1/power-items", Bind(ctx, ListPowers), read);
  router.Add("POST", "/api/v1/power-items", Bind(ctx, CreatePower), write);
  router.Add("PUT", "/api/v1/power-items/{id:int}", Bind(ctx, UpdatePower), write);
  router.Add("GET", "/api/v1/public/agencies/{code}/power-items", Bind(ctx, PublicPowers), read);
  router.Add("GET", "/api/v1/cases", Bind(ctx, ListCases), read);
  router.Add("POST", "/api/v1/cases", Bind(ctx, CreateCase), write);
  router.Add("GET", "/api/v1/cases/{id:int}", Bind(ctx, GetCase), read);
  router.Add("PUT", "/api/v1/cases/{id:int}", Bind(ctx, UpdateCase), write);
  router.Add("PUT", "/api/v1/cases/{id:int}/officers", Bind(ctx, SetCaseOfficers), write);
  router.Add("POST", "/api/v1/cases/{id:int}/steps", Bind(ctx, Step), write);
  router.Add("POST", "/api/v1/cases/{id:int}/recusals", Bind(ctx, DeclareRecusal), write);
  router.Add("POST", "/api/v1/recusals/{id:int}/decision", Bind(ctx, DecideRecusal), write);
  router.Add("POST", "/api/v1/cases/{id:int}/extensions", Bind(ctx, ExtendCase), write);
  router.Add("GET", "/api/v1/document-templates", Bind(ctx, Templates), read);
  router.Add("POST", "/api/v1/cases/{id:int}/documents", Bind(ctx, DraftDocument), write);
  router.Add("GET", "/api/v1/documents/{id:int}", Bind(ctx, GetDocument), read);
  router.Add("PUT", "/api/v1/documents/{id:int}", Bind(ctx, ReviseDocument), write);
  router.Add("POST", "/api/v1/documents/{id:int}/signoffs", Bind(ctx, SignDocument), write);
  router.Add("POST", "/api/v1/documents/{id:int}/issue", Bind(ctx, IssueDocument), write);
  router.Add("GET", "/api/v1/documents/{id:int}/pdf", Bind(ctx, DocumentPdf), read);
  router.Add("GET", "/api/v1/public/documents/verify", Bind(ctx, VerifyDocument), read);
  router.Add("GET", "/api/v1/dossiers", Bind(ctx, Dossier), read);
}

}  // namespace sx::http
