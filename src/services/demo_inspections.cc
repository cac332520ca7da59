// The demo's 双随机: a roster of 60 depositing units over five districts with risk grades and
// complaints, the item list (住房公积金缴存情况检查 under GJJ-JC-001), two recorded conflicts, and
// one plan drawn today (three strata: 高风险 and 被投诉 at 50 %, the rest at 10 %) with a result
// entered and published — so the portal's 双随机 pages and the bundle check show a real draw.
#include <fmt/format.h>

#include "domain/redaction.h"
#include "services/demo.h"
#include "services/inspection_service.h"
#include "store/agency_repository.h"

namespace sx::services {

Status LoadDemoInspections(store::Database& db, InspectionService& inspections) {
  std::int64_t agency = 0, power = 0;
  std::vector<std::int64_t> officers;
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto a = store::MakeAgencyRepository()->GetByCode(tx, "zzgjj");
    if (!a.ok()) return a.status();
    agency = a->id;
    auto p = tx.Query("SELECT id FROM power_items WHERE agency_id = $1 AND code = 'GJJ-JC-001'",
                      {agency});
    if (!p.ok()) return p.status();
    if (p->empty()) return Status::Internal("演示数据缺少行政检查事项 GJJ-JC-001");
    power = p->rows.front().Int(0);
    auto o = tx.Query("SELECT id FROM officers WHERE agency_id = $1 ORDER BY id", {agency});
    if (!o.ok()) return o.status();
    for (const auto& r : o->rows) officers.push_back(r.Int(0));
    return Status::Ok();
  }));

  // The roster, as an agency would import it.
  constexpr std::string_view kDistricts[] = {"金水区", "二七区", "中原区", "管城回族区", "惠济区"};
  constexpr std::string_view kWords[] = {"恒达", "中原", "绿城", "嵩岳", "黄河", "商都",
                                         "正弘", "宏图", "嘉禾", "永安", "天成", "博远"};
  constexpr std::string_view kKinds[] = {"科技有限公司", "物业服务有限公司", "建筑工程有限公司",
                                         "商贸有限公司", "餐饮管理有限公司"};
  constexpr std::string_view kIndustries[] = {"信息技术", "物业管理", "建筑业", "批发零售",
                                              "住宿餐饮"};
  constexpr std::string_view kSizes[] = {"大型", "中型", "小型", "微型"};
  std::string csv = "单位名称,统一社会信用代码,所在区县,行业,规模,风险等级,投诉次数,上次检查日期\n";
  for (int i = 0; i < 60; ++i) {
    const std::string code =
        domain::CompleteCreditCode(fmt::format("9141010{:010}", 7310000 + i * 37));
    const char* risk = i % 7 == 0 ? "高" : (i % 3 == 0 ? "中" : "低");
    const int complaints = i % 11 == 0 ? 2 : (i % 13 == 0 ? 1 : 0);
    csv +=
        fmt::format("郑州{}{}{},{},{},{},{},{},{},{}\n", kWords[i % 12], kWords[(i / 12 + 3) % 12],
                    kKinds[i % 5], code, kDistricts[i % 5], kIndustries[i % 5], kSizes[i % 4], risk,
                    complaints, i % 4 == 0 ? "2024-06-18" : "");
  }
  auto imported = inspections.ImportTargets(agency, csv, 0);
  if (!imported.ok()) return imported.status();
  if (!imported->errors.empty()) {
    return Status::Internal(fmt::format("演示检查对象导入失败:第 {} 行 {}",
                                        imported->errors.front().row,
                                        imported->errors.front().message));
  }

  NewInspectionItem item{"GJJ-JC-001",
                         "住房公积金缴存情况检查",
                         power,
                         "本市住房公积金缴存单位",
                         "现场检查、书面检查",
                         "是否按时足额缴存;是否为全部职工办理缴存登记、设立个人账户;"
                         "缴存基数和比例是否符合规定"};
  auto added = inspections.AddItem(agency, item, 0);
  if (!added.ok()) return added.status();
  const std::int64_t item_id = added->at("id").as_int64();

  // Two recorded conflicts: the first officers with the first targets.
  auto targets = inspections.Targets({agency, "", "", "", 0, 5});
  if (!targets.ok()) return targets.status();
  const auto& list = targets->at("items").as_array();
  if (officers.size() >= 2 && list.size() >= 2) {
    auto c1 = inspections.AddConflict(
        agency, {officers[0], list[0].at("id").as_int64(), "relative", "配偶在该单位任财务负责人"},
        0);
    if (!c1.ok()) return c1.status();
    auto c2 = inspections.AddConflict(
        agency,
        {officers[1], list[1].at("id").as_int64(), "former_employment", "2022 年前在该单位任职"},
        0);
    if (!c2.ok()) return c2.status();
  }

  const std::string today = domain::FormatDate(inspections.Today());
  PlanSpec spec;
  spec.item_id = item_id;
  spec.title = fmt::format("{} 年第一批住房公积金缴存情况随机抽查", today.substr(0, 4));
  spec.area = "郑州市";
  spec.frequency = "每年两次";
  spec.period_start = today;
  spec.period_end = today.substr(0, 4) + "-12-31";
  spec.team_size = 2;
  spec.source = fmt::format("深证成指 {} 收盘点数(保留两位小数)", today);
  spec.draw_date = today;
  StratumSpec risky{"高风险", {{}, {"high"}, 0}, "50", std::nullopt};
  StratumSpec complained{"被投诉", {{}, {}, 1}, "50", std::nullopt};
  StratumSpec rest{"其他", {}, "10", std::nullopt};
  spec.strata = {risky, complained, rest};
  auto plan = inspections.CreatePlan(agency, spec, 0);
  if (!plan.ok()) return plan.status();
  const std::int64_t plan_id = plan->at("id").as_int64();
  if (auto p = inspections.PublishPlan(plan_id, 0); !p.ok()) return p.status();
  auto drawn = inspections.Draw(plan_id, "10234.56", 0);
  if (!drawn.ok()) return drawn.status();
  const auto& teams = drawn->at("teams").as_array();
  if (!teams.empty()) {
    InspectionActor actor;
    actor.for_team = true;
    ResultEntry r{teams[0].at("target").at("id").as_int64(), "no_problem", std::nullopt,
                  "已按时足额缴存,登记资料齐全"};
    if (auto e = inspections.EnterResult(plan_id, r, actor); !e.ok()) return e.status();
    if (auto p = inspections.PublishResults(plan_id, 0); !p.ok()) return p.status();
  }
  return Status::Ok();
}

}  // namespace sx::services
