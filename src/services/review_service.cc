#include "services/review_service.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "domain/civil_date.h"
#include "domain/ledger_event.h"
#include "domain/text.h"
#include "ledger/base64.h"
#include "services/review_catalogue.h"
#include "util/clock.h"

namespace sx::services {

namespace json = boost::json;
using domain::ReviewOpinion;

namespace {

json::value Null() { return json::value(); }
json::value OptText(const store::Row& r, std::size_t i) {
  return r.IsNull(i) ? Null() : json::value(r.Text(i));
}
json::value OptInt(const store::Row& r, std::size_t i) {
  return r.IsNull(i) ? Null() : json::value(r.Int(i));
}

json::value ParseOr(const std::string& text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? Null() : v;
}

std::string NameOf(store::Tx& tx, std::int64_t user_id) {
  auto r = tx.Query("SELECT display_name FROM users WHERE id = $1", {user_id});
  return r.ok() && !r->empty() ? r->rows.front().Text(0) : std::string();
}

bool HasRole(store::Tx& tx, std::int64_t user_id, domain::Role role) {
  auto r = tx.Query("SELECT 1 FROM user_roles WHERE user_id = $1 AND role = $2",
                    {user_id, std::string(domain::RoleCode(role))});
  return r.ok() && !r->empty();
}

// Everyone who handled or approved the case: its steps (but not the review's own), signatures,
// documents drafted, the case opened. A reviewer among them may not review it.
Result<std::vector<std::int64_t>> Involved(store::Tx& tx, std::int64_t case_id) {
  auto r = tx.Query(
      "SELECT actor_id FROM case_events WHERE case_id = $1"
      "  AND action NOT IN ('review_pass', 'review_return')"
      " UNION SELECT s.user_id FROM document_signoffs s JOIN documents d ON d.id = s.document_id"
      "  WHERE d.case_id = $1 AND d.type <> 'legal_review_opinion'"
      " UNION SELECT created_by FROM documents WHERE case_id = $1"
      "  AND type <> 'legal_review_opinion'"
      " UNION SELECT created_by FROM cases WHERE id = $1",
      {case_id});
  if (!r.ok()) return r.status();
  std::vector<std::int64_t> ids;
  for (const auto& row : r->rows) ids.push_back(row.Int(0));
  return ids;
}

// What the domain needs to know of a would-be reviewer.
Result<domain::ReviewerFacts> ReviewerOf(store::Tx& tx, std::int64_t user_id) {
  domain::ReviewerFacts f;
  f.user_id = user_id;
  auto r = tx.Query(
      "SELECT o.is_legal_reviewer, COALESCE(o.legal_qualification_number, ''), "
      "o.first_time_reviewer"
      " FROM users u JOIN officers o ON o.id = u.officer_id WHERE u.id = $1",
      {user_id});
  if (!r.ok()) return r.status();
  const bool role = HasRole(tx, user_id, domain::Role::kLegalReviewer);
  if (r->empty()) {
    f.legal_reviewer = false;
    return f;
  }
  const auto& row = r->rows.front();
  f.legal_reviewer = role && row.Int(0) != 0;
  f.legal_qualification = !row.Text(1).empty();
  auto done = tx.Query(
      "SELECT COUNT(*) FROM review_submissions WHERE reviewer_id = $1 AND form IS NOT NULL",
      {user_id});
  if (!done.ok()) return done.status();
  f.first_time = row.Int(2) != 0 && done->rows.front().Int(0) == 0;
  return f;
}

// Round-robin by load: the eligible reviewer with the fewest open reviews, then the one assigned
// longest ago, then the lowest id. kConflict naming why nobody is eligible.
Result<std::int64_t> PickReviewer(store::Tx& tx, std::int64_t agency_id,
                                  std::span<const std::int64_t> involved) {
  auto candidates = tx.Query(
      "SELECT u.id,"
      " (SELECT COUNT(*) FROM review_submissions s WHERE s.reviewer_id = u.id"
      "   AND s.status = 'assigned'),"
      " COALESCE((SELECT MAX(s.assigned_at) FROM review_submissions s"
      "   WHERE s.reviewer_id = u.id), '')"
      " FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'legal_reviewer'"
      " WHERE u.agency_id = $1 AND u.disabled = 0 ORDER BY u.id",
      {agency_id});
  if (!candidates.ok()) return candidates.status();
  struct Candidate {
    std::int64_t load;
    std::string last;
    std::int64_t id;
  };
  std::vector<Candidate> eligible;
  std::vector<std::string> why;
  for (const auto& row : candidates->rows) {
    auto facts = ReviewerOf(tx, row.Int(0));
    if (!facts.ok()) return facts.status();
    Status st = domain::CheckReviewer(*facts, involved);
    if (st.ok()) {
      eligible.push_back({row.Int(1), row.Text(2), row.Int(0)});
    } else {
      why.push_back(fmt::format("{}:{}", NameOf(tx, row.Int(0)), st.message()));
    }
  }
  if (eligible.empty()) {
    std::string reasons;
    for (const auto& w : why) reasons += (reasons.empty() ? "" : ";") + w;
    return Status::Conflict(
               fmt::format("没有可以分配的法制审核人员{}",
                           reasons.empty() ? "(本机关没有法制审核人员账号)" : "(" + reasons + ")"))
        .WithField("reviewer");
  }
  std::sort(eligible.begin(), eligible.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.load, a.last, a.id) < std::tie(b.load, b.last, b.id);
  });
  return eligible.front().id;
}

std::string FindingsText(const domain::ReviewForm& f) {
  std::string out;
  for (const auto& x : f.findings) {
    out += fmt::format("{}{}:{}{}", out.empty() ? "" : "\n", domain::ReviewItemName(x.item),
                       x.conforms ? "符合" : "存在问题", x.comment.empty() ? "" : "。" + x.comment);
  }
  return out + "\n" + f.summary;
}

json::object FormJson(const domain::ReviewForm& f) {
  json::array findings;
  for (const auto& x : f.findings) {
    findings.push_back(json::object{{"item", domain::ReviewItemCode(x.item)},
                                    {"name", domain::ReviewItemName(x.item)},
                                    {"conforms", x.conforms},
                                    {"comment", x.comment}});
  }
  return json::object{{"findings", std::move(findings)},
                      {"opinion", domain::ReviewOpinionCode(f.opinion)},
                      {"opinionName", domain::ReviewOpinionName(f.opinion)},
                      {"summary", f.summary}};
}

Status Record(store::Tx& tx, std::string type, std::int64_t agency, std::string object,
              std::int64_t actor, const std::string& at, RecordFields fields) {
  domain::LedgerEvent e;
  e.type = std::move(type);
  e.agency_id = agency;
  e.object = std::move(object);
  e.actor_id = actor;
  e.at = at;
  return AppendRecord(tx, std::move(e), fields);
}

std::string B64(const ledger::Hash& h) {
  return ledger::EncodeBase64({reinterpret_cast<const char*>(h.data()), h.size()});
}

std::string Today(const Clock& clock) {
  return domain::FormatDate(domain::ShanghaiDate(clock.Now()));
}

}  // namespace

// ---- catalogue -----------------------------------------------------------------------------

