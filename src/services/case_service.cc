#include "services/case_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "domain/amount.h"
#include "domain/text.h"
#include "render/pdf.h"
#include "render/templates.h"
#include "services/ledger_service.h"
#include "services/review_catalogue.h"
#include "store/agency_repository.h"
#include "store/officer_repository.h"
#include "store/user_repository.h"
#include "util/clock.h"

namespace sx::services {

namespace json = boost::json;
using domain::CaseAction;
using domain::CaseStage;

namespace {

// ---- JSON helpers ---------------------------------------------------------------------------

std::optional<domain::Date> DateOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return domain::ParseDate(std::string_view(v->as_string()));
}
std::optional<std::int64_t> IntOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->as_int64();
}
bool BoolOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}
std::string StrOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return "";
  return std::string(v->as_string());
}
void PutDate(json::object& o, std::string_view key, const std::optional<domain::Date>& d) {
  if (d) o[key] = domain::FormatDate(*d);
}
void PutInt(json::object& o, std::string_view key, const std::optional<std::int64_t>& v) {
  if (v) o[key] = *v;
}

json::array TiersJson(const std::vector<domain::DiscretionTier>& tiers) {
  json::array a;
  for (const auto& t : tiers) {
    a.push_back(json::object{{"code", t.code},
                             {"condition", t.condition},
                             {"min", t.range.min_yuan},
                             {"max", t.range.max_yuan}});
  }
  return a;
}

std::optional<domain::DiscretionTier> TierOf(const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return std::nullopt;
  domain::DiscretionTier t;
  t.code = StrOf(*o, "code");
  t.condition = StrOf(*o, "condition");
  t.range.min_yuan = IntOf(*o, "min").value_or(0);
  t.range.max_yuan = IntOf(*o, "max").value_or(0);
  return t;
}

using Inputs = std::map<std::string, std::string, std::less<>>;

std::string InputsJson(const Inputs& in) {
  json::object o;
  for (const auto& [k, v] : in) o[k] = v;
  return json::serialize(o);
}
Inputs ParseInputs(std::string_view text) {
  Inputs out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, val] : v.as_object()) {
    if (val.is_string()) out[std::string(k)] = std::string(val.as_string());
  }
  return out;
}

// ---- powers list ----------------------------------------------------------------------------

store::PowerItemRow RowOfPower(std::int64_t agency_id, const domain::NewPowerItem& p, bool active,
                               std::string_view now) {
  store::PowerItemRow r;
  r.agency_id = agency_id;
  r.code = p.code;
  r.category = std::string(domain::PowerCategoryCode(p.category));
  r.name = p.name;
  r.basis = p.basis;
  r.duties = p.duties;
  r.time_limit = p.time_limit;
  r.enforcement_category = p.enforcement_category;
  if (p.fine) {
    r.fine_min = p.fine->min_yuan;
    r.fine_max = p.fine->max_yuan;
  }
  r.tiers = json::serialize(TiersJson(p.tiers));
  r.tier_rule = std::string(domain::TierRuleCode(p.tier_rule));
  r.active = active;
  r.created_at = std::string(now);
  r.updated_at = std::string(now);
  return r;
}

domain::PowerItem PowerOf(const store::PowerItemRow& r) {
  domain::PowerItem p;
  p.id = r.id;
  p.agency_id = r.agency_id;
  p.code = r.code;
  p.category = domain::ParsePowerCategory(r.category).value_or(domain::PowerCategory::kOther);
  p.name = r.name;
  p.basis = r.basis;
  p.duties = r.duties;
  p.time_limit = r.time_limit;
  p.enforcement_category = r.enforcement_category;
  if (r.fine_min && r.fine_max) p.fine = domain::FineRange{*r.fine_min, *r.fine_max};
  json::error_code ec;
  auto tiers = json::parse(r.tiers, ec);
  if (!ec && tiers.is_array()) {
    for (const auto& t : tiers.as_array()) {
      if (auto tier = TierOf(t)) p.tiers.push_back(std::move(*tier));
    }
  }
  p.tier_rule = domain::ParseTierRule(r.tier_rule).value_or(domain::TierRule::kChosen);
  p.active = r.active;
  p.created_at = r.created_at;
  p.updated_at = r.updated_at;
  return p;
}

}  // namespace

RecordFields PowerItemRecordFields(const store::PowerItemRow& r) {
  return {{"agency_id", std::to_string(r.agency_id)},
          {"code", r.code},
          {"category", r.category},
          {"name", r.name},
          {"basis", r.basis},
          {"duties", r.duties},
          {"time_limit", r.time_limit},
          {"enforcement_category", r.enforcement_category},
          {"fine_min", r.fine_min ? std::to_string(*r.fine_min) : ""},
          {"fine_max", r.fine_max ? std::to_string(*r.fine_max) : ""},
          {"tiers", r.tiers},
          {"tier_rule", r.tier_rule},
          {"active", r.active ? "1" : "0"}};
}

namespace {

// ---- case input -----------------------------------------------------------------------------

std::string PartyKindCode(domain::PartyKind k) {
  return k == domain::PartyKind::kCitizen ? "citizen" : "organisation";
}

bool IsIdNumber(std::string_view s, domain::PartyKind kind) {
  if (s.size() != 18) return false;
  if (kind == domain::PartyKind::kCitizen) {
    for (std::size_t i = 0; i < 17; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return (s[17] >= '0' && s[17] <= '9') || s[17] == 'X';
  }
  // 统一社会信用代码 (GB 32100-2015): digits and upper-case letters without I, O, S, V, Z.
  for (char c : s) {
    const bool digit = c >= '0' && c <= '9';
    const bool letter =
        c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'S' && c != 'V' && c != 'Z';
    if (!digit && !letter) return false;
  }
  return true;
}

Status ValidateInput(const CaseInput& in) {
  SX_RETURN_IF_ERROR(domain::CheckText(in.cause, "案由", "cause", 200));
  SX_RETURN_IF_ERROR(domain::CheckText(in.source, "案件来源", "source", 50));
  SX_RETURN_IF_ERROR(domain::CheckText(in.area, "执法区域", "area", 100));
  SX_RETURN_IF_ERROR(domain::CheckText(in.party.name, "当事人名称", "party.name", 200));
  if (!IsIdNumber(in.party.id_number, in.party.kind)) {
    return Status::Invalid(in.party.kind == domain::PartyKind::kCitizen
                               ? "公民身份号码须为 18 位(末位可为 X)"
                               : "统一社会信用代码须为 18 位数字或大写字母(不含 I、O、S、V、Z)")
        .WithField("party.idNumber");
  }
  if (!in.party.representative.empty()) {
    SX_RETURN_IF_ERROR(
        domain::CheckText(in.party.representative, "法定代表人", "party.representative", 50));
  }
  if (!in.party.address.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(in.party.address, "地址", "party.address", 200));
  }
  if (!in.party.phone.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(in.party.phone, "联系电话", "party.phone", 30));
  }
  if (!in.facts.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(in.facts, "违法事实", "facts", 5000, true));
  }
  if (in.art37.years_since_founding < 0 || in.art37.years_since_founding > 200 ||
      in.art37.accounts_missing < 0 || in.art37.accounts_missing > 10'000'000) {
    return Status::Invalid("成立年限或未设立账户人数超出范围").WithField("art37");
  }
  if (in.officer_ids.size() > 10) {
    return Status::Invalid("承办执法人员最多 10 人").WithField("officerIds");
  }
  std::set<std::int64_t> seen(in.officer_ids.begin(), in.officer_ids.end());
  if (seen.size() != in.officer_ids.size()) {
    return Status::Invalid("承办执法人员重复").WithField("officerIds");
  }
  return Status::Ok();
}

std::string PartyJson(const PartyInput& p) {
  return json::serialize(json::object{
      {"representative", p.representative}, {"address", p.address}, {"phone", p.phone}});
}

std::string FactsJson(const CaseInput& in) {
  json::object o{{"text", in.facts},
                 {"art37", json::object{{"unregistered", in.art37.unregistered},
                                        {"yearsSinceFounding", in.art37.years_since_founding},
                                        {"accountsMissing", in.art37.accounts_missing},
                                        {"correctedInTime", in.art37.corrected_in_time}}},
                 {"complexOrMajor", in.complex_or_major},
                 {"publicInterest", in.public_interest},
                 {"complexCase", in.complex_case},
                 {"otherLaw", in.other_law},
                 {"socialImpact", in.social_impact},
                 {"eServiceConsent", in.e_service_consent}};
  PutDate(o, "violationEndedOn", in.violation_ended_on);
  return json::serialize(o);
}

CaseInput InputOf(const store::CaseRow& r) {
  CaseInput in;
  in.power_item_id = r.power_item_id;
  in.procedure = domain::ParseProcedure(r.procedure).value_or(domain::Procedure::kOrdinary);
  in.cause = r.cause;
  in.source = r.source;
  in.area = r.area;
  in.party.kind =
      r.party_kind == "citizen" ? domain::PartyKind::kCitizen : domain::PartyKind::kOrganisation;
  in.party.name = r.party_name;
  in.party.id_number = r.party_id_number;
  json::error_code ec;
  auto p = json::parse(r.party, ec);
  if (!ec && p.is_object()) {
    in.party.representative = StrOf(p.as_object(), "representative");
    in.party.address = StrOf(p.as_object(), "address");
    in.party.phone = StrOf(p.as_object(), "phone");
  }
  auto f = json::parse(r.facts, ec);
  if (!ec && f.is_object()) {
    const auto& o = f.as_object();
    in.facts = StrOf(o, "text");
    if (const auto* a = o.if_contains("art37"); a && a->is_object()) {
      const auto& ao = a->as_object();
      in.art37.unregistered = BoolOf(ao, "unregistered");
      in.art37.years_since_founding = static_cast<int>(IntOf(ao, "yearsSinceFounding").value_or(0));
      in.art37.accounts_missing = static_cast<int>(IntOf(ao, "accountsMissing").value_or(0));
      in.art37.corrected_in_time = BoolOf(ao, "correctedInTime");
    }
    in.complex_or_major = BoolOf(o, "complexOrMajor");
    in.public_interest = BoolOf(o, "publicInterest");
    in.complex_case = BoolOf(o, "complexCase");
    in.other_law = BoolOf(o, "otherLaw");
    in.social_impact = BoolOf(o, "socialImpact");
    in.e_service_consent = BoolOf(o, "eServiceConsent");
    in.violation_ended_on = DateOf(o, "violationEndedOn");
  }
  return in;
}

