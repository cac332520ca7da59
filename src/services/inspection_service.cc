#include "services/inspection_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "domain/draw.h"
#include "domain/ledger_event.h"
#include "domain/people.h"
#include "domain/power.h"
#include "domain/redaction.h"
#include "domain/text.h"
#include "services/json_fields.h"
#include "services/ledger_service.h"
#include "store/agency_repository.h"
#include "store/officer_repository.h"
#include "util/csv.h"
#include "util/utf8.h"
#include "util/xlsx.h"

namespace sx::services {

namespace json = boost::json;

namespace {

using store::Param;

using store::OptParam;

std::string TrimCell(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  // A full-width space (U+3000) at either end, as spreadsheets typed in Chinese often carry.
  while (s.starts_with("\u3000")) s.remove_prefix(3);
  while (s.ends_with("\u3000")) s.remove_suffix(3);
  return std::string(s);
}

// ---- codes and names --------------------------------------------------------------------------

std::optional<std::string> RiskCode(std::string_view s) {
  if (s == "低" || s == "低风险" || s == "low") return "low";
  if (s == "中" || s == "中风险" || s == "medium") return "medium";
  if (s == "高" || s == "高风险" || s == "high") return "high";
  return std::nullopt;
}
std::string_view RiskName(std::string_view code) {
  if (code == "high") return "高风险";
  if (code == "medium") return "中风险";
  return "低风险";
}
constexpr std::string_view kSizes[] = {"大型", "中型", "小型", "微型"};

std::optional<std::string_view> ConflictName(std::string_view kind) {
  if (kind == "relative") return "亲属关系";
  if (kind == "former_employment") return "曾在该单位任职";
  if (kind == "prior_dealing") return "业务往来";
  if (kind == "other") return "其他利害关系";
  return std::nullopt;
}
std::optional<std::string_view> OutcomeName(std::string_view o) {
  if (o == "no_problem") return "未发现问题";
  if (o == "rectify") return "责令整改";
  if (o == "case") return "移交立案";
  return std::nullopt;
}
std::string_view StatusName(std::string_view s) {
  if (s == "published") return "已发布";
  if (s == "drawn") return "已抽取";
  return "草稿";
}
std::string_view ReasonName(std::string_view r) { return r == "absence" ? "缺席" : "回避"; }

// ---- the roster import ------------------------------------------------------------------------

enum Column { kName, kCreditCode, kDistrict, kIndustry, kSize, kRisk, kComplaints, kLastInspected };
constexpr std::string_view kColumns[] = {
    "单位名称", "统一社会信用代码", "所在区县", "行业",
    "规模",     "风险等级",         "投诉次数", "上次检查日期"};
constexpr std::size_t kColumnCount = std::size(kColumns);

struct TargetRow {
  std::string name, credit_code, district, industry, size, risk;
  std::int64_t complaints = 0;
  std::optional<std::string> last_inspected;
};

// ---- plans ------------------------------------------------------------------------------------

// A JSON array of ids as stored (teams, selections); empty when malformed.
std::vector<std::int64_t> IdsOf(std::string_view text) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.get_array()) {
    if (x.is_int64()) out.push_back(x.get_int64());
  }
  return out;
}

std::int64_t IntOf(const json::value* v) {
  return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}

