#include "domain/documents.h"

namespace sx::domain {

const std::vector<DocumentKind>& DocumentKinds() {
  using R = Role;
  // 审批表 are signed by the handler and the unit head (承办人 / 承办机构负责人意见); letters going
  // out in the agency's name by whoever the law makes responsible for them.
  static const std::vector<DocumentKind> kinds = {
      {"filing_approval", "立案审批表", {R::kOfficer, R::kUnitHead}, true},
      {"inquiry_record", "询问笔录", {R::kOfficer}, false},
      {"inspection_record", "现场检查笔录", {R::kOfficer}, false},
      {"seizure_decision", "查封(扣押)决定书", {R::kLeader}, true},
      {"order_notice", "责令限期办理(缴存)通知书", {R::kUnitHead}, false},
      {"investigation_report", "案件调查终结报告", {R::kOfficer, R::kUnitHead}, true},
      {"penalty_notice", "行政处罚事先告知书", {R::kUnitHead}, true},
      {"hearing_notice", "听证告知书", {R::kUnitHead}, false},
      {"hearing_record", "听证笔录", {R::kOfficer}, true},
      {"statement_record", "陈述申辩笔录", {R::kOfficer}, true},
      {"legal_review_opinion", "法制审核意见书", {R::kLegalReviewer}, true},
      {"discussion_record", "重大复杂案件集体讨论笔录", {R::kLeader}, true},
      {"penalty_decision", "行政处罚决定书", {R::kLeader}, true},
      {"no_penalty_decision", "不予行政处罚决定书", {R::kLeader}, true},
      {"on_spot_decision", "当场行政处罚决定书", {R::kOfficer}, true},
      {"transfer_letter", "案件移送函", {R::kLeader}, true},
      {"service_receipt", "送达回证", {R::kOfficer}, true},
      {"reminder", "催告书", {R::kUnitHead}, true},
      {"enforcement_application", "强制执行申请书", {R::kLeader}, true},
      {"closing_approval", "结案审批表", {R::kOfficer, R::kUnitHead}, true},
      {"withdrawal_approval", "撤销立案审批表", {R::kUnitHead, R::kLeader}, true},
  };
  return kinds;
}

const DocumentKind* FindDocumentKind(std::string_view code) {
  for (const auto& k : DocumentKinds()) {
    if (k.code == code) return &k;
  }
  return nullptr;
}

}  // namespace sx::domain