std::string Yuan(std::int64_t v) { return fmt::format("{}", v); }

}  // namespace

// ---- flow JSON ------------------------------------------------------------------------------

std::string FlowJson(const CaseFlow& f) {
  json::object o{{"reviewPassed", f.review_passed},
                 {"reviewDisputed", f.review_disputed},
                 {"discussionRequired", f.discussion_required},
                 {"discussed", f.discussed},
                 {"hearingOffered", f.hearing_offered},
                 {"hearingRequested", f.hearing_requested},
                 {"hearingHeld", f.hearing_held},
                 {"defended", f.defended},
                 {"surcharge", f.surcharge}};
  if (f.proposed_outcome) o["proposedOutcome"] = domain::OutcomeCode(*f.proposed_outcome);
  PutInt(o, "proposedFine", f.proposed_fine);
  if (f.tier) o["tier"] = TiersJson({*f.tier}).at(0);
  if (!f.deviation_reason.empty()) o["deviationReason"] = f.deviation_reason;
  PutInt(o, "notifiedFine", f.notified_fine);
  PutDate(o, "hearingRequestDue", f.hearing_request_due);
  if (f.outcome) o["outcome"] = domain::OutcomeCode(*f.outcome);
  PutInt(o, "decidedFine", f.decided_fine);
  PutDate(o, "decidedOn", f.decided_on);
  PutDate(o, "servedOn", f.served_on);
  PutDate(o, "paymentDue", f.payment_due);
  PutDate(o, "remindedOn", f.reminded_on);
  PutDate(o, "courtAllowedFrom", f.court_allowed_from);
  PutDate(o, "paidOn", f.paid_on);
  PutDate(o, "closedOn", f.closed_on);
  PutDate(o, "archivedOn", f.archived_on);
  PutDate(o, "retainUntil", f.retain_until);
  if (f.suspended_from) o["suspendedFrom"] = domain::CaseStageCode(*f.suspended_from);
  return json::serialize(o);
}

Result<CaseFlow> ParseFlow(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::Internal("案件流程数据损坏");
  const auto& o = v.as_object();
  CaseFlow f;
  f.review_passed = BoolOf(o, "reviewPassed");
  f.review_disputed = BoolOf(o, "reviewDisputed");
  f.discussion_required = BoolOf(o, "discussionRequired");
  f.discussed = BoolOf(o, "discussed");
  f.hearing_offered = BoolOf(o, "hearingOffered");
  f.hearing_requested = BoolOf(o, "hearingRequested");
  f.hearing_held = BoolOf(o, "hearingHeld");
  f.defended = BoolOf(o, "defended");
  f.surcharge = IntOf(o, "surcharge").value_or(0);
  if (auto s = StrOf(o, "proposedOutcome"); !s.empty())
    f.proposed_outcome = domain::ParseOutcome(s);
  f.proposed_fine = IntOf(o, "proposedFine");
  if (const auto* t = o.if_contains("tier")) f.tier = TierOf(*t);
  f.deviation_reason = StrOf(o, "deviationReason");
  f.notified_fine = IntOf(o, "notifiedFine");
  f.hearing_request_due = DateOf(o, "hearingRequestDue");
  if (auto s = StrOf(o, "outcome"); !s.empty()) f.outcome = domain::ParseOutcome(s);
  f.decided_fine = IntOf(o, "decidedFine");
  f.decided_on = DateOf(o, "decidedOn");
  f.served_on = DateOf(o, "servedOn");
  f.payment_due = DateOf(o, "paymentDue");
  f.reminded_on = DateOf(o, "remindedOn");
  f.court_allowed_from = DateOf(o, "courtAllowedFrom");
  f.paid_on = DateOf(o, "paidOn");
  f.closed_on = DateOf(o, "closedOn");
  f.archived_on = DateOf(o, "archivedOn");
  f.retain_until = DateOf(o, "retainUntil");
  if (auto s = StrOf(o, "suspendedFrom"); !s.empty()) f.suspended_from = domain::ParseCaseStage(s);
  return f;
}

RecordFields CaseRecordFields(const store::CaseRow& c,
                              const std::vector<store::CaseOfficerRow>& officers) {
  std::string officer_list;
  for (const auto& o : officers) {
    officer_list += fmt::format("{}{}{};", o.officer_id, o.recused ? "R" : "", "");
  }
  return {{"agency_id", std::to_string(c.agency_id)},
          {"department_id", c.department_id ? std::to_string(*c.department_id) : ""},
          {"number", c.number},
          {"power_item_id", std::to_string(c.power_item_id)},
          {"procedure", c.procedure},
          {"stage", c.stage},
          {"cause", c.cause},
          {"source", c.source},
          {"area", c.area},
          {"party_kind", c.party_kind},
          {"party_name", c.party_name},
          {"party_id_number", c.party_id_number},
          {"party", c.party},
          {"facts", c.facts},
          {"flow", c.flow},
          {"filed_on", c.filed_on.value_or("")},
          {"officers", officer_list}};
}

RecordFields DocumentRecordFields(const store::DocumentRow& d) {
  return {{"case_id", std::to_string(d.case_id)},
          {"agency_id", std::to_string(d.agency_id)},
          {"type", d.type},
          {"version", std::to_string(d.version)},
          {"status", d.status},
          {"inputs", d.inputs},
          {"number", d.number.value_or("")},
          {"pdf_digest", d.pdf_digest.value_or("")},
          {"issued_on", d.issued_on.value_or("")}};
}

// ---- the service's internals ----------------------------------------------------------------