json::object ScopeJson(const PlanScope& s) {
  return {{"districts", Strings(s.districts)},
          {"industries", Strings(s.industries)},
          {"sizes", Strings(s.sizes)},
          {"riskGrades", Strings(s.risk_grades)},
          {"minComplaints", s.min_complaints}};
}
PlanScope ScopeOf(const json::object& o) {
  return {StringsOf(o.if_contains("districts")), StringsOf(o.if_contains("industries")),
          StringsOf(o.if_contains("sizes")), StringsOf(o.if_contains("riskGrades")),
          IntOf(o.if_contains("minComplaints"))};
}
json::object FilterJson(const StratumFilter& f) {
  return {{"districts", Strings(f.districts)},
          {"riskGrades", Strings(f.risk_grades)},
          {"minComplaints", f.min_complaints}};
}
json::array StrataJson(const std::vector<StratumSpec>& strata) {
  json::array a;
  for (const auto& s : strata) {
    json::object o{{"name", s.name}, {"filter", FilterJson(s.filter)}};
    o["ratio"] = s.ratio ? json::value(*s.ratio) : json::value(nullptr);
    o["count"] = s.count ? json::value(*s.count) : json::value(nullptr);
    a.push_back(std::move(o));
  }
  return a;
}
std::vector<StratumSpec> StrataOf(const json::array& a) {
  std::vector<StratumSpec> out;
  for (const auto& v : a) {
    const auto& o = v.as_object();
    StratumSpec s;
    s.name = std::string(o.at("name").as_string());
    const auto& f = o.at("filter").as_object();
    s.filter = {StringsOf(f.if_contains("districts")), StringsOf(f.if_contains("riskGrades")),
                IntOf(f.if_contains("minComplaints"))};
    if (const auto* r = o.if_contains("ratio"); r != nullptr && r->is_string()) {
      s.ratio = std::string(r->get_string());
    }
    if (const auto* c = o.if_contains("count"); c != nullptr && c->is_int64()) {
      s.count = c->get_int64();
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string FilterText(const StratumFilter& f) {
  std::vector<std::string> parts;
  if (!f.districts.empty()) parts.push_back(fmt::format("区县 {}", fmt::join(f.districts, "、")));
  if (!f.risk_grades.empty()) {
    std::vector<std::string> names;
    for (const auto& r : f.risk_grades) names.emplace_back(RiskName(r));
    parts.push_back(fmt::format("风险等级 {}", fmt::join(names, "、")));
  }
  if (f.min_complaints > 0) parts.push_back(fmt::format("投诉 ≥ {} 次", f.min_complaints));
  return parts.empty() ? "其余全部" : fmt::format("{}", fmt::join(parts, ";"));
}

// Percent with up to two decimals, 0 < r ≤ 100, in hundredths of a percent.
std::optional<std::int64_t> RatioHundredths(std::string_view r) {
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  bool dot = false, digits = false;
  for (char c : r) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digits = true;
      if (dot) {
        if (++frac_digits > 2) return std::nullopt;
        frac = frac * 10 + (c - '0');
      } else {
        whole = whole * 10 + (c - '0');
        if (whole > 1000) return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  if (frac_digits == 1) frac *= 10;
  const std::int64_t h = whole * 100 + frac;
  if (h <= 0) return std::nullopt;
  return h;
}

struct PoolRow {
  std::int64_t id;
  std::string credit_code, name, district, industry, size, risk;
  std::int64_t complaints;
};

bool In(const std::vector<std::string>& set, const std::string& v) {
  return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
}

bool InScope(const PlanScope& s, const PoolRow& t) {
  return In(s.districts, t.district) && In(s.industries, t.industry) && In(s.sizes, t.size) &&
         In(s.risk_grades, t.risk) && t.complaints >= s.min_complaints;
}
bool Matches(const StratumFilter& f, const PoolRow& t) {
  return In(f.districts, t.district) && In(f.risk_grades, t.risk) &&
         t.complaints >= f.min_complaints;
}

struct PlanRow {
  std::int64_t id = 0, agency_id = 0, item_id = 0;
  std::string code, title, area, frequency, period_start, period_end, source, draw_date, status;
  PlanScope scope;
  std::vector<StratumSpec> strata;
  int team_size = 2;
  std::optional<std::string> public_value, team_seed, published_at, drawn_at;
  std::string created_at;
};

constexpr std::string_view kPlanColumns =
    "id, agency_id, item_id, code, title, area, frequency, period_start, period_end, source,"
    " draw_date, status, scope, strata, team_size, public_value, team_seed, published_at,"
    " drawn_at, created_at";

PlanRow PlanOf(const store::Row& r) {
  PlanRow p;
  p.id = r.Int(0);
  p.agency_id = r.Int(1);
  p.item_id = r.Int(2);
  p.code = r.Text(3);
  p.title = r.Text(4);
  p.area = r.Text(5);
  p.frequency = r.Text(6);
  p.period_start = r.Text(7);
  p.period_end = r.Text(8);
  p.source = r.Text(9);
  p.draw_date = r.Text(10);
  p.status = r.Text(11);
  const json::value scope = json::parse(r.Text(12)), strata = json::parse(r.Text(13));
  p.scope = ScopeOf(scope.as_object());
  p.strata = StrataOf(strata.as_array());
  p.team_size = static_cast<int>(r.Int(14));
  p.public_value = r.OptText(15);
  p.team_seed = r.OptText(16);
  p.published_at = r.OptText(17);
  p.drawn_at = r.OptText(18);
  p.created_at = r.Text(19);
  return p;
}

Result<PlanRow> LoadPlan(store::Tx& tx, std::int64_t id) {
  auto rows =
      tx.Query(fmt::format("SELECT {} FROM inspection_plans WHERE id = $1", kPlanColumns), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("没有这个抽查计划");
  return PlanOf(rows->rows.front());
}

RecordFields PlanFields(const PlanRow& p) {
  return {{"agency_id", std::to_string(p.agency_id)},
          {"code", p.code},
          {"item_id", std::to_string(p.item_id)},
          {"status", p.status},
          {"source", p.source},
          {"draw_date", p.draw_date},
          {"team_size", std::to_string(p.team_size)},
          {"strata", json::serialize(StrataJson(p.strata))},
          {"scope", json::serialize(ScopeJson(p.scope))},
          {"public_value", p.public_value.value_or("")}};
}

// `digest` names what it is of: "bundle" (the bundle as published) or "draw" (its draw member).
Status RecordPlan(store::Tx& tx, const PlanRow& p, std::string_view type, std::int64_t actor,
                  std::string_view now, const std::optional<std::string>& digest = {},
                  std::string_view digest_name = "bundle") {
  domain::LedgerEvent e;
  e.type = std::string(type);
  e.agency_id = p.agency_id;
  e.object = fmt::format("inspection_plan:{}", p.id);
  e.actor_id = actor;
  e.at = std::string(now);
  if (digest) e.digests.emplace_back(std::string(digest_name), *digest);
  return AppendRecord(tx, std::move(e), PlanFields(p));
}

Status RecordSimple(store::Tx& tx, std::int64_t agency, std::string object, std::string_view type,
                    std::int64_t actor, std::string_view now, RecordFields fields,
                    std::optional<std::string> file = {}) {
  domain::LedgerEvent e;
  e.type = std::string(type);
  e.agency_id = agency;
  e.object = std::move(object);
  e.actor_id = actor;
  e.at = std::string(now);
  if (file) e.digests.emplace_back("file", *file);
  return AppendRecord(tx, std::move(e), fields);
}

Status CheckSpec(const PlanSpec& s) {
  SX_RETURN_IF_ERROR(domain::CheckText(s.title, "计划名称", "title", 100));
  if (!s.code.empty()) {
    if (s.code.size() > 40 || !std::all_of(s.code.begin(), s.code.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
        })) {
      return Status::Invalid("计划编号只能由字母、数字和“-”组成,不超过 40 个字符")
          .WithField("code");
    }
  }
  SX_RETURN_IF_ERROR(domain::CheckText(s.area, "检查区域", "area", 100));
  if (!s.frequency.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(s.frequency, "抽查频次", "frequency", 100));
  }
  SX_RETURN_IF_ERROR(domain::CheckText(s.source, "公开随机源", "source", 200));
  const auto start = domain::ParseDate(s.period_start), end = domain::ParseDate(s.period_end);
  if (!start) return Status::Invalid("检查期间的起始日期应为 YYYY-MM-DD").WithField("periodStart");
  if (!end) return Status::Invalid("检查期间的结束日期应为 YYYY-MM-DD").WithField("periodEnd");
  if (*end < *start)
    return Status::Invalid("检查期间的结束日期早于起始日期").WithField("periodEnd");
  if (!domain::ParseDate(s.draw_date)) {
    return Status::Invalid("抽取日期应为 YYYY-MM-DD").WithField("drawDate");
  }
  if (s.team_size < 2 || s.team_size > 10) {
    return Status::Invalid("每组检查人员应为 2 至 10 名(每个对象至少 2 名)").WithField("teamSize");
  }
  for (const auto& r : s.scope.risk_grades) {
    if (!RiskCode(r) || *RiskCode(r) != r) {
      return Status::Invalid(fmt::format("风险等级“{}”应为 low、medium 或 high", r))
          .WithField("scope");
    }
  }
  if (s.scope.min_complaints < 0) {
    return Status::Invalid("投诉次数下限不能为负").WithField("scope");
  }
  if (s.strata.empty() || s.strata.size() > 10) {
    return Status::Invalid("应设 1 至 10 个分层(不分层时设一个“全部”)").WithField("strata");
  }
  std::set<std::string> names;
  for (const auto& st : s.strata) {
    SX_RETURN_IF_ERROR(domain::CheckText(st.name, "分层名称", "strata", 20));
    if (st.name.find('/') != std::string::npos) {
      return Status::Invalid(fmt::format("分层名称“{}”不能含“/”", st.name)).WithField("strata");
    }
    if (!names.insert(st.name).second) {
      return Status::Invalid(fmt::format("分层名称“{}”重复", st.name)).WithField("strata");
    }
    if (st.ratio.has_value() == st.count.has_value()) {
      return Status::Invalid(fmt::format("分层「{}」应设抽查比例或抽查数量,二者选一", st.name))
          .WithField("strata");
    }
    if (st.ratio) {
      const auto h = RatioHundredths(*st.ratio);
      if (!h || *h > 10000) {
        return Status::Invalid(fmt::format("分层「{}」的抽查比例“{}”应大于 0、不超过 100(%),"
                                           "最多两位小数",
                                           st.name, *st.ratio))
            .WithField("strata");
      }
    }
    if (st.count && (*st.count < 1 || *st.count > 1'000'000)) {
      return Status::Invalid(fmt::format("分层「{}」的抽查数量应至少为 1", st.name))
          .WithField("strata");
    }
    for (const auto& r : st.filter.risk_grades) {
      if (!RiskCode(r) || *RiskCode(r) != r) {
        return Status::Invalid(fmt::format("风险等级“{}”应为 low、medium 或 high", r))
            .WithField("strata");
      }
    }
  }
  return Status::Ok();
}

// The pools of a plan from the roster as it stands: targets in scope, each in the first stratum
// whose filter it matches, in id order.
Result<std::vector<std::vector<PoolRow>>> Pools(store::Tx& tx, const PlanRow& p) {
  std::vector<std::vector<PoolRow>> pools(p.strata.size());
  Status st = tx.ForEach(
      "SELECT id, credit_code, name, district, industry, size, risk_grade, complaints"
      " FROM inspection_targets WHERE agency_id = $1 ORDER BY id",
      {p.agency_id}, [&](const store::RowView& r) {
        PoolRow t{r.Int(0),
                  std::string(r.Text(1)),
                  std::string(r.Text(2)),
                  std::string(r.Text(3)),
                  std::string(r.Text(4)),
                  std::string(r.Text(5)),
                  std::string(r.Text(6)),
                  r.Int(7)};
        if (!InScope(p.scope, t)) return Status::Ok();
        for (std::size_t s = 0; s < p.strata.size(); ++s) {
          if (Matches(p.strata[s].filter, t)) {
            pools[s].push_back(std::move(t));
            break;
          }
        }
        return Status::Ok();
      });
  if (!st.ok()) return st;
  return pools;
}

std::int64_t CountOf(const StratumSpec& s, std::int64_t size) {
  if (s.count) return *s.count;
  const std::int64_t h = *RatioHundredths(*s.ratio);
  return (size * h + 9999) / 10000;
}

// Inspectors eligible on `today`: a valid certificate, the power item's 执法类别, an area that
// covers the plan's; load = results not yet entered in other drawn plans.
Result<std::vector<BundleInspector>> Eligible(store::Tx& tx, const PlanRow& p,
                                              const std::string& category, domain::Date today) {
  auto officers = store::MakeOfficerRepository()->ListByAgency(tx, p.agency_id);
  if (!officers.ok()) return officers.status();
  std::unordered_map<std::int64_t, int> load;
  Status st = tx.ForEach(
      "SELECT a.team FROM inspection_assignments a JOIN inspection_plans p ON p.id = a.plan_id"
      " LEFT JOIN inspection_results r ON r.plan_id = a.plan_id AND r.target_id = a.target_id"
      " WHERE p.agency_id = $1 AND p.id <> $2 AND r.target_id IS NULL",
      {p.agency_id, p.id}, [&](const store::RowView& r) {
        for (std::int64_t m : IdsOf(r.Text(0))) ++load[m];
        return Status::Ok();
      });
  if (!st.ok()) return st;
  std::vector<BundleInspector> out;
  for (const auto& o : *officers) {
    if (domain::ValidityOn(o.certificate, today) != domain::Validity::kValid) continue;
    if (o.category != category) continue;
    if (!o.area.empty() && !p.area.starts_with(o.area)) continue;
    out.push_back({o.id, o.name, o.certificate.number, load[o.id]});
  }
  return out;
}

json::object TargetJson(const store::Row& r, std::size_t i = 0) {
  return {{"id", r.Int(i)},
          {"name", r.Text(i + 1)},
          {"creditCode", r.Text(i + 2)},
          {"district", r.Text(i + 3)},
          {"industry", r.Text(i + 4)},
          {"size", r.Text(i + 5)},
          {"riskGrade", r.Text(i + 6)},
          {"riskGradeName", RiskName(r.Text(i + 6))},
          {"complaints", r.Int(i + 7)},
          {"lastInspectedOn", r.IsNull(i + 8) ? json::value(nullptr) : json::value(r.Text(i + 8))}};
}
constexpr std::string_view kTargetColumns =
    "t.id, t.name, t.credit_code, t.district, t.industry, t.size, t.risk_grade, t.complaints,"
    " t.last_inspected_on";

}  // namespace

// ---- LoadBundle -------------------------------------------------------------------------------

Result<DrawBundle> LoadBundle(store::Tx& tx, std::int64_t plan_id, bool with_pool) {
  auto plan = LoadPlan(tx, plan_id);
  if (!plan.ok()) return plan.status();
  if (plan->status == "draft") return Status::NotFound("抽查计划尚未发布");
  auto head = tx.Query(
      "SELECT a.name, a.code, i.code, i.name FROM agencies a, inspection_items i"
      " WHERE a.id = $1 AND i.id = $2",
      {plan->agency_id, plan->item_id});
  if (!head.ok()) return head.status();
  if (head->empty()) return Status::Internal("抽查计划的机关或事项缺失");
  const auto& h = head->rows.front();
  DrawBundle b;
  b.plan = {plan->id,        plan->code,   plan->title,     h.Text(0),
            h.Text(1),       h.Text(2),    h.Text(3),       plan->area,
            plan->team_size, plan->source, plan->draw_date, plan->published_at.value_or("")};
  auto strata = tx.Query(
      "SELECT idx, name, filter, ratio, count, pool_root, input, seed, selected, pool_size"
      " FROM inspection_strata WHERE plan_id = $1 ORDER BY idx",
      {plan_id});
  if (!strata.ok()) return strata.status();
  for (const auto& r : strata->rows) {
    b.strata.push_back({r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), {}, r.Int(9), {}});
  }
  Status st = Status::Ok();
  if (with_pool)
    st = tx.ForEach(
        "SELECT stratum, target_id, credit_code, name FROM inspection_pool WHERE plan_id = $1"
        " ORDER BY stratum, position",
        {plan_id}, [&](const store::RowView& r) {
          const auto s = static_cast<std::size_t>(r.Int(0));
          if (s >= b.strata.size()) return Status::Internal("抽查名录的分层编号无效");
          b.strata[s].targets.push_back({r.Int(1), std::string(r.Text(2)), std::string(r.Text(3))});
          return Status::Ok();
        });
  if (!st.ok()) return st;
  if (plan->status != "drawn") return b;

  BundleDraw d;
  d.public_value = plan->public_value.value_or("");
  d.drawn_at = plan->drawn_at.value_or("");
  d.team_seed = plan->team_seed.value_or("");
  for (const auto& r : strata->rows) {
    StratumDraw sd{r.Text(1), r.Text(6), r.Text(7), {}};
    sd.selected = IdsOf(r.Text(8));
    d.strata.push_back(std::move(sd));
  }
  auto inspectors = tx.Query(
      "SELECT officer_id, name, cert_number, load FROM inspection_draw_inspectors"
      " WHERE plan_id = $1 ORDER BY officer_id",
      {plan_id});
  if (!inspectors.ok()) return inspectors.status();
  for (const auto& r : inspectors->rows) {
    d.inspectors.push_back({r.Int(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3))});
  }
  auto recusals = tx.Query(
      "SELECT officer_id, target_id, kind FROM inspection_draw_recusals WHERE plan_id = $1"
      " ORDER BY target_id, officer_id",
      {plan_id});
  if (!recusals.ok()) return recusals.status();
  for (const auto& r : recusals->rows) d.recusals.push_back({r.Int(0), r.Int(1), r.Text(2)});
  st = tx.ForEach(
      "SELECT target_id, drawn, team FROM inspection_assignments WHERE plan_id = $1 ORDER BY seq",
      {plan_id}, [&](const store::RowView& r) {
        BundleTeam drawn{r.Int(0), {}}, now{r.Int(0), {}};
        drawn.inspectors = IdsOf(r.Text(1));
        now.inspectors = IdsOf(r.Text(2));
        d.teams.push_back(std::move(drawn));
        d.final_teams.push_back(std::move(now));
        return Status::Ok();
      });
  if (!st.ok()) return st;
  auto reps = tx.Query(
      "SELECT seq, target_id, out_id, in_id, reason, note, at FROM inspection_replacements"
      " WHERE plan_id = $1 ORDER BY seq",
      {plan_id});
  if (!reps.ok()) return reps.status();
  for (const auto& r : reps->rows) {
    d.replacements.push_back({static_cast<int>(r.Int(0)), r.Int(1), r.Int(2), r.Int(3), r.Text(4),
                              r.Text(5), r.Text(6)});
  }
  b.draw = std::move(d);
  return b;
}

