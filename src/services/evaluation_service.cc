#include "services/evaluation_service.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "domain/access.h"
#include "domain/assessment.h"
#include "domain/draw.h"
#include "domain/ledger_event.h"
#include "domain/text.h"
#include "services/draw_bundle.h"
#include "services/ledger_service.h"

namespace sx::services {

namespace json = boost::json;

namespace {

using store::Param;

Status Bad(std::string field, std::string message) {
  return Status::Invalid(std::move(message)).WithField(std::move(field));
}

Result<std::string> StringAt(const json::object& o, std::string_view key, const std::string& at) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string())
    return Bad(at + std::string(key), fmt::format("{}{} 须为文字", at, key));
  return std::string(v->get_string());
}

Result<int> IntAt(const json::object& o, std::string_view key, const std::string& at) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64() || v->get_int64() < 0 || v->get_int64() > 100000) {
    return Bad(at + std::string(key), fmt::format("{}{} 须为非负整数", at, key));
  }
  return static_cast<int>(v->get_int64());
}

Result<domain::ScoringTemplate> LoadTemplate(store::Tx& tx, std::int64_t agency, bool* is_default) {
  auto r = tx.Query("SELECT body FROM evaluation_templates WHERE agency_id = $1", {agency});
  if (!r.ok()) return r.status();
  if (r->empty()) {
    if (is_default) *is_default = true;
    return domain::DefaultTemplate();
  }
  if (is_default) *is_default = false;
  json::error_code ec;
  const json::value v = json::parse(r->rows.front().Text(0), ec);
  if (ec) return Status::Internal("评查模板数据损坏");
  return ParseTemplate(v);
}

json::object RectificationJson(const store::Row& r, std::size_t at) {
  return json::object{
      {"id", r.Int(at)},
      {"request", r.Text(at + 1)},
      {"dueOn", r.Text(at + 2)},
      {"status", r.Text(at + 3)},
      {"response", r.IsNull(at + 4) ? json::value(nullptr) : json::value(r.Text(at + 4))},
      {"respondedOn", r.IsNull(at + 5) ? json::value(nullptr) : json::value(r.Text(at + 5))},
      {"reviewNote", r.Text(at + 6)}};
}

}  // namespace

Result<domain::ScoringTemplate> ParseTemplate(const json::value& v) {
  if (!v.is_object()) return Bad("template", "评查模板须为对象");
  const auto& o = v.get_object();
  domain::ScoringTemplate t;
  auto name = StringAt(o, "name", "");
  if (!name.ok()) return name.status();
  t.name = *name;
  for (auto [key, out] : {std::pair{"total", &t.total}, std::pair{"excellent", &t.excellent},
                          std::pair{"pass", &t.pass}}) {
    auto n = IntAt(o, key, "");
    if (!n.ok()) return n.status();
    *out = *n;
  }
  const auto* items = o.if_contains("items");
  if (items == nullptr || !items->is_array() || items->get_array().empty() ||
      items->get_array().size() > domain::kMaxScoreItems) {
    return Bad("items", fmt::format("items 须为 1 至 {} 个评查项目", domain::kMaxScoreItems));
  }
  for (std::size_t i = 0; i < items->get_array().size(); ++i) {
    const auto& iv = items->get_array()[i];
    const std::string at = fmt::format("items.{}.", i);
    if (!iv.is_object()) return Bad(at.substr(0, at.size() - 1), "评查项目须为对象");
    const auto& io = iv.get_object();
    domain::ScoreItem item;
    auto code = StringAt(io, "code", at);
    if (!code.ok()) return code.status();
    auto iname = StringAt(io, "name", at);
    if (!iname.ok()) return iname.status();
    auto points = IntAt(io, "points", at);
    if (!points.ok()) return points.status();
    item.code = *code;
    item.name = *iname;
    item.points = *points;
    const auto* ds = io.if_contains("deductions");
    if (ds == nullptr || !ds->is_array() ||
        ds->get_array().size() > domain::kMaxDeductionsPerItem) {
      return Bad(at + "deductions",
                 fmt::format("扣分情形须为不超过 {} 项的数组", domain::kMaxDeductionsPerItem));
    }
    for (std::size_t k = 0; k < ds->get_array().size(); ++k) {
      const auto& dv = ds->get_array()[k];
      const std::string dat = fmt::format("{}deductions.{}.", at, k);
      if (!dv.is_object()) return Bad(dat.substr(0, dat.size() - 1), "扣分情形须为对象");
      const auto& d = dv.get_object();
      domain::ScoreDeduction ded;
      auto dcode = StringAt(d, "code", dat);
      if (!dcode.ok()) return dcode.status();
      auto text = StringAt(d, "text", dat);
      if (!text.ok()) return text.status();
      auto dpoints = IntAt(d, "points", dat);
      if (!dpoints.ok()) return dpoints.status();
      ded.code = *dcode;
      ded.text = *text;
      ded.points = *dpoints;
      if (const auto* veto = d.if_contains("veto"); veto != nullptr && veto->is_bool()) {
        ded.veto = veto->get_bool();
      }
      item.deductions.push_back(std::move(ded));
    }
    t.items.push_back(std::move(item));
  }
  SX_RETURN_IF_ERROR(domain::ValidateTemplate(t));
  return t;
}