Result<json::object> ReviewService::Catalogue(std::int64_t agency_id) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    json::array statutory, rules;
    for (const auto& r : domain::StatutoryRules()) statutory.push_back(CatalogueRuleJson(r));
    auto own = AgencyCatalogue(tx, agency_id);
    if (!own.ok()) return own.status();
    for (const auto& r : *own) rules.push_back(CatalogueRuleJson(r));
    auto meta = tx.Query("SELECT version, updated_at FROM review_catalogues WHERE agency_id = $1",
                         {agency_id});
    if (!meta.ok()) return meta.status();
    return json::object{
        {"agencyId", agency_id},
        {"statutory", std::move(statutory)},
        {"rules", std::move(rules)},
        {"version", meta->empty() ? 0 : meta->rows.front().Int(0)},
        {"updatedAt", meta->empty() ? Null() : json::value(meta->rows.front().Text(1))}};
  });
}

Result<json::object> ReviewService::SetCatalogue(std::int64_t agency_id, std::int64_t version,
                                                 const json::value& rules, const Principal& actor) {
  auto parsed = CatalogueRulesFromJson(rules);
  if (!parsed.ok()) return parsed.status();
  SX_RETURN_IF_ERROR(domain::ValidateCatalogue(*parsed));
  const std::string now = FormatUtc(clock_.Now());
  json::array stored;
  for (const auto& r : *parsed) stored.push_back(CatalogueRuleJson(r));
  const std::string text = json::serialize(stored);
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto cur = tx.Query("SELECT version FROM review_catalogues WHERE agency_id = $1", {agency_id});
    if (!cur.ok()) return cur.status();
    const std::int64_t current = cur->empty() ? 0 : cur->rows.front().Int(0);
    if (current != version) {
      return Status::Conflict(
          fmt::format("目录清单已被他人修改(您看到的是第 {} 版,当前为第 {} 版)", version, current));
    }
    auto w = cur->empty()
                 ? tx.Query(
                       "INSERT INTO review_catalogues (agency_id, rules, version, updated_by,"
                       " updated_at) VALUES ($1, $2, 1, $3, $4)",
                       {agency_id, text, actor.user_id, now})
                 : tx.Query(
                       "UPDATE review_catalogues SET rules = $2, version = version + 1,"
                       " updated_by = $3, updated_at = $4 WHERE agency_id = $1",
                       {agency_id, text, actor.user_id, now});
    if (!w.ok()) return w.status();
    return Record(tx, "review.catalogue", agency_id, fmt::format("review-catalogue:{}", agency_id),
                  actor.user_id, now, {{"rules", text}, {"version", std::to_string(current + 1)}});
  }));
  return Catalogue(agency_id);
}

// ---- submissions ---------------------------------------------------------------------------

Result<std::int64_t> ReviewService::SubmissionCase(std::int64_t submission_id) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query("SELECT case_id FROM review_submissions WHERE id = $1", {submission_id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("送审记录 {} 不存在", submission_id));
    return r->rows.front().Int(0);
  });
}

Result<json::object> ReviewService::SubmissionJson(store::Tx& tx, std::int64_t id) {
  auto r = tx.Query(
      "SELECT s.id, s.case_id, c.number, s.round, s.status, s.submitted_by, s.submitted_at,"
      " s.package, s.reviewer_id, s.assigned_at, s.due_on, s.form, s.reviewed_at,"
      " s.opinion_document_id, d.number, s.response, s.response_reason, c.cause,"
      " s.assigned_by"
      " FROM review_submissions s JOIN cases c ON c.id = s.case_id"
      " LEFT JOIN documents d ON d.id = s.opinion_document_id WHERE s.id = $1",
      {id});
  if (!r.ok()) return r.status();
  if (r->empty()) return Status::NotFound(fmt::format("送审记录 {} 不存在", id));
  const auto& row = r->rows.front();
  json::value package = ParseOr(row.Text(7));
  const bool vouched = package.is_object() && package.as_object().contains("vouched") &&
                       package.as_object().at("vouched").as_bool();
  const std::string due = row.Text(10);
  const bool overdue = row.Text(4) == "assigned" && !due.empty() && due < Today(clock_);
  return json::object{
      {"id", row.Int(0)},
      {"caseId", row.Int(1)},
      {"caseNumber", row.Text(2)},
      {"caseCause", row.Text(17)},
      {"round", row.Int(3)},
      {"status", row.Text(4)},
      {"submittedBy", row.Int(5)},
      {"submittedByName", NameOf(tx, row.Int(5))},
      {"submittedAt", row.Text(6)},
      {"vouched", vouched},
      {"package", package},
      {"reviewerId", OptInt(row, 8)},
      {"reviewerName", row.IsNull(8) ? Null() : json::value(NameOf(tx, row.Int(8)))},
      {"assignedBy", OptInt(row, 18)},
      {"assignedAt", OptText(row, 9)},
      {"dueOn", OptText(row, 10)},
      {"overdue", overdue},
      {"form", row.IsNull(11) ? Null() : ParseOr(row.Text(11))},
      {"reviewedAt", OptText(row, 12)},
      {"opinionDocumentId", OptInt(row, 13)},
      {"opinionDocumentNumber", OptText(row, 14)},
      {"response", OptText(row, 15)},
      {"responseReason", row.Text(16)},
  };
}

