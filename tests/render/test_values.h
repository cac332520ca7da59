// Case data for rendering tests: a 第37条 case against a unit, as the services would supply it.
#pragma once

#include <string>

#include "domain/amount.h"
#include "render/templates.h"

namespace sx::render::testing {

inline Values CaseValues() {
  return {
      {"agency.name", "郑州住房公积金管理中心"},
      {"agency.address", "郑州市郑东新区商务外环路19号"},
      {"case.number", "郑公积金立〔2026〕12号"},
      {"case.cause", "未办理住房公积金缴存登记"},
      {"case.filed_on", "2026年9月1日"},
      {"party.name", "河南示例商贸有限公司"},
      {"party.kind", "单位"},
      {"party.id_number", "91410100MA00000000"},
      {"party.representative", "王某某"},
      {"party.address", "郑州市金水区示例路88号"},
      {"party.phone", "0371-60000000"},
      {"power.name", "对单位逾期不办理住房公积金缴存登记的行政处罚"},
      {"power.basis", "《住房公积金管理条例》第三十七条"},
      {"power.category", "行政处罚"},
      {"facts",
       "你单位成立于2021年3月，至今未办理住房公积金缴存登记。本中心于2026年7月1日责令你单位于"
       "2026年8月1日前办理，你单位逾期仍未办理。"},
      {"officers", "张伟（执法证号 ZZGJJ-2023-001）、陈静（执法证号 ZZGJJ-2023-005）"},
      {"fine.amount", "30000"},
      {"fine.amount_cn", *domain::ChineseAmount(30'000)},
      {"fine.tier", "你单位成立已满五年，适用裁量基准第三档（三万元以上五万元以下）"},
      {"outcome", "罚款"},
      {"deadline.text", "自收到本决定书之日起十五日内"},
      {"remedy.text",
       "如不服本决定，可在收到本决定书之日起六十日内向郑州市人民政府申请行政复议，或者在六个月内"
       "向郑州铁路运输法院提起行政诉讼。"},
      {"payment.text", "持本决定书到中国建设银行郑州分行各营业网点缴纳，或者通过非税收入电子缴款"},
      {"hearing.text", ""},
      {"notice.date", "2026年10月20日"},
      {"decision.date", "2026年11月28日"},
      {"today", "2026年11月28日"},
  };
}

// Case data plus an example for every input of `t` ("<label>示例").
inline Values FullValues(const Template& t) {
  Values v = CaseValues();
  for (const TemplateInput& input : t.inputs) v[input.key] = input.label + "示例";
  return v;
}

inline PdfDocument PenaltyDecision() {
  const Template* t = FindTemplate("penalty_decision");
  Values v = FullValues(*t);
  v["evidence"] = "1. 营业执照复印件；\n2. 责令限期办理通知书及送达回证；\n3. 询问笔录。";
  v["violated"] = "《住房公积金管理条例》第十四条";
  v["statement_result"] = "你单位在法定期限内未提出陈述、申辩。";
  v["doc.number"] = "郑公积金罚决〔2026〕3号";
  v["doc.verify_url"] = "https://gjj.zhengzhou.example/verify/3f9a1c";
  return *FillTemplate(*t, v);
}

}  // namespace sx::render::testing
