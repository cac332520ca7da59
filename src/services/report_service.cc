#include "services/report_service.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "domain/ledger_event.h"
#include "domain/text.h"
#include "services/ledger_service.h"

namespace sx::services {

namespace json = boost::json;

namespace {

using domain::Month;
using domain::Share;
using store::Param;

// ---- dates ----------------------------------------------------------------------------------

// The first instant (UTC, as stored) of a day in Asia/Shanghai: 00:00 +08:00 is 16:00Z the day
// before.
std::string ShanghaiMidnightUtc(domain::Date d) {
  const domain::Date before = std::chrono::sys_days(d) - std::chrono::days(1);
  return domain::FormatDate(before) + "T16:00:00.000Z";
}

// The Shanghai date of a stored UTC instant ("2026-11-28T17:00:00.000Z" → 2026-11-29).
std::optional<domain::Date> ShanghaiDayOf(std::string_view utc) {
  if (utc.size() < 13) return std::nullopt;
  auto d = domain::ParseDate(utc.substr(0, 10));
  if (!d) return std::nullopt;
  const int hour = (utc[11] - '0') * 10 + (utc[12] - '0');
  if (hour >= 16) return std::chrono::sys_days(*d) + std::chrono::days(1);
  return d;
}

int MonthIndex(const Month& m) { return m.year * 12 + (m.month - 1); }

// ---- indicators -----------------------------------------------------------------------------

// One indicator's numbers: over the period and per month. Shares add up numerators and
// denominators; counts at a date keep the last month's; means add sums and counts.
struct Series {
  enum class Kind { kShare, kCountAtEnd, kMean } kind = Kind::kShare;
  std::vector<std::int64_t> num, den;  // per month (for kMean: sum in tenths, count)
  std::vector<double> sum;
  explicit Series(std::size_t months, Kind k = Kind::kShare)
      : kind(k), num(months), den(months), sum(months) {}
};

json::value Value(const Series& s, std::int64_t n, std::int64_t d, double sum) {
  switch (s.kind) {
    case Series::Kind::kShare: {
      const auto p = Share{n, d}.Percent();
      return p ? json::value(*p) : json::value(nullptr);
    }
    case Series::Kind::kCountAtEnd:
      return json::value(n);
    case Series::Kind::kMean: {
      const auto m = domain::RoundedMean(sum, d);
      return m ? json::value(*m) : json::value(nullptr);
    }
  }
  return nullptr;
}

json::object IndicatorJson(const domain::IndicatorDef& def, const Series& s, const Month& from,
                           std::size_t months_counted) {
  json::array months;
  std::int64_t n = 0, d = 0;
  double sum = 0;
  Month m = from;
  for (std::size_t i = 0; i < s.num.size(); ++i, m = domain::Next(m)) {
    months.push_back(json::object{{"month", domain::MonthText(m)},
                                  {"value", Value(s, s.num[i], s.den[i], s.sum[i])},
                                  {"numerator", s.num[i]},
                                  {"denominator", s.den[i]}});
    if (s.kind == Series::Kind::kCountAtEnd) {
      if (i < months_counted) n = s.num[i];  // the last month that has begun
    } else {
      n += s.num[i];
      d += s.den[i];
      sum += s.sum[i];
    }
  }
  return json::object{{"code", def.code},
                      {"name", def.name},
                      {"unit", def.unit},
                      {"what", def.what},
                      {"better", def.better == domain::Better::kHigher ? "higher" : "lower"},
                      {"value", Value(s, n, d, sum)},
                      {"numerator", n},
                      {"denominator", d},
                      {"months", std::move(months)}};
}

// The deadlines of the indicators that fall due from `first` to `last` (inclusive), counted per
// rule and due date: how many were met in time and how many were late, seen on `today` —
// domain::Classify in SQL (ISO dates compare as text), so that a year of a large agency is
// counted from the index without sending its rows. Not yet due ones are in neither count.
template <typename Fn>
Status ForEachDueDeadline(store::Tx& tx, std::int64_t agency, const std::string& first,
                          const std::string& last, domain::Date today, Fn fn) {
  auto rows = tx.Query(
      "SELECT rule_code, due_date,"
      " SUM(CASE WHEN done_on IS NOT NULL AND done_on <= due_date THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN done_on > due_date OR (done_on IS NULL AND due_date < $4) THEN 1 ELSE 0"
      " END) FROM deadlines WHERE agency_id = $1"
      " AND rule_code IN ('publish.penalty', 'publish.result', 'publish.withdraw',"
      " 'legal_review', 'complaint.reply') AND due_date >= $2 AND due_date <= $3"
      " GROUP BY rule_code, due_date",
      {agency, first, last, domain::FormatDate(today)});
  if (!rows.ok()) return rows.status();
  for (const auto& r : rows->rows) {
    const std::string rule = r.Text(0);
    const std::string_view key = rule == "publish.withdraw"  ? "withdrawal.on_time"
                                 : rule == "legal_review"    ? "review.on_time"
                                 : rule == "complaint.reply" ? "complaint.on_time"
                                                             : "publication.on_time";
    const auto due = domain::ParseDate(r.Text(1));
    if (due) fn(key, *due, r.Int(2), r.Int(3));
  }
  return Status::Ok();
}

// ---- the annual report's rows ---------------------------------------------------------------

struct RowDef {
  std::string_view code, label, unit;
};

struct SectionDef {
  std::string_view code, title;
  std::vector<RowDef> rows;
};

const std::vector<SectionDef>& Sections() {
  static const std::vector<SectionDef> s = {
      {"penalty",
       "行政处罚",
       {{"penalty.decisions", "行政处罚决定", "件"},
        {"penalty.fines", "其中:罚款", "件"},
        {"penalty.other", "其中:警告等其他处罚", "件"},
        {"penalty.fine_amount", "罚款金额", "元"},
        {"penalty.summary", "简易程序(当场处罚)", "件"},
        {"penalty.ordinary", "普通程序", "件"},
        {"penalty.no_penalty", "决定不予行政处罚", "件"},
        {"penalty.transfer", "移送司法机关", "件"},
        {"penalty.orders", "责令限期缴存(办理)", "件"}}},
      {"inspection",
       "行政检查",
       {{"inspection.plans", "双随机抽查计划", "个"},
        {"inspection.pool", "抽查名录对象", "户"},
        {"inspection.targets", "抽查检查对象", "户"},
        {"inspection.ratio", "抽查比例", "%"},
        {"inspection.results", "已录入检查结果", "户"},
        {"inspection.problems", "发现问题", "户"},
        {"inspection.cases", "其中:立案查处", "户"},
        {"inspection.published", "检查结果已公示", "户"}}},
      {"coercion",
       "行政强制",
       {{"coercion.seizures", "查封、扣押", "件"},
        {"coercion.court", "申请人民法院强制执行", "件"}}},
      {"review",
       "法制审核",
       {{"review.cases", "法制审核案件", "件"},
        {"review.submissions", "送审次数", "次"},
        {"review.first_pass", "一次通过率", "%"},
        {"review.on_time", "按时审核率", "%"}}},
      {"hearing",
       "听证与集体讨论",
       {{"hearing.held", "举行听证", "次"}, {"hearing.discussions", "集体讨论", "次"}}},
      {"remedy",
       "行政复议与行政诉讼",
       {{"remedy.reconsideration", "行政复议案件", "件"},
        {"remedy.reconsideration.upheld", "行政复议:维持", "件"},
        {"remedy.reconsideration.revoked", "行政复议:撤销", "件"},
        {"remedy.reconsideration.altered", "行政复议:变更", "件"},
        {"remedy.reconsideration.confirmed_illegal", "行政复议:确认违法", "件"},
        {"remedy.reconsideration.dismissed", "行政复议:驳回", "件"},
        {"remedy.litigation", "行政诉讼案件", "件"},
        {"remedy.litigation.upheld", "行政诉讼:维持", "件"},
        {"remedy.litigation.revoked", "行政诉讼:撤销", "件"},
        {"remedy.litigation.altered", "行政诉讼:变更", "件"},
        {"remedy.litigation.confirmed_illegal", "行政诉讼:确认违法", "件"},
        {"remedy.litigation.dismissed", "行政诉讼:驳回", "件"},
        {"remedy.correction_rate", "被纠错率(撤销、变更、确认违法)", "%"}}},
      {"publication",
       "执法公示",
       {{"publication.penalty", "公示行政处罚决定", "件"},
        {"publication.result", "公示其他执法结果", "件"},
        {"publication.on_time", "按时公示率", "%"},
        {"publication.withdrawn", "撤下已公示信息", "件"}}},
      {"complaint",
       "投诉举报",
       {{"complaint.received", "收到投诉举报", "件"},
        {"complaint.answered", "已办结", "件"},
        {"complaint.on_time", "按时答复率", "%"},
        {"complaint.cases", "转立案查处", "件"}}},
  };
  return s;
}

constexpr std::string_view kRemedyOutcomes[] = {"upheld", "revoked", "altered", "confirmed_illegal",
                                                "dismissed"};
constexpr std::string_view kRemedyOutcomeNames[] = {"维持", "撤销", "变更", "确认违法", "驳回"};

// The figures of one year: exact integers (amounts in 元 are whole: fines are decided in 元)
// and shares kept as numerator/denominator until they are shown.
struct Figures {
  std::map<std::string, std::int64_t> counts;
  std::map<std::string, Share> shares;
  std::array<std::int64_t, 12> decisions_by_month{};
  std::array<std::int64_t, 5> remedies_by_outcome{};
  std::map<std::string, std::int64_t> inspection_outcomes;
  bool has_data = false;
};

std::string YearStart(int year) { return fmt::format("{:04}-01-01", year); }

Result<Figures> Gather(store::Tx& tx, std::int64_t agency, int year, domain::Date today) {
  Figures f;
  const std::string from = YearStart(year), to = YearStart(year + 1);
  const domain::Date first = std::chrono::year(year) / 1 / 1;
  const domain::Date next = std::chrono::year(year + 1) / 1 / 1;
  const std::string from_utc = ShanghaiMidnightUtc(first), to_utc = ShanghaiMidnightUtc(next);
  auto& c = f.counts;

  // 行政处罚: decisions of the year by outcome, procedure, fine and month (one pass over the
  // agency's decisions through case_facts_decided).
  // Grouped in the index's order (no sort): a row per day, outcome and procedure.
  auto decided = tx.Query(
      "SELECT decided_on, outcome, procedure, COUNT(*),"
      " SUM(CASE WHEN fine > 0 THEN 1 ELSE 0 END), COALESCE(SUM(fine), 0) FROM case_facts"
      " WHERE agency_id = $1 AND decided_on >= $2 AND decided_on < $3"
      " GROUP BY decided_on, outcome, procedure",
      {agency, from, to});
  if (!decided.ok()) return decided.status();
  for (const auto& r : decided->rows) {
    const std::string& on = r.Text(0);
    const std::string outcome = r.Text(1);
    const std::int64_t n = r.Int(3), fined = r.Int(4);
    const int month = on.size() >= 7 ? (on[5] - '0') * 10 + (on[6] - '0') : 0;
    if (month >= 1 && month <= 12) f.decisions_by_month[static_cast<std::size_t>(month - 1)] += n;
    if (outcome == "penalty") {
      c["penalty.decisions"] += n;
      c["penalty.fines"] += fined;
      c["penalty.other"] += n - fined;
      c["penalty.fine_amount"] += r.Int(5);
      c[r.Text(2) == "summary" ? "penalty.summary" : "penalty.ordinary"] += n;
    } else if (outcome == "no_penalty" || outcome == "not_established") {
      c["penalty.no_penalty"] += n;
    } else if (outcome == "transfer") {
      c["penalty.transfer"] += n;
    } else if (outcome == "order") {
      c["penalty.orders"] += n;
    }
  }
  auto filed = tx.Query(
      "SELECT COUNT(*) FROM case_facts WHERE agency_id = $1 AND filed_on >= $2 AND filed_on < $3",
      {agency, from, to});
  if (!filed.ok()) return filed.status();
  if (!decided->empty() || filed->rows.front().Int(0) > 0) f.has_data = true;

  // Steps counted by when they were taken: 查封扣押, 申请强制执行, 听证, 集体讨论.
  auto steps = tx.Query(
      "SELECT e.action, COUNT(*) FROM case_events e JOIN cases k ON k.id = e.case_id"
      " WHERE e.action IN ('seize', 'apply_court', 'hold_hearing', 'discuss')"
      " AND e.at >= $2 AND e.at < $3 AND k.agency_id = $1 GROUP BY e.action",
      {agency, from_utc, to_utc});
  if (!steps.ok()) return steps.status();
  for (const auto& r : steps->rows) {
    const std::string a = r.Text(0);
    const std::int64_t n = r.Int(1);
    if (a == "seize") c["coercion.seizures"] += n;
    if (a == "apply_court") c["coercion.court"] += n;
    if (a == "hold_hearing") c["hearing.held"] += n;
    if (a == "discuss") c["hearing.discussions"] += n;
  }

  // 行政检查 (双随机): plans drawn in the year, their pools and drawn units; results of the year.
  auto plans = tx.Query(
      "SELECT COUNT(*), COALESCE(SUM((SELECT SUM(pool_size) FROM inspection_strata s"
      " WHERE s.plan_id = p.id)), 0), COALESCE(SUM((SELECT COUNT(*) FROM inspection_assignments a"
      " WHERE a.plan_id = p.id)), 0) FROM inspection_plans p"
      " WHERE p.agency_id = $1 AND p.status = 'drawn' AND p.drawn_at >= $2 AND p.drawn_at < $3",
      {agency, from_utc, to_utc});
  if (!plans.ok()) return plans.status();
  c["inspection.plans"] = plans->rows.front().Int(0);
  c["inspection.pool"] = plans->rows.front().Int(1);
  c["inspection.targets"] = plans->rows.front().Int(2);
  f.shares["inspection.ratio"] = Share{c["inspection.targets"], c["inspection.pool"]};
  auto results = tx.Query(
      "SELECT r.outcome, COUNT(*), SUM(CASE WHEN r.published_on IS NOT NULL THEN 1 ELSE 0 END)"
      " FROM inspection_results r JOIN inspection_plans p ON p.id = r.plan_id"
      " WHERE p.agency_id = $1 AND r.result_on >= $2 AND r.result_on < $3 GROUP BY r.outcome",
      {agency, from, to});
  if (!results.ok()) return results.status();
  for (const auto& r : results->rows) {
    const std::int64_t n = r.Int(1);
    c["inspection.results"] += n;
    c["inspection.published"] += r.Int(2);
    f.inspection_outcomes[r.Text(0)] += n;
    if (r.Text(0) != "no_problem") c["inspection.problems"] += n;
    if (r.Text(0) == "case") c["inspection.cases"] += n;
  }
  if (c["inspection.plans"] > 0 || c["inspection.results"] > 0) f.has_data = true;

  // 法制审核: submissions of the year; the first rounds answered; deadlines due in the year.
  auto reviews = tx.Query(
      "SELECT COUNT(*), COUNT(DISTINCT case_id),"
      " SUM(CASE WHEN round = 1 AND status = 'approved' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN round = 1 AND status IN ('approved', 'problems') THEN 1 ELSE 0 END)"
      " FROM review_submissions WHERE agency_id = $1 AND submitted_at >= $2 AND submitted_at < $3",
      {agency, from_utc, to_utc});
  if (!reviews.ok()) return reviews.status();
  c["review.submissions"] = reviews->rows.front().Int(0);
  c["review.cases"] = reviews->rows.front().Int(1);
  f.shares["review.first_pass"] = Share{reviews->rows.front().Int(2), reviews->rows.front().Int(3)};
  if (c["review.submissions"] > 0) f.has_data = true;

  // Deadlines due in the year: publication, reviews, complaints.
  SX_RETURN_IF_ERROR(ForEachDueDeadline(
      tx, agency, from, fmt::format("{:04}-12-31", year), today,
      [&](std::string_view key, domain::Date, std::int64_t in_time, std::int64_t late) {
        if (key == "withdrawal.on_time") return;
        auto& s = f.shares[std::string(key)];
        s.numerator += in_time;
        s.denominator += in_time + late;
      }));

  // 行政复议、行政诉讼 outcomes decided in the year.
  auto remedies = tx.Query(
      "SELECT kind, outcome, COUNT(*) FROM case_remedies WHERE agency_id = $1"
      " AND decided_on >= $2 AND decided_on < $3 GROUP BY kind, outcome",
      {agency, from, to});
  if (!remedies.ok()) return remedies.status();
  std::int64_t corrected = 0, remedy_total = 0;
  for (const auto& r : remedies->rows) {
    const std::string kind = r.Text(0), outcome = r.Text(1);
    const std::int64_t n = r.Int(2);
    c["remedy." + kind] += n;
    c["remedy." + kind + "." + outcome] += n;
    remedy_total += n;
    if (outcome == "revoked" || outcome == "altered" || outcome == "confirmed_illegal") {
      corrected += n;
    }
    for (std::size_t i = 0; i < std::size(kRemedyOutcomes); ++i) {
      if (kRemedyOutcomes[i] == outcome) f.remedies_by_outcome[i] += n;
    }
  }
  f.shares["remedy.correction_rate"] = Share{corrected, remedy_total};

  // 执法公示: items first published in the year, withdrawals of the year.
  auto published = tx.Query(
      "SELECT COUNT(*), SUM(CASE WHEN kind = 'penalty' THEN 1 ELSE 0 END) FROM disclosures"
      " WHERE agency_id = $1 AND published_on >= $2 AND published_on < $3",
      {agency, from, to});
  if (!published.ok()) return published.status();
  c["publication.penalty"] = published->rows.front().Int(1);
  c["publication.result"] = published->rows.front().Int(0) - published->rows.front().Int(1);
  auto withdrawn = tx.Query(
      "SELECT COUNT(*) FROM disclosures WHERE agency_id = $1 AND withdrawn_on >= $2"
      " AND withdrawn_on < $3",
      {agency, from, to});
  if (!withdrawn.ok()) return withdrawn.status();
  c["publication.withdrawn"] = withdrawn->rows.front().Int(0);

  // 投诉举报 received in the year.
  auto complaints = tx.Query(
      "SELECT COUNT(*), SUM(CASE WHEN status IN ('replied', 'case_opened', 'not_accepted')"
      " THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'case_opened' THEN 1 ELSE 0 END)"
      " FROM complaints WHERE agency_id = $1 AND received_on >= $2 AND received_on < $3",
      {agency, from, to});
  if (!complaints.ok()) return complaints.status();
  c["complaint.received"] = complaints->rows.front().Int(0);
  c["complaint.answered"] = complaints->rows.front().Int(1);
  c["complaint.cases"] = complaints->rows.front().Int(2);
  if (c["complaint.received"] > 0) f.has_data = true;
  return f;
}

json::value RowValue(const Figures& f, const RowDef& row) {
  if (row.unit == "%") {
    const auto it = f.shares.find(std::string(row.code));
    if (it == f.shares.end()) return nullptr;
    const auto p = it->second.Percent();
    return p ? json::value(*p) : json::value(nullptr);
  }
  const auto it = f.counts.find(std::string(row.code));
  const std::int64_t n = it == f.counts.end() ? 0 : it->second;
  if (row.unit == "元") return json::value(static_cast<double>(n));
  return json::value(n);
}

// The report's figures: sections of rows and the charts, with the previous year's beside them.
json::object FiguresJson(const Figures& f, const Figures* prev) {
  json::array sections;
  for (const auto& s : Sections()) {
    json::array rows;
    for (const auto& r : s.rows) {
      rows.push_back(json::object{{"code", r.code},
                                  {"label", r.label},
                                  {"unit", r.unit},
                                  {"value", RowValue(f, r)},
                                  {"previous", prev ? RowValue(*prev, r) : json::value(nullptr)}});
    }
    sections.push_back(
        json::object{{"code", s.code}, {"title", s.title}, {"rows", std::move(rows)}});
  }
  auto count = [](const Figures& x, const char* code) {
    const auto it = x.counts.find(code);
    return it == x.counts.end() ? std::int64_t{0} : it->second;
  };
  json::array charts;
  charts.push_back(
      json::object{{"code", "penalty.by_type"},
                   {"title", "行政处罚决定按类型"},
                   {"kind", "pie"},
                   {"labels", json::array{"罚款", "警告等其他处罚"}},
                   {"values", json::array{count(f, "penalty.fines"), count(f, "penalty.other")}}});
  json::array month_labels, month_values, month_prev;
  for (int m = 0; m < 12; ++m) {
    month_labels.emplace_back(fmt::format("{}月", m + 1));
    month_values.emplace_back(f.decisions_by_month[static_cast<std::size_t>(m)]);
    if (prev) month_prev.emplace_back(prev->decisions_by_month[static_cast<std::size_t>(m)]);
  }
  json::object by_month{{"code", "decisions.by_month"},
                        {"title", "各月作出的执法决定"},
                        {"kind", "bar"},
                        {"labels", std::move(month_labels)},
                        {"values", std::move(month_values)}};
  if (prev) by_month["previous"] = std::move(month_prev);
  charts.push_back(std::move(by_month));
  auto outcome = [](const Figures& x, const char* code) {
    const auto it = x.inspection_outcomes.find(code);
    return it == x.inspection_outcomes.end() ? std::int64_t{0} : it->second;
  };
  charts.push_back(json::object{
      {"code", "inspection.outcomes"},
      {"title", "抽查检查结果"},
      {"kind", "pie"},
      {"labels", json::array{"未发现问题", "责令整改", "立案查处"}},
      {"values",
       json::array{outcome(f, "no_problem"), outcome(f, "rectify"), outcome(f, "case")}}});
  json::array remedy_labels, remedy_values, remedy_prev;
  for (std::size_t i = 0; i < std::size(kRemedyOutcomes); ++i) {
    remedy_labels.emplace_back(kRemedyOutcomeNames[i]);
    remedy_values.emplace_back(f.remedies_by_outcome[i]);
    if (prev) remedy_prev.emplace_back(prev->remedies_by_outcome[i]);
  }
  json::object remedy{{"code", "remedy.outcomes"},
                      {"title", "行政复议、行政诉讼结果"},
                      {"kind", "bar"},
                      {"labels", std::move(remedy_labels)},
                      {"values", std::move(remedy_values)}};
  if (prev) remedy["previous"] = std::move(remedy_prev);
  charts.push_back(std::move(remedy));
  return json::object{{"sections", std::move(sections)}, {"charts", std::move(charts)}};
}

// The rows whose value differs between two reports' sections.
json::array Changes(const json::value& before, const json::value& after) {
  std::map<std::string, json::value> old;
  for (const auto& s : before.at("sections").as_array()) {
    for (const auto& r : s.at("rows").as_array()) {
      old[std::string(r.at("code").as_string())] = r.at("value");
    }
  }
  json::array out;
  for (const auto& s : after.at("sections").as_array()) {
    for (const auto& r : s.at("rows").as_array()) {
      const auto it = old.find(std::string(r.at("code").as_string()));
      const json::value from = it == old.end() ? json::value(nullptr) : it->second;
      if (from != r.at("value")) {
        out.push_back(json::object{{"code", r.at("code")},
                                   {"label", r.at("label")},
                                   {"unit", r.at("unit")},
                                   {"from", from},
                                   {"to", r.at("value")}});
      }
    }
  }
  return out;
}

struct StoredReport {
  std::int64_t id = 0, version = 0;
  std::string status, data, digest, note, compiled_at;
  std::optional<std::string> published_on;
};

Result<std::vector<StoredReport>> Stored(store::Tx& tx, std::int64_t agency, int year) {
  auto rows = tx.Query(
      "SELECT id, version, status, data, digest, note, compiled_at, published_on"
      " FROM annual_reports WHERE agency_id = $1 AND year = $2 AND status <> 'discarded'"
      " ORDER BY version DESC, id DESC",
      {agency, std::int64_t{year}});
  if (!rows.ok()) return rows.status();
  std::vector<StoredReport> out;
  for (const auto& r : rows->rows) {
    out.push_back(StoredReport{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5),
                               r.Text(6), r.OptText(7)});
  }
  return out;
}

// A stored report as the API sends it: its data with the state of this row and the versions.
json::object ReportJson(const StoredReport& s, const std::vector<StoredReport>& all) {
  json::error_code ec;
  json::value v = json::parse(s.data, ec);
  json::object o = !ec && v.is_object() ? std::move(v.get_object()) : json::object{};
  o["version"] = s.version;
  o["status"] = s.status;
  o["digest"] = s.digest;
  o["note"] = s.note;
  o["compiledAt"] = s.compiled_at;
  o["publishedOn"] = s.published_on ? json::value(*s.published_on) : json::value(nullptr);
  json::array versions;
  for (const auto& r : all) {
    if (r.status == "published" || r.status == "superseded") {
      versions.push_back(json::object{{"version", r.version},
                                      {"status", r.status},
                                      {"publishedOn", r.published_on.value_or("")},
                                      {"note", r.note}});
    }
  }
  o["versions"] = std::move(versions);
  return o;
}

Result<json::object> AgencyJson(store::Tx& tx, std::int64_t agency) {
  auto a = tx.Query("SELECT id, code, name FROM agencies WHERE id = $1", {agency});
  if (!a.ok()) return a.status();
  if (a->empty()) return Status::NotFound(fmt::format("执法机关 {} 不存在", agency));
  return json::object{{"id", a->rows.front().Int(0)},
                      {"code", a->rows.front().Text(1)},
                      {"name", a->rows.front().Text(2)}};
}

}  // namespace