json::object TemplateJson(const domain::ScoringTemplate& t) {
  json::array items;
  for (const auto& i : t.items) {
    json::array ds;
    for (const auto& d : i.deductions) {
      ds.push_back(
          json::object{{"code", d.code}, {"text", d.text}, {"points", d.points}, {"veto", d.veto}});
    }
    items.push_back(json::object{
        {"code", i.code}, {"name", i.name}, {"points", i.points}, {"deductions", std::move(ds)}});
  }
  return json::object{{"name", t.name},
                      {"total", t.total},
                      {"excellent", t.excellent},
                      {"pass", t.pass},
                      {"items", std::move(items)}};
}

Result<json::object> EvaluationService::Template(std::int64_t agency) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    bool is_default = true;
    auto t = LoadTemplate(tx, agency, &is_default);
    if (!t.ok()) return t.status();
    json::object o = TemplateJson(*t);
    o["isDefault"] = is_default;
    return o;
  });
}

Result<json::object> EvaluationService::SetTemplate(std::int64_t agency, const json::value& body,
                                                    std::int64_t actor_id) {
  auto t = ParseTemplate(body);
  if (!t.ok()) return t.status();
  const std::string now = FormatUtc(clock_.Now());
  const std::string text = json::serialize(TemplateJson(*t));
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto r = tx.Query(
        "INSERT INTO evaluation_templates (agency_id, body, updated_by, updated_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (agency_id) DO UPDATE SET body = excluded.body,"
        " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        {agency, text, actor_id, now});
    if (!r.ok()) return r.status();
    SX_RETURN_IF_ERROR(AppendRecordOf(tx, agency, fmt::format("evaluation_template:{}", agency),
                                      "evaluation.template_set", actor_id, now, {{"body", text}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Template(agency);
}

Result<json::object> EvaluationService::CreateRound(std::int64_t agency, const RoundSpec& spec,
                                                    std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::CheckText(spec.title, "批次名称", "title", 100));
  SX_RETURN_IF_ERROR(domain::CheckText(spec.source, "公开随机源", "source", 200));
  if (spec.closed_to < spec.closed_from) return Bad("closedTo", "结束日期不能早于开始日期");
  if (spec.count < 1 || spec.count > 1000) return Bad("count", "抽取数量应为 1 至 1000");
  const std::string now = FormatUtc(clock_.Now());
  std::int64_t id = 0;
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto t = LoadTemplate(tx, agency, nullptr);
    if (!t.ok()) return t.status();
    auto rows = tx.Query(
        "SELECT c.id, c.number, c.cause FROM case_facts f JOIN cases c ON c.id = f.case_id"
        " WHERE f.agency_id = $1 AND f.stage IN ('closed', 'archived') AND f.closed_on >= $2"
        " AND f.closed_on <= $3 ORDER BY c.id",
        {agency, domain::FormatDate(spec.closed_from), domain::FormatDate(spec.closed_to)});
    if (!rows.ok()) return rows.status();
    std::vector<PoolTarget> pool;
    json::array ids;
    for (const auto& r : rows->rows) {
      pool.push_back(PoolTarget{r.Int(0), r.Text(1), r.Text(2)});
      ids.emplace_back(r.Int(0));
    }
    if (pool.empty()) {
      return Bad("closedFrom", fmt::format("{} 至 {} 没有结案的案卷可供评查",
                                           domain::FormatDate(spec.closed_from),
                                           domain::FormatDate(spec.closed_to)));
    }
    if (static_cast<std::int64_t>(pool.size()) < spec.count) {
      return Bad("count",
                 fmt::format("可供评查的案卷只有 {} 件,少于抽取数量 {}", pool.size(), spec.count));
    }
    const std::string root = PoolRoot(pool);
    auto r = tx.Query(
        "INSERT INTO evaluation_rounds (agency_id, title, closed_from, closed_to, count, source,"
        " template, pool, pool_size, pool_root, status, created_by, created_at) VALUES ($1, $2,"
        " $3, $4, $5, $6, $7, $8, $9, $10, 'published', $11, $12) RETURNING id",
        {agency, spec.title, domain::FormatDate(spec.closed_from),
         domain::FormatDate(spec.closed_to), spec.count, spec.source,
         json::serialize(TemplateJson(*t)), json::serialize(ids),
         static_cast<std::int64_t>(pool.size()), root, actor_id, now});
    if (!r.ok()) return r.status();
    id = r->rows.front().Int(0);
    domain::LedgerEvent e;
    e.type = "evaluation.round_published";
    e.agency_id = agency;
    e.object = fmt::format("evaluation_round:{}", id);
    e.actor_id = actor_id;
    e.at = now;
    e.digests.emplace_back("pool", "sha256:" + root);
    SX_RETURN_IF_ERROR(AppendRecord(
        tx, std::move(e),
        {{"title", spec.title}, {"count", std::to_string(spec.count)}, {"source", spec.source}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Round(id);
}

Result<json::object> EvaluationService::Draw(std::int64_t round, std::string_view public_value,
                                             std::int64_t actor_id) {
  const std::string now = FormatUtc(clock_.Now());
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto r = tx.Query(
        "SELECT agency_id, status, pool, pool_size, pool_root, count, source FROM"
        " evaluation_rounds WHERE id = $1",
        {round});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("评查批次 {} 不存在", round));
    const auto& row = r->rows.front();
    if (row.Text(1) == "drawn") return Status::Conflict("该批次已抽取,公开随机数不能再录入或更改");
    domain::DrawInput in;
    in.plan = fmt::format("evaluation-{}", round);
    in.pool_root = row.Text(4);
    in.pool_size = row.Int(3);
    in.count = row.Int(5);
    in.source = row.Text(6);
    in.public_value = std::string(public_value);
    SX_RETURN_IF_ERROR(domain::ValidateDrawInput(in));
    const auto seed = domain::DrawSeed(in, Sha256Of);
    domain::DrawStream stream(seed, Sha256Of);
    const auto picks = domain::SelectIndices(stream, in.pool_size, in.count);
    json::error_code ec;
    const json::value pool = json::parse(row.Text(2), ec);
    if (ec || !pool.is_array()) return Status::Internal("评查批次的案卷名录损坏");
    int position = 0;
    for (std::int64_t i : picks) {
      auto f = tx.Query(
          "INSERT INTO evaluation_files (round_id, case_id, position, status) VALUES ($1, $2, $3,"
          " 'pending')",
          {round, pool.get_array().at(static_cast<std::size_t>(i)).to_number<std::int64_t>(),
           std::int64_t{++position}});
      if (!f.ok()) return f.status();
    }
    auto u = tx.Query(
        "UPDATE evaluation_rounds SET status = 'drawn', public_value = $2, seed = $3, drawn_at = $4"
        " WHERE id = $1",
        {round, std::string(public_value), HexOf(seed), now});
    if (!u.ok()) return u.status();
    SX_RETURN_IF_ERROR(AppendRecordOf(
        tx, row.Int(0), fmt::format("evaluation_round:{}", round), "evaluation.round_drawn",
        actor_id, now, {{"public_value", std::string(public_value)}, {"seed", HexOf(seed)}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Round(round);
}

Result<std::int64_t> EvaluationService::AgencyOfRound(std::int64_t round) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query("SELECT agency_id FROM evaluation_rounds WHERE id = $1", {round});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("评查批次 {} 不存在", round));
    return r->rows.front().Int(0);
  });
}

Result<json::object> EvaluationService::Rounds(std::int64_t agency) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto r = tx.Query(
        "SELECT r.id, r.title, r.status, r.closed_from, r.closed_to, r.count, r.pool_size,"
        " r.created_at, (SELECT COUNT(*) FROM evaluation_files f WHERE f.round_id = r.id AND"
        " f.status = 'scored') FROM evaluation_rounds r WHERE r.agency_id = $1 ORDER BY r.id DESC",
        {agency});
    if (!r.ok()) return r.status();
    json::array items;
    for (const auto& row : r->rows) {
      items.push_back(json::object{{"id", row.Int(0)},
                                   {"title", row.Text(1)},
                                   {"status", row.Text(2)},
                                   {"closedFrom", row.Text(3)},
                                   {"closedTo", row.Text(4)},
                                   {"count", row.Int(5)},
                                   {"poolSize", row.Int(6)},
                                   {"createdAt", row.Text(7)},
                                   {"scored", row.Int(8)}});
    }
    return json::object{{"items", std::move(items)}};
  });
}

Result<json::object> EvaluationService::Round(std::int64_t round) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto r = tx.Query(
        "SELECT r.id, r.agency_id, a.code, a.name, r.title, r.status, r.closed_from, r.closed_to,"
        " r.count, r.source, r.public_value, r.pool_size, r.pool_root, r.seed, r.template,"
        " r.created_at, r.drawn_at FROM evaluation_rounds r JOIN agencies a ON a.id = r.agency_id"
        " WHERE r.id = $1",
        {round});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("评查批次 {} 不存在", round));
    const auto& row = r->rows.front();
    auto text = [&](std::size_t i) {
      return row.IsNull(i) ? json::value(nullptr) : json::value(row.Text(i));
    };
    json::error_code ec;
    json::value tmpl = json::parse(row.Text(14), ec);
    auto files = tx.Query(
        "SELECT f.case_id, c.number, d.name, f.status, f.score, f.grade, f.vetoed, f.findings,"
        " f.items, u.display_name, f.evaluated_at, x.id, x.request, x.due_on, x.status,"
        " x.response, x.responded_on, x.review_note FROM evaluation_files f"
        " JOIN cases c ON c.id = f.case_id LEFT JOIN departments d ON d.id = c.department_id"
        " LEFT JOIN users u ON u.id = f.evaluated_by"
        " LEFT JOIN rectifications x ON x.round_id = f.round_id AND x.case_id = f.case_id"
        " WHERE f.round_id = $1 ORDER BY f.position",
        {round});
    if (!files.ok()) return files.status();
    json::array out;
    for (const auto& f : files->rows) {
      const auto grade = f.Text(5);
      json::value findings = json::parse(f.Text(7), ec);
      json::value items = json::parse(f.Text(8), ec);
      out.push_back(json::object{
          {"caseId", f.Int(0)},
          {"caseNumber", f.Text(1)},
          {"department", f.IsNull(2) ? json::value(nullptr) : json::value(f.Text(2))},
          {"status", f.Text(3)},
          {"score", f.IsNull(4) ? json::value(nullptr) : json::value(f.Int(4))},
          {"grade", f.IsNull(5) ? json::value(nullptr) : json::value(grade)},
          {"gradeName", grade == "excellent" ? "优秀"
                        : grade == "pass"    ? "合格"
                        : grade == "fail"    ? "不合格"
                                             : ""},
          {"vetoed", f.Int(6) != 0},
          {"findings", std::move(findings)},
          {"items", std::move(items)},
          {"evaluatedBy", f.IsNull(9) ? json::value(nullptr) : json::value(f.Text(9))},
          {"evaluatedAt", f.IsNull(10) ? json::value(nullptr) : json::value(f.Text(10))},
          {"rectification",
           f.IsNull(11) ? json::value(nullptr) : json::value(RectificationJson(f, 11))}});
    }
    return json::object{
        {"id", row.Int(0)},
        {"agency", json::object{{"id", row.Int(1)}, {"code", row.Text(2)}, {"name", row.Text(3)}}},
        {"title", row.Text(4)},
        {"status", row.Text(5)},
        {"closedFrom", row.Text(6)},
        {"closedTo", row.Text(7)},
        {"count", row.Int(8)},
        {"source", row.Text(9)},
        {"publicValue", text(10)},
        {"poolSize", row.Int(11)},
        {"poolRoot", row.Text(12)},
        {"seed", text(13)},
        {"algorithm", domain::kDrawAlgorithm},
        {"template", std::move(tmpl)},
        {"createdAt", row.Text(15)},
        {"drawnAt", text(16)},
        {"files", std::move(out)}};
  });
}

