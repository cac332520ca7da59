// Demo cases of 郑州住房公积金管理中心 in several stages, taken through the real workflow (so every
// step, document and deadline is what a user would have produced).
#include <fmt/format.h>

#include <map>

#include "services/case_service.h"
#include "services/demo.h"
#include "services/review_service.h"
#include "store/agency_repository.h"
#include "store/officer_repository.h"
#include "store/user_repository.h"

namespace sx::services {

namespace {

using domain::CaseAction;

constexpr std::string_view kOrigin = "http://127.0.0.1:8080";

struct Demo {
  CaseService& cases;
  ReviewService& review;
  std::map<std::string, Principal, std::less<>> who;
  std::map<std::string, std::int64_t, std::less<>> officers;  // by name
  std::int64_t art37 = 0, art38 = 0;

  Result<std::int64_t> Sign(std::int64_t case_id, std::string_view type,
                            std::map<std::string, std::string, std::less<>> inputs) {
    auto d = cases.Draft(case_id, type, inputs, who.at("demo.officer"));
    if (!d.ok()) return d.status();
    for (auto role : d->kind->sign) {
      const char* user = role == domain::Role::kOfficer         ? "demo.officer"
                         : role == domain::Role::kUnitHead      ? "demo.unithead"
                         : role == domain::Role::kLegalReviewer ? "demo.reviewer"
                                                                : "demo.leader";
      auto s = cases.SignOff(d->row.id, role, who.at(user));
      if (!s.ok()) return s.status();
    }
    return d->row.id;
  }

  Result<CaseView> Step(const CaseView& v, CaseAction a, std::string_view user,
                        std::optional<std::int64_t> doc, StepRequest extra = {}) {
    extra.version = v.row.version;
    extra.action = a;
    extra.document_id = doc;
    return cases.Step(v.row.id, extra, who.find(user)->second, kOrigin);
  }

