// 双随机 at scale (issue #10): a roster of 1,000,000 units, 5,000 inspectors, 20,000 recorded
// conflicts; a plan drawing 10,000 (two strata), published, drawn, its bundle fetched and
// verified as `sanxiang draw verify` does. Times each step (the draw and the verify against a
// target of 2 s each) and, as the same run's baseline, sha256sum-equivalent hashing of the bundle
// bytes and the pool's Merkle root alone. Prints a Markdown table (docs/benchmarks.md).
//
//   draw_bench [--db URL] [--targets 1000000] [--inspectors 5000] [--conflicts 20000]
//              [--draw 10000] [--binary PATH]
//
// Without --db a SQLite file in a temporary directory; --db postgresql://… must name an empty
// database. With --binary, `sanxiang draw verify` is also run on the bundle and timed.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "domain/redaction.h"
#include "services/calendar_service.h"
#include "services/deadline_service.h"
#include "services/demo.h"
#include "services/draw_bundle.h"
#include "services/inspection_service.h"
#include "store/blob_store.h"
#include "store/migrations.h"

#include "bench_util.h"

using namespace sx;
using namespace sx::bench;

int main(int argc, char** argv) {
  std::string url, binary, keep;  // --keep FILE: the bundle is written there too
  std::int64_t targets = 1'000'000, inspectors = 5'000, conflicts = 20'000, draw = 10'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view a = argv[i];
    if (a == "--db")
      url = argv[i + 1];
    else if (a == "--targets")
      targets = std::atoll(argv[i + 1]);
    else if (a == "--inspectors")
      inspectors = std::atoll(argv[i + 1]);
    else if (a == "--conflicts")
      conflicts = std::atoll(argv[i + 1]);
    else if (a == "--draw")
      draw = std::atoll(argv[i + 1]);
    else if (a == "--binary")
      binary = argv[i + 1];
    else if (a == "--keep")
      keep = argv[i + 1];
    else {
      fmt::print(stderr, "未知参数 {}\n", a);
      return 2;
    }
  }
  const auto tmp =
      std::filesystem::temp_directory_path() / fmt::format("sx-draw-bench-{}", getpid());
  std::filesystem::create_directories(tmp);
  if (url.empty()) url = "sqlite:" + (tmp / "bench.sqlite").string();
  auto db = Must(store::Database::Open(url), "打开数据库");
  FakeClock clock{TimePoint{std::chrono::seconds(1790647200)}};  // Tue 29 Sep 2026, Shanghai
  Must(store::Migrate(*db, clock.Now()), "迁移");
  if (Status st = services::LoadDemo(*db, clock); !st.ok()) Die(st, "演示数据");
  auto calendar = Must(services::CalendarService::Create(*db, clock), "日历");
  services::DeadlineService deadlines(*db, clock, *calendar);
  auto blobs = Must(store::BlobStore::Open((tmp / "blobs").string()), "证据库");
  services::InspectionService s(*db, clock, *calendar, deadlines, *blobs);

  std::int64_t agency = 0, power = 0;
  if (Status st = db->Read([&](store::Tx& tx) -> Status {
        auto r = tx.Query("SELECT agency_id, id FROM power_items WHERE code = 'GJJ-JC-001'");
        if (!r.ok()) return r.status();
        agency = r->rows.front().Int(0);
        power = r->rows.front().Int(1);
        return Status::Ok();
      });
      !st.ok()) {
    Die(st, "权责事项");
  }

  fmt::print(stderr, "生成 {} 个检查对象、{} 名执法人员、{} 条利害关系…\n", targets, inspectors,
             conflicts);
  auto t0 = Steady::now();
  const std::string now = "2026-09-29T02:00:00.000Z";
  constexpr const char* kDistricts[] = {"金水区", "二七区", "中原区", "管城回族区", "惠济区"};
  std::int64_t first_target = 0, first_officer = 0;
  db->Read([&](store::Tx& tx) -> Status {
    auto a = tx.Query("SELECT COALESCE(MAX(id), 0) FROM inspection_targets");
    auto b = tx.Query("SELECT COALESCE(MAX(id), 0) FROM officers");
    first_target = a->rows.front().Int(0) + 1;
    first_officer = b->rows.front().Int(0) + 1;
    return Status::Ok();
  });
  Fill(*db,
       "INSERT INTO inspection_targets (agency_id, name, credit_code, district, industry, size,"
       " risk_grade, complaints, created_at, updated_at) VALUES ",
       10, targets, [&](std::int64_t i, std::vector<store::Param>& p) {
         p.insert(p.end(), {agency, fmt::format("压测单位{}有限公司", i),
                            domain::CompleteCreditCode(fmt::format("914101{:011}", i)),
                            std::string(kDistricts[i % 5]), std::string("制造业"),
                            std::string("小型"), std::string(i % 20 == 0 ? "high" : "low"),
                            std::int64_t{i % 50 == 0 ? 1 : 0}, now, now});
       });
  Fill(*db,
       "INSERT INTO officers (agency_id, name, title, cert_number, cert_issuer, cert_issued_on,"
       " cert_expires_on, cert_status, enforcement_category, enforcement_area, created_at,"
       " updated_at) VALUES ",
       12, inspectors, [&](std::int64_t i, std::vector<store::Param>& p) {
         p.insert(p.end(),
                  {agency, fmt::format("检查员{}", i), std::string("科员"),
                   fmt::format("BENCH-{:06}", i), std::string("郑州市人民政府"),
                   std::string("2024-01-01"), std::string("2029-12-31"), std::string("有效"),
                   std::string("住房公积金行政执法"), std::string("郑州市"), now, now});
       });
  Fill(*db,
       "INSERT INTO inspection_conflicts (agency_id, officer_id, target_id, kind, note, actor_id,"
       " created_at) VALUES ",
       7, conflicts, [&](std::int64_t i, std::vector<store::Param>& p) {
         // 20,000 distinct targets spread over the roster (7919 is prime to 10⁶).
         const std::int64_t target = first_target + (i * 7919) % targets;
         const std::int64_t officer = first_officer + (i * 104729 + i / 3) % inspectors;
         p.insert(p.end(), {agency, officer, target, std::string("relative"), std::string(),
                            std::int64_t{0}, now});
       });
  const double generate = Seconds(t0);

  auto item = Must(
      s.AddItem(agency, {"BENCH-1", "缴存情况检查", power, "缴存单位", "现场检查", ""}, 0), "事项");
  services::PlanSpec spec;
  spec.item_id = item.at("id").as_int64();
  spec.code = "BENCH-DRAW";
  spec.title = "压测抽查";
  spec.area = "郑州市";
  spec.period_start = "2026-10-01";
  spec.period_end = "2026-12-31";
  spec.source = "深证成指 2026-09-29 收盘点数";
  spec.draw_date = "2026-09-29";
  const std::int64_t high = draw / 5;
  spec.strata = {{"高风险", {{}, {"high"}, 0}, std::nullopt, high},
                 {"其他", {}, std::nullopt, draw - high}};
  auto plan = Must(s.CreatePlan(agency, spec, 0), "计划");
  const std::int64_t id = plan.at("id").as_int64();

  t0 = Steady::now();
  Must(s.PublishPlan(id, 0), "发布计划");
  const double publish = Seconds(t0);

  t0 = Steady::now();
  auto drawn = Must(s.Draw(id, "11234.56", 0), "抽取");
  const double draw_time = Seconds(t0);
  const auto teams = drawn.at("teams").as_array().size();

  t0 = Steady::now();
  const std::string bundle = Must(s.Bundle(id), "结果包");
  const double fetch = Seconds(t0);

  t0 = Steady::now();
  auto parsed = Must(services::ParseBundle(bundle, /*keep_text=*/false), "解析结果包");
  const double parse = Seconds(t0);
  const auto diff = services::FirstDifference(parsed);
  const double verify = Seconds(t0);
  if (!keep.empty()) std::ofstream(keep, std::ios::binary) << bundle;
  if (diff) {
    fmt::print(stderr, "核验不一致:{}\n", *diff);
    return 1;
  }

  // Baselines in the same run: hashing the bundle's bytes once, and the pools' roots alone.
  t0 = Steady::now();
  const std::string digest = services::Sha256HexOf(bundle);
  const double sha = Seconds(t0);
  t0 = Steady::now();
  for (const auto& st : parsed.strata) (void)services::PoolRoot(st.targets);
  const double roots = Seconds(t0);

  double cli = -1;
  if (!binary.empty()) {
    const auto file = tmp / "bundle.json";
    std::ofstream(file, std::ios::binary) << bundle;
    t0 = Steady::now();
    const int rc = std::system(
        fmt::format("'{}' draw verify '{}' > /dev/null", binary, file.string()).c_str());
    cli = Seconds(t0);
    if (rc != 0) {
      fmt::print(stderr, "sanxiang draw verify 退出码 {}\n", rc);
      return 1;
    }
  }
  std::filesystem::remove_all(tmp);

  fmt::print("| 步骤 | 用时 | 目标 |\n|---|---:|---|\n");
  fmt::print("| 生成名录 {} 户、执法人员 {} 名、利害关系 {} 条 | {:.1f} s | — |\n", targets,
             inspectors, conflicts, generate);
  fmt::print("| 发布计划(两个分层的名录快照与 Merkle 根) | {:.2f} s | — |\n", publish);
  fmt::print("| **抽取** {} 户(含组队 {} 组、回避约束) | **{:.2f} s** | ≤ 2 s |\n", draw, teams,
             draw_time);
  fmt::print("| 读出结果包({:.1f} MB) | {:.2f} s | — |\n", bundle.size() / 1e6, fetch);
  fmt::print(
      "| **核验**(解析 {:.2f} s,重算根哈希、种子、抽取、组队 {:.2f} s) | **{:.2f} s** | ≤ 2 s |\n",
      parse, verify - parse, verify);
  if (cli >= 0) fmt::print("| `sanxiang draw verify`(进程,含读文件) | {:.2f} s | ≤ 2 s |\n", cli);
  fmt::print("| 基线:结果包 SHA-256 一遍 | {:.3f} s | — |\n", sha);
  fmt::print("| 基线:{} 户名录的 Merkle 根 | {:.2f} s | — |\n", targets, roots);
  fmt::print("| 进程峰值内存 | {} MiB | — |\n", MaxRssMiB());
  fmt::print(stderr, "结果包摘要 sha256:{}\n", digest);
  return draw_time <= 2.0 && verify <= 2.0 && (cli < 0 || cli <= 2.0) ? 0 : 1;
}
