#include "services/guidance_service.h"

#include <fmt/format.h>

#include "domain/civil_date.h"
#include "domain/ledger_event.h"
#include "domain/redaction.h"
#include "domain/text.h"
#include "services/ledger_service.h"
#include "util/utf8.h"

namespace sx::services {

namespace json = boost::json;

namespace {

using store::Param;

constexpr std::string_view kColumns =
    "g.id, g.agency_id, a.code, a.name, g.case_id, g.case_number, g.category, g.title,"
    " g.legal_point, g.summary, g.facts, g.decision, g.status, g.withdraw_reason,"
    " g.published_on, g.created_at, g.updated_at";

json::object Item(const store::Row& r, bool full) {
  json::object o{
      {"id", r.Int(0)},
      {"agency", json::object{{"id", r.Int(1)}, {"code", r.Text(2)}, {"name", r.Text(3)}}},
      {"caseId", r.Int(4)},
      {"caseNumber", r.Text(5)},
      {"category", r.Text(6)},
      {"title", r.Text(7)},
      {"legalPoint", r.Text(8)},
      {"summary", r.Text(9)},
      {"status", r.Text(12)},
      {"withdrawReason", r.IsNull(13) ? json::value(nullptr) : json::value(r.Text(13))},
      {"publishedOn", r.IsNull(14) ? json::value(nullptr) : json::value(r.Text(14))},
      {"updatedAt", r.Text(16)}};
  if (full) {
    o["facts"] = r.Text(10);
    o["decision"] = r.Text(11);
  }
  return o;
}

// What the redaction needs to know of the case's people: the party when a citizen, its
// representative, their address; the officers' names are kept.
Result<domain::RedactionContext> ContextOf(store::Tx& tx, std::int64_t case_id) {
  auto c = tx.Query("SELECT party_kind, party_name, party FROM cases WHERE id = $1", {case_id});
  if (!c.ok()) return c.status();
  if (c->empty()) return Status::NotFound(fmt::format("案件 {} 不存在", case_id));
  domain::RedactionContext ctx;
  const auto& r = c->rows.front();
  if (r.Text(0) == "citizen") ctx.person_names.push_back(r.Text(1));
  json::error_code ec;
  const json::value party = json::parse(r.Text(2), ec);
  if (!ec && party.is_object()) {
    const auto& p = party.get_object();
    if (const auto* v = p.if_contains("representative");
        v && v->is_string() && !v->get_string().empty()) {
      ctx.person_names.emplace_back(v->get_string());
    }
    if (const auto* v = p.if_contains("address"); v && v->is_string() && !v->get_string().empty()) {
      if (r.Text(0) == "citizen") ctx.addresses.emplace_back(v->get_string());
    }
  }
  auto officers = tx.Query(
      "SELECT o.name FROM case_officers co JOIN officers o ON o.id = co.officer_id"
      " WHERE co.case_id = $1",
      {case_id});
  if (!officers.ok()) return officers.status();
  for (const auto& o : officers->rows) ctx.keep.push_back(o.Text(0));
  return ctx;
}

Status CheckTexts(const GuidanceText& t) {
  SX_RETURN_IF_ERROR(domain::CheckText(t.title, "标题", "title", 100));
  SX_RETURN_IF_ERROR(
      domain::CheckText(t.legal_point, "裁判要点(法律适用要点)", "legalPoint", 1000, true));
  SX_RETURN_IF_ERROR(domain::CheckText(t.summary, "基本案情摘要", "summary", 2000, true));
  return Status::Ok();
}

Status Record(store::Tx& tx, std::int64_t agency, std::int64_t id, std::string_view type,
              std::int64_t actor, std::string_view now, const RecordFields& fields) {
  return AppendRecordOf(tx, agency, fmt::format("guidance:{}", id), type, actor, now, fields);
}

}  // namespace

Result<json::object> GuidanceService::Create(std::int64_t agency, std::int64_t case_id,
                                             const GuidanceText& text, std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckTexts(text));
  const std::string now = FormatUtc(clock_.Now());
  std::int64_t id = 0;
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto c = tx.Query(
        "SELECT c.number, c.facts, f.stage, p.name FROM cases c JOIN case_facts f"
        " ON f.case_id = c.id JOIN power_items p ON p.id = c.power_item_id"
        " WHERE c.id = $1 AND c.agency_id = $2",
        {case_id, agency});
    if (!c.ok()) return c.status();
    if (c->empty()) return Status::Invalid("本机关没有这个案件").WithField("caseId");
    const auto& row = c->rows.front();
    if (row.Text(2) != "closed" && row.Text(2) != "archived") {
      return Status::Invalid("只有已结案(或归档)的案件才能作为指导案例").WithField("caseId");
    }
    auto ctx = ContextOf(tx, case_id);
    if (!ctx.ok()) return ctx.status();
    json::error_code ec;
    const json::value facts = json::parse(row.Text(1), ec);
    std::string facts_text;
    if (!ec && facts.is_object()) {
      if (const auto* t = facts.get_object().if_contains("text"); t && t->is_string()) {
        facts_text = std::string(t->get_string());
      }
    }
    // The decision as published (the disclosure's redacted text), when there is one.
    auto d = tx.Query(
        "SELECT conclusion, body FROM disclosures WHERE case_id = $1 AND status IN ('published',"
        " 'draft', 'expired') ORDER BY id DESC LIMIT 1",
        {case_id});
    if (!d.ok()) return d.status();
    std::string decision;
    if (!d->empty()) {
      decision =
          d->rows.front().Text(1).empty() ? d->rows.front().Text(0) : d->rows.front().Text(1);
    }
    auto r = tx.Query(
        "INSERT INTO guidance_cases (agency_id, case_id, case_number, category, title,"
        " legal_point, summary, facts, decision, status, created_by, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $11) RETURNING id",
        {agency, case_id, row.Text(0), row.Text(3), text.title, text.legal_point,
         domain::Redact(text.summary, *ctx).text, domain::Redact(facts_text, *ctx).text,
         domain::Redact(decision, *ctx).text, actor_id, now});
    if (!r.ok()) {
      if (r.status().code() == Code::kConflict) {
        return Status::Conflict("该案件已是指导案例(草稿或已发布)");
      }
      return r.status();
    }
    id = r->rows.front().Int(0);
    SX_RETURN_IF_ERROR(Record(tx, agency, id, "guidance.drafted", actor_id, now,
                              {{"case_id", std::to_string(case_id)}, {"title", text.title}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Get(id, false);
}

Result<json::object> GuidanceService::Update(std::int64_t id, const GuidanceText& text,
                                             std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckTexts(text));
  SX_RETURN_IF_ERROR(domain::CheckText(text.facts, "基本案情", "facts", 20000, true));
  if (!text.decision.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(text.decision, "处理结果", "decision", 20000, true));
  }
  const std::string now = FormatUtc(clock_.Now());
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto g = tx.Query("SELECT agency_id, case_id, status FROM guidance_cases WHERE id = $1", {id});
    if (!g.ok()) return g.status();
    if (g->empty()) return Status::NotFound(fmt::format("指导案例 {} 不存在", id));
    if (g->rows.front().Text(2) != "draft") return Status::Conflict("只有草稿可以修改");
    auto ctx = ContextOf(tx, g->rows.front().Int(1));
    if (!ctx.ok()) return ctx.status();
    auto u = tx.Query(
        "UPDATE guidance_cases SET title = $2, legal_point = $3, summary = $4, facts = $5,"
        " decision = $6, updated_at = $7 WHERE id = $1",
        {id, text.title, text.legal_point, domain::Redact(text.summary, *ctx).text,
         domain::Redact(text.facts, *ctx).text, domain::Redact(text.decision, *ctx).text, now});
    if (!u.ok()) return u.status();
    SX_RETURN_IF_ERROR(Record(tx, g->rows.front().Int(0), id, "guidance.updated", actor_id, now,
                              {{"title", text.title}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Get(id, false);
}

Result<json::object> GuidanceService::Publish(std::int64_t id, std::int64_t actor_id) {
  const std::string now = FormatUtc(clock_.Now());
  const std::string today = domain::FormatDate(domain::ShanghaiDate(clock_.Now()));
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto g = tx.Query(
        "SELECT agency_id, status, title, legal_point, summary, facts, decision FROM"
        " guidance_cases WHERE id = $1",
        {id});
    if (!g.ok()) return g.status();
    if (g->empty()) return Status::NotFound(fmt::format("指导案例 {} 不存在", id));
    const auto& r = g->rows.front();
    if (r.Text(1) != "draft") return Status::Conflict("只有草稿可以发布");
    auto u = tx.Query(
        "UPDATE guidance_cases SET status = 'published', published_on = $2, updated_at = $3"
        " WHERE id = $1",
        {id, today, now});
    if (!u.ok()) return u.status();
    domain::LedgerEvent e;
    e.type = "guidance.published";
    e.agency_id = r.Int(0);
    e.object = fmt::format("guidance:{}", id);
    e.actor_id = actor_id;
    e.at = now;
    e.digests.emplace_back("content", ContentDigest(json::serialize(json::array{
                                          r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)})));
    SX_RETURN_IF_ERROR(AppendToLedger(tx, e));
    return true;
  });
  if (!done.ok()) return done.status();
  return Get(id, false);
}

Result<json::object> GuidanceService::Withdraw(std::int64_t id, std::string_view reason,
                                               std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::CheckText(reason, "撤回理由", "reason", 500, true));
  const std::string now = FormatUtc(clock_.Now());
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto u = tx.Query(
        "UPDATE guidance_cases SET status = 'withdrawn', withdraw_reason = $2, updated_at = $3"
        " WHERE id = $1 AND status = 'published' RETURNING agency_id",
        {id, std::string(reason), now});
    if (!u.ok()) return u.status();
    if (u->empty()) return Status::Conflict("只有已发布的指导案例可以撤回");
    SX_RETURN_IF_ERROR(Record(tx, u->rows.front().Int(0), id, "guidance.withdrawn", actor_id, now,
                              {{"reason", std::string(reason)}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Get(id, false);
}

Result<std::int64_t> GuidanceService::AgencyOf(std::int64_t id) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query("SELECT agency_id FROM guidance_cases WHERE id = $1", {id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("指导案例 {} 不存在", id));
    return r->rows.front().Int(0);
  });
}

Result<json::object> GuidanceService::Get(std::int64_t id, bool published_only) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto r = tx.Query(fmt::format("SELECT {} FROM guidance_cases g JOIN agencies a ON"
                                  " a.id = g.agency_id WHERE g.id = $1",
                                  kColumns),
                      {id});
    if (!r.ok()) return r.status();
    if (r->empty() || (published_only && r->rows.front().Text(12) != "published")) {
      return Status::NotFound("指导案例不存在或尚未发布");
    }
    return Item(r->rows.front(), true);
  });
}

