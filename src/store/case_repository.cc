#include "store/case_repository.h"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sx::store {

namespace {

Param Opt(const std::optional<std::int64_t>& v) {
  if (v) return *v;
  return nullptr;
}
Param Opt(const std::optional<std::string>& v) {
  if (v) return *v;
  return nullptr;
}
std::optional<std::int64_t> OptInt(const Row& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i);
}

// The facts the statistics count (case_facts, docs/supervision.md), from the case's flow JSON:
// kept in the transaction that changes the case.
Status SyncFacts(Tx& tx, std::int64_t case_id, const CaseRow& c) {
  boost::json::error_code ec;
  const boost::json::value flow = boost::json::parse(c.flow, ec);
  const boost::json::object empty;
  const boost::json::object& f = !ec && flow.is_object() ? flow.get_object() : empty;
  auto text = [&](std::string_view key) -> Param {
    const auto* v = f.if_contains(key);
    if (v != nullptr && v->is_string()) return std::string(v->get_string());
    return nullptr;
  };
  auto flag = [&](std::string_view key) -> std::int64_t {
    const auto* v = f.if_contains(key);
    return v != nullptr && v->is_bool() && v->get_bool() ? 1 : 0;
  };
  Param fine = nullptr;
  if (const auto* v = f.if_contains("decidedFine"); v != nullptr && v->is_int64()) {
    fine = v->get_int64();
  }
  auto rows = tx.Query(
      "INSERT INTO case_facts (case_id, agency_id, department_id, power_item_id, category,"
      " procedure, stage, filed_on, decided_on, outcome, fine, hearing_held, discussed, closed_on)"
      " SELECT $1, $2, $3, $4, p.category, $5, $6, $7, $8, $9, $10, $11, $12, $13"
      " FROM power_items p WHERE p.id = $4"
      " ON CONFLICT (case_id) DO UPDATE SET department_id = excluded.department_id,"
      " stage = excluded.stage, filed_on = excluded.filed_on, decided_on = excluded.decided_on,"
      " outcome = excluded.outcome, fine = excluded.fine, hearing_held = excluded.hearing_held,"
      " discussed = excluded.discussed, closed_on = excluded.closed_on",
      {case_id, c.agency_id, Opt(c.department_id), c.power_item_id, c.procedure, c.stage,
       Opt(c.filed_on), text("decidedOn"), text("outcome"), std::move(fine), flag("hearingHeld"),
       flag("discussed"), text("closedOn")});
  return rows.ok() ? Status::Ok() : rows.status();
}

constexpr std::string_view kPowerColumns =
    "id, agency_id, code, category, name, basis, duties, time_limit, enforcement_category,"
    " fine_min, fine_max, tiers, tier_rule, active, created_at, updated_at";

PowerItemRow PowerOf(const Row& r) {
  PowerItemRow p;
  p.id = r.Int(0);
  p.agency_id = r.Int(1);
  p.code = r.Text(2);
  p.category = r.Text(3);
  p.name = r.Text(4);
  p.basis = r.Text(5);
  p.duties = r.Text(6);
  p.time_limit = r.Text(7);
  p.enforcement_category = r.Text(8);
  p.fine_min = OptInt(r, 9);
  p.fine_max = OptInt(r, 10);
  p.tiers = r.Text(11);
  p.tier_rule = r.Text(12);
  p.active = r.Int(13) != 0;
  p.created_at = r.Text(14);
  p.updated_at = r.Text(15);
  return p;
}

constexpr std::string_view kCaseColumns =
    "id, agency_id, department_id, number, power_item_id, procedure, stage, cause, source, area,"
    " party_kind, party_name, party_id_number, party, facts, flow, filed_on, version, created_by,"
    " created_at, updated_at";

CaseRow CaseOf(const Row& r) {
  CaseRow c;
  c.id = r.Int(0);
  c.agency_id = r.Int(1);
  c.department_id = OptInt(r, 2);
  c.number = r.Text(3);
  c.power_item_id = r.Int(4);
  c.procedure = r.Text(5);
  c.stage = r.Text(6);
  c.cause = r.Text(7);
  c.source = r.Text(8);
  c.area = r.Text(9);
  c.party_kind = r.Text(10);
  c.party_name = r.Text(11);
  c.party_id_number = r.Text(12);
  c.party = r.Text(13);
  c.facts = r.Text(14);
  c.flow = r.Text(15);
  c.filed_on = r.OptText(16);
  c.version = r.Int(17);
  c.created_by = r.Int(18);
  c.created_at = r.Text(19);
  c.updated_at = r.Text(20);
  return c;
}