Result<json::object> ReviewService::Submit(std::int64_t case_id, const SubmitReview& in,
                                           const Principal& actor, std::string_view origin) {
  auto view = cases_.Get(case_id, &actor);
  if (!view.ok()) return view.status();
  const CaseView& v = *view;
  for (const auto& [text, label, field] :
       {std::tuple{&in.legal_basis, "法律依据", "legalBasis"},
        std::tuple{&in.tier_reasoning, "裁量理由", "tierReasoning"},
        std::tuple{&in.note, "送审说明", "note"}}) {
    if (!text->empty()) SX_RETURN_IF_ERROR(domain::CheckText(*text, label, field, 2000, true));
  }
  // The package, from the case as it stands.
  json::array materials;
  domain::ReviewPackage p;
  p.vouched = in.vouched;
  auto issued = [&](std::string_view type) {
    json::array docs;
    for (const auto& d : v.documents) {
      if (d.row.type == type && d.row.status == "issued") {
        docs.push_back(json::object{{"id", d.row.id},
                                    {"number", d.row.number.value_or("")},
                                    {"sha256", d.row.pdf_digest.value_or("")}});
      }
    }
    return docs;
  };
  json::array report = issued("investigation_report");
  json::array hearing = issued("hearing_record");
  json::array records;
  for (std::string_view type : {"inquiry_record", "inspection_record", "statement_record"}) {
    for (auto& d : issued(type)) records.push_back(std::move(d));
  }
  p.investigation_report = !report.empty();
  p.hearing_held = v.flow.hearing_held;
  p.hearing_record = !hearing.empty();
  p.fine_proposed = v.flow.proposed_outcome == domain::Outcome::kPenalty;
  p.tier = v.flow.tier ? v.flow.tier->code : "";
  p.tier_reasoning = in.tier_reasoning.empty() ? v.flow.deviation_reason : in.tier_reasoning;
  p.legal_basis = in.legal_basis.empty() ? v.power.basis : in.legal_basis;
  if (v.flow.proposed_outcome) {
    p.proposed_decision = std::string(domain::OutcomeName(*v.flow.proposed_outcome));
    if (v.flow.proposed_fine)
      p.proposed_decision += fmt::format(",罚款 {} 元", *v.flow.proposed_fine);
  }
  const std::string now = FormatUtc(clock_.Now());
  std::int64_t submission_id = 0;
  Status refusal = Status::Ok();
  StepRequest req;
  req.version = in.version;
  req.action = domain::CaseAction::kSubmitReview;
  req.prepare = [&](store::Tx& tx) -> Status {
    auto evidence = tx.Query(
        "SELECT id, digest, filename FROM evidence WHERE case_id = $1 ORDER BY id", {case_id});
    if (!evidence.ok()) return evidence.status();
    json::array files;
    for (const auto& e : evidence->rows) {
      files.push_back(
          json::object{{"id", e.Int(0)}, {"sha256", e.Text(1)}, {"filename", e.Text(2)}});
    }
    p.evidence_items = static_cast<int>(files.size() + records.size());
    if (Status st = domain::CheckPackage(p); !st.ok()) {
      refusal = st;
      return st;
    }
    auto involved = Involved(tx, case_id);
    if (!involved.ok()) return involved.status();
    std::vector<std::int64_t> people = *involved;
    people.push_back(actor.user_id);
    auto reviewer = PickReviewer(tx, v.row.agency_id, people);
    if (!reviewer.ok()) {
      refusal = reviewer.status();
      return reviewer.status();
    }
    auto round = tx.Query(
        "SELECT COALESCE(MAX(round), 0) + 1 FROM review_submissions WHERE case_id = $1", {case_id});
    if (!round.ok()) return round.status();
    auto present = [&](domain::ReviewMaterial m, json::value docs) {
      const auto missing = domain::MissingMaterials(p);
      materials.push_back(
          json::object{{"code", domain::ReviewMaterialCode(m)},
                       {"name", domain::ReviewMaterialName(m)},
                       {"present", std::find(missing.begin(), missing.end(), m) == missing.end()},
                       {"documents", std::move(docs)}});
    };
    present(domain::ReviewMaterial::kInvestigationReport, report);
    json::object evidence_list{{"files", files}, {"records", records}};
    present(domain::ReviewMaterial::kEvidenceList, evidence_list);
    present(domain::ReviewMaterial::kProposedDecision, json::value(p.proposed_decision));
    present(domain::ReviewMaterial::kLegalBasis, json::value(p.legal_basis));
    present(domain::ReviewMaterial::kBenchmark, json::value(p.tier));
    if (p.hearing_held) present(domain::ReviewMaterial::kHearingRecord, hearing);
    json::object package{
        {"materials", std::move(materials)},
        {"proposal",
         json::object{{"outcome", v.flow.proposed_outcome
                                      ? json::value(domain::OutcomeCode(*v.flow.proposed_outcome))
                                      : Null()},
                      {"outcomeName", v.flow.proposed_outcome ? json::value(domain::OutcomeName(
                                                                    *v.flow.proposed_outcome))
                                                              : Null()},
                      {"fine", v.flow.proposed_fine ? json::value(*v.flow.proposed_fine) : Null()},
                      {"tier", p.tier},
                      {"tierName", v.flow.tier ? json::value(v.flow.tier->condition) : Null()}}},
        {"legalBasis", p.legal_basis},
        {"tierReasoning", p.tier_reasoning},
        {"note", in.note},
        {"vouched", in.vouched},
        {"review", json::object{{"basis", v.review.Explain()}}},
    };
    const std::string text = json::serialize(package);
    auto inserted = tx.Query(
        "INSERT INTO review_submissions (case_id, agency_id, round, package, submitted_by,"
        " submitted_at, reviewer_id, assigned_by, assigned_at, status)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $6, 'assigned') RETURNING id",
        {case_id, v.row.agency_id, round->rows.front().Int(0), text, actor.user_id, now,
         *reviewer});
    if (!inserted.ok()) return inserted.status();
    submission_id = inserted->rows.front().Int(0);
    return Record(tx, "review.submitted", v.row.agency_id, fmt::format("review:{}", submission_id),
                  actor.user_id, now,
                  {{"case_id", std::to_string(case_id)},
                   {"round", round->rows.front().Text(0)},
                   {"package", text},
                   {"submitted_by", std::to_string(actor.user_id)},
                   {"reviewer_id", std::to_string(*reviewer)}});
  };
  req.finish = [&](store::Tx& tx, std::optional<std::int64_t>) -> Status {
    // The review's due date is the case's open legal_review deadline (deadline engine).
    auto due = tx.Query(
        "SELECT due_date FROM deadlines WHERE object = $1 AND rule_code = 'legal_review'"
        " AND done_on IS NULL ORDER BY id DESC LIMIT 1",
        {fmt::format("case:{}", case_id)});
    if (!due.ok()) return due.status();
    if (due->empty()) return Status::Ok();
    auto w = tx.Query("UPDATE review_submissions SET due_on = $1 WHERE id = $2",
                      {due->rows.front().Text(0), submission_id});
    return w.ok() ? Status::Ok() : w.status();
  };
  auto stepped = cases_.Step(case_id, req, actor, origin);
  if (!stepped.ok()) {
    if (!refusal.ok())
      (void)cases_.RecordRefusal(case_id, "submit_review", refusal.message(), actor);
    return stepped.status();
  }
  return store::InTx<json::object>(
      db_, false, [&](store::Tx& tx) { return SubmissionJson(tx, submission_id); });
}

Result<json::object> ReviewService::Assign(std::int64_t submission_id, std::int64_t reviewer_id,
                                           const Principal& actor) {
  const bool head = actor.Has(domain::Role::kLeader) ||
                    (actor.Has(domain::Role::kLegalReviewer) && actor.Has(domain::Role::kUnitHead));
  if (!head) {
    return Status::Permission("分配审核人员须由机关负责人或法制审核机构负责人进行");
  }
  const std::string now = FormatUtc(clock_.Now());
  std::int64_t case_id = 0;
  Status refusal = Status::Ok();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto s = tx.Query("SELECT case_id, agency_id, status FROM review_submissions WHERE id = $1",
                      {submission_id});
    if (!s.ok()) return s.status();
    if (s->empty()) return Status::NotFound(fmt::format("送审记录 {} 不存在", submission_id));
    case_id = s->rows.front().Int(0);
    if (s->rows.front().Int(1) != actor.agency_id)
      return Status::Permission("只能分配本机关的送审");
    if (s->rows.front().Text(2) != "assigned") {
      return Status::Conflict("该次送审已出具审核意见,不能再分配");
    }
    auto facts = ReviewerOf(tx, reviewer_id);
    if (!facts.ok()) return facts.status();
    auto involved = Involved(tx, case_id);
    if (!involved.ok()) return involved.status();
    if (Status ok = domain::CheckReviewer(*facts, *involved); !ok.ok()) {
      refusal = ok;
      return ok;
    }
    auto w = tx.Query(
        "UPDATE review_submissions SET reviewer_id = $1, assigned_by = $2, assigned_at = $3"
        " WHERE id = $4",
        {reviewer_id, actor.user_id, now, submission_id});
    if (!w.ok()) return w.status();
    return Record(tx, "review.assigned", actor.agency_id, fmt::format("review:{}", submission_id),
                  actor.user_id, now, {{"reviewer_id", std::to_string(reviewer_id)}});
  });
  if (!st.ok()) {
    if (!refusal.ok())
      (void)cases_.RecordRefusal(case_id, "assign_reviewer", refusal.message(), actor);
    return st;
  }
  return store::InTx<json::object>(
      db_, false, [&](store::Tx& tx) { return SubmissionJson(tx, submission_id); });
}

