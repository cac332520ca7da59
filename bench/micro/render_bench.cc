// Rendering enforcement documents (src/render) to PDF: a one-page 行政处罚决定书 and a five-page
// 询问笔录, from template to bytes, fonts subset and embedded.
#include <string>

#include <benchmark/benchmark.h>

#include "render/pdf.h"
#include "render/templates.h"

namespace {

using sx::render::Values;

Values CaseValues() {
  return {
      {"agency.name", "郑州住房公积金管理中心"},
      {"agency.address", "郑州市郑东新区商务外环路19号"},
      {"case.number", "郑公积金立〔2026〕12号"},
      {"case.cause", "未办理住房公积金缴存登记"},
      {"case.filed_on", "2026年9月1日"},
      {"party.name", "河南示例商贸有限公司"},
      {"party.id_number", "91410100MA00000000"},
      {"party.representative", "王某某"},
      {"party.address", "郑州市金水区示例路88号"},
      {"power.basis", "《住房公积金管理条例》第三十七条"},
      {"facts", "你单位成立于2021年3月，经本中心责令限期办理后，逾期仍未办理住房公积金缴存登记。"},
      {"officers", "张伟（执法证号 ZZGJJ-2023-001）、陈静（执法证号 ZZGJJ-2023-005）"},
      {"fine.amount", "30000"},
      {"fine.amount_cn", "叁万元整"},
      {"fine.tier", "适用裁量基准第三档"},
      {"outcome", "罚款"},
      {"deadline.text", "自收到本决定书之日起十五日内"},
      {"remedy.text",
       "如不服本决定，可在收到本决定书之日起六十日内向郑州市人民政府申请行政复议，或者在六个月内"
       "向郑州铁路运输法院提起行政诉讼。"},
      {"payment.text", "到中国建设银行郑州分行各营业网点缴纳"},
      {"notice.date", "2026年10月20日"},
      {"decision.date", "2026年11月28日"},
      {"today", "2026年11月28日"},
      {"doc.verify_url", "https://gjj.zhengzhou.example/verify/3f9a1c"},
  };
}

int Pages(const std::string& pdf) {
  int pages = 0;
  for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1)) {
    if (pdf.compare(at, 12, "/Type /Pages") != 0) ++pages;
  }
  return pages;
}

void RenderTemplate(benchmark::State& state, const char* code, Values values, int want_pages) {
  const sx::render::Template* t = sx::render::FindTemplate(code);
  values["doc.number"] = sx::render::DocumentNumber("郑公积金", *t, 2026, 3);
  auto doc = sx::render::FillTemplate(*t, values);
  if (!doc.ok()) {
    state.SkipWithError(doc.status().message().c_str());
    return;
  }
  std::size_t bytes = 0;
  int pages = 0;
  for (auto _ : state) {
    auto pdf = sx::render::RenderPdf(*doc);
    bytes = pdf->size();
    pages = Pages(*pdf);
    benchmark::DoNotOptimize(pdf);
  }
  if (pages != want_pages) state.SkipWithError("unexpected page count");
  state.counters["pages"] = pages;
  state.counters["kB"] = static_cast<double>(bytes) / 1000;
  state.SetItemsProcessed(state.iterations());
}

void BM_PenaltyDecision(benchmark::State& state) {
  Values v = CaseValues();
  v["evidence"] = "1. 营业执照复印件；2. 责令限期办理通知书及送达回证；3. 询问笔录。";
  v["violated"] = "《住房公积金管理条例》第十四条";
  v["statement_result"] = "你单位在法定期限内未提出陈述、申辩。";
  RenderTemplate(state, "penalty_decision", v, 1);
}
BENCHMARK(BM_PenaltyDecision)->Unit(benchmark::kMillisecond);

void BM_InquiryRecordFivePages(benchmark::State& state) {
  Values v = CaseValues();
  for (const char* key : {"place", "started_at", "ended_at", "inquirer", "recorder", "subject"}) {
    v[key] = "示例";
  }
  std::string qa;
  for (int i = 1; i <= 36; ++i) {
    qa += "问：请说明你单位第" + std::to_string(i) +
          "名职工的入职时间、岗位以及是否为其办理了住房公积金个人账户设立手续？\n答：该职工于"
          "2024年入职，从事销售工作，单位尚未为其办理住房公积金账户设立手续。\n";
  }
  v["qa"] = qa;
  RenderTemplate(state, "inquiry_record", v, 5);
}
BENCHMARK(BM_InquiryRecordFivePages)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
