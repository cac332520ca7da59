// For service tests that need a case past its legal review: the review as ReviewService takes it
// (docs/review.md) — an issued 询问笔录 for the evidence list (unless there is one), the submission
// with its materials, the assigned reviewer's 同意 on all eight items.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "render/templates.h"
#include "services/case_service.h"
#include "services/review_service.h"

namespace sx::services {

inline Result<CaseView> PassReview(store::Database& db, CaseService& cases, std::int64_t id,
                                   const Principal& officer, const Principal& reviewer) {
  constexpr std::string_view kOrigin = "https://zfgs.example.gov.cn";
  auto v = cases.Get(id);
  if (!v.ok()) return v.status();
  bool recorded = false;
  for (const auto& d : v->documents) {
    recorded = recorded || (d.row.type == "inquiry_record" && d.row.status == "issued");
  }
  if (!recorded) {
    std::map<std::string, std::string, std::less<>> inputs;
    for (const auto& i : render::FindTemplate("inquiry_record")->inputs) {
      if (i.required) inputs[i.key] = i.label + "(测试)";
    }
    auto record = cases.Draft(id, "inquiry_record", inputs, officer);
    if (!record.ok()) return record.status();
    if (auto s = cases.SignOff(record->row.id, domain::Role::kOfficer, officer); !s.ok()) {
      return s.status();
    }
    if (auto s = cases.Issue(record->row.id, officer, kOrigin); !s.ok()) return s.status();
    v = cases.Get(id);
    if (!v.ok()) return v.status();
  }
  ReviewService review(db, cases.clock(), cases, nullptr);
  SubmitReview submit;
  submit.version = v->row.version;
  submit.vouched = true;
  submit.tier_reasoning = "档次依调查认定的情节确定";
  auto submitted = review.Submit(id, submit, officer, kOrigin);
  if (!submitted.ok()) return submitted.status();
  domain::ReviewForm form;
  for (int i = 0; i < domain::kReviewItemCount; ++i) {
    form.findings.push_back({static_cast<domain::ReviewItem>(i), true, ""});
  }
  form.summary = "同意。";
  auto opinion = review.Opinion(submitted->at("id").as_int64(), form, reviewer, kOrigin);
  if (!opinion.ok()) return opinion.status();
  return cases.Get(id);
}

}  // namespace sx::services