// ---- roster -----------------------------------------------------------------------------------

Result<TargetImportReport> InspectionService::ImportTargets(std::int64_t agency_id,
                                                            std::string_view bytes,
                                                            std::int64_t actor_id) {
  if (bytes.size() > kMaxTargetImportBytes) {
    return Status::Invalid(fmt::format("文件超过 {} MiB,请分批导入", kMaxTargetImportBytes >> 20))
        .WithField("file");
  }
  // Rows as text with their line (CSV) or row number (XLSX) for the error report.
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  const bool xlsx = util::LooksLikeZip(bytes);
  if (xlsx) {
    util::XlsxLimits limits;
    limits.max_rows = kMaxTargetImportRows + 1;
    auto sheet = util::ReadXlsxFirstSheet(bytes, limits);
    if (!sheet.ok()) return Status(sheet.status()).WithField("file");
    for (std::size_t i = 0; i < sheet->size(); ++i) {
      if ((*sheet)[i].empty()) continue;
      rows.emplace_back(static_cast<int>(i + 1), std::move((*sheet)[i]));
    }
  } else {
    auto text = DecodeSpreadsheetText(bytes);
    if (!text.ok()) return Status(text.status()).WithField("file");
    auto csv = ParseCsv(*text, kMaxTargetImportRows + 1);
    if (!csv.ok()) return Status(csv.status()).WithField("file");
    for (auto& r : *csv) rows.emplace_back(r.line, std::move(r.cells));
  }
  if (rows.empty()) {
    return Status::Invalid(fmt::format("文件为空。第一行须为:{}", fmt::join(kColumns, ",")))
        .WithField("file");
  }
  // The header: every column by name, in any order; others are refused (a typo would lose data).
  std::array<std::size_t, kColumnCount> at{};
  at.fill(SIZE_MAX);
  const auto& header = rows.front().second;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name = TrimCell(header[i]);
    const auto* c = std::find(std::begin(kColumns), std::end(kColumns), name);
    if (c == std::end(kColumns)) {
      return Status::Invalid(fmt::format("表头第 {} 列“{}”不是可导入的列;应为:{}", i + 1, name,
                                         fmt::join(kColumns, ",")))
          .WithField("file");
    }
    at[static_cast<std::size_t>(c - std::begin(kColumns))] = i;
  }
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    if (at[c] == SIZE_MAX && (c == kName || c == kCreditCode || c == kDistrict || c == kRisk)) {
      return Status::Invalid(fmt::format("表头缺少“{}”列", kColumns[c])).WithField("file");
    }
  }
  if (rows.size() == 1) return Status::Invalid("文件只有表头,没有检查对象").WithField("file");

  TargetImportReport report;
  std::vector<TargetRow> valid;
  std::map<std::string, int, std::less<>> seen;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const int line = rows[i].first;
    const auto& cells = rows[i].second;
    auto cell = [&](Column c) {
      return at[c] == SIZE_MAX || at[c] >= cells.size() ? std::string() : TrimCell(cells[at[c]]);
    };
    auto error = [&](Column c, std::string message) {
      report.errors.push_back({line, std::string(kColumns[c]), std::move(message)});
    };
    if (report.errors.size() >= 1000) break;  // enough to fix the file
    const std::size_t before = report.errors.size();
    TargetRow t;
    t.name = cell(kName);
    t.credit_code = cell(kCreditCode);
    for (auto& ch : t.credit_code)
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    t.district = cell(kDistrict);
    t.industry = cell(kIndustry);
    t.size = cell(kSize);
    if (Status st = domain::CheckText(t.name, "单位名称", "name", 200); !st.ok()) {
      error(kName, st.message());
    }
    if (!domain::IsCreditCode(t.credit_code)) {
      error(kCreditCode,
            fmt::format("“{}”不是有效的统一社会信用代码(18 位,校验位须正确)", t.credit_code));
    }
    if (Status st = domain::CheckText(t.district, "所在区县", "district", 50); !st.ok()) {
      error(kDistrict, st.message());
    }
    if (!t.industry.empty()) {
      if (Status st = domain::CheckText(t.industry, "行业", "industry", 50); !st.ok()) {
        error(kIndustry, st.message());
      }
    }
    if (!t.size.empty() &&
        std::find(std::begin(kSizes), std::end(kSizes), t.size) == std::end(kSizes)) {
      error(kSize, fmt::format("“{}”应为大型、中型、小型或微型", t.size));
    }
    if (auto risk = RiskCode(cell(kRisk))) {
      t.risk = *risk;
    } else {
      error(kRisk, fmt::format("“{}”应为低、中或高", cell(kRisk)));
    }
    if (const std::string n = cell(kComplaints); !n.empty()) {
      std::int64_t v = 0;
      const bool digits = n.size() <= 7 && std::all_of(n.begin(), n.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        error(kComplaints, fmt::format("“{}”应为不小于 0 的整数", n));
      } else {
        for (char c : n) v = v * 10 + (c - '0');
        t.complaints = v;
      }
    }
    if (const std::string d = cell(kLastInspected); !d.empty()) {
      const auto parsed = domain::ParseDate(d);
      if (!parsed || *parsed > Today()) {
        error(kLastInspected, fmt::format("“{}”应为不晚于今天的 YYYY-MM-DD 日期", d));
      } else {
        t.last_inspected = domain::FormatDate(*parsed);
      }
    }
    if (report.errors.size() != before) continue;
    if (auto [it, fresh] = seen.emplace(t.credit_code, line); !fresh) {
      error(kCreditCode, fmt::format("统一社会信用代码与第 {} 行重复", it->second));
      continue;
    }
    valid.push_back(std::move(t));
  }
  if (!report.errors.empty()) return report;

  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<TargetImportReport>(
      db_, true, [&](store::Tx& tx) -> Result<TargetImportReport> {
        auto agency = store::MakeAgencyRepository()->Get(tx, agency_id);
        if (!agency.ok()) return agency.status();
        std::unordered_map<std::string, std::int64_t> existing;
        Status st =
            tx.ForEach("SELECT credit_code, id FROM inspection_targets WHERE agency_id = $1",
                       {agency_id}, [&](const store::RowView& r) {
                         existing.emplace(std::string(r.Text(0)), r.Int(1));
                         return Status::Ok();
                       });
        if (!st.ok()) return st;
        TargetImportReport out;
        for (const auto& t : valid) {
          const std::vector<Param> params = {agency_id,  t.name,       t.credit_code,
                                             t.district, t.industry,   t.size,
                                             t.risk,     t.complaints, OptParam(t.last_inspected),
                                             now};
          if (existing.contains(t.credit_code)) {
            SX_RETURN_IF_ERROR(
                tx.Query("UPDATE inspection_targets SET name = $2, district = $4, industry = $5,"
                         " size = $6, risk_grade = $7, complaints = $8, last_inspected_on = $9,"
                         " updated_at = $10 WHERE agency_id = $1 AND credit_code = $3",
                         params)
                    .status());
            ++out.updated;
          } else {
            SX_RETURN_IF_ERROR(
                tx.Query("INSERT INTO inspection_targets (agency_id, name, credit_code, district,"
                         " industry, size, risk_grade, complaints, last_inspected_on, created_at,"
                         " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
                         params)
                    .status());
            ++out.created;
          }
        }
        auto file = blobs_.Put(bytes);
        if (!file.ok()) return file.status();
        auto id = tx.Query(
            "INSERT INTO inspection_target_imports (agency_id, file_digest, format, created,"
            " updated, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            {agency_id, file->digest, std::string(xlsx ? "xlsx" : "csv"),
             static_cast<std::int64_t>(out.created), static_cast<std::int64_t>(out.updated),
             actor_id, now});
        if (!id.ok()) return id.status();
        out.import_id = id->rows.front().Int(0);
        out.file_digest = file->digest;
        SX_RETURN_IF_ERROR(RecordSimple(tx, agency_id,
                                        fmt::format("inspection_target_import:{}", out.import_id),
                                        "inspection.targets_imported", actor_id, now,
                                        {{"agency_id", std::to_string(agency_id)},
                                         {"format", xlsx ? "xlsx" : "csv"},
                                         {"created", std::to_string(out.created)},
                                         {"updated", std::to_string(out.updated)}},
                                        file->digest));
        return out;
      });
}

