// The annual statistics report at scale (issue #11): 1,000,000 cases decided in the reported
// year and 200,000 in the year before, each with its case_facts row and publication deadline,
// a disclosure for every penalty, a legal review for one case in ten, hearings, discussions,
// seizures and court applications among them, 20,000 complaints and 5,000 remedies. Times
// ReportService::Compile (both years' figures, as the draft uses them) and Draft (compile, store,
// ledger) against a target of 5 s, and as the same run's baseline one plain scan of every case's
// facts (SELECT COUNT(*), SUM(fine)). Prints a Markdown table (docs/benchmarks.md).
//
//   report_bench [--db URL] [--cases 1000000] [--runs 3] [--keep true]
//
// Without --db a SQLite file in a temporary directory (left there with --keep true, to look
// into); --db postgresql://… must name an empty database.
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/report_service.h"
#include "store/migrations.h"

#include "bench_util.h"

using namespace sx;
using namespace sx::bench;

namespace {

// `FROM <series>` giving the integers 1..n as column i, in the database's dialect.
std::string Series(store::Dialect d, std::int64_t n) {
  if (d == store::Dialect::kPostgres) return fmt::format("generate_series(1, {}) AS g(i)", n);
  return fmt::format(
      "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {}) SELECT i FROM "
      "s) AS g",
      n);
}

void Exec(store::Database& db, const std::string& sql) {
  Status st = db.Write([&](store::Tx& tx) -> Status { return tx.Query(sql).status(); });
  if (!st.ok()) Die(st, sql.substr(0, 200));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  std::int64_t cases = 1'000'000;
  int runs = 3;
  bool keep = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    if (a == "--db") {
      url = argv[i + 1];
    } else if (a == "--cases") {
      cases = std::max<std::int64_t>(1000, std::atoll(argv[i + 1]));
    } else if (a == "--keep") {
      keep = std::string_view(argv[i + 1]) == "true";
    } else if (a == "--runs") {
      runs = std::clamp(std::atoi(argv[i + 1]), 1, 20);
    } else {
      fmt::print(stderr, "未知参数 {}\n", a);
      return 2;
    }
  }
  const auto tmp =
      std::filesystem::temp_directory_path() / fmt::format("sx-report-bench-{}", getpid());
  std::filesystem::create_directories(tmp);
  if (url.empty()) url = "sqlite:" + (tmp / "bench.sqlite").string();
  auto db = Must(store::Database::Open(url), "打开数据库");
  const store::Dialect dialect = db->dialect();
  const char* engine = dialect == store::Dialect::kPostgres ? "PostgreSQL" : "SQLite";
  FakeClock clock{TimePoint{std::chrono::seconds(1799546400)}};  // Sun 10 Jan 2027, Shanghai
  Must(store::Migrate(*db, clock.Now()), "迁移");
  if (Status st = services::LoadDemo(*db, clock); !st.ok()) Die(st, "演示数据");
  auto calendar = Must(services::CalendarService::Create(*db, clock), "日历");
  services::DeadlineService deadlines(*db, clock, *calendar);
  services::ReportService reports(*db, clock, *calendar, deadlines);

  std::int64_t agency = 0, power = 0;
  if (Status st = db->Read([&](store::Tx& tx) -> Status {
        auto r = tx.Query(
            "SELECT agency_id, id FROM power_items WHERE category = 'penalty'"
            " ORDER BY id LIMIT 1");
        if (!r.ok()) return r.status();
        agency = r->rows.front().Int(0);
        power = r->rows.front().Int(1);
        return Status::Ok();
      });
      !st.ok()) {
    Die(st, "权责事项");
  }