namespace {

struct Loaded {
  store::CaseRow row;
  domain::PowerItem power;
  CaseInput input;
  CaseFlow flow;
  std::vector<store::CaseOfficerRow> officer_rows;
  std::vector<domain::Officer> officers;  // same order as officer_rows
  std::vector<store::RecusalRow> recusals;
  domain::Agency agency;
  // The audio/video evidence of the case by step (recording.h scenes), ids in upload order.
  std::map<std::string, std::vector<std::int64_t>, std::less<>> recordings;
  // The legal review's records (docs/review.md): the latest submission, and whether a meeting
  // is recorded that no 集体讨论决定 step has taken up yet.
  domain::ReviewRecord latest_review = domain::ReviewRecord::kNone;
  bool meeting_recorded = false;
  std::vector<domain::CatalogueRule> catalogue;  // the agency's own review catalogue rules
};

Status LoadReviewRecords(store::Tx& tx, Loaded& l) {
  auto latest = tx.Query(
      "SELECT status FROM review_submissions WHERE case_id = $1 ORDER BY round DESC LIMIT 1",
      {l.row.id});
  if (!latest.ok()) return latest.status();
  const std::string status = latest->empty() ? "" : latest->rows.front().Text(0);
  l.latest_review = status == "assigned"   ? domain::ReviewRecord::kPending
                    : status == "approved" ? domain::ReviewRecord::kApproved
                    : status == "problems" ? domain::ReviewRecord::kProblems
                                           : domain::ReviewRecord::kNone;
  auto meetings = tx.Query(
      "SELECT (SELECT COUNT(*) FROM discussions WHERE case_id = $1),"
      " (SELECT COUNT(*) FROM case_events WHERE case_id = $1 AND action = 'discuss')",
      {l.row.id});
  if (!meetings.ok()) return meetings.status();
  l.meeting_recorded = meetings->rows.front().Int(0) > meetings->rows.front().Int(1);
  return Status::Ok();
}

Result<Loaded> Load(store::Tx& tx, store::CaseRepository& repo, std::int64_t id) {
  Loaded l;
  auto row = repo.GetCase(tx, id);
  if (!row.ok()) return row.status();
  l.row = std::move(*row);
  auto power = repo.GetPowerItem(tx, l.row.power_item_id);
  if (!power.ok()) return power.status();
  l.power = PowerOf(*power);
  l.input = InputOf(l.row);
  auto flow = ParseFlow(l.row.flow);
  if (!flow.ok()) return flow.status();
  l.flow = std::move(*flow);
  auto officers = repo.Officers(tx, id);
  if (!officers.ok()) return officers.status();
  l.officer_rows = std::move(*officers);
  auto orepo = store::MakeOfficerRepository();
  for (const auto& o : l.officer_rows) {
    auto officer = orepo->Get(tx, o.officer_id);
    if (!officer.ok()) return officer.status();
    l.officers.push_back(std::move(*officer));
  }
  auto recusals = repo.Recusals(tx, id);
  if (!recusals.ok()) return recusals.status();
  l.recusals = std::move(*recusals);
  auto agency = store::MakeAgencyRepository()->Get(tx, l.row.agency_id);
  if (!agency.ok()) return agency.status();
  l.agency = std::move(*agency);
  auto av = tx.Query(
      "SELECT id, step FROM evidence WHERE case_id = $1"
      " AND (media_type LIKE 'audio/%' OR media_type LIKE 'video/%') ORDER BY id",
      {id});
  if (!av.ok()) return av.status();
  for (const auto& r : av->rows) l.recordings[r.Text(1)].push_back(r.Int(0));
  SX_RETURN_IF_ERROR(LoadReviewRecords(tx, l));
  auto catalogue = AgencyCatalogue(tx, l.row.agency_id);
  if (!catalogue.ok()) return catalogue.status();
  l.catalogue = std::move(*catalogue);
  return l;
}

// The audio/video evidence of the scene a step's recording duty refers to.
const std::vector<std::int64_t>& RecordingsFor(const Loaded& l,
                                               const domain::RecordingRequirement& r) {
  static const std::vector<std::int64_t> kNone;
  auto it = l.recordings.find(r.scene);
  return r.scene.empty() || it == l.recordings.end() ? kNone : it->second;
}

// What the review catalogue (目录清单) looks at: the power item and the investigation's proposal.
domain::ReviewCase ReviewCaseOf(const Loaded& l) {
  domain::ReviewCase r;
  r.category = l.power.category;
  r.procedure = l.input.procedure;
  r.power_code = l.power.code;
  r.party = l.input.party.kind;
  r.outcome = l.flow.proposed_outcome;
  r.amount = l.flow.proposed_fine;
  r.hearing_held = l.flow.hearing_held;
  r.major_violation = l.input.complex_or_major;
  r.public_interest = l.input.public_interest;
  r.complex = l.input.complex_case;
  r.other_law = l.input.other_law;
  r.social_impact = l.input.social_impact;
  return r;
}

domain::CaseFacts FactsOf(const Loaded& l) {
  domain::CaseFacts c;
  c.stage = domain::ParseCaseStage(l.row.stage).value_or(CaseStage::kLead);
  c.suspended_from = l.flow.suspended_from.value_or(CaseStage::kLead);
  c.procedure = l.input.procedure;
  c.party = l.input.party.kind;
  c.category = l.power.enforcement_category;
  c.area = l.row.area;
  c.fine_range = l.power.fine;
  for (std::size_t i = 0; i < l.officers.size(); ++i) {
    const auto& o = l.officers[i];
    c.officers.push_back(
        {o.id, o.name, o.certificate, o.category, o.area, l.officer_rows[i].recused});
  }
  for (const auto& r : l.recusals) c.recusals.push_back({r.officer_id, r.decided, r.approved});
  const domain::ReviewCase rc = ReviewCaseOf(l);
  c.review_required = domain::RequiresReview(l.catalogue, rc).required();
  c.review_passed = l.flow.review_passed;
  c.review_disputed = l.flow.review_disputed;
  c.discussion_required = l.flow.discussion_required ||
                          domain::RequiresCollectiveDiscussion(l.catalogue, rc).required();
  c.discussed = l.flow.discussed;
  c.latest_review = l.latest_review;
  c.meeting_recorded = l.meeting_recorded;
  c.proposed_outcome = l.flow.proposed_outcome;
  c.proposed_fine = l.flow.proposed_fine;
  c.notified_fine = l.flow.notified_fine;
  c.hearing_offered = l.flow.hearing_offered;
  c.hearing_request_due = l.flow.hearing_request_due;
  c.hearing_requested = l.flow.hearing_requested;
  c.hearing_held = l.flow.hearing_held;
  c.defended = l.flow.defended;
  c.outcome = l.flow.outcome;
  c.decided_fine = l.flow.decided_fine;
  c.payment_due = l.flow.payment_due;
  c.court_allowed_from = l.flow.court_allowed_from;
  c.violation_ended_on = l.input.violation_ended_on;
  c.party_consents_e_service = l.input.e_service_consent;
  c.seizure_authorized = domain::AuthorizesSeizure(l.power.category, l.power.basis);
  return c;
}

// The document a step issues: for 作出决定 it depends on the outcome.
std::string_view DocumentFor(const domain::TransitionRule& rule,
                             std::optional<domain::Outcome> outcome) {
  if (rule.action == CaseAction::kDecide && outcome) {
    switch (*outcome) {
      case domain::Outcome::kPenalty:
        return "penalty_decision";
      case domain::Outcome::kNoPenalty:
      case domain::Outcome::kNotEstablished:
        return "no_penalty_decision";
      case domain::Outcome::kTransfer:
        return "transfer_letter";
      case domain::Outcome::kOrder:
        return "order_notice";
    }
  }
  return rule.document;
}

std::string CnDate(domain::Date d) {
  return fmt::format("{}年{}月{}日", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::string Prefix(const domain::Agency& a) {
  // 文号 prefix: the agency's short form as the demo center uses it; others use their name.
  if (a.code == "zzgjj") return "郑公积金";
  return a.name;
}

// Case data for the templates (render/templates.h keys).
render::Values ValuesOf(const Loaded& l, domain::Date today, const CaseFlow& flow) {
  render::Values v;
  v["agency.name"] = l.agency.name;
  v["agency.address"] = "";
  v["case.number"] = l.row.number;
  v["case.cause"] = l.row.cause;
  v["case.filed_on"] = l.row.filed_on ? *l.row.filed_on : "";
  if (auto d = l.row.filed_on ? domain::ParseDate(*l.row.filed_on) : std::nullopt) {
    v["case.filed_on"] = CnDate(*d);
  }
  v["party.name"] = l.input.party.name;
  v["party.kind"] = l.input.party.kind == domain::PartyKind::kCitizen ? "个人" : "单位";
  v["party.id_number"] = l.input.party.id_number;
  v["party.representative"] = l.input.party.representative;
  v["party.address"] = l.input.party.address;
  v["party.phone"] = l.input.party.phone;
  v["power.name"] = l.power.name;
  // The basis as cited: the part before the first colon (《住房公积金管理条例》第三十七条).
  const std::string& basis = l.power.basis;
  const auto colon = basis.find(":");
  v["power.basis"] = colon == std::string::npos ? basis : basis.substr(0, colon);
  v["power.category"] = std::string(domain::PowerCategoryName(l.power.category));
  v["facts"] = l.input.facts;
  std::string officers;
  for (std::size_t i = 0; i < l.officers.size(); ++i) {
    if (l.officer_rows[i].recused) continue;
    if (!officers.empty()) officers += "、";
    officers +=
        fmt::format("{}(执法证号 {})", l.officers[i].name, l.officers[i].certificate.number);
  }
  v["officers"] = officers;
  std::optional<std::int64_t> fine =
      flow.decided_fine ? flow.decided_fine
                        : (flow.notified_fine ? flow.notified_fine : flow.proposed_fine);
  if (fine) {
    v["fine.amount"] = Yuan(*fine);
    auto cn = domain::ChineseAmount(*fine);
    v["fine.amount_cn"] = cn.ok() ? *cn : "";
  }
  if (flow.tier) {
    v["fine.tier"] = fmt::format("{}(裁量幅度 {} 元至 {} 元)", flow.tier->condition,
                                 flow.tier->range.min_yuan, flow.tier->range.max_yuan);
  }
  const auto outcome = flow.outcome ? flow.outcome : flow.proposed_outcome;
  v["outcome"] = outcome ? std::string(domain::OutcomeName(*outcome)) : "";
  v["deadline.text"] = "自收到本决定书之日起十五日内";
  v["remedy.text"] = fmt::format(
      "如不服本决定,可在收到本决定书之日起六十日内向郑州市人民政府申请行政复议,或者在六个月内"
      "依法向人民法院提起行政诉讼。");
  v["payment.text"] =
      "到期不缴纳罚款的,每日按罚款数额的百分之三加处罚款,加处罚款的数额不超出罚款的数额。";
  if (flow.hearing_offered || (fine && domain::HearingRightApplies(l.input.party.kind, *fine))) {
    v["hearing.text"] =
        "你(单位)有权要求举行听证。如要求听证,应当在收到本告知书之日起五个工作日内提出,"
        "逾期视为放弃。";
  } else {
    v["hearing.text"] = "";
  }
  v["today"] = CnDate(today);
  v["notice.date"] = CnDate(today);
  v["decision.date"] = flow.decided_on ? CnDate(*flow.decided_on) : CnDate(today);
  return v;
}

std::string QueryEscape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::vector<domain::Role> Missing(const std::vector<store::SignoffRow>& signs,
                                  const domain::DocumentKind& kind) {
  std::vector<domain::Role> missing;
  for (auto role : kind.sign) {
    const bool signed_off = std::any_of(signs.begin(), signs.end(), [&](const auto& s) {
      return s.role == domain::RoleCode(role);
    });
    if (!signed_off) missing.push_back(role);
  }
  return missing;
}

Result<std::vector<domain::Role>> MissingSignoffs(store::Tx& tx, store::CaseRepository& repo,
                                                  const store::DocumentRow& d,
                                                  const domain::DocumentKind& kind) {
  auto signs = repo.Signoffs(tx, d.id, d.version);
  if (!signs.ok()) return signs.status();
  return Missing(*signs, kind);
}

// Display names of users, each read once per transaction (a case's timeline names the same few
// people many times).
class Names {
 public:
  explicit Names(store::Tx& tx) : tx_(tx) {}
  const std::string& operator()(std::int64_t user_id) {
    auto it = cache_.find(user_id);
    if (it != cache_.end()) return it->second;
    std::string name = "系统";
    if (user_id != 0) {
      auto u = users_->Get(tx_, user_id);
      name = u.ok() ? u->display_name : fmt::format("用户 {}", user_id);
    }
    return cache_.emplace(user_id, std::move(name)).first->second;
  }

 private:
  store::Tx& tx_;
  std::unique_ptr<store::UserRepository> users_ = store::MakeUserRepository();
  std::map<std::int64_t, std::string> cache_;
};

std::string NameOf(store::Tx& tx, std::int64_t user_id) { return Names(tx)(user_id); }

// A case file is read-only once the case is closed (结案, 归档) or ended otherwise (档案法 第37条;
// RULES.md §2): nothing is drafted, revised, signed or issued in it any more.
Status Writable(const store::CaseRow& c, std::string_view what) {
  const auto stage = domain::ParseCaseStage(c.stage).value_or(CaseStage::kLead);
  if (domain::IsFinal(stage) || stage == CaseStage::kClosed) {
    return Status::Conflict(
        fmt::format("案件 {}({}),案卷只读,不能{}", c.number, domain::CaseStageName(stage), what));
  }
  return Status::Ok();
}

Status WritableCase(store::Tx& tx, store::CaseRepository& repo, std::int64_t case_id,
                    std::string_view what) {
  auto row = repo.GetCase(tx, case_id);
  if (!row.ok()) return row.status();
  return Writable(*row, what);
}

}  // namespace

// Which steps `viewer` could take now: ApplyStep with the case's own proposal as the input.
static std::vector<ActionView> ProbeActions(
    const Loaded& l, domain::Date today, const Principal* viewer,
    const std::optional<domain::DiscretionTier>& suggested) {
  std::vector<ActionView> out;
  const domain::CaseFacts facts = FactsOf(l);
  static const std::vector<domain::Role> kNone;
  const std::vector<domain::Role>& roles = viewer ? viewer->roles : kNone;
  for (const auto& rule : domain::TransitionTable()) {
    if ((rule.from & domain::StageBit(facts.stage)) == 0) continue;
    ActionView a;
    a.rule = &rule;
    domain::StepInput in;
    in.action = rule.action;
    in.today = today;
    in.reason = "(界面预检的理由)";
    in.outcome = l.flow.proposed_outcome;
    in.fine = l.flow.notified_fine ? l.flow.notified_fine : l.flow.proposed_fine;
    in.tier = l.flow.tier ? l.flow.tier : suggested;
    in.deviation_reason = l.flow.deviation_reason;
    in.hearing_host = -1;
    in.service_method = domain::ServiceMethod::kDirect;
    a.recording = domain::RecordingFor(rule.action, in.service_method);
    if (rule.action == CaseAction::kServe) {  // the duty depends on the method; the scene not
      const auto left = domain::RecordingFor(rule.action, domain::ServiceMethod::kLeft);
      a.recording.scene = left.scene;
      a.recordings = static_cast<int>(RecordingsFor(l, left).size());
    } else {
      a.recordings = static_cast<int>(RecordingsFor(l, a.recording).size());
    }
    in.recordings = a.recordings;
    in.no_recording_reason = "(界面预检的理由)";
    // The review's steps rest on records the review module writes with them (a package, an
    // opinion on a pending submission, a meeting): probe as if they were supplied.
    domain::CaseFacts probe = facts;
    const bool pending = facts.latest_review == domain::ReviewRecord::kPending;
    if (rule.action == CaseAction::kSubmitReview)
      probe.latest_review = domain::ReviewRecord::kPending;
    if (rule.action == CaseAction::kReviewPass && pending) {
      probe.latest_review = domain::ReviewRecord::kApproved;
    }
    if (rule.action == CaseAction::kReviewReturn && pending) {
      probe.latest_review = domain::ReviewRecord::kProblems;
    }
    if (rule.action == CaseAction::kDiscuss) probe.meeting_recorded = true;
    auto r = domain::ApplyStep(probe, in, roles);
    if (r.ok()) {
      a.allowed = true;
    } else {
      const std::string field = r.status().field();  // r.status() is a copy
      static const std::set<std::string, std::less<>> kFormFields = {
          "reason",      "outcome",       "fine", "deviationReason",
          "hearingHost", "serviceMethod", "tier", "noRecordingReason"};
      a.allowed = r.status().code() == Code::kInvalid && kFormFields.count(field) > 0;
      if (!a.allowed) a.reason = r.status().message();
    }
    out.push_back(std::move(a));
  }
  return out;
}

// Issues a signed-off draft inside `tx`: its 文号, the rendered PDF in the blob store, and the
// ledger leaf with the PDF's digest.
static Result<store::DocumentRow> IssueIn(store::Tx& tx, store::CaseRepository& repo,
                                          store::BlobStore& blobs, const Loaded& l,
                                          const CaseFlow& flow, std::int64_t document_id,
                                          std::string_view expected_type, domain::Date today,
                                          std::int64_t actor_id, std::string_view now,
                                          std::string_view origin, std::string* text = nullptr) {
  auto d = repo.GetDocument(tx, document_id);
  if (!d.ok()) return Status(d.status()).WithField("documentId");
  if (d->case_id != l.row.id) {
    return Status::Invalid("该文书不属于本案").WithField("documentId");
  }
  const domain::DocumentKind* kind = domain::FindDocumentKind(d->type);
  if (kind == nullptr) return Status::Invalid("未知的文书种类").WithField("documentId");
  if (!expected_type.empty() && d->type != expected_type) {
    const auto* want = domain::FindDocumentKind(expected_type);
    return Status::Invalid(fmt::format("此步骤须签发{},所选文书是{}",
                                       want ? want->name : expected_type, kind->name))
        .WithField("documentId");
  }
  if (d->status != "draft") {
    return Status::Conflict(fmt::format("文书已签发({}),不能再次签发", d->number.value_or("")));
  }
  auto missing = MissingSignoffs(tx, repo, *d, *kind);
  if (!missing.ok()) return missing.status();
  if (!missing->empty()) {
    std::string who;
    for (auto r : *missing)
      who += fmt::format("{}{}", who.empty() ? "" : "、", domain::RoleName(r));
    return Status::Invalid(
               fmt::format("{}(第 {} 版)尚未经{}签署,不能签发", kind->name, d->version, who))
        .WithField("documentId");
  }
  const render::Template* tpl = render::FindTemplate(d->type);
  if (tpl == nullptr) return Status::Internal(fmt::format("缺少文书模板 {}", d->type));
  const int year = static_cast<int>(today.year());
  auto serial = repo.NextNumber(tx, l.row.agency_id, d->type, year);
  if (!serial.ok()) return serial.status();
  const std::string number =
      fmt::format("{}{}〔{}〕{}号", Prefix(l.agency), tpl->abbr, year, *serial);
  render::Values values = ValuesOf(l, today, flow);
  for (const auto& [k, v] : ParseInputs(d->inputs)) values[k] = v;
  auto doc = render::FillTemplate(*tpl, values);
  if (!doc.ok()) return doc.status();
  doc->number = number;
  doc->agency_name = l.agency.name;
  doc->date = CnDate(today);
  doc->seal_text = fmt::format("{}(印章)", l.agency.name);
  doc->verify_url = fmt::format("{}/verify/document?number={}", origin, QueryEscape(number));
  doc->created = fmt::format("{}T00:00:00+08:00", domain::FormatDate(today));
  doc->draft = false;
  auto signs = repo.Signoffs(tx, d->id, d->version);
  if (!signs.ok()) return signs.status();
  for (const auto& s : *signs) {
    const auto role = domain::ParseRole(s.role);
    doc->signatures.push_back({role ? std::string(domain::RoleName(*role)) : s.role,
                               NameOf(tx, s.user_id), CnDate(today)});
  }
  if (text != nullptr) *text = render::PlainText(*doc);
  auto pdf = render::RenderPdf(*doc);
  if (!pdf.ok()) return pdf.status();
  auto stored = blobs.Put(*pdf);
  if (!stored.ok()) return stored.status();
  store::DocumentRow issued = *d;
  issued.status = "issued";
  issued.number = number;
  issued.year = year;
  issued.serial = *serial;
  issued.pdf_digest = stored->digest;
  issued.pdf_size = stored->size;
  issued.issued_on = domain::FormatDate(today);
  issued.issued_at = std::string(now);
  issued.issued_by = actor_id;
  SX_RETURN_IF_ERROR(repo.MarkIssued(tx, issued));
  domain::LedgerEvent e{"document.issued", issued.agency_id, fmt::format("document:{}", issued.id),
                        actor_id,          std::string(now), {{"file", stored->digest}}};
  SX_RETURN_IF_ERROR(AppendRecord(tx, std::move(e), DocumentRecordFields(issued)));
  return issued;
}

// ---- powers list ----------------------------------------------------------------------------

Result<std::vector<domain::PowerItem>> CaseService::PowerItems(
    std::optional<std::int64_t> agency_id) {
  return store::InTx<std::vector<domain::PowerItem>>(
      db_, false, [&](store::Tx& tx) -> Result<std::vector<domain::PowerItem>> {
        auto rows = repo_.ListPowerItems(tx, agency_id);
        if (!rows.ok()) return rows.status();
        std::vector<domain::PowerItem> out;
        for (const auto& r : *rows) out.push_back(PowerOf(r));
        return out;
      });
}

Result<domain::PowerItem> CaseService::PowerItem(std::int64_t id) {
  return store::InTx<domain::PowerItem>(db_, false,
                                        [&](store::Tx& tx) -> Result<domain::PowerItem> {
                                          auto r = repo_.GetPowerItem(tx, id);
                                          if (!r.ok()) return r.status();
                                          return PowerOf(*r);
                                        });
}

Result<domain::PowerItem> InsertPowerItem(store::Tx& tx, std::int64_t agency_id,
                                          const domain::NewPowerItem& p, std::int64_t actor_id,
                                          std::string_view now) {
  SX_RETURN_IF_ERROR(domain::ValidatePowerItem(p));
  store::CaseRepository repo;
  auto r = repo.InsertPowerItem(tx, RowOfPower(agency_id, p, true, now));
  if (!r.ok()) return r.status();
  SX_RETURN_IF_ERROR(AppendRecord(tx,
                                  {"power_item.created", agency_id,
                                   fmt::format("power_item:{}", r->id), actor_id, std::string(now)},
                                  PowerItemRecordFields(*r)));
  return PowerOf(*r);
}

Result<domain::PowerItem> CaseService::CreatePowerItem(std::int64_t agency_id,
                                                       const domain::NewPowerItem& p,
                                                       std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::ValidatePowerItem(p));
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<domain::PowerItem>(
      db_, true, [&](store::Tx& tx) { return InsertPowerItem(tx, agency_id, p, actor_id, now); });
}

Result<domain::PowerItem> CaseService::UpdatePowerItem(std::int64_t id,
                                                       const domain::NewPowerItem& p, bool active,
                                                       std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::ValidatePowerItem(p));
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<domain::PowerItem>(db_, true, [&](store::Tx& tx) -> Result<domain::PowerItem> {
    auto old = repo_.GetPowerItem(tx, id);
    if (!old.ok()) return old.status();
    store::PowerItemRow r = RowOfPower(old->agency_id, p, active, now);
    r.id = id;
    r.created_at = old->created_at;
    SX_RETURN_IF_ERROR(repo_.UpdatePowerItem(tx, r));
    SX_RETURN_IF_ERROR(AppendRecord(
        tx, {"power_item.updated", r.agency_id, fmt::format("power_item:{}", id), actor_id, now},
        PowerItemRecordFields(r)));
    return PowerOf(r);
  });
}