Result<json::object> InspectionService::Targets(const TargetQuery& q) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    std::string where = "t.agency_id = $1";
    std::vector<Param> params = {q.agency_id};
    if (!q.q.empty()) {
      params.push_back(fmt::format("%{}%", q.q));
      where += fmt::format(" AND (t.name LIKE ${0} OR t.credit_code LIKE ${0})", params.size());
    }
    if (!q.district.empty()) {
      params.push_back(q.district);
      where += fmt::format(" AND t.district = ${}", params.size());
    }
    if (!q.risk_grade.empty()) {
      params.push_back(q.risk_grade);
      where += fmt::format(" AND t.risk_grade = ${}", params.size());
    }
    auto total =
        tx.Query(fmt::format("SELECT COUNT(*) FROM inspection_targets t WHERE {}", where), params);
    if (!total.ok()) return total.status();
    params.push_back(q.after);
    auto rows = tx.Query(fmt::format("SELECT {} FROM inspection_targets t WHERE {} AND t.id > ${}"
                                     " ORDER BY t.id LIMIT {}",
                                     kTargetColumns, where, params.size(), q.limit + 1),
                         params);
    if (!rows.ok()) return rows.status();
    json::array items;
    for (std::size_t i = 0; i < rows->rows.size() && i < static_cast<std::size_t>(q.limit); ++i) {
      items.push_back(TargetJson(rows->rows[i]));
    }
    json::object out{{"items", std::move(items)}, {"total", total->rows.front().Int(0)}};
    out["next"] = rows->rows.size() > static_cast<std::size_t>(q.limit)
                      ? json::value(rows->rows[static_cast<std::size_t>(q.limit) - 1].Int(0))
                      : json::value(nullptr);
    return out;
  });
}

// ---- conflicts and items ------------------------------------------------------------------------

Result<json::object> InspectionService::AddConflict(std::int64_t agency_id, const NewConflict& c,
                                                    std::int64_t actor_id) {
  const auto kind = ConflictName(c.kind);
  if (!kind) {
    return Status::Invalid("利害关系应为 relative、former_employment、prior_dealing 或 other")
        .WithField("kind");
  }
  if (!c.note.empty()) SX_RETURN_IF_ERROR(domain::CheckText(c.note, "说明", "note", 500, true));
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto officer = tx.Query("SELECT name FROM officers WHERE id = $1 AND agency_id = $2",
                            {c.officer_id, agency_id});
    if (!officer.ok()) return officer.status();
    if (officer->empty()) return Status::Invalid("本机关没有这名执法人员").WithField("officerId");
    auto target = tx.Query("SELECT name FROM inspection_targets WHERE id = $1 AND agency_id = $2",
                           {c.target_id, agency_id});
    if (!target.ok()) return target.status();
    if (target->empty()) return Status::Invalid("名录中没有这个检查对象").WithField("targetId");
    auto id = tx.Query(
        "INSERT INTO inspection_conflicts (agency_id, officer_id, target_id, kind, note, actor_id,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {agency_id, c.officer_id, c.target_id, c.kind, c.note, actor_id, now});
    if (!id.ok()) {
      if (id.status().code() == Code::kConflict) {
        return Status::Conflict("这一利害关系已登记");
      }
      return id.status();
    }
    const std::int64_t cid = id->rows.front().Int(0);
    SX_RETURN_IF_ERROR(RecordSimple(tx, agency_id, fmt::format("inspection_conflict:{}", cid),
                                    "inspection.conflict_recorded", actor_id, now,
                                    {{"officer_id", std::to_string(c.officer_id)},
                                     {"target_id", std::to_string(c.target_id)},
                                     {"kind", c.kind},
                                     {"note", c.note}}));
    return json::object{{"id", cid},
                        {"officerId", c.officer_id},
                        {"officerName", officer->rows.front().Text(0)},
                        {"targetId", c.target_id},
                        {"targetName", target->rows.front().Text(0)},
                        {"kind", c.kind},
                        {"kindName", *kind},
                        {"note", c.note},
                        {"createdAt", now}};
  });
}

Result<json::object> InspectionService::Conflicts(std::int64_t agency_id) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto rows = tx.Query(
        "SELECT c.id, c.officer_id, o.name, c.target_id, t.name, c.kind, c.note, c.created_at"
        " FROM inspection_conflicts c JOIN officers o ON o.id = c.officer_id"
        " JOIN inspection_targets t ON t.id = c.target_id WHERE c.agency_id = $1"
        " ORDER BY c.id DESC LIMIT 1000",
        {agency_id});
    if (!rows.ok()) return rows.status();
    json::array items;
    for (const auto& r : rows->rows) {
      items.push_back(json::object{{"id", r.Int(0)},
                                   {"officerId", r.Int(1)},
                                   {"officerName", r.Text(2)},
                                   {"targetId", r.Int(3)},
                                   {"targetName", r.Text(4)},
                                   {"kind", r.Text(5)},
                                   {"kindName", ConflictName(r.Text(5)).value_or("")},
                                   {"note", r.Text(6)},
                                   {"createdAt", r.Text(7)}});
    }
    return json::object{{"items", std::move(items)}};
  });
}

namespace {

constexpr std::string_view kItemQuery =
    "SELECT i.id, i.code, i.name, i.power_item_id, p.code, p.name, p.basis, i.subject, i.method,"
    " i.content FROM inspection_items i JOIN power_items p ON p.id = i.power_item_id";

json::object ItemJson(const store::Row& r, bool with_ids) {
  json::object o;
  if (with_ids) o["id"] = r.Int(0);
  o["code"] = r.Text(1);
  o["name"] = r.Text(2);
  if (with_ids) o["powerItemId"] = r.Int(3);
  o["powerItemCode"] = r.Text(4);
  o["powerItemName"] = r.Text(5);
  o["basis"] = r.Text(6);
  o["subject"] = r.Text(7);
  o["method"] = r.Text(8);
  o["content"] = r.Text(9);
  return o;
}

}  // namespace

Result<json::object> InspectionService::AddItem(std::int64_t agency_id,
                                                const NewInspectionItem& item,
                                                std::int64_t actor_id) {
  if (item.code.empty() || item.code.size() > 32 ||
      !std::all_of(item.code.begin(), item.code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
      })) {
    return Status::Invalid("事项编码只能由字母、数字和“-”组成,不超过 32 个字符").WithField("code");
  }
  SX_RETURN_IF_ERROR(domain::CheckText(item.name, "事项名称", "name", 200));
  SX_RETURN_IF_ERROR(domain::CheckText(item.subject, "抽查对象", "subject", 200));
  SX_RETURN_IF_ERROR(domain::CheckText(item.method, "抽查方式", "method", 100));
  if (!item.content.empty()) {
    SX_RETURN_IF_ERROR(domain::CheckText(item.content, "抽查内容", "content", 2000, true));
  }
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto power = tx.Query(
        "SELECT category FROM power_items WHERE id = $1 AND agency_id = $2 AND active = $3",
        {item.power_item_id, agency_id, std::int64_t{1}});
    if (!power.ok()) return power.status();
    if (power->empty()) {
      return Status::Invalid("本机关权责清单中没有这一事项").WithField("powerItemId");
    }
    if (power->rows.front().Text(0) != "inspection") {
      return Status::Invalid("随机抽查事项应对应权责清单中的行政检查事项").WithField("powerItemId");
    }
    auto id = tx.Query(
        "INSERT INTO inspection_items (agency_id, code, name, power_item_id, subject, method,"
        " content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {agency_id, item.code, item.name, item.power_item_id, item.subject, item.method,
         item.content, now});
    if (!id.ok()) {
      if (id.status().code() == Code::kConflict) {
        return Status::Conflict(fmt::format("事项编码“{}”已存在", item.code));
      }
      return id.status();
    }
    const std::int64_t iid = id->rows.front().Int(0);
    SX_RETURN_IF_ERROR(RecordSimple(tx, agency_id, fmt::format("inspection_item:{}", iid),
                                    "inspection.item_created", actor_id, now,
                                    {{"code", item.code},
                                     {"name", item.name},
                                     {"power_item_id", std::to_string(item.power_item_id)},
                                     {"subject", item.subject},
                                     {"method", item.method},
                                     {"content", item.content}}));
    auto row = tx.Query(fmt::format("{} WHERE i.id = $1", kItemQuery), {iid});
    if (!row.ok()) return row.status();
    return ItemJson(row->rows.front(), true);
  });
}