Result<json::object> ReviewService::Opinion(std::int64_t submission_id,
                                            const domain::ReviewForm& form, const Principal& actor,
                                            std::string_view origin) {
  struct Sub {
    std::int64_t case_id = 0;
    std::int64_t agency_id = 0;
    std::string status;
    std::optional<std::int64_t> reviewer;
    std::string submitted_at;
  };
  auto sub = store::InTx<Sub>(db_, false, [&](store::Tx& tx) -> Result<Sub> {
    auto r = tx.Query(
        "SELECT case_id, agency_id, status, reviewer_id, submitted_at FROM review_submissions"
        " WHERE id = $1",
        {submission_id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("送审记录 {} 不存在", submission_id));
    const auto& row = r->rows.front();
    return Sub{row.Int(0), row.Int(1), row.Text(2),
               row.IsNull(3) ? std::nullopt : std::optional(row.Int(3)), row.Text(4)};
  });
  if (!sub.ok()) return sub.status();
  const auto refuse = [&](Status st) {
    (void)cases_.RecordRefusal(sub->case_id, "review_opinion", st.message(), actor);
    return st;
  };
  if (sub->agency_id != actor.agency_id) return Status::Permission("只能审核本机关的案件");
  if (sub->status != "assigned") {
    return refuse(Status::Conflict(
        "该次送审已出具审核意见,不能再次出具;如需重新审核,请承办机构修改后重新送审"));
  }
  if (sub->reviewer != actor.user_id) {
    return refuse(Status::Permission("该次送审未分配给您审核"));
  }
  auto eligible = store::InTx<bool>(db_, false, [&](store::Tx& tx) -> Result<bool> {
    auto facts = ReviewerOf(tx, actor.user_id);
    if (!facts.ok()) return facts.status();
    auto involved = Involved(tx, sub->case_id);
    if (!involved.ok()) return involved.status();
    SX_RETURN_IF_ERROR(domain::CheckReviewer(*facts, *involved));
    return true;
  });
  if (!eligible.ok()) {
    return eligible.status().code() == Code::kPermission ? refuse(eligible.status())
                                                         : eligible.status();
  }
  SX_RETURN_IF_ERROR(domain::ValidateReviewForm(form));
  const bool approve = form.opinion == ReviewOpinion::kApprove;
  // The 法制审核意见书: drafted from the form, signed by the reviewer, issued with the step.
  const std::string submitted_on =
      sub->submitted_at.size() >= 10 ? sub->submitted_at.substr(0, 10) : sub->submitted_at;
  auto draft =
      cases_.Draft(sub->case_id, "legal_review_opinion",
                   {{"submitted_on", submitted_on},
                    {"reviewer", actor.display_name.empty() ? actor.username : actor.display_name},
                    {"opinion", FindingsText(form)},
                    {"conclusion", approve ? "同意" : "存在问题,建议修改后重新送审"}},
                   actor);
  if (!draft.ok()) return draft.status();
  auto signed_doc = cases_.SignOff(draft->row.id, domain::Role::kLegalReviewer, actor);
  if (!signed_doc.ok()) return signed_doc.status();
  auto c = cases_.Get(sub->case_id, &actor);
  if (!c.ok()) return c.status();
  const std::string now = FormatUtc(clock_.Now());
  const std::string form_text = json::serialize(FormJson(form));
  StepRequest req;
  req.version = c->row.version;
  req.action = approve ? domain::CaseAction::kReviewPass : domain::CaseAction::kReviewReturn;
  req.document_id = draft->row.id;
  if (!approve) req.reason = form.summary;
  req.prepare = [&](store::Tx& tx) -> Status {
    auto w = tx.Query(
        "UPDATE review_submissions SET status = $1, form = $2, reviewed_at = $3"
        " WHERE id = $4 AND status = 'assigned'",
        {std::string(approve ? "approved" : "problems"), form_text, now, submission_id});
    if (!w.ok()) return w.status();
    if (w->affected == 0) return Status::Conflict("该次送审已出具审核意见,不能再次出具");
    return Status::Ok();
  };
  req.finish = [&](store::Tx& tx, std::optional<std::int64_t> doc) -> Status {
    store::Param document = nullptr;
    if (doc) document = *doc;
    auto w = tx.Query("UPDATE review_submissions SET opinion_document_id = $1 WHERE id = $2",
                      {document, submission_id});
    if (!w.ok()) return w.status();
    return Record(tx, "review.opinion", sub->agency_id, fmt::format("review:{}", submission_id),
                  actor.user_id, now,
                  {{"form", form_text},
                   {"opinion", std::string(domain::ReviewOpinionCode(form.opinion))},
                   {"document_id", doc ? std::to_string(*doc) : ""}});
  };
  auto stepped = cases_.Step(sub->case_id, req, actor, origin);
  if (!stepped.ok()) return stepped.status();
  return store::InTx<json::object>(
      db_, false, [&](store::Tx& tx) { return SubmissionJson(tx, submission_id); });
}

Result<json::object> ReviewService::Respond(std::int64_t submission_id, bool dispute,
                                            std::string_view reason, const Principal& actor) {
  if (dispute) SX_RETURN_IF_ERROR(domain::CheckText(reason, "异议理由", "reason", 2000, true));
  const std::string now = FormatUtc(clock_.Now());
  SX_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    auto s = tx.Query(
        "SELECT agency_id, status, response, reviewer_id FROM review_submissions WHERE id = $1",
        {submission_id});
    if (!s.ok()) return s.status();
    if (s->empty()) return Status::NotFound(fmt::format("送审记录 {} 不存在", submission_id));
    const auto& row = s->rows.front();
    if (row.Int(0) != actor.agency_id) return Status::Permission("只能答复本机关的审核意见");
    if (row.Int(3) == actor.user_id) return Status::Permission("审核人员不能答复自己的审核意见");
    if (row.Text(1) != "problems") {
      return Status::Conflict("只有“存在问题”的审核意见需要承办机构答复");
    }
    if (!row.IsNull(2)) return Status::Conflict("承办机构已答复该审核意见");
    auto w = tx.Query(
        "UPDATE review_submissions SET response = $1, response_reason = $2, response_by = $3,"
        " response_at = $4 WHERE id = $5",
        {std::string(dispute ? "dispute" : "accept"), std::string(reason), actor.user_id, now,
         submission_id});
    if (!w.ok()) return w.status();
    return Record(tx, "review.response", row.Int(0), fmt::format("review:{}", submission_id),
                  actor.user_id, now,
                  {{"response", dispute ? "dispute" : "accept"}, {"reason", std::string(reason)}});
  }));
  return store::InTx<json::object>(
      db_, false, [&](store::Tx& tx) { return SubmissionJson(tx, submission_id); });
}