// ---- indicators -----------------------------------------------------------------------------

Result<json::object> ReportService::Indicators(std::optional<std::int64_t> agency, Month from,
                                               Month to) {
  if (!(from <= to)) return Status::Invalid("起始月份不能晚于结束月份").WithField("from");
  const int span = MonthIndex(to) - MonthIndex(from) + 1;
  if (span > 36) return Status::Invalid("一次最多统计 36 个月").WithField("to");
  const auto months = static_cast<std::size_t>(span);
  const domain::Date today = Today();
  const std::string first = domain::FormatDate(from.First());
  const std::string last = domain::FormatDate(to.Last());
  const std::string first_utc = ShanghaiMidnightUtc(from.First());
  const std::string after_utc =
      ShanghaiMidnightUtc(std::chrono::sys_days(to.Last()) + std::chrono::days(1));
  // Months that have begun by today (counts at a month's end stop there).
  const int begun = std::clamp(MonthIndex(domain::MonthOf(today)) - MonthIndex(from) + 1, 0, span);
  auto slot = [&](const domain::Date& d) -> std::optional<std::size_t> {
    const int i = MonthIndex(domain::MonthOf(d)) - MonthIndex(from);
    if (i < 0 || i >= span) return std::nullopt;
    return static_cast<std::size_t>(i);
  };
  auto cal = calendar_.Current();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    std::vector<std::int64_t> ids;
    {
      auto rows = agency
                      ? tx.Query("SELECT id FROM agencies WHERE id = $1", {*agency})
                      : tx.Query("SELECT id FROM agencies WHERE kind = 'enforcement' ORDER BY id");
      if (!rows.ok()) return rows.status();
      for (const auto& r : rows->rows) ids.push_back(r.Int(0));
      if (agency && ids.empty())
        return Status::NotFound(fmt::format("执法机关 {} 不存在", *agency));
    }
    json::array out;
    for (std::int64_t id : ids) {
      using K = Series::Kind;
      std::map<std::string, Series> s;
      for (const auto& def : domain::Indicators()) s.emplace(std::string(def.code), Series(months));
      s.at("case.over_90_days") = Series(months, K::kCountAtEnd);
      s.at("certificate.expired") = Series(months, K::kCountAtEnd);
      s.at("complaint.response_days") = Series(months, K::kMean);
      s.at("evaluation.score") = Series(months, K::kMean);

      // Deadlines by the month they fall due.
      SX_RETURN_IF_ERROR(ForEachDueDeadline(
          tx, id, first, last, today,
          [&](std::string_view key, domain::Date due, std::int64_t in_time, std::int64_t late) {
            const auto i = slot(due);
            if (!i) return;
            auto& x = s.at(std::string(key));
            x.num[*i] += in_time;
            x.den[*i] += in_time + late;
          }));

      // First-round reviews answered, by the month of the answer.
      auto rv = tx.Query(
          "SELECT status, reviewed_at FROM review_submissions WHERE agency_id = $1 AND round = 1"
          " AND status IN ('approved', 'problems') AND reviewed_at >= $2 AND reviewed_at < $3",
          {id, first_utc, after_utc});
      if (!rv.ok()) return rv.status();
      for (const auto& r : rv->rows) {
        const auto d = ShanghaiDayOf(r.Text(1));
        const auto i = d ? slot(*d) : std::nullopt;
        if (!i) continue;
        auto& x = s.at("review.first_pass");
        ++x.den[*i];
        if (r.Text(0) == "approved") ++x.num[*i];
      }

      // Cases over 90 days at each month's end (or today, for the month under way).
      auto cases = tx.Query(
          "SELECT filed_on, decided_on FROM case_facts WHERE agency_id = $1"
          " AND filed_on IS NOT NULL AND filed_on <= $2 AND (decided_on IS NULL OR decided_on > $3)"
          " AND stage NOT IN ('withdrawn', 'not_filed')",
          {id, last, first});
      if (!cases.ok()) return cases.status();
      for (const auto& r : cases->rows) {
        const auto filed = domain::ParseDate(r.Text(0));
        if (!filed) continue;
        std::optional<domain::Date> decided;
        if (!r.IsNull(1)) decided = domain::ParseDate(r.Text(1));
        Month m = from;
        for (int i = 0; i < begun; ++i, m = domain::Next(m)) {
          const domain::Date at = std::min(m.Last(), today);
          if (domain::OverNinetyDays(*filed, decided, at)) {
            ++s.at("case.over_90_days").num[static_cast<std::size_t>(i)];
          }
        }
      }

      // Steps that need audio/video, by the month they were taken.
      auto steps = tx.Query(
          "SELECT e.at, e.data FROM case_events e JOIN cases k ON k.id = e.case_id"
          " WHERE k.agency_id = $1 AND e.at >= $2 AND e.at < $3 AND e.data LIKE '%\"recording\"%'",
          {id, first_utc, after_utc});
      if (!steps.ok()) return steps.status();
      for (const auto& r : steps->rows) {
        const auto d = ShanghaiDayOf(r.Text(0));
        const auto i = d ? slot(*d) : std::nullopt;
        if (!i) continue;
        json::error_code ec;
        const json::value v = json::parse(r.Text(1), ec);
        if (ec || !v.is_object()) continue;
        const auto* rec = v.get_object().if_contains("recording");
        if (rec == nullptr || !rec->is_object()) continue;
        const auto* ev = rec->get_object().if_contains("evidence");
        auto& x = s.at("evidence.coverage");
        ++x.den[*i];
        if (ev != nullptr && ev->is_array() && !ev->get_array().empty()) ++x.num[*i];
      }

      // Certificates expired at each month's end, of the officers on the roll by then.
      auto officers = tx.Query(
          "SELECT cert_expires_on, created_at FROM officers WHERE agency_id = $1"
          " AND cert_status <> '注销'",
          {id});
      if (!officers.ok()) return officers.status();
      for (const auto& r : officers->rows) {
        const auto expires = domain::ParseDate(r.Text(0));
        const auto since = ShanghaiDayOf(r.Text(1));
        if (!expires) continue;
        Month m = from;
        for (int i = 0; i < begun; ++i, m = domain::Next(m)) {
          const domain::Date at = std::min(m.Last(), today);
          if ((!since || *since <= at) && *expires < at) {
            ++s.at("certificate.expired").num[static_cast<std::size_t>(i)];
          }
        }
      }

      // Complaints answered, by the month of the answer: working days from receipt.
      auto answered = tx.Query(
          "SELECT received_on, replied_on FROM complaints WHERE agency_id = $1"
          " AND replied_on >= $2 AND replied_on <= $3",
          {id, first, last});
      if (!answered.ok()) return answered.status();
      for (const auto& r : answered->rows) {
        const auto received = domain::ParseDate(r.Text(0));
        const auto replied = domain::ParseDate(r.Text(1));
        if (!received || !replied) continue;
        const auto i = slot(*replied);
        auto n = cal->CountWorkingDays(*received, *replied);
        if (!i || !n.ok()) continue;
        auto& x = s.at("complaint.response_days");
        ++x.den[*i];
        x.sum[*i] += n->days;
      }

      // 案卷评查: the scores of the files evaluated, by the month of the evaluation.
      auto scored = tx.Query(
          "SELECT f.evaluated_on, f.score FROM evaluation_files f JOIN evaluation_rounds r"
          " ON r.id = f.round_id WHERE r.agency_id = $1 AND f.status = 'scored'"
          " AND f.evaluated_on >= $2 AND f.evaluated_on <= $3",
          {id, first, last});
      if (!scored.ok()) return scored.status();
      for (const auto& r : scored->rows) {
        const auto on = domain::ParseDate(r.Text(0));
        const auto i = on ? slot(*on) : std::nullopt;
        if (!i) continue;
        auto& x = s.at("evaluation.score");
        ++x.den[*i];
        x.sum[*i] += static_cast<double>(r.Int(1));
      }

      json::array indicators;
      for (const auto& def : domain::Indicators()) {
        indicators.push_back(
            IndicatorJson(def, s.at(std::string(def.code)), from, static_cast<std::size_t>(begun)));
      }
      auto a = AgencyJson(tx, id);
      if (!a.ok()) return a.status();
      auto open = tx.Query(
          "SELECT COUNT(*), SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END) FROM complaints"
          " WHERE agency_id = $1 AND status IN ('received', 'assigned')",
          {id, domain::FormatDate(today)});
      if (!open.ok()) return open.status();
      json::object o = std::move(*a);
      o["indicators"] = std::move(indicators);
      o["complaintsOpen"] = open->rows.front().Int(0);
      o["complaintsOverdue"] = open->rows.front().Int(1);
      out.push_back(std::move(o));
    }
    return json::object{{"from", domain::MonthText(from)},
                        {"to", domain::MonthText(to)},
                        {"asOf", domain::FormatDate(today)},
                        {"agencies", std::move(out)}};
  });
}