// ---- cases ----------------------------------------------------------------------------------

static Status CheckOfficerIds(store::Tx& tx, std::int64_t agency_id,
                              const std::vector<std::int64_t>& ids) {
  auto orepo = store::MakeOfficerRepository();
  for (auto id : ids) {
    auto o = orepo->Get(tx, id);
    if (!o.ok() || o->agency_id != agency_id) {
      return Status::Invalid(fmt::format("执法人员 {} 不是本机关的执法人员", id))
          .WithField("officerIds");
    }
  }
  return Status::Ok();
}

static Status RecordCase(store::Tx& tx, store::CaseRepository& repo, std::string_view type,
                         std::int64_t id, std::int64_t actor_id, std::string_view now,
                         std::vector<std::pair<std::string, std::string>> digests = {}) {
  auto row = repo.GetCase(tx, id);
  if (!row.ok()) return row.status();
  auto officers = repo.Officers(tx, id);
  if (!officers.ok()) return officers.status();
  domain::LedgerEvent e{std::string(type), row->agency_id,   fmt::format("case:{}", id),
                        actor_id,          std::string(now), std::move(digests)};
  return AppendRecord(tx, std::move(e), CaseRecordFields(*row, *officers));
}

Result<CaseView> CaseService::Create(const CaseInput& in, const Principal& actor) {
  SX_RETURN_IF_ERROR(ValidateInput(in));
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  auto id = store::InTx<std::int64_t>(db_, true, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto power = repo_.GetPowerItem(tx, in.power_item_id);
    if (!power.ok() || power->agency_id != actor.agency_id || !power->active) {
      return Status::Invalid("请选择本机关权责清单中的有效事项").WithField("powerItemId");
    }
    SX_RETURN_IF_ERROR(CheckOfficerIds(tx, actor.agency_id, in.officer_ids));
    auto agency = store::MakeAgencyRepository()->Get(tx, actor.agency_id);
    if (!agency.ok()) return agency.status();
    const int year = static_cast<int>(today.year());
    auto serial = repo_.NextNumber(tx, actor.agency_id, "case", year);
    if (!serial.ok()) return serial.status();
    store::CaseRow r;
    r.agency_id = actor.agency_id;
    r.department_id = actor.department_id;
    r.number = fmt::format("{}案〔{}〕{}号", Prefix(*agency), year, *serial);
    r.power_item_id = in.power_item_id;
    r.procedure = std::string(domain::ProcedureCode(in.procedure));
    r.stage = std::string(domain::CaseStageCode(CaseStage::kLead));
    r.cause = in.cause;
    r.source = in.source;
    r.area = in.area;
    r.party_kind = PartyKindCode(in.party.kind);
    r.party_name = in.party.name;
    r.party_id_number = in.party.id_number;
    r.party = PartyJson(in.party);
    r.facts = FactsJson(in);
    r.flow = FlowJson({});
    r.created_by = actor.user_id;
    r.created_at = now;
    r.updated_at = now;
    auto inserted = repo_.InsertCase(tx, r);
    if (!inserted.ok()) return inserted.status();
    std::vector<store::CaseOfficerRow> officers;
    for (std::size_t i = 0; i < in.officer_ids.size(); ++i) {
      officers.push_back({in.officer_ids[i], static_cast<int>(i), false});
    }
    SX_RETURN_IF_ERROR(repo_.SetOfficers(tx, inserted->id, officers));
    SX_RETURN_IF_ERROR(repo_
                           .AppendEvent(tx, {0, inserted->id, 0, "register", "", "lead",
                                             actor.user_id, now, "", "{}", std::nullopt})
                           .status());
    SX_RETURN_IF_ERROR(RecordCase(tx, repo_, "case.registered", inserted->id, actor.user_id, now));
    return inserted->id;
  });
  if (!id.ok()) return id.status();
  return Get(*id, &actor);
}