Result<json::object> ReviewService::Post(std::int64_t submission_id, std::string_view body,
                                         const Principal& actor) {
  SX_RETURN_IF_ERROR(domain::CheckText(body, "协商意见", "body", 2000, true));
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto s = tx.Query(
        "SELECT agency_id, case_id, reviewer_id, status FROM review_submissions WHERE id = $1",
        {submission_id});
    if (!s.ok()) return s.status();
    if (s->empty()) return Status::NotFound(fmt::format("送审记录 {} 不存在", submission_id));
    const auto& row = s->rows.front();
    if (row.Int(0) != actor.agency_id) return Status::Permission("只能参与本机关的协商");
    if (row.Text(3) == "assigned") return Status::Conflict("审核意见出具后方可协商");
    const std::string side = row.Int(2) == actor.user_id ? "review" : "unit";
    auto id = tx.Query(
        "INSERT INTO review_messages (submission_id, case_id, author_id, side, body, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {submission_id, row.Int(1), actor.user_id, side, std::string(body), now});
    if (!id.ok()) return id.status();
    const std::int64_t mid = id->rows.front().Int(0);
    SX_RETURN_IF_ERROR(Record(tx, "review.message", row.Int(0),
                              fmt::format("review-message:{}", mid), actor.user_id, now,
                              {{"submission_id", std::to_string(submission_id)},
                               {"side", side},
                               {"body", std::string(body)}}));
    return json::object{{"id", mid},
                        {"submissionId", submission_id},
                        {"authorId", actor.user_id},
                        {"authorName", NameOf(tx, actor.user_id)},
                        {"side", side},
                        {"body", body},
                        {"createdAt", now}};
  });
}

Status ReviewService::Escalate(std::int64_t case_id, std::int64_t version, std::string_view reason,
                               const Principal& actor, std::string_view origin) {
  SX_RETURN_IF_ERROR(domain::CheckText(reason, "提请理由", "reason", 2000, true));
  auto ready = store::InTx<bool>(db_, false, [&](store::Tx& tx) -> Result<bool> {
    auto s = tx.Query(
        "SELECT id, status, response FROM review_submissions WHERE case_id = $1"
        " ORDER BY round DESC LIMIT 1",
        {case_id});
    if (!s.ok()) return s.status();
    if (s->empty() || s->rows.front().Text(1) != "problems" ||
        s->rows.front().Text(2) != "dispute") {
      return Status::Conflict(
          "提请集体讨论须是承办机构对“存在问题”的审核意见有异议(行政处罚法 第57条第2款)");
    }
    auto sides =
        tx.Query("SELECT COUNT(DISTINCT side) FROM review_messages WHERE submission_id = $1",
                 {s->rows.front().Int(0)});
    if (!sides.ok()) return sides.status();
    if (sides->rows.front().Int(0) < 2) {
      return Status::Conflict("提请集体讨论前,承办机构与审核机构须先协商(双方均须有协商记录)");
    }
    return true;
  });
  if (!ready.ok()) {
    (void)cases_.RecordRefusal(case_id, "to_discussion", ready.status().message(), actor);
    return ready.status();
  }
  StepRequest req;
  req.version = version;
  req.action = domain::CaseAction::kToDiscussion;
  req.reason = std::string(reason);
  auto stepped = cases_.Step(case_id, req, actor, origin);
  return stepped.ok() ? Status::Ok() : stepped.status();
}

Result<json::object> ReviewService::Discuss(std::int64_t case_id, const NewDiscussion& in,
                                            const Principal& actor, std::string_view origin) {
  if (!domain::ParseDate(in.held_on)) {
    return Status::Invalid("会议日期须为 YYYY-MM-DD").WithField("heldOn");
  }
  SX_RETURN_IF_ERROR(domain::CheckText(in.place, "会议地点", "place", 100));
  SX_RETURN_IF_ERROR(domain::CheckText(in.question, "讨论事项", "question", 2000, true));
  SX_RETURN_IF_ERROR(domain::CheckText(in.decision, "讨论决定", "decision", 2000, true));
  if (!in.outcome) return Status::Invalid("请选择讨论决定的处理意见").WithField("outcome");
  struct Person {
    std::string name;
    bool leader = false;
  };
  // The attendees (and chair) as the agency's users, and the size of its leadership.
  struct Meeting {
    std::map<std::int64_t, Person> people;
    int leadership = 0;
  };
  auto meeting = store::InTx<Meeting>(db_, false, [&](store::Tx& tx) -> Result<Meeting> {
    Meeting out;
    std::set<std::int64_t> ids(in.attendee_ids.begin(), in.attendee_ids.end());
    ids.insert(in.chair_id);
    for (std::int64_t id : ids) {
      auto u = tx.Query("SELECT display_name, agency_id FROM users WHERE id = $1", {id});
      if (!u.ok()) return u.status();
      if (u->empty() || u->rows.front().Int(1) != actor.agency_id) {
        return Status::Invalid(fmt::format("出席人员 {} 不是本机关的用户", id))
            .WithField("attendeeIds");
      }
      out.people[id] = {u->rows.front().Text(0), HasRole(tx, id, domain::Role::kLeader)};
    }
    auto leaders = tx.Query(
        "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id"
        " WHERE u.agency_id = $1 AND r.role = 'leader' AND u.disabled = 0",
        {actor.agency_id});
    if (!leaders.ok()) return leaders.status();
    out.leadership = static_cast<int>(leaders->rows.front().Int(0));
    return out;
  });
  if (!meeting.ok()) return meeting.status();
  const int leadership = meeting->leadership;
  std::map<std::int64_t, Person>* people = &meeting->people;
  if (std::find(in.attendee_ids.begin(), in.attendee_ids.end(), in.chair_id) ==
      in.attendee_ids.end()) {
    return Status::Invalid("主持人须在出席人员之中").WithField("chairId");
  }
  int present = 0;
  for (std::int64_t id : std::set<std::int64_t>(in.attendee_ids.begin(), in.attendee_ids.end())) {
    if ((*people)[id].leader) ++present;
  }
  if (Status q = domain::CheckQuorum({leadership, present, (*people)[in.chair_id].leader, 1, 2});
      !q.ok()) {
    (void)cases_.RecordRefusal(case_id, "discuss", q.message(), actor);
    return q;
  }
  std::map<std::int64_t, std::string> opinions;
  for (const auto& [user, text] : in.opinions) opinions[user] = text;
  for (std::int64_t id : in.attendee_ids) {
    auto it = opinions.find(id);
    if (it == opinions.end() || it->second.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::Invalid(
                 fmt::format("请记录 {} 的意见(每位出席人员均须发表意见)", (*people)[id].name))
          .WithField("opinions");
    }
    SX_RETURN_IF_ERROR(domain::CheckText(it->second, "出席人员意见", "opinions", 2000, true));
  }
  // The 集体讨论笔录.
  std::string attendees, discussion;
  json::array attendee_json, opinion_json;
  for (std::int64_t id : in.attendee_ids) {
    const Person& p = (*people)[id];
    attendees += (attendees.empty() ? "" : "、") + p.name;
    discussion += fmt::format("{}{}:{}", discussion.empty() ? "" : "\n", p.name, opinions[id]);
    attendee_json.push_back(json::object{{"userId", id}, {"name", p.name}, {"leader", p.leader}});
    opinion_json.push_back(
        json::object{{"userId", id}, {"name", p.name}, {"opinion", opinions[id]}});
  }
  auto draft =
      cases_.Draft(case_id, "discussion_record",
                   {{"time", in.held_on},
                    {"place", in.place},
                    {"host", (*people)[in.chair_id].name},
                    {"attendees", attendees},
                    {"recorder", actor.display_name.empty() ? actor.username : actor.display_name},
                    {"discussion", in.question + "\n" + discussion},
                    {"resolution", in.decision}},
                   actor);
  if (!draft.ok()) return draft.status();
  auto signed_doc = cases_.SignOff(draft->row.id, domain::Role::kLeader, actor);
  if (!signed_doc.ok()) return signed_doc.status();
  const std::string now = FormatUtc(clock_.Now());
  std::int64_t discussion_id = 0;
  const std::string attendees_text = json::serialize(attendee_json);
  const std::string opinions_text = json::serialize(opinion_json);
  StepRequest req;
  req.version = in.version;
  req.action = domain::CaseAction::kDiscuss;
  req.document_id = draft->row.id;
  req.outcome = in.outcome;
  req.fine = in.fine;
  req.tier_code = in.tier_code;
  store::Param fine = nullptr;
  if (in.fine) fine = *in.fine;
  req.prepare = [&](store::Tx& tx) -> Status {
    auto id = tx.Query(
        "INSERT INTO discussions (case_id, agency_id, held_on, place, chair_id, attendees,"
        " leadership, question, opinions, decision, outcome, fine, recorded_by, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        {case_id, actor.agency_id, in.held_on, in.place, in.chair_id, attendees_text,
         static_cast<std::int64_t>(leadership), in.question, opinions_text, in.decision,
         std::string(domain::OutcomeCode(*in.outcome)), fine, actor.user_id, now});
    if (!id.ok()) return id.status();
    discussion_id = id->rows.front().Int(0);
    return Status::Ok();
  };
  req.finish = [&](store::Tx& tx, std::optional<std::int64_t> doc) -> Status {
    store::Param document = nullptr;
    if (doc) document = *doc;
    auto w = tx.Query("UPDATE discussions SET document_id = $1 WHERE id = $2",
                      {document, discussion_id});
    if (!w.ok()) return w.status();
    return Record(tx, "discussion.held", actor.agency_id,
                  fmt::format("discussion:{}", discussion_id), actor.user_id, now,
                  {{"case_id", std::to_string(case_id)},
                   {"held_on", in.held_on},
                   {"chair_id", std::to_string(in.chair_id)},
                   {"attendees", attendees_text},
                   {"opinions", opinions_text},
                   {"decision", in.decision},
                   {"outcome", std::string(domain::OutcomeCode(*in.outcome))}});
  };
  auto stepped = cases_.Step(case_id, req, actor, origin);
  if (!stepped.ok()) return stepped.status();
  auto all = ForCase(case_id);
  if (!all.ok()) return all.status();
  for (const auto& d : all->at("discussions").as_array()) {
    if (d.at("id").as_int64() == discussion_id) return d.as_object();
  }
  return Status::Internal("集体讨论记录未找到");
}