// ---- the annual report ----------------------------------------------------------------------

Result<json::object> ReportService::Compile(std::int64_t agency, int year) {
  const domain::Date today = Today();
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto now = Gather(tx, agency, year, today);
    if (!now.ok()) return now.status();
    auto before = Gather(tx, agency, year - 1, today);
    if (!before.ok()) return before.status();
    json::object o = FiguresJson(*now, before->has_data ? &*before : nullptr);
    o["hasData"] = now->has_data;
    o["previousYear"] = json::object{{"year", year - 1}, {"available", before->has_data}};
    return o;
  });
}

Result<json::object> ReportService::Draft(std::int64_t agency, int year, std::int64_t actor_id) {
  const domain::Date today = Today();
  const int this_year = static_cast<int>(today.year());
  if (year < 2000 || year > this_year) {
    return Status::Invalid(fmt::format("年度应在 2000 至 {} 之间", this_year)).WithField("year");
  }
  auto figures = Compile(agency, year);
  if (!figures.ok()) return figures.status();
  if (!figures->at("hasData").as_bool()) {
    return Status::Invalid(
               fmt::format("{} 年没有可统计的执法数据(案件、检查、法制审核、投诉举报均为零)", year))
        .WithField("data");
  }
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto a = AgencyJson(tx, agency);
    if (!a.ok()) return a.status();
    auto stored = Stored(tx, agency, year);
    if (!stored.ok()) return stored.status();
    std::int64_t next_version = 1;
    std::optional<std::int64_t> deadline;
    for (const auto& r : *stored) {
      if (r.status != "draft") next_version = std::max(next_version, r.version + 1);
    }
    auto dl = tx.Query(
        "SELECT deadline_id FROM annual_reports WHERE agency_id = $1 AND year = $2"
        " AND deadline_id IS NOT NULL LIMIT 1",
        {agency, std::int64_t{year}});
    if (!dl.ok()) return dl.status();
    if (!dl->empty()) {
      deadline = dl->rows.front().Int(0);
    } else {
      auto d =
          deadlines_.OpenIn(tx,
                            OpenDeadline{.agency_id = agency,
                                         .rule_code = "annual.report",
                                         .subject = fmt::format("{}年度行政执法统计年报公开", year),
                                         .object = fmt::format("annual_report:{}", year),
                                         .start_date = std::chrono::year(year) / 12 / 31},
                            actor_id);
      if (!d.ok()) return d.status();
      deadline = d->record.id;
    }
    json::object data = std::move(*figures);
    data.erase("hasData");
    data["agency"] = std::move(*a);
    data["year"] = year;
    const std::string digest =
        ContentDigest(json::serialize(json::object{{"agency", data["agency"]},
                                                   {"year", year},
                                                   {"sections", data["sections"]},
                                                   {"charts", data["charts"]}}));
    // The draft's changes: against the version published before, if any.
    json::array changes;
    for (const auto& r : *stored) {
      if (r.status == "published") {
        json::error_code ec;
        const json::value before = json::parse(r.data, ec);
        if (!ec) changes = Changes(before, data);
        break;
      }
    }
    data["changes"] = std::move(changes);
    auto discard = tx.Query(
        "UPDATE annual_reports SET status = 'discarded' WHERE agency_id = $1 AND year = $2"
        " AND status = 'draft'",
        {agency, std::int64_t{year}});
    if (!discard.ok()) return discard.status();
    auto id = tx.Query(
        "INSERT INTO annual_reports (agency_id, year, version, status, data, digest, compiled_at,"
        " compiled_by, deadline_id) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8) RETURNING id",
        {agency, std::int64_t{year}, next_version, json::serialize(data), digest, now, actor_id,
         *deadline});
    if (!id.ok()) return id.status();
    domain::LedgerEvent e;
    e.type = "report.drafted";
    e.agency_id = agency;
    e.object = fmt::format("annual_report:{}", id->rows.front().Int(0));
    e.actor_id = actor_id;
    e.at = now;
    e.digests.emplace_back("report", digest);
    SX_RETURN_IF_ERROR(AppendToLedger(tx, e));
    auto all = Stored(tx, agency, year);
    if (!all.ok()) return all.status();
    const auto draft = std::find_if(all->begin(), all->end(),
                                    [](const StoredReport& r) { return r.status == "draft"; });
    if (draft == all->end()) return Status::Internal("年报草稿不见了");
    return ReportJson(*draft, *all);
  });
}