Result<std::vector<store::CaseRow>> CaseService::List(const CaseListQuery& q) {
  store::CaseFilter f;
  f.agency_id = q.agency_id;
  if (q.stage) f.stage = std::string(domain::CaseStageCode(*q.stage));
  if (!q.text.empty()) f.text = q.text;
  f.party_id_number = q.party_id_number;
  return store::InTx<std::vector<store::CaseRow>>(
      db_, false, [&](store::Tx& tx) { return repo_.ListCases(tx, f); });
}

Result<std::int64_t> CaseService::CaseAgency(std::int64_t id,
                                             std::optional<std::int64_t>* department) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = repo_.GetCase(tx, id);
    if (!r.ok()) return r.status();
    if (department) *department = r->department_id;
    return r->agency_id;
  });
}

Result<std::int64_t> CaseService::DocumentAgency(std::int64_t id,
                                                 std::optional<std::int64_t>* department) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto d = repo_.GetDocument(tx, id);
    if (!d.ok()) return d.status();
    auto r = repo_.GetCase(tx, d->case_id);
    if (!r.ok()) return r.status();
    if (department) *department = r->department_id;
    return r->agency_id;
  });
}

Result<std::int64_t> CaseService::RecusalCase(std::int64_t recusal_id) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = repo_.GetRecusal(tx, recusal_id);
    if (!r.ok()) return r.status();
    return r->case_id;
  });
}

static Result<DocumentView> ViewOfDocument(store::Tx& tx, store::CaseRepository& repo,
                                           store::DocumentRow d, Names& names) {
  DocumentView v;
  v.kind = domain::FindDocumentKind(d.type);
  v.inputs = ParseInputs(d.inputs);
  auto signs = repo.Signoffs(tx, d.id, d.version);
  if (!signs.ok()) return signs.status();
  if (v.kind) v.missing = Missing(*signs, *v.kind);
  for (auto& s : *signs) {
    std::string name = names(s.user_id);
    v.signoffs.push_back({std::move(s), std::move(name)});
  }
  v.row = std::move(d);
  return v;
}

static Result<DocumentView> ViewOfDocument(store::Tx& tx, store::CaseRepository& repo,
                                           store::DocumentRow d) {
  Names names(tx);
  return ViewOfDocument(tx, repo, std::move(d), names);
}

Result<CaseView> CaseService::Get(std::int64_t id, const Principal* viewer) {
  const domain::Date today = Today();
  std::vector<store::CaseDeadlineRef> refs;
  auto view = store::InTx<CaseView>(db_, false, [&](store::Tx& tx) -> Result<CaseView> {
    auto l = Load(tx, repo_, id);
    if (!l.ok()) return l.status();
    Names names(tx);
    CaseView v;
    v.row = l->row;
    v.power = l->power;
    v.input = l->input;
    v.flow = l->flow;
    for (std::size_t i = 0; i < l->officers.size(); ++i) {
      v.officers.push_back({l->officers[i], l->officer_rows[i].recused,
                            domain::ValidityOn(l->officers[i].certificate, today)});
    }
    for (const auto& r : l->recusals) {
      RecusalView rv{r, "", r.decided_by ? names(*r.decided_by) : ""};
      for (const auto& o : l->officers) {
        if (o.id == r.officer_id) rv.officer_name = o.name;
      }
      v.recusals.push_back(std::move(rv));
    }
    auto docs = repo_.Documents(tx, id);
    if (!docs.ok()) return docs.status();
    std::map<std::int64_t, std::string> numbers;
    for (auto& d : *docs) {
      numbers[d.id] = d.number.value_or("");
      auto dv = ViewOfDocument(tx, repo_, std::move(d), names);
      if (!dv.ok()) return dv.status();
      v.documents.push_back(std::move(*dv));
    }
    auto events = repo_.Events(tx, id);
    if (!events.ok()) return events.status();
    for (auto& e : *events) {
      EventView ev{e, names(e.actor_id), e.document_id ? numbers[*e.document_id] : ""};
      v.events.push_back(std::move(ev));
    }
    auto tier = domain::ProposeTier(l->power, l->input.art37, "");
    if (tier.ok()) v.suggested_tier = *tier;
    v.actions = ProbeActions(*l, today, viewer, v.suggested_tier);
    v.review = domain::RequiresReview(l->catalogue, ReviewCaseOf(*l));
    v.discussion = domain::RequiresCollectiveDiscussion(l->catalogue, ReviewCaseOf(*l));
    if (l->flow.payment_due && !l->flow.paid_on && l->flow.decided_fine) {
      v.surcharge_today =
          domain::LatePaymentSurcharge(*l->flow.decided_fine, *l->flow.payment_due, today);
    }
    auto r = repo_.DeadlinesOf(tx, fmt::format("case:{}", id));
    if (!r.ok()) return r.status();
    refs = std::move(*r);
    return v;
  });
  if (!view.ok()) return view.status();
  for (const auto& ref : refs) {
    auto item = deadlines_.Get(ref.id);
    if (!item.ok()) return item.status();
    if (ref.rule_code == "case.decision") view->decision_due = *item;
    view->deadlines.push_back(std::move(*item));
  }
  (void)viewer;
  return view;
}

Result<CaseView> CaseService::Update(std::int64_t id, std::int64_t version, const CaseInput& in,
                                     const Principal& actor) {
  SX_RETURN_IF_ERROR(ValidateInput(in));
  const std::string now = FormatUtc(clock_.Now());
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto row = repo_.GetCase(tx, id);
    if (!row.ok()) return row.status();
    const auto stage = domain::ParseCaseStage(row->stage).value_or(CaseStage::kLead);
    if (stage != CaseStage::kLead && stage != CaseStage::kInvestigation) {
      return Status::Conflict("调查终结后案件信息不能再修改;如需更正,请在调查终结报告中说明");
    }
    store::CaseRow r = *row;
    r.version = version;
    r.cause = in.cause;
    r.source = in.source;
    r.area = in.area;
    r.party_kind = PartyKindCode(in.party.kind);
    r.party_name = in.party.name;
    r.party_id_number = in.party.id_number;
    r.party = PartyJson(in.party);
    CaseInput merged = in;
    merged.procedure = InputOf(*row).procedure;
    r.facts = FactsJson(merged);
    r.updated_at = now;
    SX_RETURN_IF_ERROR(repo_.UpdateCase(tx, r));
    SX_RETURN_IF_ERROR(repo_
                           .AppendEvent(tx, {0, id, 0, "edit", row->stage, row->stage,
                                             actor.user_id, now, "", "{}", std::nullopt})
                           .status());
    return RecordCase(tx, repo_, "case.updated", id, actor.user_id, now);
  }));
  return Get(id, &actor);
}