  // The data: cases 1..total; those up to `cases` decided in 2026, the rest in 2025, spread over
  // the days of the year (bench_days maps a day's number to its date).
  const std::int64_t before = cases / 5, total = cases + before;
  fmt::print(stderr, "{}:生成 {} + {} 件案件及其期限、公示、审核、投诉…\n", engine, cases, before);
  auto t0 = Steady::now();
  Exec(*db, "CREATE TABLE bench_days (d INTEGER PRIMARY KEY, day TEXT NOT NULL)");
  Fill(*db, "INSERT INTO bench_days (d, day) VALUES ", 2, 730,
       [](std::int64_t i, std::vector<store::Param>& p) {
         const domain::Date d =
             std::chrono::sys_days(std::chrono::year(2025) / 1 / 1) + std::chrono::days(i);
         p.emplace_back(i);
         p.emplace_back(domain::FormatDate(d));
       });
  const std::string series = Series(dialect, total);
  const std::string day = fmt::format(
      "JOIN bench_days b ON b.d = (CASE WHEN g.i <= {} THEN 365 ELSE 0 END) + g.i % 365", cases);
  const std::int64_t base = 10'000'000;
  Exec(*db,
       fmt::format(
           "INSERT INTO cases (id, agency_id, number, power_item_id, procedure, stage, cause,"
           " source, area, party_kind, party_name, party_id_number, party, facts, flow,"
           " filed_on, created_by, created_at, updated_at)"
           " SELECT {0} + g.i, {1}, 'BENCH-' || g.i, {2},"
           " CASE WHEN g.i % 10 = 0 THEN 'summary' ELSE 'ordinary' END, 'closed', '未按规定缴存',"
           " '检查', '郑州市', 'organisation', '单位' || g.i, '', '{{}}', '{{}}', '{{}}', b.day, 1,"
           " b.day || 'T02:00:00.000Z', b.day || 'T02:00:00.000Z' FROM {3} {4}",
           base, agency, power, series, day));
  // Outcomes by i % 20: 0–13 penalty (a fine unless i % 3 = 0), 14–15 no penalty, 16 not
  // established, 17 transfer, 18–19 order.
  Exec(*db,
       fmt::format(
           "INSERT INTO case_facts (case_id, agency_id, power_item_id, category, procedure,"
           " stage, filed_on, decided_on, outcome, fine, hearing_held, discussed, closed_on)"
           " SELECT {0} + g.i, {1}, {2}, 'penalty',"
           " CASE WHEN g.i % 10 = 0 THEN 'summary' ELSE 'ordinary' END, 'closed', b.day, b.day,"
           " CASE WHEN g.i % 20 < 14 THEN 'penalty' WHEN g.i % 20 < 16 THEN 'no_penalty'"
           " WHEN g.i % 20 = 16 THEN 'not_established' WHEN g.i % 20 = 17 THEN 'transfer'"
           " ELSE 'order' END,"
           " CASE WHEN g.i % 20 < 14 AND g.i % 3 <> 0 THEN 10000 + (g.i % 40) * 1000 END,"
           " CASE WHEN g.i % 50 = 0 THEN 1 ELSE 0 END, CASE WHEN g.i % 25 = 0 THEN 1 ELSE 0 END,"
           " b.day FROM {3} {4}",
           base, agency, power, series, day));
  Exec(*db, fmt::format(
                "INSERT INTO case_events (case_id, seq, action, from_stage, to_stage, actor_id, at,"
                " data) SELECT {0} + g.i, 1, CASE WHEN g.i % 500 = 0 THEN 'apply_court'"
                " WHEN g.i % 200 = 0 THEN 'seize' WHEN g.i % 50 = 0 THEN 'hold_hearing'"
                " ELSE 'discuss' END, 'x', 'y', 1, b.day || 'T02:00:00.000Z', '{{}}' FROM {1} {2}"
                " WHERE g.i % 25 = 0",
                base, series, day));
  Exec(*db, fmt::format(
                "INSERT INTO review_submissions (case_id, agency_id, round, package, submitted_by,"
                " submitted_at, status, reviewed_at) SELECT {0} + g.i, {1}, 1, '{{}}', 1,"
                " b.day || 'T02:00:00.000Z', CASE WHEN g.i % 30 = 0 THEN 'problems' ELSE 'approved'"
                " END, b.day || 'T08:00:00.000Z' FROM {2} {3} WHERE g.i % 10 = 0",
                base, agency, series, day));
  // A publication deadline for every decision (late for one in 25), a review deadline for each
  // review.
  Exec(*db,
       fmt::format(
           "INSERT INTO deadlines (agency_id, rule_code, period_amount, subject, start_date,"
           " due_date, explanation, done_on, created_by, created_at)"
           " SELECT {0}, CASE WHEN g.i % 20 < 14 THEN 'publish.penalty' ELSE 'publish.result'"
           " END, 7, '公示', b.day, b.day, '', CASE WHEN g.i % 25 = 0 THEN NULL ELSE b.day END,"
           " 1, b.day || 'T02:00:00.000Z' FROM {1} {2}",
           agency, series, day));
  Exec(*db, fmt::format(
                "INSERT INTO deadlines (agency_id, rule_code, period_amount, subject, start_date,"
                " due_date, explanation, done_on, created_by, created_at)"
                " SELECT {0}, 'legal_review', 10, '法制审核', b.day, b.day, '', b.day, 1,"
                " b.day || 'T02:00:00.000Z' FROM {1} {2} WHERE g.i % 10 = 0",
                agency, series, day));
  Exec(*db,
       fmt::format(
           "INSERT INTO disclosures (agency_id, case_id, kind, status, title, target, target_kind,"
           " category, conclusion, decided_on, pub_seq, published_on, created_at, updated_at)"
           " SELECT {0}, {1} + g.i, CASE WHEN g.i % 20 < 14 THEN 'penalty' ELSE 'result' END,"
           " 'published', '行政处罚决定', '单位' || g.i, 'organisation', '住房公积金', '罚款',"
           " b.day, g.i, b.day, b.day || 'T02:00:00.000Z', b.day || 'T02:00:00.000Z'"
           " FROM {2} {3}",
           agency, base, series, day));
  Exec(*db,
       fmt::format(
           "INSERT INTO complaints (agency_id, tracking, upload_token, topic, subject, content,"
           " content_digest, status, received_on, received_at, due_on, replied_on, outcome,"
           " updated_at) SELECT {0}, 'BENCH-' || g.i, 'x', 'procedure', '投诉', '内容',"
           " 'd' || g.i, CASE WHEN g.i % 7 = 0 THEN 'assigned' ELSE 'replied' END, b.day,"
           " b.day || 'T02:00:00.000Z', b.day, CASE WHEN g.i % 7 = 0 THEN NULL ELSE b.day END,"
           " CASE WHEN g.i % 7 = 0 THEN NULL ELSE 'unsubstantiated' END,"
           " b.day || 'T02:00:00.000Z' FROM {1} {2} WHERE g.i % {3} = 0",
           agency, series, day, std::max<std::int64_t>(1, total / 20000)));
  Exec(*db,
       fmt::format(
           "INSERT INTO case_remedies (case_id, agency_id, kind, outcome, decided_on, authority,"
           " recorded_by, recorded_at) SELECT {0} + g.i, {1}, CASE WHEN g.i % 2 = 0 THEN"
           " 'reconsideration' ELSE 'litigation' END, CASE WHEN g.i % 5 = 0 THEN 'revoked'"
           " ELSE 'upheld' END, b.day, '郑州市人民政府', 1, 'T' FROM {2} {3}"
           " WHERE g.i % {4} = 0",
           base, agency, series, day, std::max<std::int64_t>(1, total / 5000)));
  Exec(*db, "ANALYZE");  // what an operator's maintenance (or PostgreSQL's autovacuum) does
  const double generate = Seconds(t0);
  fmt::print(stderr, "生成用时 {:.1f} s\n", generate);