Result<json::object> EvaluationService::ScoreFile(
    std::int64_t round, std::int64_t case_id,
    const std::vector<domain::EvaluationFinding>& findings,
    const std::optional<RectificationRequest>& rectification, std::int64_t actor_id) {
  if (findings.size() > 200) return Bad("findings", "扣分记录过多");
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!findings[i].note.empty()) {
      SX_RETURN_IF_ERROR(domain::CheckText(findings[i].note, "说明",
                                           fmt::format("findings.{}.note", i), 500, true));
    }
  }
  const domain::Date today = Today();
  if (rectification) {
    SX_RETURN_IF_ERROR(
        domain::CheckText(rectification->request, "整改要求", "rectification.request", 2000, true));
    if (rectification->due_on < today) {
      return Bad("rectification.dueOn", "整改期限不能早于今天");
    }
  }
  const std::string now = FormatUtc(clock_.Now());
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto r = tx.Query(
        "SELECT r.agency_id, r.template, r.status FROM evaluation_rounds r JOIN evaluation_files f"
        " ON f.round_id = r.id WHERE r.id = $1 AND f.case_id = $2",
        {round, case_id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound("该案卷不在本批次抽中的案卷中");
    const std::int64_t agency = r->rows.front().Int(0);
    // Nobody evaluates a file they had a hand in (回避).
    auto involved = tx.Query(
        "SELECT actor_id FROM case_events WHERE case_id = $1"
        " UNION SELECT s.user_id FROM document_signoffs s JOIN documents d ON d.id = s.document_id"
        "  WHERE d.case_id = $1"
        " UNION SELECT created_by FROM documents WHERE case_id = $1"
        " UNION SELECT created_by FROM cases WHERE id = $1",
        {case_id});
    if (!involved.ok()) return involved.status();
    std::vector<std::int64_t> ids;
    for (const auto& row : involved->rows) ids.push_back(row.Int(0));
    if (std::find(ids.begin(), ids.end(), actor_id) != ids.end()) {
      return Status::Permission("不能评查本人承办、审核或批准过的案卷(回避)");
    }
    json::error_code ec;
    const json::value tv = json::parse(r->rows.front().Text(1), ec);
    if (ec) return Status::Internal("评查批次的模板损坏");
    auto t = ParseTemplate(tv);
    if (!t.ok()) return t.status();
    auto score = domain::Score(*t, findings);
    if (!score.ok()) return score.status();
    json::array f, items;
    for (const auto& x : findings) {
      f.push_back(json::object{
          {"item", x.item}, {"deduction", x.deduction}, {"times", x.times}, {"note", x.note}});
    }
    for (const auto& i : score->items) {
      items.push_back(
          json::object{{"item", i.item}, {"points", i.points}, {"deducted", i.deducted}});
    }
    const std::string grade(domain::GradeCode(score->grade));
    auto u = tx.Query(
        "UPDATE evaluation_files SET status = 'scored', score = $3, grade = $4, vetoed = $5,"
        " findings = $6, items = $7, evaluated_by = $8, evaluated_at = $9, evaluated_on = $10"
        " WHERE round_id = $1 AND case_id = $2",
        {round, case_id, std::int64_t{score->score}, grade, std::int64_t{score->vetoed ? 1 : 0},
         json::serialize(f), json::serialize(items), actor_id, now, domain::FormatDate(today)});
    if (!u.ok()) return u.status();
    SX_RETURN_IF_ERROR(AppendRecordOf(tx, agency,
                                      fmt::format("evaluation_file:{}:{}", round, case_id),
                                      "evaluation.scored", actor_id, now,
                                      {{"score", std::to_string(score->score)},
                                       {"grade", grade},
                                       {"findings", json::serialize(f)}}));
    if (rectification) {
      auto x = tx.Query(
          "INSERT INTO rectifications (round_id, case_id, agency_id, request, due_on, status,"
          " created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)"
          " ON CONFLICT (round_id, case_id) DO UPDATE SET request = excluded.request,"
          " due_on = excluded.due_on, status = 'open' RETURNING id",
          {round, case_id, agency, rectification->request,
           domain::FormatDate(rectification->due_on), actor_id, now});
      if (!x.ok()) return x.status();
      SX_RETURN_IF_ERROR(AppendRecordOf(tx, agency,
                                        fmt::format("rectification:{}", x->rows.front().Int(0)),
                                        "evaluation.rectification_requested", actor_id, now,
                                        {{"request", rectification->request},
                                         {"due_on", domain::FormatDate(rectification->due_on)}}));
    }
    return true;
  });
  if (!done.ok()) return done.status();
  auto whole = Round(round);
  if (!whole.ok()) return whole.status();
  for (const auto& f : whole->at("files").as_array()) {
    if (f.at("caseId").as_int64() == case_id) return f.as_object();
  }
  return Status::Internal("评查记录不见了");
}