Result<json::object> ReportService::Reports(std::int64_t agency, int year) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto all = Stored(tx, agency, year);
    if (!all.ok()) return all.status();
    json::value draft = nullptr;
    json::array published;
    for (const auto& r : *all) {
      if (r.status == "draft") {
        draft = ReportJson(r, *all);
      } else {
        published.push_back(ReportJson(r, *all));
      }
    }
    return json::object{
        {"year", year}, {"draft", std::move(draft)}, {"published", std::move(published)}};
  });
}

Result<json::object> ReportService::Publish(std::int64_t agency, int year, std::string_view note,
                                            std::int64_t actor_id) {
  if (!note.empty()) SX_RETURN_IF_ERROR(domain::CheckText(note, "更正说明", "note", 500, true));
  const domain::Date today = Today();
  if (year >= static_cast<int>(today.year())) {
    return Status::Conflict(fmt::format(
        "{} 年度尚未结束,年报须在 {} 年 1 月 1 日以后发布(草稿可随时生成查看)", year, year + 1));
  }
  const std::string now = FormatUtc(clock_.Now());
  return store::InTx<json::object>(db_, true, [&](store::Tx& tx) -> Result<json::object> {
    auto all = Stored(tx, agency, year);
    if (!all.ok()) return all.status();
    const auto draft = std::find_if(all->begin(), all->end(),
                                    [](const StoredReport& r) { return r.status == "draft"; });
    if (draft == all->end()) {
      return Status::Conflict(fmt::format("{} 年度没有待发布的草稿,请先生成草稿", year));
    }
    const auto before = std::find_if(all->begin(), all->end(),
                                     [](const StoredReport& r) { return r.status == "published"; });
    if (before != all->end() && note.empty()) {
      return Status::Invalid("再次发布须说明更正了什么(将在门户上公开)").WithField("note");
    }
    if (before != all->end() && before->digest == draft->digest) {
      return Status::Conflict("草稿与已发布版本的数据相同,无需重新发布");
    }
    if (before != all->end()) {
      auto s =
          tx.Query("UPDATE annual_reports SET status = 'superseded' WHERE id = $1", {before->id});
      if (!s.ok()) return s.status();
    }
    auto p = tx.Query(
        "UPDATE annual_reports SET status = 'published', note = $2, published_on = $3,"
        " published_at = $4, published_by = $5 WHERE id = $1",
        {draft->id, std::string(note), domain::FormatDate(today), now, actor_id});
    if (!p.ok()) return p.status();
    auto dl = tx.Query("SELECT deadline_id FROM annual_reports WHERE id = $1", {draft->id});
    if (!dl.ok()) return dl.status();
    if (!dl->empty() && !dl->rows.front().IsNull(0)) {
      auto met = deadlines_.CompleteIn(tx, dl->rows.front().Int(0), today, actor_id);
      if (!met.ok() && met.status().code() != Code::kConflict) return met.status();
    }
    domain::LedgerEvent e;
    e.type = "report.published";
    e.agency_id = agency;
    e.object = fmt::format("annual_report:{}", draft->id);
    e.actor_id = actor_id;
    e.at = now;
    e.digests.emplace_back("report", draft->digest);
    SX_RETURN_IF_ERROR(AppendToLedger(tx, e));
    auto after = Stored(tx, agency, year);
    if (!after.ok()) return after.status();
    for (const auto& r : *after) {
      if (r.id == draft->id) return ReportJson(r, *after);
    }
    return Status::Internal("发布后的年报不见了");
  });
}