Result<json::object> InspectionService::Items(std::int64_t agency_id) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto rows =
        tx.Query(fmt::format("{} WHERE i.agency_id = $1 ORDER BY i.code", kItemQuery), {agency_id});
    if (!rows.ok()) return rows.status();
    json::array items;
    for (const auto& r : rows->rows) items.push_back(ItemJson(r, true));
    return json::object{{"items", std::move(items)}};
  });
}

Result<json::object> InspectionService::PublicItems(std::string_view agency_code) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto agency = store::MakeAgencyRepository()->GetByCode(tx, agency_code);
    if (!agency.ok()) return agency.status();
    auto rows = tx.Query(fmt::format("{} WHERE i.agency_id = $1 ORDER BY i.code", kItemQuery),
                         {agency->id});
    if (!rows.ok()) return rows.status();
    json::array items;
    for (const auto& r : rows->rows) items.push_back(ItemJson(r, false));
    return json::object{{"agency", agency->name}, {"items", std::move(items)}};
  });
}

// ---- plans --------------------------------------------------------------------------------------

Result<json::object> InspectionService::CreatePlan(std::int64_t agency_id, const PlanSpec& spec,
                                                   std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckSpec(spec));
  const std::string now = FormatUtc(clock_.Now());
  auto id = store::InTx<std::int64_t>(db_, true, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto item = tx.Query("SELECT id FROM inspection_items WHERE id = $1 AND agency_id = $2",
                         {spec.item_id, agency_id});
    if (!item.ok()) return item.status();
    if (item->empty()) return Status::Invalid("本机关没有这一抽查事项").WithField("itemId");
    std::string code = spec.code;
    if (code.empty()) {
      auto agency = store::MakeAgencyRepository()->Get(tx, agency_id);
      if (!agency.ok()) return agency.status();
      auto n = tx.Query("SELECT COUNT(*) FROM inspection_plans WHERE agency_id = $1", {agency_id});
      if (!n.ok()) return n.status();
      std::string prefix = agency->code;
      for (auto& ch : prefix) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      code = fmt::format("{}-CJ-{}-{:02}", prefix, spec.period_start.substr(0, 4),
                         n->rows.front().Int(0) + 1);
    }
    auto inserted = tx.Query(
        "INSERT INTO inspection_plans (agency_id, code, title, item_id, area, scope, frequency,"
        " period_start, period_end, team_size, source, draw_date, strata, status, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'draft',"
        " $14, $14) RETURNING id",
        {agency_id, code, spec.title, spec.item_id, spec.area,
         json::serialize(ScopeJson(spec.scope)), spec.frequency, spec.period_start, spec.period_end,
         static_cast<std::int64_t>(spec.team_size), spec.source, spec.draw_date,
         json::serialize(StrataJson(spec.strata)), now});
    if (!inserted.ok()) {
      if (inserted.status().code() == Code::kConflict) {
        return Status::Conflict(fmt::format("计划编号“{}”已存在", code));
      }
      return inserted.status();
    }
    auto plan = LoadPlan(tx, inserted->rows.front().Int(0));
    if (!plan.ok()) return plan.status();
    SX_RETURN_IF_ERROR(RecordPlan(tx, *plan, "inspection.plan_created", actor_id, now));
    return plan->id;
  });
  if (!id.ok()) return id.status();
  return Plan(*id);
}

Result<json::object> InspectionService::UpdatePlan(std::int64_t id, const PlanSpec& spec,
                                                   std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(CheckSpec(spec));
  const std::string now = FormatUtc(clock_.Now());
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    if (plan->status != "draft") {
      return Status::Conflict("计划已发布,抽取名录和参数不能再修改");
    }
    auto item = tx.Query("SELECT id FROM inspection_items WHERE id = $1 AND agency_id = $2",
                         {spec.item_id, plan->agency_id});
    if (!item.ok()) return item.status();
    if (item->empty()) return Status::Invalid("本机关没有这一抽查事项").WithField("itemId");
    SX_RETURN_IF_ERROR(
        tx.Query("UPDATE inspection_plans SET title = $2, item_id = $3, area = $4, scope = $5,"
                 " frequency = $6, period_start = $7, period_end = $8, team_size = $9,"
                 " source = $10, draw_date = $11, strata = $12, updated_at = $13 WHERE id = $1",
                 {id, spec.title, spec.item_id, spec.area, json::serialize(ScopeJson(spec.scope)),
                  spec.frequency, spec.period_start, spec.period_end,
                  static_cast<std::int64_t>(spec.team_size), spec.source, spec.draw_date,
                  json::serialize(StrataJson(spec.strata)), now})
            .status());
    auto updated = LoadPlan(tx, id);
    if (!updated.ok()) return updated.status();
    return RecordPlan(tx, *updated, "inspection.plan_updated", actor_id, now);
  });
  if (!st.ok()) return st;
  return Plan(id);
}

Result<json::array> InspectionService::Plans(std::int64_t agency_id) {
  return store::InTx<json::array>(db_, false, [&](store::Tx& tx) -> Result<json::array> {
    auto rows = tx.Query(
        "SELECT p.id, p.code, p.title, p.status, p.draw_date, p.published_at, p.drawn_at, i.name,"
        " (SELECT COUNT(*) FROM inspection_assignments a WHERE a.plan_id = p.id),"
        " (SELECT COUNT(*) FROM inspection_results r WHERE r.plan_id = p.id)"
        " FROM inspection_plans p JOIN inspection_items i ON i.id = p.item_id"
        " WHERE p.agency_id = $1 ORDER BY p.id DESC",
        {agency_id});
    if (!rows.ok()) return rows.status();
    json::array out;
    for (const auto& r : rows->rows) {
      out.push_back(json::object{{"id", r.Int(0)},
                                 {"code", r.Text(1)},
                                 {"title", r.Text(2)},
                                 {"status", r.Text(3)},
                                 {"statusName", StatusName(r.Text(3))},
                                 {"drawDate", r.Text(4)},
                                 {"publishedAt", r.OptText(5) ? json::value(r.Text(5)) : nullptr},
                                 {"drawnAt", r.OptText(6) ? json::value(r.Text(6)) : nullptr},
                                 {"itemName", r.Text(7)},
                                 {"targetCount", r.Int(8)},
                                 {"resultCount", r.Int(9)}});
    }
    return out;
  });
}