// ---- reads ---------------------------------------------------------------------------------

Result<json::object> ReviewService::ForCase(std::int64_t case_id) {
  auto view = cases_.Get(case_id);
  if (!view.ok()) return view.status();
  auto rules = [](const domain::CatalogueMatch& m) {
    json::array ids;
    for (const auto& r : m.matched) ids.emplace_back(r.id);
    return json::object{{"required", m.required()}, {"basis", m.Explain()}, {"rules", ids}};
  };
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    json::array submissions, messages, discussions;
    auto s = tx.Query("SELECT id FROM review_submissions WHERE case_id = $1 ORDER BY round DESC",
                      {case_id});
    if (!s.ok()) return s.status();
    for (const auto& row : s->rows) {
      auto j = SubmissionJson(tx, row.Int(0));
      if (!j.ok()) return j.status();
      submissions.push_back(std::move(*j));
    }
    auto m = tx.Query(
        "SELECT id, submission_id, author_id, side, body, created_at FROM review_messages"
        " WHERE case_id = $1 ORDER BY id",
        {case_id});
    if (!m.ok()) return m.status();
    for (const auto& row : m->rows) {
      messages.push_back(json::object{{"id", row.Int(0)},
                                      {"submissionId", row.Int(1)},
                                      {"authorId", row.Int(2)},
                                      {"authorName", NameOf(tx, row.Int(2))},
                                      {"side", row.Text(3)},
                                      {"body", row.Text(4)},
                                      {"createdAt", row.Text(5)}});
    }
    auto d = tx.Query(
        "SELECT x.id, x.held_on, x.place, x.chair_id, x.attendees, x.leadership, x.question,"
        " x.opinions, x.decision, x.outcome, x.fine, x.document_id, doc.number, x.recorded_by,"
        " x.created_at FROM discussions x LEFT JOIN documents doc ON doc.id = x.document_id"
        " WHERE x.case_id = $1 ORDER BY x.id",
        {case_id});
    if (!d.ok()) return d.status();
    for (const auto& row : d->rows) {
      discussions.push_back(json::object{{"id", row.Int(0)},
                                         {"caseId", case_id},
                                         {"heldOn", row.Text(1)},
                                         {"place", row.Text(2)},
                                         {"chairId", row.Int(3)},
                                         {"chairName", NameOf(tx, row.Int(3))},
                                         {"attendees", ParseOr(row.Text(4))},
                                         {"leadership", row.Int(5)},
                                         {"question", row.Text(6)},
                                         {"opinions", ParseOr(row.Text(7))},
                                         {"decision", row.Text(8)},
                                         {"outcome", row.Text(9)},
                                         {"fine", OptInt(row, 10)},
                                         {"documentId", OptInt(row, 11)},
                                         {"documentNumber", OptText(row, 12)},
                                         {"recordedBy", row.Int(13)},
                                         {"createdAt", row.Text(14)}});
    }
    return json::object{{"review", rules(view->review)},
                        {"discussion", rules(view->discussion)},
                        {"submissions", std::move(submissions)},
                        {"messages", std::move(messages)},
                        {"discussions", std::move(discussions)}};
  });
}

Result<json::array> ReviewService::Queue(std::int64_t agency_id, std::string_view status,
                                         std::optional<std::int64_t> reviewer_id) {
  std::string where = "agency_id = $1";
  if (status == "open") where += " AND status = 'assigned'";
  if (status == "done") where += " AND status <> 'assigned'";
  std::vector<store::Param> params{agency_id};
  if (reviewer_id) {
    where += " AND reviewer_id = $2";
    params.emplace_back(*reviewer_id);
  }
  return store::InTx<json::array>(db_, false, [&](store::Tx& tx) -> Result<json::array> {
    auto r = tx.Query(fmt::format("SELECT id FROM review_submissions WHERE {}"
                                  " ORDER BY status = 'assigned' DESC, due_on, id DESC LIMIT 500",
                                  where),
                      params);
    if (!r.ok()) return r.status();
    json::array items;
    for (const auto& row : r->rows) {
      auto j = SubmissionJson(tx, row.Int(0));
      if (!j.ok()) return j.status();
      items.push_back(std::move(*j));
    }
    return items;
  });
}