constexpr std::string_view kDocColumns =
    "id, case_id, agency_id, type, version, status, inputs, number, year, serial, pdf_digest,"
    " pdf_size, issued_on, issued_at, issued_by, created_by, created_at, updated_at";

DocumentRow DocOf(const Row& r) {
  DocumentRow d;
  d.id = r.Int(0);
  d.case_id = r.Int(1);
  d.agency_id = r.Int(2);
  d.type = r.Text(3);
  d.version = static_cast<int>(r.Int(4));
  d.status = r.Text(5);
  d.inputs = r.Text(6);
  d.number = r.OptText(7);
  if (!r.IsNull(8)) d.year = static_cast<int>(r.Int(8));
  d.serial = OptInt(r, 9);
  d.pdf_digest = r.OptText(10);
  d.pdf_size = OptInt(r, 11);
  d.issued_on = r.OptText(12);
  d.issued_at = r.OptText(13);
  d.issued_by = OptInt(r, 14);
  d.created_by = r.Int(15);
  d.created_at = r.Text(16);
  d.updated_at = r.Text(17);
  return d;
}

constexpr std::string_view kRecusalColumns =
    "id, case_id, officer_id, requested_by, reason, decided, approved, decision_reason,"
    " decided_by, decided_at, created_by, created_at";

RecusalRow RecusalOf(const Row& r) {
  RecusalRow x;
  x.id = r.Int(0);
  x.case_id = r.Int(1);
  x.officer_id = r.Int(2);
  x.requested_by = r.Text(3);
  x.reason = r.Text(4);
  x.decided = r.Int(5) != 0;
  x.approved = r.Int(6) != 0;
  x.decision_reason = r.Text(7);
  x.decided_by = OptInt(r, 8);
  x.decided_at = r.OptText(9);
  x.created_by = r.Int(10);
  x.created_at = r.Text(11);
  return x;
}

}  // namespace

Result<std::vector<CaseDeadlineRef>> CaseRepository::DeadlinesOf(Tx& tx, std::string_view object) {
  auto rows =
      tx.Query("SELECT id, rule_code, done_on IS NULL FROM deadlines WHERE object = $1 ORDER BY id",
               {std::string(object)});
  if (!rows.ok()) return rows.status();
  std::vector<CaseDeadlineRef> out;
  for (const auto& r : rows->rows) {
    const std::string& open = r.Text(2);
    out.push_back({r.Int(0), r.Text(1), open == "1" || open == "t" || open == "true"});
  }
  return out;
}

Result<PowerItemRow> CaseRepository::InsertPowerItem(Tx& tx, const PowerItemRow& p) {
  auto rows = tx.Query(
      "INSERT INTO power_items (agency_id, code, category, name, basis, duties, time_limit,"
      " enforcement_category, fine_min, fine_max, tiers, tier_rule, active, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
      {p.agency_id, p.code, p.category, p.name, p.basis, p.duties, p.time_limit,
       p.enforcement_category, Opt(p.fine_min), Opt(p.fine_max), p.tiers, p.tier_rule,
       std::int64_t{p.active ? 1 : 0}, p.created_at});
  if (!rows.ok()) {
    if (rows.status().code() == Code::kConflict) {
      return Status::Conflict(fmt::format("事项编码 {} 已存在", p.code)).WithField("code");
    }
    return rows.status();
  }
  return GetPowerItem(tx, rows->rows.at(0).Int(0));
}