Result<std::int64_t> InspectionService::AgencyOfPlan(std::int64_t id) {
  return store::InTx<std::int64_t>(db_, false, [&](store::Tx& tx) -> Result<std::int64_t> {
    auto rows = tx.Query("SELECT agency_id FROM inspection_plans WHERE id = $1", {id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("没有这个抽查计划");
    return rows->rows.front().Int(0);
  });
}

namespace {

// The teams with targets, members and results, in draw order.
Result<json::array> TeamsJson(store::Tx& tx, std::int64_t plan_id, domain::Date today,
                              bool published_only) {
  std::unordered_map<std::int64_t, std::pair<std::string, std::string>> officers;
  auto names = tx.Query(
      "SELECT officer_id, name, cert_number FROM inspection_draw_inspectors WHERE plan_id = $1",
      {plan_id});
  if (!names.ok()) return names.status();
  for (const auto& r : names->rows) officers[r.Int(0)] = {r.Text(1), r.Text(2)};
  auto strata = tx.Query("SELECT idx, name FROM inspection_strata WHERE plan_id = $1", {plan_id});
  if (!strata.ok()) return strata.status();
  std::unordered_map<std::int64_t, std::string> stratum_name;
  for (const auto& r : strata->rows) stratum_name[r.Int(0)] = r.Text(1);
  auto rows = tx.Query(
      fmt::format("SELECT a.stratum, a.team, {}, r.outcome, r.case_id, c.number, r.note,"
                  " r.entered_at, r.published_on, d.due_date, d.done_on"
                  " FROM inspection_assignments a JOIN inspection_targets t ON t.id = a.target_id"
                  " LEFT JOIN inspection_results r ON r.plan_id = a.plan_id"
                  " AND r.target_id = a.target_id"
                  " LEFT JOIN cases c ON c.id = r.case_id"
                  " LEFT JOIN deadlines d ON d.id = r.deadline_id"
                  " WHERE a.plan_id = $1 ORDER BY a.seq",
                  kTargetColumns),
      {plan_id});
  if (!rows.ok()) return rows.status();
  json::array out;
  for (const auto& r : rows->rows) {
    json::object team{{"target", TargetJson(r, 2)}, {"stratum", stratum_name[r.Int(0)]}};
    json::array members;
    for (std::int64_t m : IdsOf(r.Text(1))) {
      const auto& [name, cert] = officers[m];
      members.push_back(json::object{{"id", m}, {"name", name}, {"certNumber", cert}});
    }
    team["inspectors"] = std::move(members);
    const std::size_t k = 11;
    if (r.IsNull(k) || (published_only && r.IsNull(k + 6))) {
      team["result"] = nullptr;
    } else {
      json::object res{
          {"outcome", r.Text(k)},
          {"outcomeName", OutcomeName(r.Text(k)).value_or("")},
          {"caseId", r.IsNull(k + 1) ? json::value(nullptr) : json::value(r.Int(k + 1))},
          {"caseNumber", r.IsNull(k + 2) ? json::value(nullptr) : json::value(r.Text(k + 2))},
          {"note", r.Text(k + 3)},
          {"enteredAt", r.Text(k + 4)},
          {"publishedOn", r.IsNull(k + 5) ? json::value(nullptr) : json::value(r.Text(k + 5))},
          {"dueOn", r.IsNull(k + 6) ? json::value(nullptr) : json::value(r.Text(k + 6))}};
      std::string state, state_name;
      const auto due = domain::ParseDate(r.Text(k + 6));
      if (!r.IsNull(k + 7)) {
        const auto done = domain::ParseDate(r.Text(k + 7));
        const bool late = due && done && *done > *due;
        state = late ? "done_late" : "done";
        state_name = late ? "逾期完成" : "按期完成";
      } else if (due && today > *due) {
        state = "overdue", state_name = "已逾期";
      } else if (due) {
        state = "open", state_name = "待发布";
      }
      res["deadlineState"] = state.empty() ? json::value(nullptr) : json::value(state);
      res["deadlineStateName"] = state_name;
      team["result"] = std::move(res);
    }
    out.push_back(std::move(team));
  }
  return out;
}

Result<json::array> ReplacementsJson(store::Tx& tx, std::int64_t plan_id) {
  auto rows = tx.Query(
      "SELECT r.seq, r.target_id, t.name, r.out_id, o1.name, r.in_id, o2.name, r.reason, r.note,"
      " r.at FROM inspection_replacements r JOIN inspection_targets t ON t.id = r.target_id"
      " JOIN officers o1 ON o1.id = r.out_id JOIN officers o2 ON o2.id = r.in_id"
      " WHERE r.plan_id = $1 ORDER BY r.seq",
      {plan_id});
  if (!rows.ok()) return rows.status();
  json::array out;
  for (const auto& r : rows->rows) {
    out.push_back(json::object{{"seq", r.Int(0)},
                               {"targetId", r.Int(1)},
                               {"targetName", r.Text(2)},
                               {"outId", r.Int(3)},
                               {"outName", r.Text(4)},
                               {"inId", r.Int(5)},
                               {"inName", r.Text(6)},
                               {"reason", r.Text(7)},
                               {"reasonName", ReasonName(r.Text(7))},
                               {"note", r.Text(8)},
                               {"at", r.Text(9)}});
  }
  return out;
}

}  // namespace

Result<json::object> InspectionService::Plan(std::int64_t id) {
  const domain::Date today = Today();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    auto item =
        tx.Query("SELECT id, code, name FROM inspection_items WHERE id = $1", {plan->item_id});
    if (!item.ok()) return item.status();
    json::object o{{"id", plan->id},
                   {"agencyId", plan->agency_id},
                   {"code", plan->code},
                   {"title", plan->title},
                   {"status", plan->status},
                   {"statusName", StatusName(plan->status)},
                   {"item", json::object{{"id", item->rows.front().Int(0)},
                                         {"code", item->rows.front().Text(1)},
                                         {"name", item->rows.front().Text(2)}}},
                   {"area", plan->area},
                   {"scope", ScopeJson(plan->scope)},
                   {"frequency", plan->frequency},
                   {"periodStart", plan->period_start},
                   {"periodEnd", plan->period_end},
                   {"teamSize", plan->team_size},
                   {"source", plan->source},
                   {"drawDate", plan->draw_date},
                   {"createdAt", plan->created_at}};
    auto opt = [](const std::optional<std::string>& v) {
      return v ? json::value(*v) : json::value(nullptr);
    };
    o["publishedAt"] = opt(plan->published_at);
    o["drawnAt"] = opt(plan->drawn_at);
    o["publicValue"] = opt(plan->public_value);
    const auto draw_date = domain::ParseDate(plan->draw_date);
    o["canDraw"] = plan->status == "published" && draw_date && today >= *draw_date;
    json::array strata = StrataJson(plan->strata);
    if (plan->status == "draft") {
      auto pools = Pools(tx, *plan);
      if (!pools.ok()) return pools.status();
      for (std::size_t s = 0; s < strata.size(); ++s) {
        auto& so = strata[s].as_object();
        const auto size = static_cast<std::int64_t>((*pools)[s].size());
        so["poolSize"] = size;
        so["drawCount"] = std::min(size, CountOf(plan->strata[s], size));
        so["poolRoot"] = nullptr;
      }
    } else {
      auto rows = tx.Query(
          "SELECT idx, pool_size, count, pool_root FROM inspection_strata WHERE plan_id = $1"
          " ORDER BY idx",
          {id});
      if (!rows.ok()) return rows.status();
      for (const auto& r : rows->rows) {
        auto& so = strata[static_cast<std::size_t>(r.Int(0))].as_object();
        so["poolSize"] = r.Int(1);
        so["drawCount"] = r.Int(2);
        so["poolRoot"] = r.Text(3);
      }
    }
    o["strata"] = std::move(strata);
    auto teams = TeamsJson(tx, id, today, false);
    if (!teams.ok()) return teams.status();
    o["teams"] = std::move(*teams);
    auto reps = ReplacementsJson(tx, id);
    if (!reps.ok()) return reps.status();
    o["replacements"] = std::move(*reps);
    return o;
  });
}

Result<json::object> InspectionService::PublishPlan(std::int64_t id, std::int64_t actor_id) {
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    if (plan->status != "draft") return Status::Conflict("计划已发布");
    const auto draw_date = domain::ParseDate(plan->draw_date);
    if (!draw_date || *draw_date < today) {
      return Status::Invalid(fmt::format("抽取日期 {} 已过:公开随机源须在计划发布之后产生,"
                                         "请改为今天或以后的日期",
                                         plan->draw_date))
          .WithField("drawDate");
    }
    auto pools = Pools(tx, *plan);
    if (!pools.ok()) return pools.status();
    for (std::size_t s = 0; s < plan->strata.size(); ++s) {
      const auto& spec = plan->strata[s];
      const auto& pool = (*pools)[s];
      const auto size = static_cast<std::int64_t>(pool.size());
      if (size == 0) {
        return Status::Invalid(fmt::format("分层「{}」({})没有符合条件的检查对象,无法抽取;"
                                           "请调整范围或删去这一分层",
                                           spec.name, FilterText(spec.filter)))
            .WithField("strata");
      }
      const std::int64_t count = CountOf(spec, size);
      if (count > size) {
        return Status::Invalid(fmt::format("分层「{}」只有 {} 个检查对象,少于抽查数量 {}",
                                           spec.name, size, count))
            .WithField("strata");
      }
      std::vector<PoolTarget> targets;
      targets.reserve(pool.size());
      for (const auto& t : pool) targets.push_back({t.id, t.credit_code, t.name});
      SX_RETURN_IF_ERROR(
          tx.Query("INSERT INTO inspection_strata (plan_id, idx, name, filter, ratio, count,"
                   " pool_size, pool_root) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   {id, static_cast<std::int64_t>(s), spec.name, FilterText(spec.filter),
                    spec.ratio.value_or(""), count, size, PoolRoot(targets)})
              .status());
      // Many rows per statement: a pool may hold a million targets.
      constexpr std::size_t kBatch = 200;
      for (std::size_t i = 0; i < pool.size(); i += kBatch) {
        std::string sql =
            "INSERT INTO inspection_pool (plan_id, stratum, position, target_id, credit_code,"
            " name) VALUES ";
        std::vector<Param> params;
        const std::size_t end = std::min(pool.size(), i + kBatch);
        for (std::size_t k = i; k < end; ++k) {
          const std::size_t base = params.size();
          sql += fmt::format("{}(${}, ${}, ${}, ${}, ${}, ${})", k == i ? "" : ",", base + 1,
                             base + 2, base + 3, base + 4, base + 5, base + 6);
          params.insert(params.end(),
                        {id, static_cast<std::int64_t>(s), static_cast<std::int64_t>(k), pool[k].id,
                         pool[k].credit_code, pool[k].name});
        }
        SX_RETURN_IF_ERROR(tx.Query(sql, params).status());
      }
    }
    SX_RETURN_IF_ERROR(tx.Query("UPDATE inspection_plans SET status = 'published',"
                                " published_at = $2, updated_at = $2 WHERE id = $1",
                                {id, now})
                           .status());
    auto bundle = LoadBundle(tx, id);
    if (!bundle.ok()) return bundle.status();
    const std::string digest = "sha256:" + Sha256HexOf(BundleJson(*bundle));
    SX_RETURN_IF_ERROR(
        tx.Query("UPDATE inspection_plans SET bundle_digest = $2 WHERE id = $1", {id, digest})
            .status());
    auto published = LoadPlan(tx, id);
    if (!published.ok()) return published.status();
    return RecordPlan(tx, *published, "inspection.plan_published", actor_id, now, digest);
  });
  if (!st.ok()) return st;
  return Plan(id);
}