Result<json::object> ReviewService::Diff(std::int64_t submission_id) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto cur = tx.Query("SELECT case_id, round, package FROM review_submissions WHERE id = $1",
                        {submission_id});
    if (!cur.ok()) return cur.status();
    if (cur->empty()) return Status::NotFound(fmt::format("送审记录 {} 不存在", submission_id));
    auto prev =
        tx.Query("SELECT id, package FROM review_submissions WHERE case_id = $1 AND round = $2",
                 {cur->rows.front().Int(0), cur->rows.front().Int(1) - 1});
    if (!prev.ok()) return prev.status();
    json::array changes, documents;
    if (prev->empty()) {
      return json::object{{"previousId", Null()}, {"changes", changes}, {"documents", documents}};
    }
    const json::value before = ParseOr(prev->rows.front().Text(1));
    const json::value after = ParseOr(cur->rows.front().Text(2));
    auto at = [](const json::value& v, std::initializer_list<std::string_view> path) {
      const json::value* p = &v;
      for (auto key : path) {
        if (!p->is_object() || !p->as_object().contains(key)) return Null();
        p = &p->as_object().at(key);
      }
      return *p;
    };
    const struct {
      std::initializer_list<std::string_view> path;
      std::string_view field, label;
    } fields[] = {{{"proposal", "outcomeName"}, "proposal.outcome", "拟处理意见"},
                  {{"proposal", "fine"}, "proposal.fine", "拟罚款金额"},
                  {{"proposal", "tier"}, "proposal.tier", "裁量档次"},
                  {{"legalBasis"}, "legalBasis", "法律依据"},
                  {{"tierReasoning"}, "tierReasoning", "裁量理由"},
                  {{"note"}, "note", "送审说明"}};
    for (const auto& f : fields) {
      json::value b = at(before, f.path), a = at(after, f.path);
      if (b != a) {
        changes.push_back(
            json::object{{"field", f.field}, {"label", f.label}, {"before", b}, {"after", a}});
      }
    }
    // Documents by material: what each submission carried (id and digest).
    auto docs = [&](const json::value& pkg) {
      std::map<std::string, std::pair<std::string, json::object>> out;  // key → (material, doc)
      const json::value mats = at(pkg, {"materials"});
      if (!mats.is_array()) return out;
      for (const auto& m : mats.as_array()) {
        const std::string code(m.at("code").as_string());
        const json::value& list = m.at("documents");
        auto add = [&](const json::array& arr) {
          for (const auto& d : arr) {
            if (d.is_object()) {
              out[code + ":" + std::to_string(d.at("id").as_int64())] = {code, d.as_object()};
            }
          }
        };
        if (list.is_array()) add(list.as_array());
        if (list.is_object()) {
          for (const auto& [k, v] : list.as_object()) {
            if (v.is_array()) add(v.as_array());
          }
        }
      }
      return out;
    };
    const auto b = docs(before), a = docs(after);
    auto name_of = [](const std::string& code) -> std::string {
      for (auto m :
           {domain::ReviewMaterial::kInvestigationReport, domain::ReviewMaterial::kEvidenceList,
            domain::ReviewMaterial::kHearingRecord}) {
        if (domain::ReviewMaterialCode(m) == code)
          return std::string(domain::ReviewMaterialName(m));
      }
      return code;
    };
    for (const auto& [key, val] : b) {
      auto it = a.find(key);
      if (it == a.end()) {
        documents.push_back(json::object{{"code", val.first},
                                         {"name", name_of(val.first)},
                                         {"change", "removed"},
                                         {"before", val.second},
                                         {"after", Null()}});
      } else if (it->second.second.at("sha256") != val.second.at("sha256")) {
        documents.push_back(json::object{{"code", val.first},
                                         {"name", name_of(val.first)},
                                         {"change", "changed"},
                                         {"before", val.second},
                                         {"after", it->second.second}});
      }
    }
    for (const auto& [key, val] : a) {
      if (!b.contains(key)) {
        documents.push_back(json::object{{"code", val.first},
                                         {"name", name_of(val.first)},
                                         {"change", "added"},
                                         {"before", Null()},
                                         {"after", val.second}});
      }
    }
    return json::object{{"previousId", prev->rows.front().Int(0)},
                        {"changes", std::move(changes)},
                        {"documents", std::move(documents)}};
  });
}