Result<CaseView> CaseService::SetOfficers(std::int64_t id, std::int64_t version,
                                          const std::vector<std::int64_t>& officer_ids,
                                          const Principal& actor) {
  CaseInput probe;
  if (officer_ids.size() > 10) {
    return Status::Invalid("承办执法人员最多 10 人").WithField("officerIds");
  }
  std::set<std::int64_t> seen(officer_ids.begin(), officer_ids.end());
  if (seen.size() != officer_ids.size()) {
    return Status::Invalid("承办执法人员重复").WithField("officerIds");
  }
  const std::string now = FormatUtc(clock_.Now());
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto row = repo_.GetCase(tx, id);
    if (!row.ok()) return row.status();
    const auto stage = domain::ParseCaseStage(row->stage).value_or(CaseStage::kLead);
    if (domain::IsFinal(stage) || stage == CaseStage::kClosed) {
      return Status::Conflict("案件已结束,不能调整执法人员");
    }
    SX_RETURN_IF_ERROR(CheckOfficerIds(tx, row->agency_id, officer_ids));
    auto old = repo_.Officers(tx, id);
    if (!old.ok()) return old.status();
    std::vector<store::CaseOfficerRow> next;
    for (std::size_t i = 0; i < officer_ids.size(); ++i) {
      bool recused = false;
      for (const auto& o : *old) {
        if (o.officer_id == officer_ids[i]) recused = o.recused;
      }
      next.push_back({officer_ids[i], static_cast<int>(i), recused});
    }
    store::CaseRow r = *row;
    r.version = version;
    r.updated_at = now;
    SX_RETURN_IF_ERROR(repo_.UpdateCase(tx, r));  // version check
    SX_RETURN_IF_ERROR(repo_.SetOfficers(tx, id, next));
    SX_RETURN_IF_ERROR(repo_
                           .AppendEvent(tx, {0, id, 0, "officers", row->stage, row->stage,
                                             actor.user_id, now, "", "{}", std::nullopt})
                           .status());
    return RecordCase(tx, repo_, "case.officers", id, actor.user_id, now);
  }));
  return Get(id, &actor);
}

// What the decision step tells the disclosure service: the decision and the people in it.
static DecisionNotice NoticeOf(const Loaded& l, const CaseFlow& flow,
                               const std::optional<store::DocumentRow>& issued,
                               std::string document_text, std::int64_t actor_id) {
  DecisionNotice n;
  n.agency_id = l.row.agency_id;
  n.agency_name = l.agency.name;
  n.case_id = l.row.id;
  n.case_number = l.row.number;
  if (issued) {
    n.document_id = issued->id;
    n.document_number = issued->number.value_or("");
    const auto* kind = domain::FindDocumentKind(issued->type);
    n.document_title = kind ? std::string(kind->name) : issued->type;
  }
  n.document_text = std::move(document_text);
  n.outcome = flow.outcome.value_or(domain::Outcome::kPenalty);
  n.fine = flow.decided_fine;
  n.decided_on = flow.decided_on.value_or(domain::Date{});
  n.party = l.input.party;
  n.cause = l.input.cause;
  n.category = std::string(domain::PowerCategoryName(l.power.category));
  n.power_name = l.power.name;
  n.basis = l.power.basis;
  for (const auto& o : l.officers) n.officer_names.push_back(o.name);
  n.actor_id = actor_id;
  return n;
}

Result<CaseView> CaseService::Step(std::int64_t id, const StepRequest& req, const Principal& actor,
                                   std::string_view origin) {
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  auto cal = calendar_.Current();
  Status refused = Status::Ok();
  Status written = db_.Write([&](store::Tx& tx) -> Status {
    auto loaded = Load(tx, repo_, id);
    if (!loaded.ok()) return loaded.status();
    Loaded& l = *loaded;
    if (l.row.agency_id != actor.agency_id) {
      return Status::Permission("只能办理本机关的案件");
    }
    if (req.version != l.row.version) {
      return Status::Conflict(
          fmt::format("案件已被他人修改(您看到的是第 {} 版,当前为第 {} 版),请刷新后重试",
                      req.version, l.row.version));
    }
    if (req.prepare) {
      SX_RETURN_IF_ERROR(req.prepare(tx));
      SX_RETURN_IF_ERROR(LoadReviewRecords(tx, l));
    }
    const domain::CaseFacts facts = FactsOf(l);
    domain::StepInput in;
    in.action = req.action;
    in.today = today;
    in.reason = req.reason;
    in.outcome = req.outcome;
    in.fine = req.fine;
    in.deviation_reason = req.deviation_reason;
    in.hearing_host = req.hearing_host;
    in.hearing_waived = req.hearing_waived;
    in.service_method = req.service_method;
    in.complex_or_major = l.input.complex_or_major;
    const domain::RecordingRequirement recording =
        domain::RecordingFor(req.action, req.service_method);
    const std::vector<std::int64_t>& recordings = RecordingsFor(l, recording);
    in.recordings = static_cast<int>(recordings.size());
    in.no_recording_reason = req.no_recording_reason;
    // The tier the facts point to (or the officer's choice), for steps that set a fine.
    const bool fines = req.action == CaseAction::kFinishInvestigation ||
                       req.action == CaseAction::kDiscuss || req.action == CaseAction::kNotify ||
                       req.action == CaseAction::kDecide;
    if (fines) {
      if (!in.outcome && req.action != CaseAction::kNotify) in.outcome = l.flow.proposed_outcome;
      if (!in.fine) {
        in.fine = req.action == CaseAction::kDecide && l.flow.notified_fine ? l.flow.notified_fine
                                                                            : l.flow.proposed_fine;
      }
      if (in.deviation_reason.empty()) in.deviation_reason = l.flow.deviation_reason;
      auto tier = domain::ProposeTier(l.power, l.input.art37,
                                      req.tier_code.empty() && l.flow.tier
                                          ? std::string_view(l.flow.tier->code)
                                          : std::string_view(req.tier_code));
      if (!tier.ok()) return tier.status();
      in.tier = *tier;
    }
    auto result = domain::ApplyStep(facts, in, actor.roles);
    if (!result.ok()) {
      refused = result.status();
      return result.status();
    }
    const domain::TransitionRule& rule = *result->rule;
    CaseFlow flow = l.flow;
    const CaseStage from = facts.stage;
    const CaseStage to = result->to;
    const std::string object = fmt::format("case:{}", id);
    auto open_deadline = [&](std::string_view rule_code,
                             std::string subject) -> Result<DeadlineItem> {
      OpenDeadline d;
      d.agency_id = l.row.agency_id;
      d.rule_code = std::string(rule_code);
      d.subject = std::move(subject);
      d.object = object;
      d.start_date = today;
      return deadlines_.OpenIn(tx, d, actor.user_id);
    };
    auto complete = [&](std::string_view rule_code) -> Status {
      auto refs = repo_.DeadlinesOf(tx, object);
      if (!refs.ok()) return refs.status();
      for (const auto& r : *refs) {
        if (r.open && (rule_code.empty() || r.rule_code == rule_code)) {
          auto done = deadlines_.CompleteIn(tx, r.id, today, actor.user_id);
          if (!done.ok()) return done.status();
        }
      }
      return Status::Ok();
    };
    switch (req.action) {
      case CaseAction::kFile: {
        l.row.filed_on = domain::FormatDate(today);
        auto d = open_deadline("case.decision", fmt::format("案件办理期限:{}", l.row.number));
        if (!d.ok()) return d.status();
        break;
      }
      case CaseAction::kFinishInvestigation:
        flow.proposed_outcome = in.outcome;
        flow.proposed_fine = *in.outcome == domain::Outcome::kPenalty ? in.fine : std::nullopt;
        flow.tier = *in.outcome == domain::Outcome::kPenalty ? in.tier : std::nullopt;
        flow.deviation_reason = req.deviation_reason;
        flow.review_passed = false;
        if (l.input.complex_or_major) flow.discussion_required = true;
        break;
      case CaseAction::kSubmitReview: {
        auto d = open_deadline("legal_review", fmt::format("法制审核:{}", l.row.number));
        if (!d.ok()) return d.status();
        break;
      }
      case CaseAction::kReviewPass:
        flow.review_passed = true;
        flow.review_disputed = false;
        SX_RETURN_IF_ERROR(complete("legal_review"));
        break;
      case CaseAction::kReviewReturn:
        flow.review_passed = false;
        flow.review_disputed = true;
        SX_RETURN_IF_ERROR(complete("legal_review"));
        break;
      case CaseAction::kToDiscussion:
        flow.discussion_required = true;
        break;
      case CaseAction::kDiscuss:
        flow.discussed = true;
        flow.review_disputed = false;
        flow.proposed_outcome = in.outcome;
        flow.proposed_fine = *in.outcome == domain::Outcome::kPenalty ? in.fine : std::nullopt;
        flow.tier = *in.outcome == domain::Outcome::kPenalty ? in.tier : std::nullopt;
        break;
      case CaseAction::kNotify: {
        flow.notified_fine = in.fine;
        flow.proposed_fine = in.fine;
        flow.tier = in.tier;
        flow.hearing_offered = result->hearing_offered;
        flow.defended = false;
        if (flow.hearing_offered) {
          auto d = open_deadline("hearing.request", fmt::format("听证申请期限:{}", l.row.number));
          if (!d.ok()) return d.status();
          flow.hearing_request_due = d->record.due_date;
        }
        break;
      }
      case CaseAction::kRecordStatement:
        flow.defended = true;
        break;
      case CaseAction::kRequestHearing:
        flow.hearing_requested = true;
        SX_RETURN_IF_ERROR(complete("hearing.request"));
        break;
      case CaseAction::kHoldHearing:
        flow.hearing_held = true;
        flow.defended = true;
        break;
      case CaseAction::kDecide: {
        flow.outcome = in.outcome;
        flow.decided_fine = *in.outcome == domain::Outcome::kPenalty ? in.fine : std::nullopt;
        flow.decided_on = today;
        SX_RETURN_IF_ERROR(complete("case.decision"));
        SX_RETURN_IF_ERROR(complete("hearing.request"));
        auto d = open_deadline("service.decision", fmt::format("决定书送达:{}", l.row.number));
        if (!d.ok()) return d.status();
        break;
      }
      case CaseAction::kDecideOnSpot:
        flow.outcome = domain::Outcome::kPenalty;
        flow.decided_fine = in.fine;
        flow.decided_on = today;
        flow.served_on = today;
        if (in.fine && *in.fine > 0) {
          auto d = open_deadline("fine.payment", fmt::format("罚款缴纳期限:{}", l.row.number));
          if (!d.ok()) return d.status();
          flow.payment_due = d->record.due_date;
        }
        break;
      case CaseAction::kServe: {
        flow.served_on = today;
        SX_RETURN_IF_ERROR(complete("service.decision"));
        const bool owes = (flow.outcome == domain::Outcome::kPenalty && flow.decided_fine &&
                           *flow.decided_fine > 0) ||
                          flow.outcome == domain::Outcome::kOrder;
        if (owes) {
          auto d = open_deadline("fine.payment", fmt::format("履行期限:{}", l.row.number));
          if (!d.ok()) return d.status();
          flow.payment_due = d->record.due_date;
        }
        break;
      }
      case CaseAction::kPay:
      case CaseAction::kCourtDone:
        flow.paid_on = today;
        if (flow.decided_fine && flow.payment_due) {
          flow.surcharge =
              domain::LatePaymentSurcharge(*flow.decided_fine, *flow.payment_due, today);
        }
        SX_RETURN_IF_ERROR(complete("fine.payment"));
        break;
      case CaseAction::kRemind: {
        flow.reminded_on = today;
        auto after = cal->WorkingDayAfter(today, 10);
        if (!after.ok()) return after.status();
        flow.court_allowed_from = domain::AddDays(after->date, 1);
        SX_RETURN_IF_ERROR(complete("fine.payment"));
        break;
      }
      case CaseAction::kClose:
        flow.closed_on = today;
        SX_RETURN_IF_ERROR(complete(""));
        break;
      case CaseAction::kArchive:
        flow.archived_on = today;
        flow.retain_until = domain::Date(today.year() + std::chrono::years(kCaseFileRetentionYears),
                                         today.month(), today.day());
        if (!flow.retain_until->ok()) {  // 29 February
          flow.retain_until = flow.retain_until->year() / std::chrono::February / 28;
        }
        break;
      case CaseAction::kWithdraw:
      case CaseAction::kDecline:
        SX_RETURN_IF_ERROR(complete(""));
        break;
      case CaseAction::kSuspend:
        flow.suspended_from = from;
        break;
      case CaseAction::kResume:
        flow.suspended_from.reset();
        break;
      default:
        break;
    }
    // The step's document, issued with the step.
    std::optional<store::DocumentRow> issued;
    std::string issued_text;
    const std::string_view doc_type = DocumentFor(rule, in.outcome);
    if (!doc_type.empty()) {
      if (!req.document_id) {
        const auto* kind = domain::FindDocumentKind(doc_type);
        return Status::Invalid(fmt::format("{}须签发{}(请先起草并完成签署)", rule.name,
                                           kind ? kind->name : doc_type))
            .WithField("documentId");
      }
      auto doc = IssueIn(tx, repo_, blobs_, l, flow, *req.document_id, doc_type, today,
                         actor.user_id, now, origin, &issued_text);
      if (!doc.ok()) return doc.status();
      issued = std::move(*doc);
    }
    l.row.stage = std::string(domain::CaseStageCode(to));
    l.row.flow = FlowJson(flow);
    l.row.updated_at = now;
    SX_RETURN_IF_ERROR(repo_.UpdateCase(tx, l.row));
    json::object data{{"article", rule.article}};
    if (in.outcome && fines) data["outcome"] = domain::OutcomeCode(*in.outcome);
    if (in.fine && fines) data["fine"] = *in.fine;
    if (req.service_method) data["serviceMethod"] = domain::ServiceMethodCode(*req.service_method);
    if (recording.duty != domain::RecordingDuty::kNone) {
      // 音像记录: the recordings the step rests on, or why there are none (RULES.md §2).
      json::array ids;
      for (std::int64_t e : recordings) ids.emplace_back(e);
      data["recording"] = json::object{{"duty", domain::RecordingDutyCode(recording.duty)},
                                       {"scene", recording.scene},
                                       {"evidence", std::move(ids)}};
      if (recordings.empty()) data["noRecordingReason"] = req.no_recording_reason;
    }
    std::string reason = req.reason;
    if (reason.empty() && !req.deviation_reason.empty()) reason = req.deviation_reason;
    SX_RETURN_IF_ERROR(repo_
                           .AppendEvent(tx, {0, id, 0, std::string(rule.code),
                                             std::string(domain::CaseStageCode(from)), l.row.stage,
                                             actor.user_id, now, reason, json::serialize(data),
                                             issued ? std::optional(issued->id) : std::nullopt})
                           .status());
    std::vector<std::pair<std::string, std::string>> digests;
    if (issued && issued->pdf_digest) digests.emplace_back("document", *issued->pdf_digest);
    SX_RETURN_IF_ERROR(RecordCase(tx, repo_, fmt::format("case.{}", rule.code), id, actor.user_id,
                                  now, std::move(digests)));
    if (req.finish) {
      SX_RETURN_IF_ERROR(req.finish(tx, issued ? std::optional(issued->id) : std::nullopt));
    }
    if (on_decision_ &&
        (rule.action == CaseAction::kDecide || rule.action == CaseAction::kDecideOnSpot)) {
      SX_RETURN_IF_ERROR(on_decision_(tx, NoticeOf(l, flow, issued, issued_text, actor.user_id)));
    }
    return Status::Ok();
  });
  if (!written.ok()) {
    // The rules said no: that is recorded (who tried what, and why), as provable as a step.
    if (!refused.ok()) {
      (void)RecordRefusal(id, domain::CaseActionCode(req.action), refused.message(), actor);
    }
    return written;
  }
  return Get(id, &actor);
}