Result<std::int64_t> EvaluationService::AgencyOfRectification(std::int64_t id) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto r = tx.Query("SELECT agency_id FROM rectifications WHERE id = $1", {id});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::NotFound(fmt::format("整改事项 {} 不存在", id));
    return r->rows.front().Int(0);
  });
}

namespace {

Result<json::object> RectificationById(store::Tx& tx, std::int64_t id) {
  auto r = tx.Query(
      "SELECT id, request, due_on, status, response, responded_on, review_note, agency_id"
      " FROM rectifications WHERE id = $1",
      {id});
  if (!r.ok()) return r.status();
  if (r->empty()) return Status::NotFound(fmt::format("整改事项 {} 不存在", id));
  return RectificationJson(r->rows.front(), 0);
}

}  // namespace

Result<json::object> EvaluationService::Respond(std::int64_t id, std::string_view response,
                                                std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::CheckText(response, "整改情况", "response", 2000, true));
  const std::string now = FormatUtc(clock_.Now());
  const std::string today = domain::FormatDate(Today());
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto cur = RectificationById(tx, id);
    if (!cur.ok()) return cur.status();
    const auto status = cur->at("status").as_string();
    if (status != "open" && status != "returned") {
      return Status::Conflict("该整改事项已报送整改情况,等待评查人审核");
    }
    auto u = tx.Query(
        "UPDATE rectifications SET status = 'responded', response = $2, responded_on = $3,"
        " responded_by = $4 WHERE id = $1 RETURNING agency_id",
        {id, std::string(response), today, actor_id});
    if (!u.ok()) return u.status();
    SX_RETURN_IF_ERROR(AppendRecordOf(tx, u->rows.front().Int(0),
                                      fmt::format("rectification:{}", id),
                                      "evaluation.rectification_responded", actor_id, now,
                                      {{"response", std::string(response)}}));
    return RectificationById(tx, id);
  });
}