Result<json::object> ReviewService::Responsibility(std::int64_t case_id) {
  struct Link {
    std::string at, kind, summary, object, event;
    std::int64_t actor = 0;
    std::string role;
    json::object detail;
  };
  std::vector<Link> links;
  std::string number;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    auto c = tx.Query("SELECT number FROM cases WHERE id = $1", {case_id});
    if (!c.ok()) return c.status();
    if (c->empty()) return Status::NotFound(fmt::format("案件 {} 不存在", case_id));
    number = c->rows.front().Text(0);
    auto s = tx.Query(
        "SELECT id, round, submitted_by, submitted_at, reviewer_id, assigned_by, assigned_at,"
        " status, form, reviewed_at, response, response_reason, response_by, response_at"
        " FROM review_submissions WHERE case_id = $1 ORDER BY round",
        {case_id});
    if (!s.ok()) return s.status();
    for (const auto& r : s->rows) {
      const std::string object = fmt::format("review:{}", r.Int(0));
      links.push_back(
          {r.Text(3), "submitted",
           fmt::format("提交第 {} 次法制审核(承办机构对送审材料的真实性、完整性负责)", r.Int(1)),
           object, "review.submitted", r.Int(2), "承办人员",
           json::object{{"submissionId", r.Int(0)}, {"round", r.Int(1)}, {"vouched", true}}});
      if (!r.IsNull(5) && r.Int(5) != 0) {
        links.push_back({r.Text(6), "assigned",
                         fmt::format("分配审核人员:{}", NameOf(tx, r.Int(4))), object,
                         "review.assigned", r.Int(5), "机关负责人",
                         json::object{{"submissionId", r.Int(0)}, {"reviewerId", r.Int(4)}}});
      }
      if (!r.IsNull(8)) {
        json::value form = ParseOr(r.Text(8));
        const std::string opinion =
            form.is_object() ? std::string(form.at("opinionName").as_string()) : "";
        links.push_back(
            {r.Text(9), "reviewed", fmt::format("出具法制审核意见:{}", opinion), object,
             "review.opinion", r.Int(4), "法制审核人员",
             json::object{{"submissionId", r.Int(0)}, {"opinion", opinion}, {"form", form}}});
      }
      if (!r.IsNull(10)) {
        const bool dispute = r.Text(10) == "dispute";
        links.push_back({r.Text(13), "response",
                         dispute ? "承办机构对审核意见有异议:" + r.Text(11)
                                 : "承办机构接受审核意见,修改后重新送审",
                         object, "review.response", r.Int(12), "承办机构",
                         json::object{{"submissionId", r.Int(0)}, {"response", r.Text(10)}}});
      }
    }
    auto m = tx.Query(
        "SELECT id, author_id, side, body, created_at FROM review_messages WHERE case_id = $1 "
        "ORDER BY id",
        {case_id});
    if (!m.ok()) return m.status();
    for (const auto& r : m->rows) {
      links.push_back({r.Text(4), "message", fmt::format("协商:{}", r.Text(3)),
                       fmt::format("review-message:{}", r.Int(0)), "review.message", r.Int(1),
                       r.Text(2) == "review" ? "法制审核人员" : "承办机构",
                       json::object{{"side", r.Text(2)}}});
    }
    auto d = tx.Query(
        "SELECT id, chair_id, created_at, decision, outcome, attendees FROM discussions WHERE "
        "case_id = $1 ORDER BY id",
        {case_id});
    if (!d.ok()) return d.status();
    for (const auto& r : d->rows) {
      links.push_back({r.Text(2), "discussed", fmt::format("集体讨论决定:{}", r.Text(3)),
                       fmt::format("discussion:{}", r.Int(0)), "discussion.held", r.Int(1),
                       "机关负责人",
                       json::object{{"discussionId", r.Int(0)},
                                    {"outcome", r.Text(4)},
                                    {"attendees", ParseOr(r.Text(5))}}});
    }
    auto e = tx.Query(
        "SELECT action, actor_id, at, reason, data FROM case_events WHERE case_id = $1"
        " AND action IN ('to_discussion', 'notify', 'decide') ORDER BY seq",
        {case_id});
    if (!e.ok()) return e.status();
    for (const auto& r : e->rows) {
      const std::string action = r.Text(0);
      const std::string kind = action == "to_discussion" ? "escalated" : "decided";
      const std::string summary = action == "to_discussion" ? "提请集体讨论:" + r.Text(3)
                                  : action == "notify" ? "事先告知当事人拟作出的决定"
                                                       : "作出决定";
      links.push_back({r.Text(2), action == "notify" ? "notified" : kind, summary,
                       fmt::format("case:{}", case_id), "case." + action, r.Int(1),
                       action == "to_discussion" ? "承办机构负责人"
                       : action == "notify"      ? "承办人员"
                                                 : "机关负责人",
                       json::object{{"data", ParseOr(r.Text(4))}}});
    }
    auto f = tx.Query(
        "SELECT id, actor_id, action, reason, created_at FROM case_refusals WHERE case_id = $1 "
        "ORDER BY id",
        {case_id});
    if (!f.ok()) return f.status();
    for (const auto& r : f->rows) {
      links.push_back({r.Text(4), "refused",
                       fmt::format("被拒绝的操作({}):{}", r.Text(2), r.Text(3)),
                       fmt::format("refusal:{}", r.Int(0)), "case.refused", r.Int(1), "",
                       json::object{{"action", r.Text(2)}, {"reason", r.Text(3)}}});
    }
    for (auto& l : links) {
      if (l.role.empty()) l.role = "操作人";
    }
    return Status::Ok();
  }));
  std::stable_sort(links.begin(), links.end(),
                   [](const Link& a, const Link& b) { return a.at < b.at; });
  // Each link's ledger leaf, proved against the latest checkpoint: the object's leaves of the
  // event's type, taken in order (a case's steps of one kind, a submission's events).
  std::map<std::string, std::vector<store::LeafRef>> history;
  std::map<std::string, std::size_t> used;
  std::string checkpoint;
  if (ledger_ != nullptr) {
    auto note = ledger_->CheckpointNote();
    if (note.ok()) checkpoint = *note;
  }
  json::array chain;
  std::map<std::int64_t, std::string> names;
  SX_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    for (const auto& l : links) {
      if (!names.contains(l.actor)) names[l.actor] = NameOf(tx, l.actor);
    }
    return Status::Ok();
  }));
  for (const auto& l : links) {
    json::value proof = Null();
    if (ledger_ != nullptr) {
      if (!history.contains(l.object)) {
        auto h = ledger_->History(l.object);
        history[l.object] = h.ok() ? *h : std::vector<store::LeafRef>{};
      }
      const std::string key = l.object + "|" + l.event;
      std::size_t seen = 0;
      for (const auto& leaf : history[l.object]) {
        auto ev = domain::DecodeLedgerEvent(leaf.entry);
        if (!ev.ok() || ev->type != l.event) continue;
        if (seen++ < used[key]) continue;
        ++used[key];
        auto p = ledger_->Inclusion(leaf.index);
        if (!p.ok()) break;
        json::array hashes;
        for (const auto& h : p->hashes) hashes.emplace_back(B64(h));
        proof = json::object{
            {"leafIndex", leaf.index},    {"treeSize", p->tree_size},
            {"entry", leaf.entry},        {"leafHash", B64(ledger::LeafHash(leaf.entry))},
            {"proof", std::move(hashes)}, {"rootHash", B64(p->root)},
            {"checkpoint", checkpoint}};
        break;
      }
    }
    chain.push_back(json::object{{"kind", l.kind},
                                 {"at", l.at},
                                 {"actorId", l.actor},
                                 {"actorName", names[l.actor]},
                                 {"role", l.role},
                                 {"summary", l.summary},
                                 {"detail", l.detail},
                                 {"objectId", l.object},
                                 {"event", l.event},
                                 {"ledger", std::move(proof)}});
  }
  return json::object{{"caseId", case_id}, {"caseNumber", number}, {"chain", std::move(chain)}};
}

Result<json::object> ReviewService::Stats(std::int64_t agency_id, std::string_view from,
                                          std::string_view to) {
  const std::string lo = std::string(from), hi = std::string(to) + "T99";
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto r = tx.Query(
        "SELECT status, submitted_at, reviewed_at, round FROM review_submissions"
        " WHERE agency_id = $1 AND status <> 'assigned' AND reviewed_at >= $2 AND reviewed_at <= "
        "$3",
        {agency_id, lo, hi});
    if (!r.ok()) return r.status();
    std::int64_t approved = 0, problems = 0, first = 0, first_approved = 0;
    double days = 0;
    for (const auto& row : r->rows) {
      (row.Text(0) == "approved" ? approved : problems) += 1;
      if (row.Int(3) == 1) {
        ++first;
        if (row.Text(0) == "approved") ++first_approved;
      }
      auto a = domain::ParseDate(row.Text(1).substr(0, 10));
      auto b = domain::ParseDate(row.Text(2).substr(0, 10));
      if (a && b) days += domain::DaysBetween(*a, *b);
    }
    const std::int64_t reviews = approved + problems;
    auto open = tx.Query(
        "SELECT COUNT(*), SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END) FROM review_submissions"
        " WHERE agency_id = $1 AND status = 'assigned'",
        {agency_id, Today(clock_)});
    if (!open.ok()) return open.status();
    return json::object{
        {"from", from},
        {"to", to},
        {"reviews", reviews},
        {"approved", approved},
        {"problems", problems},
        {"firstPassRate",
         first == 0 ? Null() : json::value(static_cast<double>(first_approved) / first)},
        {"averageDays", reviews == 0 ? Null() : json::value(days / static_cast<double>(reviews))},
        {"open", open->rows.front().Int(0)},
        {"overdue", open->rows.front().Int(1)}};
  });
}

}  // namespace sx::services