Status CaseService::RecordRefusal(std::int64_t case_id, std::string_view action,
                                  std::string_view reason, const Principal& actor) {
  const std::string now = FormatUtc(clock_.Now());
  return db_.Write([&](store::Tx& tx) -> Status {
    auto c = tx.Query("SELECT agency_id FROM cases WHERE id = $1", {case_id});
    if (!c.ok()) return c.status();
    if (c->empty()) return Status::NotFound(fmt::format("案件 {} 不存在", case_id));
    const std::int64_t agency = c->rows.front().Int(0);
    auto id = tx.Query(
        "INSERT INTO case_refusals (case_id, agency_id, actor_id, action, reason, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {case_id, agency, actor.user_id, std::string(action), std::string(reason), now});
    if (!id.ok()) return id.status();
    domain::LedgerEvent e;
    e.type = "case.refused";
    e.agency_id = agency;
    e.object = fmt::format("refusal:{}", id->rows.front().Int(0));
    e.actor_id = actor.user_id;
    e.at = now;
    return AppendRecord(tx, std::move(e),
                        {{"case_id", std::to_string(case_id)},
                         {"action", std::string(action)},
                         {"reason", std::string(reason)},
                         {"actor_id", std::to_string(actor.user_id)},
                         {"at", now}});
  });
}

Result<CaseView> CaseService::DeclareRecusal(std::int64_t case_id, std::int64_t officer_id,
                                             std::string_view requested_by, std::string_view reason,
                                             const Principal& actor) {
  if (requested_by != "officer" && requested_by != "party") {
    return Status::Invalid("回避申请人须为 officer(执法人员自行回避)或 party(当事人申请)")
        .WithField("requestedBy");
  }
  SX_RETURN_IF_ERROR(domain::CheckText(reason, "回避理由", "reason", 1000, true));
  const std::string now = FormatUtc(clock_.Now());
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto row = repo_.GetCase(tx, case_id);
    if (!row.ok()) return row.status();
    auto officers = repo_.Officers(tx, case_id);
    if (!officers.ok()) return officers.status();
    const bool on_case = std::any_of(officers->begin(), officers->end(), [&](const auto& o) {
      return o.officer_id == officer_id && !o.recused;
    });
    if (!on_case) return Status::Invalid("该执法人员不是本案承办人员").WithField("officerId");
    store::RecusalRow r;
    r.case_id = case_id;
    r.officer_id = officer_id;
    r.requested_by = std::string(requested_by);
    r.reason = std::string(reason);
    r.created_by = actor.user_id;
    r.created_at = now;
    auto inserted = repo_.InsertRecusal(tx, r);
    if (!inserted.ok()) return inserted.status();
    SX_RETURN_IF_ERROR(
        repo_
            .AppendEvent(tx, {0, case_id, 0, "recusal", row->stage, row->stage, actor.user_id, now,
                              std::string(reason),
                              json::serialize(json::object{{"officerId", officer_id},
                                                           {"article", "行政处罚法 第43条"}}),
                              std::nullopt})
            .status());
    return RecordCase(tx, repo_, "case.recusal_requested", case_id, actor.user_id, now);
  }));
  return Get(case_id, &actor);
}

Result<CaseView> CaseService::DecideRecusal(std::int64_t recusal_id, bool approve,
                                            std::string_view reason, const Principal& actor) {
  if (!actor.Has(domain::Role::kLeader)) {
    return Status::Permission("回避由机关负责人决定(行政处罚法 第43条)");
  }
  if (!reason.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(reason, "决定理由", "reason", 1000, true));
  }
  const std::string now = FormatUtc(clock_.Now());
  std::int64_t case_id = 0;
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto r = repo_.GetRecusal(tx, recusal_id);
    if (!r.ok()) return r.status();
    case_id = r->case_id;
    auto row = repo_.GetCase(tx, case_id);
    if (!row.ok()) return row.status();
    if (row->agency_id != actor.agency_id) return Status::Permission("只能决定本机关案件的回避");
    store::RecusalRow d = *r;
    d.approved = approve;
    d.decision_reason = std::string(reason);
    d.decided_by = actor.user_id;
    d.decided_at = now;
    SX_RETURN_IF_ERROR(repo_.DecideRecusal(tx, d));
    if (approve) {
      auto officers = repo_.Officers(tx, case_id);
      if (!officers.ok()) return officers.status();
      for (auto& o : *officers) {
        if (o.officer_id == r->officer_id) o.recused = true;
      }
      SX_RETURN_IF_ERROR(repo_.SetOfficers(tx, case_id, *officers));
    }
    SX_RETURN_IF_ERROR(
        repo_
            .AppendEvent(tx, {0, case_id, 0, approve ? "recusal_approved" : "recusal_rejected",
                              row->stage, row->stage, actor.user_id, now, std::string(reason),
                              json::serialize(json::object{{"officerId", r->officer_id},
                                                           {"article", "行政处罚法 第43条"}}),
                              std::nullopt})
            .status());
    return RecordCase(tx, repo_, "case.recusal_decided", case_id, actor.user_id, now);
  }));
  return Get(case_id, &actor);
}