Status CaseRepository::UpdatePowerItem(Tx& tx, const PowerItemRow& p) {
  auto rows = tx.Query(
      "UPDATE power_items SET code = $2, category = $3, name = $4, basis = $5, duties = $6,"
      " time_limit = $7, enforcement_category = $8, fine_min = $9, fine_max = $10, tiers = $11,"
      " tier_rule = $12, active = $13, updated_at = $14 WHERE id = $1",
      {p.id, p.code, p.category, p.name, p.basis, p.duties, p.time_limit, p.enforcement_category,
       Opt(p.fine_min), Opt(p.fine_max), p.tiers, p.tier_rule, std::int64_t{p.active ? 1 : 0},
       p.updated_at});
  if (!rows.ok()) {
    if (rows.status().code() == Code::kConflict) {
      return Status::Conflict(fmt::format("事项编码 {} 已存在", p.code)).WithField("code");
    }
    return rows.status();
  }
  if (rows->affected == 0) return Status::NotFound(fmt::format("权责事项 {} 不存在", p.id));
  return Status::Ok();
}

Result<PowerItemRow> CaseRepository::GetPowerItem(Tx& tx, std::int64_t id) {
  auto rows =
      tx.Query(fmt::format("SELECT {} FROM power_items WHERE id = $1", kPowerColumns), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound(fmt::format("权责事项 {} 不存在", id));
  return PowerOf(rows->rows[0]);
}

Result<std::vector<PowerItemRow>> CaseRepository::ListPowerItems(
    Tx& tx, std::optional<std::int64_t> agency_id) {
  auto rows = agency_id
                  ? tx.Query(fmt::format("SELECT {} FROM power_items WHERE agency_id = $1"
                                         " ORDER BY code, id",
                                         kPowerColumns),
                             {*agency_id})
                  : tx.Query(fmt::format("SELECT {} FROM power_items ORDER BY agency_id, code",
                                         kPowerColumns));
  if (!rows.ok()) return rows.status();
  std::vector<PowerItemRow> out;
  for (const auto& r : rows->rows) out.push_back(PowerOf(r));
  return out;
}

Result<std::int64_t> CaseRepository::NextNumber(Tx& tx, std::int64_t agency_id,
                                                std::string_view kind, int year) {
  auto seed = tx.Query(
      "INSERT INTO number_sequences (agency_id, kind, year, last) VALUES ($1, $2, $3, 0)"
      " ON CONFLICT (agency_id, kind, year) DO NOTHING",
      {agency_id, std::string(kind), std::int64_t{year}});
  if (!seed.ok()) return seed.status();
  auto rows = tx.Query(
      "UPDATE number_sequences SET last = last + 1 WHERE agency_id = $1 AND kind = $2 AND year = $3"
      " RETURNING last",
      {agency_id, std::string(kind), std::int64_t{year}});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Internal("文号序列不存在");
  return rows->rows[0].Int(0);
}

Result<CaseRow> CaseRepository::InsertCase(Tx& tx, const CaseRow& c) {
  auto rows = tx.Query(
      "INSERT INTO cases (agency_id, department_id, number, power_item_id, procedure, stage, cause,"
      " source, area, party_kind, party_name, party_id_number, party, facts, flow, filed_on,"
      " version, created_by, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $18,"
      " $18) RETURNING id",
      {c.agency_id, Opt(c.department_id), c.number, c.power_item_id, c.procedure, c.stage, c.cause,
       c.source, c.area, c.party_kind, c.party_name, c.party_id_number, c.party, c.facts, c.flow,
       Opt(c.filed_on), c.created_by, c.created_at});
  if (!rows.ok()) return rows.status();
  const std::int64_t id = rows->rows.at(0).Int(0);
  SX_RETURN_IF_ERROR(SyncFacts(tx, id, c));
  return GetCase(tx, id);
}

Status CaseRepository::UpdateCase(Tx& tx, const CaseRow& c) {
  auto rows = tx.Query(
      "UPDATE cases SET stage = $3, cause = $4, source = $5, area = $6, party_kind = $7,"
      " party_name = $8, party_id_number = $9, party = $10, facts = $11, flow = $12,"
      " filed_on = $13, updated_at = $14, version = version + 1"
      " WHERE id = $1 AND version = $2",
      {c.id, c.version, c.stage, c.cause, c.source, c.area, c.party_kind, c.party_name,
       c.party_id_number, c.party, c.facts, c.flow, Opt(c.filed_on), c.updated_at});
  if (!rows.ok()) return rows.status();
  if (rows->affected == 0) {
    auto now = tx.Query("SELECT version FROM cases WHERE id = $1", {c.id});
    if (!now.ok()) return now.status();
    if (now->empty()) return Status::NotFound(fmt::format("案件 {} 不存在", c.id));
    return Status::Conflict(
        fmt::format("案件已被他人修改(您看到的是第 {} 版,当前为第 {} 版),请刷新后重试", c.version,
                    now->rows[0].Int(0)));
  }
  return SyncFacts(tx, c.id, c);
}

Result<CaseRow> CaseRepository::GetCase(Tx& tx, std::int64_t id) {
  auto rows = tx.Query(fmt::format("SELECT {} FROM cases WHERE id = $1", kCaseColumns), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound(fmt::format("案件 {} 不存在", id));
  return CaseOf(rows->rows[0]);
}

Result<std::vector<CaseRow>> CaseRepository::ListCases(Tx& tx, const CaseFilter& f) {
  std::string where = "1 = 1";
  std::vector<Param> params;
  auto add = [&](std::string_view clause, Param p) {
    params.push_back(std::move(p));
    where += fmt::format(" AND {}", fmt::format(fmt::runtime(clause), params.size()));
  };
  if (f.agency_id) add("agency_id = ${}", *f.agency_id);
  if (f.stage) add("stage = ${}", *f.stage);
  if (f.party_id_number) add("party_id_number = ${}", *f.party_id_number);
  if (f.text) {
    std::string like = "%";
    for (char ch : *f.text) {
      if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
      like += ch;
    }
    like += "%";
    params.push_back(like);
    const std::size_t n = params.size();
    where += fmt::format(
        " AND (number LIKE ${0} ESCAPE '\\' OR cause LIKE ${0} ESCAPE '\\' OR party_name LIKE ${0}"
        " ESCAPE '\\' OR party_id_number LIKE ${0} ESCAPE '\\')",
        n);
  }
  auto rows = tx.Query(fmt::format("SELECT {} FROM cases WHERE {} ORDER BY id DESC LIMIT {}",
                                   kCaseColumns, where, f.limit),
                       params);
  if (!rows.ok()) return rows.status();
  std::vector<CaseRow> out;
  for (const auto& r : rows->rows) out.push_back(CaseOf(r));
  return out;
}

Result<std::vector<CaseOfficerRow>> CaseRepository::Officers(Tx& tx, std::int64_t case_id) {
  auto rows = tx.Query(
      "SELECT officer_id, position, recused FROM case_officers WHERE case_id = $1"
      " ORDER BY position",
      {case_id});
  if (!rows.ok()) return rows.status();
  std::vector<CaseOfficerRow> out;
  for (const auto& r : rows->rows) {
    out.push_back({r.Int(0), static_cast<int>(r.Int(1)), r.Int(2) != 0});
  }
  return out;
}

Status CaseRepository::SetOfficers(Tx& tx, std::int64_t case_id,
                                   const std::vector<CaseOfficerRow>& officers) {
  auto del = tx.Query("DELETE FROM case_officers WHERE case_id = $1", {case_id});
  if (!del.ok()) return del.status();
  for (const auto& o : officers) {
    auto ins = tx.Query(
        "INSERT INTO case_officers (case_id, officer_id, position, recused) VALUES ($1, $2, $3, "
        "$4)",
        {case_id, o.officer_id, std::int64_t{o.position}, std::int64_t{o.recused ? 1 : 0}});
    if (!ins.ok()) return ins.status();
  }
  return Status::Ok();
}

Result<RecusalRow> CaseRepository::InsertRecusal(Tx& tx, const RecusalRow& r) {
  auto rows = tx.Query(
      "INSERT INTO case_recusals (case_id, officer_id, requested_by, reason, created_by,"
      " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {r.case_id, r.officer_id, r.requested_by, r.reason, r.created_by, r.created_at});
  if (!rows.ok()) return rows.status();
  return GetRecusal(tx, rows->rows.at(0).Int(0));
}

Status CaseRepository::DecideRecusal(Tx& tx, const RecusalRow& r) {
  auto rows = tx.Query(
      "UPDATE case_recusals SET decided = 1, approved = $2, decision_reason = $3, decided_by = $4,"
      " decided_at = $5 WHERE id = $1 AND decided = 0",
      {r.id, std::int64_t{r.approved ? 1 : 0}, r.decision_reason, Opt(r.decided_by),
       Opt(r.decided_at)});
  if (!rows.ok()) return rows.status();
  if (rows->affected == 0) return Status::Conflict("该回避申请已经决定");
  return Status::Ok();
}

Result<RecusalRow> CaseRepository::GetRecusal(Tx& tx, std::int64_t id) {
  auto rows =
      tx.Query(fmt::format("SELECT {} FROM case_recusals WHERE id = $1", kRecusalColumns), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound(fmt::format("回避申请 {} 不存在", id));
  return RecusalOf(rows->rows[0]);
}

Result<std::vector<RecusalRow>> CaseRepository::Recusals(Tx& tx, std::int64_t case_id) {
  auto rows = tx.Query(
      fmt::format("SELECT {} FROM case_recusals WHERE case_id = $1 ORDER BY id", kRecusalColumns),
      {case_id});
  if (!rows.ok()) return rows.status();
  std::vector<RecusalRow> out;
  for (const auto& r : rows->rows) out.push_back(RecusalOf(r));
  return out;
}

Result<CaseEventRow> CaseRepository::AppendEvent(Tx& tx, const CaseEventRow& e) {
  // `seq` is the case's MAX + 1. Under PostgreSQL's READ COMMITTED two transactions appending to
  // one case at once (an issue and a step, or issues of two kinds) would read the same MAX and
  // the second would fail on UNIQUE (case_id, seq); the case's row lock makes them take turns.
  // NO KEY: drafts and events inserted meanwhile (foreign keys to the case) need not wait.
  // SQLite runs one writer at a time.
  if (tx.dialect() == Dialect::kPostgres) {
    auto lock = tx.Query("SELECT id FROM cases WHERE id = $1 FOR NO KEY UPDATE", {e.case_id});
    if (!lock.ok()) return lock.status();
  }
  auto rows = tx.Query(
      "INSERT INTO case_events (case_id, seq, action, from_stage, to_stage, actor_id, at, reason,"
      " data, document_id) SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9"
      " FROM case_events WHERE case_id = $1 RETURNING id, seq",
      {e.case_id, e.action, e.from_stage, e.to_stage, e.actor_id, e.at, e.reason, e.data,
       Opt(e.document_id)});
  if (!rows.ok()) return rows.status();
  CaseEventRow out = e;
  out.id = rows->rows.at(0).Int(0);
  out.seq = static_cast<int>(rows->rows.at(0).Int(1));
  return out;
}

Result<std::vector<CaseEventRow>> CaseRepository::Events(Tx& tx, std::int64_t case_id) {
  auto rows = tx.Query(
      "SELECT id, case_id, seq, action, from_stage, to_stage, actor_id, at, reason, data,"
      " document_id FROM case_events WHERE case_id = $1 ORDER BY seq",
      {case_id});
  if (!rows.ok()) return rows.status();
  std::vector<CaseEventRow> out;
  for (const auto& r : rows->rows) {
    CaseEventRow e;
    e.id = r.Int(0);
    e.case_id = r.Int(1);
    e.seq = static_cast<int>(r.Int(2));
    e.action = r.Text(3);
    e.from_stage = r.Text(4);
    e.to_stage = r.Text(5);
    e.actor_id = r.Int(6);
    e.at = r.Text(7);
    e.reason = r.Text(8);
    e.data = r.Text(9);
    e.document_id = OptInt(r, 10);
    out.push_back(std::move(e));
  }
  return out;
}

Result<DocumentRow> CaseRepository::InsertDocument(Tx& tx, const DocumentRow& d) {
  auto rows = tx.Query(
      "INSERT INTO documents (case_id, agency_id, type, version, status, inputs, created_by,"
      " created_at, updated_at) VALUES ($1, $2, $3, 1, 'draft', $4, $5, $6, $6) RETURNING id",
      {d.case_id, d.agency_id, d.type, d.inputs, d.created_by, d.created_at});
  if (!rows.ok()) return rows.status();
  const std::int64_t id = rows->rows.at(0).Int(0);
  auto v = tx.Query(
      "INSERT INTO document_versions (document_id, version, inputs, created_by, created_at)"
      " VALUES ($1, 1, $2, $3, $4)",
      {id, d.inputs, d.created_by, d.created_at});
  if (!v.ok()) return v.status();
  return GetDocument(tx, id);
}

Status CaseRepository::UpdateDocumentInputs(Tx& tx, std::int64_t id, int expected_version,
                                            std::string_view inputs, std::int64_t actor_id,
                                            std::string_view now) {
  auto rows = tx.Query(
      "UPDATE documents SET inputs = $3, version = version + 1, updated_at = $4"
      " WHERE id = $1 AND version = $2 AND status = 'draft'",
      {id, std::int64_t{expected_version}, std::string(inputs), std::string(now)});
  if (!rows.ok()) return rows.status();
  if (rows->affected == 0) {
    return Status::Conflict(
        fmt::format("文书已被他人修改或已签发(您编辑的是第 {} 版),请刷新后重试", expected_version));
  }
  auto v = tx.Query(
      "INSERT INTO document_versions (document_id, version, inputs, created_by, created_at)"
      " VALUES ($1, $2, $3, $4, $5)",
      {id, std::int64_t{expected_version + 1}, std::string(inputs), actor_id, std::string(now)});
  if (!v.ok()) return v.status();
  return Status::Ok();
}

Status CaseRepository::MarkIssued(Tx& tx, const DocumentRow& d) {
  auto rows = tx.Query(
      "UPDATE documents SET status = 'issued', number = $2, year = $3, serial = $4,"
      " pdf_digest = $5, pdf_size = $6, issued_on = $7, issued_at = $8, issued_by = $9,"
      " updated_at = $8 WHERE id = $1 AND status = 'draft' AND version = $10",
      {d.id, Opt(d.number), d.year ? Param(std::int64_t{*d.year}) : Param(nullptr), Opt(d.serial),
       Opt(d.pdf_digest), Opt(d.pdf_size), Opt(d.issued_on), Opt(d.issued_at), Opt(d.issued_by),
       std::int64_t{d.version}});
  if (!rows.ok()) return rows.status();
  if (rows->affected == 0) return Status::Conflict("文书已签发或已被修改,请刷新后重试");
  return Status::Ok();
}

Result<DocumentRow> CaseRepository::GetDocument(Tx& tx, std::int64_t id) {
  auto rows = tx.Query(fmt::format("SELECT {} FROM documents WHERE id = $1", kDocColumns), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound(fmt::format("文书 {} 不存在", id));
  return DocOf(rows->rows[0]);
}

Result<DocumentRow> CaseRepository::GetDocumentByNumber(Tx& tx, std::string_view number) {
  auto rows = tx.Query(fmt::format("SELECT {} FROM documents WHERE number = $1", kDocColumns),
                       {std::string(number)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound(fmt::format("没有文号为 {} 的文书", number));
  return DocOf(rows->rows[0]);
}

Result<std::vector<DocumentRow>> CaseRepository::Documents(Tx& tx, std::int64_t case_id) {
  auto rows =
      tx.Query(fmt::format("SELECT {} FROM documents WHERE case_id = $1 ORDER BY id", kDocColumns),
               {case_id});
  if (!rows.ok()) return rows.status();
  std::vector<DocumentRow> out;
  for (const auto& r : rows->rows) out.push_back(DocOf(r));
  return out;
}

Status CaseRepository::AddSignoff(Tx& tx, std::int64_t document_id, int version,
                                  const SignoffRow& s) {
  auto rows = tx.Query(
      "INSERT INTO document_signoffs (document_id, version, role, user_id, at)"
      " VALUES ($1, $2, $3, $4, $5)",
      {document_id, std::int64_t{version}, s.role, s.user_id, s.at});
  if (!rows.ok()) {
    if (rows.status().code() == Code::kConflict) {
      return Status::Conflict("该角色已签署此版本文书");
    }
    return rows.status();
  }
  return Status::Ok();
}

Result<std::vector<SignoffRow>> CaseRepository::Signoffs(Tx& tx, std::int64_t document_id,
                                                         int version) {
  auto rows = tx.Query(
      "SELECT role, user_id, at FROM document_signoffs WHERE document_id = $1 AND version = $2"
      " ORDER BY at, role",
      {document_id, std::int64_t{version}});
  if (!rows.ok()) return rows.status();
  std::vector<SignoffRow> out;
  for (const auto& r : rows->rows) out.push_back({r.Text(0), r.Int(1), r.Text(2)});
  return out;
}

}  // namespace sx::store