Result<json::object> GuidanceService::List(std::string_view q, std::string_view status,
                                           std::int64_t agency, bool published_only) {
  if (CodePointCount(q).value_or(1000) > 100) {
    return Status::Invalid("检索词不超过 100 个字").WithField("q");
  }
  if (!status.empty() && status != "draft" && status != "published" && status != "withdrawn") {
    return Status::Invalid("status 应为 draft、published 或 withdrawn").WithField("status");
  }
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    std::string sql = fmt::format(
        "SELECT {} FROM guidance_cases g JOIN agencies a ON a.id = g.agency_id WHERE 1 = 1",
        kColumns);
    std::vector<Param> params;
    if (published_only) {
      sql += " AND g.status = 'published'";
    } else if (!status.empty()) {
      params.emplace_back(std::string(status));
      sql += fmt::format(" AND g.status = ${}", params.size());
    }
    if (agency > 0) {
      params.emplace_back(agency);
      sql += fmt::format(" AND g.agency_id = ${}", params.size());
    }
    if (!q.empty()) {
      // Literal: the wildcards of LIKE escaped.
      std::string pattern = "%";
      for (char ch : q) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
        pattern.push_back(ch);
      }
      pattern.push_back('%');
      params.emplace_back(pattern);
      const std::size_t n = params.size();
      sql += fmt::format(
          " AND (g.title LIKE ${0} ESCAPE '\\' OR g.legal_point LIKE ${0} ESCAPE '\\' OR"
          " g.summary LIKE ${0} ESCAPE '\\' OR g.facts LIKE ${0} ESCAPE '\\' OR g.decision LIKE"
          " ${0} ESCAPE '\\' OR g.case_number LIKE ${0} ESCAPE '\\')",
          n);
    }
    sql += " ORDER BY COALESCE(g.published_on, g.updated_at) DESC, g.id DESC LIMIT 200";
    auto r = tx.Query(sql, params);
    if (!r.ok()) return r.status();
    json::array items;
    for (const auto& row : r->rows) items.push_back(Item(row, false));
    return json::object{{"items", std::move(items)}};
  });
}

}  // namespace sx::services