Result<CaseView> CaseService::Extend(std::int64_t id, int days, std::string_view reason,
                                     const Principal& actor) {
  if (!actor.Has(domain::Role::kLeader)) {
    return Status::Permission("延长办案期限须经机关负责人批准(行政处罚法 第60条)");
  }
  const std::string now = FormatUtc(clock_.Now());
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto row = repo_.GetCase(tx, id);
    if (!row.ok()) return row.status();
    if (row->agency_id != actor.agency_id) return Status::Permission("只能办理本机关的案件");
    auto refs = repo_.DeadlinesOf(tx, fmt::format("case:{}", id));
    if (!refs.ok()) return refs.status();
    std::optional<std::int64_t> deadline_id;
    for (const auto& r : *refs) {
      if (r.rule_code == "case.decision" && r.open) deadline_id = r.id;
    }
    if (!deadline_id) return Status::Conflict("本案没有进行中的办案期限(立案后、决定前方可延长)");
    auto extended = deadlines_.ExtendIn(tx, *deadline_id, days, reason, actor.user_id);
    if (!extended.ok()) return extended.status();
    return repo_
        .AppendEvent(
            tx,
            {0, id, 0, "extend", row->stage, row->stage, actor.user_id, now, std::string(reason),
             json::serialize(json::object{
                 {"days", days}, {"article", "行政处罚法 第60条"}, {"deadlineId", *deadline_id}}),
             std::nullopt})
        .status();
  }));
  return Get(id, &actor);
}

// ---- documents ------------------------------------------------------------------------------

static Status CheckInputs(const render::Template& tpl, const Inputs& inputs) {
  if (inputs.size() > 50) return Status::Invalid("文书字段过多").WithField("inputs");
  for (const auto& [k, v] : inputs) {
    const bool known = std::any_of(tpl.inputs.begin(), tpl.inputs.end(),
                                   [&](const auto& i) { return i.key == k; });
    if (!known) return Status::Invalid(fmt::format("文书没有字段 {}", k)).WithField("inputs." + k);
    if (!v.empty()) {
      SX_RETURN_IF_ERROR(domain::CheckText(v, k, "inputs." + k, 20'000, true));
    }
  }
  return Status::Ok();
}

Result<DocumentView> CaseService::Draft(std::int64_t case_id, std::string_view type,
                                        const Inputs& inputs, const Principal& actor) {
  const render::Template* tpl = render::FindTemplate(type);
  if (tpl == nullptr || domain::FindDocumentKind(type) == nullptr) {
    return Status::Invalid(fmt::format("未知的文书种类 {}", type)).WithField("type");
  }
  SX_RETURN_IF_ERROR(CheckInputs(*tpl, inputs));
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<DocumentView>(db_, true, [&](store::Tx& tx) -> Result<DocumentView> {
    auto row = repo_.GetCase(tx, case_id);
    if (!row.ok()) return row.status();
    SX_RETURN_IF_ERROR(Writable(*row, "起草文书"));
    store::DocumentRow d;
    d.case_id = case_id;
    d.agency_id = row->agency_id;
    d.type = std::string(type);
    d.inputs = InputsJson(inputs);
    d.created_by = actor.user_id;
    d.created_at = now;
    auto inserted = repo_.InsertDocument(tx, d);
    if (!inserted.ok()) return inserted.status();
    SX_RETURN_IF_ERROR(AppendRecord(tx,
                                    {"document.drafted", inserted->agency_id,
                                     fmt::format("document:{}", inserted->id), actor.user_id, now},
                                    DocumentRecordFields(*inserted)));
    return ViewOfDocument(tx, repo_, std::move(*inserted));
  });
}

Result<DocumentView> CaseService::Document(std::int64_t id) {
  return store::InTx<DocumentView>(db_, false, [&](store::Tx& tx) -> Result<DocumentView> {
    auto d = repo_.GetDocument(tx, id);
    if (!d.ok()) return d.status();
    return ViewOfDocument(tx, repo_, std::move(*d));
  });
}

Result<DocumentView> CaseService::Revise(std::int64_t id, int version, const Inputs& inputs,
                                         const Principal& actor) {
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<DocumentView>(db_, true, [&](store::Tx& tx) -> Result<DocumentView> {
    auto d = repo_.GetDocument(tx, id);
    if (!d.ok()) return d.status();
    const render::Template* tpl = render::FindTemplate(d->type);
    if (tpl == nullptr) return Status::Internal("缺少文书模板");
    SX_RETURN_IF_ERROR(CheckInputs(*tpl, inputs));
    if (d->status != "draft") return Status::Conflict("文书已签发,不能修改");
    SX_RETURN_IF_ERROR(WritableCase(tx, repo_, d->case_id, "修改文书"));
    SX_RETURN_IF_ERROR(
        repo_.UpdateDocumentInputs(tx, id, version, InputsJson(inputs), actor.user_id, now));
    auto updated = repo_.GetDocument(tx, id);
    if (!updated.ok()) return updated.status();
    SX_RETURN_IF_ERROR(AppendRecord(tx,
                                    {"document.revised", updated->agency_id,
                                     fmt::format("document:{}", id), actor.user_id, now},
                                    DocumentRecordFields(*updated)));
    return ViewOfDocument(tx, repo_, std::move(*updated));
  });
}

Result<DocumentView> CaseService::SignOff(std::int64_t id, domain::Role role,
                                          const Principal& actor) {
  if (!actor.Has(role)) {
    return Status::Permission(fmt::format("您不是{},不能以该身份签署", domain::RoleName(role)));
  }
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<DocumentView>(db_, true, [&](store::Tx& tx) -> Result<DocumentView> {
    auto d = repo_.GetDocument(tx, id);
    if (!d.ok()) return d.status();
    if (d->agency_id != actor.agency_id) return Status::Permission("只能签署本机关的文书");
    if (d->status != "draft") return Status::Conflict("文书已签发");
    SX_RETURN_IF_ERROR(WritableCase(tx, repo_, d->case_id, "签署文书"));
    const auto* kind = domain::FindDocumentKind(d->type);
    if (kind == nullptr ||
        std::find(kind->sign.begin(), kind->sign.end(), role) == kind->sign.end()) {
      return Status::Invalid(
                 fmt::format("{}无须{}签署", kind ? kind->name : d->type, domain::RoleName(role)))
          .WithField("role");
    }
    SX_RETURN_IF_ERROR(repo_.AddSignoff(tx, id, d->version,
                                        {std::string(domain::RoleCode(role)), actor.user_id, now}));
    domain::LedgerEvent e{"document.signed", d->agency_id, fmt::format("document:{}", id),
                          actor.user_id, now};
    SX_RETURN_IF_ERROR(AppendRecord(tx, std::move(e), DocumentRecordFields(*d)));
    return ViewOfDocument(tx, repo_, std::move(*d));
  });
}

Result<DocumentView> CaseService::Issue(std::int64_t id, const Principal& actor,
                                        std::string_view origin) {
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  return store::InTx<DocumentView>(db_, true, [&](store::Tx& tx) -> Result<DocumentView> {
    auto d = repo_.GetDocument(tx, id);
    if (!d.ok()) return d.status();
    if (d->agency_id != actor.agency_id) return Status::Permission("只能签发本机关的文书");
    const auto* kind = domain::FindDocumentKind(d->type);
    if (kind && kind->by_step) {
      return Status::Conflict(
          fmt::format("{}随办理步骤签发,请在案件办理中执行相应步骤", kind->name));
    }
    auto l = Load(tx, repo_, d->case_id);
    if (!l.ok()) return l.status();
    SX_RETURN_IF_ERROR(Writable(l->row, "签发文书"));
    auto issued =
        IssueIn(tx, repo_, blobs_, *l, l->flow, id, "", today, actor.user_id, now, origin);
    if (!issued.ok()) return issued.status();
    SX_RETURN_IF_ERROR(repo_
                           .AppendEvent(tx, {0, d->case_id, 0, "issue", l->row.stage, l->row.stage,
                                             actor.user_id, now, "", "{}", id})
                           .status());
    return ViewOfDocument(tx, repo_, std::move(*issued));
  });
}

Result<std::string> CaseService::Pdf(std::int64_t id, std::string_view origin) {
  const domain::Date today = Today();
  std::optional<render::PdfDocument> preview;
  std::string digest;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto d = repo_.GetDocument(tx, id);
    if (!d.ok()) return d.status();
    if (d->status == "issued" && d->pdf_digest) {
      digest = *d->pdf_digest;
      return Status::Ok();
    }
    auto l = Load(tx, repo_, d->case_id);
    if (!l.ok()) return l.status();
    const render::Template* tpl = render::FindTemplate(d->type);
    if (tpl == nullptr) return Status::Internal("缺少文书模板");
    render::Values values = ValuesOf(*l, today, l->flow);
    for (const auto& [k, v] : ParseInputs(d->inputs)) values[k] = v;
    // A preview shows what is missing rather than refusing.
    const render::Template& t = *tpl;
    for (const auto& i : t.inputs) {
      if (i.required && values[i.key].empty()) values[i.key] = "(待填写)";
    }
    auto doc = render::FillTemplate(t, values);
    if (!doc.ok()) return doc.status();
    doc->agency_name = l->agency.name;
    doc->date = CnDate(today);
    doc->draft = true;
    doc->verify_url = fmt::format("{}/verify/document", origin);
    preview = std::move(*doc);
    return Status::Ok();
  }));
  if (!digest.empty()) return blobs_.Get(digest, 64 << 20);
  return render::RenderPdf(*preview);
}

Result<DocumentCheck> CaseService::CheckNumber(std::string_view number) {
  return store::InTx<DocumentCheck>(db_, false, [&](store::Tx& tx) -> Result<DocumentCheck> {
    auto d = repo_.GetDocumentByNumber(tx, number);
    if (!d.ok()) return d.status();
    DocumentCheck c;
    const auto* kind = domain::FindDocumentKind(d->type);
    c.type_name = kind ? std::string(kind->name) : d->type;
    auto agency = store::MakeAgencyRepository()->Get(tx, d->agency_id);
    if (!agency.ok()) return agency.status();
    c.agency_name = agency->name;
    c.row = std::move(*d);
    return c;
  });
}

Result<std::int64_t> CaseService::NextNumberForTest(std::int64_t agency_id, std::string_view kind,
                                                    int year) {
  return store::InTx<std::int64_t>(
      db_, true, [&](store::Tx& tx) { return repo_.NextNumber(tx, agency_id, kind, year); });
}

}  // namespace sx::services