Result<json::object> ReportService::PublicReport(std::string_view agency_code, int year,
                                                 std::optional<int> version) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto a = agency_code.empty()
                 ? tx.Query(
                       "SELECT MIN(agency_id) FROM annual_reports WHERE year = $1"
                       " AND status IN ('published', 'superseded') HAVING COUNT(*) > 0",
                       {std::int64_t{year}})
                 : tx.Query("SELECT id FROM agencies WHERE code = $1", {std::string(agency_code)});
    if (!a.ok()) return a.status();
    if (a->empty() || a->rows.front().IsNull(0)) {
      return Status::NotFound(fmt::format("{} 年度统计年报尚未发布", year));
    }
    auto all = Stored(tx, a->rows.front().Int(0), year);
    if (!all.ok()) return all.status();
    for (const auto& r : *all) {
      const bool shown = r.status == "published" || r.status == "superseded";
      if (shown && (version ? r.version == *version : r.status == "published")) {
        return ReportJson(r, *all);
      }
    }
    return Status::NotFound(version ? fmt::format("{} 年度统计年报没有第 {} 版", year, *version)
                                    : fmt::format("{} 年度统计年报尚未发布", year));
  });
}

Result<json::object> ReportService::PublicList() {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto rows = tx.Query(
        "SELECT a.id, a.code, a.name, r.year, r.version, r.published_on FROM annual_reports r"
        " JOIN agencies a ON a.id = r.agency_id WHERE r.status = 'published'"
        " ORDER BY r.year DESC, a.id");
    if (!rows.ok()) return rows.status();
    json::array items;
    for (const auto& r : rows->rows) {
      items.push_back(json::object{
          {"agency", json::object{{"id", r.Int(0)}, {"code", r.Text(1)}, {"name", r.Text(2)}}},
          {"year", r.Int(3)},
          {"version", r.Int(4)},
          {"publishedOn", r.Text(5)}});
    }
    return json::object{{"items", std::move(items)}};
  });
}