  // Baseline: one plain pass over every case's facts.
  std::vector<double> scan, compile, draft;
  std::string checksum;
  for (int r = 0; r < runs; ++r) {
    auto t = Steady::now();
    if (Status st = db->Read([&](store::Tx& tx) -> Status {
          auto q = tx.Query("SELECT COUNT(*), SUM(fine) FROM case_facts");
          if (!q.ok()) return q.status();
          checksum =
              fmt::format("{} cases, fines {}", q->rows.front().Int(0), q->rows.front().Text(1));
          return Status::Ok();
        });
        !st.ok()) {
      Die(st, "基线");
    }
    scan.push_back(Seconds(t));
    t = Steady::now();
    auto c = Must(reports.Compile(agency, 2026), "统计");
    compile.push_back(Seconds(t));
    t = Steady::now();
    auto d = Must(reports.Draft(agency, 2026, 1), "草稿");
    draft.push_back(Seconds(t));
    if (r == 0) {
      for (const auto& s : d.at("sections").as_array()) {
        for (const auto& row : s.at("rows").as_array()) {
          if (row.at("code") == "penalty.decisions" || row.at("code") == "penalty.fine_amount") {
            fmt::print(stderr, "{} = {} (上年 {})\n", boost::json::serialize(row.at("label")),
                       boost::json::serialize(row.at("value")),
                       boost::json::serialize(row.at("previous")));
          }
        }
      }
    }
  }
  const double target = 5.0;
  fmt::print("\n{}, {} cases in 2026 and {} in 2025 ({}), generated in {:.1f} s; {} runs\n\n",
             engine, cases, before, checksum, generate, runs);
  fmt::print("| step | median | best | target |\n|---|---:|---:|---|\n");
  fmt::print(
      "| baseline: `SELECT COUNT(*), SUM(fine) FROM case_facts` (every case once) | {:.3f} s "
      "| {:.3f} s | — |\n",
      Median(scan), *std::min_element(scan.begin(), scan.end()));
  fmt::print("| compile the report (2026 and 2025 figures) | {:.3f} s | {:.3f} s | — |\n",
             Median(compile), *std::min_element(compile.begin(), compile.end()));
  fmt::print(
      "| **build the draft** (compile, store, ledger leaf) | **{:.3f} s** | {:.3f} s | ≤ {:.0f} s "
      "{} |\n",
      Median(draft), *std::min_element(draft.begin(), draft.end()), target,
      Median(draft) <= target ? "PASS" : "FAIL");
  fmt::print("| peak memory of the benchmark process | {} MiB | | |\n", MaxRssMiB());
  std::error_code ec;
  if (keep) {
    fmt::print(stderr, "数据库保留在 {}\n", url);
  } else {
    std::filesystem::remove_all(tmp, ec);
  }
  return Median(draft) <= target ? 0 : 1;
}