Result<json::object> EvaluationService::Review(std::int64_t id, bool accepted,
                                               std::string_view note, std::int64_t actor_id) {
  if (!note.empty()) SX_RETURN_IF_ERROR(domain::CheckText(note, "审核意见", "note", 1000, true));
  if (!accepted && note.empty()) return Bad("note", "退回整改须写明理由");
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto cur = RectificationById(tx, id);
    if (!cur.ok()) return cur.status();
    if (cur->at("status").as_string() != "responded") {
      return Status::Conflict("该整改事项尚未报送整改情况");
    }
    auto u = tx.Query(
        "UPDATE rectifications SET status = $2, review_note = $3, reviewed_by = $4,"
        " reviewed_at = $5 WHERE id = $1 RETURNING agency_id",
        {id, std::string(accepted ? "accepted" : "returned"), std::string(note), actor_id, now});
    if (!u.ok()) return u.status();
    SX_RETURN_IF_ERROR(
        AppendRecordOf(tx, u->rows.front().Int(0), fmt::format("rectification:{}", id),
                       "evaluation.rectification_reviewed", actor_id, now,
                       {{"accepted", accepted ? "true" : "false"}, {"note", std::string(note)}}));
    return RectificationById(tx, id);
  });
}

Result<json::object> EvaluationService::Results(std::optional<std::int64_t> agency, int year) {
  if (year < 2000 || year > 2100) return Bad("year", "year 应为 2000–2100");
  const std::string from = fmt::format("{:04}-01-01", year),
                    to = fmt::format("{:04}-01-01", year + 1);
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto agencies = agency
                        ? tx.Query("SELECT id, code, name FROM agencies WHERE id = $1", {*agency})
                        : tx.Query(
                              "SELECT id, code, name FROM agencies WHERE kind = 'enforcement'"
                              " ORDER BY id");
    if (!agencies.ok()) return agencies.status();
    json::array out;
    for (const auto& a : agencies->rows) {
      auto rows = tx.Query(
          "SELECT c.department_id, d.name, f.score, f.grade FROM evaluation_files f"
          " JOIN evaluation_rounds r ON r.id = f.round_id JOIN cases c ON c.id = f.case_id"
          " LEFT JOIN departments d ON d.id = c.department_id WHERE r.agency_id = $1"
          " AND f.status = 'scored' AND f.evaluated_on >= $2 AND f.evaluated_on < $3",
          {a.Int(0), from, to});
      if (!rows.ok()) return rows.status();
      std::int64_t files = 0, sum = 0;
      std::map<std::string, std::int64_t> grades;
      std::map<std::int64_t, std::tuple<std::string, std::int64_t, std::int64_t>> departments;
      for (const auto& r : rows->rows) {
        ++files;
        sum += r.Int(2);
        ++grades[r.Text(3)];
        auto& d = departments[r.IsNull(0) ? 0 : r.Int(0)];
        std::get<0>(d) = r.IsNull(1) ? "未分配内设机构" : r.Text(1);
        ++std::get<1>(d);
        std::get<2>(d) += r.Int(2);
      }
      json::array deps;
      for (const auto& [id, d] : departments) {
        const auto mean = domain::RoundedMean(std::get<2>(d), std::get<1>(d));
        deps.push_back(json::object{{"id", id == 0 ? json::value(nullptr) : json::value(id)},
                                    {"name", std::get<0>(d)},
                                    {"files", std::get<1>(d)},
                                    {"mean", mean ? json::value(*mean) : json::value(nullptr)}});
      }
      auto open = tx.Query(
          "SELECT COUNT(*) FROM rectifications WHERE agency_id = $1 AND status IN ('open',"
          " 'returned', 'responded')",
          {a.Int(0)});
      if (!open.ok()) return open.status();
      const auto mean = domain::RoundedMean(sum, files);
      out.push_back(json::object{{"id", a.Int(0)},
                                 {"code", a.Text(1)},
                                 {"name", a.Text(2)},
                                 {"files", files},
                                 {"mean", mean ? json::value(*mean) : json::value(nullptr)},
                                 {"excellent", grades["excellent"]},
                                 {"pass", grades["pass"]},
                                 {"fail", grades["fail"]},
                                 {"departments", std::move(deps)},
                                 {"rectificationsOpen", open->rows.front().Int(0)}});
    }
    return json::object{{"year", year}, {"agencies", std::move(out)}};
  });
}

}  // namespace sx::services