  // Files `c` and takes it through the investigation (proposing `fine`), legal review and the
  // prior notice, with the documents each step issues.
  Result<CaseView> ToNotice(const CaseView& c, std::int64_t fine, std::string_view evidence,
                            std::string_view analysis, std::string_view violated);
};

using Inputs = std::map<std::string, std::string, std::less<>>;

Inputs Filing() {
  return {
      {"source", "日常监督检查"},
      {"summary", "经核查,当事人未依法办理住房公积金缴存登记或为职工设立住房公积金账户。"},
      {"handler_opinion", "当事人涉嫌违反《住房公积金管理条例》第十四条、第十五条,建议立案调查。"},
      {"dept_opinion", "同意立案。"}};
}

Result<CaseView> Demo::ToNotice(const CaseView& c, std::int64_t fine, std::string_view evidence,
                                std::string_view analysis, std::string_view violated) {
  auto doc = Sign(c.row.id, "filing_approval", Filing());
  if (!doc.ok()) return doc.status();
  auto v = Step(c, CaseAction::kFile, "demo.officer", *doc);
  if (!v.ok()) return v.status();
  // The 询问笔录 of the party's representative: evidence for the review's materials.
  doc = Sign(v->row.id, "inquiry_record",
             {{"started_at", "2026年11月10日9时00分"},
              {"ended_at", "2026年11月10日9时40分"},
              {"place", "郑州住房公积金管理中心询问室"},
              {"inquirer", "张伟、陈静"},
              {"recorder", "陈静"},
              {"subject", "当事人委托代理人"},
              {"qa", "问:你单位是否为职工办理了住房公积金缴存登记?\n答:尚未办理。"}});
  if (!doc.ok()) return doc.status();
  if (auto issued = cases.Issue(*doc, who.at("demo.officer"), kOrigin); !issued.ok()) {
    return issued.status();
  }
  v = cases.Get(v->row.id);
  if (!v.ok()) return v.status();
  doc = Sign(v->row.id, "investigation_report",
             {{"evidence", std::string(evidence)},
              {"analysis", std::string(analysis)},
              {"proposal", fmt::format("建议罚款人民币 {} 元。", fine)}});
  if (!doc.ok()) return doc.status();
  StepRequest proposal;
  proposal.outcome = domain::Outcome::kPenalty;
  proposal.fine = fine;
  proposal.no_recording_reason =
      "调查以调取缴存登记资料、书面询问方式在本中心进行,未开展现场执法,未录音录像";
  v = Step(*v, CaseAction::kFinishInvestigation, "demo.officer", *doc, proposal);
  if (!v.ok()) return v.status();
  // 法制审核 through the review records (docs/review.md): submitted with its materials, assigned
  // to the qualified reviewer, every item found 符合, 同意.
  SubmitReview submit;
  submit.version = v->row.version;
  submit.vouched = true;
  submit.tier_reasoning =
      "按《住房公积金管理条例》第三十七条裁量基准,依未办理缴存登记的年限确定档次";
  auto submitted = review.Submit(v->row.id, submit, who.at("demo.officer"), kOrigin);
  if (!submitted.ok()) return submitted.status();
  domain::ReviewForm form;
  for (int i = 0; i < domain::kReviewItemCount; ++i) {
    form.findings.push_back({static_cast<domain::ReviewItem>(i), true, ""});
  }
  form.opinion = domain::ReviewOpinion::kApprove;
  form.summary = "事实清楚,证据充分,程序合法,适用法律正确,裁量适当,同意作出行政处罚。";
  auto opinion =
      review.Opinion(submitted->at("id").as_int64(), form, who.at("demo.reviewer"), kOrigin);
  if (!opinion.ok()) return opinion.status();
  v = cases.Get(v->row.id);
  if (!v.ok()) return v.status();
  doc = Sign(v->row.id, "penalty_notice",
             {{"evidence", std::string(evidence)},
              {"violated", std::string(violated)},
              {"statement_days", "三"},
              {"contact", "郑州住房公积金管理中心监察执法处,电话 0371-6555 0000"}});
  if (!doc.ok()) return doc.status();
  return Step(*v, CaseAction::kNotify, "demo.officer", *doc);
}

}  // namespace

Status LoadDemoCases(store::Database& db, CaseService& cases) {
  ReviewService review(db, cases.clock(), cases, nullptr);
  Demo d{cases, review, {}, {}, 0, 0};
  SX_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    auto agency = store::MakeAgencyRepository()->GetByCode(tx, "zzgjj");
    if (!agency.ok()) return agency.status();
    auto users = store::MakeUserRepository();
    for (const char* name : {"demo.officer", "demo.unithead", "demo.reviewer", "demo.leader"}) {
      auto u = users->FindByUsername(tx, name);
      if (!u.ok()) return u.status();
      Principal p;
      p.user_id = u->id;
      p.agency_id = u->agency_id;
      p.username = u->username;
      p.display_name = u->display_name;
      p.roles = u->roles;
      p.department_id = u->department_id;
      d.who[name] = p;
    }
    auto officers = store::MakeOfficerRepository()->ListByAgency(tx, agency->id);
    if (!officers.ok()) return officers.status();
    for (const auto& o : *officers) d.officers[o.name] = o.id;
    return Status::Ok();
  }));
  auto items = cases.PowerItems(d.who.at("demo.officer").agency_id);
  if (!items.ok()) return items.status();
  for (const auto& p : *items) {
    if (p.code == "GJJ-CF-037") d.art37 = p.id;
    if (p.code == "GJJ-QZ-038") d.art38 = p.id;
  }
  const auto& officer = d.who.at("demo.officer");
  auto input = [&](std::string party, std::string uscc, std::string cause, bool unregistered,
                   int years, int missing, std::int64_t item) {
    CaseInput in;
    in.power_item_id = item;
    in.cause = std::move(cause);
    in.source = "监督检查";
    in.area = "郑州市金水区";
    in.party = {domain::PartyKind::kOrganisation, std::move(party), std::move(uscc), "李明",
                "郑州市金水区花园路 88 号",       "0371-6555 0101"};
    in.facts = unregistered ? fmt::format(
                                  "当事人成立 {} 年,至今未办理住房公积金缴存登记;经责令限期"
                                  "办理,逾期仍未办理。",
                                  years)
                            : fmt::format(
                                  "当事人未为 {} 名职工办理住房公积金账户设立手续;经责令"
                                  "限期办理,逾期仍未办理。",
                                  missing);
    in.art37 = {unregistered, years, missing, false};
    in.officer_ids = {d.officers.at("张伟"), d.officers.at("陈静")};
    return in;
  };

  // 1. A lead, not yet filed.
  auto lead = cases.Create(input("郑州云帆科技有限公司", "91410105MA9XK3AB1C",
                                 "涉嫌未办理住房公积金缴存登记", true, 1, 0, d.art37),
                           officer);
  if (!lead.ok()) return lead.status();

  // 2. Filed, under investigation, with an inquiry record issued.
  auto inv = cases.Create(input("河南中原建工集团有限公司", "91410100MA45T2CD3E",
                                "涉嫌未为职工设立住房公积金账户", false, 0, 230, d.art37),
                          officer);
  if (!inv.ok()) return inv.status();
  auto doc = d.Sign(inv->row.id, "filing_approval", Filing());
  if (!doc.ok()) return doc.status();
  auto filed = d.Step(*inv, CaseAction::kFile, "demo.officer", *doc);
  if (!filed.ok()) return filed.status();

  // 3. Through legal review to 事先告知, 30,000 yuan (tier 1–3万).
  auto notice = cases.Create(input("郑州绿城物业服务有限公司", "91410103MA46U7EF5G",
                                   "未办理住房公积金缴存登记,逾期不办理", true, 3, 0, d.art37),
                             officer);
  if (!notice.ok()) return notice.status();
  auto v = d.ToNotice(*notice, 20'000, "营业执照复印件、责令限期办理通知书及送达回证、询问笔录",
                      "当事人成立 3 年未办理缴存登记,经责令逾期仍未办理,事实清楚。",
                      "《住房公积金管理条例》第十四条");
  if (!v.ok()) return v.status();

  // 5. A case decided, served, paid, closed and archived: 10,000 yuan for 56 accounts not opened
  //    (tier < 100), so its case file can be exported and checked (sanxiang archive export).
  auto done =
      cases.Create(input("郑州恒信商贸有限公司", "91410104MA48X9JK2L",
                         "未为职工办理住房公积金账户设立手续,逾期不办理", false, 0, 56, d.art37),
                   officer);
  if (!done.ok()) return done.status();
  v = d.ToNotice(*done, 10'000, "职工花名册、责令限期办理通知书及送达回证、询问笔录",
                 "当事人未为 56 名职工设立住房公积金账户,经责令逾期仍未办理,事实清楚。",
                 "《住房公积金管理条例》第十五条");
  if (!v.ok()) return v.status();
  doc = d.Sign(v->row.id, "penalty_decision",
               {{"evidence", "职工花名册、责令限期办理通知书及送达回证、询问笔录"},
                {"violated", "《住房公积金管理条例》第十五条"},
                {"statement_result", "当事人在规定期限内未提出陈述、申辩。"}});
  if (!doc.ok()) return doc.status();
  v = d.Step(*v, CaseAction::kDecide, "demo.leader", *doc);
  if (!v.ok()) return v.status();
  doc = d.Sign(v->row.id, "service_receipt",
               {{"served_document", "行政处罚决定书"},
                {"recipient", "李明(法定代表人)"},
                {"place", "郑州市金水区花园路 88 号"},
                {"method", "直接送达"},
                {"served_at", "决定作出当日"},
                {"server", "张伟、陈静"}});
  if (!doc.ok()) return doc.status();
  StepRequest direct;
  direct.service_method = domain::ServiceMethod::kDirect;
  v = d.Step(*v, CaseAction::kServe, "demo.officer", *doc, direct);
  if (!v.ok()) return v.status();
  v = d.Step(*v, CaseAction::kPay, "demo.officer", std::nullopt);
  if (!v.ok()) return v.status();
  doc = d.Sign(v->row.id, "closing_approval",
               {{"execution", "当事人已按期缴纳罚款 10000 元,并为全部职工设立住房公积金账户。"},
                {"closing_reason", "行政处罚决定已执行完毕。"},
                {"handler_opinion", "建议结案。"},
                {"dept_opinion", "同意结案。"}});
  if (!doc.ok()) return doc.status();
  v = d.Step(*v, CaseAction::kClose, "demo.officer", *doc);
  if (!v.ok()) return v.status();
  v = d.Step(*v, CaseAction::kArchive, "demo.unithead", std::nullopt);
  if (!v.ok()) return v.status();

  // 4. A 第38条 case (late deposits): filed and under investigation.
  auto a38 = cases.Create(input("郑州东方餐饮管理有限公司", "91410102MA47W8GH7J",
                                "逾期未缴存住房公积金", false, 0, 0, d.art38),
                          officer);
  if (!a38.ok()) return a38.status();
  doc = d.Sign(a38->row.id, "filing_approval", Filing());
  if (!doc.ok()) return doc.status();
  auto f38 = d.Step(*a38, CaseAction::kFile, "demo.officer", *doc);
  if (!f38.ok()) return f38.status();
  return Status::Ok();
}

}  // namespace sx::services