// ---- 行政复议 / 行政诉讼 --------------------------------------------------------------------

namespace {

std::string_view RemedyKindName(std::string_view k) {
  return k == "reconsideration" ? "行政复议" : k == "litigation" ? "行政诉讼" : "";
}

std::string_view RemedyOutcomeName(std::string_view o) {
  for (std::size_t i = 0; i < std::size(kRemedyOutcomes); ++i) {
    if (kRemedyOutcomes[i] == o) return kRemedyOutcomeNames[i];
  }
  return "";
}

}  // namespace

Result<json::object> ReportService::RecordRemedy(std::int64_t case_id, const NewRemedy& r,
                                                 std::int64_t actor_id) {
  if (RemedyKindName(r.kind).empty()) {
    return Status::Invalid("kind 应为 reconsideration(行政复议)或 litigation(行政诉讼)")
        .WithField("kind");
  }
  if (RemedyOutcomeName(r.outcome).empty()) {
    return Status::Invalid(
               "outcome 应为 "
               "upheld(维持)、revoked(撤销)、altered(变更)、confirmed_illegal(确认违法)"
               "或 dismissed(驳回)")
        .WithField("outcome");
  }
  SX_RETURN_IF_ERROR(domain::CheckText(r.authority, "复议机关或法院", "authority", 100));
  if (!r.note.empty()) SX_RETURN_IF_ERROR(domain::CheckText(r.note, "说明", "note", 1000, true));
  const domain::Date today = Today();
  if (!r.decided_on.ok() || r.decided_on > today) {
    return Status::Invalid("决定(裁判)日期不能晚于今天").WithField("decidedOn");
  }
  const std::string now = FormatUtc(clock_.Now());
  auto done = store::InTx<bool>(db_, true, [&](store::Tx& tx) -> Result<bool> {
    auto k = tx.Query("SELECT agency_id, decided_on FROM case_facts WHERE case_id = $1", {case_id});
    if (!k.ok()) return k.status();
    if (k->empty()) return Status::NotFound(fmt::format("案件 {} 不存在", case_id));
    if (k->rows.front().IsNull(1)) {
      return Status::Conflict("案件尚未作出决定,没有可申请复议或起诉的决定");
    }
    const auto decided = domain::ParseDate(k->rows.front().Text(1));
    if (decided && r.decided_on < *decided) {
      return Status::Invalid("复议决定或裁判日期不能早于行政决定的日期").WithField("decidedOn");
    }
    const std::int64_t agency = k->rows.front().Int(0);
    auto id = tx.Query(
        "INSERT INTO case_remedies (case_id, agency_id, kind, outcome, decided_on, authority, note,"
        " recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {case_id, agency, r.kind, r.outcome, domain::FormatDate(r.decided_on), r.authority, r.note,
         actor_id, now});
    if (!id.ok()) return id.status();
    domain::LedgerEvent e;
    e.type = "case.remedy_recorded";
    e.agency_id = agency;
    e.object = fmt::format("case_remedy:{}", id->rows.front().Int(0));
    e.actor_id = actor_id;
    e.at = now;
    SX_RETURN_IF_ERROR(AppendRecord(tx, std::move(e),
                                    {{"case_id", std::to_string(case_id)},
                                     {"kind", r.kind},
                                     {"outcome", r.outcome},
                                     {"decided_on", domain::FormatDate(r.decided_on)},
                                     {"authority", r.authority},
                                     {"note", r.note}}));
    return true;
  });
  if (!done.ok()) return done.status();
  return Remedies(case_id);
}

Result<json::object> ReportService::Remedies(std::int64_t case_id) {
  return store::InTx<json::object>(db_, false, [&](store::Tx& tx) -> Result<json::object> {
    auto rows = tx.Query(
        "SELECT id, kind, outcome, decided_on, authority, note, recorded_at FROM case_remedies"
        " WHERE case_id = $1 ORDER BY id",
        {case_id});
    if (!rows.ok()) return rows.status();
    json::array items;
    for (const auto& r : rows->rows) {
      items.push_back(json::object{{"id", r.Int(0)},
                                   {"kind", r.Text(1)},
                                   {"kindName", RemedyKindName(r.Text(1))},
                                   {"outcome", r.Text(2)},
                                   {"outcomeName", RemedyOutcomeName(r.Text(2))},
                                   {"decidedOn", r.Text(3)},
                                   {"authority", r.Text(4)},
                                   {"note", r.Text(5)},
                                   {"recordedAt", r.Text(6)}});
    }
    return json::object{{"caseId", case_id}, {"items", std::move(items)}};
  });
}

}  // namespace sx::services