Result<json::object> InspectionService::Draw(std::int64_t id, std::string_view public_value,
                                             std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::CheckText(public_value, "公开随机数", "publicValue", 200));
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    if (plan->status == "drawn") {
      return Status::Conflict(fmt::format("已于 {} 抽取,公开随机数“{}”已记录,不能再次录入或更改",
                                          plan->drawn_at.value_or(""),
                                          plan->public_value.value_or("")));
    }
    if (plan->status != "published") {
      return Status::Conflict("计划尚未发布:抽取名录和公开随机源须先公布");
    }
    const auto draw_date = domain::ParseDate(plan->draw_date);
    if (!draw_date || today < *draw_date) {
      return Status::Conflict(
          fmt::format("抽取日期为 {},公开随机源的值届时才产生,今天不能抽取", plan->draw_date));
    }
    auto bundle = LoadBundle(tx, id, false);
    if (!bundle.ok()) return bundle.status();
    auto category = tx.Query(
        "SELECT p.enforcement_category FROM inspection_items i"
        " JOIN power_items p ON p.id = i.power_item_id WHERE i.id = $1",
        {plan->item_id});
    if (!category.ok()) return category.status();
    auto inspectors = Eligible(tx, *plan, category->rows.front().Text(0), today);
    if (!inspectors.ok()) return inspectors.status();
    std::unordered_set<std::int64_t> eligible;
    for (const auto& i : *inspectors) eligible.insert(i.id);
    std::vector<BundleRecusal> recusals;
    Status s2 = tx.ForEach(
        "SELECT c.officer_id, c.target_id, c.kind FROM inspection_conflicts c"
        " WHERE c.agency_id = $2 AND EXISTS (SELECT 1 FROM inspection_pool p"
        " WHERE p.plan_id = $1 AND p.target_id = c.target_id)"
        " ORDER BY c.target_id, c.officer_id, c.kind",
        {id, plan->agency_id}, [&](const store::RowView& r) {
          if (!eligible.contains(r.Int(0))) return Status::Ok();
          if (!recusals.empty() && recusals.back().inspector == r.Int(0) &&
              recusals.back().target == r.Int(1)) {
            return Status::Ok();  // one recusal per pair, whatever the kinds
          }
          recusals.push_back({r.Int(0), r.Int(1), std::string(r.Text(2))});
          return Status::Ok();
        });
    if (!s2.ok()) return s2;
    // Only the drawn positions are read from the pool, by its key.
    auto lookup =
        [&tx, id](std::size_t stratum,
                  const std::vector<std::int64_t>& positions) -> Result<std::vector<std::int64_t>> {
      std::unordered_map<std::int64_t, std::int64_t> at;
      constexpr std::size_t kBatch = 500;
      for (std::size_t i = 0; i < positions.size(); i += kBatch) {
        std::string in;
        for (std::size_t k = i; k < std::min(positions.size(), i + kBatch); ++k) {
          in += fmt::format("{}{}", k == i ? "" : ",", positions[k]);
        }
        auto rows =
            tx.Query(fmt::format("SELECT position, target_id FROM inspection_pool"
                                 " WHERE plan_id = $1 AND stratum = $2 AND position IN ({})",
                                 in),
                     {id, static_cast<std::int64_t>(stratum)});
        if (!rows.ok()) return rows.status();
        for (const auto& r : rows->rows) at[r.Int(0)] = r.Int(1);
      }
      std::vector<std::int64_t> out;
      out.reserve(positions.size());
      for (std::int64_t p : positions) {
        const auto it = at.find(p);
        if (it == at.end()) return Status::Internal("抽查名录缺少抽中的位置");
        out.push_back(it->second);
      }
      return out;
    };
    auto draw = ComputeDraw(*bundle, public_value, std::move(*inspectors), std::move(recusals), now,
                            lookup);
    if (!draw.ok()) return draw.status();
    for (std::size_t s = 0; s < draw->strata.size(); ++s) {
      const auto& sd = draw->strata[s];
      json::array sel;
      for (auto v : sd.selected) sel.push_back(v);
      SX_RETURN_IF_ERROR(
          tx.Query("UPDATE inspection_strata SET input = $3, seed = $4,"
                   " selected = $5 WHERE plan_id = $1 AND idx = $2",
                   {id, static_cast<std::int64_t>(s), sd.input, sd.seed, json::serialize(sel)})
              .status());
    }
    for (const auto& i : draw->inspectors) {
      SX_RETURN_IF_ERROR(
          tx.Query("INSERT INTO inspection_draw_inspectors (plan_id, officer_id,"
                   " name, cert_number, load) VALUES ($1, $2, $3, $4, $5)",
                   {id, i.id, i.name, i.cert_number, static_cast<std::int64_t>(i.load)})
              .status());
    }
    for (const auto& r : draw->recusals) {
      SX_RETURN_IF_ERROR(tx.Query("INSERT INTO inspection_draw_recusals (plan_id, officer_id,"
                                  " target_id, kind) VALUES ($1, $2, $3, $4)",
                                  {id, r.inspector, r.target, r.kind})
                             .status());
    }
    // The stratum of each drawn target, in the draw's order.
    std::vector<std::int64_t> stratum_of;
    for (std::size_t s = 0; s < draw->strata.size(); ++s) {
      stratum_of.insert(stratum_of.end(), draw->strata[s].selected.size(),
                        static_cast<std::int64_t>(s));
    }
    constexpr std::size_t kBatch = 200;
    for (std::size_t i = 0; i < draw->teams.size(); i += kBatch) {
      std::string sql =
          "INSERT INTO inspection_assignments (plan_id, seq, stratum, target_id, drawn, team)"
          " VALUES ";
      std::vector<Param> params;
      for (std::size_t k = i; k < std::min(draw->teams.size(), i + kBatch); ++k) {
        json::array team;
        for (auto m : draw->teams[k].inspectors) team.push_back(m);
        const std::size_t b = params.size();
        sql += fmt::format("{}(${}, ${}, ${}, ${}, ${}, ${})", k == i ? "" : ",", b + 1, b + 2,
                           b + 3, b + 4, b + 5, b + 5);
        params.insert(params.end(), {id, static_cast<std::int64_t>(k), stratum_of[k],
                                     draw->teams[k].target, json::serialize(team)});
      }
      SX_RETURN_IF_ERROR(tx.Query(sql, params).status());
    }
    const std::string digest = "sha256:" + Sha256HexOf(DrawJson(*draw));
    auto updated = tx.Query(
        "UPDATE inspection_plans SET status = 'drawn', public_value = $2, team_seed = $3,"
        " drawn_at = $4, updated_at = $4 WHERE id = $1 AND status = 'published'",
        {id, std::string(public_value), draw->team_seed, now});
    if (!updated.ok()) return updated.status();
    if (updated->affected != 1) return Status::Conflict("计划已被他人同时抽取");
    auto drawn = LoadPlan(tx, id);
    if (!drawn.ok()) return drawn.status();
    return RecordPlan(tx, *drawn, "inspection.drawn", actor_id, now, digest, "draw");
  });
  if (!st.ok()) return st;
  return Plan(id);
}

Result<json::object> InspectionService::ReplaceInspector(std::int64_t id, std::int64_t target_id,
                                                         std::int64_t inspector_id,
                                                         std::string_view reason,
                                                         std::string_view note,
                                                         std::int64_t actor_id) {
  SX_RETURN_IF_ERROR(domain::CheckText(note, "更换说明", "note", 500, true));
  const std::string now = FormatUtc(clock_.Now());
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    if (plan->status != "drawn") return Status::Conflict("计划尚未抽取,没有可更换的检查人员");
    auto done = tx.Query("SELECT 1 FROM inspection_results WHERE plan_id = $1 AND target_id = $2",
                         {id, target_id});
    if (!done.ok()) return done.status();
    if (!done->empty()) return Status::Conflict("这一对象的检查结果已录入,不能再更换检查人员");
    auto bundle = LoadBundle(tx, id, false);
    if (!bundle.ok()) return bundle.status();
    auto in = Replace(*bundle->draw, target_id, inspector_id, reason, note, now);
    if (!in.ok()) return in.status();
    const auto& rep = bundle->draw->replacements.back();
    SX_RETURN_IF_ERROR(tx.Query("INSERT INTO inspection_replacements (plan_id, seq, target_id,"
                                " out_id, in_id, reason, note, actor_id, at)"
                                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                {id, static_cast<std::int64_t>(rep.seq), target_id, inspector_id,
                                 *in, std::string(reason), std::string(note), actor_id, now})
                           .status());
    for (const auto& t : bundle->draw->final_teams) {
      if (t.target != target_id) continue;
      json::array team;
      for (auto m : t.inspectors) team.push_back(m);
      SX_RETURN_IF_ERROR(tx.Query("UPDATE inspection_assignments SET team = $3"
                                  " WHERE plan_id = $1 AND target_id = $2",
                                  {id, target_id, json::serialize(team)})
                             .status());
    }
    const std::string digest = "sha256:" + Sha256HexOf(DrawJson(*bundle->draw));
    return RecordPlan(tx, *plan, "inspection.replaced", actor_id, now, digest, "draw");
  });
  if (!st.ok()) return st;
  return Plan(id);
}

Result<json::object> InspectionService::EnterResult(std::int64_t id, const ResultEntry& e,
                                                    const InspectionActor& who) {
  const auto outcome = OutcomeName(e.outcome);
  if (!outcome) {
    return Status::Invalid(
               "检查结果应为 no_problem(未发现问题)、rectify(责令整改)或 case(移交立案)")
        .WithField("outcome");
  }
  if ((e.outcome == "case") != e.case_id.has_value()) {
    return Status::Invalid(e.outcome == "case" ? "移交立案须填写所立案件"
                                               : "只有移交立案的结果才关联案件")
        .WithField("caseId");
  }
  if (!e.note.empty())
    SX_RETURN_IF_ERROR(domain::CheckText(e.note, "检查情况", "note", 1000, true));
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    if (plan->status != "drawn") return Status::Conflict("计划尚未抽取");
    auto team =
        tx.Query("SELECT team FROM inspection_assignments WHERE plan_id = $1 AND target_id = $2",
                 {id, e.target_id});
    if (!team.ok()) return team.status();
    if (team->empty()) return Status::Invalid("该对象不在本计划抽中的名单中").WithField("targetId");
    std::optional<std::int64_t> officer = who.officer_id;
    if (!officer) {
      auto linked = tx.Query("SELECT officer_id FROM users WHERE id = $1", {who.user_id});
      if (!linked.ok()) return linked.status();
      if (!linked->empty() && !linked->rows.front().IsNull(0)) {
        officer = linked->rows.front().Int(0);
      }
    }
    bool member = false;
    for (std::int64_t m : IdsOf(team->rows.front().Text(0))) {
      member = member || (officer && m == *officer);
    }
    if (!member && !who.for_team) {
      return Status::Permission("只有抽中的检查组成员(或承办机构负责人)可以录入这一对象的检查结果");
    }
    if (e.case_id) {
      auto c = tx.Query("SELECT 1 FROM cases WHERE id = $1 AND agency_id = $2",
                        {*e.case_id, plan->agency_id});
      if (!c.ok()) return c.status();
      if (c->empty()) return Status::Invalid("本机关没有这一案件").WithField("caseId");
    }
    OpenDeadline od;
    od.agency_id = plan->agency_id;
    od.rule_code = "inspection.publish";
    od.subject = fmt::format("抽查结果公示:{}", plan->title);
    od.object = fmt::format("inspection_plan:{}", id);
    od.start_date = today;
    auto opened = deadlines_.OpenIn(tx, od, who.user_id);
    if (!opened.ok()) return opened.status();
    auto inserted = tx.Query(
        "INSERT INTO inspection_results (plan_id, target_id, outcome, case_id, note, entered_by,"
        " entered_at, result_on, deadline_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {id, e.target_id, e.outcome, OptParam(e.case_id), e.note, who.user_id, now,
         domain::FormatDate(today), opened->record.id});
    if (!inserted.ok()) {
      if (inserted.status().code() == Code::kConflict) {
        return Status::Conflict("这一对象的检查结果已录入");
      }
      return inserted.status();
    }
    domain::LedgerEvent ev;
    ev.type = "inspection.result_entered";
    ev.agency_id = plan->agency_id;
    ev.object = fmt::format("inspection_plan:{}", id);
    ev.actor_id = who.user_id;
    ev.at = now;
    return AppendRecord(tx, std::move(ev),
                        {{"target_id", std::to_string(e.target_id)},
                         {"outcome", e.outcome},
                         {"case_id", e.case_id ? std::to_string(*e.case_id) : ""},
                         {"note", e.note}});
  });
  if (!st.ok()) return st;
  return Plan(id);
}

Result<json::object> InspectionService::PublishResults(std::int64_t id, std::int64_t actor_id) {
  const std::string now = FormatUtc(clock_.Now());
  const domain::Date today = Today();
  Status st = db_.Write([&](store::Tx& tx) -> Status {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    auto rows = tx.Query(
        "SELECT target_id, deadline_id FROM inspection_results WHERE plan_id = $1"
        " AND published_on IS NULL ORDER BY target_id",
        {id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Invalid("没有待发布的检查结果").WithField("results");
    std::vector<std::string> targets;
    for (const auto& r : rows->rows) {
      if (!r.IsNull(1)) {
        auto done = deadlines_.CompleteIn(tx, r.Int(1), today, actor_id);
        if (!done.ok()) return done.status();
      }
      targets.push_back(std::to_string(r.Int(0)));
    }
    SX_RETURN_IF_ERROR(tx.Query("UPDATE inspection_results SET published_on = $2"
                                " WHERE plan_id = $1 AND published_on IS NULL",
                                {id, domain::FormatDate(today)})
                           .status());
    domain::LedgerEvent ev;
    ev.type = "inspection.results_published";
    ev.agency_id = plan->agency_id;
    ev.object = fmt::format("inspection_plan:{}", id);
    ev.actor_id = actor_id;
    ev.at = now;
    return AppendRecord(tx, std::move(ev),
                        {{"targets", fmt::format("{}", fmt::join(targets, ","))}});
  });
  if (!st.ok()) return st;
  return Plan(id);
}

// ---- public -------------------------------------------------------------------------------------

Result<json::object> InspectionService::PublicPlans(std::string_view agency_code) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    std::string where = "p.status <> 'draft'";
    std::vector<Param> params;
    if (!agency_code.empty()) {
      params.push_back(std::string(agency_code));
      where += " AND a.code = $1";
    }
    auto rows = tx.Query(
        fmt::format("SELECT p.id, p.code, p.title, a.name, a.code, i.name, p.status, p.draw_date,"
                    " p.published_at, p.drawn_at,"
                    " (SELECT COUNT(*) FROM inspection_assignments x WHERE x.plan_id = p.id),"
                    " (SELECT COUNT(*) FROM inspection_results r WHERE r.plan_id = p.id"
                    " AND r.published_on IS NOT NULL)"
                    " FROM inspection_plans p JOIN agencies a ON a.id = p.agency_id"
                    " JOIN inspection_items i ON i.id = p.item_id WHERE {}"
                    " ORDER BY p.published_at DESC, p.id DESC LIMIT 500",
                    where),
        params);
    if (!rows.ok()) return rows.status();
    json::array items;
    for (const auto& r : rows->rows) {
      items.push_back(json::object{{"id", r.Int(0)},
                                   {"code", r.Text(1)},
                                   {"title", r.Text(2)},
                                   {"agency", r.Text(3)},
                                   {"agencyCode", r.Text(4)},
                                   {"itemName", r.Text(5)},
                                   {"status", r.Text(6)},
                                   {"statusName", StatusName(r.Text(6))},
                                   {"drawDate", r.Text(7)},
                                   {"publishedAt", r.Text(8)},
                                   {"drawnAt", r.OptText(9) ? json::value(r.Text(9)) : nullptr},
                                   {"targetCount", r.Int(10)},
                                   {"resultCount", r.Int(11)}});
    }
    return json::object{{"items", std::move(items)}};
  });
}

Result<json::object> InspectionService::PublicPlan(std::int64_t id) {
  const domain::Date today = Today();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto plan = LoadPlan(tx, id);
    if (!plan.ok()) return plan.status();
    if (plan->status == "draft") return Status::NotFound("没有这个抽查计划");
    auto head = tx.Query(
        "SELECT a.name, a.code, i.code, i.name FROM agencies a, inspection_items i"
        " WHERE a.id = $1 AND i.id = $2",
        {plan->agency_id, plan->item_id});
    if (!head.ok()) return head.status();
    const auto& h = head->rows.front();
    json::object o{{"id", plan->id},
                   {"code", plan->code},
                   {"title", plan->title},
                   {"agency", h.Text(0)},
                   {"agencyCode", h.Text(1)},
                   {"item", json::object{{"code", h.Text(2)}, {"name", h.Text(3)}}},
                   {"area", plan->area},
                   {"status", plan->status},
                   {"statusName", StatusName(plan->status)},
                   {"source", plan->source},
                   {"drawDate", plan->draw_date},
                   {"frequency", plan->frequency},
                   {"periodStart", plan->period_start},
                   {"periodEnd", plan->period_end},
                   {"publishedAt", plan->published_at.value_or("")},
                   {"teamSize", plan->team_size}};
    o["drawnAt"] = plan->drawn_at ? json::value(*plan->drawn_at) : json::value(nullptr);
    o["publicValue"] = plan->public_value ? json::value(*plan->public_value) : json::value(nullptr);
    auto strata = tx.Query(
        "SELECT name, filter, ratio, count, pool_size, pool_root FROM inspection_strata"
        " WHERE plan_id = $1 ORDER BY idx",
        {id});
    if (!strata.ok()) return strata.status();
    json::array sa;
    for (const auto& r : strata->rows) {
      sa.push_back(
          json::object{{"name", r.Text(0)},
                       {"filter", r.Text(1)},
                       {"ratio", r.Text(2).empty() ? json::value(nullptr) : json::value(r.Text(2))},
                       {"count", r.Int(3)},
                       {"poolSize", r.Int(4)},
                       {"poolRoot", r.Text(5)}});
    }
    o["strata"] = std::move(sa);
    auto teams = TeamsJson(tx, id, today, true);
    if (!teams.ok()) return teams.status();
    json::array results;
    for (const auto& t : *teams) {
      const auto& team = t.as_object();
      if (team.at("result").is_null()) continue;
      const auto& res = team.at("result").as_object();
      if (res.at("publishedOn").is_null()) continue;
      results.push_back(json::object{{"targetName", team.at("target").at("name")},
                                     {"creditCode", team.at("target").at("creditCode")},
                                     {"outcome", res.at("outcome")},
                                     {"outcomeName", res.at("outcomeName")},
                                     {"caseNumber", res.at("caseNumber")},
                                     {"publishedOn", res.at("publishedOn")}});
    }
    o["results"] = std::move(results);
    auto reps = ReplacementsJson(tx, id);
    if (!reps.ok()) return reps.status();
    for (auto& r : *reps) {
      auto& ro = r.as_object();
      ro.erase("targetId");
      ro.erase("outId");
      ro.erase("inId");
    }
    o["replacements"] = std::move(*reps);
    return o;
  });
}

Result<std::string> InspectionService::Bundle(std::int64_t id) {
  return store::InTx<std::string>(db_, false, [&](store::Tx& tx) -> Result<std::string> {
    auto bundle = LoadBundle(tx, id);
    if (!bundle.ok()) return bundle.status();
    return BundleJson(*bundle);
  });
}

}  // namespace sx::services
